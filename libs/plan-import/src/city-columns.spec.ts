import { parsePlanFile } from './plan-file.parser';
import type { ImportedItem, PlanImportResult } from './plan-import.types';

// The #22 columns: an item's 報告頻度 and an indicator's 達成率の算式 (empty = the city's default).

function tsv(header: string[], rows: string[][]): Buffer {
  const lines = [
    '# plan: 報告頻度と算式',
    '# period: 2025-2027',
    ...[header, ...rows].map((r) => r.join('\t')),
  ];
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}

/** The items wherever the plan tree keeps them. */
function itemsOf(node: unknown): ImportedItem[] {
  if (Array.isArray(node)) return node.flatMap(itemsOf);
  if (typeof node !== 'object' || node === null) return [];
  if ('codeAutoAssigned' in node && 'indicators' in node) return [node as ImportedItem];
  return Object.values(node).flatMap(itemsOf);
}

function parsed(result: PlanImportResult): ImportedItem[] {
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return itemsOf(result.plan);
}

const JA = ['番号', '改革項目', '報告頻度', '指標', '方向', '基準値', '目標値', '達成率の算式'];

describe('plan import: 報告頻度 and 達成率の算式 (#22)', () => {
  it('reads the Japanese words: 半期 and 年1回, 実績÷目標 and an empty cell (the city’s default)', () => {
    const sut = parsed(
      parsePlanFile(
        tsv(JA, [
          ['1', '市税の収納対策', '半期', '市税収納率', '高いほど良い', '98.9', '99.3', '実績÷目標'],
          ['2', '窓口DX', '年1回', '書かない窓口の手続数', '高いほど良い', '10', '30', ''],
          ['3', '公共施設の再編', '', '延床面積', '低いほど良い', '500', '450', '基準値からの進捗'],
        ]),
        { fileName: 'plan.tsv' },
      ),
    );
    expect(sut.map((i) => [i.code, i.reviewCadence, i.indicators.map((x) => x.achievementFormula)])).toEqual([
      ['1', 'half_yearly', ['ratio']],
      ['2', 'yearly', [undefined]],
      ['3', undefined, ['progress']],
    ]);
  });

  it('reads English headers and values', () => {
    const header = [
      'code',
      'title',
      'review cadence',
      'indicator',
      'direction',
      'target',
      'achievement formula',
    ];
    const sut = parsed(
      parsePlanFile(
        tsv(header, [['1', 'Online forms', 'quarterly', 'Share online', 'higher', '60', 'progress']]),
        {
          fileName: 'plan.tsv',
        },
      ),
    );
    expect(sut.map((i) => [i.reviewCadence, i.indicators[0]!.achievementFormula])).toEqual([
      ['quarterly', 'progress'],
    ]);
  });

  it('refuses a cadence or a formula it cannot read, naming the cell', () => {
    const result = parsePlanFile(
      tsv(JA, [['1', '市税の収納対策', '週1回', '市税収納率', '高いほど良い', '98.9', '99.3', '平均']]),
      { fileName: 'plan.tsv' },
    );
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems.filter((p) => p.severity === 'error');
    expect(problems.map((p) => [p.rule, p.column, p.value])).toEqual(
      expect.arrayContaining([
        ['review_cadence_invalid', '報告頻度', '週1回'],
        ['achievement_formula_invalid', '達成率の算式', '平均'],
      ]),
    );
    expect(problems.find((p) => p.rule === 'review_cadence_invalid')!.message.ja).toContain('半期');
  });
});
