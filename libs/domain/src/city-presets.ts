/**
 * Settings presets for the cities of ../shared/seeds: each seed's own level names, decisions and
 * scales. Where a seed is silent the preset takes a documented default, marked `assumed` in
 * `PRESET_NOTES` (and in docs/city-settings.md), so a city knows what to check.
 */
import {
  type CitySettings,
  DEFAULT_CITY_SETTINGS,
  type DecisionBudgetRule,
  type DecisionSetting,
  type PlanLevel,
  type RatingGrade,
} from './city-settings';
import { DEFAULT_EXTERNAL_REVIEW_SETTINGS } from './external-review-settings';
import { DEFAULT_COST_SETTINGS } from './item-costs';
import type { LocalizedText } from './localized-text';
import {
  DEFAULT_POLICY_EVALUATION_SETTINGS,
  type PolicyEvaluationSettings,
} from './policy-evaluation-settings';

const level = (ja: string, en: string): PlanLevel => ({ name: { ja, en } });

const d = (
  code: string,
  ja: string,
  en: string,
  order: number,
  budgetRule: DecisionBudgetRule,
  endsItem = false,
  carriesOver = false,
): DecisionSetting => ({ code, label: { ja, en }, order, endsItem, carriesOver, budgetRule });

const grade = (code: string, symbol: string, ja: string, en: string, order: number): RatingGrade => ({
  code,
  symbol,
  label: { ja, en },
  order,
});

/** 宝塚市: 事務事業評価's directions, with 事業検証's 方向性未決定 that is decided again next round. */
const TAKARAZUKA_DECISIONS: DecisionSetting[] = [
  d('expand', '拡充', 'Expand', 1, 'increase'),
  d('continue', '継続', 'Continue', 2, 'keep'),
  d('improve', '改善', 'Improve', 3, 'adjust'),
  d('reduce', '縮小', 'Reduce', 4, 'decrease'),
  d('merge', '統合', 'Merge', 5, 'zero', true),
  d('suspend', '休止', 'Suspend', 6, 'zero', true),
  d('abolish', '廃止', 'Abolish', 7, 'zero', true),
  d('complete', '完了', 'Complete', 8, 'zero', true),
  d('undecided', '方向性未決定', 'Undecided (examined again)', 9, 'none', false, true),
];

/** 平塚市: the 行政改革推進委員会's 現行どおり / 見直し, with the end of an item. */
const HIRATSUKA_DECISIONS: DecisionSetting[] = [
  d('keep_as_is', '現行どおり', 'Keep as is', 1, 'keep'),
  d('revise', '見直し', 'Revise', 2, 'adjust'),
  d('abolish', '廃止', 'Abolish', 3, 'zero', true),
  d('complete', '完了', 'Complete', 4, 'zero', true),
];

/** 担当部評価 A/B/C (宝塚市 施策評価) for the department, and HQ's own letters. */
const TAKARAZUKA_RATINGS = {
  self: [
    grade('A', 'A', '順調', 'Going well', 1),
    grade('B', 'B', 'おおむね順調', 'Mostly well', 2),
    grade('C', 'C', '課題あり', 'Has issues', 3),
  ],
  hq: [
    grade('A', 'ａ', '妥当', 'Sound', 1),
    grade('B', 'ｂ', '一部見直し', 'Partly to revise', 2),
    grade('C', 'ｃ', '見直し', 'To revise', 3),
  ],
};

/**
 * 宝塚市 施策評価: on, at 個別方針 (level 2), the level right above the items in both the preset's
 * tree and the 行財政経営方針 sample, as the city's 83 施策 sit right above its 事務事業. 担当部評価
 * is the department's A/B/C.
 */
const TAKARAZUKA_POLICY_EVALUATION: PolicyEvaluationSettings = {
  level: 2,
  scale: TAKARAZUKA_RATINGS.self.map(({ code, label, order }) => ({ code, label, order })),
};

/** 平塚市 事業評価シート 検証結果 (A:成果があがった …). */
const HIRATSUKA_RATINGS = {
  self: [
    grade('A', 'A', '成果があがった', 'Delivered results', 1),
    grade('B', 'B', '一定の成果があがった', 'Some results', 2),
    grade('C', 'C', '成果が不十分', 'Too few results', 3),
  ],
  hq: [
    grade('A', 'Ⅰ', '妥当', 'Sound', 1),
    grade('B', 'Ⅱ', '改善が必要', 'Needs improvement', 2),
    grade('C', 'Ⅲ', '抜本的な見直しが必要', 'Needs fundamental review', 3),
  ],
};

export interface CityPreset {
  readonly key: string;
  readonly city: LocalizedText;
  readonly settings: CitySettings;
  /** Where each setting comes from: the seed, or an assumption a city should check. */
  readonly notes: Readonly<Partial<Record<keyof CitySettings, string>>>;
}

