import { planLevelsOf, resolveProgressGradeScale, rollUpPlan } from '@pdca/domain';
import { DataSource } from 'typeorm';
import { citySettingsOf } from './cycle-context.repository';
import {
  type ApprovalRow,
  type CycleRow,
  effectYears,
  type IndicatorRow,
  type ItemRow,
  indicatorOf,
  type NodeRow,
  nodePaths,
  type PlanRow,
  planYears,
  type ReviewRow,
  type SheetContext,
  shapeCycle,
} from './evaluation-sheet.shape';
import type { EvaluationSheetData, SheetParent } from './evaluation-sheet.types';
import { groupBy } from './group-rows';
import { costFiguresOf, ItemCostsRepository } from './item-costs.repository';

export * from './evaluation-sheet.types';

/** The questions asked; bounded whatever the number of items (see {@link EvaluationSheetRepository}). */
type Scope = { itemId: string } | { planId: string };

/**
 * Reads 評価シート data: one item's (`load`) or every item's of a plan (`loadPlan`, for a frozen
 * edition of 300 sheets) in the same nine queries — plan, items, nodes, parents, indicators, cycles
 * of every year, and the year's approvals, reviews and budget reflections — whatever the number of
 * items, then shapes each sheet in memory.
 */
export class EvaluationSheetRepository {
  constructor(private readonly dataSource: DataSource) {}

  async load(tenantId: string, itemId: string, fiscalYear: number): Promise<EvaluationSheetData | null> {
    const [sheet] = await this.loadScope(tenantId, { itemId }, fiscalYear);
    return sheet ?? null;
  }

  /** Every item of the plan in the year (those removed before it began left out), in plan order. */
  async loadPlan(tenantId: string, planId: string, fiscalYear: number): Promise<EvaluationSheetData[]> {
    return this.loadScope(tenantId, { planId }, fiscalYear);
  }

  /** Whether the tenant has the plan (an empty plan has no sheet, yet exists). */
  async planExists(tenantId: string, planId: string): Promise<boolean> {
    const rows = await this.dataSource.query('SELECT 1 FROM plans WHERE tenant_id = $1 AND id = $2', [
      tenantId,
      planId,
    ]);
    return rows.length > 0;
  }

