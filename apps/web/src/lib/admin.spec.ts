import { ApiError } from '../api/client';
import type { Plan } from '../api/queries';
import { fileProblemsOf, planYears } from './admin';

const detail = (row: number | null, column: string | null, severity: 'error' | 'warning', ja: string) => ({
  field: column ?? 'file',
  rule: 'x',
  row,
  column,
  severity,
  value: 'たくさん',
  message: ja,
  messageJa: ja,
  messageEn: `en:${ja}`,
});

describe('the plan file’s problems', () => {
  it('lists every problem with row and column, errors first, then by row, in the chosen language', () => {
    const error = new ApiError(400, {
      statusCode: 400,
      error: 'Bad Request',
      code: 'INVALID_PLAN_FILE',
      message: 'm',
      messageJa: 'm',
      messageEn: 'm',
      correlationId: 'c',
      details: [
        detail(9, '方向', 'warning', '注意'),
        detail(7, '目標値(2027年度)', 'error', '数値ではありません'),
        detail(3, '実施計画事業', 'error', '必須です'),
      ],
    });
    expect(fileProblemsOf(error, 'ja').map((p) => [p.row, p.column, p.severity, p.message])).toEqual([
      [3, '実施計画事業', 'error', '必須です'],
      [7, '目標値(2027年度)', 'error', '数値ではありません'],
      [9, '方向', 'warning', '注意'],
    ]);
    expect(fileProblemsOf(error, 'en')[0]?.message).toBe('en:必須です');
  });

  it('has none for a failure without details (the sentence is shown instead)', () => {
    expect(fileProblemsOf(new ApiError(413, null), 'ja')).toEqual([]);
    expect(fileProblemsOf(new Error('offline'), 'ja')).toEqual([]);
  });
});

describe('the fiscal years offered for starting cycles', () => {
  const plan = (start: number | null, end: number | null) =>
    ({ periodStartFy: start, periodEndFy: end }) as Plan;
  it('are the plan’s period', () => {
    expect(planYears(plan(2024, 2027), [])).toEqual([2024, 2025, 2026, 2027]);
  });
  it('are the cycles’ years when the plan has no period', () => {
    expect(planYears(plan(null, null), [2026, 2025, 2026])).toEqual([2025, 2026]);
  });
  it('include this fiscal year and the next when the plan has no period, so its first year can start', () => {
    expect(planYears(plan(null, null), [], 2026)).toEqual([2026, 2027]);
    expect(planYears(plan(null, null), [2024], 2026)).toEqual([2024, 2026, 2027]);
    expect(planYears(plan(2025, null), [], 2026)).toEqual([2026, 2027]);
    expect(planYears(plan(null, 2026), [], 2026)).toEqual([2026]);
  });
});
