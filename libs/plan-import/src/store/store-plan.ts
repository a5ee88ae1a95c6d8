/**
 * Writes (or, on a dry run, compares) an imported plan through PlanImportRepository: the plan by
 * (tenant, title) with the file's level names in its settings, its nodes by (level, code) with their
 * texts and indicators, every item's parents (再掲), working groups by name, items by (plan, code) with
 * their per-year budgets and indicators — in ONE transaction, so a failure leaves nothing
 * half-written. Items that are no longer in the file are reported, never deleted (they may have
 * cycles), and cycles are never touched.
 */
import { CITY_PRESETS, type CityReviewCadence } from '@pdca/domain';
import type {
  IndicatorOwner,
  IndicatorRowValues,
  ItemRowValues,
  PlanImportRepository,
  StoredPlanItem,
} from '@pdca/persistence/repositories';
import type {
  ImportedIndicator,
  ImportedLevelName,
  ImportedNode,
  ImportedPlan,
  IndicatorSnapshot,
  PlanImportDiff,
  PlanItemSnapshot,
} from '..';
import { diffPlanAgainstSnapshot } from '..';
import { allNodes } from '../plan-tree-walk';
import { letOthersIn } from './let-others-in';
import { itemsOf, storedDirection, storedFormOf, workingGroupNames } from './plan-store-rules';

export interface PlanImportWrite {
  tenantId: string;
  /** Parsed, validated and checked against storeProblems(): nothing here may fail a constraint. */
  plan: ImportedPlan;
  /** Kept in `plans.source` (document, metadata, notes, last import). */
  source: Record<string, unknown>;
  /** Read and compare only; nothing is written. */
  dryRun: boolean;
}

export interface KeptIndicators {
  code: string;
  names: string[];
}

export interface PlanImportOutcome {
  /** Null on a dry run of a plan that does not exist yet. */
  planId: string | null;
  /** The plan was (or, on a dry run, would be) created rather than updated. */
  planCreated: boolean;
  /** The plan in the form it is stored (see storedFormOf). */
  stored: ImportedPlan;
  diff: PlanImportDiff;
  /** Working groups that were (would be) created because the file names them. */
  workingGroupsCreated: string[];
  /** Indicators missing from the file that were kept because the item's cycle is running. */
  keptIndicators: KeptIndicators[];
  /** Items HQ removed that the file still lists: left as they are (never revived), to be reported. */
  removedInFile: RemovedInFile[];
}

export interface RemovedInFile {
  code: string;
  removedAt: Date;
  reason: string;
}

/** The plan's items by code, as stored. */
type ExistingItems = Map<string, StoredPlanItem>;

interface Comparison {
  existing: ExistingItems;
  stored: ImportedPlan;
  diff: PlanImportDiff;
  removedInFile: RemovedInFile[];
}

export function storeImportedPlan(
  imports: PlanImportRepository,
  input: PlanImportWrite,
): Promise<PlanImportOutcome> {
  if (input.dryRun) return preview(imports, input);
  return imports.transaction((tx) => write(tx, input));
}

async function preview(imports: PlanImportRepository, input: PlanImportWrite): Promise<PlanImportOutcome> {
  const planId = await imports.findPlanId(input.tenantId, input.plan.title);
  const { existing, stored, diff, removedInFile } = await compare(imports, input, planId);
  const names = workingGroupNames(stored);
  const known = await imports.existingWorkingGroups(input.tenantId, names);
  return {
    planId: planId ?? null,
    planCreated: planId === undefined,
    stored,
    diff,
    workingGroupsCreated: names.filter((n) => !known.has(n)),
    keptIndicators: planId === undefined ? [] : keptIndicators(stored, diff, existing),
    removedInFile,
  };
}

