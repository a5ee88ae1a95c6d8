/**
 * #12 through HTTP: the Hiratsuka sample imports its 効果額 targets (千円 → yen) and indicator kinds;
 * GET /plans/{planId}/summary totals them; GET /plans/{planId}/progress-report downloads the
 * 進捗管理表 as xlsx (opened again with ExcelJS) and CSV (with BOM) for the auditor, HQ and admin.
 */
import ExcelJS from 'exceljs';
import { type ApiTestApp, bearer, startApiApp } from './api-test-app';
import { type CityTenant, createCityTenant, sample, uploadPlan } from './plans-fixtures';

let api: ApiTestApp;
let city: CityTenant;
let planId: string;

// Hiratsuka's sample columns 歳出削減/歳入確保/取組経費 (千円, the same every year 2024–2027).
const SAMPLE_NET_PER_YEAR_THOUSANDS = [
  6000 - 2000,
  1500 - 500,
  9000 - 3000,
  12000 - 8000,
  4000 - 500,
  20000,
  1000,
  30000 - 2000,
  15000 - 300,
  50000 - 12000,
  8000,
  10000,
  25000 - 5000,
  3000 + 500,
].reduce((a, b) => a + b, 0);

beforeAll(async () => {
  api = await startApiApp();
  city = await createCityTenant(api, '平塚市', 'reports');
  const res = await uploadPlan(
    api,
    city.tokens.hqAdmin,
    sample('hiratsuka-2024-2027.tsv'),
    'hiratsuka.tsv',
  ).expect(201);
  planId = res.body.planId;
});

afterAll(async () => {
  await api?.close();
});

it('stores the imported 効果額 targets in yen and the indicator kinds', async () => {
  const [item] = await api.dataSource.query(
    `SELECT i.effect_targets, array_agg(x.kind ORDER BY x.sort) AS kinds
       FROM items i JOIN indicators x ON x.item_id = i.id
      WHERE i.tenant_id = $1 AND i.code = '3-3' GROUP BY i.id`,
    [city.id],
  );
  expect(item.effect_targets['2025']).toEqual({
    spendingReduction: 0,
    revenueGain: 50_000_000,
    cost: 12_000_000,
    net: 38_000_000,
  });
  expect(Object.keys(item.effect_targets)).toEqual(['2024', '2025', '2026', '2027']);
  expect(item.kinds).toEqual(['outcome']);
});

it('sums the targets per plan, goal and theme for a year and cumulatively', async () => {
  const res = await api
    .http()
    .get(`/api/v1/plans/${planId}/summary`)
    .query({ fiscalYear: 2025 })
    .set(bearer(city.tokens.leader))
    .expect(200);
  expect(res.body.plan.items).toBe(19);
  expect(res.body.plan.year.target.net).toBe(SAMPLE_NET_PER_YEAR_THOUSANDS * 1000);
  expect(res.body.plan.cumulative.target.net).toBe(SAMPLE_NET_PER_YEAR_THOUSANDS * 1000 * 2); // 2024 + 2025
  expect(res.body.plan.year.actual.net).toBe(0);
  expect(res.body.plan.byStage).toEqual({ not_started: 19 });
  expect(res.body.gradeScale.map((g: { symbol: string }) => g.symbol)).toEqual(['S', 'A', 'B', 'C']);
  const goalTotal = res.body.goals.reduce(
    (sum: number, g: { year: { target: { net: number } } }) => sum + g.year.target.net,
    0,
  );
  expect(goalTotal).toBe(res.body.plan.year.target.net);
  expect(res.body.goals[0].themes.length).toBeGreaterThan(0);
});

it('answers 400 naming fiscalYear when it is missing, 404 for another plan', async () => {
  const bad = await api
    .http()
    .get(`/api/v1/plans/${planId}/summary`)
    .set(bearer(city.tokens.leader))
    .expect(400);
  expect(JSON.stringify(bad.body)).toContain('fiscalYear');
  await api
    .http()
    .get('/api/v1/plans/00000000-0000-4000-8000-000000000000/summary')
    .query({ fiscalYear: 2025 })
    .set(bearer(city.tokens.leader))
    .expect(404);
});

