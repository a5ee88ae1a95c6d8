/**
 * 市の対応方針 (#25): the city's response to the external review committee's ruling on one item,
 * written by the item's leader and approved by HQ's chain; the next fiscal year's evaluation asks
 * how it was carried out (対応方針の実施状況, the follow-up). The submission's and the follow-up's
 * rules. Pure: also runs in the workflow sandbox.
 */
import { requiredTextProblems, returnAnswerProblems, unknownFields } from './policy-evaluation';
import { TEXT_MAX_LENGTH } from './validation';
import { isIntegerYen, problem, type ValidationProblem } from './validation-problem';

/** 実施時期: a short text (e.g. 令和8年度から). */
export const RESPONSE_TIMING_MAX_LENGTH = 100;
/** 効果見込額: at most 10 trillion yen (a city's whole budget is far below). */
export const EXPECTED_EFFECT_MAX = 10_000_000_000_000;
/** Days from the ruling to the response's due date when the city has not set externalReview.responseDueDays. */
export const DEFAULT_RESPONSE_DUE_DAYS = 30;

/** The leader's 市の対応方針. */
export interface ExternalResponseSubmission {
  /** 対応方針. */
  readonly response: string;
  /** 効果見込額 in yen (integer ≥ 0); absent when the response saves nothing countable. */
  readonly expectedEffect?: number;
  /** 実施時期. */
  readonly timing: string;
  /** 差戻しへの回答: on a resubmission, the answer to HQ's return comment (the item forms' rule). */
  readonly returnAnswer?: string;
}

export const EXTERNAL_RESPONSE_FIELDS = ['response', 'expectedEffect', 'timing', 'returnAnswer'] as const;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Problems with a leader's submission (empty when valid); every field is named, in ja and en. */
export function validateExternalResponse(input: unknown): ValidationProblem[] {
  if (!isRecord(input)) {
    return [
      problem('body', 'object', { ja: '対応方針の内容が読めません。', en: 'The body must be an object.' }),
    ];
  }
  const out = unknownFields(input, EXTERNAL_RESPONSE_FIELDS, '');
  out.push(...requiredTextProblems(input.response, 'response', { ja: '対応方針', en: 'the response' }));
  out.push(
    ...requiredTextProblems(
      input.timing,
      'timing',
      { ja: '実施時期', en: 'the timing' },
      RESPONSE_TIMING_MAX_LENGTH,
    ),
  );
  const effect = input.expectedEffect;
  if (effect !== undefined && !(isIntegerYen(effect) && effect <= EXPECTED_EFFECT_MAX)) {
    out.push(
      problem('expectedEffect', 'integer_yen', {
        ja: '効果見込額は0以上の整数（円）で、10兆円以下で入力してください。',
        en: 'The expected effect must be a whole number of yen, at least 0 and at most 10 trillion.',
      }),
    );
  }
  out.push(...returnAnswerProblems(input.returnAnswer));
  return out;
}

/** Problems with a follow-up text (対応方針の実施状況): required, at most TEXT_MAX_LENGTH characters. */
export function followUpProblems(text: unknown): ValidationProblem[] {
  return requiredTextProblems(
    text,
    'text',
    { ja: '対応方針の実施状況', en: 'the follow-up' },
    TEXT_MAX_LENGTH,
  );
}
