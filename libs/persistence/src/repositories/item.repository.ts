import type { ReviewCadence } from '@pdca/domain';
import { DataSource } from 'typeorm';
import { IndicatorEntity, ItemEntity } from '../entities/item.entity';
import { administrativeEntry, appendLedgerEntry, type LedgerUserActor } from './audit-ledger.repository';

/** The cycle shown next to an item: the requested fiscal year's, otherwise the latest. */
export interface ItemCycleSummary {
  id: string;
  fiscalYear: number;
  stage: string;
  status: string;
  awaitingApproval: boolean;
  updatedAt: Date;
}

export interface ItemWorkingGroup {
  id: string;
  name: string;
  leaderUserId: string | null;
  memberUserIds: string[];
}

/** HQ removed the item from its plan: when, why and who (null when that user is gone). */
export interface ItemRemoval {
  removedAt: Date;
  reason: string;
  removedBy: { userId: string; displayName: string } | null;
}

export interface ItemSummary {
  id: string;
  tenantId: string;
  planId: string;
  planTitle: string;
  themeId: string | null;
  code: string;
  title: string;
  summary: string;
  reviewCadence: ReviewCadence | null;
  budgetCurrentAmount: number;
  workingGroup: ItemWorkingGroup | null;
  currentCycle: ItemCycleSummary | null;
  /** Null while the item is part of its plan. */
  removal: ItemRemoval | null;
}

export interface ItemDetail extends ItemSummary {
  planPeriodStartFy: number | null;
  planPeriodEndFy: number | null;
  indicators: IndicatorEntity[];
}

export interface ItemListFilter {
  tenantId: string;
  stage?: string;
  status?: string;
  fiscalYear?: number;
  /** Only items whose working group this user leads or belongs to. */
  memberUserId?: string;
  /** Removed items are left out unless this is set. */
  includeRemoved?: boolean;
  limit: number;
  offset: number;
}

export interface Page<T> {
  items: T[];
  total: number;
}

interface ItemRow {
  id: string;
  tenant_id: string;
  plan_id: string;
  plan_title: string;
  plan_period_start_fy: number | null;
  plan_period_end_fy: number | null;
  theme_id: string | null;
  code: string;
  title: string;
  summary: string;
  review_cadence: ReviewCadence | null;
  budget_current_amount: string;
  wg_id: string | null;
  wg_name: string | null;
  wg_leader_user_id: string | null;
  wg_member_user_ids: string[] | null;
  cycle_id: string | null;
  cycle_fiscal_year: number | null;
  cycle_stage: string | null;
  cycle_status: string | null;
  cycle_awaiting_approval: boolean | null;
  cycle_updated_at: Date | null;
  removed_at: Date | null;
  removed_reason: string | null;
  removed_by: string | null;
  removed_by_name: string | null;
  total_count?: string;
}

/** What removing an item did: nothing when it was removed already (the first removal stands). */
export type ItemRemovalOutcome = 'removed' | 'already_removed' | 'not_found';

/** Items, their indicators and the plan tree. Every read is scoped to one tenant. */
export class ItemRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The bare item row, or null when it does not exist in this tenant. */
  findById(tenantId: string, itemId: string): Promise<ItemEntity | null> {
    return this.dataSource.getRepository(ItemEntity).findOne({ where: { tenantId, id: itemId } });
  }

  async list(filter: ItemListFilter): Promise<Page<ItemSummary>> {
    const params: unknown[] = [filter.tenantId];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const cycleYear =
      filter.fiscalYear === undefined ? '' : `AND c.fiscal_year = ${param(filter.fiscalYear)}`;
    const where: string[] = ['i.tenant_id = $1'];
    if (!filter.includeRemoved) where.push('i.removed_at IS NULL');
    if (filter.fiscalYear !== undefined) where.push('cc.id IS NOT NULL');
    if (filter.stage !== undefined) where.push(`cc.stage = ${param(filter.stage)}`);
    if (filter.status !== undefined) where.push(`cc.status = ${param(filter.status)}`);
    if (filter.memberUserId !== undefined) {
      const user = param(filter.memberUserId);
      where.push(`(wg.leader_user_id = ${user} OR ${user} = ANY (wg.member_user_ids))`);
    }
    const limit = param(filter.limit);
    const offset = param(filter.offset);
    const rows: ItemRow[] = await this.dataSource.query(
      `${ITEM_SELECT}, count(*) OVER () AS total_count
       ${itemFrom(cycleYear)}
       WHERE ${where.join(' AND ')}
       ORDER BY p.created_at, i.sort, i.code
       LIMIT ${limit} OFFSET ${offset}`,
      params,
    );
    return { items: rows.map(mapItem), total: rows.length > 0 ? Number(rows[0].total_count) : 0 };
  }

  async findDetail(tenantId: string, itemId: string): Promise<ItemDetail | null> {
    const rows: ItemRow[] = await this.dataSource.query(
      `${ITEM_SELECT} ${itemFrom('')} WHERE i.tenant_id = $1 AND i.id = $2`,
      [tenantId, itemId],
    );
    if (rows.length === 0) return null;
    const indicators = await this.dataSource
      .getRepository(IndicatorEntity)
      .find({ where: { tenantId, itemId }, order: { sort: 'ASC', name: 'ASC' } });
    return {
      ...mapItem(rows[0]),
      planPeriodStartFy: rows[0].plan_period_start_fy,
      planPeriodEndFy: rows[0].plan_period_end_fy,
      indicators,
    };
  }

  /**
   * Marks the item removed and records `item.removed` (the reason as comment, on the item's
   * timeline) with an `item.removed` outbox message, in one transaction. The row lock makes two
   * removals at once queue: the second finds the item removed and writes nothing.
   */
  removeRecorded(
    tenantId: string,
    itemId: string,
    actor: LedgerUserActor,
    reason: string,
  ): Promise<ItemRemovalOutcome> {
    return this.dataSource.transaction(async (tx) => {
      const rows: Array<{ code: string; title: string; plan_id: string; removed_at: Date | null }> =
        await tx.query(
          'SELECT code, title, plan_id, removed_at FROM items WHERE tenant_id = $1 AND id = $2 FOR UPDATE',
          [tenantId, itemId],
        );
      const item = rows[0];
      if (!item) return 'not_found';
      if (item.removed_at) return 'already_removed';
      const payload = {
        itemId,
        itemCode: item.code,
        itemTitle: item.title,
        planId: item.plan_id,
      };
      const entry = { ...administrativeEntry(tenantId, actor, 'item.removed', payload, reason), itemId };
      await tx.query(
        `UPDATE items SET removed_at = $3, removed_reason = $4, removed_by = $5, updated_at = now()
          WHERE tenant_id = $1 AND id = $2`,
        [tenantId, itemId, entry.occurredAt, reason, actor.userId],
      );
      await appendLedgerEntry(tx, entry);
      await tx.query(
        `INSERT INTO outbox (tenant_id, event_key, type, payload, created_at)
         VALUES ($1, $2, 'item.removed', $3::jsonb, $4) ON CONFLICT (event_key) DO NOTHING`,
        [
          tenantId,
          `item.removed#${itemId}`,
          JSON.stringify({ ...payload, reason, removedBy: actor.userId }),
          entry.occurredAt,
        ],
      );
      return 'removed';
    });
  }
}

