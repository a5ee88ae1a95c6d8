import type { ErrorDetail } from '../api/client';
import { ApiError } from '../api/client';
import type { Lang } from '../lib/format';

/** Server problems by field path (`targets[0].target`), in the chosen language. */
export type FieldErrors = ReadonlyMap<string, string>;

function messageOf(detail: ErrorDetail, lang: Lang): string {
  return lang === 'ja' ? detail.messageJa : detail.messageEn;
}

/**
 * The 400 `details` of a failed submission, grouped by field: the form shows each next to the
 * field it names. Several problems with one field are joined.
 */
export function fieldErrorsOf(error: unknown, lang: Lang): FieldErrors {
  const map = new Map<string, string>();
  if (!(error instanceof ApiError) || !error.body?.details) return map;
  for (const detail of error.body.details) {
    if (detail.severity === 'warning') continue;
    const message = messageOf(detail, lang);
    const previous = map.get(detail.field);
    map.set(detail.field, previous ? `${previous} ${message}` : message);
  }
  return map;
}

/** The sentence for the top of the form (what failed overall), or null when nothing failed. */
export function summaryOf(error: unknown, lang: Lang): string | null {
  if (!error) return null;
  if (error instanceof ApiError && error.body)
    return lang === 'ja' ? error.body.messageJa : error.body.messageEn;
  return lang === 'ja'
    ? '通信できませんでした。もう一度お試しください。'
    : 'The server could not be reached. Try again.';
}

/**
 * Fields the form does not show (e.g. `payload`, or an indicator id the user cannot edit) still
 * must reach the user: the ones not in `shown` are listed with the summary.
 */
export function unshownErrors(errors: FieldErrors, shown: readonly string[]): string[] {
  return [...errors]
    .filter(([field]) => !shown.includes(field))
    .map(([field, message]) => `${field}: ${message}`);
}

/**
 * What the user typed in a number field, as the API receives it. Full-width digits and thousands
 * separators are accepted (`１２,０００` → 12000); an empty field is null (the server says it is
 * required); anything else is sent as typed so the server's rule, not a second copy of it here,
 * explains what is wrong.
 */
export function numberInput(text: string): number | string | null {
  const normalised = text.normalize('NFKC').replace(/[,\s]/g, '');
  if (normalised === '') return null;
  const value = Number(normalised);
  return Number.isFinite(value) && /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(normalised) ? value : text;
}
