import { withTransaction, type Executor } from '@pond/db';
import {
  AppError,
  can,
  ruleInForce,
  todayIn,
  type CommissionRule,
  type CommissionRuleInput,
  type CommissionRuleView,
  type Locale,
  type ProductInput,
  type ProductPatch,
  type ProductView,
} from '@pond/domain';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import { assertVersion } from '../../platform/versioning.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import { type CatalogueRepository, ruleOf, type ProductRow } from './catalogue.repository.js';
import type { Repositories } from '../../repositories.js';

type Names = ProductView['names'];

/** The name in the reader's language, else English, else whichever was given first. */
export function nameIn(names: Names, locale: Locale): string {
  return names[locale] ?? names.en ?? names['zh-Hant'] ?? names['zh-Hans'] ?? '';
}

export function parseNames(json: string | null): Names {
  if (!json) return {};
  try {
    return JSON.parse(json) as Names;
  } catch {
    return {};
  }
}

function toProductView(r: ProductRow, locale: Locale): ProductView {
  const names = parseNames(r.names_json);
  return { id: r.id, names, name: nameIn(names, locale), category: r.category, listPrice: { minor: r.list_price_minor, currency: r.currency as never }, active: Boolean(r.active), version: r.version };
}

const sortName = (names: Names) => names.en ?? names['zh-Hant'] ?? names['zh-Hans'] ?? '';

/**
 * The product catalogue and the commission rules (admin). A rule is never edited: a new one takes effect on its day
 * and the orders confirmed before keep the one they were priced with.
 */
export class CatalogueService {
  private readonly repo: CatalogueRepository;
  private readonly audit: AuditRepository;

  constructor(
    repos: Pick<Repositories, 'audit' | 'catalogue'>,
    private readonly deps: CoreDeps,
  ) {
    this.repo = repos.catalogue;
    this.audit = repos.audit;
  }

  private get db() {
    return this.deps.database.db;
  }
  private now() {
    return this.deps.clock.now();
  }
  /** Commission rules take effect by the installation's calendar. */
  today(): string {
    return todayIn(this.now(), this.deps.config.defaultTimeZone);
  }

  private assertAdmin(actor: Actor): void {
    if (!can.manageCatalogue(actor.role)) throw new AppError('FORBIDDEN');
  }

  /** Active products for everyone's order form; the admin may ask for the retired ones too. */
  async products(actor: Actor, includeInactive: boolean): Promise<ProductView[]> {
    const rows = await this.repo.products(this.db, includeInactive && can.manageCatalogue(actor.role));
    return rows.map((r) => toProductView(r, actor.locale ?? 'en'));
  }

  async createProduct(actor: Actor, input: ProductInput, meta: RequestMeta): Promise<ProductView> {
    this.assertAdmin(actor);
    return withTransaction(this.db, async (trx) => {
      const at = this.now().toISOString();
      const id = await this.repo.insertProduct(trx, {
        names_json: JSON.stringify(input.names),
        sort_name: sortName(input.names),
        category: input.category,
        list_price_minor: input.listPriceMinor,
        currency: input.currency,
        active: input.active,
        created_at: at,
        updated_at: at,
      });
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'product.created', entityType: 'product', entityId: id, after: input, ip: meta.ip });
      return toProductView((await this.repo.product(trx, id))!, actor.locale ?? 'en');
    });
  }

  async updateProduct(actor: Actor, id: number, version: number | undefined, patch: Omit<ProductPatch, 'version'>, meta: RequestMeta): Promise<ProductView> {
    this.assertAdmin(actor);
    return withTransaction(this.db, async (trx) => {
      const row = await this.repo.product(trx, id);
      if (!row) throw new AppError('NOT_FOUND');
      assertVersion(version, row.version, toProductView(row, actor.locale ?? 'en'), actor.via === 'cli');
      const at = this.now().toISOString();
      const ok = await this.repo.updateProduct(trx, id, row.version, {
        ...(patch.names && { names_json: JSON.stringify(patch.names), sort_name: sortName(patch.names) }),
        ...(patch.category && { category: patch.category }),
        ...(patch.listPriceMinor !== undefined && { list_price_minor: patch.listPriceMinor }),
        ...(patch.currency && { currency: patch.currency }),
        ...(patch.active !== undefined && { active: patch.active }),
        updated_at: at,
      });
      if (!ok) throw new AppError('STALE_VERSION', { details: { current: toProductView((await this.repo.product(trx, id))!, actor.locale ?? 'en') } });
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'product.updated', entityType: 'product', entityId: id, before: { version: row.version }, after: patch, ip: meta.ip });
      return toProductView((await this.repo.product(trx, id))!, actor.locale ?? 'en');
    });
  }

  async rules(actor: Actor): Promise<CommissionRuleView[]> {
    this.assertAdmin(actor);
    const rows = await this.repo.rules(this.db);
    const all = rows.map(ruleOf);
    const today = this.today();
    return rows.map((r, i) => ({
      id: r.id,
      category: r.category,
      rate: all[i]!.rate,
      effectiveOn: r.effective_on,
      createdBy: r.created_by_id === null ? null : { id: r.created_by_id, name: r.created_by_name ?? '' },
      createdAt: r.created_at,
      inForce: ruleInForce(all, r.category, today)?.id === r.id,
    }));
  }

  async addRule(actor: Actor, input: CommissionRuleInput, meta: RequestMeta): Promise<CommissionRuleView[]> {
    this.assertAdmin(actor);
    await withTransaction(this.db, async (trx) => {
      const at = this.now().toISOString();
      const id = await this.repo.insertRule(trx, {
        category: input.category,
        kind: input.rate.kind,
        basis_points: input.rate.kind === 'percent' ? input.rate.basisPoints : null,
        fixed_minor: input.rate.kind === 'fixed' ? input.rate.minorPerUnit : null,
        currency: input.rate.kind === 'fixed' ? input.rate.currency : null,
        effective_on: input.effectiveOn,
        created_by_id: actor.userId,
        created_at: at,
      });
      await this.audit.record(trx, { at, actorId: actor.userId, actorLabel: actor.email, action: 'commission_rule.created', entityType: 'commission_rule', entityId: id, after: input, ip: meta.ip });
    });
    return this.rules(actor);
  }

  /** Every rule, for pricing: a few rows per category. */
  async pricingRules(db: Executor): Promise<CommissionRule[]> {
    return (await this.repo.rules(db)).map(ruleOf);
  }
}
