/**
 * The one import path: parse and validate the whole file, check what the database can hold, and only
 * then write (or, on a dry run, compare). Used by POST /api/v1/plans/import, `pdca import` and the
 * demo seed of `npm start`, so all three accept and refuse exactly the same files.
 */

import { type CitySettings, type PlanLevel, planLevelsOf, resolveCitySettings } from '@pdca/domain';
import type { PlanImportRepository } from '@pdca/persistence/repositories';
import {
  type EncodingOption,
  type ImportedItem,
  type ImportedNode,
  type ImportedPlan,
  type PlanFileFormat,
  type PlanImportFailure,
  type PlanImportSourceInfo,
  type PlanImportTooLarge,
  parsePlanFileOffThread,
} from '..';
import { letOthersIn } from './let-others-in';
import {
  countsOf,
  type ImportProblem,
  type PlanCounts,
  storedDirection,
  storeProblems,
} from './plan-store-rules';
import { levelSettings, type PlanImportOutcome, storeImportedPlan } from './store-plan';

export interface PlanImportOptions {
  format?: PlanFileFormat;
  encoding?: EncodingOption;
  /** Header → field (or `ignore`); wins over the built-in aliases and a `# mapping:` line. */
  mapping?: Record<string, string>;
  planTitle?: string;
  periodStartFy?: number;
  periodEndFy?: number;
}

export interface PlanImportRequest {
  /**
   * The tenant (city) the plan belongs to; its name is compared with the file's `# city:`. Its
   * `settings` (tenants.settings) give the level names, and so the levels, of a file that does not
   * say its own (`# levels:`).
   */
  tenant: { id: string; name: string; settings?: Partial<CitySettings> | null };
  file: Uint8Array;
  /** The uploaded file's name: decides the format by extension and is the title of last resort. */
  fileName?: string;
  options?: PlanImportOptions;
  dryRun?: boolean;
  limits: { maxBytes: number; maxRows: number };
}

export type PlanItemStatus = 'added' | 'changed' | 'unchanged';

export interface PlanPreviewIndicator {
  name: string;
  unit: string;
  baseline: number | null;
  direction: 'higher_is_better' | 'lower_is_better';
  /** Target per fiscal year as it will be stored ({"2027": 60}). */
  targets: Record<string, number>;
}

export interface PlanPreviewItem {
  code: string;
  title: string;
  workingGroup: string | null;
  budgetCurrentAmount: number;
  status: PlanItemStatus;
  indicators: PlanPreviewIndicator[];
}

/** A node of the tree an import would write, with its subtree (dry run). */
export interface PlanPreviewNode {
  code: string;
  title: string;
  isDefault: boolean;
  /** 1 = the top level. */
  level: number;
  children: PlanPreviewNode[];
  /** Items whose primary parent this node is. */
  items: PlanPreviewItem[];
}

export interface PlanImportReport {
  /** Null only on a dry run of a plan that does not exist yet. */
  planId: string | null;
  planTitle: string;
  /** The plan was (dry run: would be) created; false when an existing plan was updated. */
  planCreated: boolean;
  periodStartFy: number | null;
  periodEndFy: number | null;
  dryRun: boolean;
  source: PlanImportSourceInfo & { fileName: string | null };
  counts: PlanCounts;
  added: string[];
  changed: Array<{ code: string; fields: string[] }>;
  unchanged: string[];
  /** In the plan, not in the file: reported, never deleted (they may have cycles). */
  removed: string[];
  /** Working groups created (dry run: that would be created), without a leader. */
  workingGroupsCreated: string[];
  warnings: ImportProblem[];
  /**
   * The plan's levels from the top, the last being the item's: the file's (`# levels:`, stored as the
   * plan's own), else the plan's own, else the city's, fitted to the levels the file has.
   */
  levels: Array<{ ja: string; en: string }>;
  /** The file said its levels (`# levels:`); they were (dry run: would be) stored in the plan's settings. */
  levelsFromFile: boolean;
  /** Dry run only: the tree the import would write. */
  tree?: PlanPreviewNode[];
}

