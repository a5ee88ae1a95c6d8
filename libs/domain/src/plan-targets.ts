/**
 * The plan's own targets (主要目標, #24): an indicator on the plan or on a node, with a whole-period
 * target (目標値（計画期間）) and yearly targets, whose actuals HQ enters year by year. Its progress
 * for a fiscal year is 累計 against the whole-period target (進捗率), as 福知山市 publishes it for
 * 削減効果額 and 町田市 would for 経常収支比率. Pure, so the API, the board and the 進捗管理表 agree.
 *
 * How the period adds up depends on what the indicator measures (`accumulation`):
 * - `sum` (flows: 削減効果額, 件数 per year): 累計 = the sum of the period's actuals up to the year;
 *   進捗率 = 累計 ÷ 目標値, rounded like 効果額進捗率 (effectAchievementRate). Lower-is-better flows
 *   use 目標 ÷ 累計 (achievementRate's ratio formula).
 * - `latest` (stocks: 職員数, 延床面積, 経常収支比率): 累計 is the latest actual up to the year; 進捗率 is
 *   the indicator's own 目標達成率 of that actual against the whole-period target (its direction,
 *   baseline and formula — libs/domain achievement.ts), so a falling 経常収支比率 counts as progress.
 */
import { type AchievementFormula, achievementRate, type Direction } from './achievement';
import type { AchievementFormulaSetting } from './city-settings';
import type { LocalizedText } from './localized-text';
import { effectAchievementRate } from './plan-rollup';
import { problem, type ValidationProblem } from './validation-problem';

export const TARGET_ACCUMULATIONS = ['sum', 'latest'] as const;
export type TargetAccumulation = (typeof TARGET_ACCUMULATIONS)[number];

export const TARGET_ACCUMULATION_LABELS: Readonly<Record<TargetAccumulation, LocalizedText>> = {
  sum: { ja: '累計（各年度の実績の合計）', en: 'sum of the years’ actuals' },
  latest: { ja: '最新の実績', en: 'latest actual' },
};

/** What the progress of one plan/node indicator is computed from. */
export interface PlanTargetInput {
  readonly direction: Direction;
  readonly baseline: number | null;
  /** The indicator's 達成率 formula, else the city's. */
  readonly formula?: AchievementFormulaSetting;
  readonly accumulation: TargetAccumulation;
  /** 目標値（計画期間） as set; null = derived from the yearly targets (see `periodTargetOf`). */
  readonly periodTarget: number | null;
  /** The import's year-less 目標値 (indicators.target), the stock's final target when no period target is set. */
  readonly finalTarget?: number | null;
  /** Yearly targets by fiscal year. */
  readonly targets: Readonly<Record<number, number>>;
  /** Actuals by fiscal year. */
  readonly actuals: Readonly<Record<number, number>>;
}

export interface PlanTargetYear {
  readonly fiscalYear: number;
  readonly target: number | null;
  /** Null for a year after the one asked (the progress is as of that year) or not entered. */
  readonly actual: number | null;
  /** The year's 目標達成率 (its actual against its own target), null when either is missing. */
  readonly achievementRate: number | null;
}

export interface PlanTargetProgress {
  readonly years: readonly PlanTargetYear[];
  /** 目標値（計画期間）: as set, or derived. */
  readonly periodTarget: number | null;
  /** True when the whole-period target was derived from the yearly targets (none set). */
  readonly periodTargetDerived: boolean;
  /** 累計 (sum) or the latest actual (latest) up to the year; null with no actual. */
  readonly cumulative: number | null;
  /** The fiscal year the latest actual is of (latest); the last year summed (sum). */
  readonly cumulativeFiscalYear: number | null;
  /** 進捗率 in percent (one decimal); null when it cannot be computed. */
  readonly progressRate: number | null;
  /** How 進捗率 was computed: a 達成率 formula, or 累計÷目標 for a sum. */
  readonly progressFormula: AchievementFormula | 'cumulative_over_target' | null;
}

export interface TargetPeriod {
  readonly fromFy: number;
  readonly toFy: number;
}

/**
 * The whole-period target: the one set, else for a sum the sum of the period's yearly targets, for
 * a stock the import's final target or the last yearly target of the period.
 */
export function periodTargetOf(
  input: Pick<PlanTargetInput, 'accumulation' | 'periodTarget' | 'finalTarget' | 'targets'>,
  period: TargetPeriod,
): { value: number | null; derived: boolean } {
  if (input.periodTarget !== null) return { value: input.periodTarget, derived: false };
  const inPeriod = Object.entries(input.targets)
    .map(([fy, value]) => [Number(fy), value] as const)
    .filter(([fy]) => fy >= period.fromFy && fy <= period.toFy)
    .sort(([a], [b]) => a - b);
  if (input.accumulation === 'sum') {
    if (inPeriod.length === 0) return { value: null, derived: false };
    return { value: inPeriod.reduce((total, [, v]) => total + v, 0), derived: true };
  }
  const last = input.finalTarget ?? inPeriod.at(-1)?.[1] ?? null;
  return { value: last, derived: last !== null };
}

