import {
  daysUntil,
  eraOfFiscalYear,
  formatDaysLeft,
  formatFiscalYear,
  fromJstInput,
  punct,
  toJstInput,
} from './format';

// Dates and money: libs/domain/src/format.spec.ts (one rule for the screens and the ledger's sentences).

describe('fiscal years with the Japanese era', () => {
  it.each([
    [2026, '2026年度（令和8年度）', 'FY2026 (Reiwa 8)'],
    [2019, '2019年度（令和元年度）', 'FY2019 (Reiwa 1)'],
    [2018, '2018年度（平成30年度）', 'FY2018 (Heisei 30)'],
  ])('%i', (fy, ja, en) => {
    expect(formatFiscalYear(fy, 'ja')).toBe(ja);
    expect(formatFiscalYear(fy, 'en')).toBe(en);
  });

  it('names the first year of an era 元年', () => {
    expect(eraOfFiscalYear(1989).ja).toBe('平成元年度');
  });
});

describe('days left', () => {
  it('counts JST calendar days, not 24-hour spans', () => {
    const now = new Date('2026-12-15T14:00:00Z'); // 23:00 JST on the 15th
    expect(daysUntil('2026-12-15T15:30:00Z', now)).toBe(1); // 00:30 JST on the 16th
    expect(daysUntil('2026-12-15T01:00:00Z', now)).toBe(0);
    expect(daysUntil('2026-12-10T01:00:00Z', now)).toBe(-5);
  });

  it('words the distance in both languages', () => {
    expect(formatDaysLeft(3, 'ja')).toBe('あと3日');
    expect(formatDaysLeft(0, 'ja')).toBe('本日期限');
    expect(formatDaysLeft(-5, 'ja')).toBe('5日超過');
    expect(formatDaysLeft(1, 'en')).toBe('1 day left');
    expect(formatDaysLeft(-2, 'en')).toBe('2 days overdue');
  });
});

describe('deadline inputs in Japan time', () => {
  it('shows an instant as JST wall-clock time and reads it back as the same instant', () => {
    expect(toJstInput('2026-12-16T08:00:00.000Z')).toBe('2026-12-16T17:00');
    expect(toJstInput('2026-03-31T15:30:00.000Z')).toBe('2026-04-01T00:30');
    expect(new Date(fromJstInput('2026-12-16T17:00')).toISOString()).toBe('2026-12-16T08:00:00.000Z');
  });

  it('passes what is not a date and time on as typed, for the server to explain', () => {
    expect(fromJstInput('')).toBe('');
    expect(fromJstInput('来週')).toBe('来週');
    expect(toJstInput('not a date')).toBe('');
  });
});

describe('punct', () => {
  it('joins a line with the page language’s punctuation: full-width in Japanese, ASCII in English', () => {
    const ja = punct('ja');
    const en = punct('en');
    expect(`期限${ja.colon}1月8日(金)${ja.gap}あと32日`).toBe('期限：1月8日(金)　あと32日');
    expect(`Due${en.colon}Fri 8 Jan 2027${en.gap}32 days left`).toBe('Due: Fri 8 Jan 2027 · 32 days left');
    expect(`計画${ja.paren('第1四半期')}`).toBe('計画（第1四半期）');
    expect(`Plan${en.paren('Q1')}`).toBe('Plan (Q1)');
    expect(`${en.equals}¥3,500,000`).toBe('= ¥3,500,000');
    expect(`${ja.equals}3,500千円`).toBe('＝ 3,500千円');
  });
});
