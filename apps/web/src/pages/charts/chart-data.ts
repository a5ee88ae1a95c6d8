// What the plan's charts draw, taken from the summary (GET /plans/{planId}/summary) and the open
// tasks: pure, so the board and the printable report draw (and tabulate) the same figures.
import { STAGES } from '@pdca/domain/stages';
import type { ItemSummary, PlanRollup, TaskEntry } from '../../api/queries';

export type NodeRollup = PlanRollup['nodes'][number];

/** The stages of the stage chart, then the items whose cycle of the year has not started. */
export const STAGE_KEYS = [...STAGES, 'not_started'] as const;
export type StageKey = (typeof STAGE_KEYS)[number];

/** A level's nodes, in plan order (level 1 = the top). */
export function nodesAt(nodes: readonly NodeRollup[], level: number): NodeRollup[] {
  return nodes.flatMap((n) => (n.level === level ? [n] : nodesAt(n.children, level)));
}

/** More bars than this in the grade chart read as noise: the chart then uses the top level. */
const MAX_GRADE_ROWS = 8;

/**
 * The level the grade chart groups items by: the one right above the items (a 施策 or テーマ, what
 * HQ reads a plan by) when it has few enough nodes, else the top level.
 */
export function gradeChartLevel(summary: Pick<PlanRollup, 'nodes' | 'levels'>): number {
  const aboveItems = summary.levels.length - 1;
  for (let level = aboveItems; level > 1; level--) {
    if (nodesAt(summary.nodes, level).length <= MAX_GRADE_ROWS) return level;
  }
  return 1;
}

/** The grade codes of the scale (best first) and `none` (no grade yet). */
export function gradeKeys(summary: Pick<PlanRollup, 'gradeScale'>): string[] {
  return [...summary.gradeScale.map((g) => g.code), 'none'];
}

/**
 * Overdue open tasks of one plan in one fiscal year, by the stage of their cycle: the board's own
 * reading (a task's `overdue` flag, the items' cycles of the year), counted per task.
 */
export function overdueByStage(
  tasks: readonly Pick<TaskEntry, 'cycleId' | 'overdue' | 'cycleStage'>[],
  items: readonly Pick<ItemSummary, 'planId' | 'currentCycle'>[],
  planId: string,
): Record<(typeof STAGES)[number], number> {
  const cycles = new Set(
    items.flatMap((i) => (i.planId === planId && i.currentCycle ? [i.currentCycle.id] : [])),
  );
  const counts = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<(typeof STAGES)[number], number>;
  for (const task of tasks) {
    const stage = task.cycleStage as (typeof STAGES)[number];
    // A 施策評価 (no cycle) has no stage.
    if (task.overdue && task.cycleId && cycles.has(task.cycleId) && stage in counts) counts[stage] += 1;
  }
  return counts;
}
