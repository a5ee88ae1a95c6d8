import { fiscalYearNow, workingYear } from './working-year';

describe('fiscalYearNow', () => {
  it('turns on 1 April, Japan time', () => {
    expect(fiscalYearNow(new Date('2027-03-31T14:59:59Z'))).toBe(2026); // 31 March 23:59 JST
    expect(fiscalYearNow(new Date('2027-03-31T15:00:00Z'))).toBe(2027); // 1 April 00:00 JST
    expect(fiscalYearNow(new Date('2026-12-07T05:00:00Z'))).toBe(2026);
    expect(fiscalYearNow(new Date('2027-01-01T00:00:00Z'))).toBe(2026);
  });
});

describe('workingYear', () => {
  it('is this fiscal year when it has cycles, even when next year’s have started', () => {
    expect(workingYear(2026, true, [2027])).toBe(2026);
  });
  it('is otherwise the year nearest to now, the earlier of two as near', () => {
    expect(workingYear(2026, false, [2027, 2030])).toBe(2027);
    expect(workingYear(2026, false, [2022, 2024])).toBe(2024);
    expect(workingYear(2026, false, [2025, 2027])).toBe(2025);
  });
  it('is undefined when no item has a cycle', () => {
    expect(workingYear(2026, false, [])).toBeUndefined();
  });
});