it('downloads the 進捗管理表 as xlsx with one Japanese header row (the default), rows and totals', async () => {
  const res = await api
    .http()
    .get(`/api/v1/plans/${planId}/progress-report`)
    .query({ fiscalYear: 2025, format: 'xlsx' })
    .set(bearer(city.tokens.auditor))
    .responseType('blob')
    .expect(200);
  expect(res.headers['content-type']).toContain('spreadsheetml');
  expect(res.headers['content-disposition']).toContain('attachment');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.body as ExcelJS.Buffer);
  const sheet = book.getWorksheet('進捗管理表')!;
  expect(sheet.getRow(1).getCell(1).value).toBe('番号');
  expect(sheet.getRow(2).getCell(1).value).not.toBe('Code');
  expect(sheet.rowCount).toBe(1 + 19);
  const totals = book.getWorksheet('集計')!;
  const header = totals.getRow(1).values as unknown[];
  expect(totals.getRow(2).getCell(header.indexOf('効果額 見込額（千円）')).value).toBe(
    SAMPLE_NET_PER_YEAR_THOUSANDS * 1000,
  );
});

it('downloads CSV with a BOM, 公表用 without the leader column; a WG leader may not', async () => {
  const res = await api
    .http()
    .get(`/api/v1/plans/${planId}/progress-report`)
    .query({ fiscalYear: 2025, format: 'csv', publication: true })
    .set(bearer(city.tokens.hqApprover))
    .responseType('blob')
    .expect(200);
  const body = res.body as Buffer;
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = body.toString('utf8');
  expect(text).toContain('窓口サービスのDX推進');
  expect(text).not.toContain('WGリーダー');
  await api
    .http()
    .get(`/api/v1/plans/${planId}/progress-report`)
    .query({ fiscalYear: 2025 })
    .set(bearer(city.tokens.leader))
    .expect(403);
});

describe('lang: every export headed in one language, one header row', () => {
  const japanese = /[\u3000-\u9fff\uff00-\uffef]/;
  const codes = /^\d+(-\d+)*$/; // every data row starts with the item's 番号
  const download = (query: Record<string, unknown>) =>
    api
      .http()
      .get(`/api/v1/plans/${planId}/progress-report`)
      .query({ fiscalYear: 2025, ...query })
      .set(bearer(city.tokens.auditor))
      .responseType('blob')
      .expect(200);
  const csvRows = (body: Buffer) =>
    body
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter((line) => line !== '')
      .map((line) => line.split(','));

  it.each([
    ['ja', false],
    ['ja', true],
    ['en', false],
    ['en', true],
  ] as const)(
    'xlsx lang=%s (公表用 %s): one header row in that language on both sheets',
    async (lang, publication) => {
      const res = await download({ format: 'xlsx', lang, publication });
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.body as ExcelJS.Buffer);
      const [items, totals] = book.worksheets;
      expect(book.worksheets.map((s) => s.name)).toEqual(
        lang === 'en' ? ['Progress report', 'Totals'] : ['進捗管理表', '集計'],
      );
      const header = (items!.getRow(1).values as unknown[]).filter((v) => v != null).map(String);
      expect(header[0]).toBe(lang === 'en' ? 'Code' : '番号');
      if (lang === 'en') expect(header.join('|')).not.toMatch(japanese);
      else expect(header).not.toContain('Code');
      expect(items!.rowCount).toBe(1 + 19);
      for (let r = 2; r <= items!.rowCount; r++)
        expect(String(items!.getRow(r).getCell(1).value)).toMatch(codes);
      expect(items!.views[0]).toMatchObject({ ySplit: 1 });
      const totalsHeader = (totals!.getRow(1).values as unknown[]).filter((v) => v != null).map(String);
      expect(totalsHeader[0]).toBe(lang === 'en' ? 'Level' : '区分');
      expect(totals!.getRow(2).getCell(1).value).toBe(lang === 'en' ? 'Plan' : '計画');
    },
  );

  it.each([
    ['ja', false],
    ['ja', true],
    ['en', false],
    ['en', true],
  ] as const)('CSV lang=%s (公表用 %s): one header row in that language', async (lang, publication) => {
    const [header, ...rows] = csvRows((await download({ format: 'csv', lang, publication })).body as Buffer);
    expect(header![0]).toBe(lang === 'en' ? 'Code' : '番号');
    if (lang === 'en') expect(header!.join(',')).not.toMatch(japanese);
    else expect(header).not.toContain('Code');
    expect(rows).toHaveLength(19);
    for (const row of rows) expect(row[0]).toMatch(codes);
  });

  it('refuses another language with a 400 naming lang', async () => {
    for (const format of ['xlsx', 'csv']) {
      const res = await api
        .http()
        .get(`/api/v1/plans/${planId}/progress-report`)
        .query({ fiscalYear: 2025, format, lang: 'fr' })
        .set(bearer(city.tokens.auditor))
        .expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['lang']);
    }
  });
});
