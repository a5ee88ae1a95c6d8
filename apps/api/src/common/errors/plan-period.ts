import { HttpException, HttpStatus } from '@nestjs/common';
import { apiError, errorDetail } from './localized-error';

/** A plan's period; either end may be open (a plan imported without one). */
export interface PlanPeriod {
  periodStartFy: number | null;
  periodEndFy: number | null;
}

/**
 * The 400 for a `fiscalYear` outside the plan's period (rule `plan_period`), or null when it lies
 * within: starting a cycle and freezing an edition both refuse such a year.
 */
export function outsidePlanPeriod(fiscalYear: number, plan: PlanPeriod): HttpException | null {
  const before = plan.periodStartFy !== null && fiscalYear < plan.periodStartFy;
  const after = plan.periodEndFy !== null && fiscalYear > plan.periodEndFy;
  if (!before && !after) return null;
  const period = `${plan.periodStartFy ?? '…'}–${plan.periodEndFy ?? '…'}`;
  return apiError(
    HttpStatus.BAD_REQUEST,
    {
      ja: `${fiscalYear}年度は計画期間（${period}年度）の範囲外です。`,
      en: `Fiscal year ${fiscalYear} is outside the plan period (${period}).`,
    },
    {
      code: 'VALIDATION_FAILED',
      details: [
        errorDetail('fiscalYear', 'plan_period', {
          ja: `fiscalYearは計画期間（${period}年度）内で指定してください。`,
          en: `fiscalYear must be within the plan period ${period}.`,
        }),
      ],
    },
  );
}
