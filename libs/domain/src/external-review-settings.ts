/**
 * The city's setting `externalReview` (外部評価, #25): the committee's result list (評価区分), the days
 * the city has to answer a ruling (市の対応方針), whether the published report names the members.
 * Apart from external-review.ts so that city-settings.ts can import it without a cycle through
 * validation.ts. Pure: also runs in the workflow sandbox.
 */
import type { LocalizedText } from './localized-text';
import { problem, type ValidationProblem } from './validation-problem';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isIntIn = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** One entry of the committee's result list (評価区分). */
export interface ExternalReviewResult {
  /** Stable id stored in opinions and rulings (`as_is`, `revise`, …). */
  readonly code: string;
  readonly label: LocalizedText;
  /** 1 = first in lists. */
  readonly order: number;
}

/** The city's setting `externalReview`. */
export interface ExternalReviewSettings {
  /** The committee's result list: 1–12 entries, like the city's decisions. */
  readonly results: readonly ExternalReviewResult[];
  /** Days from a ruling to the due date of the city's response (市の対応方針); default 30. */
  readonly responseDueDays: number;
  /** Whether the published report (公表用) names the members beside their opinions; default false. */
  readonly publishMemberNames: boolean;
}

const result = (code: string, ja: string, en: string, order: number): ExternalReviewResult => ({
  code,
  label: { ja, en },
  order,
});

export const DEFAULT_EXTERNAL_REVIEW_RESULTS: readonly ExternalReviewResult[] = [
  result('as_is', '現行どおり', 'Keep as is', 1),
  result('revise', '見直し', 'Revise', 2),
  result('expand', '拡充', 'Expand', 3),
  result('reduce', '縮小', 'Reduce', 4),
  result('abolish', '廃止', 'Abolish', 5),
];

export const DEFAULT_EXTERNAL_REVIEW_SETTINGS: ExternalReviewSettings = {
  results: DEFAULT_EXTERNAL_REVIEW_RESULTS,
  responseDueDays: 30,
  publishMemberNames: false,
};

/** 意見 and the ruling's reason (理由): 1–4000 characters. */
export const EXTERNAL_REVIEW_TEXT_MAX_LENGTH = 4000;
export const EXTERNAL_REVIEW_TITLE_MAX_LENGTH = 200;
export const EXTERNAL_REVIEW_MAX_ITEMS = 100;
export const EXTERNAL_REVIEW_MAX_MEMBERS = 30;

const CODE_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
const MAX_LABEL = 40;

function resultEntryProblems(entry: unknown, at: string): ValidationProblem[] {
  const label = isRecord(entry) ? entry.label : undefined;
  const labelOk =
    isRecord(label) &&
    (['ja', 'en'] as const).every(
      (lang) =>
        typeof label[lang] === 'string' &&
        (label[lang] as string).trim() !== '' &&
        (label[lang] as string).length <= MAX_LABEL,
    );
  const ok =
    isRecord(entry) &&
    typeof entry.code === 'string' &&
    CODE_PATTERN.test(entry.code) &&
    labelOk &&
    isIntIn(entry.order, 1, 99);
  return ok
    ? []
    : [
        problem(at, 'result', {
          ja: `評価区分には code（英数字・「_」「-」の1～32文字）、label（ja, en：1～${MAX_LABEL}文字）、order（1～99）が必要です。`,
          en: `A result needs a code (1–32 letters, digits, "_" or "-"), a label (ja, en: 1–${MAX_LABEL} characters) and an order 1–99.`,
        }),
      ];
}

/** Problems with the `externalReview` setting (empty when valid); every field is named. */
export function externalReviewSettingProblems(value: unknown, field = 'externalReview'): ValidationProblem[] {
  if (!isRecord(value)) {
    return [
      problem(field, 'object', {
        ja: '外部評価の設定（results, responseDueDays, publishMemberNames）を指定してください。',
        en: 'Give results, responseDueDays and publishMemberNames.',
      }),
    ];
  }
  const out: ValidationProblem[] = Object.keys(value)
    .filter((key) => !['results', 'responseDueDays', 'publishMemberNames'].includes(key))
    .map((key) =>
      problem(`${field}.${key}`, 'unknown_field', {
        ja: `「${key}」という設定はありません。`,
        en: `There is no setting "${key}".`,
      }),
    );
  const results = value.results;
  if (!Array.isArray(results) || results.length < 1 || results.length > 12) {
    out.push(
      problem(`${field}.results`, 'result_count', {
        ja: '委員会の評価区分は1～12個で指定してください。',
        en: 'Give 1 to 12 committee results.',
      }),
    );
  } else {
    const seen = new Set<unknown>();
    results.forEach((entry, i) => {
      out.push(...resultEntryProblems(entry, `${field}.results[${i}]`));
      const code = isRecord(entry) ? entry.code : undefined;
      if (seen.has(code)) {
        out.push(
          problem(`${field}.results[${i}].code`, 'unique_code', {
            ja: `コード「${String(code)}」が重複しています。`,
            en: `The code "${String(code)}" appears twice.`,
          }),
        );
      }
      seen.add(code);
    });
  }
  if (!isIntIn(value.responseDueDays, 1, 365)) {
    out.push(
      problem(`${field}.responseDueDays`, 'days_range', {
        ja: '市の対応方針の期限（日数）は1～365の整数で指定してください。',
        en: 'The days for the city’s response are a whole number from 1 to 365.',
      }),
    );
  }
  if (typeof value.publishMemberNames !== 'boolean') {
    out.push(
      problem(`${field}.publishMemberNames`, 'boolean', {
        ja: 'true または false で指定してください。',
        en: 'Give true or false.',
      }),
    );
  }
  return out;
}

/** The setting in force: the stored one when valid, else the default (a bad row never blocks a round). */
export function resolveExternalReviewSettings(stored: unknown): ExternalReviewSettings {
  return externalReviewSettingProblems(stored).length === 0
    ? (stored as ExternalReviewSettings)
    : DEFAULT_EXTERNAL_REVIEW_SETTINGS;
}

/** The label of `code` in the result list (the code itself when the list no longer has it). */
export function externalReviewResultLabel(
  results: readonly ExternalReviewResult[],
  code: string,
): LocalizedText {
  const found = results.find((r) => r.code === code);
  return found ? { ...found.label } : { ja: code, en: code };
}
