// Dates, fiscal years and money the way Japanese city officials read them. All dates are shown
// in Japan time (Asia/Tokyo), whatever the browser's time zone. Dates and money follow libs/domain's
// one rule, shared with the ledger's sentences (監査 → 改革項目の経過).
import { eraOfFiscalYear } from '@pdca/domain/glossary';

export {
  formatDate,
  formatDateTime,
  formatMoney,
  formatMoneyDelta,
  type Lang,
} from '@pdca/domain/format';

import type { Lang } from '@pdca/domain/format';

const DAY_MS = 86_400_000;

/** The era of a fiscal year, `令和8年度` (libs/domain's, shared with the reports). */
export { eraOfFiscalYear };

/** `2026年度（令和8年度）` / `FY2026 (Reiwa 8)`. */
export function formatFiscalYear(fiscalYear: number, lang: Lang): string {
  const era = eraOfFiscalYear(fiscalYear);
  return lang === 'ja' ? `${fiscalYear}年度（${era.ja}）` : `FY${fiscalYear} (${era.en})`;
}

/** formatFiscalYear in both languages, for `l(…)`: screens write 2026年度（令和8年度）; published
 * documents (report titles, editions) write 令和8年度（2026年度） (libs/domain's reportFiscalYear). */
export function fiscalYearText(fiscalYear: number): { ja: string; en: string } {
  return { ja: formatFiscalYear(fiscalYear, 'ja'), en: formatFiscalYear(fiscalYear, 'en') };
}

/** The JST calendar day (midnight JST as a UTC timestamp) an instant falls on. */
function jstDay(date: Date): number {
  return Math.floor((date.getTime() + 9 * 3_600_000) / DAY_MS);
}

/** Calendar days from `now` to `due` in JST: 0 today, negative when past. */
export function daysUntil(due: string | Date, now: Date = new Date()): number {
  return jstDay(typeof due === 'string' ? new Date(due) : due) - jstDay(now);
}

/** `あと3日` / `本日期限` / `5日超過`; `3 days left` / `due today` / `5 days overdue`. */
export function formatDaysLeft(days: number, lang: Lang): string {
  if (lang === 'ja') return days > 0 ? `あと${days}日` : days === 0 ? '本日期限' : `${-days}日超過`;
  if (days === 0) return 'due today';
  const n = Math.abs(days);
  return days > 0 ? `${n} day${n === 1 ? '' : 's'} left` : `${n} day${n === 1 ? '' : 's'} overdue`;
}

/**
 * Punctuation between the parts of a line, in the page's language: Japanese full-width
 * （）：and the ideographic space, English ASCII (a full-width colon or space in an English line
 * reads as a typo: "Due：Fri 8 Jan 2027　32 days left").
 */
export const punct = (lang: Lang) =>
  lang === 'ja'
    ? { colon: '：', gap: '　', paren: (text: string) => `（${text}）`, equals: '＝ ' }
    : { colon: ': ', gap: ' · ', paren: (text: string) => ` (${text})`, equals: '= ' };

/** Percent with one decimal: `115.0%`. */
export function formatPercent(rate: number): string {
  return `${rate.toFixed(1)}%`;
}

const JST_OFFSET_MS = 9 * 3_600_000;

/** An instant as the value of a `datetime-local` input showing Japan time: `2026-12-16T17:00`. */
export function toJstInput(iso: string | Date): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(date.getTime())) return '';
  return new Date(date.getTime() + JST_OFFSET_MS).toISOString().slice(0, 16);
}

/**
 * A `datetime-local` value read as Japan time, as the API's ISO instant (`…+09:00`); what is not
 * a date and time is passed on as typed, so the server's rule explains it.
 */
export function fromJstInput(value: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? `${value}:00+09:00` : value;
}
