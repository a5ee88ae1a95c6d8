import { DataSource, EntityManager } from 'typeorm';
import {
  diffPlanAgainstSnapshot,
  type ImportedEffectTarget,
  type ImportedPlan,
  type IndicatorSnapshot,
  type PlanImportDiff,
  type PlanItemSnapshot,
} from '../../../plan-import/src';
import { itemsOf, storedDirection, storedFormOf, workingGroupNames } from '../plan-import/plan-store-rules';

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
}

interface ExistingItem {
  id: string;
  sort: number;
  running: boolean;
  snapshot: PlanItemSnapshot;
  indicatorIds: Map<string, string>;
}

interface ExistingPlan {
  id: string;
  items: Map<string, ExistingItem>;
}

interface ItemRow {
  id: string;
  code: string;
  title: string;
  summary: string;
  background: string;
  budget_current_amount: string;
  effect_targets: Record<string, ImportedEffectTarget>;
  sort: number;
  wg_name: string | null;
  theme_code: string | null;
  goal_code: string | null;
  running: boolean;
}

interface IndicatorRow {
  id: string;
  item_id: string;
  name: string;
  unit: string;
  baseline: string | null;
  direction: 'higher_is_better' | 'lower_is_better';
  targets: Record<string, number>;
  target: string | null;
  kind: 'outcome' | 'activity' | null;
}

interface NodeRow {
  id: string;
  kind: 'goal' | 'theme';
  code: string;
  title: string;
  parent_id: string | null;
  sort: number;
  is_default: boolean;
}

const TERMINAL_CYCLE_STATUSES = ['completed', 'closed', 'withdrawn'];

/**
 * Writes an imported plan: the plan by (tenant, title), its goal/theme nodes by code, working groups
 * by name, items by (plan, code) with their indicators — in ONE transaction, so a failure leaves
 * nothing half-written. Items that are no longer in the file are reported, never deleted (they may
 * have cycles), and cycles are never touched. Takes a DataSource, or the EntityManager of a
 * surrounding transaction (the demo seed imports inside its own).
 */
