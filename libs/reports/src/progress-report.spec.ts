import { PassThrough } from 'node:stream';
import { DEFAULT_PROGRESS_GRADE_SCALE, rollUpPlan } from '@pdca/domain';
import type { PlanReportData, ReportItem } from '@pdca/persistence/repositories/plan-report.repository';
import ExcelJS from 'exceljs';
import { progressReportCsv, progressReportTitle, writeProgressReportXlsx } from './progress-report';

function item(n: number, overrides: Partial<ReportItem> = {}): ReportItem {
  return {
    itemId: `id-${n}`,
    code: `1-${n}`,
    title: `改革項目${n}`,
    goalCode: '目標1',
    goalTitle: '効率的な行政',
    themeCode: 'T1',
    themeTitle: '行政サービスの向上',
    workingGroup: '窓口・デジタルWG',
    leaderName: '山田 太郎',
    stage: 'ACT',
    status: 'completed',
    grade: 'A',
    selfRating: 'B',
    hqRating: 'A',
    rating: 'A',
    decision: 'continue',
    budgetCurrent: 12_000_000,
    budgetReflected: 11_000_000,
    budgetReflectedFy: 2026,
    effectsByYear: {
      2025: {
        target: { spendingReduction: 3_000_000, revenueGain: 0, cost: 1_000_000, net: 2_000_000 },
        actual: { spendingReduction: 2_500_000, revenueGain: 200_000, cost: 900_000 },
      },
    },
    indicators: [
      {
        name: '書かない窓口の手続数',
        unit: '手続',
        kind: 'activity',
        direction: 'higher_is_better',
        baseline: 10,
        target: 30,
        actual: 24,
        achievementRate: 70,
        achievementFormula: 'progress_from_baseline',
      },
    ],
    ...overrides,
  };
}

function data(items: ReportItem[]): PlanReportData {
  return {
    plan: {
      id: 'p',
      title: '平塚市行財政改革計画',
      periodStartFy: 2024,
      periodEndFy: 2027,
      tenantName: '平塚市',
    },
    gradeScale: DEFAULT_PROGRESS_GRADE_SCALE,
    items,
  };
}

async function xlsxOf(
  report: PlanReportData,
  publication: boolean,
  lang: 'ja' | 'en' = 'ja',
): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => stream.on('end', resolve));
  await writeProgressReportXlsx(
    report,
    rollUpPlan(report.items, 2025, 2024),
    { fiscalYear: 2025, publication, lang },
    stream,
  );
  await ended;
  return Buffer.concat(chunks);
}

