// Over 400 lines because the tenant's calendar settings, their validation and the dates built from them change together.
/**
 * A tenant's fiscal-calendar policy (due dates, review cadence and openings, plan-open date,
 * budget window) and the dates it yields for a fiscal year, on Japan's calendar (japan-calendar.ts).
 */

import { type CityReviewCadence, REVIEW_CADENCES } from './city-settings';
import {
  assertFiscalYear,
  assertValidInstant,
  type BusinessDayRules,
  DAY_MS,
  DEFAULT_BUSINESS_DAYS,
  daysInMonth,
  fiscalYearOf,
  jstInstant,
  jstParts,
  nextBusinessDayOnOrAfter,
  previousBusinessDayOnOrBefore,
} from './japan-calendar';
import type { LocalizedText } from './localized-text';

const MONTH_ABBREVIATIONS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

/**
 * How often the Do stage is reviewed: 12 months, 4 quarters (第1四半期…), two halves (上半期 Apr–Sep,
 * 下半期 Oct–Mar) or once for the whole year (2025年度).
 */
export type ReviewCadence = CityReviewCadence;

/** Months in one review period of each cadence. */
const MONTHS_PER_PERIOD: Readonly<Record<ReviewCadence, number>> = {
  monthly: 1,
  quarterly: 3,
  half_yearly: 6,
  yearly: 12,
};

/**
 * When a periodic review opens for submission: `period_end` (default) on the day after its period
 * ends — nothing is reported before it has happened; `last_month` on the first day of the
 * period's last month (a quarter's third month; for monthly reviews the month itself), for
 * tenants whose reviews are written while the period closes.
 */
export const REVIEW_OPENINGS = ['period_end', 'last_month'] as const;
export type ReviewOpening = (typeof REVIEW_OPENINGS)[number];

/** A date relative to a fiscal year: calendar year = fy + yearOffset. A day past month end means the last day. */
export interface DueDateRule {
  readonly yearOffset: number;
  readonly month: number;
  readonly day: number;
}

export interface TimeOfDay {
  readonly hour: number;
  readonly minute: number;
}

/** Per-tenant calendar settings. Every due date is moved to the previous business day. */
export interface FiscalCalendarPolicy extends BusinessDayRules {
  /** JST wall-clock time at which a due date falls due. */
  readonly dueTime: TimeOfDay;
  readonly planDue: DueDateRule;
  readonly reviewCadence: ReviewCadence;
  /** Day of the month after a review period ends on which the review is due. */
  readonly reviewDueDay: number;
  readonly executionReportDue: DueDateRule;
  readonly evaluationDue: DueDateRule;
  readonly actionDue: DueDateRule;
  /** When a periodic review opens; see {@link ReviewOpening}. */
  readonly reviewOpen: ReviewOpening;
  /**
   * 00:00 JST of the day the execution report opens: when the Do period (the fiscal year) has
   * ended. Default 1 April of fy+1.
   */
  readonly executionReportOpen: DueDateRule;
  /**
   * 00:00 JST of the day the evaluation opens: once the fiscal year has closed. Default 1 April of
   * fy+1. A tenant whose evaluation is due before that (a mid-year review) has it open as soon as
   * the CHECK stage begins, unless it sets an earlier opening date here.
   */
  readonly evaluationOpen: DueDateRule;
  /** No due date is set earlier than this many days after the cycle starts. */
  readonly minimumLeadDays: number;
  /**
   * When fiscal year fy's cycle opens (calendar year = fy + yearOffset, yearOffset −1 or 0): the
   * plan is drafted alongside the budget, before the year begins. Default 1 February.
   */
  readonly planOpen: DueDateRule;
  /**
   * Budget formulation (予算編成) of fiscal year T, relative to T (yearOffset −2…0); `end` is the
   * last day. An Act decision goes into the first budget whose window has not closed. Default
   * 1 September (T−1) – 31 January (T).
   */
  readonly budgetFormulation: { readonly start: DueDateRule; readonly end: DueDateRule };
}