export class PlanImportRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private get manager(): EntityManager {
    return this.db instanceof DataSource ? this.db.manager : this.db;
  }

  async importPlan(input: PlanImportWrite): Promise<PlanImportOutcome> {
    if (input.dryRun) return this.preview(this.manager, input);
    return this.manager.transaction((tx) => this.write(tx, input));
  }

  private async preview(db: EntityManager, input: PlanImportWrite): Promise<PlanImportOutcome> {
    const rows: Array<{ id: string }> = await db.query(
      'SELECT id FROM plans WHERE tenant_id = $1 AND title = $2',
      [input.tenantId, input.plan.title],
    );
    const existing = rows[0] ? await this.loadPlan(db, input.tenantId, rows[0].id) : undefined;
    const snapshots = snapshotMap(existing);
    const stored = storedFormOf(input.plan, snapshots);
    const diff = diffPlanAgainstSnapshot(stored, { items: [...snapshots.values()] });
    const names = workingGroupNames(stored);
    const known: Array<{ name: string }> = await db.query(
      'SELECT name FROM working_groups WHERE tenant_id = $1 AND name = ANY($2::text[])',
      [input.tenantId, names],
    );
    const knownNames = new Set(known.map((r) => r.name));
    return {
      planId: existing?.id ?? null,
      planCreated: !existing,
      stored,
      diff,
      workingGroupsCreated: names.filter((n) => !knownNames.has(n)),
      keptIndicators: existing ? keptIndicators(stored, diff, existing) : [],
    };
  }

  private async write(tx: EntityManager, input: PlanImportWrite): Promise<PlanImportOutcome> {
    const { tenantId, plan } = input;
    // The upsert locks the plan row until commit: two imports of one plan run one after the other.
    const [upserted]: Array<{ id: string; created: boolean }> = await tx.query(
      `INSERT INTO plans (tenant_id, title, period_start_fy, period_end_fy, source)
       VALUES ($1, $2, $3, $4, $5::jsonb)
       ON CONFLICT (tenant_id, title) DO UPDATE
         SET period_start_fy = EXCLUDED.period_start_fy, period_end_fy = EXCLUDED.period_end_fy,
             source = EXCLUDED.source, updated_at = now()
       RETURNING id, (xmax = 0) AS created`,
      [
        tenantId,
        plan.title,
        plan.periodStartFy ?? null,
        plan.periodEndFy ?? null,
        JSON.stringify(input.source),
      ],
    );
    const planId = upserted.id;
    const existing = await this.loadPlan(tx, tenantId, planId);
    const snapshots = snapshotMap(existing);
    const stored = storedFormOf(plan, snapshots);
    const diff = diffPlanAgainstSnapshot(stored, { items: [...snapshots.values()] });

    const groups = await this.upsertWorkingGroups(tx, tenantId, workingGroupNames(stored));
    const themeIds = await this.upsertNodes(tx, tenantId, planId, stored);

    const added = new Set(diff.added.map((i) => i.code));
    const changed = new Map(diff.changed.map((c) => [c.code, new Set<string>(c.fields)]));
    const entries = itemsOf(stored).map((entry, index) => ({ ...entry, sort: index + 1 }));
    const values = (entry: (typeof entries)[number]) => ({
      themeId: themeIds.get(entry.theme.code)!,
      code: entry.item.code,
      title: entry.item.title,
      summary: entry.item.summary ?? '',
      background: entry.item.background ?? '',
      workingGroupId: entry.item.workingGroup ? groups.ids.get(entry.item.workingGroup)! : null,
      budget: entry.item.budget?.currentAmount ?? 0,
      effectTargets: JSON.stringify(entry.item.effectTargets ?? {}),
      sort: entry.sort,
    });

    const newItems = entries.filter((e) => added.has(e.item.code)).map(values);
    const newItemIds = new Map<string, string>();
    if (newItems.length > 0) {
      const inserted: Array<{ id: string; code: string }> = await tx.query(
        `INSERT INTO items (tenant_id, plan_id, theme_id, code, title, summary, background, working_group_id,
                            budget_current_amount, sort, effect_targets)
         SELECT $1, $2, v.theme_id, v.code, v.title, v.summary, v.background, v.working_group_id, v.budget, v.sort,
                v.effect_targets
         FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::uuid[], $9::bigint[], $10::int[],
                     $11::jsonb[])
           AS v(theme_id, code, title, summary, background, working_group_id, budget, sort, effect_targets)
         RETURNING id, code`,
        [
          tenantId,
          planId,
          newItems.map((v) => v.themeId),
          newItems.map((v) => v.code),
          newItems.map((v) => v.title),
          newItems.map((v) => v.summary),
          newItems.map((v) => v.background),
          newItems.map((v) => v.workingGroupId),
          newItems.map((v) => v.budget),
          newItems.map((v) => v.sort),
          newItems.map((v) => v.effectTargets),
        ],
      );
      for (const row of inserted) newItemIds.set(row.code, row.id);
    }

    for (const entry of entries) {
      const fields = changed.get(entry.item.code);
      if (!fields) continue;
      const v = values(entry);
      const id = existing!.items.get(v.code)!.id;
      await tx.query(
        `UPDATE items SET theme_id = $3, title = $4, summary = $5, background = $6, working_group_id = $7,
                          budget_current_amount = $8, sort = $9, effect_targets = $10::jsonb, updated_at = now()
         WHERE tenant_id = $1 AND id = $2`,
        [
          tenantId,
          id,
          v.themeId,
          v.title,
          v.summary,
          v.background,
          v.workingGroupId,
          v.budget,
          v.sort,
          v.effectTargets,
        ],
      );
    }
    // Per-year budgets: every year of the plan period gets the imported amount, except a year an
    // approved Act decision has already set (a budget reflection outranks the plan file).
    await tx.query(
      `INSERT INTO item_budgets (tenant_id, item_id, fiscal_year, amount, source)
       SELECT i.tenant_id, i.id, fy, i.budget_current_amount, 'import'
         FROM items i JOIN plans p ON p.id = i.plan_id,
              generate_series(p.period_start_fy, p.period_end_fy) AS fy
        WHERE i.tenant_id = $1 AND i.plan_id = $2
          AND p.period_start_fy IS NOT NULL AND p.period_end_fy IS NOT NULL
       ON CONFLICT (item_id, fiscal_year) DO UPDATE SET amount = EXCLUDED.amount, updated_at = now()
        WHERE item_budgets.source = 'import'`,
      [tenantId, planId],
    );
    // Unchanged items keep their row as it is, except their position when rows were reordered.
    const moved = entries.filter((e) => {
      const old = existing?.items.get(e.item.code);
      return old && !changed.has(e.item.code) && old.sort !== e.sort;
    });
    if (moved.length > 0) {
      await tx.query(
        `UPDATE items SET sort = v.sort FROM unnest($2::uuid[], $3::int[]) AS v(id, sort)
         WHERE items.tenant_id = $1 AND items.id = v.id`,
        [tenantId, moved.map((e) => existing!.items.get(e.item.code)!.id), moved.map((e) => e.sort)],
      );
    }

    // Indicators: all of a new item's; of a changed item, matched by name so their ids (which
    // running cycles refer to) stay the same.
    const freshIndicators = entries
      .filter((e) => added.has(e.item.code))
      .flatMap((e) =>
        e.item.indicators.map((indicator, index) => ({
          itemId: newItemIds.get(e.item.code)!,
          indicator,
          index,
        })),
      );
    await this.insertIndicators(tx, tenantId, freshIndicators);
    const kept: KeptIndicators[] = [];
    for (const entry of entries) {
      if (!changed.get(entry.item.code)?.has('indicators')) continue;
      const old = existing!.items.get(entry.item.code)!;
      const insert: typeof freshIndicators = [];
      for (const [index, indicator] of entry.item.indicators.entries()) {
        const id = old.indicatorIds.get(indicator.name);
        if (!id) {
          insert.push({ itemId: old.id, indicator, index });
          continue;
        }
        await tx.query(
          `UPDATE indicators SET unit = $3, baseline = $4, direction = $5, targets = $6::jsonb, target = $7, sort = $8,
                  kind = $9
           WHERE tenant_id = $1 AND id = $2`,
          [
            tenantId,
            id,
            indicator.unit ?? '',
            indicator.baseline ?? null,
            storedDirection(indicator),
            JSON.stringify(targetsJson(indicator.targetsByFy)),
            indicator.target ?? null,
            index,
            indicator.kind ?? null,
          ],
        );
      }
      await this.insertIndicators(tx, tenantId, insert);
      const fileNames = new Set(entry.item.indicators.map((i) => i.name));
      const missing = [...old.indicatorIds.entries()].filter(([name]) => !fileNames.has(name));
      if (missing.length === 0) continue;
      if (old.running) {
        kept.push({ code: entry.item.code, names: missing.map(([name]) => name) });
        // Kept after the file's indicators, in their old order.
        await tx.query(
          `UPDATE indicators SET sort = v.sort FROM unnest($2::uuid[], $3::int[]) AS v(id, sort)
           WHERE indicators.tenant_id = $1 AND indicators.id = v.id`,
          [tenantId, missing.map(([, id]) => id), missing.map((_, i) => entry.item.indicators.length + i)],
        );
      } else {
        await tx.query('DELETE FROM indicators WHERE tenant_id = $1 AND id = ANY($2::uuid[])', [
          tenantId,
          missing.map(([, id]) => id),
        ]);
      }
    }

    return {
      planId,
      planCreated: upserted.created,
      stored,
      diff,
      workingGroupsCreated: groups.created,
      keptIndicators: kept,
    };
  }

  private async insertIndicators(
    tx: EntityManager,
    tenantId: string,
    rows: Array<{
      itemId: string;
      indicator: ImportedPlan['goals'][number]['themes'][number]['items'][number]['indicators'][number];
      index: number;
    }>,
  ): Promise<void> {
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO indicators (tenant_id, item_id, name, unit, baseline, direction, targets, target, sort, kind)
       SELECT $1, v.item_id, v.name, v.unit, v.baseline, v.direction, v.targets, v.target, v.sort, v.kind
       FROM unnest($2::uuid[], $3::text[], $4::text[], $5::numeric[], $6::text[], $7::jsonb[], $8::numeric[], $9::int[],
                   $10::text[])
         AS v(item_id, name, unit, baseline, direction, targets, target, sort, kind)`,
      [
        tenantId,
        rows.map((r) => r.itemId),
        rows.map((r) => r.indicator.name),
        rows.map((r) => r.indicator.unit ?? ''),
        rows.map((r) => r.indicator.baseline ?? null),
        rows.map((r) => storedDirection(r.indicator)),
        rows.map((r) => JSON.stringify(targetsJson(r.indicator.targetsByFy))),
        rows.map((r) => r.indicator.target ?? null),
        rows.map((r) => r.index),
        rows.map((r) => r.indicator.kind ?? null),
      ],
    );
  }

  private async upsertWorkingGroups(
    tx: EntityManager,
    tenantId: string,
    names: string[],
  ): Promise<{ ids: Map<string, string>; created: string[] }> {
    if (names.length === 0) return { ids: new Map(), created: [] };
    // A new group has no leader: HQ assigns one (the leader is a person, not a column of the file).
    const created: Array<{ name: string }> = await tx.query(
      `INSERT INTO working_groups (tenant_id, name) SELECT $1, unnest($2::text[])
       ON CONFLICT (tenant_id, name) DO NOTHING RETURNING name`,
      [tenantId, names],
    );
    const rows: Array<{ id: string; name: string }> = await tx.query(
      'SELECT id, name FROM working_groups WHERE tenant_id = $1 AND name = ANY($2::text[])',
      [tenantId, names],
    );
    const createdNames = new Set(created.map((r) => r.name));
    return {
      ids: new Map(rows.map((r) => [r.name, r.id])),
      created: names.filter((n) => createdNames.has(n)),
    };
  }

  /** Goals and themes by (kind, code); returns theme code → node id. Nodes not in the file stay. */
  private async upsertNodes(
    tx: EntityManager,
    tenantId: string,
    planId: string,
    plan: ImportedPlan,
  ): Promise<Map<string, string>> {
    const rows: NodeRow[] = await tx.query(
      'SELECT id, kind, code, title, parent_id, sort, is_default FROM plan_nodes WHERE tenant_id = $1 AND plan_id = $2',
      [tenantId, planId],
    );
    const existing = new Map(rows.map((r) => [`${r.kind}\u0000${r.code}`, r]));
    const upsert = async (
      kind: 'goal' | 'theme',
      node: { code: string; title: string; isDefault: boolean },
      parentId: string | null,
      sort: number,
    ): Promise<string> => {
      const old = existing.get(`${kind}\u0000${node.code}`);
      if (!old) {
        const [row]: Array<{ id: string }> = await tx.query(
          `INSERT INTO plan_nodes (tenant_id, plan_id, parent_id, kind, code, title, sort, is_default)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
          [tenantId, planId, parentId, kind, node.code, node.title, sort, node.isDefault],
        );
        return row.id;
      }
      if (
        old.title !== node.title ||
        old.parent_id !== parentId ||
        old.sort !== sort ||
        old.is_default !== node.isDefault
      ) {
        await tx.query(
          'UPDATE plan_nodes SET title = $3, parent_id = $4, sort = $5, is_default = $6 WHERE tenant_id = $1 AND id = $2',
          [tenantId, old.id, node.title, parentId, sort, node.isDefault],
        );
      }
      return old.id;
    };
    const themeIds = new Map<string, string>();
    for (const [g, goal] of plan.goals.entries()) {
      const goalId = await upsert('goal', goal, null, g + 1);
      for (const [t, theme] of goal.themes.entries()) {
        themeIds.set(theme.code, await upsert('theme', theme, goalId, t + 1));
      }
    }
    return themeIds;
  }

  /** The plan's items as the import compares them (PlanItemSnapshot), with their ids. */
  private async loadPlan(db: EntityManager, tenantId: string, planId: string): Promise<ExistingPlan> {
    const items: ItemRow[] = await db.query(
      `SELECT i.id, i.code, i.title, i.summary, i.background, i.budget_current_amount, i.effect_targets, i.sort,
              wg.name AS wg_name, t.code AS theme_code, g.code AS goal_code,
              EXISTS (SELECT 1 FROM cycles c
                      WHERE c.tenant_id = i.tenant_id AND c.item_id = i.id AND c.status <> ALL($3::text[])) AS running
       FROM items i
       LEFT JOIN working_groups wg ON wg.id = i.working_group_id AND wg.tenant_id = i.tenant_id
       LEFT JOIN plan_nodes t ON t.id = i.theme_id AND t.tenant_id = i.tenant_id
       LEFT JOIN plan_nodes g ON g.id = t.parent_id AND g.tenant_id = i.tenant_id
       WHERE i.tenant_id = $1 AND i.plan_id = $2
       ORDER BY i.sort, i.code`,
      [tenantId, planId, TERMINAL_CYCLE_STATUSES],
    );
    const indicators: IndicatorRow[] =
      items.length === 0
        ? []
        : await db.query(
            `SELECT id, item_id, name, unit, baseline, direction, targets, target, kind FROM indicators
             WHERE tenant_id = $1 AND item_id = ANY($2::uuid[]) ORDER BY sort, name`,
            [tenantId, items.map((i) => i.id)],
          );
    const byItem = new Map<string, IndicatorRow[]>();
    for (const row of indicators) byItem.set(row.item_id, [...(byItem.get(row.item_id) ?? []), row]);
    const result = new Map<string, ExistingItem>();
    for (const row of items) {
      const rows = byItem.get(row.id) ?? [];
      result.set(row.code, {
        id: row.id,
        sort: row.sort,
        running: row.running,
        indicatorIds: new Map(rows.map((r) => [r.name, r.id])),
        snapshot: {
          code: row.code,
          title: row.title,
          summary: row.summary,
          background: row.background,
          ...(row.goal_code !== null ? { goalCode: row.goal_code } : {}),
          ...(row.theme_code !== null ? { themeCode: row.theme_code } : {}),
          ...(row.wg_name !== null ? { workingGroup: row.wg_name } : {}),
          budgetAmount: Number(row.budget_current_amount),
          effectTargets: Object.fromEntries(
            Object.entries(row.effect_targets ?? {}).map(([fy, t]) => [Number(fy), t]),
          ),
          indicators: rows.map(indicatorSnapshot),
        },
      });
    }
    return { id: planId, items: result };
  }
}

