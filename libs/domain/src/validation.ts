// Over 400 lines because each submission kind's payload type stands next to its validator, five kinds in all.
import { validateBudgetProposal } from './budget-rules';
import {
  DEFAULT_CITY_SETTINGS,
  DEFAULT_DECISIONS,
  type DecisionSetting,
  findDecision,
  type RatingGrade,
  ratingProblem,
} from './city-settings';
import { type EffectAmounts, validateEffectAmounts } from './fiscal-effects';
import { GLOSSARY } from './glossary';
import { type ItemCostsInput, validateItemCosts } from './item-costs';
import { validateGrade } from './progress-grades';
import { REVIEW_STATUS_LABELS, REVIEW_STATUSES, type ReviewStatus } from './stages';
import { isIntegerYen, problem, type ValidationProblem } from './validation-problem';

// Defined with the other enums; apps/web imports them from here with the payload types.
export { REVIEW_STATUS_LABELS, REVIEW_STATUSES, type ReviewStatus } from './stages';

// Payloads travel through Temporal history (2 MB per payload, kept forever), so free text is bounded.
/** Longest free-text field, in characters (code points). */
export const TEXT_MAX_LENGTH = 4000;
/** Longest single activity line, in characters. */
export const ACTIVITY_MAX_LENGTH = 500;
/** Most entries in one list (activities, targets, actuals, indicator snapshot). */
export const LIST_MAX_LENGTH = 100;
const INDICATOR_ID_MAX_LENGTH = 100;
/** Longest answer to HQ's return (差戻しへの回答), in characters. */
export const RETURN_ANSWER_MAX_LENGTH = 2000;

/**
 * What every submission kind may carry on a resubmission (round 2 and later): the leader's answer
 * to the comment HQ returned the previous round with, shown to HQ beside that comment.
 */
export interface ReturnAnswer {
  /** 差戻しへの回答: free text, optional, at most {@link RETURN_ANSWER_MAX_LENGTH} characters. */
  readonly returnAnswer?: string;
}

export interface IndicatorTarget {
  readonly indicatorId: string;
  readonly target: number;
}

/** PLAN deliverable. */
export interface PlanSubmission extends ReturnAnswer {
  readonly targets: readonly IndicatorTarget[];
  readonly activities: readonly string[];
  /** Integer yen. */
  readonly budgetRequest: number;
  /** 効果額の見込額 for this fiscal year (optional; else the plan import's target counts). */
  readonly effectTarget?: EffectAmounts;
  /** 事業費・人工・財源内訳の見込 of this fiscal year (optional, #26; see item-costs.ts). */
  readonly costs?: ItemCostsInput;
}

export interface IndicatorValue {
  readonly indicatorId: string;
  readonly value: number;
}

/** DO periodic progress review. */
export interface ReviewSubmission extends ReturnAnswer {
  /** 1-based index of the review period (see reviewPeriods). */
  readonly periodIndex: number;
  /** Percent complete, 0–100. */
  readonly progress: number;
  readonly status: ReviewStatus;
  readonly notes?: string;
  /** Optional interim indicator values. */
  readonly indicators?: readonly IndicatorValue[];
  /** Progress grade, a code of the tenant's scale (see progress-grades.ts); else the status maps to one. */
  readonly grade?: string;
}

/** DO gate deliverable. */
export interface ExecutionReport extends ReturnAnswer {
  readonly summary: string;
  readonly issues?: string;
}

export interface IndicatorActual {
  readonly indicatorId: string;
  readonly actual: number;
}

/** CHECK deliverable. */
export interface EvaluationSubmission extends ReturnAnswer {
  readonly actuals: readonly IndicatorActual[];
  /** A code of the city's 一次評価（所管）scale (A–D by default). */
  readonly selfRating: string;
  readonly analysis: string;
  /** Progress grade of the year, a code of the tenant's scale. */
  readonly grade?: string;
  /** 効果額の実績額 of the fiscal year. */
  readonly effects?: EffectAmounts;
  /** 事業費・人工・財源内訳の実績 of the fiscal year (optional, #26; see item-costs.ts). */
  readonly costs?: ItemCostsInput;
}

