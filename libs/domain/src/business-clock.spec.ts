import fc from 'fast-check';
import { businessNow, createClock, realDelayMsUntil } from './business-clock';

const DAY_MS = 86_400_000;
const REAL_START = Date.UTC(2030, 0, 1);
const BUSINESS_START = Date.parse('2025-04-01T00:00:00+09:00');

describe('business clock', () => {
  it('runs one business day per real second at scale 86400', () => {
    const sut = createClock(REAL_START, BUSINESS_START, 86_400);
    expect(businessNow(sut, REAL_START)).toEqual(new Date(BUSINESS_START));
    expect(businessNow(sut, REAL_START + 1_000).getTime()).toBe(BUSINESS_START + DAY_MS);
    expect(businessNow(sut, REAL_START + 365_000).toISOString()).toBe('2026-03-31T15:00:00.000Z');
  });

  it('is real time at scale 1, offset to the business start', () => {
    const sut = createClock(REAL_START, BUSINESS_START, 1);
    expect(businessNow(sut, REAL_START + 12_345).getTime()).toBe(BUSINESS_START + 12_345);
    expect(realDelayMsUntil(sut, new Date(BUSINESS_START + DAY_MS), REAL_START)).toBe(DAY_MS);
  });

  it('waits the scaled real delay, rounded up, and never a negative one', () => {
    const sut = createClock(REAL_START, BUSINESS_START, 86_400);
    expect(realDelayMsUntil(sut, new Date(BUSINESS_START + 7 * DAY_MS), REAL_START)).toBe(7_000);
    expect(realDelayMsUntil(sut, new Date(BUSINESS_START + 1), REAL_START)).toBe(1);
    expect(realDelayMsUntil(sut, new Date(BUSINESS_START - DAY_MS), REAL_START)).toBe(0);
    expect(realDelayMsUntil(sut, new Date(BUSINESS_START), REAL_START)).toBe(0);
  });

  it.each([0, 0.5, -1, Number.NaN, Number.POSITIVE_INFINITY])('rejects scale %p', (scale) => {
    expect(() => createClock(REAL_START, BUSINESS_START, scale)).toThrow(RangeError);
  });

  it('wakes a timer of realDelayMsUntil at or after the business instant', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: -DAY_MS, max: 400 * DAY_MS }),
        (scale, elapsedRealMs, aheadBusinessMs) => {
          const sut = createClock(REAL_START, BUSINESS_START, scale);
          const realNow = REAL_START + elapsedRealMs;
          const target = new Date(businessNow(sut, realNow).getTime() + aheadBusinessMs);
          const delay = realDelayMsUntil(sut, target, realNow);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(Number.isInteger(delay)).toBe(true);
          expect(businessNow(sut, realNow + delay).getTime()).toBeGreaterThanOrEqual(target.getTime());
          if (delay > 0) {
            expect(businessNow(sut, realNow + delay - 1).getTime()).toBeLessThan(target.getTime());
          }
        },
      ),
    );
  });
});
