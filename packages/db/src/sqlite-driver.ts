import type SQLite from 'better-sqlite3';
import {
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from 'kysely';

/**
 * Pond's SQLite dialect for Kysely: better-sqlite3 on one connection, with prepared statements kept per
 * SQL text and **group commit**.
 *
 * With synchronous=FULL every COMMIT waits for the disk (an fsync of the write-ahead log), and
 * better-sqlite3 waits on the main thread. Writes arriving together therefore share one: a transaction
 * runs as a savepoint inside an open batch transaction, and when its work is done the savepoint is
 * released and the connection handed to the next caller, but its promise settles only when the batch
 * commits. The batch commits as soon as the callers already waiting have had their turn (one event-loop
 * turn later), or when it holds MAX_BATCH transactions. So no caller hears that its write succeeded
 * before that write is on disk; if the COMMIT fails, every transaction in the batch fails.
 *
 * A transaction that fails is rolled back to its savepoint alone; the others in the batch are untouched.
 * A plain write outside a transaction first commits the open batch, then runs on its own (autocommit),
 * so it is durable when it answers too. A plain read may see a transaction of the open batch whose
 * caller is still waiting for the disk; any write that depends on it commits with it or after it.
 */
export function pondSqliteDialect(handle: SQLite.Database): Dialect {
  return {
    createAdapter: () => new MultiCallerAdapter(),
    createDriver: () => new GroupCommitDriver(handle),
    createQueryCompiler: () => new SqliteQueryCompiler(),
    createIntrospector: (db) => new SqliteIntrospector(db),
  };
}

/**
 * Kysely serialises callers of a single-connection dialect itself and holds the lock until a transaction
 * has committed. The driver below keeps its own lock so that it can hand the connection on earlier.
 */
class MultiCallerAdapter extends SqliteAdapter {
  override get supportsMultipleConnections(): boolean {
    return true;
  }
}

/** Transactions per batch at most, so one commit never waits on an unbounded amount of work. */
const MAX_BATCH = 256;

/** How many distinct statements stay prepared; Pond issues a few hundred shapes of SQL at most. */
const STATEMENT_CACHE_SIZE = 1_000;

const SAVEPOINT = 'pond_tx';

/** A first-come, first-served lock. */
class Lock {
  private held = false;
  private readonly waiting: Array<() => void> = [];

  acquire(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held = false;
  }
}

interface Batch {
  /** Transactions whose work is done, waiting for the batch's COMMIT. */
  readonly done: Array<{ resolve: () => void; reject: (err: unknown) => void }>;
}

/** One caller's hold on the connection, from acquireConnection to releaseConnection. */
class Hold implements DatabaseConnection {
  released = false;

  constructor(private readonly driver: GroupCommitDriver) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return Promise.resolve(this.driver.run<R>(query));
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Pond does not stream query results');
  }
}

type Runner = Pick<SQLite.Statement, 'reader' | 'readonly' | 'all' | 'run'>;

/** better-sqlite3 refuses to bind booleans; SQLite has none, so they travel as 1 and 0. */
function bindable(params: readonly unknown[]): unknown[] {
  for (let i = 0; i < params.length; i++) {
    if (typeof params[i] === 'boolean') return params.map((v) => (typeof v === 'boolean' ? Number(v) : v));
  }
  return params as unknown[];
}

class GroupCommitDriver implements Driver {
  private readonly lock = new Lock();
  private readonly statements = new Map<string, Runner>();
  private batch: Batch | null = null;
  /** A transaction is between its savepoint and its release or rollback. */
  private inTransaction = false;
  private flushScheduled = false;
  private closed = false;

  constructor(private readonly handle: SQLite.Database) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.lock.acquire();
    if (this.closed) {
      this.lock.release();
      throw new Error('the database is closed');
    }
    return new Hold(this);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const hold = connection as Hold;
    if (hold.released) return;
    hold.released = true;
    this.lock.release();
  }

  async beginTransaction(): Promise<void> {
    if (this.batch && this.batch.done.length >= MAX_BATCH) this.commitBatch();
    if (!this.batch) {
      // The write lock is taken when the batch begins. A deferred transaction reads first and upgrades
      // later; if another process (the CLI, a backup script) wrote in between, the upgrade fails with
      // SQLITE_BUSY_SNAPSHOT and busy_timeout cannot help. Begun immediately, it waits its turn instead.
      this.exec('begin immediate');
      this.batch = { done: [] };
    }
    this.exec(`savepoint ${SAVEPOINT}`);
    this.inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    this.exec(`release ${SAVEPOINT}`);
    this.inTransaction = false;
    const batch = this.batch!;
    const durable = new Promise<void>((resolve, reject) => batch.done.push({ resolve, reject }));
    // Hand the connection on now; Kysely's own release later finds it released.
    await this.releaseConnection(connection);
    this.scheduleCommit();
    return durable;
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    // Kysely rolls back when the awaited commit fails; by then the connection was handed on and the batch
    // that failed is gone, so there is nothing of this caller's left to undo.
    if ((connection as Hold).released) return;
    this.inTransaction = false;
    if (!this.handle.inTransaction) {
      // SQLite rolled back the whole batch itself (a full disk, an I/O error): everyone in it fails.
      this.failBatch(new Error('SQLite rolled back the transaction batch'));
      return;
    }
    this.exec(`rollback to ${SAVEPOINT}`);
    this.exec(`release ${SAVEPOINT}`);
    if (this.batch && this.batch.done.length === 0) {
      this.exec('rollback');
      this.batch = null;
    }
  }

  async destroy(): Promise<void> {
    await this.lock.acquire();
    try {
      if (this.batch) this.commitBatch();
    } finally {
      this.closed = true;
      this.handle.close();
      this.lock.release();
    }
  }

  /** Runs one statement for the caller holding the connection. */
  run<R>(query: CompiledQuery): QueryResult<R> {
    const stmt = this.prepare(query.sql);
    const params = bindable(query.parameters);
    // A write outside any transaction answers as durable: the batch it would otherwise join commits first.
    if (!this.inTransaction && this.batch && !stmt.readonly) this.commitBatch();
    if (stmt.reader) return { rows: stmt.all(params) as R[] };
    const { changes, lastInsertRowid } = stmt.run(params);
    return { insertId: BigInt(lastInsertRowid), numAffectedRows: BigInt(changes), rows: [] };
  }

  private prepare(text: string): Runner {
    let stmt = this.statements.get(text);
    if (!stmt) {
      stmt = this.handle.prepare(text);
      if (this.statements.size >= STATEMENT_CACHE_SIZE) this.statements.delete(this.statements.keys().next().value!);
      this.statements.set(text, stmt);
    }
    return stmt;
  }

  private exec(text: string): void {
    this.prepare(text).run();
  }

  /** Commits once the callers already queued for the connection have had their turn. */
  private scheduleCommit(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      void this.lock.acquire().then(() => {
        this.flushScheduled = false;
        if (this.closed) return this.lock.release();
        try {
          if (this.batch) this.commitBatch();
        } finally {
          this.lock.release();
        }
      });
    });
  }

  private commitBatch(): void {
    const batch = this.batch!;
    this.batch = null;
    try {
      this.exec('commit');
    } catch (err) {
      if (this.handle.inTransaction) this.exec('rollback');
      for (const t of batch.done) t.reject(err);
      return;
    }
    for (const t of batch.done) t.resolve();
  }

  private failBatch(err: Error): void {
    const batch = this.batch;
    this.batch = null;
    for (const t of batch?.done ?? []) t.reject(err);
  }
}