export type PlanImportRun =
  | { ok: true; report: PlanImportReport }
  | {
      ok: false;
      /** 413 when the file is refused for its size or row count, else 400. */
      status: 400 | 413;
      /** Errors first, then warnings; never empty. */
      problems: ImportProblem[];
      tooLarge?: PlanImportTooLarge;
    };

/** Parses the upload off the event loop; `levels` are the level names it has unless it says its own. */
function parse(
  request: PlanImportRequest,
  levels: readonly string[] = resolveCitySettings(request.tenant.settings).levels.map((l) => l.name.ja),
) {
  const options = request.options ?? {};
  return parsePlanFileOffThread(request.file, {
    ...(request.fileName ? { fileName: request.fileName } : {}),
    ...(options.format ? { format: options.format } : {}),
    ...(options.encoding ? { encoding: options.encoding } : {}),
    ...(options.mapping ? { mapping: options.mapping } : {}),
    ...(options.planTitle ? { planTitle: options.planTitle } : {}),
    ...(options.periodStartFy !== undefined ? { periodStartFy: options.periodStartFy } : {}),
    ...(options.periodEndFy !== undefined ? { periodEndFy: options.periodEndFy } : {}),
    tenantName: request.tenant.name,
    maxBytes: request.limits.maxBytes,
    maxRows: request.limits.maxRows,
    levels,
  });
}

function refusedFile(failure: PlanImportFailure): PlanImportRun {
  return {
    ok: false,
    status: failure.tooLarge ? 413 : 400,
    problems: [...failure.problems],
    ...(failure.tooLarge ? { tooLarge: failure.tooLarge } : {}),
  };
}

export async function importPlanFile(
  imports: PlanImportRepository,
  request: PlanImportRequest,
): Promise<PlanImportRun> {
  const cityLevels = resolveCitySettings(request.tenant.settings).levels;
  const first = await parse(request);
  // A plan that has its own levels (an earlier file said them) keeps them when this file does not:
  // read it again under them when they differ from the city's.
  const title = first.ok ? first.plan.title : first.planTitle;
  const declared = first.ok ? first.plan.levels !== undefined : first.levelsDeclared;
  const planSettings = title === undefined ? null : await imports.planSettings(request.tenant.id, title);
  const settingsLevels = resolveCitySettings(request.tenant.settings, planSettings).levels;
  const names = (levels: readonly PlanLevel[]) => levels.map((l) => l.name.ja).join('\u0000');
  const parsed =
    !declared && names(settingsLevels) !== names(cityLevels)
      ? await parse(
          request,
          settingsLevels.map((l) => l.name.ja),
        )
      : first;
  if (!parsed.ok) return refusedFile(parsed);
  const levels = planLevelsOf(
    parsed.plan.levels ? levelSettings(parsed.plan.levels) : settingsLevels,
    parsed.plan.nodeLevels + 1,
  );
  // Receiving a large parsed plan from its reader holds the loop for tens of milliseconds, and
  // checking it as long again: let other requests in between.
  await letOthersIn();
  const refused = storeProblems(parsed.plan);
  if (refused.length > 0) return { ok: false, status: 400, problems: [...refused, ...parsed.warnings] };

  const dryRun = request.dryRun ?? false;
  const outcome = await storeImportedPlan(imports, {
    tenantId: request.tenant.id,
    plan: parsed.plan,
    dryRun,
    source: {
      document: parsed.plan.source ?? null,
      city: parsed.plan.tenantName ?? null,
      metadata: parsed.plan.metadata,
      notes: parsed.plan.notes,
      lastImport: {
        fileName: request.fileName ?? null,
        format: parsed.source.format,
        encoding: parsed.source.encoding ?? null,
        sheetName: parsed.source.sheetName ?? null,
        dataRows: parsed.source.dataRows,
        importedAt: new Date().toISOString(),
      },
    },
  });
  const warnings: ImportProblem[] = [
    ...parsed.warnings,
    ...keptIndicatorWarnings(outcome),
    ...removedItemWarnings(outcome),
  ];
  return {
    ok: true,
    report: {
      planId: outcome.planId,
      planTitle: parsed.plan.title,
      planCreated: outcome.planCreated,
      periodStartFy: parsed.plan.periodStartFy ?? null,
      periodEndFy: parsed.plan.periodEndFy ?? null,
      dryRun,
      source: { ...parsed.source, fileName: request.fileName ?? null },
      counts: countsOf(parsed.plan),
      levels: levels.map((level) => ({ ...level.name })),
      levelsFromFile: parsed.plan.levels !== undefined,
      added: outcome.diff.added.map((i) => i.code),
      changed: outcome.diff.changed.map((c) => ({ code: c.code, fields: [...c.fields] })),
      unchanged: [...outcome.diff.unchanged],
      removed: outcome.diff.removed.map((i) => i.code),
      workingGroupsCreated: outcome.workingGroupsCreated,
      warnings,
      ...(dryRun ? { tree: previewTree(outcome) } : {}),
    },
  };
}

