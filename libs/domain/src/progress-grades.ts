/**
 * Progress grades (進捗評価): a scale configured per tenant (code, symbol, ja/en label, order),
 * given on each periodic review and on the evaluation. Presets are the two scales cities publish
 * most: S/A/B/C and ◎/○/△/×. Pure: also runs in the workflow sandbox.
 */
import type { LocalizedText } from './localized-text';
import { REVIEW_STATUSES, type ReviewStatus } from './stages';
import { problem, type ValidationProblem } from './validation-problem';

export interface ProgressGrade {
  /** Stable id stored in payloads (`S`, `A`, …). */
  readonly code: string;
  /** What a printed table shows (`S`, `◎`, …). */
  readonly symbol: string;
  readonly label: LocalizedText;
  /** 1 = best. */
  readonly order: number;
}

export interface ProgressGradeScale {
  readonly key: string;
  readonly grades: readonly ProgressGrade[];
  /** The grade a review without one counts as, from its on track / at risk / delayed status. */
  readonly fromReviewStatus: Readonly<Record<ReviewStatus, string>>;
}

export const PROGRESS_GRADE_PRESETS = {
  sabc: {
    key: 'sabc',
    grades: [
      { code: 'S', symbol: 'S', label: { ja: '計画以上', en: 'Ahead of plan' }, order: 1 },
      { code: 'A', symbol: 'A', label: { ja: '計画どおり', en: 'On plan' }, order: 2 },
      { code: 'B', symbol: 'B', label: { ja: 'やや遅れ', en: 'Slightly behind' }, order: 3 },
      { code: 'C', symbol: 'C', label: { ja: '遅れ', en: 'Behind' }, order: 4 },
    ],
    fromReviewStatus: { on_track: 'A', at_risk: 'B', delayed: 'C' },
  },
  marks: {
    key: 'marks',
    grades: [
      { code: 'double_circle', symbol: '◎', label: { ja: '計画以上', en: 'Ahead of plan' }, order: 1 },
      { code: 'circle', symbol: '○', label: { ja: '計画どおり', en: 'On plan' }, order: 2 },
      { code: 'triangle', symbol: '△', label: { ja: 'やや遅れ', en: 'Slightly behind' }, order: 3 },
      { code: 'cross', symbol: '×', label: { ja: '遅れ', en: 'Behind' }, order: 4 },
    ],
    fromReviewStatus: { on_track: 'circle', at_risk: 'triangle', delayed: 'cross' },
  },
} as const satisfies Record<string, ProgressGradeScale>;

export type ProgressGradePresetKey = keyof typeof PROGRESS_GRADE_PRESETS;

/** Today's on track / at risk / delayed, mapped to S/A/B/C. */
export const DEFAULT_PROGRESS_GRADE_SCALE: ProgressGradeScale = PROGRESS_GRADE_PRESETS.sabc;

const CODE_PATTERN = /^[A-Za-z0-9_-]{1,20}$/;

/**
 * Reads `tenants.settings.progressGrades`: a preset key (`"sabc"`, `"marks"`) or a custom scale.
 * Anything unreadable falls back to the default scale, so a bad setting never blocks a cycle.
 */
export function resolveProgressGradeScale(setting: unknown): ProgressGradeScale {
  if (typeof setting === 'string' && setting in PROGRESS_GRADE_PRESETS) {
    return PROGRESS_GRADE_PRESETS[setting as ProgressGradePresetKey];
  }
  if (typeof setting === 'object' && setting !== null && validateProgressGradeScale(setting).length === 0) {
    return setting as ProgressGradeScale;
  }
  return DEFAULT_PROGRESS_GRADE_SCALE;
}

/** A custom scale: 2–10 grades with unique codes and orders, and a grade for each review status. */
export function validateProgressGradeScale(input: unknown): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const scale = input as Partial<ProgressGradeScale> | null;
  const grades = scale?.grades;
  if (!Array.isArray(grades) || grades.length < 2 || grades.length > 10) {
    return [
      problem('grades', 'range', {
        ja: '評価段階は2〜10個で設定してください。',
        en: 'A grade scale needs 2 to 10 grades.',
      }),
    ];
  }
  const codes = new Set<string>();
  const orders = new Set<number>();
  grades.forEach((grade: Partial<ProgressGrade>, i) => {
    const code = grade?.code;
    if (typeof code !== 'string' || !CODE_PATTERN.test(code) || codes.has(code)) {
      problems.push(
        problem(`grades[${i}].code`, 'code', {
          ja: '評価のコードは英数字20文字以内で、重複しないようにしてください。',
          en: 'Grade codes are up to 20 letters/digits and unique.',
        }),
      );
    } else codes.add(code);
    if (typeof grade?.symbol !== 'string' || grade.symbol.length === 0 || grade.symbol.length > 4) {
      problems.push(
        problem(`grades[${i}].symbol`, 'symbol', {
          ja: '記号は1〜4文字です。',
          en: 'A symbol is 1–4 characters.',
        }),
      );
    }
    if (typeof grade?.label?.ja !== 'string' || typeof grade.label.en !== 'string') {
      problems.push(
        problem(`grades[${i}].label`, 'required', {
          ja: '日本語と英語の名称を入力してください。',
          en: 'Give a Japanese and an English label.',
        }),
      );
    }
    if (!Number.isInteger(grade?.order) || orders.has(grade.order as number)) {
      problems.push(
        problem(`grades[${i}].order`, 'order', {
          ja: '順位は重複しない整数にしてください。',
          en: 'Orders are unique integers.',
        }),
      );
    } else orders.add(grade.order as number);
  });
  for (const status of REVIEW_STATUSES) {
    const code = scale?.fromReviewStatus?.[status];
    if (typeof code !== 'string' || !codes.has(code)) {
      problems.push(
        problem(`fromReviewStatus.${status}`, 'unknown_grade', {
          ja: '進捗状況に対応する評価を段階の中から指定してください。',
          en: 'Map each review status to one of the grades.',
        }),
      );
    }
  }
  return problems;
}

/** `grade` on a review or evaluation payload: optional; when given, one of the scale's codes. */
export function validateGrade(
  field: string,
  value: unknown,
  gradeCodes: readonly string[] | undefined,
): ValidationProblem[] {
  if (value === undefined || value === null) return [];
  const codes = gradeCodes ?? DEFAULT_PROGRESS_GRADE_SCALE.grades.map((g) => g.code);
  if (typeof value === 'string' && codes.includes(value)) return [];
  return [
    problem(field, 'enum', {
      ja: `進捗評価は ${codes.join('・')} から選択してください。`,
      en: `Choose a progress grade from ${codes.join(', ')}.`,
    }),
  ];
}

/** The grade of a review: its own, else the one its status maps to. */
export function gradeOfReview(
  review: { readonly grade?: string | null; readonly status: ReviewStatus },
  scale: ProgressGradeScale,
): string {
  return review.grade ?? scale.fromReviewStatus[review.status];
}
