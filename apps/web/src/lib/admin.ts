import { ApiError, type ErrorDetail } from '../api/client';
import type { Plan } from '../api/queries';
import type { Lang } from './format';

/**
 * The fiscal years a plan covers. A plan without a whole period (Machida's table names none) offers
 * the years its cycles have and also this fiscal year and the next, within whichever end it has —
 * otherwise its first year could never be started.
 */
export function planYears(plan: Plan | undefined, cycleYears: number[], currentFy?: number): number[] {
  if (plan?.periodStartFy && plan.periodEndFy && plan.periodEndFy >= plan.periodStartFy)
    return Array.from(
      { length: plan.periodEndFy - plan.periodStartFy + 1 },
      (_, i) => plan.periodStartFy! + i,
    );
  const open = currentFy === undefined ? [] : [currentFy, currentFy + 1];
  const within = (fy: number) =>
    (!plan?.periodStartFy || fy >= plan.periodStartFy) && (!plan?.periodEndFy || fy <= plan.periodEndFy);
  return [...new Set([...cycleYears, ...open.filter(within)])].sort((a, b) => a - b);
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