/** ACT deliverable. */
export interface ActionSubmission extends ReturnAnswer {
  /** A decision code of the city's list (the product's six by default: expand, continue, …). */
  readonly decision: string;
  /** Next-year budget in integer yen; optional where the decision implies it (see validateBudgetProposal). */
  readonly budgetProposal?: number | null;
  readonly rationale: string;
}

/** Payload type per submission kind. */
export interface SubmissionPayloads {
  readonly plan: PlanSubmission;
  readonly review: ReviewSubmission;
  readonly execution_report: ExecutionReport;
  readonly evaluation: EvaluationSubmission;
  readonly action: ActionSubmission;
}

/** What the item knows about its indicators; when given, payloads must cover exactly these ids. */
export interface IndicatorContext {
  readonly indicatorIds?: readonly string[];
  /** The tenant's progress grade codes; default the S/A/B/C preset. */
  readonly gradeCodes?: readonly string[];
  /** The city's 一次評価（所管）scale; default A–D. */
  readonly selfRatings?: readonly RatingGrade[];
}

type Fields = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function charCount(text: string): number {
  return [...text].length;
}

function notAnObject(): ValidationProblem[] {
  return [
    problem('payload', 'type', {
      ja: '入力内容の形式が正しくありません。',
      en: 'The submission is not an object.',
    }),
  ];
}

function checkText(
  problems: ValidationProblem[],
  field: string,
  value: unknown,
  options: { readonly required: boolean; readonly max: number },
): void {
  if (value === undefined || value === null) {
    if (options.required)
      problems.push(problem(field, 'required', { ja: '入力してください。', en: 'This field is required.' }));
    return;
  }
  if (typeof value !== 'string') {
    problems.push(problem(field, 'type', { ja: '文字列で入力してください。', en: 'Enter text.' }));
  } else if (options.required && value.trim() === '') {
    problems.push(problem(field, 'required', { ja: '入力してください。', en: 'This field is required.' }));
  } else if (charCount(value) > options.max) {
    problems.push(
      problem(field, 'max_length', {
        ja: `${options.max}文字以内で入力してください。`,
        en: `Use at most ${options.max} characters.`,
      }),
    );
  }
}

/** The optional 差戻しへの回答 of any submission kind. */
function checkReturnAnswer(problems: ValidationProblem[], input: Fields): void {
  checkText(problems, 'returnAnswer', input.returnAnswer, {
    required: false,
    max: RETURN_ANSWER_MAX_LENGTH,
  });
}

function checkFiniteNumber(problems: ValidationProblem[], field: string, value: unknown): value is number {
  if (value === undefined || value === null) {
    problems.push(problem(field, 'required', { ja: '入力してください。', en: 'This field is required.' }));
    return false;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    problems.push(problem(field, 'number', { ja: '数値で入力してください。', en: 'Enter a number.' }));
    return false;
  }
  return true;
}

function checkList(
  problems: ValidationProblem[],
  field: string,
  value: unknown,
  options: { readonly required: boolean },
): value is readonly unknown[] {
  if (value === undefined || value === null) {
    if (options.required)
      problems.push(problem(field, 'required', { ja: '入力してください。', en: 'This field is required.' }));
    return false;
  }
  if (!Array.isArray(value)) {
    problems.push(problem(field, 'type', { ja: '一覧の形式が正しくありません。', en: 'Expected a list.' }));
    return false;
  }
  if (value.length > LIST_MAX_LENGTH) {
    problems.push(
      problem(field, 'max_items', {
        ja: `${LIST_MAX_LENGTH}件以内としてください。`,
        en: `Use at most ${LIST_MAX_LENGTH} entries.`,
      }),
    );
    return false;
  }
  return true;
}

