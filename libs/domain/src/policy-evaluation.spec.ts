import {
  policyEvaluationDueDate,
  policyEvaluationOpenDate,
  resolvePolicyEvaluationCalendar,
  validatePolicySubmission,
} from './policy-evaluation';
import {
  DEFAULT_POLICY_EVALUATION_SETTINGS,
  policyEvaluationSettingProblems,
} from './policy-evaluation-settings';

const ctx = { scale: DEFAULT_POLICY_EVALUATION_SETTINGS.scale, indicatorIds: ['ind-1'] };
const valid = {
  rating: 'B',
  reason: '概ね順調',
  indicators: [{ indicatorId: 'ind-1', actual: 12, reason: '計画どおり' }],
  issues: '人員',
  direction: '継続',
};

describe('the 施策評価 calendar', () => {
  it('opens on 1 July of the next year by default, at 00:00 JST', () => {
    const calendar = resolvePolicyEvaluationCalendar(undefined);
    expect(policyEvaluationOpenDate(2025, calendar).toISOString()).toBe('2026-06-30T15:00:00.000Z');
  });

  it('takes the city’s date and days, and keeps defaults for unreadable keys', () => {
    const calendar = resolvePolicyEvaluationCalendar({
      policyEvaluationOpen: { month: 2, day: 31 },
      policyEvaluationDueDays: 'x',
    });
    // 31 February is the last day of February 2026.
    expect(policyEvaluationOpenDate(2025, calendar).toISOString()).toBe('2026-02-27T15:00:00.000Z');
    expect(calendar.policyEvaluationDueDays).toBe(30);
  });

  it('is due at 17:00 JST the given days after the opening day (JST), across a month end', () => {
    // 2026-04-30 23:30 JST is still 30 April in Japan: due 30 May 17:00 JST.
    const opened = new Date('2026-04-30T14:30:00Z');
    expect(policyEvaluationDueDate(opened, 30).toISOString()).toBe('2026-05-30T08:00:00.000Z');
  });
});

describe('the policyEvaluation setting', () => {
  it('accepts the default and a level', () => {
    expect(policyEvaluationSettingProblems(DEFAULT_POLICY_EVALUATION_SETTINGS)).toEqual([]);
    expect(policyEvaluationSettingProblems({ ...DEFAULT_POLICY_EVALUATION_SETTINGS, level: 2 })).toEqual([]);
  });

  it('names a bad level and a duplicated grade', () => {
    const scale = [...DEFAULT_POLICY_EVALUATION_SETTINGS.scale, DEFAULT_POLICY_EVALUATION_SETTINGS.scale[0]];
    const fields = policyEvaluationSettingProblems({ level: 4, scale }).map((p) => `${p.field}:${p.rule}`);
    expect(fields).toEqual(['policyEvaluation.level:level', 'policyEvaluation.scale[3]:grade']);
  });
});

describe('the owner’s submission', () => {
  it('accepts a complete one', () => {
    expect(validatePolicySubmission(valid, ctx)).toEqual([]);
  });

  it('names an unknown field, a rating off the scale and a missing reason, in ja and en', () => {
    const problems = validatePolicySubmission({ ...valid, rating: 'S', reason: ' ', extra: 1 }, ctx);
    expect(problems.map((p) => `${p.field}:${p.rule}`)).toEqual([
      'extra:unknown_field',
      'rating:one_of',
      'reason:required',
    ]);
    expect(problems[1]!.message).toEqual({
      ja: '担当部評価は A / B / C のいずれかを指定してください。',
      en: 'The rating must be one of A / B / C.',
    });
  });

  it('takes a 差戻しへの回答 as the item forms do: optional text of at most 2000 characters', () => {
    const rules = (returnAnswer: unknown) =>
      validatePolicySubmission({ ...valid, returnAnswer }, ctx).map((p) => `${p.field}:${p.rule}`);
    expect(rules('遅れの見通しを課題に追記しました。')).toEqual([]);
    expect(rules('回'.repeat(2000))).toEqual([]);
    expect(rules('回'.repeat(2001))).toEqual(['returnAnswer:max_length']);
    expect(rules(5)).toEqual(['returnAnswer:type']);
    expect(validatePolicySubmission({ ...valid, returnAnswer: 'x'.repeat(2001) }, ctx)[0]!.message).toEqual({
      ja: '差戻しへの回答は2000文字以内で入力してください。',
      en: 'The answer to the return must be at most 2000 characters.',
    });
  });

  it('wants each node indicator once and no other', () => {
    const twice = { ...valid, indicators: [valid.indicators[0], { indicatorId: 'other', reason: 'x' }] };
    expect(validatePolicySubmission(twice, ctx).map((p) => `${p.field}:${p.rule}`)).toEqual([
      'indicators[1].indicatorId:node_indicator',
    ]);
    expect(validatePolicySubmission({ ...valid, indicators: [] }, ctx).map((p) => p.rule)).toEqual([
      'missing_indicator',
    ]);
  });
});
