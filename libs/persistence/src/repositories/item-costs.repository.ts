import type { ProjectionEvent } from '@pdca/contracts';
import {
  type CostBasis,
  computeFullCost,
  type ItemCostFigures,
  type ItemCostsInput,
  resolveStaffUnitCost,
} from '@pdca/domain/item-costs';
import { DataSource, EntityManager } from 'typeorm';

/** Where a row of item_costs came from: the PLAN or CHECK submission, or the plan import. */
export type ItemCostSource = 'plan' | 'check' | 'import';

/** One item_costs row as the API, the sheets and 事業検証 read it. */
export interface ItemCostRow extends ItemCostFigures {
  readonly itemId: string;
  readonly fiscalYear: number;
  readonly basis: CostBasis;
  readonly source: ItemCostSource;
  readonly setBy: string | null;
  readonly setByName: string | null;
  readonly setAt: string;
}

/** The submission events whose payload may carry `costs`, and what their row is. */
const SUBMITTED_COSTS: Readonly<Record<string, { basis: CostBasis; source: ItemCostSource }>> = {
  'plan.submitted': { basis: 'estimate', source: 'plan' },
  'evaluation.submitted': { basis: 'actual', source: 'check' },
};

/** The city's 人件費単価 now (tenants.settings.costs), the snapshot a written row keeps. */
export async function staffUnitCostOf(manager: EntityManager, tenantId: string): Promise<number> {
  const [row] = await manager.query(`SELECT settings->'costs' AS costs FROM tenants WHERE id = $1`, [
    tenantId,
  ]);
  return resolveStaffUnitCost(row?.costs);
}

/** Inserts or replaces one row; `onlyOver` limits which stored sources it may replace. */
export async function upsertItemCost(
  manager: EntityManager,
  row: {
    tenantId: string;
    itemId: string;
    fiscalYear: number;
    basis: CostBasis;
    source: ItemCostSource;
    setBy: string | null;
    setAt: string;
    figures: ItemCostFigures;
  },
  onlyOver?: readonly ItemCostSource[],
): Promise<void> {
  const f = row.figures;
  await manager.query(
    `INSERT INTO item_costs (tenant_id, item_id, fiscal_year, basis, project_cost, staff_fte, unit_cost, staff_cost,
       full_cost, funding_general, funding_national_prefectural, funding_other, source, set_by, set_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)
     ON CONFLICT (item_id, fiscal_year, basis) DO UPDATE SET project_cost = EXCLUDED.project_cost,
       staff_fte = EXCLUDED.staff_fte, unit_cost = EXCLUDED.unit_cost, staff_cost = EXCLUDED.staff_cost,
       full_cost = EXCLUDED.full_cost, funding_general = EXCLUDED.funding_general,
       funding_national_prefectural = EXCLUDED.funding_national_prefectural, funding_other = EXCLUDED.funding_other,
       source = EXCLUDED.source, set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at
     ${onlyOver ? 'WHERE item_costs.source = ANY($16::text[])' : ''}`,
    [
      row.tenantId,
      row.itemId,
      row.fiscalYear,
      row.basis,
      f.projectCost,
      f.staffFte,
      f.unitCost,
      f.staffCost,
      f.fullCost,
      f.fundingGeneral,
      f.fundingNationalPrefectural,
      f.fundingOther,
      row.source,
      row.setBy,
      row.setAt,
      ...(onlyOver ? [[...onlyOver]] : []),
    ],
  );
}

/**
 * A PLAN (見込) or CHECK (実績) submission's `costs`, written in the projection's transaction with the
 * 人件費単価 in force: the latest round's costs stand, and a resubmission without costs removes the
 * row the submission had written (an imported 見込 stays). Other events write nothing.
 */
