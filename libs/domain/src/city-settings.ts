/**
 * A city's own words and rules (its settings, not code): the plan's level names, the 今後の方向性
 * list with what each decision does, the 一次/二次評価 scales, the review cadence and the default
 * 目標達成率 formula. Stored in `tenants.settings` (and `plans.settings` where one plan differs);
 * a running fiscal year keeps the settings its cycle started with (they travel in its context).
 * Pure: also runs in the workflow sandbox.
 */
import {
  DEFAULT_EXTERNAL_REVIEW_SETTINGS,
  type ExternalReviewSettings,
  externalReviewSettingProblems,
} from './external-review-settings';
import { type CostSettings, costSettingProblems, DEFAULT_COST_SETTINGS } from './item-costs';
import type { LocalizedText } from './localized-text';
import {
  DEFAULT_POLICY_EVALUATION_SETTINGS,
  type PolicyEvaluationSettings,
  policyEvaluationSettingProblems,
} from './policy-evaluation-settings';
import { problem, type ValidationProblem } from './validation-problem';

/** One level of the plan tree, from the top; the last level is the reform item (改革項目). */
export interface PlanLevel {
  readonly name: LocalizedText;
}

/**
 * What approving a decision does to the budget under formulation:
 * - `increase`: a proposed amount above the current one is required;
 * - `keep`: the current amount carries over (an adjustment within ±5 % may be proposed);
 * - `adjust`: any proposed amount (the current one when none is given);
 * - `decrease`: a proposed amount below the current one and above 0 is required;
 * - `zero`: the budget becomes 0;
 * - `none`: the budget is not touched (nothing is reflected).
 */
export const DECISION_BUDGET_RULES = ['increase', 'keep', 'adjust', 'decrease', 'zero', 'none'] as const;
export type DecisionBudgetRule = (typeof DECISION_BUDGET_RULES)[number];

/** One entry of the city's 今後の方向性 list. */
export interface DecisionSetting {
  /** Stable id stored in submissions (`expand`, `keep_as_is`, …). */
  readonly code: string;
  readonly label: LocalizedText;
  /** 1 = first in lists. */
  readonly order: number;
  /** The item ends with this decision: no next fiscal year opens. */
  readonly endsItem: boolean;
  /** Undecided (方向性未決定): the item is decided again in the next round. */
  readonly carriesOver: boolean;
  readonly budgetRule: DecisionBudgetRule;
}

/** One grade of an evaluation scale (一次評価（所管）or 二次評価（本部）). */
export interface RatingGrade {
  readonly code: string;
  readonly symbol: string;
  readonly label: LocalizedText;
  /** 1 = best. */
  readonly order: number;
}

export interface RatingScales {
  /** 一次評価（所管）: the department's own evaluation. */
  readonly self: readonly RatingGrade[];
  /** 二次評価（本部）: HQ's evaluation. */
  readonly hq: readonly RatingGrade[];
}

export const REVIEW_CADENCES = ['monthly', 'quarterly', 'half_yearly', 'yearly'] as const;
export type CityReviewCadence = (typeof REVIEW_CADENCES)[number];

/** `ratio` = 実績 ÷ 目標 (目標 ÷ 実績 when lower is better); `progress` = the way from the baseline. */
export const ACHIEVEMENT_FORMULA_SETTINGS = ['ratio', 'progress'] as const;
export type AchievementFormulaSetting = (typeof ACHIEVEMENT_FORMULA_SETTINGS)[number];

export interface CitySettings {
  readonly levels: readonly PlanLevel[];
  readonly decisions: readonly DecisionSetting[];
  readonly ratings: RatingScales;
  readonly reviewCadence: CityReviewCadence;
  readonly achievementFormula: AchievementFormulaSetting;
  /** 施策評価: the evaluated plan level (null: off, the default) and its scale (policy-evaluation.ts). */
  readonly policyEvaluation: PolicyEvaluationSettings;
  /** 外部評価: the committee's result list, the days to answer a ruling, names in the report (external-review.ts). */
  readonly externalReview: ExternalReviewSettings;
  /** 人件費単価 (yen per 人工 per year) the フルコスト of items is computed with (item-costs.ts, #26). */
  readonly costs: CostSettings;
}

const ABCD: readonly RatingGrade[] = [
  { code: 'A', symbol: 'A', label: { ja: '目標達成', en: 'Target achieved' }, order: 1 },
  { code: 'B', symbol: 'B', label: { ja: '概ね達成', en: 'Mostly achieved' }, order: 2 },
  { code: 'C', symbol: 'C', label: { ja: '一部達成', en: 'Partly achieved' }, order: 3 },
  { code: 'D', symbol: 'D', label: { ja: '未達成', en: 'Not achieved' }, order: 4 },
];

