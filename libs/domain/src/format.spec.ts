import { formatDate, formatDateTime, formatMoney, formatMoneyDelta } from './format';

describe('dates in Japan time', () => {
  it('writes the JST day with or without the weekday, also when UTC is still the day before', () => {
    // 15:30 UTC on 31 December 2026 is 00:30 on Friday 1 January 2027 in Tokyo.
    const instant = '2026-12-31T15:30:00Z';
    expect(formatDate(instant, 'ja')).toBe('2027年1月1日（金）');
    expect(formatDate(instant, 'en')).toBe('Fri 1 Jan 2027');
    expect(formatDateTime(instant, 'ja')).toBe('2027年1月1日（金） 00:30');
    expect(formatDate(instant, 'ja', { weekday: false })).toBe('2027年1月1日');
    expect(formatDateTime(instant, 'ja', { weekday: false })).toBe('2027年1月1日 00:30');
    expect(formatDateTime(instant, 'en', { weekday: false })).toBe('1 Jan 2027 00:30');
  });

  it('shows a dash for an unreadable date', () => {
    expect(formatDateTime('2027-13-45', 'en')).toBe('—');
  });
});

describe('money', () => {
  it('writes Japanese in 千円 when whole thousands, else in 円; English in yen', () => {
    expect(formatMoney(3_500_000, 'ja')).toBe('3,500千円');
    expect(formatMoney(3_500_500, 'ja')).toBe('3,500,500円');
    expect(formatMoney(3_500_000, 'en')).toBe('¥3,500,000');
    expect(formatMoney(-300_000, 'en')).toBe('-¥300,000');
    expect(formatMoney(0, 'ja')).toBe('0千円');
  });

  it('signs a difference, and writes no difference as ±0', () => {
    expect([300_000, -300_000, 0, 1_200].map((y) => formatMoneyDelta(y, 'ja'))).toEqual([
      '+300千円',
      '-300千円',
      '±0円',
      '+1,200円',
    ]);
    expect([300_000, -5, 0].map((y) => formatMoneyDelta(y, 'en'))).toEqual(['+¥300,000', '-¥5', '±¥0']);
  });
});
