import type { Command } from 'commander';
import { migrateToLatest, type Database } from '@pond/db';
import { AppError, CalendarDateSchema, errorMessage, negotiateLocale } from '@pond/domain';
import { actorFor, createServices, loadConfig, openDatabase, systemClock, type Actor, type Clock, type Config, type Services } from '@pond/server';

export interface CliContext {
  config: Config;
  database: Database;
  services: Services;
}

/** Opens the configured database (migrated) and wires the same services the HTTP API uses. */
export async function openContext(clock: Clock = systemClock): Promise<CliContext> {
  const config = loadConfig();
  const database = openDatabase(config);
  await migrateToLatest(database);
  return { config, database, services: createServices({ database, config, clock }) };
}

/** Runs a command body with an open context, always closing the database, and prints errors in the user's language. */
export async function run(body: (ctx: CliContext) => Promise<void>, clock?: Clock): Promise<void> {
  let ctx: CliContext | undefined;
  try {
    ctx = await openContext(clock);
    await body(ctx);
  } catch (err) {
    const locale = negotiateLocale(process.env.LC_ALL ?? process.env.LANG?.replace(/_/g, '-').replace(/\..*$/, ''));
    if (err instanceof AppError) {
      console.error(`${err.code}: ${errorMessage(err.code, locale)}`);
      if (err.details) console.error(JSON.stringify(err.details, null, 2));
    } else console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  } finally {
    await ctx?.database.close();
  }
}

/**
 * The user a command acts as: a personal API token (--token or POND_TOKEN) or a named user (--as).
 * Either way the command goes through that user's permissions, exactly as the API would.
 */
export async function actingUser(ctx: CliContext, options: { as?: string; token?: string }): Promise<Actor> {
  const token = options.token ?? process.env.POND_TOKEN;
  if (token) {
    const actor = await ctx.services.auth.checkApiToken(token);
    if (!actor) throw new AppError('UNAUTHENTICATED');
    return { ...actor, via: 'cli' };
  }
  if (!options.as) throw new Error('Say who you act as: --as <email> or --token <personal API token> (or POND_TOKEN).');
  const user = await ctx.services.users.findByEmail(options.as);
  if (!user || !user.active) throw new AppError('NOT_FOUND');
  return actorFor(user, 'cli');
}

/** Reads a secret from standard input (for --password-stdin), without a trailing newline. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Who a command acts as: a user by e-mail (their permissions apply) or a personal API token; `--json` prints JSON. */
export interface Who {
  as?: string;
  token?: string;
  json?: boolean;
}

export const withWho = (cmd: Command) =>
  cmd.option('--as <email>', 'act as this user (their permissions apply)').option('--token <token>', 'act with a personal API token (or POND_TOKEN)').option('--json', 'print JSON');

/** A day option (YYYY-MM-DD), refused with the flag's name when it is not a real day. */
export function dateOption(v: string | undefined, flag: string): string | undefined {
  if (v === undefined) return undefined;
  const parsed = CalendarDateSchema.safeParse(v);
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', { details: [{ path: [flag], message: 'a date as YYYY-MM-DD' }] });
  return parsed.data;
}
