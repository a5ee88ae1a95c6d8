import { PassThrough } from 'node:stream';
import { DEFAULT_PROGRESS_GRADE_SCALE, rollUpPlan } from '@pdca/domain';
import type { PlanReportData } from '@pdca/persistence/repositories/plan-report.repository';
import type { ReportPlanTarget } from '@pdca/persistence/repositories/plan-target.repository';
import ExcelJS from 'exceljs';
import { progressReportCsv, writeProgressReportXlsx } from './progress-report';

const RATIO: ReportPlanTarget = {
  node: {
    code: '3',
    title: '次世代につなぐ財政基盤を確立する',
    levelName: { ja: '基本方針', en: 'Basic policy' },
  },
  name: '経常収支比率',
  unit: '%',
  direction: 'lower_is_better',
  accumulation: 'latest',
  baseline: 95,
  periodTarget: 90,
  years: [
    { fiscalYear: 2024, target: 94, actual: 93.8, source: '決算カード', asOf: '2025-09-30' },
    { fiscalYear: 2025, target: 93, actual: null, source: null, asOf: null },
  ],
  cumulative: 93.8,
  cumulativeFiscalYear: 2024,
  progressRate: 24,
};

const SAVINGS: ReportPlanTarget = {
  node: null,
  name: '削減効果額',
  unit: '千円',
  direction: 'higher_is_better',
  accumulation: 'sum',
  baseline: null,
  periodTarget: 500,
  years: [
    { fiscalYear: 2024, target: 250, actual: 200, source: '取組状況調査', asOf: '2025-05-31' },
    { fiscalYear: 2025, target: 250, actual: null, source: null, asOf: null },
  ],
  cumulative: 200,
  cumulativeFiscalYear: 2024,
  progressRate: 40,
};

function data(targets?: ReportPlanTarget[]): PlanReportData {
  return {
    plan: {
      id: 'p',
      title: '町田市 行政経営改革',
      periodStartFy: 2024,
      periodEndFy: 2025,
      tenantName: '町田市',
    },
    gradeScale: DEFAULT_PROGRESS_GRADE_SCALE,
    items: [],
    ...(targets ? { targets } : {}),
  };
}

async function workbookOf(report: PlanReportData, lang: 'ja' | 'en'): Promise<ExcelJS.Workbook> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => stream.on('end', resolve));
  await writeProgressReportXlsx(
    report,
    rollUpPlan([], 2025, 2024),
    { fiscalYear: 2025, publication: false, lang },
    stream,
  );
  await ended;
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.concat(chunks) as unknown as ExcelJS.Buffer);
  return book;
}

function rowsOf(sheet: ExcelJS.Worksheet): unknown[][] {
  return Array.from({ length: sheet.rowCount }, (_, r) =>
    Array.from({ length: sheet.columnCount }, (_, c) => sheet.getRow(r + 1).getCell(c + 1).value ?? null),
  );
}

describe('the 進捗管理表’s 主要目標 sheet', () => {
  it('writes one row per plan/node indicator with every year, 累計, 進捗率 and 出典・時点', async () => {
    const book = await workbookOf(data([RATIO, SAVINGS]), 'ja');
    expect(book.worksheets.map((s) => s.name)).toEqual(['進捗管理表', '集計', '主要目標']);
    const [header, ratio, savings] = rowsOf(book.getWorksheet('主要目標')!);
    expect(header).toEqual([
      '所属',
      '指標',
      '単位',
      '方向',
      '集計方法',
      '基準値',
      '目標値（計画期間）',
      '2024年度 目標',
      '2024年度 実績',
      '2025年度 目標',
      '2025年度 実績',
      '累計',
      '進捗率（%）',
      '出典・時点',
    ]);
    expect(ratio).toEqual([
      '基本方針 3 次世代につなぐ財政基盤を確立する',
      '経常収支比率',
      '%',
      '低いほど良い',
      '最新の実績',
      95,
      90,
      94,
      93.8,
      93,
      null,
      93.8,
      24,
      '決算カード（2025-09-30時点）',
    ]);
    expect(savings?.[0]).toBe('計画全体');
    expect(savings?.[4]).toBe('累計（各年度の実績の合計）');
  });

  it('heads it in English for an English export', async () => {
    const book = await workbookOf(data([RATIO]), 'en');
    const [header, ratio] = rowsOf(book.getWorksheet('Plan targets')!);
    expect(header).toContain('Whole-period target');
    expect(header).toContain('FY2024 actual');
    expect(header).toContain('Progress (%)');
    expect(ratio?.[0]).toBe('Basic policy 3 次世代につなぐ財政基盤を確立する');
    expect(ratio?.at(-1)).toBe('決算カード (as of 2025-09-30)');
  });

  it('leaves the sheet out for a plan without indicators of its own, and the CSV as it was', async () => {
    const book = await workbookOf(data(), 'ja');
    expect(book.worksheets.map((s) => s.name)).toEqual(['進捗管理表', '集計']);
    expect(progressReportCsv(data([RATIO]), { fiscalYear: 2025, publication: false })).toBe(
      progressReportCsv(data(), { fiscalYear: 2025, publication: false }),
    );
  });
});
