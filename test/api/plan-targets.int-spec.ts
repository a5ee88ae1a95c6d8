/**
 * The plan's own targets (主要目標, #24) through HTTP: the Machida sample's 基本方針 indicators get a
 * whole-period target and yearly targets, HQ records two years of actuals (one corrected), and
 * GET /plans/{id}/targets answers 累計 and 進捗率 — checked here against figures computed from the
 * inputs. Roles, 400s naming the field, idempotent repeats, the ledger's before/after, the outbox,
 * and the 進捗管理表's 主要目標 sheet read back with ExcelJS.
 */
import ExcelJS from 'exceljs';
import { type ApiTestApp, bearer, startApiApp } from './api-test-app';
import { type CityTenant, createCityTenant, hiratsukaCity, sample, uploadPlan } from './plans-fixtures';

let api: ApiTestApp;
let city: CityTenant;
let planId: string;

interface YearBody {
  fiscalYear: number;
  target: number | null;
  actual: number | null;
  source: string | null;
  asOf: string | null;
}
interface TargetBody {
  id: string;
  name: string;
  owner: string;
  node: { code: string; title: string; levelName: { ja: string } } | null;
  accumulation: string;
  periodTarget: number | null;
  years: YearBody[];
  cumulative: number | null;
  progressRate: number | null;
}

const RATIO = '経常収支比率';
const PROJECTS = '多様な主体と連携し取り組んだ事業の数';

beforeAll(async () => {
  api = await startApiApp({}, { loginRateLimits: { perIp: { limit: 10_000, windowMs: 60_000 } } });
  city = await createCityTenant(api, '町田市', 'targets');
  const res = await uploadPlan(api, city.tokens.hqAdmin, sample('machida-reform.csv'), 'machida-reform.csv');
  expect(res.status).toBe(201);
  planId = res.body.planId;
});

afterAll(async () => {
  await api?.close();
});

const v1 = (path: string) => `/api/v1${path}`;
const get = (token: string, path: string) => api.http().get(v1(path)).set(bearer(token));
const put = (token: string, path: string, body: object) =>
  api.http().put(v1(path)).set(bearer(token)).send(body);

async function targets(fiscalYear: number, token = city.tokens.auditor): Promise<TargetBody[]> {
  const res = await get(token, `/plans/${planId}/targets`).query({ fiscalYear }).expect(200);
  return res.body.indicators;
}

const byName = (list: TargetBody[], name: string) => list.find((i) => i.name === name)!;

async function ledger(
  action: string,
): Promise<Array<{ payload: Record<string, unknown>; comment: string | null }>> {
  return api.dataSource.query(
    'SELECT payload, comment FROM audit_log WHERE tenant_id = $1 AND action = $2 ORDER BY seq',
    [city.id, action],
  );
}

/** Percent with one decimal, half up: how the reports print a 進捗率. */
const percent = (numerator: number, denominator: number) => Math.round((numerator / denominator) * 1000) / 10;

