import {
  type AchievementFormulaSetting,
  type CitySettings,
  type LocalizedText,
  type PlanLevel,
  resolveCitySettings,
  type TargetAccumulation,
} from '@pdca/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { administrativeEntry, appendLedgerEntry, type LedgerUserActor } from './audit-ledger.repository';

/** One year's actual of a plan/node indicator, as HQ entered it. */
export interface StoredTargetActual {
  fiscalYear: number;
  value: number;
  source: string;
  /** YYYY-MM-DD: the date the figure is as of (時点). */
  asOf: string;
  note: string | null;
  enteredBy: string | null;
  enteredByName: string | null;
  enteredAt: string;
}

/** An indicator of the plan itself (node null) or of one of its nodes (主要目標). */
export interface StoredPlanTarget {
  id: string;
  node: { id: string; code: string; title: string; level: number } | null;
  name: string;
  unit: string;
  kind: 'outcome' | 'activity' | null;
  direction: 'higher_is_better' | 'lower_is_better';
  baseline: number | null;
  /** The indicator's own formula; null = the city's. */
  achievementFormula: AchievementFormulaSetting | null;
  accumulation: TargetAccumulation;
  periodTarget: number | null;
  /** The import's year-less 目標値. */
  finalTarget: number | null;
  targets: Record<number, number>;
  actuals: StoredTargetActual[];
}

export interface StoredPlanTargets {
  plan: { id: string; title: string; periodStartFy: number | null; periodEndFy: number | null };
  /** The plan's levels from the top (the last is the item's), in its own words. */
  levels: readonly PlanLevel[];
  /** The city's (or plan's) default 達成率 formula. */
  achievementFormula: AchievementFormulaSetting;
  indicators: StoredPlanTarget[];
}

/**
 * A 主要目標 as the 進捗管理表 prints it (its 主要目標 sheet): the API's view of it
 * (GET /plans/{planId}/targets) has this shape and more.
 */
export interface ReportPlanTarget {
  readonly node: { readonly code: string; readonly title: string; readonly levelName: LocalizedText } | null;
  readonly name: string;
  readonly unit: string;
  readonly direction: 'higher_is_better' | 'lower_is_better';
  readonly accumulation: TargetAccumulation;
  readonly baseline: number | null;
  readonly periodTarget: number | null;
  readonly years: ReadonlyArray<{
    readonly fiscalYear: number;
    readonly target: number | null;
    readonly actual: number | null;
    readonly source: string | null;
    readonly asOf: string | null;
  }>;
  readonly cumulative: number | null;
  readonly cumulativeFiscalYear: number | null;
  readonly progressRate: number | null;
}

/** Who owns an indicator, and the period of its plan: what a write checks first. */
export interface TargetIndicatorOwner {
  id: string;
  name: string;
  /** 'item' indicators take their actuals through the CHECK evaluation, not here. */
  owner: 'item' | 'node' | 'plan';
  planId: string;
  nodeId: string | null;
  nodeCode: string | null;
  periodStartFy: number | null;
  periodEndFy: number | null;
}

export interface ActualWrite {
  tenantId: string;
  indicatorId: string;
  fiscalYear: number;
  value: number;
  source: string;
  asOf: string;
  note: string | null;
  actor: LedgerUserActor;
}

export interface TargetsWrite {
  tenantId: string;
  indicatorId: string;
  periodTarget?: number | null;
  targets?: Record<string, number>;
  accumulation?: TargetAccumulation;
  reason: string;
  actor: LedgerUserActor;
}

/** not_found: no plan/node indicator of the tenant by that id (an item's counts as none). */
export type TargetWriteOutcome = 'not_found' | 'unchanged' | 'changed';

const num = (v: string | number | null): number | null => (v === null ? null : Number(v));

/**
 * The plan's own targets (主要目標): reads a plan's and its nodes' indicators with their actuals,
 * and writes an actual or the targets with their ledger entry (before and after) and outbox event in
 * one transaction. A write that changes nothing writes nothing.
 */
export class PlanTargetRepository {
  constructor(private readonly dataSource: DataSource) {}

