import fc from 'fast-check';
import {
  budgetTargetFiscalYear,
  DEFAULT_FISCAL_CALENDAR,
  fiscalYearsToOpen,
  planOpenDate,
  resolveFiscalCalendarPolicy,
  reviewPeriods,
  stageDueDates,
} from './fiscal-calendar';
import { fiscalYearRange, isBusinessDay, jstInstant } from './japan-calendar';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A JST wall-clock time written as ISO without offset, e.g. jst('2025-11-03T17:00'). */
const jst = (local: string): Date => new Date(`${local}+09:00`);

describe('resolveFiscalCalendarPolicy', () => {
  it('returns the defaults without overrides', () => {
    expect(resolveFiscalCalendarPolicy()).toEqual(DEFAULT_FISCAL_CALENDAR);
  });

  it('merges partial overrides, nested ones field by field', () => {
    const sut = resolveFiscalCalendarPolicy({
      planDue: { day: 15 },
      dueTime: { hour: 12 },
      minimumLeadDays: 7,
    });
    expect(sut.planDue).toEqual({ yearOffset: 0, month: 4, day: 15 });
    expect(sut.dueTime).toEqual({ hour: 12, minute: 0 });
    expect(sut.minimumLeadDays).toBe(7);
    expect(sut.actionDue).toEqual(DEFAULT_FISCAL_CALENDAR.actionDue);
  });

  it('rejects invalid settings and names each one', () => {
    expect(() => resolveFiscalCalendarPolicy({ planDue: { month: 13 }, closedDays: ['1229'] })).toThrow(
      /planDue\.month.*closedDays entry "1229"/,
    );
    expect(() => resolveFiscalCalendarPolicy({ minimumLeadDays: -1 })).toThrow(/minimumLeadDays/);
  });

  it('accepts the four review cadences and refuses any other', () => {
    for (const reviewCadence of ['monthly', 'quarterly', 'half_yearly', 'yearly'] as const) {
      expect(resolveFiscalCalendarPolicy({ reviewCadence }).reviewCadence).toBe(reviewCadence);
    }
    expect(() => resolveFiscalCalendarPolicy({ reviewCadence: 'weekly' as unknown as 'yearly' })).toThrow(
      /reviewCadence must be monthly, quarterly, half_yearly, yearly/,
    );
  });
});