describe('進捗管理表 export', () => {
  const items = [item(1), item(2, { grade: 'C', leaderName: '佐藤 花子', effectsByYear: {} })];

  it('writes an xlsx that opens with the same library: rows, formats, frozen headers, totals', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await xlsxOf(data(items), false)) as unknown as ExcelJS.Buffer);
    const sheet = book.getWorksheet('進捗管理表')!;
    const header = sheet.getRow(1).values as unknown[];
    expect(header).toContain('番号');
    expect(header).toContain('効果額 実績額（千円）');
    expect(header).not.toContain('Effect actual (net)');
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 1 });
    expect(sheet.rowCount).toBe(1 + items.length);

    const col = (title: string) => header.indexOf(title);
    const first = sheet.getRow(2);
    expect(first.getCell(col('番号')).value).toBe('1-1');
    expect(first.getCell(col('WGリーダー')).value).toBe('山田 太郎');
    // Symbol and label, as the 評価シート and the board print a grade (a bare 'A' reads as either scale).
    expect(first.getCell(col('進捗評価')).value).toBe('A（計画どおり）');
    expect(first.getCell(col('今後の方向性')).value).toBe('継続');
    const actual = first.getCell(col('効果額 実績額（千円）'));
    expect(actual.value).toBe(2_500_000 + 200_000 - 900_000); // stored in yen …
    expect(actual.numFmt).toBe('#,##0,;[Red]-#,##0,'); // … shown in 千円
    expect(first.getCell(col('指標1 目標達成率（%）')).value).toBe(70);
    expect(header).toContain('指標1 基準値');
    expect(header).toContain('所管課');

    const totals = book.getWorksheet('集計')!;
    const totalsHeader = totals.getRow(1).values as unknown[];
    const planRow = totals.getRow(2);
    expect(planRow.getCell(totalsHeader.indexOf('区分')).value).toBe('計画');
    expect(planRow.getCell(totalsHeader.indexOf('改革項目数')).value).toBe(2);
    expect(totalsHeader).not.toContain('項目数');
    // About 29 columns: printed landscape on A4, one page wide.
    expect(totals.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: 'landscape',
      fitToWidth: 1,
      fitToHeight: 0,
    });
    expect(planRow.getCell(totalsHeader.indexOf('効果額 見込額（千円）')).value).toBe(2_000_000);
    expect(planRow.getCell(totalsHeader.indexOf('効果額 実績額（千円）')).value).toBe(1_800_000);
    expect(planRow.getCell(totalsHeader.indexOf('効果額進捗率（%）')).value).toBe(90);
    expect(planRow.getCell(totalsHeader.indexOf('C（遅れ）')).value).toBe(1);
    expect(totals.getRow(3).getCell(1).value).toBe('目標');
    expect(totals.getRow(4).getCell(1).value).toBe('テーマ');
  });

  it('writes an English xlsx with one English header row, English sheet names and labels', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await xlsxOf(data(items), false, 'en')) as unknown as ExcelJS.Buffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Progress report', 'Totals']);
    const sheet = book.getWorksheet('Progress report')!;
    const header = sheet.getRow(1).values as unknown[];
    expect(header).toContain('Code');
    expect(header).toContain('Effect actual (net) (thousand yen)');
    expect(header).not.toContain('番号');
    expect(sheet.rowCount).toBe(1 + items.length);
    expect(sheet.getRow(2).getCell(header.indexOf('Code')).value).toBe('1-1');
    const totals = book.getWorksheet('Totals')!;
    expect(totals.getRow(2).getCell(1).value).toBe('Plan');
  });

  it('titles the report with the fiscal year as published reports write it', () => {
    expect(progressReportTitle('平塚市行財政改革計画', { fiscalYear: 2025, publication: true })).toBe(
      '平塚市行財政改革計画 令和7年度（2025年度） 進捗管理表（公表用）',
    );
  });

  it('leaves personal names out of the 公表用 report', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await xlsxOf(data(items), true)) as unknown as ExcelJS.Buffer);
    const sheet = book.getWorksheet('進捗管理表')!;
    expect(sheet.getRow(1).values as unknown[]).not.toContain('WGリーダー');
    const text = JSON.stringify(sheet.getSheetValues());
    expect(text).not.toContain('山田');
    expect(text).toContain('窓口・デジタルWG');
    expect(progressReportCsv(data(items), { fiscalYear: 2025, publication: true })).not.toContain('佐藤');
  });

  it('writes CSV with a BOM, one header row in its language and amounts in yen', () => {
    const csv = progressReportCsv(data(items), { fiscalYear: 2025, publication: false });
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]!.split(',')).toContain('効果額 実績額（円）');
    expect(lines[1]!.split(',')).toContain('1800000');
    expect(lines).toHaveLength(1 + items.length + 1); // trailing CRLF

    const en = progressReportCsv(data(items), { fiscalYear: 2025, publication: false, lang: 'en' });
    const [head, ...rest] = en.slice(1).split('\r\n');
    expect(head!.split(',')).toContain('Effect actual (net) (yen)');
    expect(head).not.toMatch(/[\u3000-\u9fff\uff00-\uffef]/);
    expect(rest[0]!.split(',')).toContain('1800000');
  });

  it('names the formula of each 目標達成率: 市税収納率 99.7 % by 実績÷目標, 25 % from the baseline', () => {
    const 市税収納率 = {
      name: '市税収納率',
      unit: '%',
      kind: 'outcome',
      direction: 'higher_is_better',
    } as const;
    const figures = { baseline: 98.9, target: 99.3, actual: 99.0 };
    const report = data([
      item(1, {
        indicators: [
          { ...市税収納率, ...figures, achievementRate: 99.7, achievementFormula: 'actual_over_target' },
        ],
      }),
      item(2, {
        indicators: [
          { ...市税収納率, ...figures, achievementRate: 25, achievementFormula: 'progress_from_baseline' },
        ],
      }),
      item(3, {
        indicators: [
          { ...市税収納率, ...figures, actual: null, achievementRate: null, achievementFormula: null },
        ],
      }),
    ]);
    const [ja, ...rows] = progressReportCsv(report, { fiscalYear: 2025, publication: false })
      .slice(1)
      .split('\r\n')
      .map((line) => line.split(','));
    const formula = ja!.indexOf('指標1 算式');
    const [en] = progressReportCsv(report, { fiscalYear: 2025, publication: false, lang: 'en' })
      .slice(1)
      .split('\r\n')
      .map((line) => line.split(','));
    expect(en![formula]).toBe('Indicator 1 formula');
    expect(rows.slice(0, 3).map((row) => [row[formula - 1], row[formula]])).toEqual([
      ['99.7', '実績÷目標'],
      ['25', '基準値からの進捗（(実績−基準値)÷(目標−基準値)）'],
      ['', ''],
    ]);
  });

  it('names the level columns and the totals by the plan’s own levels, for a four-level plan too', async () => {
    const at = (...codes: string[]) => codes.map((code) => ({ code, title: `名称${code}` }));
    const fourLevels: PlanReportData = {
      ...data([
        item(1, { path: at('方針2', '方針2-1', '2-1-1') }),
        item(2, { path: at('方針2', '方針2-1', '2-1-2') }),
      ]),
      levels: (['方針', '個別方針', '推進項目', '取組'] as const).map((ja) => ({
        name: { ja, en: `${ja}(en)` },
      })),
    };
    const [ja] = progressReportCsv(fourLevels, { fiscalYear: 2025, publication: true })
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    const [en] = progressReportCsv(fourLevels, { fiscalYear: 2025, publication: true, lang: 'en' })
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(ja!.split(',').slice(0, 5)).toEqual(['番号', '取組', '方針', '個別方針', '推進項目']);
    expect(en!.split(',').slice(0, 5)).toEqual([
      'Code',
      '取組(en)',
      '方針(en)',
      '個別方針(en)',
      '推進項目(en)',
    ]);
    expect(ja).not.toMatch(/,目標,|,テーマ,/);

    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await xlsxOf(fourLevels, true)) as unknown as ExcelJS.Buffer);
    const totals = book.getWorksheet('集計')!;
    const rows = Array.from({ length: totals.rowCount - 1 }, (_, i) => totals.getRow(i + 2));
    expect(rows.map((r) => [r.getCell(1).value, r.getCell(2).value, r.getCell(4).value])).toEqual([
      ['計画', null, 2],
      ['方針', '方針2', 2],
      ['個別方針', '方針2-1', 2],
      ['推進項目', '2-1-1', 1],
      ['推進項目', '2-1-2', 1],
    ]);
    expect(rows[3]!.font?.bold).toBeFalsy();
    expect(rows[1]!.font?.bold).toBe(true);
  });
});

