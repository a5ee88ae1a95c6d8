import type { VerificationContext, VerificationItemInput } from '@pdca/contracts';
import { DEFAULT_APPROVAL_POLICY, resolveFiscalCalendarPolicy, resolveReminderPolicies } from '@pdca/domain';
import { DataSource } from 'typeorm';
import { citySettingsOf, type TenantSettings } from './cycle-context.repository';

/**
 * HQ's criteria for choosing the items of a 事業検証 round by their attributes (#26): 事業区分
 * (items.project_kind), the latest grade (HQ's 二次評価, else the 一次評価, of the latest year up to
 * the round's), フルコスト at least an amount (item_costs.full_cost of the latest year up to the
 * round's, 実績 before 見込), the plan. Each given condition must hold.
 */
export interface VerificationItemFilter {
  projectKind?: string[];
  grade?: string[];
  minFullCost?: number;
  planId?: string;
}

/** An item carried over undecided from an earlier round: last year's row. */
export interface CarriedItem {
  itemId: string;
  carriedFrom: string;
}

/** Another round of the tenant was being opened for longer than the lock timeout: nothing was opened. */
export class RoundOpeningBusyError extends Error {
  constructor() {
    super('another 事業検証 round of this city is being opened');
  }
}

/**
 * What opening a 事業検証 round reads: the city's settings it runs on, the items and users it names,
 * the items its criteria choose, the items carried over 方向性未決定 from earlier rounds and each
 * item's budget of the round's year.
 */