/**
 * The progress of a plan/node indicator as of `fiscalYear` over `period`: each year's target and
 * actual (actuals after `fiscalYear` left out), 累計 or the latest actual, and 進捗率 against the
 * whole-period target.
 */
export function planTargetProgress(
  input: PlanTargetInput,
  fiscalYear: number,
  period: TargetPeriod,
): PlanTargetProgress {
  const rateOf = (target: number, actual: number): ReturnType<typeof achievementRate> =>
    achievementRate({
      target,
      actual,
      baseline: input.baseline,
      direction: input.direction,
      formula: input.accumulation === 'sum' ? 'ratio' : input.formula,
    });
  const years: PlanTargetYear[] = [];
  for (let fy = period.fromFy; fy <= period.toFy; fy++) {
    const target = input.targets[fy] ?? null;
    const actual = fy <= fiscalYear ? (input.actuals[fy] ?? null) : null;
    const rate = target !== null && actual !== null ? rateOf(target, actual).rate : null;
    years.push({ fiscalYear: fy, target, actual, achievementRate: rate });
  }
  const known = years.filter((y) => y.actual !== null);
  const { value: periodTarget, derived } = periodTargetOf(input, period);
  const base = { years, periodTarget, periodTargetDerived: derived };
  if (known.length === 0) {
    return {
      ...base,
      cumulative: null,
      cumulativeFiscalYear: null,
      progressRate: null,
      progressFormula: null,
    };
  }
  const lastYear = known.at(-1)!.fiscalYear;
  if (input.accumulation === 'sum') {
    const cumulative = known.reduce((total, y) => total + (y.actual ?? 0), 0);
    const progress = sumProgress(periodTarget, cumulative, input.direction);
    return { ...base, cumulative, cumulativeFiscalYear: lastYear, ...progress };
  }
  const latest = known.at(-1)!.actual!;
  const result = periodTarget === null ? null : rateOf(periodTarget, latest);
  return {
    ...base,
    cumulative: latest,
    cumulativeFiscalYear: lastYear,
    progressRate: result?.rate ?? null,
    progressFormula: result && result.rate !== null ? result.formula : null,
  };
}

function sumProgress(
  periodTarget: number | null,
  cumulative: number,
  direction: Direction,
): Pick<PlanTargetProgress, 'progressRate' | 'progressFormula'> {
  if (periodTarget === null) return { progressRate: null, progressFormula: null };
  if (direction === 'higher_is_better') {
    const rate = effectAchievementRate(periodTarget, cumulative);
    return { progressRate: rate, progressFormula: rate === null ? null : 'cumulative_over_target' };
  }
  const result = achievementRate({ target: periodTarget, actual: cumulative, direction, formula: 'ratio' });
  return { progressRate: result.rate, progressFormula: result.rate === null ? null : result.formula };
}

/**
 * The period progress is measured over: the plan's own years, else the years the indicators know
 * (targets and actuals) with the year asked, each end kept where the plan gives it.
 */
export function targetPeriodOf(
  plan: { readonly periodStartFy: number | null; readonly periodEndFy: number | null },
  knownYears: readonly number[],
  fiscalYear: number,
): TargetPeriod {
  const known = [fiscalYear, ...knownYears];
  const fromFy = plan.periodStartFy ?? Math.min(...known);
  const toFy = plan.periodEndFy ?? Math.max(...known);
  return { fromFy, toFy: Math.max(fromFy, toFy) };
}

/** Figures beyond this are typing mistakes (no 主要目標 counts past a trillion). */
export const TARGET_VALUE_LIMIT = 1e15;
export const TARGET_SOURCE_MAX_LENGTH = 200;
export const TARGET_NOTE_MAX_LENGTH = 2000;

/** A year's actual as HQ enters it. */
export interface PlanTargetActualInput {
  readonly value: unknown;
  readonly source: unknown;
  readonly asOf: unknown;
  readonly note?: unknown;
}

const REQUIRED: LocalizedText = { ja: '入力してください。', en: 'This field is required.' };

/** A finite number within ±TARGET_VALUE_LIMIT, else the problem with `field`. */
export function checkTargetValue(field: string, value: unknown): ValidationProblem | null {
  if (value === undefined || value === null) return problem(field, 'required', REQUIRED);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return problem(field, 'number', { ja: '数値で入力してください。', en: 'Enter a number.' });
  }
  if (Math.abs(value) > TARGET_VALUE_LIMIT) {
    return problem(field, 'range', {
      ja: '値が大きすぎます（±1000兆まで）。',
      en: 'The value is too large (at most ±10^15).',
    });
  }
  return null;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === text;
}

