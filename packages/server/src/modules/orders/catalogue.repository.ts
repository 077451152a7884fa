import type { CommissionRulesTable, Executor, ProductsTable } from '@pond/db';
import type { CommissionRule } from '@pond/domain';
import type { Insertable, Selectable, Updateable } from 'kysely';

export type ProductRow = Selectable<ProductsTable>;
export type CommissionRuleRow = Selectable<CommissionRulesTable> & { created_by_name: string | null };

export function ruleOf(r: Pick<CommissionRuleRow, 'id' | 'category' | 'kind' | 'basis_points' | 'fixed_minor' | 'currency' | 'effective_on'>): CommissionRule {
  return {
    id: r.id,
    category: r.category,
    effectiveOn: r.effective_on,
    rate: r.kind === 'percent' ? { kind: 'percent', basisPoints: r.basis_points ?? 0 } : { kind: 'fixed', minorPerUnit: r.fixed_minor ?? 0, currency: (r.currency ?? 'TWD') as never },
  };
}

/** The product catalogue and the commission rules: small tables an admin keeps. */
export class CatalogueRepository {
  async products(db: Executor, includeInactive: boolean): Promise<ProductRow[]> {
    let q = db.selectFrom('products').selectAll().orderBy('sort_name').orderBy('id');
    if (!includeInactive) q = q.where('active', '=', true);
    return q.execute();
  }

  async product(db: Executor, id: number): Promise<ProductRow | undefined> {
    return db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insertProduct(db: Executor, row: Insertable<ProductsTable>): Promise<number> {
    return (await db.insertInto('products').values(row).returning('id').executeTakeFirstOrThrow()).id;
  }

  /** A conditional update on the version read: of two edits at once, one wins. */
  async updateProduct(db: Executor, id: number, version: number, patch: Updateable<ProductsTable>): Promise<boolean> {
    const r = await db.updateTable('products').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async rules(db: Executor): Promise<CommissionRuleRow[]> {
    return db
      .selectFrom('commission_rules as r')
      .leftJoin('users as u', 'u.id', 'r.created_by_id')
      .selectAll('r')
      .select('u.display_name as created_by_name')
      .orderBy('r.category')
      .orderBy('r.effective_on', 'desc')
      .orderBy('r.id', 'desc')
      .execute();
  }

  async insertRule(db: Executor, row: Insertable<CommissionRulesTable>): Promise<number> {
    return (await db.insertInto('commission_rules').values(row).returning('id').executeTakeFirstOrThrow()).id;
  }
}
