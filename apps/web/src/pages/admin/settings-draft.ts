// The settings page's form state: what the official types, row by row, and the request body made
// of it. The rules (bounds, code format, which flags go together) are the server's; this file only
// keeps the rows and names the field paths a 400 answers with (`settings.decisions[1].budgetRule`).

import type { CitySettings as DomainSettings } from '@pdca/domain/city-settings';
import { DEFAULT_STAFF_UNIT_COST } from '@pdca/domain/item-costs';
import type { Entered } from '../../api/client';
import type { CitySettings, DecisionBudgetRule } from '../../api/settings';
import { numberInput } from '../../forms/field-errors';

/** How many rows each list may have (libs/domain validateCitySettings). */
export const BOUNDS = {
  levels: { min: 2, max: 4 },
  decisions: { min: 1, max: 12 },
  grades: { min: 2, max: 6 },
} as const;

export const BUDGET_RULES: readonly DecisionBudgetRule[] = [
  'increase',
  'keep',
  'adjust',
  'decrease',
  'zero',
  'none',
];
export const REVIEW_CADENCES: readonly CitySettings['reviewCadence'][] = [
  'monthly',
  'quarterly',
  'half_yearly',
  'yearly',
];
export const FORMULAS: readonly CitySettings['achievementFormula'][] = ['ratio', 'progress'];
export const SCALES = ['self', 'hq'] as const;
export type Scale = (typeof SCALES)[number];

interface Row {
  /** A React key only; never sent. */
  readonly key: number;
}
export interface LevelDraft extends Row {
  ja: string;
  en: string;
}
export interface DecisionDraft extends Row {
  code: string;
  ja: string;
  en: string;
  order: string;
  endsItem: boolean;
  carriesOver: boolean;
  budgetRule: DecisionBudgetRule;
}
export interface GradeDraft extends Row {
  code: string;
  symbol: string;
  ja: string;
  en: string;
}
/** A grade of the 担当部評価 scale (施策評価): no symbol, its order is its place. */
export interface PolicyGradeDraft extends Row {
  code: string;
  ja: string;
  en: string;
}
export interface SettingsDraft {
  levels: LevelDraft[];
  decisions: DecisionDraft[];
  ratings: Record<Scale, GradeDraft[]>;
  reviewCadence: CitySettings['reviewCadence'];
  achievementFormula: CitySettings['achievementFormula'];
  /** 施策評価: the evaluated level (null: off) and the 担当部評価 scale. */
  policyEvaluation: { level: number | null; scale: PolicyGradeDraft[] };
  /** 外部評価: not edited on this page yet; carried as it is so that a save keeps it. */
  externalReview: CitySettings['externalReview'];
  /** 人件費単価 (yen per 人工), as typed. */
  costs: { staffUnitCost: string };
}

let nextKey = 1;
const key = () => nextKey++;

/** The form's rows for `settings` (the API's or a preset's): decisions and grades in their order. */
export function draftOf(settings: DomainSettings): SettingsDraft {
  const grades = (scale: Scale) =>
    [...settings.ratings[scale]]
      .sort((a, b) => a.order - b.order)
      .map((g) => ({ key: key(), code: g.code, symbol: g.symbol, ja: g.label.ja, en: g.label.en }));
  return {
    levels: settings.levels.map((level) => ({ key: key(), ja: level.name.ja, en: level.name.en })),
    decisions: [...settings.decisions]
      .sort((a, b) => a.order - b.order)
      .map((d) => ({
        key: key(),
        code: d.code,
        ja: d.label.ja,
        en: d.label.en,
        order: String(d.order),
        endsItem: d.endsItem,
        carriesOver: d.carriesOver,
        budgetRule: d.budgetRule,
      })),
    ratings: { self: grades('self'), hq: grades('hq') },
    reviewCadence: settings.reviewCadence,
    achievementFormula: settings.achievementFormula,
    policyEvaluation: {
      level: settings.policyEvaluation.level,
      scale: [...settings.policyEvaluation.scale]
        .sort((a, b) => a.order - b.order)
        .map((g) => ({ key: key(), code: g.code, ja: g.label.ja, en: g.label.en })),
    },
    externalReview: {
      ...settings.externalReview,
      results: settings.externalReview.results.map((r) => ({ ...r, label: { ...r.label } })),
    },
    // A preset or a city that predates #26 has none: the product's default.
    costs: { staffUnitCost: String(settings.costs?.staffUnitCost ?? DEFAULT_STAFF_UNIT_COST) },
  };
}

/**
 * The PUT body's settings, rows in the order shown so that `decisions[i]` of a 400 is row i. A
 * grade's order is its place in the list (1 = best); a decision's is what was typed.
 */
