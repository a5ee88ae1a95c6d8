// Dates and money the way Japanese city officials read them, in one place for the web screens and
// the sentences made from the ledger (libs/audit), so both write 2027年1月1日 and 3,500千円 alike.
// Every date is shown in Japan time (Asia/Tokyo), whatever the machine's time zone. Pure: Intl only.

export type Lang = 'ja' | 'en';

const TIME_ZONE = 'Asia/Tokyo';

const jaDate = new Intl.DateTimeFormat('ja-JP', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  weekday: 'short',
});
const enDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  weekday: 'short',
});
const time = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** Whether a date names its weekday: screens do (`（水）`), sentences in the ledger do not. */
export interface DateOptions {
  weekday?: boolean;
}

function parts(format: Intl.DateTimeFormat, date: Date): Record<string, string> {
  return Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
}

/** `2026年12月16日（水）` / `Wed 16 Dec 2026` in JST; without the weekday `2026年12月16日` / `16 Dec 2026`. */
export function formatDate(iso: string | Date, lang: Lang, { weekday = true }: DateOptions = {}): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(date.getTime())) return '—';
  if (lang === 'ja') {
    const p = parts(jaDate, date);
    return `${p.year}年${p.month}月${p.day}日${weekday ? `（${p.weekday}）` : ''}`;
  }
  const p = parts(enDate, date);
  return `${weekday ? `${p.weekday} ` : ''}${p.day} ${p.month} ${p.year}`;
}

/** The date plus `14:05` (JST). */
export function formatDateTime(iso: string | Date, lang: Lang, options: DateOptions = {}): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(date.getTime())) return '—';
  return `${formatDate(date, lang, options)} ${time.format(date)}`;
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/**
 * Money in yen: Japanese in thousands of yen as budget documents do (`12,000千円`; an amount that
 * is not whole thousands stays in yen, `12,000,500円`), English in yen (`¥12,000,000`).
 */
export function formatMoney(yen: number, lang: Lang): string {
  if (!Number.isFinite(yen)) return '—';
  if (lang === 'en') return `${yen < 0 ? '-' : ''}¥${grouped.format(Math.abs(yen))}`;
  return yen % 1000 === 0 ? `${grouped.format(yen / 1000)}千円` : `${grouped.format(yen)}円`;
}

/** A signed difference: `+1,000千円` / `-300千円` / `±0円`; `+¥1,000,000` / `±¥0`. */
export function formatMoneyDelta(yen: number, lang: Lang): string {
  if (yen === 0) return lang === 'ja' ? '±0円' : '±¥0';
  return `${yen > 0 ? '+' : ''}${formatMoney(yen, lang)}`;
}
