import { Injectable } from '@nestjs/common';
import { DEFAULT_CITY_SETTINGS, type PlanRollup, rollUpPlan } from '@pdca/domain';
import { type PlanReportData, PlanReportRepository } from '@pdca/persistence/repositories';
import { notFound } from '../common/errors/localized-error';
import type { AuthUser } from '../common/http/request-context';
import { PLAN } from '../plans/plans.service';
import { mapPlanRollup, type PlanRollupDto } from './plan-reports.dto';

@Injectable()
export class PlanReportsService {
  constructor(private readonly reports: PlanReportRepository) {}

  async summary(user: AuthUser, planId: string, fiscalYear: number): Promise<PlanRollupDto> {
    const { data, rollup } = await this.load(user, planId, fiscalYear);
    return mapPlanRollup(data.plan, data.gradeScale, rollup, data.levels ?? DEFAULT_CITY_SETTINGS.levels);
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
    const data = await this.reports.load(tenantId, planId, fiscalYear);
    if (!data) throw notFound(PLAN);
    return { data, rollup: rollUpPlan(data.items, fiscalYear, data.plan.periodStartFy) };
  }
}
