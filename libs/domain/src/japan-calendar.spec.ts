import holidayJp from '@holiday-jp/holiday_jp';
import fc from 'fast-check';
import {
  fiscalYearOf,
  fiscalYearRange,
  isBusinessDay,
  isNationalHoliday,
  jstDateString,
  jstInstant,
  nextBusinessDayOnOrAfter,
  previousBusinessDayOnOrBefore,
} from './japan-calendar';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A JST wall-clock time written as ISO without offset, e.g. jst('2025-11-03T17:00'). */
const jst = (local: string): Date => new Date(`${local}+09:00`);
const NATIONAL_ONLY = { closedDays: [] };

// Instants whose JST date lies inside the holiday table (1970–2050).
const instantArb = fc
  .integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2049, 11, 31) })
  .map((ms) => new Date(ms));

describe('jstInstant / jstDateString', () => {
  it('builds and reads JST wall-clock times with a fixed +9h offset', () => {
    expect(jstInstant(2026, 4, 1).toISOString()).toBe('2026-03-31T15:00:00.000Z');
    expect(jstInstant(2025, 11, 3, 17, 30).toISOString()).toBe('2025-11-03T08:30:00.000Z');
    expect(jstDateString(new Date('2026-03-31T14:59:59.999Z'))).toBe('2026-03-31');
    expect(jstDateString(new Date('2026-03-31T15:00:00.000Z'))).toBe('2026-04-01');
  });
});

describe('fiscalYearOf', () => {
  it('switches at 1 April 00:00 Tokyo time, not UTC', () => {
    expect(fiscalYearOf(new Date('2026-03-31T14:59:59.999Z'))).toBe(2025);
    expect(fiscalYearOf(new Date('2026-03-31T15:00:00.000Z'))).toBe(2026);
    expect(fiscalYearOf(new Date('2026-03-31T16:00:00Z'))).toBe(2026);
    expect(fiscalYearOf(jst('2026-01-15T12:00'))).toBe(2025);
    expect(fiscalYearOf(jst('2025-12-31T23:59'))).toBe(2025);
  });

  it('rejects an invalid Date', () => {
    expect(() => fiscalYearOf(new Date('nope'))).toThrow(RangeError);
  });

  it('agrees with fiscalYearRange for any instant', () => {
    fc.assert(
      fc.property(instantArb, (instant) => {
        const { start, end } = fiscalYearRange(fiscalYearOf(instant));
        return start.getTime() <= instant.getTime() && instant.getTime() < end.getTime();
      }),
    );
  });
});

describe('fiscalYearRange', () => {
  it('runs from 1 April 00:00 JST to the next 1 April, end exclusive', () => {
    const { start, end } = fiscalYearRange(2025);
    expect(start.toISOString()).toBe('2025-03-31T15:00:00.000Z');
    expect(end.toISOString()).toBe('2026-03-31T15:00:00.000Z');
    expect(fiscalYearOf(new Date(end.getTime() - 1))).toBe(2025);
  });

  it('rejects a non-integer year', () => {
    expect(() => fiscalYearRange(2025.5)).toThrow(RangeError);
  });
});

