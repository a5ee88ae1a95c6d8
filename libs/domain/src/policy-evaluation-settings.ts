/**
 * The city's `policyEvaluation` setting (施策評価, #24): which plan level is evaluated and the
 * 担当部評価 scale. Apart from policy-evaluation.ts so that city-settings.ts can import it without a
 * cycle through validation.ts. Pure.
 */
import type { LocalizedText } from './localized-text';
import { problem, type ValidationProblem } from './validation-problem';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isIntIn = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** One grade of the 担当部評価 scale. */
export interface PolicyRatingGrade {
  readonly code: string;
  readonly label: LocalizedText;
  /** 1 = best. */
  readonly order: number;
}

/** The city's setting `policyEvaluation`: which plan level is evaluated (null: off) and its scale. */
export interface PolicyEvaluationSettings {
  /** The plan level (1 = top) whose nodes are evaluated; null: no 施策評価 (the default). */
  readonly level: number | null;
  /** 担当部評価: the grades an owner chooses from. */
  readonly scale: readonly PolicyRatingGrade[];
}

export const DEFAULT_POLICY_EVALUATION_SETTINGS: PolicyEvaluationSettings = {
  level: null,
  scale: [
    { code: 'A', label: { ja: '順調', en: 'On track' }, order: 1 },
    { code: 'B', label: { ja: '概ね順調', en: 'Mostly on track' }, order: 2 },
    { code: 'C', label: { ja: '遅れ', en: 'Behind' }, order: 3 },
  ],
};

/** Problems with the `policyEvaluation` setting (empty when valid). */
export function policyEvaluationSettingProblems(
  value: unknown,
  field = 'policyEvaluation',
): ValidationProblem[] {
  if (!isRecord(value)) {
    return [
      problem(field, 'object', {
        ja: '施策評価の設定（level と scale）を指定してください。',
        en: 'Give the level and the scale.',
      }),
    ];
  }
  const out: ValidationProblem[] = [];
  if (value.level !== null && !isIntIn(value.level, 1, 3)) {
    out.push(
      problem(`${field}.level`, 'level', {
        ja: '評価する階層は 1〜3 か null（施策評価なし）で指定してください。',
        en: 'The evaluated level must be 1–3, or null for none.',
      }),
    );
  }
  const scale = value.scale;
  if (!Array.isArray(scale) || scale.length < 2 || scale.length > 6) {
    out.push(
      problem(`${field}.scale`, 'size', {
        ja: '担当部評価の段階を2〜6個指定してください。',
        en: 'Give 2–6 grades.',
      }),
    );
    return out;
  }
  const codes = new Set<string>();
  scale.forEach((grade, i) => {
    const at = `${field}.scale[${i}]`;
    const ok =
      isRecord(grade) &&
      typeof grade.code === 'string' &&
      /^[A-Za-z0-9_-]{1,32}$/.test(grade.code) &&
      !codes.has(grade.code) &&
      isRecord(grade.label) &&
      typeof grade.label.ja === 'string' &&
      typeof grade.label.en === 'string' &&
      isIntIn(grade.order, 1, 99);
    if (!ok) {
      out.push(
        problem(at, 'grade', {
          ja: '段階には重複しない code（英数字）、label（ja, en）、order（1〜99）が必要です。',
          en: 'A grade needs a unique code (letters, digits), a label (ja, en) and an order 1–99.',
        }),
      );
    } else codes.add(grade.code as string);
  });
  return out;
}