describe('GET /plans/{planId}/targets and the PUTs', () => {
  let ratioId: string;
  let projectsId: string;

  beforeAll(async () => {
    const list = await targets(2025);
    ratioId = byName(list, RATIO).id;
    projectsId = byName(list, PROJECTS).id;
  });

  it('lists the 基本方針 indicators the import stored, with their node in the plan’s words', async () => {
    const list = await targets(2025, city.tokens.leader);
    expect(list).toHaveLength(12);
    const ratio = byName(list, RATIO);
    expect(ratio.owner).toBe('node');
    expect(ratio.node?.levelName.ja).toBe('基本方針');
    expect(ratio.node?.title).toContain('財政基盤');
    expect(ratio).toMatchObject({ periodTarget: null, cumulative: null, progressRate: null });
  });

  it('sets whole-period and yearly targets with a reason, once', async () => {
    const body = {
      periodTarget: 90,
      targets: { 2024: 94, 2025: 93, 2026: 91.5, 2027: 90 },
      accumulation: 'latest',
      reason: '第2次計画の主要目標',
    };
    const first = await put(city.tokens.hqAdmin, `/indicators/${ratioId}/targets`, body).expect(200);
    expect(first.body.changed).toBe(true);
    const again = await put(city.tokens.hqAdmin, `/indicators/${ratioId}/targets`, body).expect(200);
    expect(again.body.changed).toBe(false);
    await put(city.tokens.admin, `/indicators/${projectsId}/targets`, {
      periodTarget: 40,
      targets: { 2024: 10, 2025: 10, 2026: 10, 2027: 10 },
      accumulation: 'sum',
      reason: '連携事業の目標',
    }).expect(200);

    const entries = await ledger('indicator.targets_updated');
    expect(entries).toHaveLength(2);
    expect(entries[0]!.comment).toBe('第2次計画の主要目標');
    expect(entries[0]!.payload).toMatchObject({
      indicatorId: ratioId,
      indicatorName: RATIO,
      before: { periodTarget: null, targets: {}, accumulation: 'latest' },
      after: {
        periodTarget: 90,
        targets: { 2024: 94, 2025: 93, 2026: 91.5, 2027: 90 },
        accumulation: 'latest',
      },
    });
  });

  it('records two years of actuals, a correction keeping before and after, and computes 累計 and 進捗率', async () => {
    const record = (id: string, fy: number, body: object) =>
      put(city.tokens.hqAdmin, `/indicators/${id}/actuals/${fy}`, body).expect(200);
    await record(ratioId, 2024, { value: 94.1, source: '令和6年度 決算カード', asOf: '2025-09-30' });
    const corrected = await record(ratioId, 2024, {
      value: 93.8,
      source: '令和6年度 決算カード（確定値）',
      asOf: '2025-11-30',
      note: '確定値に訂正',
    });
    expect(corrected.body.changed).toBe(true);
    await record(ratioId, 2025, { value: 92.5, source: '令和7年度 決算見込み', asOf: '2026-03-31' });
    await record(projectsId, 2024, { value: 12, source: '事業実績調査', asOf: '2025-04-30' });
    const repeatBody = { value: 9, source: '事業実績調査', asOf: '2026-03-31' };
    await record(projectsId, 2025, repeatBody);

    const before = (await ledger('indicator.actual_recorded')).length;
    const repeat = await record(projectsId, 2025, repeatBody);
    expect(repeat.body.changed).toBe(false);
    expect(await ledger('indicator.actual_recorded')).toHaveLength(before);
    expect(before).toBe(5);

    const [firstEntry, correction] = await ledger('indicator.actual_recorded');
    expect(firstEntry!.payload).toMatchObject({ fiscalYear: 2024, before: null, after: { value: 94.1 } });
    expect(correction!.payload).toMatchObject({
      indicatorId: ratioId,
      fiscalYear: 2024,
      before: { value: 94.1, source: '令和6年度 決算カード', asOf: '2025-09-30', note: null },
      after: {
        value: 93.8,
        source: '令和6年度 決算カード（確定値）',
        asOf: '2025-11-30',
        note: '確定値に訂正',
      },
    });
    const [outbox] = await api.dataSource.query(
      `SELECT count(*)::int AS n FROM outbox WHERE tenant_id = $1 AND type LIKE 'indicator.%'`,
      [city.id],
    );
    expect(outbox.n).toBe(2 + 5);

    const asOf2025 = await targets(2025);
    const ratio = byName(asOf2025, RATIO);
    // A stock, lower is better, no baseline: 目標 ÷ the latest actual.
    expect(ratio.cumulative).toBe(92.5);
    expect(ratio.progressRate).toBe(percent(90, 92.5));
    expect(ratio.years.find((y) => y.fiscalYear === 2024)).toMatchObject({
      target: 94,
      actual: 93.8,
      source: '令和6年度 決算カード（確定値）',
      asOf: '2025-11-30',
    });
    const projects = byName(asOf2025, PROJECTS);
    expect(projects.cumulative).toBe(12 + 9);
    expect(projects.progressRate).toBe(percent(12 + 9, 40));
    // As of FY2024 only the first year counts.
    const asOf2024 = await targets(2024);
    expect(byName(asOf2024, PROJECTS)).toMatchObject({ cumulative: 12, progressRate: percent(12, 40) });
    expect(byName(asOf2024, RATIO)).toMatchObject({ cumulative: 93.8, progressRate: percent(90, 93.8) });
    expect(byName(asOf2024, RATIO).years.find((y) => y.fiscalYear === 2025)?.actual).toBeNull();
  });

  it('lets only HQ’s administrators write', async () => {
    const body = { value: 1, source: 'x', asOf: '2025-05-01' };
    await put(city.tokens.leader, `/indicators/${projectsId}/actuals/2024`, body).expect(403);
    await put(city.tokens.auditor, `/indicators/${projectsId}/actuals/2024`, body).expect(403);
    await put(city.tokens.auditor, `/indicators/${projectsId}/targets`, {
      periodTarget: 1,
      reason: 'x',
    }).expect(403);
  });

  it('answers 400 naming the field and the rule in Japanese and English', async () => {
    const fieldsOf = async (path: string, body: object) => {
      const res = await put(city.tokens.hqAdmin, path, body).expect(400);
      for (const d of res.body.details) {
        expect(d.messageJa).toMatch(/\S/);
        expect(d.messageEn).toMatch(/\S/);
      }
      return res.body.details.map((d: { field: string; rule: string }) => `${d.field}:${d.rule}`);
    };
    const actual = `/indicators/${ratioId}/actuals/2025`;
    expect(await fieldsOf(actual, { value: 'abc', source: '', asOf: '2025-05-01' })).toEqual(
      expect.arrayContaining(['value:isNumber', 'source:isNotEmpty']),
    );
    expect(await fieldsOf(actual, { value: 1, source: 'x'.repeat(201), asOf: '2025/05/01' })).toEqual(
      expect.arrayContaining(['source:maxLength', 'asOf:matches']),
    );
    expect(await fieldsOf(actual, { value: 1e16, source: 'x', asOf: '2025-05-01' })).toEqual(['value:max']);
    expect(await fieldsOf(actual, { value: 1, source: 'x', asOf: '2999-01-01' })).toEqual([
      'asOf:not_future',
    ]);
    expect(await fieldsOf(actual, { value: 1, source: 'x', asOf: '2025-03-31' })).toEqual([
      'asOf:within_or_after_year',
    ]);
    expect(await fieldsOf(actual, { value: 1, source: 'x', asOf: '2025-05-01', extra: 1 })).toEqual([
      'extra:whitelistValidation',
    ]);
    expect(
      await fieldsOf(`/indicators/${ratioId}/actuals/20x5`, { value: 1, source: 'x', asOf: '2025-05-01' }),
    ).toEqual(['fiscalYear:fiscal_year']);
    const target = `/indicators/${ratioId}/targets`;
    expect(await fieldsOf(target, { accumulation: 'average', targets: { 25: 1 } })).toEqual(
      expect.arrayContaining(['accumulation:isIn', 'reason:isDefined']),
    );
    expect(await fieldsOf(target, { targets: { 25: 1 }, reason: 'r' })).toEqual(['targets.25:fiscal_year']);
    // Nothing of this was written.
    expect(byName(await targets(2025), RATIO).years.find((y) => y.fiscalYear === 2025)?.actual).toBe(92.5);
  });

  it('answers 404 for an item’s indicator and for another tenant’s indicator or plan', async () => {
    const other = await hiratsukaCity(api, 'targets-h');
    const [itemIndicator] = await api.dataSource.query(
      'SELECT id FROM indicators WHERE tenant_id = $1 AND item_id IS NOT NULL LIMIT 1',
      [other.city.id],
    );
    const body = { value: 1, source: 'x', asOf: '2025-05-01' };
    await put(other.city.tokens.hqAdmin, `/indicators/${itemIndicator.id}/actuals/2025`, body).expect(404);
    await put(other.city.tokens.hqAdmin, `/indicators/${ratioId}/actuals/2025`, body).expect(404);
    await get(other.city.tokens.hqAdmin, `/plans/${planId}/targets`).query({ fiscalYear: 2025 }).expect(404);
  });

  it('keeps the actuals from being deleted by the application’s login', async () => {
    await expect(
      api.dataSource.query('DELETE FROM indicator_actuals WHERE tenant_id = $1', [city.id]),
    ).rejects.toThrow(/permission denied/);
  });

  it('keeps the targets HQ set and the actuals when the plan is imported again', async () => {
    const again = await uploadPlan(
      api,
      city.tokens.hqAdmin,
      sample('machida-reform.csv'),
      'machida-reform.csv',
    );
    expect([200, 201]).toContain(again.status);
    expect(again.body.planId).toBe(planId);
    const ratio = byName(await targets(2025), RATIO);
    expect(ratio.id).toBe(ratioId);
    expect(ratio).toMatchObject({ periodTarget: 90, accumulation: 'latest', cumulative: 92.5 });
    expect(ratio.years.map((y) => y.target)).toEqual([94, 93, 91.5, 90]);
  });

  it('puts a 主要目標 sheet in the 進捗管理表', async () => {
    const res = await get(city.tokens.auditor, `/plans/${planId}/progress-report`)
      .query({ fiscalYear: 2025 })
      .responseType('blob')
      .expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as unknown as ExcelJS.Buffer);
    const sheet = book.getWorksheet('主要目標');
    expect(sheet).toBeDefined();
    const rows = Array.from({ length: sheet!.rowCount }, (_, r) => {
      const row = sheet!.getRow(r + 1);
      return Array.from({ length: sheet!.columnCount }, (_, c) => row.getCell(c + 1).value ?? null);
    });
    const header = rows[0]!.map(String);
    const cell = (name: string, title: string) => {
      const row = rows.find((r) => r[header.indexOf('指標')] === name);
      if (!row) throw new Error(`no row ${name}`);
      const column = header.indexOf(title);
      if (column < 0) throw new Error(`no column ${title} in ${header.join(' | ')}`);
      return row[column];
    };
    expect(rows).toHaveLength(1 + 12);
    expect(cell(RATIO, '目標値（計画期間）')).toBe(90);
    expect(cell(RATIO, '2024年度 実績')).toBe(93.8);
    expect(cell(RATIO, '2025年度 目標')).toBe(93);
    expect(cell(RATIO, '累計')).toBe(92.5);
    expect(cell(RATIO, '進捗率（%）')).toBe(percent(90, 92.5));
    expect(cell(RATIO, '出典・時点')).toBe('令和7年度 決算見込み（2026-03-31時点）');
    expect(cell(PROJECTS, '累計')).toBe(21);
    expect(cell(PROJECTS, '進捗率（%）')).toBe(percent(21, 40));
    expect(cell(PROJECTS, '集計方法')).toBe('累計（各年度の実績の合計）');
  });
});

describe('an indicator the plan import removes', () => {
  it('takes its actuals with it, although the application’s login may not delete actuals itself', async () => {
    const [{ id }] = await api.dataSource.query(
      `SELECT x.id FROM indicators x JOIN indicator_actuals a ON a.indicator_id = x.id
        WHERE x.tenant_id = $1 AND x.name = $2 LIMIT 1`,
      [city.id, PROJECTS],
    );
    await api.dataSource.query('DELETE FROM indicators WHERE id = $1', [id]);
    expect(
      await api.dataSource.query('SELECT 1 FROM indicator_actuals WHERE indicator_id = $1', [id]),
    ).toEqual([]);
  });
});
