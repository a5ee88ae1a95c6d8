import type { PlanImportProblem } from '../plan-import.types';

/** What a step over the rows found: one list per row of the table (same index as table.rows). */
export type ProblemsByRow = readonly (readonly PlanImportProblem[])[];

/**
 * The row steps' problems in reading order: row by row, and within a row in the order of the
 * steps (as one pass over the rows would have found them).
 */
export function inRowOrder(rowCount: number, steps: readonly ProblemsByRow[]): PlanImportProblem[] {
  const list: PlanImportProblem[] = [];
  for (let index = 0; index < rowCount; index++) {
    for (const step of steps) list.push(...(step[index] ?? []));
  }
  return list;
}

/** Errors before warnings, then in reading order: by row, then by the column's position. */
export function sortProblems(
  list: readonly PlanImportProblem[],
  headers: readonly string[],
): PlanImportProblem[] {
  const rank = (p: PlanImportProblem) => (p.severity === 'error' ? 0 : 1);
  const position = (p: PlanImportProblem) => (p.column === null ? -1 : headers.indexOf(p.column));
  return [...list].sort(
    (a, b) => rank(a) - rank(b) || (a.row ?? 0) - (b.row ?? 0) || position(a) - position(b),
  );
}

export function hasErrors(list: readonly PlanImportProblem[]): boolean {
  return list.some((p) => p.severity === 'error');
}
