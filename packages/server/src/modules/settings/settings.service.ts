import { withTransaction, type Executor } from '@pond/db';
import { AppError, CoachingPolicySchema, DEFAULT_COACHING_POLICY, DEFAULT_INTERVAL_POLICY, DEFAULT_NEWSLETTER_POLICY, DEFAULT_POOL_POLICY, can, IntervalPolicySchema, NewsletterPolicySchema, PoolPolicySchema, type CoachingPolicy, type IntervalPolicy, type NewsletterPolicy, type PoolPolicy } from '@pond/domain';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import type { z } from 'zod';
import { assertVersion } from '../../platform/versioning.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { SettingsRepository } from './settings.repository.js';
import type { Repositories } from '../../repositories.js';

/** An installation-wide policy: where it is stored, how a stored value is read, its defaults, its audit action. */
interface PolicySpec<T> {
  key: string;
  schema: z.ZodType<T>;
  fallback: Readonly<T>;
  action: string;
}

const INTERVAL: PolicySpec<IntervalPolicy> = { key: 'interval_policy', schema: IntervalPolicySchema, fallback: DEFAULT_INTERVAL_POLICY, action: 'settings.interval_policy_changed' };
const POOL: PolicySpec<PoolPolicy> = { key: 'pool_policy', schema: PoolPolicySchema, fallback: DEFAULT_POOL_POLICY, action: 'settings.pool_policy_changed' };
const NEWSLETTER: PolicySpec<NewsletterPolicy> = { key: 'newsletter_policy', schema: NewsletterPolicySchema, fallback: DEFAULT_NEWSLETTER_POLICY, action: 'settings.newsletter_policy_changed' };
const COACHING: PolicySpec<CoachingPolicy> = { key: 'coaching_policy', schema: CoachingPolicySchema, fallback: DEFAULT_COACHING_POLICY, action: 'settings.coaching_policy_changed' };
/** Other processes may change a policy; a few seconds of staleness is harmless for due dates and the like. */
const CACHE_MS = 5_000;

export class SettingsService {
  private readonly repo: SettingsRepository;
  private readonly audit: AuditRepository;
  /** Each policy as last read, by key. */
  private readonly cache = new Map<string, { policy: unknown; version: number; at: number }>();

  constructor(
    repos: Pick<Repositories, 'audit' | 'settings'>,
    private readonly deps: CoreDeps,
  ) {
    this.repo = repos.settings;
    this.audit = repos.audit;
  }

  /**
   * A policy in force: the admin's, or the defaults until one is saved (or when the stored value no longer reads).
   * Callers inside a transaction pass it: on SQLite the one connection is theirs until they commit.
   */
  private async read<T>(db: Executor, spec: PolicySpec<T>): Promise<{ policy: T; version: number }> {
    const now = Date.now();
    const hit = this.cache.get(spec.key);
    if (hit && now - hit.at < CACHE_MS) return hit as { policy: T; version: number };
    const stored = await this.repo.get(db, spec.key);
    const parsed = stored ? spec.schema.safeParse(stored.value) : undefined;
    const entry = { policy: parsed?.success ? parsed.data : (structuredClone(spec.fallback) as T), version: stored?.version ?? 0, at: now };
    this.cache.set(spec.key, entry);
    return entry;
  }

  private async write<T>(actor: Actor, spec: PolicySpec<T>, version: number | undefined, policy: T, meta: RequestMeta): Promise<{ policy: T; version: number }> {
    const result = await this.save(actor, spec.key, spec.action, spec.fallback, version, policy, meta);
    this.cache.delete(spec.key);
    return result;
  }

  /** The revisit-interval policy in force: the admin's table, or the defaults until one is saved. */
  intervalPolicy(db: Executor = this.deps.database.db): Promise<{ policy: IntervalPolicy; version: number }> {
    return this.read(db, INTERVAL);
  }

  setIntervalPolicy(actor: Actor, version: number | undefined, policy: IntervalPolicy, meta: RequestMeta): Promise<{ policy: IntervalPolicy; version: number }> {
    return this.write(actor, INTERVAL, version, policy, meta);
  }

  /** The pool's rules in force (recall limits per grade, warning, claim limits, hidden fields), or the defaults. */
  poolPolicy(db: Executor = this.deps.database.db): Promise<{ policy: PoolPolicy; version: number }> {
    return this.read(db, POOL);
  }

  setPoolPolicy(actor: Actor, version: number | undefined, policy: PoolPolicy, meta: RequestMeta): Promise<{ policy: PoolPolicy; version: number }> {
    return this.write(actor, POOL, version, policy, meta);
  }

  /** The newsletter rules in force (caps, consent, the advertising marker, the approval's life, the send rate). */
  newsletterPolicy(db: Executor = this.deps.database.db): Promise<{ policy: NewsletterPolicy; version: number }> {
    return this.read(db, NEWSLETTER);
  }

  setNewsletterPolicy(actor: Actor, version: number | undefined, policy: NewsletterPolicy, meta: RequestMeta): Promise<{ policy: NewsletterPolicy; version: number }> {
    return this.write(actor, NEWSLETTER, version, policy, meta);
  }

  /** The one-shot flag's thresholds (the window, first contacts, revisit share, share of the book touched once). */
  coachingPolicy(db: Executor = this.deps.database.db): Promise<{ policy: CoachingPolicy; version: number }> {
    return this.read(db, COACHING);
  }

  setCoachingPolicy(actor: Actor, version: number | undefined, policy: CoachingPolicy, meta: RequestMeta): Promise<{ policy: CoachingPolicy; version: number }> {
    return this.write(actor, COACHING, version, policy, meta);
  }

  /** Saves one installation-wide setting at the version the admin read, audited with its before and after. */
  private async save<T>(actor: Actor, key: string, action: string, fallback: unknown, version: number | undefined, value: T, meta: RequestMeta): Promise<{ policy: T; version: number }> {
    if (!can.manageSettings(actor.role)) throw new AppError('FORBIDDEN');
    return withTransaction(this.deps.database.db, async (trx) => {
      const current = await this.repo.get(trx, key);
      const currentVersion = current?.version ?? 0;
      const before = current?.value ?? fallback;
      assertVersion(version, currentVersion, { policy: before, version: currentVersion }, false);
      const at = this.deps.clock.now().toISOString();
      if (!(await this.repo.put(trx, key, value, currentVersion, at, actor.userId))) {
        throw new AppError('STALE_VERSION', { details: { current: { policy: before, version: currentVersion } } });
      }
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action, entityType: 'settings', entityId: key, before, after: value, ip: meta.ip });
      return { policy: value, version: currentVersion + 1 };
    });
  }
}