function keptIndicatorWarnings(outcome: PlanImportOutcome): ImportProblem[] {
  return outcome.keptIndicators.map(({ code, names }) => ({
    severity: 'warning',
    rule: 'indicator_kept',
    row: null,
    column: null,
    value: names.join(', '),
    message: {
      ja: `改革項目「${code}」はサイクルの実施中のため、ファイルにない指標（${names.join('、')}）を削除せずに残しました。`,
      en: `Item "${code}" has a running cycle, so its indicators that are no longer in the file (${names.join(', ')}) were kept.`,
    },
  }));
}

function removedItemWarnings(outcome: PlanImportOutcome): ImportProblem[] {
  return outcome.removedInFile.map(({ code, removedAt, reason }) => {
    const on = removedAt.toISOString().slice(0, 10);
    return {
      severity: 'warning',
      rule: 'item_removed',
      row: null,
      column: null,
      value: code,
      message: {
        ja: `改革項目「${code}」は本部が計画から削除済み（${on}、理由: ${reason}）のため、ファイルの内容を反映せず削除済みのまま残しました。`,
        en: `Item "${code}" was removed from the plan by HQ (${on}, reason: ${reason}), so the file's row was not applied and the item stays removed.`,
      },
    };
  });
}

function previewTree(outcome: PlanImportOutcome): PlanPreviewNode[] {
  const status = new Map<string, PlanItemStatus>([
    ...outcome.diff.added.map((i) => [i.code, 'added'] as const),
    ...outcome.diff.changed.map((c) => [c.code, 'changed'] as const),
    ...outcome.diff.unchanged.map((code) => [code, 'unchanged'] as const),
  ]);
  const item = (source: ImportedItem): PlanPreviewItem => ({
    code: source.code,
    title: source.title,
    workingGroup: source.workingGroup ?? null,
    budgetCurrentAmount: source.budget?.currentAmount ?? 0,
    status: status.get(source.code) ?? 'added',
    indicators: source.indicators.map((indicator) => ({
      name: indicator.name,
      unit: indicator.unit ?? '',
      baseline: indicator.baseline ?? null,
      direction: storedDirection(indicator),
      targets: Object.fromEntries(Object.entries(indicator.targetsByFy).map(([fy, v]) => [String(fy), v])),
    })),
  });
  const node = (source: ImportedNode): PlanPreviewNode => ({
    code: source.code,
    title: source.title,
    isDefault: source.isDefault,
    level: source.level,
    children: source.children.map(node),
    items: source.items.map(item),
  });
  const plan: ImportedPlan = outcome.stored;
  return plan.nodes.map(node);
}
