/**
 * 外部評価 (external review, #25): a committee from outside the city hall reviews chosen items in a
 * review round; each member (外部評価委員) gives an 意見 and a proposed result per item, the chair
 * (委員長) records the committee's ruling (委員会の評価) with its reason. The checks of the members'
 * and the chair's input (the setting is in external-review-settings.ts). Pure: also runs in the
 * workflow sandbox.
 */
import { EXTERNAL_REVIEW_TEXT_MAX_LENGTH, type ExternalReviewResult } from './external-review-settings';
import type { LocalizedText } from './localized-text';
import { problem, type ValidationProblem } from './validation-problem';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A round's status in words, one word per status wherever it is shown (the screens, the
 * 外部評価報告書): 'open' while the members give their 意見, 'ruled' once the committee ruled on every item.
 */
export const EXTERNAL_REVIEW_STATUS_LABELS: { readonly [S in 'open' | 'ruled']: LocalizedText } = {
  open: { ja: '意見受付中', en: 'Taking opinions' },
  ruled: { ja: '委員会の評価済み', en: 'Ruled' },
};

/** 第2回 (or 第２回, 第二回) in a round's title: the city already numbered it. */
export const ROUND_NUMBER_IN_TITLE = /第\s*[0-9０-９一二三四五六七八九十百]+\s*回/;

/** A member's 意見 on one item, with the proposed result (評価区分（案）). */
export interface ExternalOpinionInput {
  readonly itemId: string;
  readonly opinion: string;
  readonly result: string;
}

/** The chair's ruling (委員会の評価) on one item, with its reason. */
export interface ExternalRulingInput {
  readonly itemId: string;
  readonly result: string;
  readonly reason: string;
}

function unknownFields(value: Record<string, unknown>, allowed: readonly string[]): ValidationProblem[] {
  return Object.keys(value)
    .filter((key) => !allowed.includes(key))
    .map((key) =>
      problem(key, 'unknown_field', {
        ja: `「${key}」という項目はありません。`,
        en: `There is no field "${key}".`,
      }),
    );
}

function textProblems(value: unknown, field: string, label: LocalizedText): ValidationProblem[] {
  if (typeof value !== 'string' || value.trim() === '') {
    return [problem(field, 'required', { ja: `${label.ja}を入力してください。`, en: `Enter ${label.en}.` })];
  }
  if ([...value].length > EXTERNAL_REVIEW_TEXT_MAX_LENGTH) {
    return [
      problem(field, 'max_length', {
        ja: `${label.ja}は${EXTERNAL_REVIEW_TEXT_MAX_LENGTH}文字以内で入力してください。`,
        en: `${label.en} must be at most ${EXTERNAL_REVIEW_TEXT_MAX_LENGTH} characters.`,
      }),
    ];
  }
  return [];
}

/** The problem with `value` as a code of the committee's result list, or null when it is one. */
export function externalReviewResultProblem(
  value: unknown,
  results: readonly ExternalReviewResult[],
  field = 'result',
): ValidationProblem | null {
  if (typeof value === 'string' && results.some((r) => r.code === value)) return null;
  const ordered = [...results].sort((a, b) => a.order - b.order);
  // The labels the official sees on the form, never the codes (as_is, revise …) the API stores.
  const en = ordered.map((r) => r.label.en);
  return problem(field, 'one_of', {
    ja: `評価区分は${ordered.map((r) => r.label.ja).join('・')}のいずれかを選択してください。`,
    en: `Choose the result: ${en.length > 1 ? `${en.slice(0, -1).join(', ')} or ${en.at(-1)}` : en.join('')}.`,
  });
}

function itemIdProblems(value: unknown): ValidationProblem[] {
  return typeof value === 'string' && value !== ''
    ? []
    : [problem('itemId', 'required', { ja: '改革項目を指定してください。', en: 'Name the item.' })];
}

/** Problems with a member's opinion (empty when valid); every field is named. */
export function validateExternalOpinion(
  input: unknown,
  results: readonly ExternalReviewResult[],
): ValidationProblem[] {
  if (!isRecord(input)) {
    return [problem('body', 'object', { ja: '意見の内容が読めません。', en: 'The body must be an object.' })];
  }
  const out = unknownFields(input, ['itemId', 'opinion', 'result']);
  out.push(...itemIdProblems(input.itemId));
  out.push(...textProblems(input.opinion, 'opinion', { ja: '意見', en: 'the opinion' }));
  const bad = externalReviewResultProblem(input.result, results);
  if (bad) out.push(bad);
  return out;
}

/** Problems with the chair's ruling (empty when valid); every field is named. */
export function validateExternalRuling(
  input: unknown,
  results: readonly ExternalReviewResult[],
): ValidationProblem[] {
  if (!isRecord(input)) {
    return [
      problem('body', 'object', { ja: '委員会の評価が読めません。', en: 'The body must be an object.' }),
    ];
  }
  const out = unknownFields(input, ['itemId', 'result', 'reason']);
  out.push(...itemIdProblems(input.itemId));
  const bad = externalReviewResultProblem(input.result, results);
  if (bad) out.push(bad);
  out.push(...textProblems(input.reason, 'reason', { ja: '評価の理由', en: 'the reason' }));
  return out;
}
