import type { LocalizedText } from '@pdca/domain';
import { formatDate, formatDateTime, type Lang } from '@pdca/domain/format';

// The small words the ledger's sentences share (ledger-labels.ts, external-ledger-labels.ts).

const REMINDER_KEY = /^before-(\d+)d$|^overdue$|^overdue-repeat-(\d+)$/;

/** A reminder's key in words: 期限の3日前 / 期限超過 / 期限超過・再通知2回目. */
export function reminderKeyLabel(key: unknown): LocalizedText {
  const match = typeof key === 'string' ? REMINDER_KEY.exec(key) : null;
  if (!match) return { ja: String(key ?? '?'), en: String(key ?? '?') };
  if (match[1]) return { ja: `期限の${match[1]}日前`, en: `${match[1]} day(s) before the due date` };
  if (match[2]) return { ja: `期限超過・再通知${match[2]}回目`, en: `overdue, repeat ${match[2]}` };
  return { ja: '期限超過', en: 'overdue' };
}

/** A day in a sentence: `2028年4月1日` / `1 Apr 2028` (Japan time, no weekday). */
export const day = (iso: string, lang: Lang) => formatDate(iso, lang, { weekday: false });
/** An instant in a sentence: `2028年4月1日 17:00` / `1 Apr 2028 17:00` (Japan time). */
export const dayAndTime = (iso: string, lang: Lang) => formatDateTime(iso, lang, { weekday: false });

/**
 * A payload value in each language's words (the money and date rule of the screens, from
 * libs/domain's format), or `?` when the entry does not carry it as expected. The payload itself
 * (and its hash) stays as stored: only the sentence is worded.
 */
export function inWords<T extends string | number>(
  value: T | null,
  format: (value: T, lang: Lang) => string,
): LocalizedText {
  return value === null ? { ja: '?', en: '?' } : { ja: format(value, 'ja'), en: format(value, 'en') };
}

export const text = (value: unknown) => (typeof value === 'string' ? value : null);
export const amount = (value: unknown) => (typeof value === 'number' ? value : null);

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A recorded label `{ja, en}` as it is, else null. */
export function recordedLabel(value: unknown): LocalizedText | null {
  return isRecord(value) && typeof value.ja === 'string' && typeof value.en === 'string'
    ? { ja: value.ja, en: value.en }
    : null;
}
