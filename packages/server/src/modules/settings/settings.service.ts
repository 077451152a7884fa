import { withTransaction, type Executor } from '@pond/db';
import { AppError, DEFAULT_INTERVAL_POLICY, DEFAULT_POOL_POLICY, can, IntervalPolicySchema, PoolPolicySchema, type IntervalPolicy, type PoolPolicy } from '@pond/domain';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import { assertVersion } from '../../platform/versioning.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { SettingsRepository } from './settings.repository.js';

const POLICY_KEY = 'interval_policy';
const POOL_KEY = 'pool_policy';
/** Other processes may change the policy; a few seconds of staleness is harmless for due dates. */
const CACHE_MS = 5_000;

export class SettingsService {
  private readonly repo = new SettingsRepository();
  private readonly audit = new AuditRepository();
  private cached: { policy: IntervalPolicy; version: number; at: number } | undefined;
  private cachedPool: { policy: PoolPolicy; version: number; at: number } | undefined;

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
    if (!can.manageSettings(actor.role)) throw new AppError('FORBIDDEN');
    const result = await withTransaction(this.deps.database.db, async (trx) => {
      const current = await this.repo.get(trx, POLICY_KEY);
      const currentVersion = current?.version ?? 0;
      const before = current?.value ?? DEFAULT_INTERVAL_POLICY;
      assertVersion(version, currentVersion, { policy: before, version: currentVersion }, false);
      const at = this.deps.clock.now().toISOString();
      if (!(await this.repo.put(trx, POLICY_KEY, policy, currentVersion, at, actor.userId))) {
        throw new AppError('STALE_VERSION', { details: { current: { policy: before, version: currentVersion } } });
      }
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'settings.interval_policy_changed', entityType: 'settings', entityId: POLICY_KEY, before, after: policy, ip: meta.ip });
      return { policy, version: currentVersion + 1 };
    });
    this.cached = undefined;
    return result;
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
    if (!can.manageSettings(actor.role)) throw new AppError('FORBIDDEN');
    const result = await withTransaction(this.deps.database.db, async (trx) => {
      const current = await this.repo.get(trx, POOL_KEY);
      const currentVersion = current?.version ?? 0;
      const before = current?.value ?? DEFAULT_POOL_POLICY;
      assertVersion(version, currentVersion, { policy: before, version: currentVersion }, false);
      const at = this.deps.clock.now().toISOString();
      if (!(await this.repo.put(trx, POOL_KEY, policy, currentVersion, at, actor.userId))) {
        throw new AppError('STALE_VERSION', { details: { current: { policy: before, version: currentVersion } } });
      }
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'settings.pool_policy_changed', entityType: 'settings', entityId: POOL_KEY, before, after: policy, ip: meta.ip });
      return { policy, version: currentVersion + 1 };
    });
    this.cachedPool = undefined;
    return result;
  }
}