/**
 * Checks a list of `{ indicatorId, <valueKey>: number }`: ids present, unique, known, and (when the
 * context lists the item's indicators and `coverAll` is set) one entry for each of them.
 */
function checkIndicatorEntries(
  problems: ValidationProblem[],
  field: string,
  entries: readonly unknown[],
  valueKey: string,
  context: IndicatorContext,
  coverAll: boolean,
): void {
  const known = context.indicatorIds ? new Set(context.indicatorIds) : null;
  const seen = new Set<string>();
  entries.forEach((entry, i) => {
    const at = `${field}[${i}]`;
    if (!isRecord(entry)) {
      problems.push(
        problem(at, 'type', { ja: '指標の形式が正しくありません。', en: 'Expected an indicator entry.' }),
      );
      return;
    }
    const id = entry.indicatorId;
    if (typeof id !== 'string' || id.trim() === '' || charCount(id) > INDICATOR_ID_MAX_LENGTH) {
      problems.push(
        problem(`${at}.indicatorId`, 'required', {
          ja: '指標を指定してください。',
          en: 'Choose an indicator.',
        }),
      );
    } else if (seen.has(id)) {
      problems.push(
        problem(`${at}.indicatorId`, 'duplicate', {
          ja: '同じ指標が重複しています。',
          en: 'This indicator is listed twice.',
        }),
      );
    } else if (known && !known.has(id)) {
      problems.push(
        problem(`${at}.indicatorId`, 'unknown_indicator', {
          ja: 'この改革項目の指標ではありません。',
          en: 'Not an indicator of this item.',
        }),
      );
    }
    if (typeof id === 'string') seen.add(id);
    checkFiniteNumber(problems, `${at}.${valueKey}`, entry[valueKey]);
  });
  if (known && coverAll) {
    for (const id of known) {
      if (!seen.has(id)) {
        problems.push(
          problem(field, 'missing_indicator', {
            ja: `指標「${id}」の値を入力してください。`,
            en: `Enter a value for indicator "${id}".`,
          }),
        );
      }
    }
  }
}

/**
 * PLAN: one numeric target per indicator (exactly the item's indicators when the context lists
 * them, otherwise at least one), non-empty activities, budgetRequest in integer yen ≥ 0.
 */
export function validatePlanSubmission(input: unknown, context: IndicatorContext = {}): ValidationProblem[] {
  if (!isRecord(input)) return notAnObject();
  const problems: ValidationProblem[] = [];
  if (checkList(problems, 'targets', input.targets, { required: true })) {
    if (
      input.targets.length === 0 &&
      (context.indicatorIds === undefined || context.indicatorIds.length > 0)
    ) {
      problems.push(
        problem('targets', 'required', {
          ja: '目標値を入力してください。',
          en: 'Enter at least one target.',
        }),
      );
    }
    checkIndicatorEntries(problems, 'targets', input.targets, 'target', context, true);
  }
  if (checkList(problems, 'activities', input.activities, { required: true })) {
    if (input.activities.length === 0) {
      problems.push(
        problem('activities', 'required', {
          ja: '取組内容を1件以上入力してください。',
          en: 'Enter at least one activity.',
        }),
      );
    }
    input.activities.forEach((activity, i) => {
      checkText(problems, `activities[${i}]`, activity, { required: true, max: ACTIVITY_MAX_LENGTH });
    });
  }
  if (input.budgetRequest === undefined || input.budgetRequest === null) {
    problems.push(
      problem('budgetRequest', 'required', {
        ja: `${GLOSSARY.initialBudget.ja}を入力してください。`,
        en: `Enter the ${GLOSSARY.initialBudget.en.toLowerCase()}.`,
      }),
    );
  } else if (!isIntegerYen(input.budgetRequest)) {
    problems.push(
      problem('budgetRequest', 'integer_yen', {
        ja: `${GLOSSARY.initialBudget.ja}は0以上の整数（円）で入力してください。`,
        en: `Enter the ${GLOSSARY.initialBudget.en.toLowerCase()} as a whole number of yen, 0 or more.`,
      }),
    );
  }
  if (input.effectTarget !== undefined && input.effectTarget !== null) {
    problems.push(...validateEffectAmounts('effectTarget', input.effectTarget));
  }
  if (input.costs !== undefined && input.costs !== null) problems.push(...validateItemCosts(input.costs));
  checkReturnAnswer(problems, input);
  return problems;
}