async function write(tx: PlanImportRepository, input: PlanImportWrite): Promise<PlanImportOutcome> {
  const { tenantId, plan } = input;
  const upserted = await tx.upsertPlan(tenantId, {
    title: plan.title,
    periodStartFy: plan.periodStartFy ?? null,
    periodEndFy: plan.periodEndFy ?? null,
    source: input.source,
    ...(plan.levels ? { settings: { levels: levelSettings(plan.levels) } } : {}),
  });
  const comparison = await compare(tx, input, upserted.id);
  const groups = await tx.upsertWorkingGroups(tenantId, workingGroupNames(comparison.stored));
  const nodeIds = await writeNodes(tx, tenantId, upserted.id, comparison.stored);
  const lastLevel = comparison.stored.nodeLevels;
  const entries = itemsOf(comparison.stored).map((entry, index) => ({
    ...entry,
    values: {
      themeId: nodeIds.get(nodeKey(lastLevel, entry.path.at(-1)!.code))!,
      code: entry.item.code,
      title: entry.item.title,
      summary: entry.item.summary ?? '',
      background: entry.item.background ?? '',
      workingGroupId: entry.item.workingGroup ? groups.ids.get(entry.item.workingGroup)! : null,
      budget: entry.item.budget?.currentAmount ?? 0,
      effectTargets: { ...entry.item.effectTargets },
      sort: index + 1,
      reviewCadence: entry.item.reviewCadence ?? null,
    } satisfies ItemRowValues,
  }));
  const newItemIds = await writeItems(tx, tenantId, upserted.id, entries, comparison);
  await writeItemParents(tx, tenantId, entries, newItemIds, comparison.existing, (code) =>
    nodeIds.get(nodeKey(lastLevel, code)),
  );
  const kept = await writeIndicators(tx, tenantId, entries, newItemIds, comparison);
  await writeOwnIndicators(tx, tenantId, upserted.id, comparison.stored, nodeIds);
  return {
    planId: upserted.id,
    planCreated: upserted.created,
    stored: comparison.stored,
    diff: comparison.diff,
    workingGroupsCreated: groups.created,
    keptIndicators: kept,
    removedInFile: comparison.removedInFile,
  };
}

/** The file in its stored form, compared with the plan's items (none when the plan is new). */
async function compare(
  imports: PlanImportRepository,
  input: PlanImportWrite,
  planId: string | undefined,
): Promise<Comparison> {
  const items = planId === undefined ? [] : await imports.planItems(input.tenantId, planId);
  // Each step takes tens of milliseconds for thousands of items: other requests get a turn between.
  await letOthersIn();
  const existing: ExistingItems = new Map(items.map((item) => [item.code, item]));
  const snapshots = new Map(items.map((item) => [item.code, itemSnapshot(item)]));
  const stored = storedFormOf(input.plan, snapshots);
  await letOthersIn();
  const diff = diffPlanAgainstSnapshot(stored, { items: [...snapshots.values()] });
  return { existing, stored, ...leaveRemovedAlone(diff, existing) };
}

/**
 * An item HQ removed (POST /items/{id}/removal) stays removed when the file still lists it: the
 * file is the city's plan document, which often keeps an item until its next edition, so the
 * import neither refuses the whole file nor revives or edits the item — it leaves it as it is
 * (reported as unchanged, with a warning naming the removal). Bringing an item back is not an
 * import's business.
 */
function leaveRemovedAlone(
  diff: PlanImportDiff,
  existing: ExistingItems,
): { diff: PlanImportDiff; removedInFile: RemovedInFile[] } {
  const removed = (code: string) => existing.get(code)?.removal ?? null;
  const listed = [...diff.changed.map((c) => c.code), ...diff.unchanged];
  const removedInFile = listed.flatMap((code) => {
    const removal = removed(code);
    return removal ? [{ code, removedAt: removal.removedAt, reason: removal.reason }] : [];
  });
  if (removedInFile.length === 0) return { diff, removedInFile };
  const changed = diff.changed.filter((c) => !removed(c.code));
  const leftAlone = diff.changed.filter((c) => removed(c.code)).map((c) => c.code);
  return { diff: { ...diff, changed, unchanged: [...diff.unchanged, ...leftAlone] }, removedInFile };
}

