import { Injectable } from '@nestjs/common';
import { DEFAULT_CITY_SETTINGS, type PlanRollup, type RollupItem, rollUpPlan } from '@pdca/domain';
import {
  type PlanReportData,
  type PlanReportHeader,
  PlanReportRepository,
  PlanTargetRepository,
  PolicyEvaluationSheetRepository,
} from '@pdca/persistence/repositories';
import { notFound } from '../common/errors/localized-error';
import type { AuthUser } from '../common/http/request-context';
import { planTargetsView } from '../plan-targets/plan-targets.service';
import { PLAN } from '../plans/plans.service';
import { mapPlanRollup, type PlanRollupDto, type PlanYearEffectDto } from './plan-reports.dto';

/**
 * The plan period's years: the plan's own first and last year, else the years with figures (and
 * the year asked), so a plan imported without a period still draws its years.
 */
export function periodYears(
  plan: Pick<PlanReportHeader, 'periodStartFy' | 'periodEndFy'>,
  items: readonly RollupItem[],
  fiscalYear: number,
): number[] {
  const known = [fiscalYear, ...items.flatMap((i) => Object.keys(i.effectsByYear).map(Number))];
  const from = plan.periodStartFy ?? Math.min(...known);
  const to = plan.periodEndFy ?? Math.max(...known);
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, n) => from + n);
}

/**
 * 効果額 per year of the period, each year rolled up on its own (pure, over the effects the
 * repository already read for every year): what the board's cumulative-against-target chart draws.
 * Actuals of years after the one asked are left out (null): the report is as of that year.
 */
export function effectYears(
  plan: Pick<PlanReportHeader, 'periodStartFy' | 'periodEndFy'>,
  items: readonly RollupItem[],
  fiscalYear: number,
): PlanYearEffectDto[] {
  return periodYears(plan, items, fiscalYear).map((fy) => {
    const { year, cumulative } = rollUpPlan(items, fy, plan.periodStartFy).plan;
    const known = fy <= fiscalYear;
    return {
      fiscalYear: fy,
      target: year.target.net,
      actual: known ? year.actual.net : null,
      cumulativeTarget: cumulative.target.net,
      cumulativeActual: known ? cumulative.actual.net : null,
      itemsWithActual: known ? year.itemsWithActual : 0,
    };
  });
}

@Injectable()
export class PlanReportsService {
  constructor(
    private readonly reports: PlanReportRepository,
    private readonly targets: PlanTargetRepository,
    private readonly policySheets: PolicyEvaluationSheetRepository,
  ) {}

  async summary(user: AuthUser, planId: string, fiscalYear: number): Promise<PlanRollupDto> {
    const { data, rollup } = await this.load(user, planId, fiscalYear);
    return mapPlanRollup(
      data.plan,
      data.gradeScale,
      rollup,
      data.levels ?? DEFAULT_CITY_SETTINGS.levels,
      effectYears(data.plan, data.items, fiscalYear),
    );
  }

  /** The report's data and its roll-up (the export writes both). */
  async load(
    user: AuthUser,
    planId: string,
    fiscalYear: number,
  ): Promise<{ data: PlanReportData; rollup: PlanRollup }> {
    return this.loadForTenant(user.tenantId, planId, fiscalYear);
  }

  /** The same by tenant id, for work done on the tenant's behalf (freezing an edition). */
  async loadForTenant(
    tenantId: string,
    planId: string,
    fiscalYear: number,
  ): Promise<{ data: PlanReportData; rollup: PlanRollup }> {
    const found = await this.reports.load(tenantId, planId, fiscalYear);
    if (!found) throw notFound(PLAN);
    // The plan's own targets (主要目標) go into the 進捗管理表's sheet of that name.
    const targets = await this.targets.load(tenantId, planId);
    const withTargets = targets
      ? { ...found, targets: planTargetsView(targets, fiscalYear).indicators }
      : found;
    // The nodes' 施策評価 of the year go into its 施策評価 sheet (#24).
    const policyEvaluations = await this.policySheets.loadPlan(tenantId, planId, fiscalYear, {
      withItems: false,
    });
    const data = { ...withTargets, policyEvaluations };
    return {
      data,
      rollup: rollUpPlan(data.items, fiscalYear, data.plan.periodStartFy, data.plan.periodEndFy),
    };
  }
}
