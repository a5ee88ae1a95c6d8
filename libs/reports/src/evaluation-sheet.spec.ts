import type { EffectTotals } from '@pdca/domain';
import type { EvaluationSheetData } from '@pdca/persistence/repositories/evaluation-sheet.types';
import ExcelJS from 'exceljs';
import { escapeHtml, evaluationSheetHtml, evaluationSheetXlsx } from './evaluation-sheet';

const LEADER = '改革 太郎';
const SUBMITTER = '提出 花子';
const APPROVER = '本部 次郎';

const totals = (target: number, actual: number | null): EffectTotals => ({
  target: { spendingReduction: target, revenueGain: 0, cost: 0, net: target },
  actual: { spendingReduction: actual ?? 0, revenueGain: 0, cost: 0, net: actual ?? 0 },
  itemsWithTarget: 1,
  itemsWithActual: actual === null ? 0 : 1,
  achievementRate: actual === null ? null : Math.round((actual / target) * 1000) / 10,
});

function sheetData(overrides: Partial<EvaluationSheetData> = {}): EvaluationSheetData {
  return {
    fiscalYear: 2025,
    tenantName: 'テスト市',
    plan: { id: 'p', title: '第3次行財政改革計画', periodStartFy: 2024, periodEndFy: 2027 },
    levels: [{ name: { ja: '基本方針', en: 'Policy' } }, { name: { ja: '改革項目', en: 'Reform item' } }],
    item: {
      id: 'i',
      code: '1-1',
      title: '<script>alert("x")</script> & 窓口',
      summary: '概要',
      background: '',
      department: '市民課',
      leaderName: LEADER,
    },
    parents: [
      { path: [{ code: '1', title: '行政運営' }], relisted: false },
      { path: [{ code: '2', title: 'デジタル化' }], relisted: true },
    ],
    indicators: [
      {
        name: 'オンライン申請率',
        unit: '%',
        kind: 'outcome',
        direction: 'higher_is_better',
        baseline: 20,
        finalTarget: 80,
        formulaSetting: 'ratio',
        years: [2024, 2025, 2026, 2027].map((fy) => ({
          fiscalYear: fy,
          target: fy === 2025 ? 50 : null,
          actual: fy === 2025 ? 45 : null,
          achievementRate: fy === 2025 ? 90 : null,
          achievementFormula: fy === 2025 ? 'actual_over_target' : null,
        })),
      },
    ],
    cycle: { stage: 'ACT', status: 'completed' },
    activities: ['申請の電子化'],
    executionSummary: '実施した',
    reviews: [
      {
        period: { ja: '進捗報告（2025年度 第1四半期）', en: 'Progress review (FY2025 Q1)' },
        progress: 25,
        grade: { code: 'A', symbol: 'A', label: { ja: '計画どおり', en: 'On plan' } },
        notes: '順調',
        submitterName: SUBMITTER,
      },
    ],
    issues: '職員の習熟',
    grade: { code: 'A', symbol: 'A', label: { ja: '計画どおり', en: 'On plan' } },
    gradeReason: '順調',
    firstEvaluation: { code: 'B', symbol: 'B', label: { ja: '概ね達成', en: 'Mostly achieved' } },
    firstEvaluationReason: '概ね計画どおり',
    secondEvaluation: { code: 'C', symbol: 'C', label: { ja: '一部達成', en: 'Partly achieved' } },
    secondEvaluationReason: '待ち時間が課題',
    direction: { code: 'continue', symbol: '継続', label: { ja: '継続', en: 'Continue' } },
    directionReason: '効果が出ている',
    budgetReflection: { amount: 3_600_000, fiscalYear: 2027 },
    effects: {
      year: totals(2_000_000, 1_500_000),
      cumulative: totals(3_000_000, 1_500_000),
      cumulativeFromFy: 2024,
    },
    comments: [
      {
        stage: 'CHECK',
        submissionKind: 'evaluation',
        stepLabel: { ja: '本部承認', en: 'HQ approval' },
        status: 'approved',
        comment: '待ち時間が課題',
        decidedAt: '2026-05-01T01:00:00.000Z',
        approverName: APPROVER,
      },
    ],
    ...overrides,
  };
}

