/**
 * A submission's number per indicator (a plan's targets, an evaluation's actuals, a review's
 * snapshot): the entries of any list in the payload that name an indicator.
 */
export function valuesByIndicator(payload: Record<string, unknown> | null | undefined): Map<string, unknown> {
  const values = new Map<string, unknown>();
  if (!payload) return values;
  for (const field of Object.values(payload)) {
    if (!Array.isArray(field)) continue;
    for (const entry of field) {
      if (!entry || typeof entry !== 'object') continue;
      const e = entry as Record<string, unknown>;
      if (typeof e.indicatorId !== 'string') continue;
      values.set(e.indicatorId, e.target ?? e.actual ?? e.value ?? null);
    }
  }
  return values;
}

/** Whether a value differs between this round and the previous one (both present). */
export function changedSincePrevious(current: unknown, previous: unknown, hasPrevious: boolean): boolean {
  if (!hasPrevious) return false;
  return JSON.stringify(current ?? null) !== JSON.stringify(previous ?? null);
}
