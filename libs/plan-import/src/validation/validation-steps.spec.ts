import { resolveColumns } from '../column-mapping';
import { planError, planWarning } from '../plan-import.messages';
import type { PlanImportProblem } from '../plan-import.types';
import type { RawTable } from '../table-readers';
import { findCellsWithoutHeader } from './cell-checks.step';
import { assignCodes } from './code-assignment.step';
import { readEffectCells } from './effect-cells.step';
import { deriveEffectTargets } from './effect-targets.step';
import { readItemDetails } from './item-details.step';
import { buildItemTree, fillDownBlocks } from './item-tree.step';
import { resolvePlanTitle } from './plan-title.step';
import { inRowOrder } from './problem-order.step';
import { type RowView, rowViews } from './table-row.view';

// The validator's steps one by one, on rows of a small table (validatePlanTable's own specs cover
// them together: plan-table.validator.spec.ts).

/** Data rows 2, 3, … under a header on row 1. */
function rowsOf(headers: string[], cells: string[][]) {
  const table: RawTable = {
    format: 'csv',
    headerRow: 1,
    headers,
    rows: cells.map((row, i) => ({ row: i + 2, cells: row })),
    metadata: { entries: [], notes: [] },
  };
  const layout = resolveColumns(headers, 1, [], []);
  return { layout, rows: rowViews(table, layout) };
}

function rules(problems: readonly (readonly PlanImportProblem[])[]) {
  return problems.map((row) => row.map((p) => `${p.rule}@${p.column}`));
}

function tree(rows: readonly RowView[], fillDown = true) {
  return buildItemTree(rows, fillDownBlocks(rows, fillDown, 2), rows[0]?.binding('code') !== undefined, 2);
}

describe('fillDownBlocks', () => {
  const { rows } = rowsOf(
    ['目標', 'テーマ', '改革項目'],
    [
      ['目標1 A', 'テーマ1 a', 'x'],
      ['', '', 'y'],
      ['', '', ''],
      ['目標2 B', '', 'z'],
    ],
  );

  it('repeats the goal and theme above, but a new goal starts without the old theme', () => {
    expect(fillDownBlocks(rows, true, 2).map((b) => b.cells)).toEqual([
      ['目標1 A', 'テーマ1 a'],
      ['目標1 A', 'テーマ1 a'],
      ['', ''],
      ['目標2 B', ''],
    ]);
  });

  it('repeats nothing without fill-down (json)', () => {
    expect(fillDownBlocks(rows, false, 2)[1]).toEqual({ cells: ['', ''] });
  });
});

describe('buildItemTree', () => {
  it('places continuation rows on their item and reports a reused code on its own row', () => {
    const { rows } = rowsOf(
      ['番号', '目標', '改革項目', '概要'],
      [
        ['1', '目標1 A', '窓口DX', ''],
        ['', '', '', ''],
        ['1', '', '', ''],
        ['1', '', '別の項目', ''],
        ['', '', '番号なし', ''],
        ['', '', '', '番号も名前もない行は直前の項目の続き'],
      ],
    );
    const sut = tree(rows);
    expect(sut.items.map((i) => [i.code, i.title, i.row])).toEqual([['1', '窓口DX', 2]]);
    expect(sut.itemOfRow.map((i) => i?.title)).toEqual([
      '窓口DX',
      undefined,
      '窓口DX',
      undefined,
      undefined,
      '窓口DX',
    ]);
    expect(rules(sut.problems)).toEqual([[], [], [], ['duplicate_code@番号'], ['required@番号'], []]);
    expect(sut.nodes.map((g) => [g.code, g.children.length])).toEqual([['目標1', 1]]);
  });

  it('without a code column, continues an item on a repeated title right below in the same block', () => {
    const { rows } = rowsOf(
      ['目標', '改革項目'],
      [
        ['目標1 A', '窓口DX'],
        ['', '窓口DX'],
        ['目標2 B', '窓口DX'],
      ],
    );
    const sut = tree(rows);
    expect(sut.items.map((i) => [i.title, i.row, i.parent.parent?.key])).toEqual([
      ['窓口DX', 2, '目標1'],
      ['窓口DX', 4, '目標2'],
    ]);
    expect(sut.itemOfRow[1]).toBe(sut.items[0]);
  });

  it('reports a goal named again with another title, and keeps the first', () => {
    const { rows } = rowsOf(
      ['目標', '改革項目'],
      [
        ['目標1 A', 'x'],
        ['目標1 B', 'y'],
        ['目標1 A', 'z'],
      ],
    );
    const sut = tree(rows);
    expect(rules(sut.problems)).toEqual([[], ['hierarchy_conflict@目標'], []]);
    expect(sut.nodes.map((g) => g.title)).toEqual(['A']);
  });

  it('reports a continuation row that names another goal', () => {
    const { rows } = rowsOf(
      ['番号', '目標', '改革項目'],
      [
        ['1', '目標1 A', '窓口DX'],
        ['1', '目標2 B', ''],
      ],
    );
    expect(rules(tree(rows).problems)).toEqual([[], ['hierarchy_conflict@目標']]);
  });
});

