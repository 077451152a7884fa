import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { migrateToLatest } from '@pond/db';
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
    .action((o: { out?: string }) =>
      run(async ({ config, database }) => {
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
      }),
    );
}