/** The text of the element carrying data-field="key" (its last cell), tags stripped and entities read. */
function field(html: string, key: string): string | undefined {
  const match = new RegExp(`<tr data-field="${key}"><th>[^<]*</th><td[^>]*>([^<]*)</td>`).exec(html);
  return match?.[1]
    ?.replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

describe('evaluationSheetHtml', () => {
  it('escapes every text: a title with markup stays text', () => {
    const sut = evaluationSheetHtml(sheetData(), { publication: false });
    expect(sut).not.toContain('<script>');
    expect(sut).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 窓口');
    expect(field(sut, 'title')).toBe('<script>alert("x")</script> & 窓口');
    expect(escapeHtml(`<a href='x'>"&"</a>`)).toBe('&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;');
  });

  it('titles the sheet with the fiscal year in 和暦 and Western years, on A4', () => {
    const sut = evaluationSheetHtml(sheetData(), { publication: false });
    expect(sut).toContain('<html lang="ja">');
    expect(sut).toContain('<title>改革項目 評価シート 令和7年度（2025年度）</title>');
    expect(sut).toContain('@page { size: A4;');
    // Each of a year's two names stays whole: the header breaks only between them.
    expect(sut).toContain(
      '<th data-col="2026"><span class="fy">令和8年度</span><wbr><span class="fy">（2026年度）</span></th>',
    );
    expect(sut).toMatch(/\.fy \{ white-space: nowrap; \}/);
    expect(sut).toContain('令和6年度（2024年度）〜令和9年度（2027年度）');
    expect(field(sut, 'budgetReflection')).toBe('3,600千円');
    expect(sut).toContain('2027年度予算への反映額');
  });

  it('names the people in the internal sheet and nobody in the publication sheet', () => {
    const internal = evaluationSheetHtml(sheetData(), { publication: false });
    for (const name of [LEADER, SUBMITTER, APPROVER]) expect(internal).toContain(name);
    const sut = evaluationSheetHtml(sheetData(), { publication: true });
    for (const name of [LEADER, SUBMITTER, APPROVER]) expect(sut).not.toContain(name);
    expect(sut).not.toContain('WGリーダー');
    // The organisation stays.
    expect(field(sut, 'department')).toBe('市民課');
  });

  it('heads the English sheet in English only', () => {
    // 公表用, so that no (Japanese) personal name stands in a label.
    const sut = evaluationSheetHtml(sheetData(), { publication: true, lang: 'en' });
    expect(sut).toContain('<html lang="en">');
    expect(sut).toContain('<title>Reform item evaluation sheet, FY2025 (Reiwa 7)</title>');
    const headings = [...sut.matchAll(/<(?:h2|th)[^>]*>([^<]*)</g)].map((m) => m[1]!);
    expect(headings.length).toBeGreaterThan(20);
    // Headings and labels are free of Japanese (the data keeps the city's own words).
    expect(headings.filter((h) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(h))).toEqual([]);
    const ja = evaluationSheetHtml(sheetData(), { publication: false });
    expect(ja).not.toMatch(/<h2>[A-Za-z]/);
  });
});

describe('evaluationSheetHtml, words and layout of a city sheet', () => {
  const PLAN_LEVELS = [
    { name: { ja: '基本目標', en: 'Goal' } },
    { name: { ja: '実施計画事業', en: 'Project' } },
  ];

  it('titles the sheet with the plan’s own name for its items', () => {
    const sut = evaluationSheetHtml(sheetData({ levels: PLAN_LEVELS }), { publication: false });
    expect(sut).toContain('<title>実施計画事業 評価シート 令和7年度（2025年度）</title>');
    expect(field(sut, 'title')).toBeDefined();
    expect(sut).toContain('<tr data-field="title"><th>実施計画事業</th>');
    const en = evaluationSheetHtml(sheetData({ levels: PLAN_LEVELS }), { publication: true, lang: 'en' });
    expect(en).toContain('<title>Project evaluation sheet, FY2025 (Reiwa 7)</title>');
  });

  it('labels the grades with their scale’s words, each reason once, and the WG as 所管課・WG', () => {
    const sut = evaluationSheetHtml(sheetData(), { publication: false });
    const row = (key: string) => new RegExp(`<tr data-field="${key}"><th>([^<]*)</th>`).exec(sut)?.[1];
    expect([row('grade'), field(sut, 'grade')]).toEqual(['進捗評価', 'A（計画どおり）']);
    expect([row('gradeReason'), field(sut, 'gradeReason')]).toEqual(['進捗評価の理由', '順調']);
    expect([row('firstEvaluation'), field(sut, 'firstEvaluation')]).toEqual([
      '一次評価（所管）',
      'B（概ね達成）',
    ]);
    expect([row('secondEvaluation'), field(sut, 'secondEvaluation')]).toEqual([
      '二次評価（本部）',
      'C（一部達成）',
    ]);
    expect(row('secondEvaluationReason')).toBe('二次評価（本部）の理由');
    expect(row('department')).toBe('所管課・WG');
    expect(sut).toContain('<h2>進捗評価</h2>');
    expect(sut).not.toContain('進捗状況');
    // A grade whose label repeats its symbol still prints both, as the scale defines them.
    const same = sheetData({ grade: { code: 'A', symbol: 'A', label: { ja: 'A', en: 'A' } } });
    expect(field(evaluationSheetHtml(same, { publication: false }), 'grade')).toBe('A（A）');
  });

  it('prints 「—」 for a text nobody wrote and no reason when the reviews gave none', () => {
    const sut = evaluationSheetHtml(sheetData({ issues: null, gradeReason: null }), { publication: false });
    expect(field(sut, 'background')).toBe('—');
    expect(field(sut, 'issues')).toBe('—');
    expect(field(sut, 'gradeReason')).toBe('—');
  });

  it('labels HQ’s comments with stage, decision and the date as the web writes it', () => {
    const comment = sheetData().comments[0]!;
    const data = sheetData({
      comments: [
        { ...comment, stage: 'PLAN', comment: '了承', decidedAt: '2026-12-06T15:30:00.000Z' },
        {
          ...comment,
          stepLabel: { ja: '本部長', en: 'HQ director general' },
          status: 'returned',
          comment: '再検討を',
        },
      ],
    });
    const sut = evaluationSheetHtml(data, { publication: false });
    const label = (i: number) => new RegExp(`<tr data-field="comment${i}"><th>([^<]*)</th>`).exec(sut)?.[1];
    // 15:30 UTC on 6 December is 7 December in Japan.
    expect(label(0)).toBe(`計画 — 承認（2026年12月7日、${APPROVER}）`);
    expect(field(sut, 'comment0')).toBe('了承');
    expect(label(1)).toBe(`評価 — 本部長：差戻し（2026年5月1日、${APPROVER}）`);
    const published = evaluationSheetHtml(data, { publication: true });
    expect(published).toContain('<th>計画 — 承認（2026年12月7日）</th>');
    const en = evaluationSheetHtml(data, { publication: true, lang: 'en' });
    expect(en).toContain('<th>Plan — approved (7 Dec 2026)</th>');
    expect(en).toContain('<th>Check — HQ director general: returned (1 May 2026)</th>');
  });

  it('repeats the item’s code and title at the top of every printed page, numbered, not on screen', () => {
    const sut = evaluationSheetHtml(sheetData(), { publication: false });
    const head = /<table class="page"><thead>([\s\S]*?)<\/thead>/.exec(sut)?.[1] ?? '';
    expect(head).toContain('1-1 &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 窓口');
    expect(sut).toMatch(/@media screen \{\s*body \{[^}]*\}\s*table\.page > thead \{ display: none; \}/);
    // Page numbers in the bottom margin box, 「2 / 3」.
    expect(sut).toMatch(/@page \{[^@]*@bottom-right \{ content: counter\(page\) " \/ " counter\(pages\);/);
    // The sheet itself is the frame's body, after the head.
    expect(sut.indexOf('<h1')).toBeGreaterThan(sut.indexOf('</thead>'));
  });

  it('lets the year table scroll in its own box on a phone', () => {
    const sut = evaluationSheetHtml(sheetData(), { publication: false });
    expect(sut).toMatch(
      /<div class="scroll"><table class="grid"><thead><tr><th>年度<\/th><th data-col="2024">/,
    );
    expect(sut).toContain('.scroll > table.grid { table-layout: auto;');
    expect(sut).toContain('.scroll { overflow-x: auto; }');
  });

  it('writes English with ASCII punctuation only', () => {
    const data = sheetData();
    const sut = evaluationSheetHtml(data, { publication: true, lang: 'en' });
    expect(sut).toContain('<td>A (On plan)</td>');
    expect(sut).toContain('Cumulative (FY2024–FY2025)');
    expect(sut).toContain('(Plan period FY2024–FY2027)');
    // Everything but the city's own (Japanese) data is free of full-width punctuation.
    let rest = sut;
    for (const text of dataTexts(data).sort((a, b) => b.length - a.length)) {
      rest = rest.split(escapeHtml(text)).join('');
    }
    expect(rest.match(/[（）、：〜「」　]/g)).toBeNull();
  });
});

/** Every string in the sheet's data, at any depth (the city's own words). */
function dataTexts(value: unknown): string[] {
  if (typeof value === 'string') return value.length > 0 ? [value] : [];
  if (value && typeof value === 'object') return Object.values(value).flatMap(dataTexts);
  return [];
}

describe('evaluationSheetXlsx', () => {
  it('writes one A4 portrait sheet in the chosen language, amounts in yen shown in 千円', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(
      (await evaluationSheetXlsx(sheetData(), { publication: true })) as unknown as ExcelJS.Buffer,
    );
    expect(book.worksheets).toHaveLength(1);
    const sut = book.worksheets[0]!;
    expect(sut.name).toBe('評価シート');
    expect(sut.getCell('A1').value).toBe('改革項目 評価シート 令和7年度（2025年度）');
    expect(sut.pageSetup.paperSize).toBe(9);
    expect(sut.pageSetup.orientation).toBe('portrait');
    const cells: string[] = [];
    sut.eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
    for (const name of [LEADER, SUBMITTER, APPROVER]) expect(cells.join('\n')).not.toContain(name);
    const reflected = cells.indexOf('2027年度予算への反映額');
    expect(reflected).toBeGreaterThan(0);
    let amount: ExcelJS.Cell | undefined;
    sut.eachRow((row) => {
      if (row.getCell(1).value === '2027年度予算への反映額') amount = row.getCell(2);
    });
    expect(amount!.value).toBe(3_600_000);
    expect(amount!.numFmt).toContain('千円');
    // Every printed page: the item's code and the page of pages.
    expect(sut.headerFooter.oddFooter).toMatch(/^&L1-1 .*&R&P \/ &N$/);
  });

  it('makes rows of long merged texts tall enough for every line', async () => {
    // 200 full-width characters in the value cells' 72 character widths (a full-width one counts two).
    const summary = 'あ'.repeat(200);
    const lines = Math.ceil((200 * 2) / 72);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(
      (await evaluationSheetXlsx(sheetData({ item: { ...sheetData().item, summary } }), {
        publication: false,
      })) as unknown as ExcelJS.Buffer,
    );
    const rows: ExcelJS.Row[] = [];
    book.worksheets[0]!.eachRow((row) => rows.push(row));
    const row = (label: string) => rows.find((r) => r.getCell(1).value === label)!;
    expect(row('概要').getCell(2).value).toBe(summary);
    expect(row('概要').height).toBeGreaterThanOrEqual(15 * lines);
    expect(row('概要').getCell(2).isMerged).toBe(true);
    // A one-line text keeps the default height.
    expect(row('番号').height).toBeUndefined();
    expect(row('目的・現状と課題').getCell(2).value).toBe('—');
  });

  it('names its sheet and headings in English for lang=en', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(
      (await evaluationSheetXlsx(sheetData(), {
        publication: false,
        lang: 'en',
      })) as unknown as ExcelJS.Buffer,
    );
    const sut = book.worksheets[0]!;
    expect(sut.name).toBe('Evaluation sheet');
    const labels: string[] = [];
    sut.eachRow((row) => labels.push(String(row.getCell(1).value ?? '')));
    expect(labels).toContain('First evaluation (department)');
    expect(labels).not.toContain('一次評価（所管）');
    let grade: ExcelJS.CellValue = null;
    sut.eachRow((row) => {
      if (row.getCell(1).value === 'Progress grade' && row.getCell(2).value) grade = row.getCell(2).value;
    });
    expect(grade).toBe('A (On plan)');
  });
});

describe('the フルコスト（a＋b） block (#26)', () => {
  const estimate = {
    projectCost: 12_000_000,
    staffFte: 1.5,
    unitCost: 8_000_000,
    staffCost: 12_000_000,
    fullCost: 24_000_000,
    fundingGeneral: 9_000_000,
    fundingNationalPrefectural: 3_000_000,
    fundingOther: 0,
  };
  const costs = { estimate, actual: null };

  it('prints 事業費（a）, 人件費（b） and フルコスト（a＋b）, 見込 beside 実績, in 千円 (none without costs)', () => {
    const sut = evaluationSheetHtml(sheetData({ costs }), { publication: true });
    expect(sut).toContain('フルコスト（a＋b）');
    for (const label of [
      '事業費（a）',
      '人工',
      '人件費単価',
      '人件費（b）',
      '一般財源',
      '国・県支出金',
      'その他',
    ]) {
      expect(sut).toContain(label);
    }
    for (const amount of ['12,000千円', '24,000千円', '9,000千円', '3,000千円', '8,000千円']) {
      expect(sut).toContain(amount);
    }
    expect(evaluationSheetHtml(sheetData(), { publication: true })).not.toContain('フルコスト');
  });

  it('keeps the amounts as numbers in Excel, with the 人工 as a number', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(
      (await evaluationSheetXlsx(sheetData({ costs }), { publication: true })) as unknown as ExcelJS.Buffer,
    );
    const values = new Map<string, unknown[]>();
    book.worksheets[0]!.eachRow((row) => {
      const label = row.getCell(1).value;
      if (typeof label === 'string') values.set(label, [row.getCell(2).value, row.getCell(3).value]);
    });
    expect(values.get('フルコスト（a＋b）')).toEqual([24_000_000, null]);
    expect(values.get('人工')).toEqual([1.5, null]);
  });
});
