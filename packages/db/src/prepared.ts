import { isDeepStrictEqual } from 'node:util';
import type { Compilable, CompiledQuery, QueryResult } from 'kysely';
import type { Executor } from './transaction.js';

/**
 * Stands in for one argument while a query is compiled; at each run it is replaced by that argument's
 * value, read from the arguments of the run.
 */
class Slot {
  constructor(readonly read: (args: unknown) => unknown) {}
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;

/** A mirror of `value` whose every leaf is a slot reading the same place in later arguments. */
function slotsFor(value: unknown, read: (args: unknown) => unknown): unknown {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value.map((_, i) => slotsFor(value[i], (a) => (read(a) as unknown[])[i]));
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.keys(value).map((k) => [k, slotsFor(value[k], (a) => (read(a) as Record<string, unknown>)[k])]));
  }
  return new Slot(read);
}

/** The structure of the arguments: list lengths, which fields are present or null. Values are left out. */
function structureOf(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(structureOf).join(',')}]`;
  if (value === null) return 'n';
  if (value === undefined) return 'u';
  if (isPlainObject(value)) {
    return `{${Object.keys(value)
      .map((k) => `${k}:${structureOf(value[k])}`)
      .join(',')}}`;
  }
  return 'v';
}

/** Shapes kept per query and engine; a query whose lists vary in length has one shape per length. */
const SHAPES_PER_QUERY = 256;

/**
 * SQL texts of prepared queries, each with a statement name. PostgreSQL connections (see create-db.ts) send
 * these as named statements: parsed once per connection, and planned once the server finds a generic plan
 * as good as the custom ones. Bounded, so a stream of new shapes cannot fill the server's memory; past the
 * bound new texts are simply not named.
 */
const statementNames = new Map<string, string>();
const MAX_NAMED_STATEMENTS = 2048;

function nameStatement(sql: string): void {
  if (statementNames.size < MAX_NAMED_STATEMENTS && !statementNames.has(sql)) statementNames.set(sql, `pond_${statementNames.size + 1}`);
}

/** The statement name of a prepared query's SQL text, if it has one. */
export function statementName(sql: string): string | undefined {
  return statementNames.get(sql);
}

// Tests compile every run afresh as well and compare, so a builder that branches on a value without
// saying so in its shape fails the suite instead of reusing the wrong SQL.
const CHECK = process.env.VITEST !== undefined || process.env.POND_CHECK_PREPARED === '1';

export interface PreparedQuery<A, R> {
  /** The SQL and parameters a run with these arguments sends. */
  compile(db: Executor, args: A): CompiledQuery<R>;
  execute(db: Executor, args: A): Promise<QueryResult<R>>;
  all(db: Executor, args: A): Promise<R[]>;
  first(db: Executor, args: A): Promise<R | undefined>;
}

/**
 * A query built and compiled once per engine and argument shape, then run with new values. Building a
 * Kysely query (immutable nodes, parsing of references) and compiling it cost more than running most of
 * Pond's indexed lookups; the hot paths skip both.
 *
 * `build` receives the placeholders `p` to put into the query, and the real `args` to decide its
 * structure from. Everything the structure depends on beyond list lengths and absent or null fields
 * (which are taken into account by themselves) must be returned by `shape`.
 */
export function prepared<A extends object, R>(
  build: (db: Executor, p: A, args: A) => Compilable<R>,
  shape: (args: A) => string = () => '',
): PreparedQuery<A, R> {
  const compiled = new WeakMap<object, Map<string, CompiledQuery<R>>>();

  const compile = (db: Executor, args: A): CompiledQuery<R> => {
    const engine = db.getExecutor().adapter;
    let byShape = compiled.get(engine);
    if (!byShape) compiled.set(engine, (byShape = new Map()));
    const key = `${shape(args)}|${structureOf(args)}`;
    let query = byShape.get(key);
    if (!query) {
      query = build(db, slotsFor(args, (a) => a) as A, args).compile();
      if (byShape.size >= SHAPES_PER_QUERY) byShape.delete(byShape.keys().next().value!);
      byShape.set(key, query);
      nameStatement(query.sql);
    }
    const parameters = query.parameters.map((v) => (v instanceof Slot ? v.read(args) : v));
    if (CHECK) {
      const fresh = build(db, args, args).compile();
      if (fresh.sql !== query.sql || !isDeepStrictEqual(fresh.parameters, parameters)) {
        throw new Error(`prepared query reused for a different shape:\n${query.sql}\n${fresh.sql}\n(give build's branches to its shape function)`);
      }
    }
    return { ...query, parameters };
  };

  return {
    compile,
    execute: (db, args) => db.executeQuery(compile(db, args)),
    all: async (db, args) => (await db.executeQuery(compile(db, args))).rows,
    first: async (db, args) => (await db.executeQuery(compile(db, args))).rows[0],
  };
}