export async function writeSubmittedCosts(manager: EntityManager, event: ProjectionEvent): Promise<void> {
  const kind = SUBMITTED_COSTS[event.type];
  if (!kind) return;
  const submission = event.payload.submission as { costs?: ItemCostsInput | null } | undefined;
  const costs = submission?.costs;
  if (!costs) {
    await manager.query(
      `DELETE FROM item_costs WHERE item_id = $1 AND fiscal_year = $2 AND basis = $3 AND source = $4`,
      [event.itemId, event.cycle.fiscalYear, kind.basis, kind.source],
    );
    return;
  }
  await upsertItemCost(manager, {
    tenantId: event.tenantId,
    itemId: event.itemId,
    fiscalYear: event.cycle.fiscalYear,
    basis: kind.basis,
    source: kind.source,
    setBy: event.actor.type === 'user' ? event.actor.userId : null,
    setAt: event.occurredAt,
    figures: computeFullCost(costs, await staffUnitCostOf(manager, event.tenantId)),
  });
}

interface RawCostRow {
  item_id: string;
  fiscal_year: number;
  basis: CostBasis;
  project_cost: string;
  staff_fte: string;
  unit_cost: string;
  staff_cost: string;
  full_cost: string;
  funding_general: string | null;
  funding_national_prefectural: string | null;
  funding_other: string | null;
  source: ItemCostSource;
  set_by: string | null;
  set_by_name: string | null;
  set_at: Date;
}

const num = (v: string | null): number | null => (v === null ? null : Number(v));

function mapRow(r: RawCostRow): ItemCostRow {
  return {
    itemId: r.item_id,
    fiscalYear: r.fiscal_year,
    basis: r.basis,
    projectCost: Number(r.project_cost),
    staffFte: Number(r.staff_fte),
    unitCost: Number(r.unit_cost),
    staffCost: Number(r.staff_cost),
    fullCost: Number(r.full_cost),
    fundingGeneral: num(r.funding_general),
    fundingNationalPrefectural: num(r.funding_national_prefectural),
    fundingOther: num(r.funding_other),
    source: r.source,
    setBy: r.set_by,
    setByName: r.set_by_name,
    setAt: new Date(r.set_at).toISOString(),
  };
}

/** The figures of a row alone (no who/when): what a sheet prints; null for no row. */
export function costFiguresOf(row: ItemCostRow | undefined): ItemCostFigures | null {
  if (!row) return null;
  const {
    itemId: _i,
    fiscalYear: _y,
    basis: _b,
    source: _s,
    setBy: _by,
    setByName: _n,
    setAt: _at,
    ...figures
  } = row;
  return figures;
}

/** Reads item_costs: an item's years, or many items' rows of one fiscal year (sheets, 進捗管理表). */
export class ItemCostsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every row of an item, newest year first (bounded by the years an item can have). */
  async ofItem(tenantId: string, itemId: string): Promise<ItemCostRow[]> {
    const rows: RawCostRow[] = await this.dataSource.query(
      `SELECT c.*, u.display_name AS set_by_name FROM item_costs c LEFT JOIN users u ON u.id = c.set_by
        WHERE c.tenant_id = $1 AND c.item_id = $2 ORDER BY c.fiscal_year DESC, c.basis LIMIT 200`,
      [tenantId, itemId],
    );
    return rows.map(mapRow);
  }

  /** The item's 事業区分 (null when unset), or undefined when the tenant has no such item. */
  async projectKindOf(tenantId: string, itemId: string): Promise<{ projectKind: string | null } | undefined> {
    const [row] = await this.dataSource.query(
      'SELECT project_kind FROM items WHERE tenant_id = $1 AND id = $2',
      [tenantId, itemId],
    );
    return row ? { projectKind: row.project_kind ?? null } : undefined;
  }

  /** The city's 人件費単価 in force now (what the next written cost is computed with). */
  staffUnitCost(tenantId: string): Promise<number> {
    return staffUnitCostOf(this.dataSource.manager, tenantId);
  }

  /** The rows of `itemIds` for one fiscal year. */
  async ofItemsInYear(
    tenantId: string,
    itemIds: readonly string[],
    fiscalYear: number,
  ): Promise<ItemCostRow[]> {
    if (itemIds.length === 0) return [];
    const rows: RawCostRow[] = await this.dataSource.query(
      `SELECT c.*, u.display_name AS set_by_name FROM item_costs c LEFT JOIN users u ON u.id = c.set_by
        WHERE c.tenant_id = $1 AND c.item_id = ANY($2::uuid[]) AND c.fiscal_year = $3`,
      [tenantId, [...itemIds], fiscalYear],
    );
    return rows.map(mapRow);
  }
}
