import { classifyHeader, normalizeHeaderKey, parseColumnTarget, resolveColumns } from './column-mapping';
import type { PlanImportProblem } from './plan-import.types';

describe('classifyHeader', () => {
  it.each([
    ['改革項目', 'title'],
    ['事業名', 'title'],
    ['実施計画事業', 'title'],
    ['取組項目', 'title'],
    ['Title', 'title'],
    ['取組の概要', 'summary'],
    ['概要', 'summary'],
    ['Ｎｏ．', 'code'],
    ['No', 'code'],
    ['項目番号', 'code'],
    ['目標', 'goal'],
    ['基本方針 (政策レベル)', 'goal'],
    ['柱', 'goal'],
    ['改革テーマ', 'theme'],
    ['方針', 'theme'],
    ['目指す姿 (案)', 'theme'],
    ['所管WG', 'workingGroup'],
    ['ワーキンググループ', 'workingGroup'],
    ['working_group', 'workingGroup'],
    ['Working Group', 'workingGroup'],
    ['指標案', 'indicator'],
    ['指標名', 'indicator'],
    ['単位', 'unit'],
    ['基準値', 'baseline'],
    ['現状値（2022年度）', 'baseline'],
    ['目標値', 'target'],
    ['方向', 'direction'],
    ['予算額(千円)', 'budget'],
    ['現行予算', 'budget'],
    ['BUDGET', 'budget'],
    ['現状と課題案', 'background'],
  ])('maps %p to %p', (header, field) => {
    expect(classifyHeader(header)?.field).toBe(field);
  });

  it.each([
    ['目標値(2027年度)', 2027],
    ['目標値（令和9年度）', 2027],
    ['2027年度目標値', 2027],
    ['target_2027', 2027],
    ['Target FY2026', 2026],
    ['R8目標値', 2026],
  ])('reads the fiscal year of the target column %p', (header, fy) => {
    expect(classifyHeader(header)).toEqual({ field: 'target', fiscalYear: fy });
  });

  it.each(['備考', 'memo', '', '目標値のメモ'])('does not know %p', (header) => {
    expect(classifyHeader(header)).toBeUndefined();
  });

  it('normalises width, case, spacing and annotations', () => {
    expect(normalizeHeaderKey(' Ｗｏｒｋｉｎｇ　Ｇｒｏｕｐ ')).toBe('workinggroup');
    expect(normalizeHeaderKey('改革項目名称案 (修正案)')).toBe('改革項目名称案');
  });
});

describe('parseColumnTarget', () => {
  it('accepts field names, aliases and ignore words', () => {
    expect(parseColumnTarget('working_group')).toBe('workingGroup');
    expect(parseColumnTarget('番号')).toBe('code');
    expect(parseColumnTarget('ignore')).toBe('ignore');
    expect(parseColumnTarget('無視')).toBe('ignore');
    expect(parseColumnTarget('nonsense')).toBeUndefined();
  });
});

describe('resolveColumns', () => {
  it('lets an explicit mapping win over the built-in aliases', () => {
    const problems: PlanImportProblem[] = [];
    const sut = resolveColumns(
      ['改革項目', '改革項目名称案 (修正案)', '基本方針の説明'],
      1,
      [{ 改革項目: 'code', 改革項目名称案: 'title', 基本方針の説明: 'ignore' }],
      problems,
    );
    expect([...sut.byField.entries()].map(([field, b]) => [field, b.header])).toEqual([
      ['code', '改革項目'],
      ['title', '改革項目名称案 (修正案)'],
    ]);
    expect(problems).toEqual([]);
  });

  it('reports duplicate, unknown and unusable mapping columns', () => {
    const problems: PlanImportProblem[] = [];
    resolveColumns(
      ['事業名', '改革項目', '備考', '目標値', 'target'],
      3,
      [{ 存在しない列: 'title', 備考: 'nonsense' }],
      problems,
    );
    expect(problems.map((p) => [p.severity, p.rule, p.row, p.column])).toEqual([
      ['error', 'mapping_invalid', null, '備考'],
      ['error', 'column_duplicate', 3, '改革項目'],
      ['warning', 'column_unknown', 3, '備考'],
      ['error', 'column_duplicate', 3, 'target'],
      ['warning', 'mapping_invalid', 3, '存在しない列'],
    ]);
  });

  it('accepts several target columns for different years and applies 千円 to budgets', () => {
    const sut = resolveColumns(
      ['title', '目標値(2025年度)', '目標値(2027年度)', '目標値', '予算額（千円）'],
      1,
      [],
      [],
    );
    expect(sut.targets.map((t) => t.fiscalYear)).toEqual([2025, 2027, undefined]);
    expect(sut.byField.get('budget')?.multiplier).toBe(1000);
  });
});