export function settingsBody(draft: SettingsDraft): Entered<CitySettings> {
  const grades = (scale: Scale) =>
    draft.ratings[scale].map((g, i) => ({
      code: g.code.trim(),
      symbol: g.symbol.trim(),
      label: { ja: g.ja, en: g.en },
      order: i + 1,
    }));
  return {
    levels: draft.levels.map((level) => ({ name: { ja: level.ja, en: level.en } })),
    decisions: draft.decisions.map((d) => ({
      code: d.code.trim(),
      label: { ja: d.ja, en: d.en },
      order: numberInput(d.order),
      endsItem: d.endsItem,
      carriesOver: d.carriesOver,
      budgetRule: d.budgetRule,
    })),
    ratings: { self: grades('self'), hq: grades('hq') },
    reviewCadence: draft.reviewCadence,
    achievementFormula: draft.achievementFormula,
    policyEvaluation: {
      level: draft.policyEvaluation.level,
      scale: draft.policyEvaluation.scale.map((g, i) => ({
        code: g.code.trim(),
        label: { ja: g.ja, en: g.en },
        order: i + 1,
      })),
    },
    externalReview: draft.externalReview,
    costs: { staffUnitCost: numberInput(draft.costs.staffUnitCost) },
  };
}

/** A new, empty level (inserted above the reform item, which stays last). */
export const newLevel = (): LevelDraft => ({ key: key(), ja: '', en: '' });

/** A new decision at the end of the list: no budget effect until the official chooses one. */
export function newDecision(decisions: readonly DecisionDraft[]): DecisionDraft {
  const orders = decisions.map((d) => Number(d.order)).filter(Number.isFinite);
  return {
    key: key(),
    code: '',
    ja: '',
    en: '',
    order: String(Math.min(99, Math.max(0, ...orders) + 1)),
    endsItem: false,
    carriesOver: false,
    budgetRule: 'adjust',
  };
}

export const newGrade = (): GradeDraft => ({ key: key(), code: '', symbol: '', ja: '', en: '' });
export const newPolicyGrade = (): PolicyGradeDraft => ({ key: key(), code: '', ja: '', en: '' });

/**
 * A decision after one of its two flags changed: an undecided decision (carried over) neither ends
 * the item nor touches the budget, so ticking one clears the other and sets the rule to none.
 */
export function withFlag(d: DecisionDraft, flag: 'endsItem' | 'carriesOver', on: boolean): DecisionDraft {
  if (!on) return { ...d, [flag]: false };
  if (flag === 'carriesOver') return { ...d, carriesOver: true, endsItem: false, budgetRule: 'none' };
  return { ...d, endsItem: true, carriesOver: false };
}

// ---- Field paths ---------------------------------------------------------------------------------

/** The 400's field path of a part of the settings (`decisions[1].budgetRule` → `settings.decisions[1].budgetRule`). */
export const fieldPath = (path: string) => `settings.${path}`;

/** A DOM id for the control of a field path: `settings.decisions[1].budgetRule` → `set-decisions-1-budgetRule`. */
export const controlId = (path: string) =>
  `set-${path
    .replace(/^settings\./, '')
    .replace(/[[\].]+/g, '-')
    .replace(/-$/, '')}`;

/** Every field path the page shows a problem for: the lists, each row and each of its inputs. */
export function shownFields(draft: SettingsDraft): string[] {
  // A problem with the whole document (`settings`, `ratings`) is listed with the summary instead.
  const paths = ['levels', 'decisions', 'reviewCadence', 'achievementFormula'];
  draft.levels.forEach((_, i) => {
    paths.push(`levels[${i}]`, `levels[${i}].name`, `levels[${i}].name.ja`, `levels[${i}].name.en`);
  });
  draft.decisions.forEach((_, i) => {
    const at = `decisions[${i}]`;
    paths.push(at, `${at}.label`);
    for (const part of ['code', 'label.ja', 'label.en', 'order', 'endsItem', 'carriesOver', 'budgetRule'])
      paths.push(`${at}.${part}`);
  });
  for (const scale of SCALES) {
    paths.push(`ratings.${scale}`);
    draft.ratings[scale].forEach((_, i) => {
      const at = `ratings.${scale}[${i}]`;
      paths.push(at, `${at}.label`, `${at}.order`);
      for (const part of ['code', 'symbol', 'label.ja', 'label.en']) paths.push(`${at}.${part}`);
    });
  }
  paths.push('policyEvaluation', 'policyEvaluation.level', 'policyEvaluation.scale');
  paths.push('costs', 'costs.staffUnitCost');
  draft.policyEvaluation.scale.forEach((_, i) => {
    const at = `policyEvaluation.scale[${i}]`;
    for (const part of ['', '.code', '.label', '.label.ja', '.label.en', '.order'])
      paths.push(`${at}${part}`);
  });
  return [...paths.map(fieldPath), 'reason'];
}