describe('isBusinessDay', () => {
  it.each([
    ['2025-11-03T10:00', false, 'Culture Day (Mon)'],
    ['2025-11-04T10:00', true, 'ordinary Tuesday'],
    ['2025-11-24T10:00', false, 'substitute holiday for Labour Thanksgiving'],
    ['2026-01-12T10:00', false, 'Coming of Age Day'],
    ['2026-05-04T10:00', false, 'Greenery Day'],
    ['2026-05-06T10:00', false, 'substitute holiday in Golden Week'],
    ['2026-05-07T10:00', true, 'first working day after Golden Week'],
    ['2026-09-22T10:00', false, "citizens' holiday between two holidays"],
    ['2025-11-08T10:00', false, 'Saturday'],
    ['2025-11-09T10:00', false, 'Sunday'],
    ['2025-12-29T10:00', false, 'year-end closure (default policy)'],
    ['2026-01-05T10:00', true, 'first working day of the year'],
  ])('%s is %s (%s)', (local, expected) => {
    expect(isBusinessDay(jst(local))).toBe(expected);
  });

  it('uses the Tokyo date: JST midnight of a holiday is 15:00 UTC the day before', () => {
    const culturedayMidnightJst = new Date('2025-11-02T15:00:00Z');
    expect(isBusinessDay(culturedayMidnightJst)).toBe(false);
    expect(isNationalHoliday(culturedayMidnightJst)).toBe(true);
    // The library itself formats with local getters: on a UTC machine it looks up 2 November.
    // (Documented so nobody "simplifies" back to holiday_jp.isHoliday(Date).)
    const previousTz = process.env.TZ;
    process.env.TZ = 'UTC';
    try {
      expect(holidayJp.isHoliday(culturedayMidnightJst)).toBe(false);
    } finally {
      process.env.TZ = previousTz;
    }
    // 4 November 00:00 JST is still 3 November in UTC, but it is a working day in Tokyo.
    expect(isBusinessDay(new Date('2025-11-03T15:00:00Z'))).toBe(true);
  });

  it('does not depend on the machine time zone', () => {
    const previousTz = process.env.TZ;
    const samples = [
      '2025-11-02T15:00:00Z',
      '2025-11-03T14:59:59Z',
      '2026-05-06T20:00:00Z',
      '2026-03-31T16:00:00Z',
    ];
    const answer = () => samples.map((s) => [isBusinessDay(new Date(s)), fiscalYearOf(new Date(s))]);
    try {
      process.env.TZ = 'UTC';
      const inUtc = answer();
      process.env.TZ = 'America/Los_Angeles';
      expect(answer()).toEqual(inUtc);
      process.env.TZ = 'Pacific/Kiritimati';
      expect(answer()).toEqual(inUtc);
      expect(inUtc).toEqual([
        [false, 2025],
        [false, 2025],
        [true, 2026],
        [true, 2026],
      ]);
    } finally {
      process.env.TZ = previousTz;
    }
  });

  it('treats the year-end break as an ordinary weekday when closedDays is empty', () => {
    expect(isBusinessDay(jst('2025-12-29T10:00'), NATIONAL_ONLY)).toBe(true);
    expect(isBusinessDay(jst('2026-01-01T10:00'), NATIONAL_ONLY)).toBe(false);
  });
});

describe('previousBusinessDayOnOrBefore', () => {
  it('keeps a business day as it is', () => {
    const due = jst('2025-11-04T17:00');
    expect(previousBusinessDayOnOrBefore(due)).toEqual(due);
  });

  it('moves a weekend back to Friday at the same JST time', () => {
    expect(previousBusinessDayOnOrBefore(jst('2025-05-31T17:00'))).toEqual(jst('2025-05-30T17:00'));
  });

  it('moves the end of Golden Week back before it started', () => {
    expect(previousBusinessDayOnOrBefore(jst('2026-05-06T17:00'))).toEqual(jst('2026-05-01T17:00'));
  });

  it('moves across the year-end break', () => {
    expect(previousBusinessDayOnOrBefore(jst('2026-01-03T17:00'))).toEqual(jst('2025-12-26T17:00'));
    expect(previousBusinessDayOnOrBefore(jst('2026-01-03T17:00'), NATIONAL_ONLY)).toEqual(
      jst('2026-01-02T17:00'),
    );
  });

  it('always returns the latest business day at or before the input, within 10 days, same time of day', () => {
    fc.assert(
      fc.property(instantArb, (instant) => {
        const sut = previousBusinessDayOnOrBefore(instant);
        const diff = instant.getTime() - sut.getTime();
        expect(isBusinessDay(sut)).toBe(true);
        expect(diff).toBeGreaterThanOrEqual(0);
        expect(diff).toBeLessThanOrEqual(10 * DAY_MS);
        expect(diff % DAY_MS).toBe(0);
        for (let skipped = instant.getTime(); skipped > sut.getTime(); skipped -= DAY_MS) {
          expect(isBusinessDay(new Date(skipped))).toBe(false);
        }
      }),
    );
  });
});

describe('nextBusinessDayOnOrAfter', () => {
  it('moves a holiday forward to the next working day', () => {
    expect(nextBusinessDayOnOrAfter(jst('2026-05-02T17:00'))).toEqual(jst('2026-05-07T17:00'));
    expect(nextBusinessDayOnOrAfter(jst('2025-12-27T09:00'))).toEqual(jst('2026-01-05T09:00'));
  });
});
