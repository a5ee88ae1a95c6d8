import { ACT_DECISION_LABELS, type ActDecision, RATING_LABELS, type Rating } from '@pdca/domain/stages';
import { useQuery } from '@tanstack/react-query';
import { useI18n } from '../i18n';
import { api, type Schemas, unwrap } from './client';

/** A city's settings as the API answers them (libs/domain city-settings.ts). */
export type CitySettings = Schemas['CitySettingsDto'];
export type DecisionSetting = Schemas['DecisionSettingDto'];
export type RatingGrade = Schemas['RatingGradeDto'];
export type RatingScales = Schemas['RatingScalesDto'];
export type CityPreset = Schemas['CityPresetDto'];
export type DecisionBudgetRule = DecisionSetting['budgetRule'];

export const settingsKey = (planId: string | undefined) => ['settings', planId ?? 'city'] as const;

/** The settings in force: the city's, or with `planId` that plan's (the city's with its overrides). */
export function useSettings(planId?: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: settingsKey(planId),
    enabled: options.enabled ?? true,
    queryFn: () => unwrap(api.GET('/api/v1/settings', { params: { query: planId ? { planId } : {} } })),
  });
}

/** The seeds' presets (standard, takarazuka, …), each with where its settings come from. */
export function usePresets() {
  return useQuery({
    queryKey: ['settings-presets'],
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: () => unwrap(api.GET('/api/v1/settings/presets')),
  });
}

/** The city's decisions in the order it lists them. */
export function orderedDecisions(
  settings: Pick<CitySettings, 'decisions'> | null | undefined,
): DecisionSetting[] {
  return [...(settings?.decisions ?? [])].sort((a, b) => a.order - b.order);
}

/**
 * A decision code as the city names it: its settings' label, else the product's word for one of
 * the six default codes (a decision of an earlier list), else the code itself.
 */
export function useDecisionLabel(planId?: string): (code: string) => string {
  const { l } = useI18n();
  const settings = useSettings(planId).data?.settings;
  return (code) => {
    const own = settings?.decisions.find((d) => d.code === code);
    if (own) return l(own.label);
    const product = ACT_DECISION_LABELS[code as ActDecision];
    return product ? l(product) : code;
  };
}

type Localize = ReturnType<typeof useI18n>['l'];

/** A grade as it reads everywhere: its symbol and its name, A（目標達成） / A (Target met). */
export const gradeLabel = (grade: Pick<RatingGrade, 'symbol' | 'label'>, l: Localize) => {
  const name = l(grade.label);
  return l({ ja: `${grade.symbol}（${name}）`, en: `${grade.symbol} (${name})` });
};

/** The grades of one of the city's scales, best first, as drop-down choices. */
export function gradeOptions(scale: readonly RatingGrade[] | undefined, l: Localize) {
  return [...(scale ?? [])]
    .sort((a, b) => a.order - b.order)
    .map((g) => ({ value: g.code, label: gradeLabel(g, l) }));
}

/**
 * A grade code of the city's 一次評価（所管）(`self`) or 二次評価（本部）(`hq`) as the scale
 * names it; else the product's A–D word for such a letter; else the code itself.
 */
export function useGradeLabel(planId: string | undefined, scale: 'self' | 'hq'): (code: string) => string {
  const { l } = useI18n();
  const grades = useSettings(planId).data?.settings.ratings[scale];
  return (code) => {
    const own = grades?.find((g) => g.code === code);
    if (own) return gradeLabel(own, l);
    const product = RATING_LABELS[code as Rating];
    return product ? gradeLabel({ symbol: code, label: product }, l) : code;
  };
}