function indicatorSnapshot(row: IndicatorRow): IndicatorSnapshot {
  return {
    name: row.name,
    ...(row.unit !== '' ? { unit: row.unit } : {}),
    ...(row.baseline !== null ? { baseline: Number(row.baseline) } : {}),
    ...(row.target !== null ? { target: Number(row.target) } : {}),
    targetsByFy: Object.fromEntries(
      Object.entries(row.targets ?? {}).map(([fy, v]) => [Number(fy), Number(v)]),
    ),
    direction: row.direction === 'lower_is_better' ? 'lower' : 'higher',
    ...(row.kind ? { kind: row.kind } : {}),
  };
}

function snapshotMap(existing: ExistingPlan | undefined): Map<string, PlanItemSnapshot> {
  return new Map([...(existing?.items.values() ?? [])].map((item) => [item.snapshot.code, item.snapshot]));
}

/** `indicators.targets` is keyed by the fiscal year as text: {"2027": 60}. */
function targetsJson(targetsByFy: Readonly<Record<number, number>>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(targetsByFy)
      .map(([fy, value]) => [String(fy), value] as const)
      .sort(([a], [b]) => Number(a) - Number(b)),
  );
}

/** What a write would keep (dry run): indicators of running items that the file no longer lists. */
function keptIndicators(
  stored: ImportedPlan,
  diff: PlanImportDiff,
  existing: ExistingPlan,
): KeptIndicators[] {
  const result: KeptIndicators[] = [];
  const changed = new Map(diff.changed.map((c) => [c.code, c.fields]));
  for (const { item } of itemsOf(stored)) {
    if (!changed.get(item.code)?.includes('indicators')) continue;
    const old = existing.items.get(item.code)!;
    if (!old.running) continue;
    const names = new Set(item.indicators.map((i) => i.name));
    const missing = [...old.indicatorIds.keys()].filter((name) => !names.has(name));
    if (missing.length > 0) result.push({ code: item.code, names: missing });
  }
  return result;
}
