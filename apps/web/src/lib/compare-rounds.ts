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

/** Fields that are not part of what HQ compares: the answer to the return is shown beside the comment. */
const NOT_COMPARED = new Set(['returnAnswer', 'periodIndex', 'rates']);

/** A value as comparable text: objects with their keys sorted (the ledger's JSON reorders them). */
function canonical(value: unknown): string {
  if (value === undefined || value === null || value === '') return 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * What changed since the previous round, field by field (top-level fields of the submission): each
 * changed field with its previous value (undefined where the field was not sent then), so the page
 * can say 「9,500千円 → 9,300千円」. Empty without a previous round.
 */
export function changedFields(
  current: SubmissionPayload | null | undefined,
  previous: SubmissionPayload | null | undefined,
): Map<string, unknown> {
  const changes = new Map<string, unknown>();
  if (!current || !previous) return changes;
  const now = current as Record<string, unknown>;
  const before = previous as Record<string, unknown>;
  for (const key of new Set([...Object.keys(now), ...Object.keys(before)])) {
    if (NOT_COMPARED.has(key)) continue;
    if (canonical(now[key]) !== canonical(before[key])) changes.set(key, before[key]);
  }
  return changes;
}
