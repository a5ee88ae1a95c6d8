import {
  decisionCommentProblems,
  RETURN_ANSWER_MAX_LENGTH,
  TEXT_MAX_LENGTH,
  validateActionSubmission,
  validateEvaluationSubmission,
  validateExecutionReport,
  validatePlanSubmission,
  validateReviewSubmission,
} from './validation';
import type { ValidationProblem } from './validation-problem';

const summary = (problems: ValidationProblem[]) => problems.map((p) => `${p.field}:${p.rule}`);

describe('validatePlanSubmission', () => {
  const valid = {
    targets: [
      { indicatorId: 'ind-1', target: 120 },
      { indicatorId: 'ind-2', target: 0.5 },
    ],
    activities: ['窓口のオンライン化', 'Review fees'],
    budgetRequest: 1_200_000,
  };

  it('accepts a complete plan', () => {
    expect(validatePlanSubmission(valid)).toEqual([]);
    expect(validatePlanSubmission(valid, { indicatorIds: ['ind-1', 'ind-2'] })).toEqual([]);
  });

  it('reports every field problem with a path', () => {
    const sut = validatePlanSubmission({
      targets: [{ indicatorId: 'ind-1', target: '120' }, { indicatorId: 'ind-1', target: 5 }, { target: 1 }],
      activities: ['ok', '  ', 3],
      budgetRequest: 1000.5,
    });
    expect(summary(sut)).toEqual([
      'targets[0].target:number',
      'targets[1].indicatorId:duplicate',
      'targets[2].indicatorId:required',
      'activities[1]:required',
      'activities[2]:type',
      'budgetRequest:integer_yen',
    ]);
    expect(sut[0]!.message).toEqual({ ja: '数値で入力してください。', en: 'Enter a number.' });
  });

  it('checks targets against the item’s indicators when known', () => {
    const sut = validatePlanSubmission(
      { ...valid, targets: [{ indicatorId: 'ind-9', target: 1 }] },
      { indicatorIds: ['ind-1'] },
    );
    expect(summary(sut)).toEqual(['targets[0].indicatorId:unknown_indicator', 'targets:missing_indicator']);
    expect(validatePlanSubmission({ ...valid, targets: [] }, { indicatorIds: [] })).toEqual([]);
  });

  it('requires targets, activities and the budget request', () => {
    expect(summary(validatePlanSubmission({ targets: [], activities: [] }))).toEqual([
      'targets:required',
      'activities:required',
      'budgetRequest:required',
    ]);
  });

  it('rejects a payload that is not an object', () => {
    expect(summary(validatePlanSubmission(null))).toEqual(['payload:type']);
    expect(summary(validatePlanSubmission([valid]))).toEqual(['payload:type']);
  });
});

describe('validateReviewSubmission', () => {
  const valid = { periodIndex: 2, progress: 45.5, status: 'at_risk', notes: '人員不足' };

  it('accepts a review with or without an indicator snapshot', () => {
    expect(validateReviewSubmission(valid, { periodCount: 4 })).toEqual([]);
    expect(validateReviewSubmission({ ...valid, indicators: [{ indicatorId: 'ind-1', value: 12 }] })).toEqual(
      [],
    );
  });

  it('checks period, progress, status and notes', () => {
    const sut = validateReviewSubmission(
      { periodIndex: 5, progress: 101, status: 'fine', notes: 'x'.repeat(TEXT_MAX_LENGTH + 1) },
      { periodCount: 4 },
    );
    expect(summary(sut)).toEqual(['periodIndex:range', 'progress:range', 'status:enum', 'notes:max_length']);
    expect(summary(validateReviewSubmission({ ...valid, periodIndex: 1.5, progress: -1 }))).toEqual([
      'periodIndex:range',
      'progress:range',
    ]);
  });

  it('takes the number of periods from the cadence: 2 half-yearly, 1 yearly', () => {
    expect(validateReviewSubmission(valid, { periodCount: 2 })).toEqual([]);
    const sut = validateReviewSubmission({ ...valid, periodIndex: 3 }, { periodCount: 2 });
    expect(sut.map((p) => p.message.ja)).toEqual(['報告期間は1〜2で指定してください。']);
    expect(summary(validateReviewSubmission(valid, { periodCount: 1 }))).toEqual(['periodIndex:range']);
  });

  it('counts characters, not UTF-16 units, against the notes limit', () => {
    const rareKanji = '𠮷'; // two UTF-16 code units
    expect(validateReviewSubmission({ ...valid, notes: rareKanji.repeat(TEXT_MAX_LENGTH) })).toEqual([]);
  });
});

describe('validateExecutionReport', () => {
  it('requires a non-blank summary', () => {
    expect(validateExecutionReport({ summary: '計画どおり実施した。' })).toEqual([]);
    expect(summary(validateExecutionReport({ summary: ' \n' }))).toEqual(['summary:required']);
    expect(summary(validateExecutionReport({ summary: 'ok', issues: 42 }))).toEqual(['issues:type']);
  });
});

