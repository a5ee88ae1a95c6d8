// Over 400 lines because an import writes six tables and each insert and update spells out its columns.
import { computeFullCost, type ItemCostsInput } from '@pdca/domain/item-costs';
import { DataSource, EntityManager } from 'typeorm';
import { staffUnitCostOf } from './item-costs.repository';

/** An item of the plan as the import compares and updates it, with its indicators. */
export interface StoredPlanItem {
  id: string;
  code: string;
  title: string;
  summary: string;
  background: string;
  budgetAmount: number;
  /** `items.effect_targets` as stored: fiscal year (text) → 効果額 target. */
  effectTargets: Record<string, StoredEffectTarget>;
  sort: number;
  workingGroup: string | null;
  themeCode: string | null;
  goalCode: string | null;
  /** 再掲: codes of the item's further parents (item_parents, not primary), in order. */
  alsoUnder: string[];
  /** The item has a cycle that is not completed, closed or withdrawn. */
  running: boolean;
  /** The item's own review cadence (null: the city's). */
  reviewCadence: string | null;
  /** 事業区分 (items.project_kind). */
  projectKind: string | null;
  /** The 見込 an earlier import stored (its latest year), as the file wrote it; null: none. */
  importedCosts: ItemCostsInput | null;
  /** HQ removed the item from the plan (with this reason): an import never brings it back. */
  removal: { removedAt: Date; reason: string } | null;
  /** In their stored order. */
  indicators: StoredIndicator[];
}

export interface StoredEffectTarget {
  spendingReduction: number | null;
  revenueGain: number | null;
  cost: number | null;
  net: number;
}

export type StoredDirection = 'higher_is_better' | 'lower_is_better';

export interface StoredIndicator {
  id: string;
  name: string;
  unit: string;
  baseline: number | null;
  direction: StoredDirection;
  /** Fiscal year (text) → target: {"2027": 60}. */
  targets: Record<string, number>;
  target: number | null;
  kind: 'outcome' | 'activity' | null;
  /** 目標達成率's formula, `ratio` or `progress`; null: the city's. On update, null keeps what is stored. */
  achievementFormula: 'ratio' | 'progress' | null;
}

export interface PlanRowValues {
  title: string;
  periodStartFy: number | null;
  periodEndFy: number | null;
  /** Kept in `plans.source` (document, metadata, notes, last import). */
  source: Record<string, unknown>;
  /** Keys set in `plans.settings` (the plan's overrides of the city's settings, e.g. its levels). */
  settings?: Record<string, unknown>;
}

export interface PlanNodeRow {
  id: string;
  kind: 'goal' | 'theme';
  /** 1 = the top level. */
  level: number;
  code: string;
  title: string;
  parentId: string | null;
  sort: number;
  isDefault: boolean;
  description: string;
  vision: string;
  background: string;
}

/** Who owns an indicator: an item, a node or the plan (exactly one). */
export type IndicatorOwner = { itemId: string } | { nodeId: string } | { planId: string };

/** A node's or the plan's own indicator as stored. */
export interface StoredOwnIndicator extends StoredIndicator {
  nodeId: string | null;
  planId: string | null;
}

export type PlanNodeValues = Omit<PlanNodeRow, 'id'>;

export interface ItemRowValues {
  themeId: string;
  code: string;
  title: string;
  summary: string;
  background: string;
  workingGroupId: string | null;
  budget: number;
  effectTargets: Record<string, StoredEffectTarget>;
  sort: number;
  /** From the file's 報告頻度 column; null: not given (an update keeps what is stored). */
  reviewCadence: string | null;
}

export type IndicatorRowValues = Omit<StoredIndicator, 'id'> & { sort: number };

export interface SortUpdate {
  id: string;
  sort: number;
}

interface ItemRow {
  id: string;
  code: string;
  title: string;
  summary: string;
  background: string;
  budget_current_amount: string;
  effect_targets: Record<string, StoredEffectTarget> | null;
  sort: number;
  wg_name: string | null;
  theme_code: string | null;
  goal_code: string | null;
  also_under: string[] | null;
  running: boolean;
  removed_at: Date | null;
  removed_reason: string | null;
  review_cadence: string | null;
  project_kind: string | null;
  imported_costs: {
    project_cost: string;
    staff_fte: string;
    funding_general: string | null;
    funding_national_prefectural: string | null;
    funding_other: string | null;
  } | null;
}

