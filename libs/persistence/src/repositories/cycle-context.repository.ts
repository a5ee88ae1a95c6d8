import type { CycleContext, CycleWorkflowInput } from '@pdca/contracts';
import {
  type AchievementFormulaSetting,
  type ApprovalPolicy,
  type CitySettings,
  DEFAULT_APPROVAL_POLICY,
  type FiscalCalendarOverrides,
  type ReminderPolicyOverrides,
  resolveCitySettings,
  resolveFiscalCalendarPolicy,
  resolveProgressGradeScale,
  resolveReminderPolicies,
  validateApprovalPolicy,
} from '@pdca/domain';
import { DataSource } from 'typeorm';

/** The per-tenant policies kept in tenants.settings (every key optional; defaults apply). */
export interface TenantSettings {
  approvalPolicy?: ApprovalPolicy;
  reminderPolicies?: ReminderPolicyOverrides;
  calendar?: FiscalCalendarOverrides;
  allowMembersToSubmit?: boolean;
  /** Progress grade scale: a preset key (`sabc`, `marks`) or a custom scale (see progress-grades.ts). */
  progressGrades?: unknown;
}

export class CycleContextNotFoundError extends Error {}

/**
 * The city's settings in force for one plan: the keys at the top of tenants.settings (CitySettings)
 * over the older calendar.reviewCadence, then the plan's own overrides (plans.settings).
 */
export function citySettingsOf(settings: TenantSettings, planSettings?: unknown): CitySettings {
  const olderCadence = settings.calendar?.reviewCadence;
  return resolveCitySettings(
    resolveCitySettings(
      olderCadence ? { reviewCadence: olderCadence } : {},
      settings as Partial<CitySettings>,
    ),
    planSettings as Partial<CitySettings> | null | undefined,
  );
}

/** Reads what a starting cycle needs to know about its item and tenant (its starter sends it along). */
export class CycleContextRepository {
  constructor(private readonly dataSource: DataSource) {}

  async load(input: Pick<CycleWorkflowInput, 'tenantId' | 'itemId' | 'fiscalYear'>): Promise<CycleContext> {
    const [row] = await this.dataSource.query(
      `SELECT t.id AS tenant_id, t.code AS tenant_code, t.settings, i.id AS item_id, i.code AS item_code,
              i.title AS item_title, i.review_cadence, COALESCE(ib.amount, i.budget_current_amount) AS budget_amount,
              p.period_end_fy, p.settings AS plan_settings, i.last_fiscal_year,
              wg.leader_user_id, COALESCE(wg.member_user_ids, '{}') AS member_user_ids
         FROM items i
         JOIN tenants t ON t.id = i.tenant_id
         JOIN plans p ON p.id = i.plan_id
         LEFT JOIN working_groups wg ON wg.id = i.working_group_id
         LEFT JOIN item_budgets ib ON ib.item_id = i.id AND ib.fiscal_year = $3
        WHERE i.id = $1 AND t.id = $2`,
      [input.itemId, input.tenantId, input.fiscalYear],
    );
    if (!row)
      throw new CycleContextNotFoundError(`item ${input.itemId} not found in tenant ${input.tenantId}`);
    const indicators = await this.dataSource.query(
      `SELECT id, name, unit, direction, baseline, targets, achievement_formula
         FROM indicators WHERE item_id = $1 ORDER BY sort, name`,
      [input.itemId],
    );
    const settings = (row.settings ?? {}) as TenantSettings;
    const city = citySettingsOf(settings, row.plan_settings);
    const approvalPolicy = settings.approvalPolicy ?? DEFAULT_APPROVAL_POLICY;
    const policyProblems = validateApprovalPolicy(approvalPolicy);
    if (policyProblems.length > 0) {
      throw new Error(
        `tenant ${row.tenant_code} has an invalid approval policy: ${JSON.stringify(policyProblems)}`,
      );
    }
    return {
      tenantId: row.tenant_id,
      tenantCode: row.tenant_code,
      itemId: row.item_id,
      itemCode: row.item_code,
      itemTitle: row.item_title,
      leaderUserId: row.leader_user_id,
      memberUserIds: row.member_user_ids,
      allowMembersToSubmit: settings.allowMembersToSubmit ?? false,
      approvalPolicy,
      reminderPolicies: resolveReminderPolicies(settings.reminderPolicies ?? {}),
      calendar: resolveFiscalCalendarPolicy({
        ...settings.calendar,
        reviewCadence: row.review_cadence ?? city.reviewCadence,
      }),
      indicators: indicators.map((i: Record<string, unknown>) => ({
        id: i.id as string,
        name: i.name as string,
        unit: i.unit as string,
        direction: i.direction as 'higher_is_better' | 'lower_is_better',
        baseline: i.baseline === null ? null : Number(i.baseline),
        targets: i.targets as Record<string, number>,
        // The indicator's own formula (plan file or screen), else the city's default.
        achievementFormula:
          (i.achievement_formula as AchievementFormulaSetting | null) ?? city.achievementFormula,
      })),
      budgetCurrentAmount: Number(row.budget_amount),
      planPeriodEndFy: row.period_end_fy,
      lastFiscalYear: row.last_fiscal_year,
      gradeCodes: resolveProgressGradeScale(settings.progressGrades).grades.map((g) => g.code),
      citySettings: {
        decisions: city.decisions,
        ratings: city.ratings,
        achievementFormula: city.achievementFormula,
      },
    };
  }
}