describe('validateEvaluationSubmission', () => {
  const valid = { actuals: [{ indicatorId: 'ind-1', actual: 98 }], selfRating: 'B', analysis: '概ね達成' };

  it('accepts a complete evaluation', () => {
    expect(validateEvaluationSubmission(valid, { indicatorIds: ['ind-1'] })).toEqual([]);
  });

  it('checks actuals, rating and analysis', () => {
    const sut = validateEvaluationSubmission(
      {
        actuals: [{ indicatorId: 'ind-1', actual: Number.POSITIVE_INFINITY }],
        selfRating: 'E',
        analysis: '',
      },
      { indicatorIds: ['ind-1', 'ind-2'] },
    );
    expect(summary(sut)).toEqual([
      'actuals[0].actual:number',
      'actuals:missing_indicator',
      'selfRating:enum',
      'analysis:required',
    ]);
  });
});

describe('validateActionSubmission', () => {
  it('accepts a decision with a fitting budget proposal', () => {
    expect(
      validateActionSubmission(
        { decision: 'expand', budgetProposal: 1_500_000, rationale: '需要増' },
        {
          currentBudget: 1_000_000,
        },
      ),
    ).toEqual([]);
    expect(
      validateActionSubmission({ decision: 'abolish', rationale: '役割終了' }, { currentBudget: 500 }),
    ).toEqual([]);
  });

  it('applies the budget rules to budgetProposal', () => {
    const sut = validateActionSubmission(
      { decision: 'reduce', budgetProposal: 0, rationale: '縮小' },
      { currentBudget: 1_000_000 },
    );
    expect(summary(sut)).toEqual(['budgetProposal:reduce_to_zero_is_abolish']);
  });

  it('rejects an unknown decision, a non-numeric proposal and a missing rationale', () => {
    expect(summary(validateActionSubmission({ decision: 'keep' }, { currentBudget: 0 }))).toEqual([
      'decision:enum',
      'rationale:required',
    ]);
    expect(
      summary(
        validateActionSubmission(
          { decision: 'improve', budgetProposal: '100', rationale: 'x' },
          { currentBudget: 0 },
        ),
      ),
    ).toEqual(['budgetProposal:integer_yen']);
  });
});

describe('returnAnswer (差戻しへの回答)', () => {
  const bodies = {
    plan: [
      validatePlanSubmission,
      { targets: [{ indicatorId: 'ind-1', target: 1 }], activities: ['a'], budgetRequest: 0 },
    ],
    review: [validateReviewSubmission, { periodIndex: 1, progress: 10, status: 'on_track' }],
    execution_report: [validateExecutionReport, { summary: 's' }],
    evaluation: [
      validateEvaluationSubmission,
      { actuals: [{ indicatorId: 'ind-1', actual: 1 }], selfRating: 'B', analysis: 'a' },
    ],
    action: [
      (input: unknown) => validateActionSubmission(input, { currentBudget: 1000 }),
      { decision: 'continue', budgetProposal: 1000, rationale: 'r' },
    ],
  } as const;

  it.each(Object.entries(bodies))('is optional, text and bounded on a %s', (_, [validate, body]) => {
    const check = validate as (input: unknown) => ValidationProblem[];
    expect(check(body)).toEqual([]);
    expect(check({ ...body, returnAnswer: '根拠を追記しました。' })).toEqual([]);
    expect(check({ ...body, returnAnswer: '' })).toEqual([]);
    expect(summary(check({ ...body, returnAnswer: 5 }))).toEqual(['returnAnswer:type']);
    expect(summary(check({ ...body, returnAnswer: '回'.repeat(RETURN_ANSWER_MAX_LENGTH + 1) }))).toEqual([
      'returnAnswer:max_length',
    ]);
    expect(check({ ...body, returnAnswer: '回'.repeat(RETURN_ANSWER_MAX_LENGTH) })).toEqual([]);
  });
});

describe('decisionCommentProblems (the approver’s comment)', () => {
  it('requires a reason to return, not to approve', () => {
    expect(decisionCommentProblems({ decision: 'return', comment: '  ' }).map((p) => p.rule)).toEqual([
      'required',
    ]);
    expect(decisionCommentProblems({ decision: 'return' })[0]?.field).toBe('comment');
    expect(decisionCommentProblems({ decision: 'approve' })).toEqual([]);
    expect(decisionCommentProblems({ decision: 'return', comment: '根拠を追記してください' })).toEqual([]);
  });

  it('bounds the comment', () => {
    expect(decisionCommentProblems({ decision: 'approve', comment: 'あ'.repeat(4001) })[0]?.rule).toBe(
      'max_length',
    );
  });
});
