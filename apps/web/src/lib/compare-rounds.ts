import type { SubmissionPayload } from '../api/queries';

/**
 * A submission's number per indicator: a plan's targets, an evaluation's actuals, a review's
 * interim values (the other kinds have none).
 */
export function valuesByIndicator(payload: SubmissionPayload | null | undefined): Map<string, number> {
  if (!payload) return new Map();
  if ('targets' in payload) return new Map(payload.targets.map((t) => [t.indicatorId, t.target]));
  if ('actuals' in payload) return new Map(payload.actuals.map((a) => [a.indicatorId, a.actual]));
  if ('periodIndex' in payload)
    return new Map((payload.indicators ?? []).map((v) => [v.indicatorId, v.value]));
  return new Map();
}

/** Whether a value differs between this round and the previous one (both present). */
export function changedSincePrevious(
  current: number | undefined,
  previous: number | undefined,
  hasPrevious: boolean,
): boolean {
  if (!hasPrevious) return false;
  return JSON.stringify(current ?? null) !== JSON.stringify(previous ?? null);
}
