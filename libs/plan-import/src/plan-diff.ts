import type { AchievementFormulaSetting, CityReviewCadence } from '@pdca/domain';
import type { ItemCostsInput } from '@pdca/domain/item-costs';
import type {
  ImportedEffectTarget,
  ImportedPlan,
  IndicatorDirection,
  IndicatorKind,
} from './plan-import.types';
import { placedItems } from './plan-tree-walk';

/** An indicator as stored for an item (what the DB layer keeps; no source rows). */
export interface IndicatorSnapshot {
  readonly name: string;
  readonly unit?: string;
  readonly baseline?: number;
  readonly target?: number;
  readonly targetsByFy?: Readonly<Record<number, number>>;
  readonly direction?: IndicatorDirection;
  readonly kind?: IndicatorKind;
  /** 目標達成率's formula; absent in a file: the stored one stays. */
  readonly achievementFormula?: AchievementFormulaSetting;
}

/** One reform item of an existing plan, flattened, as the DB layer can produce it. */
export interface PlanItemSnapshot {
  readonly code: string;
  readonly title: string;
  readonly summary?: string;
  readonly background?: string;
  /** The code of the primary parent's parent (the goal of a goal → theme → item plan). */
  readonly goalCode?: string;
  /** The code of the primary parent (the node right above the item). */
  readonly themeCode?: string;
  /** 再掲: codes of the further parents, in order. */
  readonly alsoUnder?: readonly string[];
  readonly workingGroup?: string;
  /** Absent in a file: the stored cadence stays. */
  readonly reviewCadence?: CityReviewCadence;
  readonly budgetAmount?: number;
  readonly effectTargets?: Readonly<Record<number, ImportedEffectTarget>>;
  /** 事業費・人工・財源内訳 (the imported 見込); absent in a file: the stored ones stay. */
  readonly costs?: ItemCostsInput;
  /** 事業区分; absent in a file: the stored one stays. */
  readonly projectKind?: string;
  readonly indicators?: readonly IndicatorSnapshot[];
}

export interface PlanSnapshot {
  readonly items: readonly PlanItemSnapshot[];
}

export type PlanItemDiffField =
  | 'title'
  | 'summary'
  | 'background'
  | 'goalCode'
  | 'themeCode'
  | 'alsoUnder'
  | 'workingGroup'
  | 'reviewCadence'
  | 'budgetAmount'
  | 'effectTargets'
  | 'costs'
  | 'projectKind'
  | 'indicators';

export interface ChangedPlanItem {
  readonly code: string;
  readonly fields: readonly PlanItemDiffField[];
  readonly before: PlanItemSnapshot;
  readonly after: PlanItemSnapshot;
}

export interface PlanImportDiff {
  /** In the file, not in the existing plan. */
  readonly added: readonly PlanItemSnapshot[];
  readonly changed: readonly ChangedPlanItem[];
  /** Codes present in both with no difference. */
  readonly unchanged: readonly string[];
  /** In the existing plan, not in the file (the caller decides whether that means "retire"). */
  readonly removed: readonly PlanItemSnapshot[];
}

/** The imported tree flattened to item snapshots, in file order. */
export function toPlanSnapshot(plan: ImportedPlan): PlanSnapshot {
  return {
    items: placedItems(plan).map(({ path, item }): PlanItemSnapshot => {
      const parent = path.at(-1)!;
      const grandparent = path.at(-2);
      return {
        code: item.code,
        title: item.title,
        ...(item.summary !== undefined ? { summary: item.summary } : {}),
        ...(item.background !== undefined ? { background: item.background } : {}),
        ...(grandparent ? { goalCode: grandparent.code } : {}),
        themeCode: parent.code,
        ...(item.alsoUnder ? { alsoUnder: item.alsoUnder } : {}),
        ...(item.workingGroup !== undefined ? { workingGroup: item.workingGroup } : {}),
        ...(item.reviewCadence !== undefined ? { reviewCadence: item.reviewCadence } : {}),
        ...(item.budget ? { budgetAmount: item.budget.currentAmount } : {}),
        ...(item.effectTargets ? { effectTargets: item.effectTargets } : {}),
        ...(item.costs ? { costs: item.costs } : {}),
        ...(item.projectKind ? { projectKind: item.projectKind } : {}),
        indicators: item.indicators.map(({ sourceRow: _row, ...indicator }) => indicator),
      };
    }),
  };
}