  private async loadScope(
    tenantId: string,
    scope: Scope,
    fiscalYear: number,
  ): Promise<EvaluationSheetData[]> {
    const byItem = 'itemId' in scope;
    const [plan]: PlanRow[] = await this.dataSource.query(
      `SELECT p.id, p.title, p.period_start_fy, p.period_end_fy, t.name AS tenant_name, t.settings,
              p.settings AS plan_settings
         FROM plans p JOIN tenants t ON t.id = p.tenant_id
        WHERE p.tenant_id = $1 AND p.id = ${byItem ? '(SELECT plan_id FROM items WHERE id = $2 AND tenant_id = $1)' : '$2'}`,
      [tenantId, byItem ? scope.itemId : scope.planId],
    );
    if (!plan) return [];
    const items: ItemRow[] = await this.dataSource.query(
      `SELECT i.id, i.code, i.title, i.summary, i.background, i.theme_id, wg.name AS wg_name,
              u.display_name AS leader_name, i.effect_targets
         FROM items i
         LEFT JOIN working_groups wg ON wg.id = i.working_group_id AND wg.tenant_id = i.tenant_id
         LEFT JOIN users u ON u.id = wg.leader_user_id
         LEFT JOIN plan_nodes n ON n.id = i.theme_id
        WHERE i.tenant_id = $1 AND i.plan_id = $2 ${byItem ? 'AND i.id = $4' : ''}
          AND ($4::uuid IS NOT NULL OR i.removed_at IS NULL
               OR i.removed_at >= make_timestamptz($3, 4, 1, 0, 0, 0, 'Asia/Tokyo'))
        ORDER BY n.sort NULLS FIRST, i.sort, i.code`,
      [tenantId, plan.id, fiscalYear, byItem ? scope.itemId : null],
    );
    if (items.length === 0) return [];
    const ids = items.map((i) => i.id);
    const q = <T>(sql: string, params: unknown[]): Promise<T[]> => this.dataSource.query(sql, params);
    const [nodes, parents, indicators, cycles] = await Promise.all([
      q<NodeRow>('SELECT id, parent_id, code, title FROM plan_nodes WHERE tenant_id = $1 AND plan_id = $2', [
        tenantId,
        plan.id,
      ]),
      q<{ item_id: string; node_id: string; is_primary: boolean }>(
        `SELECT item_id, node_id, is_primary FROM item_parents
          WHERE tenant_id = $1 AND item_id = ANY($2::uuid[]) ORDER BY is_primary DESC, sort`,
        [tenantId, ids],
      ),
      q<IndicatorRow>(
        `SELECT id, item_id, name, unit, kind, direction, baseline, target, targets, achievement_formula
           FROM indicators WHERE tenant_id = $1 AND item_id = ANY($2::uuid[]) ORDER BY sort, name`,
        [tenantId, ids],
      ),
      q<CycleRow>(
        `SELECT id, item_id, fiscal_year, stage, status, plan, execution_report, evaluation, decision,
                hq_rating, city_settings
           FROM cycles WHERE tenant_id = $1 AND item_id = ANY($2::uuid[])`,
        [tenantId, ids],
      ),
    ]);
    const yearCycleIds = cycles.filter((c) => c.fiscal_year === fiscalYear).map((c) => c.id);
    const [approvals, reviews, reflections] = await Promise.all([
      q<ApprovalRow>(
        `SELECT a.cycle_id, a.stage, a.submission_kind, a.step_label, a.status, a.comment, a.rating,
                a.decided_at, u.display_name AS approver_name
           FROM approvals a LEFT JOIN users u ON u.id = a.decided_by
          WHERE a.tenant_id = $1 AND a.cycle_id = ANY($2::uuid[])
          ORDER BY a.decided_at NULLS LAST, a.round, a.step_index`,
        [tenantId, yearCycleIds],
      ),
      q<ReviewRow>(
        `SELECT a.cycle_id, a.actor_name, a.payload->'submission' AS submission, t.title AS period
           FROM audit_log a LEFT JOIN tasks t ON t.id = a.task_id
          WHERE a.tenant_id = $1 AND a.cycle_id = ANY($2::uuid[]) AND a.action = 'review.submitted'
            AND a.payload ? 'submission'
          ORDER BY a.seq`,
        [tenantId, yearCycleIds],
      ),
      q<{ cycle_id: string; proposed_amount: string; fiscal_year: number }>(
        `SELECT cycle_id, proposed_amount, fiscal_year FROM budget_reflections
          WHERE tenant_id = $1 AND cycle_id = ANY($2::uuid[])`,
        [tenantId, yearCycleIds],
      ),
    ]);

    // 事業費・人件費・フルコスト (#26): the year's 見込 and 実績 of every item.
    const costsOf = groupBy(
      await new ItemCostsRepository(this.dataSource).ofItemsInYear(tenantId, ids, fiscalYear),
      (c) => c.itemId,
    );
    const city = citySettingsOf(plan.settings ?? {}, plan.plan_settings);
    const gradeScale = resolveProgressGradeScale(plan.settings?.progressGrades);
    const paths = nodePaths(nodes);
    const depth = Math.max(0, ...[...paths.values()].map((p) => p.length));
    const context: SheetContext = {
      fiscalYear,
      years: planYears(plan, fiscalYear, cycles),
      city,
      gradeScale,
    };
    const parentsOf = groupBy(parents, (p) => p.item_id);
    const indicatorsOf = groupBy(indicators, (i) => i.item_id);
    const cyclesOf = groupBy(cycles, (c) => c.item_id);
    const approvalsOf = groupBy(approvals, (a) => a.cycle_id);
    const reviewsOf = groupBy(reviews, (r) => r.cycle_id);
    const reflectionOf = new Map(reflections.map((r) => [r.cycle_id, r]));

    return items.map((item): EvaluationSheetData => {
      const itemCycles = cyclesOf.get(item.id) ?? [];
      const cycle = itemCycles.find((c) => c.fiscal_year === fiscalYear) ?? null;
      const reflection = cycle ? reflectionOf.get(cycle.id) : undefined;
      const sheet = shapeCycle(
        context,
        cycle,
        approvalsOf.get(cycle?.id ?? '') ?? [],
        reviewsOf.get(cycle?.id ?? '') ?? [],
      );
      const rollup = rollUpPlan(
        [
          {
            goalCode: '',
            goalTitle: '',
            themeCode: '',
            themeTitle: '',
            stage: null,
            grade: null,
            rating: null,
            decision: null,
            effectsByYear: effectYears(item.effect_targets ?? {}, itemCycles),
          },
        ],
        fiscalYear,
        plan.period_start_fy,
      );
      return {
        fiscalYear,
        tenantName: plan.tenant_name,
        plan: {
          id: plan.id,
          title: plan.title,
          periodStartFy: plan.period_start_fy,
          periodEndFy: plan.period_end_fy,
        },
        levels: planLevelsOf(city.levels, depth + 1),
        item: {
          id: item.id,
          code: item.code,
          title: item.title,
          summary: item.summary,
          background: item.background,
          department: item.wg_name,
          leaderName: item.leader_name,
        },
        // item_parents lists every parent; an item written without it has its primary parent only.
        parents: (
          parentsOf.get(item.id) ??
          (item.theme_id ? [{ item_id: item.id, node_id: item.theme_id, is_primary: true }] : [])
        ).map((p): SheetParent => ({ path: paths.get(p.node_id) ?? [], relisted: !p.is_primary })),
        indicators: (indicatorsOf.get(item.id) ?? []).map((i) => indicatorOf(context, i, itemCycles)),
        ...sheet,
        budgetReflection: reflection
          ? { amount: Number(reflection.proposed_amount), fiscalYear: reflection.fiscal_year }
          : null,
        effects: {
          year: rollup.plan.year,
          cumulative: rollup.plan.cumulative,
          cumulativeFromFy: rollup.cumulativeFromFy,
        },
        costs: {
          estimate: costFiguresOf(costsOf.get(item.id)?.find((c) => c.basis === 'estimate')),
          actual: costFiguresOf(costsOf.get(item.id)?.find((c) => c.basis === 'actual')),
        },
      };
    });
  }
}