/** The product's six decisions, as they behaved before decisions became settings. */
export const DEFAULT_DECISIONS: readonly DecisionSetting[] = [
  decision('expand', '拡充', 'Expand', 1, 'increase'),
  decision('continue', '継続', 'Continue', 2, 'keep'),
  decision('improve', '改善', 'Improve', 3, 'adjust'),
  decision('reduce', '縮小', 'Reduce', 4, 'decrease'),
  decision('abolish', '休廃止', 'Suspend / abolish', 5, 'zero', { endsItem: true }),
  decision('complete', '完了', 'Complete', 6, 'zero', { endsItem: true }),
];

function decision(
  code: string,
  ja: string,
  en: string,
  order: number,
  budgetRule: DecisionBudgetRule,
  flags: { endsItem?: boolean; carriesOver?: boolean } = {},
): DecisionSetting {
  return {
    code,
    label: { ja, en },
    order,
    endsItem: flags.endsItem ?? false,
    carriesOver: flags.carriesOver ?? false,
    budgetRule,
  };
}

function levels(...names: [string, string][]): PlanLevel[] {
  return names.map(([ja, en]) => ({ name: { ja, en } }));
}

/** What a city that has set nothing gets: the product as it was (目標 → テーマ → 改革項目). */
export const DEFAULT_CITY_SETTINGS: CitySettings = {
  levels: levels(['目標', 'Goal'], ['テーマ', 'Theme'], ['改革項目', 'Reform item']),
  decisions: DEFAULT_DECISIONS,
  ratings: { self: ABCD, hq: ABCD },
  reviewCadence: 'quarterly',
  achievementFormula: 'progress',
  policyEvaluation: DEFAULT_POLICY_EVALUATION_SETTINGS,
  externalReview: DEFAULT_EXTERNAL_REVIEW_SETTINGS,
  costs: DEFAULT_COST_SETTINGS,
};

/** The problem with `value` as a grade of `scale` (the city's 一次 or 二次評価), or null when it is one. */
export function ratingProblem(
  field: string,
  value: unknown,
  scale: readonly RatingGrade[],
  which: LocalizedText,
): ValidationProblem | null {
  if (typeof value === 'string' && scale.some((g) => g.code === value)) return null;
  const ordered = [...scale].sort((a, b) => a.order - b.order);
  return problem(field, 'enum', {
    ja: `${which.ja}は${ordered.map((g) => `${g.symbol}（${g.label.ja}）`).join('・')}から選択してください。`,
    en: `Choose the ${which.en.toLowerCase()} from ${ordered.map((g) => `${g.code} (${g.label.en})`).join(', ')}.`,
  });
}

/** Decision codes an Act submission may carry under `settings`. */
export function decisionCodes(settings: Pick<CitySettings, 'decisions'>): string[] {
  return [...settings.decisions].sort((a, b) => a.order - b.order).map((d) => d.code);
}

/** The decision `code` of `settings`, or undefined. */
export function findDecision(
  settings: Pick<CitySettings, 'decisions'>,
  code: string,
): DecisionSetting | undefined {
  return settings.decisions.find((d) => d.code === code);
}

// ---------------------------------------------------------------------------------------------
// Validation: every problem names the field (JSON path) and the rule, in Japanese and English.

const CODE_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
const MAX_LABEL = 40;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function localizedProblems(value: unknown, field: string): ValidationProblem[] {
  if (!isRecord(value)) {
    return [
      problem(field, 'localized_text', {
        ja: '日本語（ja）と英語（en）の名称を指定してください。',
        en: 'Give a name in Japanese (ja) and English (en).',
      }),
    ];
  }
  const out: ValidationProblem[] = [];
  for (const lang of ['ja', 'en'] as const) {
    const text = value[lang];
    if (typeof text !== 'string' || text.trim() === '' || text.length > MAX_LABEL) {
      out.push(
        problem(`${field}.${lang}`, 'label_length', {
          ja: `名称は1～${MAX_LABEL}文字で指定してください。`,
          en: `A name must be 1–${MAX_LABEL} characters long.`,
        }),
      );
    }
  }
  return out;
}

function duplicateProblems(codes: unknown[], field: string): ValidationProblem[] {
  const seen = new Set<unknown>();
  for (const code of codes) {
    if (seen.has(code)) {
      return [
        problem(field, 'unique_code', {
          ja: `コード「${String(code)}」が重複しています。`,
          en: `The code "${String(code)}" appears twice.`,
        }),
      ];
    }
    seen.add(code);
  }
  return [];
}

