import { resolve } from 'node:path';
import { TimeZone } from '@pond/domain';
import { z } from 'zod';
import { parseSecretKey } from './secret-box.js';

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  POND_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql:// (leave it unset for the embedded SQLite database)')
    .optional(),
  POND_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  POND_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  POND_SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(60 * 24 * 30).default(8 * 60),
  POND_SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(7 * 24),
  POND_SETUP_TOKEN_MINUTES: z.coerce.number().int().min(5).max(60 * 24 * 7).default(24 * 60),
  POND_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(1024 * 1024),
  POND_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  POND_DEFAULT_TIME_ZONE: TimeZone.default('UTC'),
  POND_DEFAULT_PHONE_REGION: z.string().regex(/^[A-Z]{2}$/, 'a two-letter country code such as CN or TW').default('CN'),
  POND_ROLE: z.enum(['all', 'web', 'worker']).default('all'),
  POND_SECRET_KEY: z.string().optional(),
  POND_JOB_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  POND_JOB_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  POND_NEWSLETTER_LANES: z.coerce.number().int().min(1).max(64).default(4),
  POND_NEWSLETTER_IN_FLIGHT: z.coerce.number().int().min(1).max(32).default(1),
  POND_NEWSLETTER_LEASE_SECONDS: z.coerce.number().int().min(2).max(3600).default(120),
  POND_BOUNCE_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  POND_BOUNCE_SMTP_HOST: z.string().min(1).default('0.0.0.0'),
  POND_BOUNCE_DOMAIN: z.string().regex(/^[A-Za-z0-9.-]+$/, 'a domain name such as bounces.example.com').optional(),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  sqliteFile: string;
  baseUrl: URL;
  secure: boolean;
  logLevel: z.infer<typeof Env>['POND_LOG_LEVEL'];
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  setupTokenMs: number;
  bodyLimit: number;
  trustProxy: boolean;
  defaultPhoneRegion: string;
  /** Used for users who have not chosen a time zone yet. */
  defaultTimeZone: string;
  /** What this process does: serve HTTP ('web'), run background jobs ('worker'), or both ('all'). */
  role: 'all' | 'web' | 'worker';
  /** How long a worker's claim on a job holds without renewal (a killed worker's job is taken again after it). */
  jobLeaseMs: number;
  jobPollMs: number;
  newsletters: {
    /** How many send jobs share one issue's copies (each worker process runs one job at a time). */
    lanes: number;
    /** Copies one send job hands to SMTP at once: a worker killed mid-send leaves at most this many unknown. */
    inFlight: number;
    /** How long a worker's hold on a claimed copy lasts: longer than any one SMTP conversation. */
    leaseMs: number;
    /** Where bounces come back in (Pond's own SMTP listener, in the worker role); null: off. */
    bounceSmtp: { port: number; host: string } | null;
    /** The domain of the per-copy return paths; null: the sending address's domain. */
    bounceDomain: string | null;
  };
  /** Seals secrets kept in the database (SMTP password, DKIM key); null when POND_SECRET_KEY is unset. */
  secretKey: Buffer | null;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates settings from the environment; a bad value stops start-up with a message naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid settings:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  let secretKey: Buffer | null;
  try {
    secretKey = parseSecretKey(e.POND_SECRET_KEY);
  } catch (err) {
    throw new ConfigError(`Invalid settings:\n  POND_SECRET_KEY: ${(err as Error).message}`);
  }
  const dataDir = resolve(e.POND_DATA_DIR);
  const baseUrl = new URL(e.POND_BASE_URL ?? `http://localhost:${e.PORT}`);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    sqliteFile: resolve(dataDir, 'pond.db'),
    baseUrl,
    secure: baseUrl.protocol === 'https:',
    logLevel: e.POND_LOG_LEVEL,
    sessionIdleMs: e.POND_SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.POND_SESSION_ABSOLUTE_HOURS * 3_600_000,
    setupTokenMs: e.POND_SETUP_TOKEN_MINUTES * 60_000,
    bodyLimit: e.POND_BODY_LIMIT_BYTES,
    trustProxy: e.POND_TRUST_PROXY === 'true',
    defaultPhoneRegion: e.POND_DEFAULT_PHONE_REGION,
    defaultTimeZone: e.POND_DEFAULT_TIME_ZONE,
    role: e.POND_ROLE,
    jobLeaseMs: e.POND_JOB_LEASE_SECONDS * 1000,
    jobPollMs: e.POND_JOB_POLL_MS,
    newsletters: {
      lanes: e.POND_NEWSLETTER_LANES,
      inFlight: e.POND_NEWSLETTER_IN_FLIGHT,
      leaseMs: e.POND_NEWSLETTER_LEASE_SECONDS * 1000,
      bounceSmtp: e.POND_BOUNCE_SMTP_PORT === undefined ? null : { port: e.POND_BOUNCE_SMTP_PORT, host: e.POND_BOUNCE_SMTP_HOST },
      bounceDomain: e.POND_BOUNCE_DOMAIN ?? null,
    },
    secretKey,
  };
}

/** Builds an absolute link from POND_BASE_URL; never from the request's Host header. */
export function link(config: Pick<Config, 'baseUrl'>, path: string): string {
  return new URL(path, config.baseUrl).toString();
}
