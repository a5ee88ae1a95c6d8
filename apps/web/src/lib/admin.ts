import { ApiError, type ErrorDetail } from '../api/client';
import type { Plan } from '../api/queries';
import type { Lang } from './format';

/** The fiscal years a plan covers; a plan without a period offers the years its cycles have. */
export function planYears(plan: Plan | undefined, cycleYears: number[]): number[] {
  if (plan?.periodStartFy && plan.periodEndFy && plan.periodEndFy >= plan.periodStartFy)
    return Array.from(
      { length: plan.periodEndFy - plan.periodStartFy + 1 },
      (_, i) => plan.periodStartFy! + i,
    );
  return [...new Set(cycleYears)].sort((a, b) => a - b);
}

/** One line of the problem table: what the server said about a row and column of the file. */
export interface FileProblem {
  row: number | null;
  column: string | null;
  value: string;
  severity: 'error' | 'warning';
  message: string;
}

/**
 * The problems of a refused file from the 400's `details` (row and column as the user sees them in
 * the file), errors first, then by row; other failures have none and show as a sentence.
 */
export function fileProblemsOf(error: unknown, lang: Lang): FileProblem[] {
  if (!(error instanceof ApiError) || !error.body?.details) return [];
  return error.body.details
    .map((d: ErrorDetail) => ({
      row: d.row ?? null,
      column: d.column ?? null,
      value: d.value ?? '',
      severity: d.severity ?? 'error',
      message: lang === 'ja' ? d.messageJa : d.messageEn,
    }))
    .sort(
      (a, b) =>
        (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) || (a.row ?? 0) - (b.row ?? 0),
    );
}