/** The settings form of the file's level names: an English name from the presets when the file gives none. */
export function levelSettings(
  levels: readonly ImportedLevelName[],
): Array<{ name: { ja: string; en: string } }> {
  const known = new Map(
    CITY_PRESETS.flatMap((preset) =>
      preset.settings.levels.map((level) => [level.name.ja, level.name.en] as const),
    ),
  );
  return levels.map((level) => ({ name: { ja: level.ja, en: level.en ?? known.get(level.ja) ?? level.ja } }));
}

const nodeKey = (level: number, code: string) => `${level}\u0000${code}`;

/** Nodes by (level, code), parents first; returns (level, code) → node id. Nodes not in the file stay. */
async function writeNodes(
  tx: PlanImportRepository,
  tenantId: string,
  planId: string,
  plan: ImportedPlan,
): Promise<Map<string, string>> {
  const existing = new Map((await tx.planNodes(tenantId, planId)).map((n) => [nodeKey(n.level, n.code), n]));
  const ids = new Map<string, string>();
  const sorts = new Map<ImportedNode | undefined, number>();
  for (const { node, parent } of allNodes(plan)) {
    const sort = (sorts.get(parent) ?? 0) + 1;
    sorts.set(parent, sort);
    const parentId = parent ? ids.get(nodeKey(parent.level, parent.code))! : null;
    const values = {
      kind: node.level === 1 ? ('goal' as const) : ('theme' as const),
      level: node.level,
      code: node.code,
      title: node.title,
      parentId,
      sort,
      isDefault: node.isDefault,
      description: node.description ?? '',
      vision: node.vision ?? '',
      background: node.background ?? '',
    };
    const key = nodeKey(node.level, node.code);
    const old = existing.get(key);
    if (!old) {
      ids.set(key, await tx.insertPlanNode(tenantId, planId, values));
      continue;
    }
    const same = (
      ['title', 'parentId', 'sort', 'isDefault', 'description', 'vision', 'background'] as const
    ).every((field) => old[field] === values[field]);
    if (!same) await tx.updatePlanNode(tenantId, old.id, values);
    ids.set(key, old.id);
  }
  return ids;
}

type ItemEntry = ReturnType<typeof itemsOf>[number] & { values: ItemRowValues };

/** New items inserted, changed ones updated, moved ones re-sorted, budgets per year; returns new code → id. */
async function writeItems(
  tx: PlanImportRepository,
  tenantId: string,
  planId: string,
  entries: ItemEntry[],
  { existing, diff }: Comparison,
): Promise<Map<string, string>> {
  const added = new Set(diff.added.map((i) => i.code));
  const changed = new Set(diff.changed.map((c) => c.code));
  const newItemIds = await tx.insertItems(
    tenantId,
    planId,
    entries.filter((e) => added.has(e.item.code)).map((e) => e.values),
  );
  for (const entry of entries) {
    if (changed.has(entry.item.code)) {
      await tx.updateItem(tenantId, existing.get(entry.item.code)!.id, entry.values);
    }
  }
  await tx.upsertImportedBudgets(tenantId, planId);
  await tx.upsertImportedCosts(
    tenantId,
    planId,
    entries.map((e) => ({
      code: e.item.code,
      ...(e.item.costs ? { costs: e.item.costs } : {}),
      ...(e.item.projectKind ? { projectKind: e.item.projectKind } : {}),
    })),
  );
  // Unchanged items keep their row as it is, except their position when rows were reordered.
  const moves = entries.flatMap((e) => {
    const old = existing.get(e.item.code);
    return old && !changed.has(e.item.code) && old.sort !== e.values.sort
      ? [{ id: old.id, sort: e.values.sort }]
      : [];
  });
  await tx.sortItems(tenantId, moves);
  return newItemIds;
}