describe('reviewPeriods', () => {
  it('splits the fiscal year into 12 contiguous months with bilingual labels', () => {
    const sut = reviewPeriods(2025, 'monthly');
    expect(sut).toHaveLength(12);
    expect(sut[0]).toEqual({
      index: 1,
      label: { ja: '2025年4月', en: 'Apr 2025' },
      periodStart: jst('2025-04-01T00:00'),
      periodEnd: jst('2025-05-01T00:00'),
      // 10 May 2025 is a Saturday.
      dueAt: jst('2025-05-09T17:00'),
      // Opens when the month is over.
      openAt: jst('2025-05-01T00:00'),
    });
    expect(sut[9]!.label).toEqual({ ja: '2026年1月', en: 'Jan 2026' });
    expect(sut[11]!.label).toEqual({ ja: '2026年3月', en: 'Mar 2026' });
    expect(sut[11]!.periodEnd).toEqual(fiscalYearRange(2025).end);
    expect(sut[11]!.dueAt).toEqual(jst('2026-04-10T17:00'));
    for (let i = 1; i < sut.length; i++) expect(sut[i]!.periodStart).toEqual(sut[i - 1]!.periodEnd);
  });

  it('splits the fiscal year into quarters due on the 10th of the following month', () => {
    const sut = reviewPeriods(2025, 'quarterly');
    expect(sut.map((p) => [p.index, p.label.ja, p.label.en, p.dueAt.toISOString()])).toEqual([
      [1, '2025年度 第1四半期', 'FY2025 Q1', jst('2025-07-10T17:00').toISOString()],
      [2, '2025年度 第2四半期', 'FY2025 Q2', jst('2025-10-10T17:00').toISOString()],
      // 10 January 2026 is a Saturday.
      [3, '2025年度 第3四半期', 'FY2025 Q3', jst('2026-01-09T17:00').toISOString()],
      [4, '2025年度 第4四半期', 'FY2025 Q4', jst('2026-04-10T17:00').toISOString()],
    ]);
    expect(sut[2]!.periodStart).toEqual(jst('2025-10-01T00:00'));
    expect(sut[2]!.periodEnd).toEqual(jst('2026-01-01T00:00'));
  });

  it('splits the fiscal year into 上半期 (Apr–Sep) and 下半期 (Oct–Mar), opening on 1 October and 1 April', () => {
    const sut = reviewPeriods(2025, 'half_yearly');
    expect(sut).toEqual([
      {
        index: 1,
        label: { ja: '2025年度 上半期', en: 'FY2025 H1' },
        periodStart: jst('2025-04-01T00:00'),
        periodEnd: jst('2025-10-01T00:00'),
        dueAt: jst('2025-10-10T17:00'),
        openAt: jst('2025-10-01T00:00'),
      },
      {
        index: 2,
        label: { ja: '2025年度 下半期', en: 'FY2025 H2' },
        periodStart: jst('2025-10-01T00:00'),
        periodEnd: jst('2026-04-01T00:00'),
        dueAt: jst('2026-04-10T17:00'),
        openAt: jst('2026-04-01T00:00'),
      },
    ]);
  });

  it('makes one yearly review for the whole year (2025年度), opening on 1 April of the next year', () => {
    expect(reviewPeriods(2025, 'yearly')).toEqual([
      {
        index: 1,
        label: { ja: '2025年度', en: 'FY2025' },
        periodStart: jst('2025-04-01T00:00'),
        periodEnd: jst('2026-04-01T00:00'),
        dueAt: jst('2026-04-10T17:00'),
        openAt: jst('2026-04-01T00:00'),
      },
    ]);
  });

  it('never labels a period 第n期 (期 is a plan period)', () => {
    for (const cadence of ['monthly', 'quarterly', 'half_yearly', 'yearly'] as const) {
      for (const period of reviewPeriods(2026, cadence)) expect(period.label.ja).not.toMatch(/第\d+期/);
    }
  });
});

describe('opening dates', () => {
  it('opens each review when its period ends, by default', () => {
    expect(reviewPeriods(2026, 'quarterly').map((p) => p.openAt)).toEqual([
      jst('2026-07-01T00:00'),
      jst('2026-10-01T00:00'),
      jst('2027-01-01T00:00'),
      jst('2027-04-01T00:00'),
    ]);
  });

  it('opens reviews in the last month of their period when the tenant says so', () => {
    const calendar = resolveFiscalCalendarPolicy({ reviewOpen: 'last_month' });
    expect(reviewPeriods(2026, 'quarterly', calendar).map((p) => p.openAt)).toEqual([
      jst('2026-06-01T00:00'),
      jst('2026-09-01T00:00'),
      jst('2026-12-01T00:00'),
      jst('2027-03-01T00:00'),
    ]);
    expect(reviewPeriods(2026, 'monthly', calendar)[11]!.openAt).toEqual(jst('2027-03-01T00:00'));
    expect(reviewPeriods(2026, 'half_yearly', calendar).map((p) => p.openAt)).toEqual([
      jst('2026-09-01T00:00'),
      jst('2027-03-01T00:00'),
    ]);
    expect(reviewPeriods(2026, 'yearly', calendar).map((p) => p.openAt)).toEqual([jst('2027-03-01T00:00')]);
  });

  it('opens the execution report and the evaluation once the fiscal year has ended (1 April N+1)', () => {
    const sut = stageDueDates(2026, DEFAULT_FISCAL_CALENDAR, jst('2026-12-01T09:00'));
    expect(sut.opens).toEqual({
      executionReport: jst('2027-04-01T00:00'),
      evaluation: jst('2027-04-01T00:00'),
    });
    const midYear = resolveFiscalCalendarPolicy({ evaluationOpen: { month: 5, day: 1 } });
    expect(stageDueDates(2026, midYear, jst('2026-12-01T09:00')).opens.evaluation).toEqual(
      jst('2027-05-01T00:00'),
    );
  });

  it('opens an evaluation due before the year closes (a mid-year review) with its stage', () => {
    const midYear = resolveFiscalCalendarPolicy({ evaluationDue: { yearOffset: 0, month: 9, day: 30 } });
    expect(stageDueDates(2026, midYear, jst('2026-04-01T09:00')).opens.evaluation).toBeNull();
  });

  it('refuses an unknown review opening', () => {
    expect(() => resolveFiscalCalendarPolicy({ reviewOpen: 'whenever' as unknown as 'period_end' })).toThrow(
      /reviewOpen/,
    );
  });
});