interface IndicatorRow {
  id: string;
  item_id: string;
  node_id?: string | null;
  plan_id?: string | null;
  name: string;
  unit: string;
  baseline: string | null;
  direction: StoredDirection;
  targets: Record<string, number | string> | null;
  target: string | null;
  kind: 'outcome' | 'activity' | null;
  achievement_formula: 'ratio' | 'progress' | null;
}

const TERMINAL_CYCLE_STATUSES = ['completed', 'closed', 'withdrawn'];

/** A stored imported 見込 as the file wrote it (財源 absent where none was given). */
function importedCostsOf(row: ItemRow['imported_costs']): ItemCostsInput | null {
  if (!row) return null;
  const funding = (key: 'funding_general' | 'funding_national_prefectural' | 'funding_other') =>
    row[key] === null ? undefined : Number(row[key]);
  const general = funding('funding_general');
  return {
    projectCost: Number(row.project_cost),
    staffFte: Number(row.staff_fte),
    ...(general === undefined
      ? {}
      : {
          fundingGeneral: general,
          fundingNationalPrefectural: funding('funding_national_prefectural'),
          fundingOther: funding('funding_other'),
        }),
  };
}

/**
 * The SQL of a plan import, one method per table: plans, plan_nodes (goals and themes),
 * working_groups, items, item_budgets, indicators. What to write is decided by
 * libs/plan-import/src/store; `transaction` runs all of one import's writes in ONE transaction.
 * Takes a DataSource, or the EntityManager of a surrounding transaction (the demo seed imports
 * inside its own).
 */