export interface ReviewContext extends IndicatorContext {
  /** Number of review periods in the year (12 monthly, 4 quarterly, 2 half-yearly, 1 yearly); defaults to 12. */
  readonly periodCount?: number;
}

/** DO review: periodIndex 1..periodCount, progress 0–100, a known status, notes ≤ 4000 characters. */
export function validateReviewSubmission(input: unknown, context: ReviewContext = {}): ValidationProblem[] {
  if (!isRecord(input)) return notAnObject();
  const problems: ValidationProblem[] = [];
  const periodCount = context.periodCount ?? 12;
  const { periodIndex, progress, status } = input;
  if (
    checkFiniteNumber(problems, 'periodIndex', periodIndex) &&
    (!Number.isInteger(periodIndex) || periodIndex < 1 || periodIndex > periodCount)
  ) {
    problems.push(
      problem('periodIndex', 'range', {
        ja: `報告期間は1〜${periodCount}で指定してください。`,
        en: `The review period must be 1–${periodCount}.`,
      }),
    );
  }
  if (checkFiniteNumber(problems, 'progress', progress) && (progress < 0 || progress > 100)) {
    problems.push(
      problem('progress', 'range', {
        ja: '進捗率は0〜100で入力してください。',
        en: 'Progress must be between 0 and 100.',
      }),
    );
  }
  if (!REVIEW_STATUSES.includes(status as ReviewStatus)) {
    problems.push(
      problem('status', 'enum', {
        ja: `状況は${REVIEW_STATUSES.map((s) => `「${REVIEW_STATUS_LABELS[s].ja}」`).join('')}から選択してください。`,
        en: `Choose ${REVIEW_STATUSES.map((s) => REVIEW_STATUS_LABELS[s].en.toLowerCase()).join(', ')}.`,
      }),
    );
  }
  checkText(problems, 'notes', input.notes, { required: false, max: TEXT_MAX_LENGTH });
  if (checkList(problems, 'indicators', input.indicators, { required: false })) {
    checkIndicatorEntries(problems, 'indicators', input.indicators, 'value', context, false);
  }
  problems.push(...validateGrade('grade', input.grade, context.gradeCodes));
  checkReturnAnswer(problems, input);
  return problems;
}

/** DO gate: a non-empty summary; optional issues. */
export function validateExecutionReport(input: unknown): ValidationProblem[] {
  if (!isRecord(input)) return notAnObject();
  const problems: ValidationProblem[] = [];
  checkText(problems, 'summary', input.summary, { required: true, max: TEXT_MAX_LENGTH });
  checkText(problems, 'issues', input.issues, { required: false, max: TEXT_MAX_LENGTH });
  checkReturnAnswer(problems, input);
  return problems;
}

/** CHECK: one actual per indicator (exactly the item's when known), self-rating A–D, non-empty analysis. */
export function validateEvaluationSubmission(
  input: unknown,
  context: IndicatorContext = {},
): ValidationProblem[] {
  if (!isRecord(input)) return notAnObject();
  const problems: ValidationProblem[] = [];
  if (checkList(problems, 'actuals', input.actuals, { required: true })) {
    checkIndicatorEntries(problems, 'actuals', input.actuals, 'actual', context, true);
  }
  const selfRating = ratingProblem(
    'selfRating',
    input.selfRating,
    context.selfRatings ?? DEFAULT_CITY_SETTINGS.ratings.self,
    GLOSSARY.firstEvaluation,
  );
  if (selfRating) problems.push(selfRating);
  checkText(problems, 'analysis', input.analysis, { required: true, max: TEXT_MAX_LENGTH });
  problems.push(...validateGrade('grade', input.grade, context.gradeCodes));
  if (input.effects !== undefined && input.effects !== null) {
    problems.push(...validateEffectAmounts('effects', input.effects));
  }
  if (input.costs !== undefined && input.costs !== null) problems.push(...validateItemCosts(input.costs));
  checkReturnAnswer(problems, input);
  return problems;
}

