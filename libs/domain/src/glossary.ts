/**
 * The product's fixed words (DESIGN.md "Words (one word per concept)", issue #22): one word per
 * concept, read by the web app's messages, the mails, the reports, the audit ledger's sentences
 * and the domain's label tables. A city's own words (plan levels, decisions, rating scales) come
 * from its settings, not from here.
 *
 * An entry may hold `{{fy}}` (a fiscal year, e.g. 2027): the web app's i18n fills it from its own
 * `t()` arguments; other code calls {@link term}. tools/lint/glossary.spec.ts fails when a label
 * names one of these concepts with another word.
 *
 * Pure: also runs in the workflow sandbox and in the browser.
 */
import type { LocalizedText } from './localized-text';

const ENTRIES = {
  /** A reform item (改革項目), the unit a cycle runs for. Not 事業. */
  reformItem: { ja: '改革項目', en: 'Reform item' },
  /** An item's plan for one fiscal year; 実施計画 is the city's plan, not this. */
  itemPlan: { ja: '取組計画', en: 'Action plan' },
  /** The leader's PLAN task. */
  itemPlanTask: { ja: '{{fy}}年度取組計画の作成', en: 'Action plan for FY{{fy}}' },
  /** PLAN's amount: on 1 February N the FY N 予算案 is already compiled, so not 予算要求額. */
  initialBudget: { ja: '当初予算額（案）', en: 'Initial budget (draft)' },
  /** A periodic review; its period is the task's own label (第1四半期 / 上半期 / 2025年4月), never 第n期. */
  progressReview: { ja: '進捗報告', en: 'Progress review' },
  /** An indicator's starting value (not 現状値). */
  baseline: { ja: '基準値', en: 'Baseline' },
  /** The department's rating of its own item (not 自己評価). */
  firstEvaluation: { ja: '一次評価（所管）', en: 'First evaluation (department)' },
  /** HQ's rating at approval (not 本部評価). */
  secondEvaluation: { ja: '二次評価（本部）', en: 'Second evaluation (HQ)' },
  /** Why the item was rated so (not 分析・要因 / 分析). */
  ratingReason: { ja: '評価の理由', en: 'Reasons for the rating' },
  /** An indicator's actual against its target. */
  targetAchievementRate: { ja: '目標達成率', en: 'Target achievement rate' },
  /** 効果額 actual against its target. */
  effectProgressRate: { ja: '効果額進捗率', en: 'Fiscal effect progress rate' },
  /** The ACT stage (not 見直し: that is a decision in some cities). */
  actStage: { ja: '方向性の決定', en: 'Direction decision' },
  /** ACT's result, the decision about the item's future (not 見直し方針 / 改善方針). */
  direction: { ja: '今後の方向性', en: 'Future direction' },
  /** What a decision moves into a budget, its year unknown or shown elsewhere. */
  budgetReflection: { ja: '予算への反映額', en: 'Amount reflected in the budget' },
  /** What a decision moves into the budget under formulation: FY N+2 by default, not 次年度. */
  budgetReflectionOf: { ja: '{{fy}}年度予算への反映額', en: 'Amount reflected in the FY{{fy}} budget' },
  /** A cycle whose year ended with the item going on (not 完了, which is a decision). */
  yearEnded: { ja: '年度終了（次年度継続）', en: 'Year ended (continues next year)' },
  /** HQ's withdrawal of a cycle (not 取下げ: that is what an applicant does). */
  discontinued: { ja: '中止', en: 'Discontinued' },
  /** A leader's reply, on a resubmission, to the comment HQ returned the previous round with. */
  returnAnswer: { ja: '差戻しへの回答', en: 'Answer to the return' },
  /** Who an item belongs to (not 所管WG: working groups are cross-cutting). */
  department: { ja: '所管課', en: 'Department in charge' },
  /**
   * The row naming who an item is assigned to, as the plan page writes it: items are assigned to the
   * working group standing for the department in charge, so the value is a WG's name (窓口・デジタルWG).
   */
  departmentOrGroup: { ja: '所管課・WG', en: 'Department / working group' },
  /** The evaluation of a node above the items (施策), per fiscal year (#24). */
  policyEvaluation: { ja: '施策評価', en: 'Policy evaluation' },
  /** The person HQ names responsible for a node's 施策評価 (not 所管部 / 施策の担当者). */
  nodeOwner: { ja: '担当部長', en: 'Responsible director' },
  /** The owner's rating of the node, on the city's policyEvaluation scale. */
  policyRating: { ja: '担当部評価', en: 'Director’s rating' },
} satisfies Record<string, LocalizedText>;

export type GlossaryKey = keyof typeof ENTRIES;

/** The words, typed as plain text (a label built from them is a `string`, as the messages' type wants). */
export const GLOSSARY: { readonly [K in GlossaryKey]: LocalizedText } = ENTRIES;

/** A glossary entry with its `{{name}}` placeholders filled: `term('budgetReflectionOf', { fy: 2027 })`. */
export function term(
  key: GlossaryKey,
  values: Readonly<Record<string, string | number>> = {},
): LocalizedText {
  const fill = (text: string) =>
    text.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
  const entry: LocalizedText = GLOSSARY[key];
  return { ja: fill(entry.ja), en: fill(entry.en) };
}

/**
 * The Japanese era of a fiscal year (1 April – 31 March), as municipal documents write it:
 * FY2019 is 令和元年度 (the era began on 1 May 2019, but the whole fiscal year takes its name).
 */
export function eraOfFiscalYear(fiscalYear: number): LocalizedText {
  const [nameJa, nameEn, first] = fiscalYear >= 2019 ? ['令和', 'Reiwa', 2019] : ['平成', 'Heisei', 1989];
  const n = fiscalYear - first + 1;
  return { ja: `${nameJa}${n === 1 ? '元' : n}年度`, en: `${nameEn} ${n}` };
}

/** A fiscal year as published reports title it: `令和7年度（2025年度）` / `FY2025 (Reiwa 7)`. */
export function reportFiscalYear(fiscalYear: number): LocalizedText {
  const era = eraOfFiscalYear(fiscalYear);
  return { ja: `${era.ja}（${fiscalYear}年度）`, en: `FY${fiscalYear} (${era.en})` };
}
