import { type PolicyEvaluationSubmission, planLevelsOf } from '@pdca/domain';
import { DataSource } from 'typeorm';
import { citySettingsOf, type TenantSettings } from './cycle-context.repository';
import { type EvaluationSheetData, EvaluationSheetRepository } from './evaluation-sheet.repository';
import { type NodeRow, nodePaths } from './evaluation-sheet.shape';
import { groupBy } from './group-rows';
import type { PolicyEvaluationSheetData, PolicySheetItem } from './policy-evaluation-sheet.types';

export * from './policy-evaluation-sheet.types';

interface EvaluationRow {
  id: string;
  node_id: string;
  plan_id: string;
  status: PolicyEvaluationSheetData['status'];
  submission: PolicyEvaluationSubmission | null;
  owner_name: string | null;
  owner_user_id: string | null;
  plan_title: string;
  period_start_fy: number | null;
  period_end_fy: number | null;
  tenant_name: string;
  tenant_settings: TenantSettings | null;
  plan_settings: unknown;
}

/**
 * Reads 施策評価シート data (#24): one node's evaluation of a year (`load`) or every evaluated node's
 * of a plan (`loadPlan`, for an edition) in a bounded number of queries — four of its own:
 * the evaluations, the plan's nodes, their indicators and HQ's decisions; then the item 評価シート's
 * nine reads for the items' results, so both sheets say the same of an item.
 */
export class PolicyEvaluationSheetRepository {
  private readonly itemSheets: EvaluationSheetRepository;

  constructor(private readonly dataSource: DataSource) {
    this.itemSheets = new EvaluationSheetRepository(dataSource);
  }

  async load(
    tenantId: string,
    nodeId: string,
    fiscalYear: number,
  ): Promise<PolicyEvaluationSheetData | null> {
    const [sheet] = await this.loadScope(tenantId, 'e.node_id = $3', nodeId, fiscalYear);
    return sheet ?? null;
  }

  /**
   * Every node of the plan with a 施策評価 in the year, in plan order. `withItems: false` leaves the
   * items' results out (and their nine reads): the 進捗管理表's 施策評価 sheet has no use for them.
   */
  async loadPlan(
    tenantId: string,
    planId: string,
    fiscalYear: number,
    { withItems = true } = {},
  ): Promise<PolicyEvaluationSheetData[]> {
    return this.loadScope(tenantId, 'n.plan_id = $3', planId, fiscalYear, withItems);
  }

