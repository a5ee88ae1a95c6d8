import type {
  ParsePlanFileOptions,
  PlanImportFailure,
  PlanImportProblem,
  PlanImportResult,
} from './plan-import.types';
import type { RawTable } from './table-readers';
import { checkCellLengths, findCellsWithoutHeader } from './validation/cell-checks.step';
import { assignCodes, noticeAutoAssignedCodes } from './validation/code-assignment.step';
import { readEffectCells } from './validation/effect-cells.step';
import { deriveEffectTargets } from './validation/effect-targets.step';
import { buildImportedPlan } from './validation/imported-plan.builder';
import { readIndicators } from './validation/indicators.step';
import { checkHasItems } from './validation/item-count.step';
import { readItemDetails } from './validation/item-details.step';
import { buildItemTree, fillDownBlocks } from './validation/item-tree.step';
import { readAlsoUnder, readNodeTexts } from './validation/node-details.step';
import { resolvePlanTitle } from './validation/plan-title.step';
import type { TreeNode } from './validation/plan-tree.types';
import { hasErrors, inRowOrder, sortProblems } from './validation/problem-order.step';
import { type RowView, rowViews } from './validation/table-row.view';
import {
  checkLooksLikePlan,
  checkRowCount,
  checkTitleColumn,
  readTableShape,
} from './validation/table-shape.step';

export { DEFAULT_MAX_ROWS, MAX_LENGTHS } from './validation/plan-fields.constants';

/**
 * Checks the whole table and builds the plan tree; every problem of every row is reported
 * (the build goes on after an error so that the next rows are checked too). Pure and total:
 * whatever the table holds, it returns a result and never throws. Each step is in validation/.
 */
export function validatePlanTable(
  table: RawTable,
  options: ParsePlanFileOptions = {},
  earlierProblems: readonly PlanImportProblem[] = [],
): PlanImportResult {
  const tooLarge = checkRowCount(table, options);
  if (tooLarge) return tooLarge;

  const { meta, layout, nodeLevels, problems: shapeProblems } = readTableShape(table, options);
  const problems = [...earlierProblems, ...shapeProblems];
  const planTitle = options.planTitle ?? meta.title;
  const which = { ...(planTitle ? { planTitle } : {}), levelsDeclared: meta.levels !== undefined };
  const noTitleColumn = checkTitleColumn(layout, table.headerRow);
  if (noTitleColumn) return failure([...problems, noTitleColumn], table, which);
  const notAPlan = checkLooksLikePlan(layout, table.headerRow, shapeProblems);
  if (notAPlan) return failure([...problems, notAPlan], table, which);

  const rows = rowViews(table, layout);
  const hasCodeColumn = layout.byField.has('code');
  const fillDown = options.fillDown ?? table.format !== 'json';
  const hasNodeCells = (view: RowView) => view.nodeBindings().some((b) => view.cell(b) !== '');
  const blocks = fillDownBlocks(rows, fillDown, nodeLevels);
  const tree = buildItemTree(rows, blocks, hasCodeColumn, nodeLevels, hasNodeCells);
  const details = readItemDetails(rows, tree.itemOfRow, meta);
  const effects = readEffectCells(rows, tree.itemOfRow, layout, meta);
  const indicators = readIndicators(rows, tree.itemOfRow, tree.pathOfRow, layout, meta);
  const effectTargets = deriveEffectTargets(tree.items, effects.cellsOf, meta);
  const codes = assignCodes(tree.nodes, tree.items);
  const alsoUnder = readAlsoUnder(rows, tree.itemOfRow, lastLevelOf(tree.nodes), codes);
  problems.push(
    ...inRowOrder(rows.length, [
      findCellsWithoutHeader(rows, layout),
      checkCellLengths(rows, layout),
      tree.problems,
      details.problems,
      effects.problems,
      indicators.problems,
      alsoUnder.problems,
    ]),
    ...effectTargets.problems,
  );
  problems.push(...checkHasItems(tree.items, hasErrors(problems), table.headerRow));
  const { title, problems: titleProblems } = resolvePlanTitle(meta, options.fileName);
  problems.push(...titleProblems);
  if (hasErrors(problems) || !title) return failure(problems, table, which);

  problems.push(...noticeAutoAssignedCodes(hasCodeColumn, tree.items, table.headerRow));
  const plan = buildImportedPlan(title, meta, nodeLevels, tree.nodes, codes, {
    detailsOf: details.detailsOf,
    indicatorsOf: indicators.indicatorsOf,
    effectTargetsOf: effectTargets.targetsOf,
    alsoUnderOf: alsoUnder.alsoUnderOf,
    nodeTextsOf: readNodeTexts(rows, tree.pathOfRow),
    nodeIndicatorsOf: indicators.nodeIndicatorsOf,
    planIndicators: indicators.planIndicators,
  });
  return {
    ok: true,
    plan,
    warnings: sortProblems(problems, table.headers),
    source: {
      format: table.format,
      dataRows: table.rows.length,
      ...(table.sheetName ? { sheetName: table.sheetName } : {}),
    },
  };
}

/** The nodes of the deepest level, where the items are. */
function lastLevelOf(nodes: readonly TreeNode[]): TreeNode[] {
  const below = nodes.flatMap((n) => n.children);
  return below.length === 0 ? [...nodes] : lastLevelOf(below);
}

function failure(
  problems: readonly PlanImportProblem[],
  table: RawTable,
  which: Pick<PlanImportFailure, 'planTitle' | 'levelsDeclared'>,
): PlanImportFailure {
  return { ok: false, problems: sortProblems(problems, table.headers), ...which };
}
