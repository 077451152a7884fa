import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { migrateToLatest, migrations } from '@pond/db';
import { loadConfig, openDatabase, serve } from '@pond/server';
import type { Command } from 'commander';
import { run } from '../context.js';

/**
 * An online, consistent copy of the SQLite database. VACUUM INTO reads inside one transaction,
 * so writers may go on meanwhile; the copy is then checked with integrity_check before it is reported.
 */
export function backupSqlite(handle: SQLite.Database, target: string): { bytes: number; integrity: string } {
  mkdirSync(dirname(target), { recursive: true });
  handle.prepare('VACUUM INTO ?').run(target);
  const copy = new SQLite(target, { readonly: true });
  try {
    const integrity = String(copy.pragma('integrity_check', { simple: true }));
    const pages = Number(copy.pragma('page_count', { simple: true })) * Number(copy.pragma('page_size', { simple: true }));
    return { bytes: pages, integrity };
  } finally {
    copy.close();
  }
}

export interface BackupCheck {
  integrity: string;
  foreignKeyProblems: number;
  /** Migrations this version of Pond has that the copy lacks (it is from an older Pond: start it to upgrade). */
  missingMigrations: string[];
  counts: { users: number; prospects: number; touches: number };
  /** Prospects whose stored touch count differs from their touches. */
  countMismatches: number;
}

/**
 * The restore drill for a copy: opened read-only as a restore would use it, it must pass integrity_check and
 * foreign_key_check, and every prospect's touch count must equal its touches.
 */
export function verifySqliteBackup(file: string): BackupCheck {
  const copy = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = String(copy.pragma('integrity_check', { simple: true }));
    const foreignKeyProblems = (copy.pragma('foreign_key_check') as unknown[]).length;
    const applied = new Set((copy.prepare('select name from kysely_migration').all() as { name: string }[]).map((r) => r.name));
    const count = (table: string) => (copy.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    const countMismatches = (
      copy.prepare('select count(*) as n from prospects p where p.touch_count <> (select count(*) from touches t where t.prospect_id = p.id)').get() as { n: number }
    ).n;
    return {
      integrity,
      foreignKeyProblems,
      missingMigrations: Object.keys(migrations).filter((m) => !applied.has(m)),
      counts: { users: count('users'), prospects: count('prospects'), touches: count('touches') },
      countMismatches,
    };
  } finally {
    copy.close();
  }
}

export function operationCommands(program: Command): void {
  program
    .command('serve')
    .description('start the web server (migrates first)')
    .action(async () => {
      await serve();
    });

  program
    .command('migrate')
    .description('bring the database schema up to date')
    .action(async () => {
      const database = openDatabase(loadConfig());
      try {
        const applied = await migrateToLatest(database);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The schema is up to date.');
      } finally {
        await database.close();
      }
    });

  program
    .command('backup')
    .description('write a consistent copy of the embedded database (SQLite); for PostgreSQL print the pg_dump recipe')
    .option('--out <file>', 'where to write the copy (default: <data dir>/backups/pond-<time>.db)')
    .option('--verify <file>', 'instead of writing a copy, check one as a restore would use it (SQLite)')
    .action(async (o: { out?: string; verify?: string }) => {
      if (o.verify) {
        const check = verifySqliteBackup(resolve(o.verify));
        console.log(JSON.stringify(check, null, 2));
        if (check.integrity !== 'ok' || check.foreignKeyProblems > 0 || check.countMismatches > 0) {
          console.error('The copy failed its check: do not restore it.');
          process.exitCode = 1;
        } else {
          console.log(check.missingMigrations.length ? 'The copy is sound; it is from an older Pond, which upgrades it when it starts.' : 'The copy is sound and can be restored.');
        }
        return;
      }
      await run(async ({ config, database }) => {
        if (!database.sqlite) {
          const url = new URL(config.databaseUrl!);
          url.password = url.password ? '***' : '';
          console.log(
            [
              'Pond is on PostgreSQL: back it up with pg_dump, which takes a consistent snapshot while Pond runs:',
              '',
              `  pg_dump --format=custom --no-owner --file=pond-$(date +%Y%m%d-%H%M%S).dump "${url.toString()}"`,
              '',
              'Restore into an empty database with:',
              '',
              '  pg_restore --no-owner --dbname="postgres://…/pond_restored" pond-YYYYMMDD-HHMMSS.dump',
            ].join('\n'),
          );
          return;
        }
        const stamp = new Date().toISOString().replace(/[:.]/g, '-');
        const target = resolve(o.out ?? `${config.dataDir}/backups/pond-${stamp}.db`);
        const { bytes, integrity } = backupSqlite(database.sqlite, target);
        if (integrity !== 'ok') throw new Error(`The copy failed its integrity check: ${integrity}`);
        console.log(`Backup written to ${target} (${(bytes / 1024 / 1024).toFixed(1)} MiB, integrity_check: ok).`);
      });
    });
}
