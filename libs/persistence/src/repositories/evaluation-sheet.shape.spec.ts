import { DEFAULT_CITY_SETTINGS, resolveProgressGradeScale } from '@pdca/domain';
import { type CycleRow, gradeReasonOf, type ReviewRow, shapeCycle } from './evaluation-sheet.shape';

const ANALYSIS = '目標の9割を達成した。';

const cycle: CycleRow = {
  id: 'c',
  item_id: 'i',
  fiscal_year: 2026,
  stage: 'ACT',
  status: 'active',
  plan: null,
  execution_report: null,
  evaluation: { payload: { analysis: ANALYSIS, selfRating: 'B' } },
  decision: null,
  hq_rating: null,
  city_settings: null,
};

const review = (notes: string): ReviewRow => ({
  cycle_id: 'c',
  actor_name: 'WG リーダー',
  submission: { progress: 50, status: 'on_track', notes },
  period: { ja: '進捗報告（2026年度 第1四半期）', en: 'Progress review (FY2026 Q1)' },
});

const shape = (reviews: ReviewRow[]) =>
  shapeCycle(
    {
      fiscalYear: 2026,
      years: [2026],
      city: DEFAULT_CITY_SETTINGS,
      gradeScale: resolveProgressGradeScale(undefined),
    },
    cycle,
    [],
    reviews,
  );

describe('gradeReasonOf (進捗評価の理由)', () => {
  it('is the latest 進捗報告’s notes', () => {
    expect(gradeReasonOf([{ notes: '第1四半期は順調' }, { notes: ' 窓口の混雑が続く ' }])).toBe(
      '窓口の混雑が続く',
    );
  });

  it('is nothing when the latest review has no notes, or there is no review', () => {
    expect(gradeReasonOf([{ notes: '第1四半期は順調' }, { notes: '' }])).toBeNull();
    expect(gradeReasonOf([{ notes: null }])).toBeNull();
    expect(gradeReasonOf([])).toBeNull();
  });
});

describe('shapeCycle', () => {
  it('never gives the evaluation’s analysis as the 進捗評価の理由: that is 評価の理由, once', () => {
    const sut = shape([review(''), review('')]);
    expect(sut.gradeReason).toBeNull();
    expect(sut.firstEvaluationReason).toBe(ANALYSIS);
    expect(shape([review(''), review('予定どおり')]).gradeReason).toBe('予定どおり');
  });
});