  async load(tenantId: string, planId: string): Promise<StoredPlanTargets | null> {
    const [plan] = await this.dataSource.query(
      `SELECT p.id, p.title, p.period_start_fy, p.period_end_fy, p.settings AS plan_settings, t.settings
         FROM plans p JOIN tenants t ON t.id = p.tenant_id WHERE p.tenant_id = $1 AND p.id = $2`,
      [tenantId, planId],
    );
    if (!plan) return null;
    const settings = resolveCitySettings(
      plan.settings as Partial<CitySettings> | null,
      plan.plan_settings as Partial<CitySettings> | null,
    );
    // Plan indicators first, then the nodes' in the plan's tree order (depth first by sort, code).
    const rows = await this.dataSource.query(
      `WITH RECURSIVE tree AS (
         SELECT n.id, ARRAY[n.sort::text || '/' || n.code] AS path
           FROM plan_nodes n WHERE n.plan_id = $2 AND n.tenant_id = $1 AND n.parent_id IS NULL
         UNION ALL
         SELECT c.id, tree.path || (c.sort::text || '/' || c.code)
           FROM plan_nodes c JOIN tree ON c.parent_id = tree.id
       )
       SELECT x.id, x.name, x.unit, x.kind, x.direction, x.baseline, x.achievement_formula, x.accumulation,
              x.period_target, x.target, x.targets, n.id AS node_id, n.code AS node_code, n.title AS node_title,
              n.level AS node_level
         FROM indicators x
         LEFT JOIN plan_nodes n ON n.id = x.node_id
         LEFT JOIN tree ON tree.id = n.id
        WHERE x.tenant_id = $1 AND (x.plan_id = $2 OR n.plan_id = $2)
        ORDER BY x.node_id IS NOT NULL, tree.path, x.sort, x.name`,
      [tenantId, planId],
    );
    const actualRows = await this.dataSource.query(
      `SELECT a.indicator_id, a.fiscal_year, a.value, a.source, to_char(a.as_of, 'YYYY-MM-DD') AS as_of, a.note,
              a.entered_by, u.display_name AS entered_by_name, a.entered_at
         FROM indicator_actuals a LEFT JOIN users u ON u.id = a.entered_by
        WHERE a.tenant_id = $1 AND a.indicator_id = ANY($2::uuid[]) ORDER BY a.fiscal_year`,
      [tenantId, rows.map((r: { id: string }) => r.id)],
    );
    return {
      plan: {
        id: plan.id,
        title: plan.title,
        periodStartFy: plan.period_start_fy,
        periodEndFy: plan.period_end_fy,
      },
      levels: settings.levels,
      achievementFormula: settings.achievementFormula,
      indicators: rows.map((r: Record<string, never>) => ({
        id: r.id,
        node: r.node_id
          ? { id: r.node_id, code: r.node_code, title: r.node_title, level: r.node_level }
          : null,
        name: r.name,
        unit: r.unit,
        kind: r.kind,
        direction: r.direction,
        baseline: num(r.baseline),
        achievementFormula: r.achievement_formula,
        accumulation: r.accumulation,
        periodTarget: num(r.period_target),
        finalTarget: num(r.target),
        targets: Object.fromEntries(
          Object.entries((r.targets ?? {}) as Record<string, number>).map(([fy, v]) => [
            Number(fy),
            Number(v),
          ]),
        ),
        actuals: actualRows
          .filter((a: { indicator_id: string }) => a.indicator_id === r.id)
          .map((a: Record<string, never>) => ({
            fiscalYear: a.fiscal_year,
            value: Number(a.value),
            source: a.source,
            asOf: a.as_of,
            note: a.note,
            enteredBy: a.entered_by,
            enteredByName: a.entered_by_name,
            enteredAt: new Date(a.entered_at).toISOString(),
          })),
      })),
    };
  }

  /** The indicator's owner and its plan's period; null when the tenant has no such indicator. */
  async owner(tenantId: string, indicatorId: string, manager: EntityManager = this.dataSource.manager) {
    const [row] = await manager.query(
      `SELECT x.id, x.name, x.item_id, x.node_id, n.code AS node_code, p.id AS plan_id,
              p.period_start_fy, p.period_end_fy
         FROM indicators x
         LEFT JOIN items i ON i.id = x.item_id
         LEFT JOIN plan_nodes n ON n.id = x.node_id
         JOIN plans p ON p.id = COALESCE(x.plan_id, n.plan_id, i.plan_id)
        WHERE x.tenant_id = $1 AND x.id = $2`,
      [tenantId, indicatorId],
    );
    if (!row) return null;
    const owner: TargetIndicatorOwner = {
      id: row.id,
      name: row.name,
      owner: row.item_id ? 'item' : row.node_id ? 'node' : 'plan',
      planId: row.plan_id,
      nodeId: row.node_id,
      nodeCode: row.node_code,
      periodStartFy: row.period_start_fy,
      periodEndFy: row.period_end_fy,
    };
    return owner;
  }

