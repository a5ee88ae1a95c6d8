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
import { resolvePlanTitle } from './validation/plan-title.step';
import { hasErrors, inRowOrder, sortProblems } from './validation/problem-order.step';
import { rowViews } from './validation/table-row.view';
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

  const { meta, layout, problems: shapeProblems } = readTableShape(table, options);
  const problems = [...earlierProblems, ...shapeProblems];
  const noTitleColumn = checkTitleColumn(layout, table.headerRow);
  if (noTitleColumn) return failure([...problems, noTitleColumn], table);
  const notAPlan = checkLooksLikePlan(layout, table.headerRow, shapeProblems);
  if (notAPlan) return failure([...problems, notAPlan], table);

  const rows = rowViews(table, layout);
  const hasCodeColumn = layout.byField.has('code');
  const fillDown = options.fillDown ?? table.format !== 'json';
  const tree = buildItemTree(rows, fillDownBlocks(rows, fillDown), hasCodeColumn);
  const details = readItemDetails(rows, tree.itemOfRow);
  const effects = readEffectCells(rows, tree.itemOfRow, layout, meta);
  const indicators = readIndicators(rows, tree.itemOfRow, layout, meta);
  const effectTargets = deriveEffectTargets(tree.items, effects.cellsOf, meta);
  problems.push(
    ...inRowOrder(rows.length, [
      findCellsWithoutHeader(rows, layout),
      checkCellLengths(rows, layout),
      tree.problems,
      details.problems,
      effects.problems,
      indicators.problems,
    ]),
    ...effectTargets.problems,
  );
  problems.push(...checkHasItems(tree.items, hasErrors(problems), table.headerRow));
  const { title, problems: titleProblems } = resolvePlanTitle(meta, options.fileName);
  problems.push(...titleProblems);
  if (hasErrors(problems) || !title) return failure(problems, table);

  problems.push(...noticeAutoAssignedCodes(hasCodeColumn, tree.items, table.headerRow));
  const plan = buildImportedPlan(title, meta, tree.goals, assignCodes(tree.goals, tree.items), {
    detailsOf: details.detailsOf,
    indicatorsOf: indicators.indicatorsOf,
    effectTargetsOf: effectTargets.targetsOf,
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

function failure(problems: readonly PlanImportProblem[], table: RawTable): PlanImportFailure {
  return { ok: false, problems: sortProblems(problems, table.headers) };
}