/** Partial tenant overrides; nested date rules may be given partially too. */
export interface FiscalCalendarOverrides {
  readonly dueTime?: Partial<TimeOfDay>;
  readonly planDue?: Partial<DueDateRule>;
  readonly reviewCadence?: ReviewCadence;
  readonly reviewDueDay?: number;
  readonly executionReportDue?: Partial<DueDateRule>;
  readonly evaluationDue?: Partial<DueDateRule>;
  readonly actionDue?: Partial<DueDateRule>;
  readonly reviewOpen?: ReviewOpening;
  readonly executionReportOpen?: Partial<DueDateRule>;
  readonly evaluationOpen?: Partial<DueDateRule>;
  readonly minimumLeadDays?: number;
  readonly closedDays?: readonly string[];
  readonly planOpen?: Partial<DueDateRule>;
  readonly budgetFormulation?: { readonly start?: Partial<DueDateRule>; readonly end?: Partial<DueDateRule> };
}

export const DEFAULT_FISCAL_CALENDAR: FiscalCalendarPolicy = {
  dueTime: { hour: 17, minute: 0 },
  planDue: { yearOffset: 0, month: 4, day: 30 },
  reviewCadence: 'quarterly',
  reviewDueDay: 10,
  executionReportDue: { yearOffset: 1, month: 4, day: 20 },
  evaluationDue: { yearOffset: 1, month: 5, day: 31 },
  actionDue: { yearOffset: 1, month: 6, day: 30 },
  reviewOpen: 'period_end',
  executionReportOpen: { yearOffset: 1, month: 4, day: 1 },
  evaluationOpen: { yearOffset: 1, month: 4, day: 1 },
  minimumLeadDays: 14,
  closedDays: DEFAULT_BUSINESS_DAYS.closedDays,
  planOpen: { yearOffset: 0, month: 2, day: 1 },
  budgetFormulation: {
    start: { yearOffset: -1, month: 9, day: 1 },
    end: { yearOffset: 0, month: 1, day: 31 },
  },
};

const DUE_DATE_RULE_KEYS = [
  'planDue',
  'executionReportDue',
  'evaluationDue',
  'actionDue',
  'executionReportOpen',
  'evaluationOpen',
] as const;