/**
 * The problems with a year's actual: value finite and bounded, 出典 required (≤ 200 characters),
 * 時点 a date (YYYY-MM-DD) not after `today` (JST) and not before the fiscal year began (1 April).
 */
export function validatePlanTargetActual(
  input: PlanTargetActualInput,
  fiscalYear: number,
  today: string,
): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const valueProblem = checkTargetValue('value', input.value);
  if (valueProblem) problems.push(valueProblem);
  if (typeof input.source !== 'string' || input.source.trim() === '') {
    problems.push(problem('source', 'required', { ja: '出典を入力してください。', en: 'Give the source.' }));
  } else if (input.source.length > TARGET_SOURCE_MAX_LENGTH) {
    problems.push(
      problem('source', 'max_length', {
        ja: `出典は${TARGET_SOURCE_MAX_LENGTH}文字以内で入力してください。`,
        en: `The source must be at most ${TARGET_SOURCE_MAX_LENGTH} characters.`,
      }),
    );
  }
  if (typeof input.asOf !== 'string' || !isCalendarDate(input.asOf)) {
    problems.push(
      problem('asOf', 'date', {
        ja: '時点を日付（YYYY-MM-DD）で入力してください。',
        en: 'Give the date the figure is as of (YYYY-MM-DD).',
      }),
    );
  } else if (input.asOf > today) {
    problems.push(
      problem('asOf', 'not_future', {
        ja: '時点に未来の日付は入力できません。',
        en: 'The as-of date cannot be in the future.',
      }),
    );
  } else if (input.asOf < `${fiscalYear}-04-01`) {
    problems.push(
      problem('asOf', 'within_or_after_year', {
        ja: `時点は${fiscalYear}年度の開始（${fiscalYear}-04-01）以降の日付にしてください。`,
        en: `The as-of date must be on or after the start of FY${fiscalYear} (${fiscalYear}-04-01).`,
      }),
    );
  }
  if (input.note !== undefined && input.note !== null) {
    if (typeof input.note !== 'string' || input.note.length > TARGET_NOTE_MAX_LENGTH) {
      problems.push(
        problem('note', 'max_length', {
          ja: `備考は${TARGET_NOTE_MAX_LENGTH}文字以内の文字列で入力してください。`,
          en: `The note must be text of at most ${TARGET_NOTE_MAX_LENGTH} characters.`,
        }),
      );
    }
  }
  return problems;
}

/** The whole-period target, yearly targets and accumulation as HQ sets them (each optional). */
export interface PlanTargetSettingsInput {
  readonly periodTarget?: unknown;
  readonly targets?: unknown;
  readonly accumulation?: unknown;
}

/**
 * The problems with new targets: `periodTarget` a bounded number or null (derive it), `targets` an
 * object of fiscal years within `period` to bounded numbers, `accumulation` sum or latest.
 */
export function validatePlanTargetSettings(
  input: PlanTargetSettingsInput,
  period: TargetPeriod | null,
): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  if (input.periodTarget !== undefined && input.periodTarget !== null) {
    const p = checkTargetValue('periodTarget', input.periodTarget);
    if (p) problems.push(p);
  }
  if (input.accumulation !== undefined && !TARGET_ACCUMULATIONS.includes(input.accumulation as never)) {
    problems.push(
      problem('accumulation', 'enum', {
        ja: '集計方法は sum（累計）または latest（最新の実績）にしてください。',
        en: 'accumulation must be sum or latest.',
      }),
    );
  }
  if (input.targets !== undefined) {
    if (typeof input.targets !== 'object' || input.targets === null || Array.isArray(input.targets)) {
      problems.push(
        problem('targets', 'type', {
          ja: '年度別目標値は {"2025": 値} の形式で入力してください。',
          en: 'targets must be an object of fiscal years to values ({"2025": value}).',
        }),
      );
      return problems;
    }
    for (const [fy, value] of Object.entries(input.targets)) {
      const year = Number(fy);
      if (!/^\d{4}$/.test(fy) || (period && (year < period.fromFy || year > period.toFy))) {
        problems.push(
          problem(`targets.${fy}`, 'fiscal_year', {
            ja: period
              ? `年度は計画期間（${period.fromFy}～${period.toFy}年度）の中で指定してください。`
              : '年度は4桁の西暦で指定してください。',
            en: period
              ? `The fiscal year must be within the plan period (FY${period.fromFy}–${period.toFy}).`
              : 'The fiscal year must be four digits.',
          }),
        );
        continue;
      }
      const p = checkTargetValue(`targets.${fy}`, value);
      if (p) problems.push(p);
    }
  }
  return problems;
}
