/**
 * The 進捗管理表 over a four-year plan (2024–2027), through HTTP with a real worker: one item runs
 * FY2025 to its approved decision and FY2026 to its approved CHECK evaluation; the export shows every
 * year side by side, the progress against the whole period (目標値 / 累計 / 進捗率) and the reasons,
 * each figure computed here from the inputs. The decision list the years ran on (平塚市's 現行どおり
 * …) is gone from the city's settings by the time of the export: the label comes from the year's own.
 */
import { CITY_PRESETS, DEFAULT_CITY_SETTINGS, DEFAULT_PROGRESS_GRADE_SCALE } from '@pdca/domain';
import ExcelJS from 'exceljs';
import { type ApiWithWorker, startApiWithWorker } from './api-test-app';
import { approverAs, as, eventually, openScheduledEarly, startCycle } from './cycle-helpers';
import { createApiFixture, type FixtureItem, type FixtureTenant } from './fixtures';

let api: ApiWithWorker;
let t: FixtureTenant;
let item: FixtureItem;

const hiratsuka = CITY_PRESETS.find((p) => p.key === 'hiratsuka')!.settings;
const hiratsukaDecisions = hiratsuka.decisions;

/** What the plan import stored for the item: 効果額 targets of every year, in yen. */
const imported = {
  2024: { spendingReduction: 1_200_000, revenueGain: 0, cost: 200_000 },
  2025: { spendingReduction: 2_000_000, revenueGain: 0, cost: 0 },
  2026: { spendingReduction: 2_000_000, revenueGain: 600_000, cost: 200_000 },
  2027: { spendingReduction: 3_000_000, revenueGain: 0, cost: 0 },
} as const;

/** Each year's inputs: the PLAN's indicator targets (and 効果額 target), the CHECK's actuals and texts. */
const years = {
  2025: {
    targets: [48, 16],
    effectTarget: { spendingReduction: 3_000_000, revenueGain: 200_000, cost: 700_000 },
    actuals: [52, 14],
    effects: { spendingReduction: 3_100_000, revenueGain: 300_000, cost: 600_000 },
    notes: '2025年度: 電子申請の対象を42手続に拡大した',
    issues: '2025年度: 高齢者の利用が伸びない',
    analysis: '2025年度: 申請率が目標を上回った',
    hqComment: '2025年度: 効果を確認した',
    rationale: '2025年度: 効果が出ているため現行どおり続ける',
  },
  2026: {
    targets: [58, 13],
    effectTarget: undefined,
    actuals: [61, 12.5],
    effects: { spendingReduction: 1_000_000, revenueGain: 0, cost: 200_000 },
    notes: '2026年度: 予約制を全窓口に広げた',
    issues: '2026年度: 繁忙期の待ち時間',
    analysis: '2026年度: 待ち時間が目標を下回った',
    hqComment: '2026年度: 引き続き注視',
    rationale: null,
  },
} as const;
/** The indicator's own target of a year no cycle ran (as imported). */
const OWN_TARGET_2027 = 70;

const net = (e: { spendingReduction: number; revenueGain: number; cost: number }) =>
  e.spendingReduction + e.revenueGain - e.cost;
const era = (fy: number) => `令和${fy - 2018}年度（${fy}年度）`;

/**
 * Drives an item's cycle of `fy` through PLAN and DO to the CHECK evaluation, which HQ then approves
 * with its rating (`approved`), and the ACT decision approved too (`decided`).
 */