const ITEM_SELECT = `
  SELECT i.id, i.tenant_id, i.plan_id, p.title AS plan_title, p.period_start_fy AS plan_period_start_fy,
         p.period_end_fy AS plan_period_end_fy, i.theme_id, i.code, i.title, i.summary, i.review_cadence,
         i.budget_current_amount, wg.id AS wg_id, wg.name AS wg_name, wg.leader_user_id AS wg_leader_user_id,
         wg.member_user_ids AS wg_member_user_ids, cc.id AS cycle_id, cc.fiscal_year AS cycle_fiscal_year,
         cc.stage AS cycle_stage, cc.status AS cycle_status, cc.awaiting_approval AS cycle_awaiting_approval,
         cc.updated_at AS cycle_updated_at, i.removed_at, i.removed_reason, i.removed_by,
         ru.display_name AS removed_by_name`;

// The tenant condition is repeated inside the lateral join so no cycle of another tenant can match.
function itemFrom(cycleYearCondition: string): string {
  return `
  FROM items i
  JOIN plans p ON p.id = i.plan_id AND p.tenant_id = i.tenant_id
  LEFT JOIN working_groups wg ON wg.id = i.working_group_id AND wg.tenant_id = i.tenant_id
  LEFT JOIN users ru ON ru.id = i.removed_by AND ru.tenant_id = i.tenant_id
  LEFT JOIN LATERAL (
    SELECT c.id, c.fiscal_year, c.stage, c.status, c.awaiting_approval, c.updated_at
    FROM cycles c
    WHERE c.item_id = i.id AND c.tenant_id = i.tenant_id ${cycleYearCondition}
    ORDER BY c.fiscal_year DESC
    LIMIT 1
  ) cc ON true`;
}

function mapItem(row: ItemRow): ItemSummary {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    planId: row.plan_id,
    planTitle: row.plan_title,
    themeId: row.theme_id,
    code: row.code,
    title: row.title,
    summary: row.summary,
    reviewCadence: row.review_cadence,
    budgetCurrentAmount: Number(row.budget_current_amount),
    workingGroup: row.wg_id
      ? {
          id: row.wg_id,
          name: row.wg_name ?? '',
          leaderUserId: row.wg_leader_user_id,
          memberUserIds: row.wg_member_user_ids ?? [],
        }
      : null,
    currentCycle: row.cycle_id
      ? {
          id: row.cycle_id,
          fiscalYear: row.cycle_fiscal_year!,
          stage: row.cycle_stage!,
          status: row.cycle_status!,
          awaitingApproval: row.cycle_awaiting_approval ?? false,
          updatedAt: row.cycle_updated_at!,
        }
      : null,
    removal:
      row.removed_at && row.removed_reason !== null
        ? {
            removedAt: row.removed_at,
            reason: row.removed_reason,
            removedBy:
              row.removed_by && row.removed_by_name !== null
                ? { userId: row.removed_by, displayName: row.removed_by_name }
                : null,
          }
        : null,
  };
}