export class VerificationStartRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Runs `open` while no other round of the tenant is being opened, by any API process: the
   * undecided items a round carries over are read (`roundItems`) and written by its workflow's
   * projection before the next round reads them. Without it two rounds opened at once both took
   * the same carried-over item, and the second's projection failed on the one-later-round index
   * for ever. A PostgreSQL advisory lock: waits at most the connection's lock_timeout, then throws
   * `RoundOpeningBusyError` (nothing was opened); a killed API's lock goes with its connection.
   */
  async oneOpeningAtATime<T>(tenantId: string, open: () => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      // A transaction's lock: it ends with the transaction (rolled back: nothing is written in it)
      // or with the connection, whatever happens in `open`.
      await runner.startTransaction();
      try {
        await runner.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
          `verification-round-opening:${tenantId}`,
        ]);
      } catch (err) {
        if ((err as { code?: string }).code === '55P03') throw new RoundOpeningBusyError();
        throw err;
      }
      return await open();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
    }
  }

  /** The tenant's code and the context a new round runs on. */
  async roundContext(tenantId: string): Promise<{ tenantCode: string; context: VerificationContext } | null> {
    const [row] = await this.dataSource.query('SELECT code, settings FROM tenants WHERE id = $1', [tenantId]);
    if (!row) return null;
    const settings = (row.settings ?? {}) as TenantSettings;
    const city = citySettingsOf(settings);
    return {
      tenantCode: row.code,
      context: {
        decisions: city.decisions.map((d) => ({ ...d, label: { ...d.label } })),
        approvalPolicy: settings.approvalPolicy ?? DEFAULT_APPROVAL_POLICY,
        reminderPolicy: resolveReminderPolicies(settings.reminderPolicies ?? {}).evaluation,
        calendar: resolveFiscalCalendarPolicy({ ...settings.calendar }),
      },
    };
  }

  /** The tenant's items among `ids`, with whether each was removed (missing ones are not in the answer). */
  async items(tenantId: string, ids: string[]): Promise<Array<{ id: string; removed: boolean }>> {
    const rows: Array<{ id: string; removed_at: Date | null }> = await this.dataSource.query(
      'SELECT id, removed_at FROM items WHERE tenant_id = $1 AND id = ANY($2::uuid[])',
      [tenantId, ids],
    );
    return rows.map((r) => ({ id: r.id, removed: r.removed_at !== null }));
  }

  /** The tenant's users among `ids` (missing ones are not in the answer). */
  async users(
    tenantId: string,
    ids: string[],
  ): Promise<Array<{ id: string; displayName: string; roles: string[] }>> {
    const rows: Array<{ id: string; display_name: string; roles: string[] }> = await this.dataSource.query(
      'SELECT id, display_name, roles FROM users WHERE tenant_id = $1 AND id = ANY($2::uuid[])',
      [tenantId, ids],
    );
    return rows.map((r) => ({ id: r.id, displayName: r.display_name, roles: r.roles }));
  }

  /** The items the filter chooses, in plan order (not removed; at most 101, so the caller can refuse more than 100). */
  async itemsChosenBy(
    tenantId: string,
    fiscalYear: number,
    filter: VerificationItemFilter,
  ): Promise<string[]> {
    const where = ['i.tenant_id = $1', 'i.removed_at IS NULL'];
    const params: unknown[] = [tenantId, fiscalYear];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.planId) where.push(`i.plan_id = ${param(filter.planId)}::uuid`);
    // Columns of the costs part (#26 A) are read only when a condition asks for them.
    if (filter.projectKind) where.push(`i.project_kind = ANY(${param(filter.projectKind)}::text[])`);
    if (filter.grade) {
      where.push(`(SELECT COALESCE(c.hq_rating, c.evaluation->'payload'->>'selfRating') FROM cycles c
         WHERE c.item_id = i.id AND c.tenant_id = i.tenant_id AND c.fiscal_year <= $2
           AND COALESCE(c.hq_rating, c.evaluation->'payload'->>'selfRating') IS NOT NULL
         ORDER BY c.fiscal_year DESC LIMIT 1) = ANY(${param(filter.grade)}::text[])`);
    }
    if (filter.minFullCost !== undefined) {
      where.push(`(SELECT ic.full_cost FROM item_costs ic
         WHERE ic.item_id = i.id AND ic.tenant_id = i.tenant_id AND ic.fiscal_year <= $2
         ORDER BY ic.fiscal_year DESC, (ic.basis = 'actual') DESC LIMIT 1) >= ${param(filter.minFullCost)}::bigint`);
    }
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT i.id FROM items i WHERE ${where.join(' AND ')} AND $2::int IS NOT NULL ORDER BY i.sort, i.code LIMIT 101`,
      params,
    );
    return rows.map((r) => r.id);
  }

  /**
   * The items HQ left 方向性未決定 (a carriesOver decision) in a round of an earlier year and that no
   * later round has taken yet: each goes into the next round opened, with its history.
   */
  async carriedOver(tenantId: string, fiscalYear: number): Promise<CarriedItem[]> {
    const rows: Array<{ id: string; item_id: string }> = await this.dataSource.query(
      `SELECT DISTINCT ON (vi.item_id) vi.id, vi.item_id FROM verification_items vi
         JOIN items i ON i.id = vi.item_id AND i.removed_at IS NULL
        WHERE vi.tenant_id = $1 AND vi.fiscal_year < $2 AND vi.status = 'approved' AND vi.carries_over
          AND NOT EXISTS (SELECT 1 FROM verification_items n WHERE n.carried_from = vi.id)
        ORDER BY vi.item_id, vi.fiscal_year DESC, vi.approved_at DESC`,
      [tenantId, fiscalYear],
    );
    return rows.map((r) => ({ itemId: r.item_id, carriedFrom: r.id }));
  }

  /** Each item's budget of `fiscalYear` (item_budgets, else the item's current amount), integer yen. */
  async currentAmounts(
    tenantId: string,
    fiscalYear: number,
    itemIds: string[],
  ): Promise<Map<string, number>> {
    const rows: Array<{ id: string; amount: string }> = await this.dataSource.query(
      `SELECT i.id, COALESCE(ib.amount, i.budget_current_amount, 0) AS amount FROM items i
         LEFT JOIN item_budgets ib ON ib.item_id = i.id AND ib.fiscal_year = $2
        WHERE i.tenant_id = $1 AND i.id = ANY($3::uuid[])`,
      [tenantId, fiscalYear, itemIds],
    );
    return new Map(rows.map((r) => [r.id, Number(r.amount)]));
  }

  /** The round's items: the carried-over ones first, then the chosen ones not already among them. */
  async roundItems(
    tenantId: string,
    fiscalYear: number,
    chosen: string[],
    newId: () => string,
  ): Promise<VerificationItemInput[]> {
    const carried = await this.carriedOver(tenantId, fiscalYear);
    const carriedIds = new Set(carried.map((c) => c.itemId));
    const all = [
      ...carried.map((c) => ({ itemId: c.itemId, carriedFrom: c.carriedFrom })),
      ...chosen.filter((id) => !carriedIds.has(id)).map((itemId) => ({ itemId, carriedFrom: null })),
    ];
    const amounts = await this.currentAmounts(
      tenantId,
      fiscalYear,
      all.map((i) => i.itemId),
    );
    return all.map((i) => ({
      verificationItemId: newId(),
      itemId: i.itemId,
      currentAmount: amounts.get(i.itemId) ?? 0,
      carriedFrom: i.carriedFrom,
    }));
  }
}