async function runYear(
  fy: 2025 | 2026,
  until: 'evaluated' | 'approved' | 'decided',
  { item, leader } = { item: t.items.main, leader: t.users.leader },
): Promise<void> {
  const input = years[fy];
  const lead = as(api, leader);
  const approve = approverAs(api, t.users.hqApprover);
  const { id: cycleId } = await startCycle(api, t.users.hqAdmin, item, fy);
  let state = (
    await lead
      .post(`/cycles/${cycleId}/plan`, {
        targets: item.indicatorIds.map((indicatorId, i) => ({ indicatorId, target: input.targets[i] })),
        activities: ['電子申請の対象手続を拡大する'],
        budgetRequest: 10_000_000,
        ...(input.effectTarget ? { effectTarget: input.effectTarget } : {}),
      })
      .expect(200)
  ).body;
  state = await openScheduledEarly(api, t.users.hqAdmin, await approve(state));
  const reviews = state.tasks.filter((k: { kind: string }) => k.kind === 'review');
  for (const review of reviews) {
    state = (
      await lead
        .post(`/cycles/${cycleId}/reviews/${review.id}`, {
          periodIndex: review.periodIndex,
          progress: 25 * review.periodIndex,
          status: 'on_track',
          // The last review's notes are the year's 進捗評価の理由.
          notes: review === reviews.at(-1) ? input.notes : `第${review.periodIndex}回の報告`,
        })
        .expect(200)
    ).body;
  }
  state = (
    await lead
      .post(`/cycles/${cycleId}/execution-report`, { summary: '計画どおり実施した。', issues: input.issues })
      .expect(200)
  ).body;
  state = await openScheduledEarly(api, t.users.hqAdmin, await approve(state));
  state = (
    await lead
      .post(`/cycles/${cycleId}/evaluation`, {
        actuals: item.indicatorIds.map((indicatorId, i) => ({ indicatorId, actual: input.actuals[i] })),
        selfRating: 'A',
        analysis: input.analysis,
        effects: input.effects,
      })
      .expect(200)
  ).body;
  if (until === 'evaluated') return;
  state = await approve(state, { rating: 'B', comment: input.hqComment });
  expect(state.stage).toBe('ACT');
  if (until === 'decided' && input.rationale) {
    state = (
      await lead
        .post(`/cycles/${cycleId}/action`, { decision: 'keep_as_is', rationale: input.rationale })
        .expect(200)
    ).body;
    await approve(state);
  }
}

beforeAll(async () => {
  api = await startApiWithWorker('progress-report-period');
  t = (await createApiFixture(api, { periodStartFy: 2024, periodEndFy: 2027 })).tenant;
  item = t.items.main;
  await api.dataSource.query('UPDATE items SET effect_targets = $2 WHERE id = $1', [
    item.id,
    JSON.stringify(
      Object.fromEntries(Object.entries(imported).map(([fy, e]) => [fy, { ...e, net: net(e) }])),
    ),
  ]);
  await api.dataSource.query(`UPDATE indicators SET targets = targets || $2::jsonb WHERE id = $1`, [
    item.indicatorIds[0],
    JSON.stringify({ 2027: OWN_TARGET_2027 }),
  ]);
  // The years run on 平塚市's decisions; the city changes back to the standard list afterwards.
  // Its rating scales too (二次評価 Ⅰ/Ⅱ/Ⅲ): the export labels a rating in the scale its year ran on.
  const settings = (decisions: typeof hiratsukaDecisions, ratings = DEFAULT_CITY_SETTINGS.ratings) => ({
    settings: { ...DEFAULT_CITY_SETTINGS, decisions, ratings },
  });
  await as(api, t.users.hqAdmin)
    .put('/settings', settings(hiratsukaDecisions, hiratsuka.ratings))
    .expect(200);
  await runYear(2025, 'decided');
  await runYear(2026, 'approved');
  // Another item's FY2026 evaluation waits for HQ: its actuals do not count yet.
  await runYear(2026, 'evaluated', { item: t.items.other, leader: t.users.otherLeader });
  await as(api, t.users.hqAdmin).put('/settings', settings(DEFAULT_CITY_SETTINGS.decisions)).expect(200);
  // The read model follows the workflow: wait until both years' approvals are in it.
  await eventually(async () => {
    const rows: Array<{ fiscal_year: number; decided: boolean }> = await api.dataSource.query(
      `SELECT fiscal_year, decision IS NOT NULL AS decided FROM cycles
        WHERE item_id = $1 AND stage = 'ACT' ORDER BY fiscal_year`,
      [item.id],
    );
    const seen = rows.map((r) => `${r.fiscal_year}:${r.decided}`).join(' ');
    const [other] = await api.dataSource.query(
      `SELECT stage, awaiting_approval FROM cycles WHERE item_id = $1`,
      [t.items.other.id],
    );
    return seen === '2025:true 2026:false' && other?.awaiting_approval ? true : undefined;
  });
}, 240_000);

afterAll(async () => {
  await api?.close();
});