  /**
   * Records (or corrects) a year's actual: the row, one `indicator.actual_recorded` ledger entry
   * with before and after, and an outbox event, in one transaction. The same figure, source, date
   * and note again writes nothing.
   */
  recordActual(input: ActualWrite): Promise<TargetWriteOutcome> {
    return this.dataSource.transaction(async (tx) => {
      const indicator = await this.lockedPlanIndicator(tx, input.tenantId, input.indicatorId);
      if (!indicator) return 'not_found';
      const [stored] = await tx.query(
        `SELECT value, source, to_char(as_of, 'YYYY-MM-DD') AS as_of, note FROM indicator_actuals
          WHERE indicator_id = $1 AND fiscal_year = $2`,
        [input.indicatorId, input.fiscalYear],
      );
      const before = stored
        ? { value: Number(stored.value), source: stored.source, asOf: stored.as_of, note: stored.note }
        : null;
      const after = { value: input.value, source: input.source, asOf: input.asOf, note: input.note };
      if (before && JSON.stringify(before) === JSON.stringify(after)) return 'unchanged';
      const payload = { ...ownerPayload(indicator), fiscalYear: input.fiscalYear, before, after };
      const entry = administrativeEntry(input.tenantId, input.actor, 'indicator.actual_recorded', payload);
      await tx.query(
        `INSERT INTO indicator_actuals (tenant_id, indicator_id, fiscal_year, value, source, as_of, note,
                                        entered_by, entered_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (indicator_id, fiscal_year) DO UPDATE SET value = EXCLUDED.value, source = EXCLUDED.source,
           as_of = EXCLUDED.as_of, note = EXCLUDED.note, entered_by = EXCLUDED.entered_by,
           entered_at = EXCLUDED.entered_at`,
        [
          input.tenantId,
          input.indicatorId,
          input.fiscalYear,
          input.value,
          input.source,
          input.asOf,
          input.note,
          input.actor.userId,
          entry.occurredAt,
        ],
      );
      await recordWithEvent(tx, entry, payload);
      return 'changed';
    });
  }

  /**
   * Sets the whole-period target, the yearly targets (replacing them) and/or the accumulation, with
   * one `indicator.targets_updated` ledger entry (before, after, reason) and an outbox event.
   */
  updateTargets(input: TargetsWrite): Promise<TargetWriteOutcome> {
    return this.dataSource.transaction(async (tx) => {
      const indicator = await this.lockedPlanIndicator(tx, input.tenantId, input.indicatorId);
      if (!indicator) return 'not_found';
      const [row] = await tx.query(
        'SELECT period_target, targets, accumulation FROM indicators WHERE id = $1',
        [input.indicatorId],
      );
      const before = {
        periodTarget: num(row.period_target),
        targets: sortedTargets(row.targets ?? {}),
        accumulation: row.accumulation as TargetAccumulation,
      };
      const after = {
        periodTarget: input.periodTarget === undefined ? before.periodTarget : input.periodTarget,
        targets: input.targets === undefined ? before.targets : sortedTargets(input.targets),
        accumulation: input.accumulation ?? before.accumulation,
      };
      if (JSON.stringify(before) === JSON.stringify(after)) return 'unchanged';
      await tx.query(
        'UPDATE indicators SET period_target = $2, targets = $3::jsonb, accumulation = $4 WHERE id = $1',
        [input.indicatorId, after.periodTarget, JSON.stringify(after.targets), after.accumulation],
      );
      const payload = { ...ownerPayload(indicator), before, after };
      const entry = administrativeEntry(
        input.tenantId,
        input.actor,
        'indicator.targets_updated',
        payload,
        input.reason,
      );
      await recordWithEvent(tx, entry, { ...payload, reason: input.reason });
      return 'changed';
    });
  }

  /** The plan/node indicator, row-locked so two writes of it queue up; null for an item's or none. */
  private async lockedPlanIndicator(tx: EntityManager, tenantId: string, indicatorId: string) {
    const owner = await this.owner(tenantId, indicatorId, tx);
    if (!owner || owner.owner === 'item') return null;
    await tx.query('SELECT 1 FROM indicators WHERE id = $1 FOR UPDATE', [indicatorId]);
    return owner;
  }
}

function ownerPayload(indicator: TargetIndicatorOwner) {
  return {
    indicatorId: indicator.id,
    indicatorName: indicator.name,
    planId: indicator.planId,
    nodeId: indicator.nodeId,
    nodeCode: indicator.nodeCode,
  };
}

/** Yearly targets with their years in order, numbers as numbers (so before and after compare). */
function sortedTargets(targets: Record<string, number | string>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(targets)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([fy, v]) => [fy, Number(v)]),
  );
}

/** The ledger entry and its outbox event (keyed by the entry's sequence number), in the caller's transaction. */
async function recordWithEvent(
  tx: EntityManager,
  entry: ReturnType<typeof administrativeEntry>,
  payload: Record<string, unknown>,
): Promise<void> {
  const seq = await appendLedgerEntry(tx, entry);
  await tx.query(
    `INSERT INTO outbox (tenant_id, event_key, type, payload, created_at) VALUES ($1, $2, $3, $4::jsonb, $5)`,
    [
      entry.tenantId,
      `${entry.action}#${entry.tenantId}#${seq}`,
      entry.action,
      JSON.stringify({ ...payload, by: entry.actorId }),
      entry.occurredAt,
    ],
  );
}
