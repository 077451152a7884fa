import { withTransaction, type Executor } from '@pond/db';
import { AppError, CoachingPolicySchema, DEFAULT_COACHING_POLICY, DEFAULT_INTERVAL_POLICY, DEFAULT_NEWSLETTER_POLICY, DEFAULT_POOL_POLICY, can, IntervalPolicySchema, NewsletterPolicySchema, PoolPolicySchema, type CoachingPolicy, type IntervalPolicy, type NewsletterPolicy, type PoolPolicy } from '@pond/domain';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import { assertVersion } from '../../platform/versioning.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { SettingsRepository } from './settings.repository.js';

const POLICY_KEY = 'interval_policy';
const POOL_KEY = 'pool_policy';
const NEWSLETTER_KEY = 'newsletter_policy';
const COACHING_KEY = 'coaching_policy';
/** Other processes may change the policy; a few seconds of staleness is harmless for due dates. */
const CACHE_MS = 5_000;

export class SettingsService {
  private readonly repo = new SettingsRepository();
  private readonly audit = new AuditRepository();
  private cached: { policy: IntervalPolicy; version: number; at: number } | undefined;
  private cachedPool: { policy: PoolPolicy; version: number; at: number } | undefined;
  private cachedNewsletter: { policy: NewsletterPolicy; version: number; at: number } | undefined;

  private cachedCoaching: { policy: CoachingPolicy; version: number; at: number } | undefined;

  constructor(private readonly deps: CoreDeps) {}

  /** The revisit-interval policy in force: the admin's table, or the defaults until one is saved. */
  async intervalPolicy(db: Executor = this.deps.database.db): Promise<{ policy: IntervalPolicy; version: number }> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < CACHE_MS) return this.cached;
    // Callers inside a transaction pass it: on SQLite the one connection is theirs until they commit.
    const stored = await this.repo.get(db, POLICY_KEY);
    const parsed = stored ? IntervalPolicySchema.safeParse(stored.value) : undefined;
    const policy = parsed?.success ? parsed.data : structuredClone(DEFAULT_INTERVAL_POLICY) as IntervalPolicy;
    this.cached = { policy, version: stored?.version ?? 0, at: now };
    return this.cached;
  }

  async setIntervalPolicy(actor: Actor, version: number | undefined, policy: IntervalPolicy, meta: RequestMeta): Promise<{ policy: IntervalPolicy; version: number }> {
    const result = await this.save(actor, POLICY_KEY, 'settings.interval_policy_changed', DEFAULT_INTERVAL_POLICY, version, policy, meta);
    this.cached = undefined;
    return result;
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


  /** The pool's rules in force (recall limits per grade, warning, claim limits, hidden fields), or the defaults. */
  async poolPolicy(db: Executor = this.deps.database.db): Promise<{ policy: PoolPolicy; version: number }> {
    const now = Date.now();
    if (this.cachedPool && now - this.cachedPool.at < CACHE_MS) return this.cachedPool;
    const stored = await this.repo.get(db, POOL_KEY);
    const parsed = stored ? PoolPolicySchema.safeParse(stored.value) : undefined;
    const policy = parsed?.success ? parsed.data : (structuredClone(DEFAULT_POOL_POLICY) as PoolPolicy);
    this.cachedPool = { policy, version: stored?.version ?? 0, at: now };
    return this.cachedPool;
  }

  async setPoolPolicy(actor: Actor, version: number | undefined, policy: PoolPolicy, meta: RequestMeta): Promise<{ policy: PoolPolicy; version: number }> {
    const result = await this.save(actor, POOL_KEY, 'settings.pool_policy_changed', DEFAULT_POOL_POLICY, version, policy, meta);
    this.cachedPool = undefined;
    return result;
  }

  /** The newsletter rules in force (caps, consent, the advertising marker, the approval's life, the send rate). */
  async newsletterPolicy(db: Executor = this.deps.database.db): Promise<{ policy: NewsletterPolicy; version: number }> {
    const now = Date.now();
    if (this.cachedNewsletter && now - this.cachedNewsletter.at < CACHE_MS) return this.cachedNewsletter;
    const stored = await this.repo.get(db, NEWSLETTER_KEY);
    const parsed = stored ? NewsletterPolicySchema.safeParse(stored.value) : undefined;
    const policy = parsed?.success ? parsed.data : { ...DEFAULT_NEWSLETTER_POLICY };
    this.cachedNewsletter = { policy, version: stored?.version ?? 0, at: now };
    return this.cachedNewsletter;
  }

  async setNewsletterPolicy(actor: Actor, version: number | undefined, policy: NewsletterPolicy, meta: RequestMeta): Promise<{ policy: NewsletterPolicy; version: number }> {
    const result = await this.save(actor, NEWSLETTER_KEY, 'settings.newsletter_policy_changed', DEFAULT_NEWSLETTER_POLICY, version, policy, meta);
    this.cachedNewsletter = undefined;
    return result;
  }

  /** The one-shot flag's thresholds (the window, first contacts, revisit share, share of the book touched once). */
  async coachingPolicy(db: Executor = this.deps.database.db): Promise<{ policy: CoachingPolicy; version: number }> {
    const now = Date.now();
    if (this.cachedCoaching && now - this.cachedCoaching.at < CACHE_MS) return this.cachedCoaching;
    const stored = await this.repo.get(db, COACHING_KEY);
    const parsed = stored ? CoachingPolicySchema.safeParse(stored.value) : undefined;
    const policy = parsed?.success ? parsed.data : { ...DEFAULT_COACHING_POLICY };
    this.cachedCoaching = { policy, version: stored?.version ?? 0, at: now };
    return this.cachedCoaching;
  }

  async setCoachingPolicy(actor: Actor, version: number | undefined, policy: CoachingPolicy, meta: RequestMeta): Promise<{ policy: CoachingPolicy; version: number }> {
    const result = await this.save(actor, COACHING_KEY, 'settings.coaching_policy_changed', DEFAULT_COACHING_POLICY, version, policy, meta);
    this.cachedCoaching = undefined;
    return result;
  }
}