function codeProblems(code: unknown, field: string): ValidationProblem[] {
  return typeof code === 'string' && CODE_PATTERN.test(code)
    ? []
    : [
        problem(field, 'code_format', {
          ja: 'コードは英数字・「_」「-」の1～32文字で指定してください。',
          en: 'A code is 1–32 letters, digits, "_" or "-".',
        }),
      ];
}

function orderProblems(order: unknown, field: string): ValidationProblem[] {
  return Number.isInteger(order) && (order as number) >= 1 && (order as number) <= 99
    ? []
    : [
        problem(field, 'order_range', {
          ja: '表示順は1～99の整数で指定してください。',
          en: 'The order is a whole number from 1 to 99.',
        }),
      ];
}

function levelProblems(value: unknown): ValidationProblem[] {
  if (!Array.isArray(value) || value.length < 2 || value.length > 4) {
    return [
      problem('levels', 'level_count', {
        ja: '計画の階層は2～4段で指定してください（最下段が改革項目）。',
        en: 'A plan has 2 to 4 levels (the last one is the reform item).',
      }),
    ];
  }
  return value.flatMap((level, i) =>
    isRecord(level)
      ? localizedProblems(level.name, `levels[${i}].name`)
      : localizedProblems(undefined, `levels[${i}].name`),
  );
}

function decisionProblems(value: unknown): ValidationProblem[] {
  if (!Array.isArray(value) || value.length < 1 || value.length > 12) {
    return [
      problem('decisions', 'decision_count', {
        ja: '今後の方向性は1～12個で指定してください。',
        en: 'Give 1 to 12 decisions.',
      }),
    ];
  }
  const out: ValidationProblem[] = [];
  value.forEach((d, i) => {
    const at = `decisions[${i}]`;
    if (!isRecord(d)) {
      out.push(
        problem(at, 'object', { ja: '方向性の定義が読めません。', en: 'A decision must be an object.' }),
      );
      return;
    }
    out.push(...codeProblems(d.code, `${at}.code`));
    out.push(...localizedProblems(d.label, `${at}.label`));
    out.push(...orderProblems(d.order, `${at}.order`));
    for (const flag of ['endsItem', 'carriesOver'] as const) {
      if (typeof d[flag] !== 'boolean') {
        out.push(
          problem(`${at}.${flag}`, 'boolean', {
            ja: 'true または false で指定してください。',
            en: 'Give true or false.',
          }),
        );
      }
    }
    if (!DECISION_BUDGET_RULES.includes(d.budgetRule as DecisionBudgetRule)) {
      out.push(
        problem(`${at}.budgetRule`, 'one_of', {
          ja: `予算への反映ルールは ${DECISION_BUDGET_RULES.join(' / ')} のいずれかです。`,
          en: `The budget rule is one of ${DECISION_BUDGET_RULES.join(', ')}.`,
        }),
      );
    }
    if (d.endsItem === true && d.carriesOver === true) {
      out.push(
        problem(`${at}.carriesOver`, 'ends_or_carries_over', {
          ja: '終了する方向性を未決定（次回へ持ち越し）にはできません。',
          en: 'A decision cannot both end the item and carry over undecided.',
        }),
      );
    }
    if (d.carriesOver === true && d.budgetRule !== 'none') {
      out.push(
        problem(`${at}.budgetRule`, 'carries_over_reflects_nothing', {
          ja: '未決定の方向性は予算に反映しません（none を指定してください）。',
          en: 'An undecided decision reflects nothing into the budget (use none).',
        }),
      );
    }
  });
  out.push(
    ...duplicateProblems(
      value.map((d) => (isRecord(d) ? d.code : undefined)),
      'decisions',
    ),
  );
  return out;
}

function scaleProblems(value: unknown, field: string): ValidationProblem[] {
  if (!Array.isArray(value) || value.length < 2 || value.length > 6) {
    return [
      problem(field, 'grade_count', {
        ja: '評価の段階は2～6段で指定してください。',
        en: 'A scale has 2 to 6 grades.',
      }),
    ];
  }
  const out: ValidationProblem[] = [];
  value.forEach((g, i) => {
    const at = `${field}[${i}]`;
    if (!isRecord(g)) {
      out.push(
        problem(at, 'object', { ja: '評価段階の定義が読めません。', en: 'A grade must be an object.' }),
      );
      return;
    }
    out.push(...codeProblems(g.code, `${at}.code`));
    if (typeof g.symbol !== 'string' || g.symbol.trim() === '' || g.symbol.length > 4) {
      out.push(
        problem(`${at}.symbol`, 'symbol_length', {
          ja: '記号は1～4文字で指定してください。',
          en: 'A symbol is 1–4 characters long.',
        }),
      );
    }
    out.push(...localizedProblems(g.label, `${at}.label`));
    out.push(...orderProblems(g.order, `${at}.order`));
  });
  out.push(
    ...duplicateProblems(
      value.map((g) => (isRecord(g) ? g.code : undefined)),
      field,
    ),
  );
  return out;
}