const download = (query: Record<string, unknown>) =>
  as(api, t.users.auditor)
    .get(`/plans/${t.planId}/progress-report`)
    .query(query)
    .responseType('blob')
    .expect(200)
    .then((res) => res.body as Buffer);

async function workbook(query: Record<string, unknown>): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await download({ format: 'xlsx', ...query })) as unknown as ExcelJS.Buffer);
  return book;
}

/** A sheet as header titles and rows of values (one header row: everything below is data). */
function table(sheet: ExcelJS.Worksheet): { header: string[]; rows: unknown[][] } {
  const values = (row: ExcelJS.Row) =>
    Array.from({ length: sheet.columnCount }, (_, c) => row.getCell(c + 1).value ?? null);
  const [head, ...rest] = Array.from({ length: sheet.rowCount }, (_, r) => values(sheet.getRow(r + 1)));
  return { header: head!.map(String), rows: rest };
}

function cellOf(sheet: { header: string[]; rows: unknown[][] }, rowIndex: number, title: string) {
  const column = sheet.header.indexOf(title);
  if (column < 0) throw new Error(`no column ${title} in ${sheet.header.join(' | ')}`);
  return sheet.rows[rowIndex]![column];
}

it('shows every year of the period side by side, with the progress against the whole period', async () => {
  const book = await workbook({ fiscalYear: 2026 });
  const items = table(book.getWorksheet('進捗管理表')!);
  const main = items.rows.findIndex((r) => r[0] === item.code);
  const cell = (title: string) => cellOf(items, main, title);

  // Each year's 効果額 target: the PLAN's where it gave one, else the import's; actual once approved.
  const target = {
    2024: net(imported[2024]),
    2025: net(years[2025].effectTarget),
    2026: net(imported[2026]),
    2027: net(imported[2027]),
  };
  const actual = { 2025: net(years[2025].effects), 2026: net(years[2026].effects) };
  for (const fy of [2024, 2025, 2026, 2027] as const) {
    expect(cell(`${era(fy)} 効果額 見込額（千円）`)).toBe(target[fy]);
    expect(cell(`${era(fy)} 効果額 実績額（千円）`)).toBe(fy in actual ? actual[fy as 2025 | 2026] : null);
  }
  const wholePeriod = target[2024] + target[2025] + target[2026] + target[2027];
  const cumulative = actual[2025] + actual[2026];
  expect(cell('効果額 目標値（計画期間計）（千円）')).toBe(wholePeriod);
  expect(cell('効果額 累計（千円）')).toBe(cumulative);
  expect(cell('効果額進捗率（計画期間）（%）')).toBe(Math.round((cumulative / wholePeriod) * 1000) / 10);

  // Indicator 1 (オンライン申請率): the PLAN's target and the approved actual per year, the own target for 2027.
  expect(cell(`指標1 ${era(2024)} 目標値`)).toBeNull();
  expect(cell(`指標1 ${era(2025)} 目標値`)).toBe(years[2025].targets[0]);
  expect(cell(`指標1 ${era(2025)} 実績値`)).toBe(years[2025].actuals[0]);
  expect(cell(`指標1 ${era(2026)} 目標値`)).toBe(years[2026].targets[0]);
  expect(cell(`指標1 ${era(2026)} 実績値`)).toBe(years[2026].actuals[0]);
  expect(cell(`指標1 ${era(2027)} 目標値`)).toBe(OWN_TARGET_2027);
  expect(cell(`指標1 ${era(2027)} 実績値`)).toBeNull();
  expect(cell(`指標2 ${era(2026)} 実績値`)).toBe(years[2026].actuals[1]);

  // 集計: the plan's row carries the same whole-period figures (the other items have no targets).
  const totals = table(book.getWorksheet('集計')!);
  expect(cellOf(totals, 0, '区分')).toBe('計画');
  expect(cellOf(totals, 0, '効果額 目標値（計画期間計）（千円）')).toBe(wholePeriod);
  expect(cellOf(totals, 0, '効果額 累計（千円）')).toBe(cumulative);
  expect(cellOf(totals, 0, '段階：方向性の決定')).toBe(1);
  expect(cellOf(totals, 0, '段階：評価')).toBe(1);
  expect(cellOf(totals, 0, '段階：サイクル未開始')).toBe(1);

  // The other item's FY2026 evaluation awaits HQ: its target shows, its actuals and rate do not.
  const other = items.rows.findIndex((r) => r[0] === t.items.other.code);
  expect(cellOf(items, other, `指標1 ${era(2026)} 目標値`)).toBe(years[2026].targets[0]);
  expect(cellOf(items, other, `指標1 ${era(2026)} 実績値`)).toBeNull();
  expect(cellOf(items, other, '指標1 目標達成率（%）')).toBeNull();
  expect(cellOf(items, other, `${era(2026)} 効果額 実績額（千円）`)).toBeNull();
  expect(cellOf(items, other, '効果額 累計（千円）')).toBeNull();
});