/** Every parent of every item of the file, the primary one first, then its 再掲 parents in order. */
async function writeItemParents(
  tx: PlanImportRepository,
  tenantId: string,
  entries: ItemEntry[],
  newItemIds: Map<string, string>,
  existing: ExistingItems,
  nodeIdOf: (code: string) => string | undefined,
): Promise<void> {
  const rows = entries.flatMap((entry) => {
    const itemId = newItemIds.get(entry.item.code) ?? existing.get(entry.item.code)!.id;
    const others = (entry.item.alsoUnder ?? []).flatMap((code) => {
      const nodeId = nodeIdOf(code);
      return nodeId && nodeId !== entry.values.themeId ? [nodeId] : [];
    });
    return [entry.values.themeId, ...others].map((nodeId, sort) => ({
      itemId,
      nodeId,
      isPrimary: sort === 0,
      sort,
    }));
  });
  await tx.replaceItemParents(tenantId, [...new Set(rows.map((r) => r.itemId))], rows);
}

/**
 * The nodes' and the plan's own indicators (主要目標): matched by owner and name, so their ids stay;
 * the ones the file no longer gives are deleted (no cycle reads them).
 */
async function writeOwnIndicators(
  tx: PlanImportRepository,
  tenantId: string,
  planId: string,
  plan: ImportedPlan,
  nodeIds: Map<string, string>,
): Promise<void> {
  const old = await tx.ownIndicators(tenantId, planId);
  const ownerKey = (owner: IndicatorOwner) =>
    'nodeId' in owner ? owner.nodeId : 'planId' in owner ? `plan:${owner.planId}` : '';
  const oldByKey = new Map(old.map((i) => [`${i.nodeId ?? `plan:${i.planId}`}\u0000${i.name}`, i]));
  const wanted: Array<{ owner: IndicatorOwner; indicator: ImportedIndicator; sort: number }> = [
    ...plan.indicators.map((indicator, sort) => ({ owner: { planId }, indicator, sort })),
    ...allNodes(plan).flatMap(({ node }) =>
      node.indicators.map((indicator, sort) => ({
        owner: { nodeId: nodeIds.get(nodeKey(node.level, node.code))! },
        indicator,
        sort,
      })),
    ),
  ];
  const insert: Array<IndicatorOwner & { indicator: IndicatorRowValues }> = [];
  const keep = new Set<string>();
  for (const { owner, indicator, sort } of wanted) {
    const values = indicatorValues(indicator, sort);
    const found = oldByKey.get(`${ownerKey(owner)}\u0000${indicator.name}`);
    if (found) {
      keep.add(found.id);
      await tx.updateIndicator(tenantId, found.id, values);
    } else {
      insert.push({ ...owner, indicator: values });
    }
  }
  await tx.deleteIndicators(
    tenantId,
    old.filter((i) => !keep.has(i.id)).map((i) => i.id),
  );
  await tx.insertIndicators(tenantId, insert);
}

/**
 * All of a new item's indicators; of a changed item, matched by name so their ids (which running
 * cycles refer to) stay the same. Indicators no longer in the file are deleted, or kept when the
 * item's cycle is running (returned, to be reported).
 */
async function writeIndicators(
  tx: PlanImportRepository,
  tenantId: string,
  entries: ItemEntry[],
  newItemIds: Map<string, string>,
  { existing, diff }: Comparison,
): Promise<KeptIndicators[]> {
  const added = new Set(diff.added.map((i) => i.code));
  const changedIndicators = new Set(
    diff.changed.filter((c) => c.fields.includes('indicators')).map((c) => c.code),
  );
  await tx.insertIndicators(
    tenantId,
    entries
      .filter((e) => added.has(e.item.code))
      .flatMap((e) =>
        e.item.indicators.map((indicator, index) => ({
          itemId: newItemIds.get(e.item.code)!,
          indicator: indicatorValues(indicator, index),
        })),
      ),
  );
  const kept: KeptIndicators[] = [];
  for (const entry of entries) {
    if (!changedIndicators.has(entry.item.code)) continue;
    const old = existing.get(entry.item.code)!;
    const oldIds = new Map(old.indicators.map((i) => [i.name, i.id]));
    const insert: Array<{ itemId: string; indicator: IndicatorRowValues }> = [];
    for (const [index, indicator] of entry.item.indicators.entries()) {
      const id = oldIds.get(indicator.name);
      if (id) await tx.updateIndicator(tenantId, id, indicatorValues(indicator, index));
      else insert.push({ itemId: old.id, indicator: indicatorValues(indicator, index) });
    }
    await tx.insertIndicators(tenantId, insert);
    const fileNames = new Set(entry.item.indicators.map((i) => i.name));
    const missing = old.indicators.filter((i) => !fileNames.has(i.name));
    if (missing.length === 0) continue;
    if (old.running) {
      kept.push({ code: entry.item.code, names: missing.map((i) => i.name) });
      // Kept after the file's indicators, in their old order.
      await tx.sortIndicators(
        tenantId,
        missing.map((i, n) => ({ id: i.id, sort: entry.item.indicators.length + n })),
      );
    } else {
      await tx.deleteIndicators(
        tenantId,
        missing.map((i) => i.id),
      );
    }
  }
  return kept;
}