function oneOfProblems(value: unknown, field: string, allowed: readonly string[]): ValidationProblem[] {
  return allowed.includes(value as string)
    ? []
    : [
        problem(field, 'one_of', {
          ja: `${allowed.join(' / ')} のいずれかを指定してください。`,
          en: `Give one of ${allowed.join(', ')}.`,
        }),
      ];
}

/** The keys a settings document may hold; anything else is refused, not ignored. */
export const CITY_SETTING_KEYS = [
  'levels',
  'decisions',
  'ratings',
  'reviewCadence',
  'achievementFormula',
  'policyEvaluation',
  'externalReview',
  'costs',
] as const;

/**
 * Problems with a settings document (empty when valid). `partial` allows missing keys (a plan's
 * overrides); a city's settings must be complete.
 */
export function validateCitySettings(value: unknown, partial = false): ValidationProblem[] {
  if (!isRecord(value)) {
    return [
      problem('settings', 'object', { ja: '設定が読めません。', en: 'The settings must be an object.' }),
    ];
  }
  const out: ValidationProblem[] = [];
  for (const key of Object.keys(value)) {
    if (!(CITY_SETTING_KEYS as readonly string[]).includes(key)) {
      out.push(
        problem(key, 'unknown_setting', {
          ja: `「${key}」という設定はありません。`,
          en: `There is no setting "${key}".`,
        }),
      );
    }
  }
  const present = (key: (typeof CITY_SETTING_KEYS)[number]) => {
    if (key in value) return true;
    if (!partial) {
      out.push(problem(key, 'required', { ja: 'この設定は必須です。', en: 'This setting is required.' }));
    }
    return false;
  };
  if (present('levels')) out.push(...levelProblems(value.levels));
  if (present('decisions')) out.push(...decisionProblems(value.decisions));
  if (present('ratings')) {
    const ratings = value.ratings;
    if (!isRecord(ratings)) {
      out.push(
        problem('ratings', 'object', {
          ja: '一次評価（self）と二次評価（hq）の段階を指定してください。',
          en: 'Give the self and hq scales.',
        }),
      );
    } else {
      out.push(...scaleProblems(ratings.self, 'ratings.self'));
      out.push(...scaleProblems(ratings.hq, 'ratings.hq'));
    }
  }
  if (present('reviewCadence'))
    out.push(...oneOfProblems(value.reviewCadence, 'reviewCadence', REVIEW_CADENCES));
  if (present('achievementFormula')) {
    out.push(...oneOfProblems(value.achievementFormula, 'achievementFormula', ACHIEVEMENT_FORMULA_SETTINGS));
  }
  // Optional even in a complete document: cities that predate 施策評価 have it off.
  if ('policyEvaluation' in value) out.push(...policyEvaluationSettingProblems(value.policyEvaluation));
  // Optional too: cities without a committee keep the default list.
  if ('externalReview' in value) out.push(...externalReviewSettingProblems(value.externalReview));
  // Optional too: a city that has set no 人件費単価 computes with the default.
  if ('costs' in value) out.push(...costSettingProblems(value.costs));
  return out;
}

/**
 * The settings in force: the city's stored settings over the defaults, then one plan's overrides.
 * Unreadable stored parts fall back to the default (a bad row never blocks a cycle).
 */
export function resolveCitySettings(
  stored: Partial<CitySettings> | null | undefined,
  planOverrides?: Partial<CitySettings> | null,
): CitySettings {
  const pick = (source: Partial<CitySettings> | null | undefined): Partial<CitySettings> => {
    if (!source || !isRecord(source)) return {};
    const picked: Record<string, unknown> = {};
    for (const key of CITY_SETTING_KEYS) {
      if (key in source && validateCitySettings({ [key]: source[key] }, true).length === 0) {
        picked[key] = source[key];
      }
    }
    return picked as Partial<CitySettings>;
  };
  return { ...DEFAULT_CITY_SETTINGS, ...pick(stored), ...pick(planOverrides) };
}