describe('stageDueDates', () => {
  it('gives the default due dates at 17:00 JST moved off weekends', () => {
    const sut = stageDueDates(2025, DEFAULT_FISCAL_CALENDAR, jst('2025-04-01T09:00'));
    expect(sut.plan).toEqual(jst('2025-04-30T17:00'));
    expect(sut.reviews.map((r) => r.dueAt)).toEqual(reviewPeriods(2025, 'quarterly').map((r) => r.dueAt));
    expect(sut.executionReport).toEqual(jst('2026-04-20T17:00'));
    // 31 May 2026 is a Sunday.
    expect(sut.evaluation).toEqual(jst('2026-05-29T17:00'));
    expect(sut.action).toEqual(jst('2026-06-30T17:00'));
    expect(sut.earliestAllowed).toEqual(jst('2025-04-15T09:00'));
  });

  it('clamps the dates of a late cycle to the lead time, keeping 17:00 when it fits', () => {
    const sut = stageDueDates(2025, DEFAULT_FISCAL_CALENDAR, jst('2025-06-20T10:00'));
    expect(sut.plan).toEqual(jst('2025-07-04T17:00'));
    expect(sut.reviews[0]!.dueAt).toEqual(jst('2025-07-10T17:00'));
  });

  it('goes to the next business day when 17:00 on the lead day is already too early', () => {
    const sut = stageDueDates(2025, DEFAULT_FISCAL_CALENDAR, jst('2025-06-20T18:00'));
    // 4 July 17:00 is before 4 July 18:00; 5–6 July is a weekend.
    expect(sut.plan).toEqual(jst('2025-07-07T17:00'));
  });

  it('moves a clamped date forward (not back) when the lead day is a holiday', () => {
    const sut = stageDueDates(2025, DEFAULT_FISCAL_CALENDAR, jst('2025-10-20T09:00'));
    // 3 November is Culture Day; moving it back would break the 14-day lead.
    expect(sut.plan).toEqual(jst('2025-11-04T17:00'));
    expect(sut.reviews.slice(0, 2).map((r) => r.dueAt)).toEqual([
      jst('2025-11-04T17:00'),
      jst('2025-11-04T17:00'),
    ]);
    expect(sut.reviews[2]!.dueAt).toEqual(jst('2026-01-09T17:00'));
  });

  it('skips Golden Week when clamping', () => {
    const sut = stageDueDates(2026, DEFAULT_FISCAL_CALENDAR, jst('2026-04-20T09:00'));
    expect(sut.plan).toEqual(jst('2026-05-07T17:00'));
  });

  it('applies tenant overrides', () => {
    const policy = resolveFiscalCalendarPolicy({
      planDue: { month: 5, day: 31 },
      reviewCadence: 'monthly',
      dueTime: { hour: 12 },
      minimumLeadDays: 0,
    });
    const sut = stageDueDates(2025, policy, jst('2025-04-01T09:00'));
    expect(sut.plan).toEqual(jst('2025-05-30T12:00'));
    expect(sut.reviews).toHaveLength(12);
    expect(sut.reviews[0]!.dueAt).toEqual(jst('2025-05-09T12:00'));
  });

  it('uses the last day of the month when the rule names a day past it', () => {
    const policy = resolveFiscalCalendarPolicy({ planDue: { day: 31 } });
    expect(stageDueDates(2025, policy, jst('2025-04-01T09:00')).plan).toEqual(jst('2025-04-30T17:00'));
  });

  it('always yields ordered business-day dates at due time, never before the lead', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2000, max: 2045 }),
        fc.integer({ min: -60, max: 420 }),
        fc.constantFrom<'monthly' | 'quarterly'>('monthly', 'quarterly'),
        (fy, startOffsetDays, reviewCadence) => {
          const policy = resolveFiscalCalendarPolicy({ reviewCadence });
          const notBefore = new Date(
            fiscalYearRange(fy).start.getTime() + startOffsetDays * DAY_MS + 3_600_000,
          );
          const sut = stageDueDates(fy, policy, notBefore);
          const dues = [
            sut.plan,
            ...sut.reviews.map((r) => r.dueAt),
            sut.executionReport,
            sut.evaluation,
            sut.action,
          ];
          for (let i = 0; i < dues.length; i++) {
            const due = dues[i]!;
            expect(isBusinessDay(due)).toBe(true);
            expect(due.getTime()).toBeGreaterThanOrEqual(sut.earliestAllowed.getTime());
            expect(due.getUTCHours()).toBe(8); // 17:00 JST
            if (i > 0) expect(due.getTime()).toBeGreaterThanOrEqual(dues[i - 1]!.getTime());
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('overlapping fiscal years', () => {
  const midYear = resolveFiscalCalendarPolicy({
    evaluationDue: { yearOffset: 0, month: 9, day: 30 },
    actionDue: { yearOffset: 0, month: 10, day: 31 },
  });

  it('opens fiscal year N on 1 February of N by default, before it begins', () => {
    expect(planOpenDate(2027).toISOString()).toBe(jstInstant(2027, 2, 1).toISOString());
    expect(planOpenDate(2027, resolveFiscalCalendarPolicy({ planOpen: { month: 3, day: 15 } }))).toEqual(
      jstInstant(2027, 3, 15),
    );
  });

  it('reflects an Act approved in June N+1 into FY N+2 on the default calendar', () => {
    expect(budgetTargetFiscalYear(2026, jstInstant(2027, 6, 28, 10))).toBe(2028);
    // The window of FY2028 closes at the end of 31 January 2028.
    expect(budgetTargetFiscalYear(2026, jstInstant(2028, 1, 31, 23, 59))).toBe(2028);
    expect(budgetTargetFiscalYear(2026, jstInstant(2028, 2, 1))).toBe(2029);
  });

  it('reflects a mid-year Act (approved in autumn N) into FY N+1', () => {
    expect(budgetTargetFiscalYear(2026, jstInstant(2026, 10, 20, 10), midYear)).toBe(2027);
  });

  it('never targets the cycle’s own year, even before its window closed', () => {
    expect(budgetTargetFiscalYear(2026, jstInstant(2025, 12, 1))).toBe(2027);
  });

  it('knows which years should be open and when the next one opens', () => {
    expect(fiscalYearsToOpen(jstInstant(2026, 12, 1))).toEqual({
      open: [2026],
      next: { fiscalYear: 2027, at: jstInstant(2027, 2, 1) },
    });
    expect(fiscalYearsToOpen(jstInstant(2027, 2, 1)).open).toEqual([2026, 2027]);
  });

  it('refuses a formulation window that ends before it starts', () => {
    expect(() =>
      resolveFiscalCalendarPolicy({ budgetFormulation: { start: { yearOffset: 0, month: 3, day: 1 } } }),
    ).toThrow(/budgetFormulation.start/);
  });
});