export const CITY_PRESETS: readonly CityPreset[] = [
  {
    key: 'standard',
    city: { ja: '標準', en: 'Standard' },
    settings: DEFAULT_CITY_SETTINGS,
    notes: {},
  },
  {
    key: 'takarazuka',
    city: { ja: '宝塚市', en: 'Takarazuka' },
    settings: {
      levels: [
        level('方針', 'Policy'),
        level('個別方針', 'Sub-policy'),
        level('推進項目', 'Promotion item'),
        level('取組', 'Action'),
      ],
      decisions: TAKARAZUKA_DECISIONS,
      ratings: TAKARAZUKA_RATINGS,
      reviewCadence: 'half_yearly',
      achievementFormula: 'ratio',
      policyEvaluation: TAKARAZUKA_POLICY_EVALUATION,
      externalReview: DEFAULT_EXTERNAL_REVIEW_SETTINGS,
      costs: DEFAULT_COST_SETTINGS,
    },
    notes: {
      levels: 'seed 000: 方針 → 方針2-1〜2-3 → 主な推進項目 → 取組 (行財政経営アクションプラン)',
      decisions: 'seed 001: 事業検証 leaves some 事業 方向性未決定; 統合・休止 as cities publish (assumed)',
      ratings: 'CITY-PRACTICE: 担当部評価 A/B/C; the HQ scale is assumed',
      reviewCadence: 'assumed: 施策評価 and 事業検証 twice a year',
      achievementFormula: 'assumed: 実績 ÷ 目標 as published sheets do',
      policyEvaluation: 'CITY-PRACTICE: 施策評価 by the department, A/B/C; evaluated at 個別方針 (assumed)',
    },
  },
  {
    key: 'hiratsuka',
    city: { ja: '平塚市', en: 'Hiratsuka' },
    settings: {
      levels: [
        level('目標', 'Goal'),
        level('改革テーマ', 'Reform theme'),
        level('実施計画事業', 'Plan project'),
      ],
      decisions: HIRATSUKA_DECISIONS,
      ratings: HIRATSUKA_RATINGS,
      reviewCadence: 'yearly',
      achievementFormula: 'ratio',
      policyEvaluation: DEFAULT_POLICY_EVALUATION_SETTINGS,
      externalReview: DEFAULT_EXTERNAL_REVIEW_SETTINGS,
      costs: DEFAULT_COST_SETTINGS,
    },
    notes: {
      levels: 'seed 002: 目標 → 改革テーマ → 実施計画事業',
      decisions: 'CITY-PRACTICE: 現行どおり / 見直し; 廃止・完了 assumed',
      ratings: 'CITY-PRACTICE: 検証結果 A:成果があがった …; the HQ scale is assumed',
      reviewCadence: 'CITY-PRACTICE: one 事業評価シート a year',
      achievementFormula: 'CITY-PRACTICE: 市税収納率 99.0 / 99.3 = 99.7 %',
    },
  },
  {
    key: 'gyoda',
    city: { ja: '行田市', en: 'Gyoda' },
    settings: {
      levels: [level('柱', 'Pillar'), level('改革', 'Reform'), level('取組項目', 'Action item')],
      decisions: DEFAULT_CITY_SETTINGS.decisions,
      ratings: DEFAULT_CITY_SETTINGS.ratings,
      reviewCadence: 'quarterly',
      achievementFormula: 'ratio',
      policyEvaluation: DEFAULT_POLICY_EVALUATION_SETTINGS,
      externalReview: DEFAULT_EXTERNAL_REVIEW_SETTINGS,
      costs: DEFAULT_COST_SETTINGS,
    },
    notes: {
      levels: 'seed 003: 柱1〜4 → 改革1〜8 → 取組項目例',
      decisions: 'assumed: the product default (seed 003 is silent)',
      ratings: 'assumed: the product default (seed 003 is silent)',
      reviewCadence: 'assumed: quarterly',
      achievementFormula: 'assumed: 実績 ÷ 目標 (seed 003 sets 3年後の目標)',
    },
  },
  {
    key: 'machida',
    city: { ja: '町田市', en: 'Machida' },
    settings: {
      levels: [level('基本方針', 'Basic policy'), level('改革項目', 'Reform item')],
      decisions: DEFAULT_CITY_SETTINGS.decisions,
      ratings: DEFAULT_CITY_SETTINGS.ratings,
      reviewCadence: 'half_yearly',
      achievementFormula: 'ratio',
      policyEvaluation: DEFAULT_POLICY_EVALUATION_SETTINGS,
      externalReview: DEFAULT_EXTERNAL_REVIEW_SETTINGS,
      costs: DEFAULT_COST_SETTINGS,
    },
    notes: {
      levels: 'seed 004: 基本方針 (政策レベル) → 改革項目 1-1〜3-2; 目指す姿 is the policy’s description',
      decisions: 'assumed: the product default (seed 004 is silent)',
      ratings: 'assumed: the product default (seed 004 is silent)',
      reviewCadence: 'assumed: twice a year',
      achievementFormula: 'assumed: 実績 ÷ 目標 (経常収支比率: lower is better)',
    },
  },
];

/** The preset `key`, or undefined. */
export function findCityPreset(key: string): CityPreset | undefined {
  return CITY_PRESETS.find((p) => p.key === key);
}
