/**
 * Japan's calendar as the city offices live it: JST wall-clock time, the fiscal year (April–March),
 * national holidays and business days. The tenant's fiscal-calendar policy (fiscal-calendar.ts)
 * builds due dates and review periods on it.
 */
import holidayJp from '@holiday-jp/holiday_jp';

// Japan has had no daylight saving time since 1951, so a fixed offset is exact and keeps the
// results independent of the machine's TZ and of Intl (neither is reliable inside the workflow sandbox).
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

// holiday_jp.isHoliday(Date) formats with the machine's local-time getters, so a JST midnight on a
// UTC machine is looked up as the previous day; and it scans every key per call. We look the
// JST calendar date up in the data table directly. The table covers 1970–2050.
const NATIONAL_HOLIDAYS: Readonly<Record<string, unknown>> = holidayJp.holidays;

// A policy that closes every day would make the business-day search loop forever.
const MAX_DAYS_SEARCHED = 366;

export interface JstParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly weekday: number;
}

export function assertValidInstant(instant: Date, name: string): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RangeError(`${name} must be a valid Date`);
  }
}

export function jstParts(instant: Date): JstParts {
  const shifted = new Date(instant.getTime() + JST_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    weekday: shifted.getUTCDay(),
  };
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The instant of a JST wall-clock time; `month` is 1-based. */
export function jstInstant(year: number, month: number, day: number, hour = 0, minute = 0): Date {
  const utc = new Date(0);
  // setUTCFullYear rather than Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, 0, 0);
  return new Date(utc.getTime() - JST_OFFSET_MS);
}

/** The JST calendar date of an instant as `YYYY-MM-DD`. */
export function jstDateString(instant: Date): string {
  assertValidInstant(instant, 'instant');
  const { year, month, day } = jstParts(instant);
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** The Japanese fiscal year (1 April – 31 March, JST) an instant falls in. */
export function fiscalYearOf(instant: Date): number {
  assertValidInstant(instant, 'instant');
  const { year, month } = jstParts(instant);
  return month >= 4 ? year : year - 1;
}

/** Fiscal year `fy` as [start, end): 1 April fy 00:00 JST up to 1 April fy+1 00:00 JST. */
export function fiscalYearRange(fy: number): { readonly start: Date; readonly end: Date } {
  assertFiscalYear(fy);
  return { start: jstInstant(fy, 4, 1), end: jstInstant(fy + 1, 4, 1) };
}

export function assertFiscalYear(fy: number): void {
  if (!Number.isSafeInteger(fy)) throw new RangeError(`fiscal year must be an integer, got ${fy}`);
}

/** The part of the policy that decides which days the offices are open. */
export interface BusinessDayRules {
  /**
   * Recurring closures beyond weekends and national holidays, as `MM-DD`. The default is the
   * year-end break 12/29–1/3, which municipalities observe as 休日 by ordinance (地方自治法 4条の2).
   */
  readonly closedDays: readonly string[];
}

export const DEFAULT_BUSINESS_DAYS: BusinessDayRules = {
  closedDays: ['12-29', '12-30', '12-31', '01-02', '01-03'],
};

/** Whether the JST calendar date of `instant` is a national holiday (振替休日 and 国民の休日 included). */
export function isNationalHoliday(instant: Date): boolean {
  return Object.hasOwn(NATIONAL_HOLIDAYS, jstDateString(instant));
}

/** Whether the JST calendar date of `instant` is a weekday that is neither a holiday nor a closed day. */
export function isBusinessDay(instant: Date, rules: BusinessDayRules = DEFAULT_BUSINESS_DAYS): boolean {
  assertValidInstant(instant, 'instant');
  const { month, day, weekday } = jstParts(instant);
  if (weekday === 0 || weekday === 6) return false;
  const monthDay = `${pad2(month)}-${pad2(day)}`;
  if (rules.closedDays.includes(monthDay)) return false;
  return !isNationalHoliday(instant);
}

function searchBusinessDay(instant: Date, rules: BusinessDayRules, stepMs: number): Date {
  assertValidInstant(instant, 'instant');
  let candidate = instant;
  for (let i = 0; i <= MAX_DAYS_SEARCHED; i++) {
    if (isBusinessDay(candidate, rules)) return candidate;
    candidate = new Date(candidate.getTime() + stepMs);
  }
  throw new RangeError(`no business day within ${MAX_DAYS_SEARCHED} days of ${instant.toISOString()}`);
}

/**
 * The latest business day on or before `instant`, at the same JST time of day
 * (a due date on a weekend or holiday moves earlier, so nobody has to work on the day off).
 */
export function previousBusinessDayOnOrBefore(
  instant: Date,
  rules: BusinessDayRules = DEFAULT_BUSINESS_DAYS,
): Date {
  return searchBusinessDay(instant, rules, -DAY_MS);
}

/** The earliest business day on or after `instant`, at the same JST time of day. */
export function nextBusinessDayOnOrAfter(
  instant: Date,
  rules: BusinessDayRules = DEFAULT_BUSINESS_DAYS,
): Date {
  return searchBusinessDay(instant, rules, DAY_MS);
}