function canonicalIndicators(indicators: readonly IndicatorSnapshot[] | undefined): string {
  // Key order and empty targetsByFy must not make equal indicators look different.
  return JSON.stringify(
    (indicators ?? []).map((i) => [
      i.name,
      i.unit ?? '',
      i.baseline ?? null,
      i.target ?? null,
      Object.entries(i.targetsByFy ?? {})
        .map(([fy, value]) => [Number(fy), value])
        .sort((a, b) => a[0]! - b[0]!),
      i.direction ?? null,
      i.kind ?? null,
      i.achievementFormula ?? null,
    ]),
  );
}

function canonicalEffects(targets: PlanItemSnapshot['effectTargets']): string {
  return JSON.stringify(
    Object.entries(targets ?? {})
      .map(([fy, t]) => [Number(fy), t.spendingReduction, t.revenueGain, t.cost, t.net])
      .sort((a, b) => (a[0] as number) - (b[0] as number)),
  );
}

/** The costs as compared: key order does not matter. */
function canonicalCosts(costs: ItemCostsInput | undefined): string {
  if (!costs) return '';
  // As stored: once any part of the 財源内訳 is given, a missing one is 0 (computeFullCost).
  const parts = [costs.fundingGeneral, costs.fundingNationalPrefectural, costs.fundingOther];
  const given = parts.some((v) => v !== undefined && v !== null);
  return JSON.stringify([costs.projectCost, costs.staffFte, ...parts.map((v) => (given ? (v ?? 0) : null))]);
}

const TEXT_FIELDS = ['title', 'summary', 'background', 'goalCode', 'themeCode', 'workingGroup'] as const;

function changedFields(before: PlanItemSnapshot, after: PlanItemSnapshot): PlanItemDiffField[] {
  const fields: PlanItemDiffField[] = [];
  // A missing text and an empty text are the same thing to a user.
  for (const field of TEXT_FIELDS) if ((before[field] ?? '') !== (after[field] ?? '')) fields.push(field);
  if ((before.alsoUnder ?? []).join('\u0000') !== (after.alsoUnder ?? []).join('\u0000'))
    fields.push('alsoUnder');
  // A file without the 報告頻度 / 達成率の算式 columns leaves the stored values as they are.
  if (after.reviewCadence !== undefined && after.reviewCadence !== before.reviewCadence)
    fields.push('reviewCadence');
  if ((before.budgetAmount ?? null) !== (after.budgetAmount ?? null)) fields.push('budgetAmount');
  if (canonicalEffects(before.effectTargets) !== canonicalEffects(after.effectTargets))
    fields.push('effectTargets');
  // Likewise a file without the cost or 事業区分 columns.
  if (after.costs !== undefined && canonicalCosts(before.costs) !== canonicalCosts(after.costs))
    fields.push('costs');
  if (after.projectKind !== undefined && after.projectKind !== before.projectKind) fields.push('projectKind');
  const givenFormulas = new Set(
    (after.indicators ?? []).filter((i) => i.achievementFormula !== undefined).map((i) => i.name),
  );
  const comparable = (before.indicators ?? []).map((i) =>
    givenFormulas.has(i.name) ? i : { ...i, achievementFormula: undefined },
  );
  if (canonicalIndicators(comparable) !== canonicalIndicators(after.indicators)) fields.push('indicators');
  return fields;
}

/**
 * Compares an imported plan with the existing one by item code, so that importing the same file
 * twice changes nothing: the DB layer inserts `added`, updates `changed` and skips `unchanged`.
 */
export function diffPlanAgainstSnapshot(plan: ImportedPlan, existing: PlanSnapshot): PlanImportDiff {
  const before = new Map(existing.items.map((item) => [item.code, item]));
  const added: PlanItemSnapshot[] = [];
  const changed: ChangedPlanItem[] = [];
  const unchanged: string[] = [];
  const seen = new Set<string>();
  for (const after of toPlanSnapshot(plan).items) {
    seen.add(after.code);
    const old = before.get(after.code);
    if (!old) {
      added.push(after);
      continue;
    }
    const fields = changedFields(old, after);
    if (fields.length === 0) unchanged.push(after.code);
    else changed.push({ code: after.code, fields, before: old, after });
  }
  const removed = existing.items.filter((item) => !seen.has(item.code));
  return { added, changed, unchanged, removed };
}