it('writes the year’s reasons and its decision in the list the year ran on', async () => {
  const items = table((await workbook({ fiscalYear: 2025 })).getWorksheet('進捗管理表')!);
  const main = items.rows.findIndex((r) => r[0] === item.code);
  const cell = (title: string) => cellOf(items, main, title);
  const input = years[2025];
  expect(cell('進捗評価の理由')).toBe(input.notes);
  expect(cell('評価の理由')).toBe(input.analysis);
  // Symbol and label: the grade the on-track reviews count as; the ratings in 平塚市's scales.
  const grade = DEFAULT_PROGRESS_GRADE_SCALE.grades.find(
    (g) => g.code === DEFAULT_PROGRESS_GRADE_SCALE.fromReviewStatus.on_track,
  )!;
  expect(cell('進捗評価')).toBe(`${grade.symbol}（${grade.label.ja}）`);
  const self = hiratsuka.ratings.self.find((g) => g.code === 'A')!;
  const hq = hiratsuka.ratings.hq.find((g) => g.code === 'B')!;
  expect(cell('一次評価（所管）')).toBe(`${self.symbol}（${self.label.ja}）`);
  expect(cell('二次評価（本部）')).toBe(`${hq.symbol}（${hq.label.ja}）`);
  expect(cell('二次評価（本部）の理由')).toBe(input.hqComment);
  expect(cell('課題')).toBe(input.issues);
  expect(cell('今後の方向性')).toBe(hiratsukaDecisions.find((d) => d.code === 'keep_as_is')!.label.ja);
  expect(cell('今後の方向性の理由')).toBe(input.rationale);

  const totals = table((await workbook({ fiscalYear: 2025, lang: 'en' })).getWorksheet('Totals')!);
  expect(cellOf(totals, 0, 'Future direction: Keep as is')).toBe(1);
  expect(cellOf(totals, 0, 'Future direction: Not decided')).toBe(2);
});

describe('headings in the export’s language only, one header row', () => {
  const japanese = /[\u3000-\u9fff\uff00-\uffef]/;
  const codes = new Set(['1-1', '1-2', '1-3']); // the fixture's three items

  it.each(['ja', 'en'] as const)('xlsx lang=%s', async (lang) => {
    const book = await workbook({ fiscalYear: 2026, lang, publication: true });
    for (const sheet of book.worksheets) {
      const { header, rows } = table(sheet);
      const foreign = header.filter((title) =>
        lang === 'ja' ? !japanese.test(title) : japanese.test(title),
      );
      expect(foreign).toEqual([]);
      // Every row under the header is data: an item's code, or a 集計 row of the plan or a node.
      const first = rows.map((r) => String(r[0]));
      if (sheet === book.worksheets[0]) expect(new Set(first)).toEqual(codes);
      else expect(first[0]).toBe(lang === 'ja' ? '計画' : 'Plan');
    }
  });

  it.each(['ja', 'en'] as const)('CSV lang=%s', async (lang) => {
    const [header, ...rows] = (await download({ fiscalYear: 2026, format: 'csv', lang }))
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter((line) => line !== '')
      .map((line) => line.split(','));
    const foreign = header!.filter((title) => (lang === 'ja' ? !japanese.test(title) : japanese.test(title)));
    expect(foreign).toEqual([]);
    expect(header).toContain(
      lang === 'ja' ? `${era(2027)} 効果額 見込額（円）` : 'FY2027 (Reiwa 9) effect target (net) (yen)',
    );
    expect(new Set(rows.map((r) => r[0]))).toEqual(codes);
  });
});