export class PlanImportRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private get manager(): EntityManager {
    return this.db instanceof DataSource ? this.db.manager : this.db;
  }

  /** Runs `work` with a repository bound to one transaction: a failure leaves nothing written. */
  transaction<T>(work: (tx: PlanImportRepository) => Promise<T>): Promise<T> {
    return this.manager.transaction((tx) => work(new PlanImportRepository(tx)));
  }

  async findPlanId(tenantId: string, title: string): Promise<string | undefined> {
    const rows: Array<{ id: string }> = await this.manager.query(
      'SELECT id FROM plans WHERE tenant_id = $1 AND title = $2',
      [tenantId, title],
    );
    return rows[0]?.id;
  }

  /** By (tenant, title). Locks the plan row until commit: two imports of one plan run one after the other. */
  async upsertPlan(tenantId: string, plan: PlanRowValues): Promise<{ id: string; created: boolean }> {
    const [row]: Array<{ id: string; created: boolean }> = await this.manager.query(
      `INSERT INTO plans (tenant_id, title, period_start_fy, period_end_fy, source, settings)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb)
       ON CONFLICT (tenant_id, title) DO UPDATE
         SET period_start_fy = EXCLUDED.period_start_fy, period_end_fy = EXCLUDED.period_end_fy,
             source = EXCLUDED.source, settings = plans.settings || EXCLUDED.settings, updated_at = now()
       RETURNING id, (xmax = 0) AS created`,
      [
        tenantId,
        plan.title,
        plan.periodStartFy,
        plan.periodEndFy,
        JSON.stringify(plan.source),
        JSON.stringify(plan.settings ?? {}),
      ],
    );
    return row;
  }

  /** The plan's items with their working group, theme and goal codes and indicators, in order. */
  async planItems(tenantId: string, planId: string): Promise<StoredPlanItem[]> {
    const items: ItemRow[] = await this.manager.query(
      `SELECT i.id, i.code, i.title, i.summary, i.background, i.budget_current_amount, i.effect_targets, i.sort,
              wg.name AS wg_name, t.code AS theme_code, g.code AS goal_code,
              ARRAY(SELECT n.code FROM item_parents ip JOIN plan_nodes n ON n.id = ip.node_id
                     WHERE ip.item_id = i.id AND NOT ip.is_primary ORDER BY ip.sort, n.code) AS also_under, i.removed_at, i.removed_reason, i.review_cadence,
              i.project_kind,
              (SELECT to_jsonb(c) FROM (SELECT project_cost, staff_fte, funding_general, funding_national_prefectural,
                                               funding_other FROM item_costs
                                        WHERE item_id = i.id AND basis = 'estimate' AND source = 'import'
                                        ORDER BY fiscal_year DESC LIMIT 1) c) AS imported_costs,
              EXISTS (SELECT 1 FROM cycles c
                      WHERE c.tenant_id = i.tenant_id AND c.item_id = i.id AND c.status <> ALL($3::text[])) AS running
       FROM items i
       LEFT JOIN working_groups wg ON wg.id = i.working_group_id AND wg.tenant_id = i.tenant_id
       LEFT JOIN plan_nodes t ON t.id = i.theme_id AND t.tenant_id = i.tenant_id
       LEFT JOIN plan_nodes g ON g.id = t.parent_id AND g.tenant_id = i.tenant_id
       WHERE i.tenant_id = $1 AND i.plan_id = $2
       ORDER BY i.sort, i.code`,
      [tenantId, planId, TERMINAL_CYCLE_STATUSES],
    );
    const indicators: IndicatorRow[] =
      items.length === 0
        ? []
        : await this.manager.query(
            `SELECT id, item_id, name, unit, baseline, direction, targets, target, kind, achievement_formula FROM indicators
             WHERE tenant_id = $1 AND item_id = ANY($2::uuid[]) ORDER BY sort, name`,
            [tenantId, items.map((i) => i.id)],
          );
    const byItem = new Map<string, StoredIndicator[]>();
    for (const row of indicators) {
      const list = byItem.get(row.item_id);
      if (list) list.push(indicatorOf(row));
      else byItem.set(row.item_id, [indicatorOf(row)]);
    }
    return items.map((row) => ({
      id: row.id,
      code: row.code,
      title: row.title,
      summary: row.summary,
      background: row.background,
      budgetAmount: Number(row.budget_current_amount),
      effectTargets: row.effect_targets ?? {},
      sort: row.sort,
      workingGroup: row.wg_name,
      themeCode: row.theme_code,
      goalCode: row.goal_code,
      alsoUnder: row.also_under ?? [],
      running: row.running,
      reviewCadence: row.review_cadence,
      projectKind: row.project_kind,
      importedCosts: importedCostsOf(row.imported_costs),
      removal: row.removed_at ? { removedAt: row.removed_at, reason: row.removed_reason ?? '' } : null,
      indicators: byItem.get(row.id) ?? [],
    }));
  }

  /** `plans.settings` of the plan (its overrides of the city's settings), or null when there is no such plan. */
  async planSettings(tenantId: string, title: string): Promise<Record<string, unknown> | null> {
    const rows: Array<{ settings: Record<string, unknown> }> = await this.manager.query(
      'SELECT settings FROM plans WHERE tenant_id = $1 AND title = $2',
      [tenantId, title],
    );
    return rows[0]?.settings ?? null;
  }

  /** Which of `names` the tenant's working groups already carry. */
  async existingWorkingGroups(tenantId: string, names: string[]): Promise<Set<string>> {
    const rows: Array<{ name: string }> = await this.manager.query(
      'SELECT name FROM working_groups WHERE tenant_id = $1 AND name = ANY($2::text[])',
      [tenantId, names],
    );
    return new Set(rows.map((r) => r.name));
  }

  /** By name; returns name → id and the names created now (in the order given). */
  async upsertWorkingGroups(
    tenantId: string,
    names: string[],
  ): Promise<{ ids: Map<string, string>; created: string[] }> {
    if (names.length === 0) return { ids: new Map(), created: [] };
    // A new group has no leader: HQ assigns one (the leader is a person, not a column of the file).
    const created: Array<{ name: string }> = await this.manager.query(
      `INSERT INTO working_groups (tenant_id, name) SELECT $1, unnest($2::text[])
       ON CONFLICT (tenant_id, name) DO NOTHING RETURNING name`,
      [tenantId, names],
    );
    const rows: Array<{ id: string; name: string }> = await this.manager.query(
      'SELECT id, name FROM working_groups WHERE tenant_id = $1 AND name = ANY($2::text[])',
      [tenantId, names],
    );
    const createdNames = new Set(created.map((r) => r.name));
    return {
      ids: new Map(rows.map((r) => [r.name, r.id])),
      created: names.filter((n) => createdNames.has(n)),
    };
  }

  async planNodes(tenantId: string, planId: string): Promise<PlanNodeRow[]> {
    return this.manager.query(
      `SELECT id, kind, level, code, title, parent_id AS "parentId", sort, is_default AS "isDefault",
              description, vision, background
       FROM plan_nodes WHERE tenant_id = $1 AND plan_id = $2`,
      [tenantId, planId],
    );
  }

  async insertPlanNode(tenantId: string, planId: string, node: PlanNodeValues): Promise<string> {
    const [row]: Array<{ id: string }> = await this.manager.query(
      `INSERT INTO plan_nodes (tenant_id, plan_id, parent_id, kind, level, code, title, sort, is_default,
                               description, vision, background)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [
        tenantId,
        planId,
        node.parentId,
        node.kind,
        node.level,
        node.code,
        node.title,
        node.sort,
        node.isDefault,
        node.description,
        node.vision,
        node.background,
      ],
    );
    return row.id;
  }

  async updatePlanNode(
    tenantId: string,
    id: string,
    node: Omit<PlanNodeValues, 'kind' | 'code' | 'level'>,
  ): Promise<void> {
    await this.manager.query(
      `UPDATE plan_nodes SET title = $3, parent_id = $4, sort = $5, is_default = $6, description = $7, vision = $8,
              background = $9
       WHERE tenant_id = $1 AND id = $2`,
      [
        tenantId,
        id,
        node.title,
        node.parentId,
        node.sort,
        node.isDefault,
        node.description,
        node.vision,
        node.background,
      ],
    );
  }

  /** The plan's nodes' and the plan's own indicators, in their stored order. */
  async ownIndicators(tenantId: string, planId: string): Promise<StoredOwnIndicator[]> {
    const rows: IndicatorRow[] = await this.manager.query(
      `SELECT x.id, x.item_id, x.node_id, x.plan_id, x.name, x.unit, x.baseline, x.direction, x.targets, x.target, x.kind,
              x.achievement_formula
         FROM indicators x LEFT JOIN plan_nodes n ON n.id = x.node_id
        WHERE x.tenant_id = $1 AND (x.plan_id = $2 OR n.plan_id = $2)
        ORDER BY x.sort, x.name`,
      [tenantId, planId],
    );
    return rows.map((row) => ({
      ...indicatorOf(row),
      nodeId: row.node_id ?? null,
      planId: row.plan_id ?? null,
    }));
  }

  /**
   * Every parent of the given items (再掲 included): the items' rows are replaced by `parents`, the
   * primary one first (items.theme_id stays the primary parent).
   */
  async replaceItemParents(
    tenantId: string,
    itemIds: string[],
    parents: Array<{ itemId: string; nodeId: string; isPrimary: boolean; sort: number }>,
  ): Promise<void> {
    if (itemIds.length === 0) return;
    await this.manager.query('DELETE FROM item_parents WHERE tenant_id = $1 AND item_id = ANY($2::uuid[])', [
      tenantId,
      itemIds,
    ]);
    for (const batch of batchesOf(parents, () => [])) {
      await this.manager.query(
        `INSERT INTO item_parents (tenant_id, item_id, node_id, is_primary, sort)
         SELECT $1, v.item_id, v.node_id, v.is_primary, v.sort
           FROM unnest($2::uuid[], $3::uuid[], $4::boolean[], $5::int[]) AS v(item_id, node_id, is_primary, sort)`,
        [
          tenantId,
          batch.map((p) => p.itemId),
          batch.map((p) => p.nodeId),
          batch.map((p) => p.isPrimary),
          batch.map((p) => p.sort),
        ],
      );
    }
  }

  /** Returns code → id of the inserted items. */
  async insertItems(tenantId: string, planId: string, items: ItemRowValues[]): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (const batch of batchesOf(items, (v) => [v.code, v.title, v.summary, v.background])) {
      const inserted: Array<{ id: string; code: string }> = await this.manager.query(
        `INSERT INTO items (tenant_id, plan_id, theme_id, code, title, summary, background, working_group_id,
                            budget_current_amount, sort, effect_targets, review_cadence)
         SELECT $1, $2, v.theme_id, v.code, v.title, v.summary, v.background, v.working_group_id, v.budget, v.sort,
                v.effect_targets, v.review_cadence
         FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::uuid[], $9::bigint[], $10::int[],
                     $11::jsonb[], $12::text[])
           AS v(theme_id, code, title, summary, background, working_group_id, budget, sort, effect_targets,
                review_cadence)
         RETURNING id, code`,
        [
          tenantId,
          planId,
          batch.map((v) => v.themeId),
          batch.map((v) => v.code),
          batch.map((v) => v.title),
          batch.map((v) => v.summary),
          batch.map((v) => v.background),
          batch.map((v) => v.workingGroupId),
          batch.map((v) => v.budget),
          batch.map((v) => v.sort),
          batch.map((v) => JSON.stringify(v.effectTargets)),
          batch.map((v) => v.reviewCadence),
        ],
      );
      for (const row of inserted) ids.set(row.code, row.id);
    }
    return ids;
  }

  async updateItem(tenantId: string, id: string, item: ItemRowValues): Promise<void> {
    await this.manager.query(
      `UPDATE items SET theme_id = $3, title = $4, summary = $5, background = $6, working_group_id = $7,
                        budget_current_amount = $8, sort = $9, effect_targets = $10::jsonb,
                        review_cadence = COALESCE($11, review_cadence), updated_at = now()
       WHERE tenant_id = $1 AND id = $2`,
      [
        tenantId,
        id,
        item.themeId,
        item.title,
        item.summary,
        item.background,
        item.workingGroupId,
        item.budget,
        item.sort,
        JSON.stringify(item.effectTargets),
        item.reviewCadence,
      ],
    );
  }

  sortItems(tenantId: string, moves: SortUpdate[]): Promise<void> {
    return this.resort('items', tenantId, moves);
  }

  /**
   * Per-year budgets: every year of the plan period gets the item's imported amount, except a year
   * an approved Act decision has already set (a budget reflection outranks the plan file).
   */
  async upsertImportedBudgets(tenantId: string, planId: string): Promise<void> {
    await this.manager.query(
      `INSERT INTO item_budgets (tenant_id, item_id, fiscal_year, amount, source)
       SELECT i.tenant_id, i.id, fy, i.budget_current_amount, 'import'
         FROM items i JOIN plans p ON p.id = i.plan_id,
              generate_series(p.period_start_fy, p.period_end_fy) AS fy
        WHERE i.tenant_id = $1 AND i.plan_id = $2
          AND p.period_start_fy IS NOT NULL AND p.period_end_fy IS NOT NULL
       ON CONFLICT (item_id, fiscal_year) DO UPDATE SET amount = EXCLUDED.amount, updated_at = now()
        WHERE item_budgets.source = 'import'`,
      [tenantId, planId],
    );
  }

  /**
   * 事業費・人工・財源内訳 and 事業区分 of the file's items (#26), by item code. Costs become the 見込 of
   * every year of the plan period (source 'import', computed with the city's 人件費単価 now), except a
   * year whose 見込 a PLAN submission has set; an item the file gives no costs or 事業区分 keeps its own.
   */
  async upsertImportedCosts(
    tenantId: string,
    planId: string,
    rows: Array<{ code: string; costs?: ItemCostsInput; projectKind?: string }>,
  ): Promise<void> {
    const kinds = rows.filter((r) => r.projectKind !== undefined);
    if (kinds.length > 0) {
      await this.manager.query(
        `UPDATE items i SET project_kind = v.kind, updated_at = now()
           FROM unnest($3::text[], $4::text[]) AS v(code, kind)
          WHERE i.tenant_id = $1 AND i.plan_id = $2 AND i.code = v.code AND i.project_kind IS DISTINCT FROM v.kind`,
        [tenantId, planId, kinds.map((r) => r.code), kinds.map((r) => r.projectKind)],
      );
    }
    const costed = rows.filter((r) => r.costs !== undefined);
    if (costed.length === 0) return;
    const unitCost = await staffUnitCostOf(this.manager, tenantId);
    const figures = costed.map((r) => computeFullCost(r.costs!, unitCost));
    for (const batch of batchesOf(
      costed.map((r, i) => ({ code: r.code, f: figures[i] })),
      () => [],
    )) {
      await this.manager.query(
        `INSERT INTO item_costs (tenant_id, item_id, fiscal_year, basis, project_cost, staff_fte, unit_cost, staff_cost,
                                 full_cost, funding_general, funding_national_prefectural, funding_other, source, set_at)
         SELECT i.tenant_id, i.id, fy, 'estimate', v.project_cost, v.staff_fte, $4, v.staff_cost, v.full_cost,
                v.funding_general, v.funding_np, v.funding_other, 'import', now()
           FROM unnest($3::text[], $5::bigint[], $6::numeric[], $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[],
                       $11::bigint[])
                  AS v(code, project_cost, staff_fte, staff_cost, full_cost, funding_general, funding_np, funding_other)
           JOIN items i ON i.tenant_id = $1 AND i.plan_id = $2 AND i.code = v.code
           JOIN plans p ON p.id = i.plan_id,
                generate_series(p.period_start_fy, p.period_end_fy) AS fy
          WHERE p.period_start_fy IS NOT NULL AND p.period_end_fy IS NOT NULL
         ON CONFLICT (item_id, fiscal_year, basis) DO UPDATE SET project_cost = EXCLUDED.project_cost,
           staff_fte = EXCLUDED.staff_fte, unit_cost = EXCLUDED.unit_cost, staff_cost = EXCLUDED.staff_cost,
           full_cost = EXCLUDED.full_cost, funding_general = EXCLUDED.funding_general,
           funding_national_prefectural = EXCLUDED.funding_national_prefectural,
           funding_other = EXCLUDED.funding_other, set_by = NULL, set_at = EXCLUDED.set_at
          WHERE item_costs.source = 'import'
            AND (item_costs.project_cost, item_costs.staff_fte, item_costs.unit_cost,
                 item_costs.funding_general, item_costs.funding_national_prefectural, item_costs.funding_other)
                IS DISTINCT FROM (EXCLUDED.project_cost, EXCLUDED.staff_fte, EXCLUDED.unit_cost,
                 EXCLUDED.funding_general, EXCLUDED.funding_national_prefectural, EXCLUDED.funding_other)`,
        [
          tenantId,
          planId,
          batch.map((b) => b.code),
          unitCost,
          batch.map((b) => b.f.projectCost),
          batch.map((b) => b.f.staffFte),
          batch.map((b) => b.f.staffCost),
          batch.map((b) => b.f.fullCost),
          batch.map((b) => b.f.fundingGeneral),
          batch.map((b) => b.f.fundingNationalPrefectural),
          batch.map((b) => b.f.fundingOther),
        ],
      );
    }
  }

  /** Each row's owner is an item (`itemId`), a node (`nodeId`) or the plan (`planId`). */
  async insertIndicators(
    tenantId: string,
    rows: Array<IndicatorOwner & { indicator: IndicatorRowValues }>,
  ): Promise<void> {
    const owner = (r: IndicatorOwner, key: 'itemId' | 'nodeId' | 'planId'): string | null =>
      key in r ? (r as Record<typeof key, string>)[key] : null;
    for (const batch of batchesOf(rows, (r) => [r.indicator.name, r.indicator.unit])) {
      await this.manager.query(
        `INSERT INTO indicators (tenant_id, item_id, name, unit, baseline, direction, targets, target, sort, kind,
                                 node_id, plan_id, achievement_formula)
         SELECT $1, v.item_id, v.name, v.unit, v.baseline, v.direction, v.targets, v.target, v.sort, v.kind,
                v.node_id, v.plan_id, v.achievement_formula
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::numeric[], $6::text[], $7::jsonb[], $8::numeric[],
                     $9::int[], $10::text[], $11::uuid[], $12::uuid[], $13::text[])
           AS v(item_id, name, unit, baseline, direction, targets, target, sort, kind, node_id, plan_id,
                achievement_formula)`,
        [
          tenantId,
          batch.map((r) => owner(r, 'itemId')),
          batch.map((r) => r.indicator.name),
          batch.map((r) => r.indicator.unit),
          batch.map((r) => r.indicator.baseline),
          batch.map((r) => r.indicator.direction),
          batch.map((r) => JSON.stringify(r.indicator.targets)),
          batch.map((r) => r.indicator.target),
          batch.map((r) => r.indicator.sort),
          batch.map((r) => r.indicator.kind),
          batch.map((r) => owner(r, 'nodeId')),
          batch.map((r) => owner(r, 'planId')),
          batch.map((r) => r.indicator.achievementFormula),
        ],
      );
    }
  }

  /**
   * Everything but the name, by which the import matches indicators (their ids stay). A plan's or
   * node's indicator (主要目標) keeps the yearly targets HQ set (PUT /indicators/{id}/targets) when the
   * file gives none; its whole-period target, accumulation and actuals are never the file's.
   */
  async updateIndicator(tenantId: string, id: string, indicator: IndicatorRowValues): Promise<void> {
    await this.manager.query(
      `UPDATE indicators SET unit = $3, baseline = $4, direction = $5, target = $7, sort = $8,
              targets = CASE WHEN item_id IS NULL AND $6::jsonb = '{}'::jsonb THEN targets ELSE $6::jsonb END,
              kind = $9, achievement_formula = COALESCE($10, achievement_formula)
       WHERE tenant_id = $1 AND id = $2`,
      [
        tenantId,
        id,
        indicator.unit,
        indicator.baseline,
        indicator.direction,
        JSON.stringify(indicator.targets),
        indicator.target,
        indicator.sort,
        indicator.kind,
        indicator.achievementFormula,
      ],
    );
  }

  sortIndicators(tenantId: string, moves: SortUpdate[]): Promise<void> {
    return this.resort('indicators', tenantId, moves);
  }

  async deleteIndicators(tenantId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.manager.query('DELETE FROM indicators WHERE tenant_id = $1 AND id = ANY($2::uuid[])', [
      tenantId,
      ids,
    ]);
  }

  private async resort(table: 'items' | 'indicators', tenantId: string, moves: SortUpdate[]): Promise<void> {
    if (moves.length === 0) return;
    await this.manager.query(
      `UPDATE ${table} SET sort = v.sort FROM unnest($2::uuid[], $3::int[]) AS v(id, sort)
       WHERE ${table}.tenant_id = $1 AND ${table}.id = v.id`,
      [tenantId, moves.map((m) => m.id), moves.map((m) => m.sort)],
    );
  }
}

/**
 * node-postgres turns a statement's parameters into one message synchronously, on the event loop,
 * escaping text arrays character by character: all of a 5000-item plan in one INSERT held every other
 * request up for 100–800 ms (over a second for text full of quotes). An INSERT of at most this many
 * rows and characters takes a few milliseconds (some tens at worst), and the loop runs in between.
 */
const BATCH_ROWS = 500;
const BATCH_CHARS = 250_000;

/** `rows` in order, cut before a batch would exceed BATCH_ROWS rows or BATCH_CHARS of `textOf`. */
function batchesOf<T>(rows: T[], textOf: (row: T) => string[]): T[][] {
  const batches: T[][] = [];
  let batch: T[] = [];
  let chars = 0;
  for (const row of rows) {
    const length = textOf(row).reduce((sum, text) => sum + text.length, 0);
    if (batch.length > 0 && (batch.length === BATCH_ROWS || chars + length > BATCH_CHARS)) {
      batches.push(batch);
      batch = [];
      chars = 0;
    }
    batch.push(row);
    chars += length;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

function indicatorOf(row: IndicatorRow): StoredIndicator {
  return {
    id: row.id,
    name: row.name,
    unit: row.unit,
    baseline: row.baseline === null ? null : Number(row.baseline),
    direction: row.direction,
    targets: Object.fromEntries(Object.entries(row.targets ?? {}).map(([fy, v]) => [fy, Number(v)])),
    target: row.target === null ? null : Number(row.target),
    kind: row.kind,
    achievementFormula: row.achievement_formula ?? null,
  };
}