export interface ActionContext {
  /** This year's budget in integer yen, the reference for the proposal rules. */
  readonly currentBudget: number;
  /** The city's decision list in force for the cycle; the product's six when absent. */
  readonly decisions?: readonly DecisionSetting[];
}

/** ACT: a decision of the city's list, a budget proposal that fits its rule (see validateBudgetProposal), a rationale. */
export function validateActionSubmission(input: unknown, context: ActionContext): ValidationProblem[] {
  if (!isRecord(input)) return notAnObject();
  const problems: ValidationProblem[] = [];
  const decisions = context.decisions ?? DEFAULT_DECISIONS;
  const decision = input.decision;
  if (typeof decision !== 'string' || !findDecision({ decisions }, decision)) {
    const ordered = [...decisions].sort((a, b) => a.order - b.order);
    problems.push(
      problem('decision', 'enum', {
        ja: `今後の方向性は${ordered.map((d) => d.label.ja).join('・')}から選択してください。`,
        en: `Choose one of ${ordered.map((d) => `${d.code} (${d.label.en})`).join(', ')}.`,
      }),
    );
  } else {
    const proposal = input.budgetProposal;
    if (proposal !== undefined && proposal !== null && typeof proposal !== 'number') {
      problems.push(
        problem('budgetProposal', 'integer_yen', {
          ja: '金額は数値で入力してください。',
          en: 'Enter an amount.',
        }),
      );
    } else {
      problems.push(
        ...validateBudgetProposal(decision, context.currentBudget, proposal, 'budgetProposal', decisions),
      );
    }
  }
  checkText(problems, 'rationale', input.rationale, { required: true, max: TEXT_MAX_LENGTH });
  checkReturnAnswer(problems, input);
  return problems;
}

/**
 * The comment of an approve/return: bounded, and required to return (the leader must learn why).
 * Shared by the machine and the web form, which checks it before sending.
 */
export function decisionCommentProblems(decision: {
  readonly decision: string;
  readonly comment?: string | null;
}): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const comment = decision.comment ?? '';
  if (typeof comment !== 'string' || comment.length > TEXT_MAX_LENGTH) {
    problems.push({
      field: 'comment',
      rule: 'max_length',
      message: {
        ja: `コメントは${TEXT_MAX_LENGTH}文字以内です。`,
        en: `The comment is at most ${TEXT_MAX_LENGTH} characters.`,
      },
    });
  } else if (decision.decision === 'return' && comment.trim() === '') {
    problems.push({
      field: 'comment',
      rule: 'required',
      message: { ja: '差戻しの理由をコメントに記入してください。', en: 'Say why you return it (comment).' },
    });
  }
  return problems;
}

/** A 公表版's 表題 is a heading such as 「令和7年度 行財政改革 取組状況（公表版）」, not a paragraph. */
export const EDITION_TITLE_MAX_LENGTH = 200;
/** Why a 公表版 is made (or what it corrects): a sentence or a short paragraph. */
export const EDITION_REASON_MAX_LENGTH = 1000;

/**
 * 表題 and 作成の理由 of a new 公表版: both required, bounded as the API's PublishEditionDto. Shared
 * so the web form checks before sending and says the same as a 400 would.
 */
export function validatePlanEdition(input: {
  readonly title: unknown;
  readonly reason: unknown;
}): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  checkText(problems, 'title', input.title, { required: true, max: EDITION_TITLE_MAX_LENGTH });
  checkText(problems, 'reason', input.reason, { required: true, max: EDITION_REASON_MAX_LENGTH });
  return problems;
}