describe('readItemDetails', () => {
  it('keeps the first text and budget of an item and reports a continuation row that differs', () => {
    const { rows } = rowsOf(
      ['番号', '改革項目', '概要', '予算額(千円)'],
      [
        ['1', '窓口DX', 'はじめ', '12'],
        ['1', '', 'はじめ', '12'],
        ['1', '', 'ちがう', '13'],
        ['', '', '', 'abc'],
      ],
    );
    const built = tree(rows);
    const sut = readItemDetails(rows, built.itemOfRow);
    expect(sut.detailsOf.get(built.items[0]!)).toEqual({ summary: 'はじめ', budget: 12_000 });
    expect(rules(sut.problems)).toEqual([
      [],
      [],
      ['continuation_conflict@概要', 'continuation_conflict@予算額(千円)'],
      // Rejected row (no code): its budget is still read.
      ['not_a_number@予算額(千円)'],
    ]);
  });
});

describe('readEffectCells + deriveEffectTargets', () => {
  const period = { periodStartFy: 2025, periodEndFy: 2026 };

  it('applies a year-less column to every year of the period; a year column wins for its year', () => {
    const { rows, layout } = rowsOf(
      ['番号', '改革項目', '歳出削減', '取組経費', '歳出削減見込額(2026年度)'],
      [['1', '窓口DX', '100', '30', '500']],
    );
    const built = tree(rows);
    const cells = readEffectCells(rows, built.itemOfRow, layout, period);
    const sut = deriveEffectTargets(built.items, cells.cellsOf, period);
    expect(sut.problems).toEqual([]);
    expect(sut.targetsOf.get(built.items[0]!)).toEqual({
      2025: { spendingReduction: 100, revenueGain: 0, cost: 30, net: 70 },
      2026: { spendingReduction: 500, revenueGain: 0, cost: 30, net: 470 },
    });
  });

  it('refuses negative parts and year-less amounts without a period, and checks the net', () => {
    const { rows, layout } = rowsOf(
      ['番号', '改革項目', '歳出削減(2025年度)', '効果額(2025年度)', '取組経費'],
      [
        ['1', '窓口DX', '100', '90', '5'],
        ['2', '経費', '-1', '', ''],
      ],
    );
    const built = tree(rows);
    const cells = readEffectCells(rows, built.itemOfRow, layout, {});
    expect(rules(cells.problems)).toEqual([
      ['effect_year_missing@取組経費'],
      ['amount_invalid@歳出削減(2025年度)'],
    ]);
    const sut = deriveEffectTargets(built.items, cells.cellsOf, {});
    expect(sut.problems.map((p) => [p.rule, p.row, p.value])).toEqual([['effect_mismatch', 2, '90']]);
    expect(sut.targetsOf.has(built.items[1]!)).toBe(false);
  });
});

describe('assignCodes', () => {
  it('numbers what the file did not, never reusing a code the file gave', () => {
    const { rows } = rowsOf(
      ['目標', 'テーマ', '改革項目'],
      [
        ['1 一', '', 'a'],
        ['二', 'テーマX', 'b'],
        ['', '', 'c'],
      ],
    );
    const built = tree(rows, false);
    const codes = assignCodes(built.nodes, built.items);
    expect(built.nodes.map((g) => codes.get(g))).toEqual(['1', '1#2', 'default']);
    expect(built.nodes.flatMap((g) => g.children.map((t) => codes.get(t)))).toEqual([
      '1',
      '1#2-1',
      'default',
    ]);
    expect(built.items.map((i) => codes.get(i))).toEqual(['1-1', '1#2-1-1', '1']);
  });
});

describe('findCellsWithoutHeader', () => {
  it('warns once per column without a header, even on an otherwise empty row', () => {
    const { rows, layout } = rowsOf(
      ['改革項目', ''],
      [
        ['', 'x'],
        ['a', 'y'],
      ],
    );
    expect(rules(findCellsWithoutHeader(rows, layout))).toEqual([['cell_without_header@(2)'], []]);
  });
});

describe('inRowOrder', () => {
  it('lists the problems row by row, each row in the order of the steps', () => {
    const p = (rule: 'required' | 'max_length', row: number) =>
      planError(rule, { row }, { ja: 'j', en: 'e' });
    const w = planWarning('cell_without_header', { row: 2 }, { ja: 'j', en: 'e' });
    const sut = inRowOrder(2, [
      [[w], []],
      [[p('max_length', 2)], [p('required', 3)]],
    ]);
    expect(sut.map((x) => `${x.rule}@${x.row}`)).toEqual([
      'cell_without_header@2',
      'max_length@2',
      'required@3',
    ]);
  });
});

describe('resolvePlanTitle', () => {
  it('falls back to the file name with a warning, and is an error without either', () => {
    const fromFile = resolvePlanTitle({}, 'C:\\計画\\平塚市計画.tsv');
    expect(fromFile.title).toBe('平塚市計画');
    expect(fromFile.problems.map((p) => [p.severity, p.rule])).toEqual([['warning', 'plan_title_missing']]);
    expect(resolvePlanTitle({}, undefined).problems.map((p) => p.severity)).toEqual(['error']);
    expect(resolvePlanTitle({}, '.csv').problems.map((p) => p.severity)).toEqual(['warning', 'error']);
    expect(resolvePlanTitle({ title: 'T' }, 'x.csv')).toEqual({ title: 'T', problems: [] });
  });
});