function indicatorValues(indicator: ImportedIndicator, sort: number): IndicatorRowValues {
  return {
    name: indicator.name,
    unit: indicator.unit ?? '',
    baseline: indicator.baseline ?? null,
    direction: storedDirection(indicator),
    targets: targetsJson(indicator.targetsByFy),
    target: indicator.target ?? null,
    sort,
    kind: indicator.kind ?? null,
    achievementFormula: indicator.achievementFormula ?? null,
  };
}

/** `indicators.targets` is keyed by the fiscal year as text: {"2027": 60}. */
function targetsJson(targetsByFy: Readonly<Record<number, number>>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(targetsByFy)
      .map(([fy, value]) => [String(fy), value] as const)
      .sort(([a], [b]) => Number(a) - Number(b)),
  );
}

/** A stored item as the import compares it with the file. */
function itemSnapshot(item: StoredPlanItem): PlanItemSnapshot {
  const { code, title, summary, background, budgetAmount, goalCode, themeCode, workingGroup } = item;
  return {
    code,
    title,
    summary,
    background,
    ...(goalCode !== null ? { goalCode } : {}),
    ...(themeCode !== null ? { themeCode } : {}),
    ...(item.alsoUnder.length > 0 ? { alsoUnder: item.alsoUnder } : {}),
    ...(workingGroup !== null ? { workingGroup } : {}),
    ...(item.reviewCadence !== null ? { reviewCadence: item.reviewCadence as CityReviewCadence } : {}),
    budgetAmount,
    effectTargets: Object.fromEntries(Object.entries(item.effectTargets).map(([fy, t]) => [Number(fy), t])),
    ...(item.importedCosts ? { costs: item.importedCosts } : {}),
    ...(item.projectKind !== null ? { projectKind: item.projectKind } : {}),
    indicators: item.indicators.map(indicatorSnapshot),
  };
}

function indicatorSnapshot(row: StoredPlanItem['indicators'][number]): IndicatorSnapshot {
  return {
    name: row.name,
    ...(row.unit !== '' ? { unit: row.unit } : {}),
    ...(row.baseline !== null ? { baseline: row.baseline } : {}),
    ...(row.target !== null ? { target: row.target } : {}),
    targetsByFy: Object.fromEntries(Object.entries(row.targets).map(([fy, v]) => [Number(fy), v])),
    direction: row.direction === 'lower_is_better' ? 'lower' : 'higher',
    ...(row.kind ? { kind: row.kind } : {}),
    ...(row.achievementFormula ? { achievementFormula: row.achievementFormula } : {}),
  };
}

/** What a write would keep (dry run): indicators of running items that the file no longer lists. */
function keptIndicators(
  stored: ImportedPlan,
  diff: PlanImportDiff,
  existing: ExistingItems,
): KeptIndicators[] {
  const result: KeptIndicators[] = [];
  const changed = new Map(diff.changed.map((c) => [c.code, c.fields]));
  for (const { item } of itemsOf(stored)) {
    if (!changed.get(item.code)?.includes('indicators')) continue;
    const old = existing.get(item.code)!;
    if (!old.running) continue;
    const names = new Set(item.indicators.map((i) => i.name));
    const missing = old.indicators.map((i) => i.name).filter((name) => !names.has(name));
    if (missing.length > 0) result.push({ code: item.code, names: missing });
  }
  return result;
}