  private async loadScope(
    tenantId: string,
    where: string,
    id: string,
    fiscalYear: number,
    withItems = true,
  ): Promise<PolicyEvaluationSheetData[]> {
    const evaluations: EvaluationRow[] = await this.dataSource.query(
      `SELECT e.id, e.node_id, n.plan_id, e.status, e.submission, u.display_name AS owner_name, e.owner_user_id,
              p.title AS plan_title, p.period_start_fy, p.period_end_fy, t.name AS tenant_name,
              t.settings AS tenant_settings, p.settings AS plan_settings
         FROM policy_evaluations e
         JOIN plan_nodes n ON n.id = e.node_id AND n.tenant_id = e.tenant_id
         JOIN plans p ON p.id = n.plan_id JOIN tenants t ON t.id = e.tenant_id
         LEFT JOIN users u ON u.id = e.owner_user_id
        WHERE e.tenant_id = $1 AND e.fiscal_year = $2 AND ${where}
        ORDER BY n.sort, n.code`,
      [tenantId, fiscalYear, id],
    );
    if (evaluations.length === 0) return [];
    const first = evaluations[0]!;
    const planId = first.plan_id;
    const q = <T>(sql: string, params: unknown[]): Promise<T[]> => this.dataSource.query(sql, params);
    const [nodes, indicators, decisions, itemSheets] = await Promise.all([
      q<NodeRow>('SELECT id, parent_id, code, title FROM plan_nodes WHERE tenant_id = $1 AND plan_id = $2', [
        tenantId,
        planId,
      ]),
      q<{ id: string; node_id: string; name: string; unit: string; targets: Record<string, number> | null }>(
        `SELECT id, node_id, name, unit, targets FROM indicators
          WHERE tenant_id = $1 AND node_id = ANY($2::uuid[]) ORDER BY sort, name`,
        [tenantId, evaluations.map((e) => e.node_id)],
      ),
      q<Record<string, unknown>>(
        `SELECT a.evaluation_id, a.round, a.step_label, a.status, a.comment, a.decided_at,
                u.display_name AS approver_name
           FROM policy_evaluation_approvals a LEFT JOIN users u ON u.id = a.decided_by
          WHERE a.tenant_id = $1 AND a.evaluation_id = ANY($2::uuid[]) AND a.decided_at IS NOT NULL
          ORDER BY a.decided_at, a.round, a.step_index`,
        [tenantId, evaluations.map((e) => e.id)],
      ),
      withItems ? this.itemSheets.loadPlan(tenantId, planId, fiscalYear) : [],
    ]);
    const city = citySettingsOf(first.tenant_settings ?? {}, first.plan_settings);
    const paths = nodePaths(nodes);
    const depth = Math.max(0, ...[...paths.values()].map((p) => p.length));
    const levels = planLevelsOf(city.levels, depth + 1);
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const indicatorsOf = groupBy(indicators, (i) => i.node_id);
    const decisionsOf = groupBy(decisions, (d) => d.evaluation_id as string);

    return evaluations.map((e): PolicyEvaluationSheetData => {
      const path = paths.get(e.node_id) ?? [];
      const node = byId.get(e.node_id)!;
      const level = path.length - 1;
      const submission = e.submission;
      const scaleGrade = city.policyEvaluation.scale.find((g) => g.code === submission?.rating);
      return {
        fiscalYear,
        tenantName: e.tenant_name,
        plan: {
          id: e.plan_id,
          title: e.plan_title,
          periodStartFy: e.period_start_fy,
          periodEndFy: e.period_end_fy,
        },
        node: {
          id: node.id,
          code: node.code,
          title: node.title,
          levelName: levels[level]?.name ?? null,
          path: path.slice(0, -1).map((p, i) => ({ ...p, levelName: levels[i]?.name ?? null })),
          ownerName: e.owner_name,
          ownerUserId: e.owner_user_id,
        },
        status: e.status,
        rating: submission
          ? { code: submission.rating, symbol: submission.rating, label: scaleGrade?.label ?? null }
          : null,
        reason: submission?.reason ?? '',
        indicators: (indicatorsOf.get(e.node_id) ?? []).map((i) => {
          const result = submission?.indicators.find((r) => r.indicatorId === i.id);
          return {
            name: i.name,
            unit: i.unit,
            target: i.targets?.[String(fiscalYear)] ?? null,
            actual: result?.actual ?? null,
            reason: result?.reason ?? '',
          };
        }),
        issues: submission?.issues ?? '',
        direction: submission?.direction ?? '',
        decisions: (decisionsOf.get(e.id) ?? []).map((d) => ({
          round: Number(d.round),
          stepLabel: d.step_label as PolicyEvaluationSheetData['decisions'][number]['stepLabel'],
          status: d.status as PolicyEvaluationSheetData['decisions'][number]['status'],
          comment: (d.comment as string | null) ?? '',
          decidedAt: d.decided_at ? new Date(d.decided_at as string).toISOString() : null,
          approverName: (d.approver_name as string | null) ?? null,
        })),
        items: itemSheets.filter((s) => isUnder(s, path)).map(itemResult),
      };
    });
  }
}

/** Whether the item's primary parent lies in the subtree of the node at the end of `nodePath`. */
function isUnder(sheet: EvaluationSheetData, nodePath: ReadonlyArray<{ code: string }>): boolean {
  const primary = sheet.parents.find((p) => !p.relisted)?.path ?? [];
  return nodePath.length > 0 && nodePath.every((n, i) => primary[i]?.code === n.code);
}

/** An item's results of the year, as its own 評価シート prints them. */
function itemResult(sheet: EvaluationSheetData): PolicySheetItem {
  const { year } = sheet.effects;
  return {
    code: sheet.item.code,
    title: sheet.item.title,
    firstEvaluation: sheet.firstEvaluation,
    secondEvaluation: sheet.secondEvaluation,
    progressGrade: sheet.grade,
    decision: sheet.direction,
    effectTarget: year.itemsWithTarget > 0 ? year.target.net : null,
    effectActual: year.itemsWithActual > 0 ? year.actual.net : null,
  };
}