describe('進捗管理表 over the plan period', () => {
  const yearly = (target: number, actual: number | null) => ({
    target: { spendingReduction: target, revenueGain: 0, cost: 0, net: target },
    actual: actual === null ? null : { spendingReduction: actual, revenueGain: 0, cost: 0 },
  });
  const indicator = {
    name: '電子申請率',
    unit: '%',
    kind: 'outcome' as const,
    direction: 'higher_is_better' as const,
    baseline: 20,
    target: 40,
    actual: 41,
    achievementRate: 105,
    achievementFormula: 'progress_from_baseline' as const,
    byYear: {
      2024: { target: 30, actual: 33 },
      2025: { target: 40, actual: 41 },
      2026: { target: 50, actual: null },
    },
  };
  const report: PlanReportData = {
    ...data([
      item(1, {
        decision: 'merge', // a city's own decision, labelled by the year's list
        decisionLabel: { ja: '統合', en: 'Merge' },
        effectsByYear: {
          2024: yearly(100_000, 90_000),
          2025: yearly(200_000, 260_000),
          2026: yearly(300_000, null),
          2027: yearly(400_000, null),
        },
        indicators: [indicator],
        reasons: {
          progress: '窓口の予約制を導入した',
          rating: '電子申請が想定を上回った',
          issues: '高齢者の利用が少ない',
          direction: '対象手続を広げる',
          hqRating: '効果を確認した',
        },
        // The year's own rating scales (a city's labels, not the product's).
        ratingGrades: {
          self: { symbol: 'B', label: { ja: '概ね達成', en: 'Mostly achieved' } },
          hq: { symbol: 'A', label: { ja: '達成', en: 'Achieved' } },
        },
      }),
      item(2, { decision: null, stage: 'DO', effectsByYear: { 2026: yearly(1_000_000, null) } }),
    ]),
    decisions: [
      { code: 'continue', label: { ja: '現行どおり', en: 'As is' } },
      { code: 'merge', label: { ja: '統合', en: 'Merge' } },
    ],
  };
  const options = { fiscalYear: 2025, publication: false } as const;
  const csvRows = (lang: 'ja' | 'en') =>
    progressReportCsv(report, { ...options, lang })
      .slice(1)
      .split('\r\n')
      .filter((line) => line !== '')
      .map((line) => line.split(','));

  it('shows every year of the period side by side and the progress against the whole period', () => {
    const [header, first, second] = csvRows('ja');
    const cell = (row: string[] | undefined, title: string) => row![header!.indexOf(title)];
    for (const fy of [2024, 2025, 2026, 2027]) {
      const era = `令和${fy - 2018}年度（${fy}年度）`;
      expect(header).toContain(`${era} 効果額 見込額（円）`);
      expect(header).toContain(`${era} 効果額 実績額（円）`);
      expect(header).toContain(`指標1 ${era} 目標値`);
    }
    expect(header).not.toContain('令和9年度（2027年度） 効果額 見込額（千円）');
    expect(cell(first, '令和6年度（2024年度） 効果額 実績額（円）')).toBe('90000');
    expect(cell(first, '令和8年度（2026年度） 効果額 実績額（円）')).toBe('');
    expect(cell(first, '指標1 令和6年度（2024年度） 目標値')).toBe('30');
    expect(cell(first, '指標1 令和6年度（2024年度） 実績値')).toBe('33');
    expect(cell(first, '指標1 令和8年度（2026年度） 実績値')).toBe('');
    // 目標値 = the four years' targets; 累計 = 2024 and 2025's actuals; 進捗率 = 累計 ÷ 目標値.
    expect(cell(first, '効果額 目標値（計画期間計）（円）')).toBe(String(1_000_000));
    expect(cell(first, '効果額 累計（円）')).toBe(String(350_000));
    expect(cell(first, '効果額進捗率（計画期間）（%）')).toBe('35');
    expect(cell(second, '効果額 累計（円）')).toBe('');
  });

  it('writes the reasons and the decision in the year’s own words', () => {
    const [header, first, second] = csvRows('ja');
    const cell = (row: string[] | undefined, title: string) => row![header!.indexOf(title)];
    expect(header).not.toContain('進捗状況の理由');
    expect(cell(first, '進捗評価')).toBe('A（計画どおり）');
    expect(cell(first, '進捗評価の理由')).toBe('窓口の予約制を導入した');
    expect(cell(first, '一次評価（所管）')).toBe('B（概ね達成）');
    expect(cell(first, '二次評価（本部）')).toBe('A（達成）');
    // Without the year's scale (older data), the bare code rather than a wrong label.
    expect(cell(second, '一次評価（所管）')).toBe('B');
    expect(cell(first, '評価の理由')).toBe('電子申請が想定を上回った');
    expect(cell(first, '二次評価（本部）の理由')).toBe('効果を確認した');
    expect(cell(first, '課題')).toBe('高齢者の利用が少ない');
    expect(cell(first, '今後の方向性')).toBe('統合');
    expect(cell(first, '今後の方向性の理由')).toBe('対象手続を広げる');
    expect(cell(second, '今後の方向性')).toBe('');
    const [en, enFirst] = csvRows('en');
    expect(enFirst![en!.indexOf('Future direction')]).toBe('Merge');
    expect(enFirst![en!.indexOf('Progress grade')]).toBe('A (On plan)');
    expect(enFirst![en!.indexOf('First evaluation (department)')]).toBe('B (Mostly achieved)');
    expect(enFirst![en!.indexOf('Second evaluation (HQ)')]).toBe('A (Achieved)');
  });

  it('heads each export in its language only', () => {
    const japanese = /[\u3000-\u9fff\uff00-\uffef]/;
    const [en] = csvRows('en');
    expect(en!.filter((title) => japanese.test(title))).toEqual([]);
    expect(en).toContain('FY2024 (Reiwa 6) effect target (net) (yen)');
    expect(en).toContain('Reasons for the second evaluation (HQ)');
    expect(en).toContain('Reasons for the progress grade');
    // An abbreviation stays upper case inside a heading.
    expect(en!.filter((title) => /\(hq\)/.test(title))).toEqual([]);
    const [ja] = csvRows('ja');
    expect(ja!.filter((title) => /^[\x20-\x7e]+$/.test(title))).toEqual([]);
  });

  it('counts the items of the 集計 by stage and by the city’s decisions, with the whole-period progress', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await xlsxOf(report, true)) as unknown as ExcelJS.Buffer);
    const totals = book.getWorksheet('集計')!;
    const header = totals.getRow(1).values as unknown[];
    const plan = (title: string) => totals.getRow(2).getCell(header.indexOf(title)).value;
    expect(plan('効果額 目標値（計画期間計）（千円）')).toBe(
      100_000 + 200_000 + 300_000 + 400_000 + 1_000_000,
    );
    expect(plan('効果額 累計（千円）')).toBe(90_000 + 260_000);
    expect(plan('効果額進捗率（計画期間）（%）')).toBe(17.5);
    expect(plan('段階：方向性の決定')).toBe(1);
    expect(plan('段階：実行')).toBe(1);
    // The board's word for an item whose cycle has not started.
    expect(plan('段階：サイクル未開始')).toBe(0);
    expect(header).not.toContain('段階：未開始');
    expect(plan('今後の方向性：統合')).toBe(1);
    expect(plan('今後の方向性：現行どおり')).toBe(0);
    expect(plan('今後の方向性：未決定')).toBe(1);
    expect(header).not.toContain('今後の方向性：拡充');
    expect(totals.rowCount).toBe(1 + 1 + 2); // header, plan, goal, theme
    const items = book.getWorksheet('進捗管理表')!;
    expect(items.rowCount).toBe(1 + 2);
  });
});
