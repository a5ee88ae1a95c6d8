/**
 * 施策評価 (policy evaluation, #24): the evaluation of a plan node (a 施策 or 方針) above its
 * items, once a year, by the node's owner (the responsible 部長), approved by HQ through the same
 * approval chain as items. Its settings, its calendar rule and the owner's submission. Pure: also
 * runs in the workflow sandbox.
 */
import type { DueDateRule } from './fiscal-calendar';
import { jstInstant } from './japan-calendar';
import type { LocalizedText } from './localized-text';
import type { PolicyRatingGrade } from './policy-evaluation-settings';
import { RETURN_ANSWER_MAX_LENGTH, TEXT_MAX_LENGTH } from './validation';
import { problem, type ValidationProblem } from './validation-problem';

/** The calendar keys (tenants.settings.calendar) of the 施策評価 and their defaults. */
export interface PolicyEvaluationCalendar {
  /** The latest day the evaluation opens (00:00 JST), relative to the fiscal year; default 1 July of fy+1. */
  readonly policyEvaluationOpen: DueDateRule;
  /** Days from the opening to the due date (at 17:00 JST); default 30. */
  readonly policyEvaluationDueDays: number;
}

export const DEFAULT_POLICY_EVALUATION_CALENDAR: PolicyEvaluationCalendar = {
  policyEvaluationOpen: { yearOffset: 1, month: 7, day: 1 },
  policyEvaluationDueDays: 30,
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isIntIn = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** The calendar in force: the stored calendar's keys over the defaults; an unreadable key keeps its default. */
export function resolvePolicyEvaluationCalendar(stored: unknown): PolicyEvaluationCalendar {
  const calendar = isRecord(stored) ? stored : {};
  const open = isRecord(calendar.policyEvaluationOpen) ? calendar.policyEvaluationOpen : {};
  const base = DEFAULT_POLICY_EVALUATION_CALENDAR;
  return {
    policyEvaluationOpen: {
      yearOffset: isIntIn(open.yearOffset, 0, 2) ? open.yearOffset : base.policyEvaluationOpen.yearOffset,
      month: isIntIn(open.month, 1, 12) ? open.month : base.policyEvaluationOpen.month,
      day: isIntIn(open.day, 1, 31) ? open.day : base.policyEvaluationOpen.day,
    },
    policyEvaluationDueDays: isIntIn(calendar.policyEvaluationDueDays, 1, 365)
      ? calendar.policyEvaluationDueDays
      : base.policyEvaluationDueDays,
  };
}

/** 00:00 JST of the day fiscal year `fy`'s evaluation opens at the latest (a day past month end: its last day). */
export function policyEvaluationOpenDate(fy: number, calendar: PolicyEvaluationCalendar): Date {
  const { yearOffset, month, day } = calendar.policyEvaluationOpen;
  const year = fy + yearOffset;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return jstInstant(year, month, Math.min(day, lastDay));
}

/** The due instant of an evaluation opened at `openedAt`: 17:00 JST, `dueDays` (policyEvaluationDueDays) days later. */
export function policyEvaluationDueDate(openedAt: Date, dueDays: number): Date {
  const jst = new Date(openedAt.getTime() + 9 * 3_600_000);
  return jstInstant(jst.getUTCFullYear(), jst.getUTCMonth() + 1, jst.getUTCDate() + dueDays, 17);
}

/** One node indicator's result in the owner's submission. */
export interface PolicyIndicatorResult {
  readonly indicatorId: string;
  /** The year's 実績; absent when the owner leaves it to the node's actuals (主要目標). */
  readonly actual?: number;
  /** 達成状況の理由. */
  readonly reason: string;
}

/** The owner's 施策評価. */
export interface PolicyEvaluationSubmission {
  /** 担当部評価: a code of the configured scale. */
  readonly rating: string;
  /** 評価の理由. */
  readonly reason: string;
  readonly indicators: readonly PolicyIndicatorResult[];
  /** 施策実現のための課題. */
  readonly issues: string;
  /** 今後の方向性 (free text). */
  readonly direction: string;
  /**
   * 差戻しへの回答: on a resubmission, the owner's answer to HQ's return comment; optional, as on the
   * item forms. Optional here too so that submissions recorded before it existed replay unchanged.
   */
  readonly returnAnswer?: string;
}

export const POLICY_SUBMISSION_FIELDS = [
  'rating',
  'reason',
  'indicators',
  'issues',
  'direction',
  'returnAnswer',
] as const;
const INDICATOR_FIELDS = ['indicatorId', 'actual', 'reason'];

export interface PolicySubmissionContext {
  readonly scale: readonly PolicyRatingGrade[];
  /** The node's indicator ids: each is reported once, and no other. */
  readonly indicatorIds: readonly string[];
}

/** A required text of at most `max` characters (TEXT_MAX_LENGTH unless told); also 市の対応方針's rule. */
export function requiredTextProblems(
  value: unknown,
  field: string,
  label: LocalizedText,
  max: number = TEXT_MAX_LENGTH,
): ValidationProblem[] {
  if (typeof value !== 'string' || value.trim() === '') {
    return [problem(field, 'required', { ja: `${label.ja}を入力してください。`, en: `Enter ${label.en}.` })];
  }
  if (value.length > max) {
    return [
      problem(field, 'max_length', {
        ja: `${label.ja}は${max}文字以内で入力してください。`,
        en: `${label.en} must be at most ${max} characters.`,
      }),
    ];
  }
  return [];
}
const text = requiredTextProblems;

/** The item forms' rule for 差戻しへの回答: optional text of at most RETURN_ANSWER_MAX_LENGTH characters. */
export function returnAnswerProblems(value: unknown): ValidationProblem[] {
  if (value === undefined) return [];
  if (typeof value !== 'string') {
    return [problem('returnAnswer', 'type', { ja: '文字列で入力してください。', en: 'Enter text.' })];
  }
  if ([...value].length > RETURN_ANSWER_MAX_LENGTH) {
    return [
      problem('returnAnswer', 'max_length', {
        ja: `差戻しへの回答は${RETURN_ANSWER_MAX_LENGTH}文字以内で入力してください。`,
        en: `The answer to the return must be at most ${RETURN_ANSWER_MAX_LENGTH} characters.`,
      }),
    ];
  }
  return [];
}

export function unknownFields(value: Record<string, unknown>, allowed: readonly string[], at: string) {
  return Object.keys(value)
    .filter((key) => !allowed.includes(key))
    .map((key) =>
      problem(`${at}${key}`, 'unknown_field', {
        ja: `「${key}」という項目はありません。`,
        en: `There is no field "${key}".`,
      }),
    );
}

/** Problems with an owner's submission (empty when valid); every field is named. */
export function validatePolicySubmission(input: unknown, ctx: PolicySubmissionContext): ValidationProblem[] {
  if (!isRecord(input)) {
    return [problem('body', 'object', { ja: '評価の内容が読めません。', en: 'The body must be an object.' })];
  }
  const out = unknownFields(input, POLICY_SUBMISSION_FIELDS, '');
  if (!ctx.scale.some((g) => g.code === input.rating)) {
    const codes = ctx.scale.map((g) => g.code).join(' / ');
    out.push(
      problem('rating', 'one_of', {
        ja: `担当部評価は ${codes} のいずれかを指定してください。`,
        en: `The rating must be one of ${codes}.`,
      }),
    );
  }
  out.push(...text(input.reason, 'reason', { ja: '評価の理由', en: 'the reason for the rating' }));
  out.push(...text(input.issues, 'issues', { ja: '施策実現のための課題', en: 'the issues' }));
  out.push(...text(input.direction, 'direction', { ja: '今後の方向性', en: 'the direction' }));
  out.push(...returnAnswerProblems(input.returnAnswer));
  if (!Array.isArray(input.indicators)) {
    out.push(
      problem('indicators', 'array', {
        ja: '成果指標ごとの実績と理由を一覧で指定してください（指標がなければ []）。',
        en: 'Give a list of indicator results ([] when the node has none).',
      }),
    );
    return out;
  }
  const seen = new Set<string>();
  input.indicators.forEach((entry, i) => {
    const at = `indicators[${i}]`;
    if (!isRecord(entry)) {
      out.push(
        problem(at, 'object', { ja: '指標の結果が読めません。', en: 'Each result must be an object.' }),
      );
      return;
    }
    out.push(...unknownFields(entry, INDICATOR_FIELDS, `${at}.`));
    const id = entry.indicatorId;
    if (typeof id !== 'string' || !ctx.indicatorIds.includes(id) || seen.has(id)) {
      out.push(
        problem(`${at}.indicatorId`, 'node_indicator', {
          ja: 'この施策の成果指標を一度ずつ指定してください。',
          en: 'Name each of the node’s indicators once.',
        }),
      );
    } else seen.add(id);
    if (entry.actual !== undefined && (typeof entry.actual !== 'number' || !Number.isFinite(entry.actual))) {
      out.push(
        problem(`${at}.actual`, 'number', {
          ja: '実績は数値で入力してください。',
          en: 'The actual must be a number.',
        }),
      );
    }
    out.push(...text(entry.reason, `${at}.reason`, { ja: '達成状況の理由', en: 'the reason' }));
  });
  for (const id of ctx.indicatorIds.filter((id) => !seen.has(id))) {
    out.push(
      problem('indicators', 'missing_indicator', {
        ja: `成果指標（${id}）の実績と理由がありません。`,
        en: `Indicator ${id} has no result.`,
      }),
    );
  }
  return out;
}