function isIntegerIn(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function policyProblems(policy: FiscalCalendarPolicy): string[] {
  const problems: string[] = [];
  if (!isIntegerIn(policy.dueTime.hour, 0, 23)) problems.push('dueTime.hour must be an integer 0–23');
  if (!isIntegerIn(policy.dueTime.minute, 0, 59)) problems.push('dueTime.minute must be an integer 0–59');
  for (const key of DUE_DATE_RULE_KEYS) {
    const rule = policy[key];
    if (!isIntegerIn(rule.yearOffset, 0, 2)) problems.push(`${key}.yearOffset must be an integer 0–2`);
    if (!isIntegerIn(rule.month, 1, 12)) problems.push(`${key}.month must be an integer 1–12`);
    if (!isIntegerIn(rule.day, 1, 31)) problems.push(`${key}.day must be an integer 1–31`);
  }
  const relative: Array<[string, DueDateRule, number]> = [
    ['planOpen', policy.planOpen, -1],
    ['budgetFormulation.start', policy.budgetFormulation.start, -2],
    ['budgetFormulation.end', policy.budgetFormulation.end, -2],
  ];
  for (const [key, rule, minOffset] of relative) {
    if (!isIntegerIn(rule.yearOffset, minOffset, 0)) {
      problems.push(`${key}.yearOffset must be an integer ${minOffset}–0`);
    }
    if (!isIntegerIn(rule.month, 1, 12)) problems.push(`${key}.month must be an integer 1–12`);
    if (!isIntegerIn(rule.day, 1, 31)) problems.push(`${key}.day must be an integer 1–31`);
  }
  if (
    problems.length === 0 &&
    dateOfRule(0, policy.budgetFormulation.start).getTime() >
      dateOfRule(0, policy.budgetFormulation.end).getTime()
  ) {
    problems.push('budgetFormulation.start must not be after budgetFormulation.end');
  }
  if (!(REVIEW_OPENINGS as readonly string[]).includes(policy.reviewOpen)) {
    problems.push('reviewOpen must be period_end or last_month');
  }
  if (!(REVIEW_CADENCES as readonly string[]).includes(policy.reviewCadence)) {
    problems.push(`reviewCadence must be ${REVIEW_CADENCES.join(', ')}`);
  }
  if (!isIntegerIn(policy.reviewDueDay, 1, 31)) problems.push('reviewDueDay must be an integer 1–31');
  if (!isIntegerIn(policy.minimumLeadDays, 0, 180)) problems.push('minimumLeadDays must be an integer 0–180');
  for (const closed of policy.closedDays) {
    const match = /^(\d{2})-(\d{2})$/.exec(closed);
    if (!match || !isIntegerIn(Number(match[1]), 1, 12) || !isIntegerIn(Number(match[2]), 1, 31)) {
      problems.push(`closedDays entry "${closed}" must be MM-DD`);
    }
  }
  return problems;
}

/**
 * Merges tenant overrides onto `base` (the defaults unless given).
 * @throws RangeError listing every invalid setting, so a bad tenant configuration fails loudly.
 */
export function resolveFiscalCalendarPolicy(
  overrides: FiscalCalendarOverrides = {},
  base: FiscalCalendarPolicy = DEFAULT_FISCAL_CALENDAR,
): FiscalCalendarPolicy {
  const policy: FiscalCalendarPolicy = {
    dueTime: { ...base.dueTime, ...overrides.dueTime },
    planDue: { ...base.planDue, ...overrides.planDue },
    reviewCadence: overrides.reviewCadence ?? base.reviewCadence,
    reviewDueDay: overrides.reviewDueDay ?? base.reviewDueDay,
    executionReportDue: { ...base.executionReportDue, ...overrides.executionReportDue },
    evaluationDue: { ...base.evaluationDue, ...overrides.evaluationDue },
    actionDue: { ...base.actionDue, ...overrides.actionDue },
    reviewOpen: overrides.reviewOpen ?? base.reviewOpen,
    executionReportOpen: { ...base.executionReportOpen, ...overrides.executionReportOpen },
    evaluationOpen: { ...base.evaluationOpen, ...overrides.evaluationOpen },
    minimumLeadDays: overrides.minimumLeadDays ?? base.minimumLeadDays,
    closedDays: [...(overrides.closedDays ?? base.closedDays)],
    planOpen: { ...base.planOpen, ...overrides.planOpen },
    budgetFormulation: {
      start: { ...base.budgetFormulation.start, ...overrides.budgetFormulation?.start },
      end: { ...base.budgetFormulation.end, ...overrides.budgetFormulation?.end },
    },
  };
  const problems = policyProblems(policy);
  if (problems.length > 0) throw new RangeError(`invalid fiscal calendar policy: ${problems.join('; ')}`);
  return policy;
}

function dueOn(year: number, month: number, day: number, policy: FiscalCalendarPolicy): Date {
  const clampedDay = Math.min(day, daysInMonth(year, month));
  const nominal = jstInstant(year, month, clampedDay, policy.dueTime.hour, policy.dueTime.minute);
  return previousBusinessDayOnOrBefore(nominal, policy);
}

function dueByRule(fy: number, rule: DueDateRule, policy: FiscalCalendarPolicy): Date {
  return dueOn(fy + rule.yearOffset, rule.month, rule.day, policy);
}

/** One progress-review period of the Do stage. */
export interface ReviewPeriod {
  /** 1-based, so quarter 1 is index 1; review submissions refer to it as `periodIndex`. */
  readonly index: number;
  readonly label: LocalizedText;
  readonly periodStart: Date;
  /** Exclusive. */
  readonly periodEnd: Date;
  readonly dueAt: Date;
  /** When the review opens for submission (00:00 JST; see {@link ReviewOpening}). */
  readonly openAt: Date;
}

/**
 * The review periods of fiscal year `fy` (April to March): 12 months, 4 quarters, 2 halves
 * (上半期, 下半期) or the year itself. Each review is
 * due on `reviewDueDay` of the month after the period ends, at `dueTime`, moved to the previous
 * business day. No lead-time clamping here; see {@link stageDueDates}.
 */
export function reviewPeriods(
  fy: number,
  cadence: ReviewCadence,
  calendar: FiscalCalendarPolicy = DEFAULT_FISCAL_CALENDAR,
): ReviewPeriod[] {
  assertFiscalYear(fy);
  const monthsPerPeriod = MONTHS_PER_PERIOD[cadence];
  const periods: ReviewPeriod[] = [];
  for (let offset = 0; offset < 12; offset += monthsPerPeriod) {
    const startMonthIndex = 3 + offset; // 0-based month count from January of fy
    const startYear = fy + Math.floor(startMonthIndex / 12);
    const startMonth = (startMonthIndex % 12) + 1;
    const endMonthIndex = startMonthIndex + monthsPerPeriod;
    const endYear = fy + Math.floor(endMonthIndex / 12);
    const endMonth = (endMonthIndex % 12) + 1;
    const index = offset / monthsPerPeriod + 1;
    periods.push({
      index,
      label: periodLabel(fy, cadence, index, startYear, startMonth),
      periodStart: jstInstant(startYear, startMonth, 1),
      periodEnd: jstInstant(endYear, endMonth, 1),
      dueAt: dueOn(endYear, endMonth, calendar.reviewDueDay, calendar),
      openAt: reviewOpenAt(endYear, endMonth, calendar.reviewOpen ?? DEFAULT_FISCAL_CALENDAR.reviewOpen),
    });
  }
  return periods;
}

/** 2025年4月, 2025年度 第1四半期, 2025年度 上半期 or 2025年度: never 第1期 (期 is a plan period). */
function periodLabel(
  fy: number,
  cadence: ReviewCadence,
  index: number,
  startYear: number,
  startMonth: number,
): LocalizedText {
  switch (cadence) {
    case 'monthly':
      return {
        ja: `${startYear}年${startMonth}月`,
        en: `${MONTH_ABBREVIATIONS[startMonth - 1]} ${startYear}`,
      };
    case 'quarterly':
      return { ja: `${fy}年度 第${index}四半期`, en: `FY${fy} Q${index}` };
    case 'half_yearly':
      return index === 1
        ? { ja: `${fy}年度 上半期`, en: `FY${fy} H1` }
        : { ja: `${fy}年度 下半期`, en: `FY${fy} H2` };
    case 'yearly':
      return { ja: `${fy}年度`, en: `FY${fy}` };
  }
}

/** The opening of a review whose period ends (exclusive) on the 1st of `endMonth` of `endYear`. */
function reviewOpenAt(endYear: number, endMonth: number, opening: ReviewOpening): Date {
  if (opening === 'period_end') return jstInstant(endYear, endMonth, 1);
  const lastMonthIndex = endYear * 12 + (endMonth - 1) - 1;
  return jstInstant(Math.floor(lastMonthIndex / 12), (lastMonthIndex % 12) + 1, 1);
}

/** Every due date of one fiscal-year cycle. */
export interface StageDueDates {
  readonly plan: Date;
  readonly reviews: readonly ReviewPeriod[];
  readonly executionReport: Date;
  readonly evaluation: Date;
  readonly action: Date;
  /** notBefore + minimumLeadDays: no due date is earlier than this. */
  readonly earliestAllowed: Date;
  /**
   * When the execution report and the evaluation open (the reviews carry their own `openAt`);
   * null when the tenant's due date comes before the opening rule: the task opens with its stage.
   */
  readonly opens: { readonly executionReport: Date | null; readonly evaluation: Date | null };
}

/**
 * Due dates of fiscal year `fy`'s cycle under `policy`, each moved to the previous business day.
 * A cycle started late (`notBefore` is typically the start time) must still give people time, so a
 * due date earlier than notBefore + minimumLeadDays is pushed to the first business day at
 * `dueTime` that is not earlier than that bound. Reviews of periods that ended before the cycle
 * started are all pushed to that same date; the workflow may choose to skip them.
 */
export function stageDueDates(fy: number, policy: FiscalCalendarPolicy, notBefore: Date): StageDueDates {
  assertFiscalYear(fy);
  assertValidInstant(notBefore, 'notBefore');
  const earliestAllowed = new Date(notBefore.getTime() + policy.minimumLeadDays * DAY_MS);
  const withLead = (due: Date): Date => {
    if (due.getTime() >= earliestAllowed.getTime()) return due;
    const { year, month, day } = jstParts(earliestAllowed);
    let candidate = nextBusinessDayOnOrAfter(
      jstInstant(year, month, day, policy.dueTime.hour, policy.dueTime.minute),
      policy,
    );
    if (candidate.getTime() < earliestAllowed.getTime()) {
      candidate = nextBusinessDayOnOrAfter(new Date(candidate.getTime() + DAY_MS), policy);
    }
    return candidate;
  };
  return {
    plan: withLead(dueByRule(fy, policy.planDue, policy)),
    reviews: reviewPeriods(fy, policy.reviewCadence, policy).map((period) => ({
      ...period,
      dueAt: withLead(period.dueAt),
    })),
    executionReport: withLead(dueByRule(fy, policy.executionReportDue, policy)),
    evaluation: withLead(dueByRule(fy, policy.evaluationDue, policy)),
    action: withLead(dueByRule(fy, policy.actionDue, policy)),
    earliestAllowed,
    // Policies recorded before opening dates existed lack the rules: the defaults apply.
    opens: {
      executionReport: openingBefore(
        fy,
        policy.executionReportOpen ?? DEFAULT_FISCAL_CALENDAR.executionReportOpen,
        policy.executionReportDue,
      ),
      evaluation: openingBefore(
        fy,
        policy.evaluationOpen ?? DEFAULT_FISCAL_CALENDAR.evaluationOpen,
        policy.evaluationDue,
      ),
    },
  };
}

/** The opening date of a rule, or null when it would come after the task's nominal due date. */
function openingBefore(fy: number, open: DueDateRule, due: DueDateRule): Date | null {
  const at = dateOfRule(fy, open);
  return at.getTime() <= dateOfRule(fy, due).getTime() ? at : null;
}

/** 00:00 JST of a date rule relative to `fy` (a day past month end means the last day). */
function dateOfRule(fy: number, rule: DueDateRule): Date {
  const year = fy + rule.yearOffset;
  return jstInstant(year, rule.month, Math.min(rule.day, daysInMonth(year, rule.month)));
}

/** When fiscal year `fy`'s cycles open: 00:00 JST of the tenant's plan-open date. */
export function planOpenDate(fy: number, policy: FiscalCalendarPolicy = DEFAULT_FISCAL_CALENDAR): Date {
  assertFiscalYear(fy);
  return dateOfRule(fy, policy.planOpen);
}

/** Fiscal year `fy`'s budget formulation window as [start, end): end is the day after the last day. */
export function budgetFormulationWindow(
  fy: number,
  policy: FiscalCalendarPolicy = DEFAULT_FISCAL_CALENDAR,
): { readonly start: Date; readonly end: Date } {
  assertFiscalYear(fy);
  const last = dateOfRule(fy, policy.budgetFormulation.end);
  return { start: dateOfRule(fy, policy.budgetFormulation.start), end: new Date(last.getTime() + DAY_MS) };
}

/**
 * The fiscal year whose budget an Act decision of cycle year `cycleFy`, approved at `approvedAt`,
 * goes into: the first year after `cycleFy` whose formulation window has not closed. With the
 * default calendar an Act approved in summer N+1 reaches FY N+2; one approved by autumn N (a
 * mid-year review) reaches FY N+1.
 */
export function budgetTargetFiscalYear(
  cycleFy: number,
  approvedAt: Date,
  policy: FiscalCalendarPolicy = DEFAULT_FISCAL_CALENDAR,
): number {
  assertFiscalYear(cycleFy);
  assertValidInstant(approvedAt, 'approvedAt');
  let target = cycleFy + 1;
  while (budgetFormulationWindow(target, policy).end.getTime() <= approvedAt.getTime()) target++;
  return target;
}

/**
 * The fiscal years whose cycles should be open at `now` and the next plan-open date: every year
 * from the current one whose plan-open date has passed (the current year's cycles are opened too
 * when the scheduler starts late), and the instant the following year opens.
 */
export function fiscalYearsToOpen(
  now: Date,
  policy: FiscalCalendarPolicy = DEFAULT_FISCAL_CALENDAR,
): { readonly open: number[]; readonly next: { readonly fiscalYear: number; readonly at: Date } } {
  assertValidInstant(now, 'now');
  const open: number[] = [];
  let fy = fiscalYearOf(now);
  while (planOpenDate(fy, policy).getTime() <= now.getTime()) open.push(fy++);
  return { open, next: { fiscalYear: fy, at: planOpenDate(fy, policy) } };
}
