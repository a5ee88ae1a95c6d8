/**
 * Costs through the plan import (#26): a plan file's 事業費 / 人工 / 一般財源 / 国・県支出金 / その他 /
 * 事業区分 columns reach item_costs (見込 of every plan year, フルコスト computed with the city's
 * 人件費単価) and items.project_kind, and come back through GET /items/{itemId}/costs as the file
 * wrote them; a re-import of the same file changes nothing; a submitted PLAN's 見込 outranks the
 * file; a bad cell refuses the whole file naming its row and column.
 */
import { type ApiTestApp, bearer, startApiApp } from './api-test-app';
import { type CityTenant, createCityTenant, uploadPlan } from './plans-fixtures';

let api: ApiTestApp;
let city: CityTenant;

const FILE = 'costs-plan.csv';
const HEADER =
  '番号,改革項目名,所管,指標名,単位,現状値,目標値,方向,事業費(千円),人工,一般財源(千円),国・県支出金(千円),その他(千円),事業区分';
/** What the file says of item 1-1, in the units its header gives (千円, 人工). */
const ONE = { projectCost: 12_345, staffFte: 1.55, general: 8_000, national: 3_345, other: 1_000 };

function csv(rows: string[]): Buffer {
  return Buffer.from(['# plan: 費用テスト計画', '# period: 2026-2027', HEADER, ...rows].join('\n'), 'utf8');
}
const ROWS = [
  `1-1,費用のある事業,企画課,利用件数,件,10,20,higher,${ONE.projectCost},${ONE.staffFte},${ONE.general},${ONE.national},${ONE.other},上乗せ・横出し`,
  '1-2,費用のない事業,企画課,参加者数,人,5,8,higher,,,,,,',
];

async function itemId(code: string): Promise<string> {
  const [row] = await api.dataSource.query('SELECT id FROM items WHERE tenant_id = $1 AND code = $2', [
    city.id,
    code,
  ]);
  return row.id;
}
const costsOf = async (code: string) =>
  (
    await api
      .http()
      .get(`/api/v1/items/${await itemId(code)}/costs`)
      .set(bearer(city.tokens.auditor))
      .expect(200)
  ).body;

beforeAll(async () => {
  api = await startApiApp({}, { loginRateLimits: { perIp: { limit: 10_000, windowMs: 60_000 } } });
  city = await createCityTenant(api, '費用市', 'costs');
}, 120_000);

afterAll(async () => {
  await api?.close();
});

describe('costs in the plan import', () => {
  it('round-trip: the file’s columns come back as the 見込 of every plan year, with フルコスト computed', async () => {
    await uploadPlan(api, city.tokens.hqAdmin, csv(ROWS), FILE).expect(201);
    const one = await costsOf('1-1');
    expect(one.projectKind).toBe('top_up');
    expect(one.projectKindLabel).toEqual({ ja: '上乗せ・横出し', en: 'Top-up / extension' });
    expect(one.years.map((y: { fiscalYear: number }) => y.fiscalYear)).toEqual([2027, 2026]);
    const unit = one.staffUnitCost;
    expect(unit).toBe(8_000_000);
    for (const year of one.years) {
      expect(year.actual).toBeNull();
      expect(year.estimate).toMatchObject({
        source: 'import',
        projectCost: ONE.projectCost * 1000,
        staffFte: ONE.staffFte,
        unitCost: unit,
        staffCost: Math.round(ONE.staffFte * unit),
        fullCost: ONE.projectCost * 1000 + Math.round(ONE.staffFte * unit),
        fundingGeneral: ONE.general * 1000,
        fundingNationalPrefectural: ONE.national * 1000,
        fundingOther: ONE.other * 1000,
      });
    }
    const two = await costsOf('1-2');
    expect(two).toMatchObject({ projectKind: null, years: [] });

    // The same file again writes nothing new (the rows keep the time they were written).
    const before = await api.dataSource.query(
      'SELECT fiscal_year, set_at FROM item_costs WHERE tenant_id = $1 ORDER BY fiscal_year',
      [city.id],
    );
    const again = await uploadPlan(api, city.tokens.hqAdmin, csv(ROWS), FILE).expect(200);
    expect(again.body.changed).toEqual([]);
    expect(
      await api.dataSource.query(
        'SELECT fiscal_year, set_at FROM item_costs WHERE tenant_id = $1 ORDER BY fiscal_year',
        [city.id],
      ),
    ).toEqual(before);
  });

  it('a changed file replaces the imported 見込 but not one a PLAN submission set', async () => {
    const id = await itemId('1-1');
    await api.dataSource.query(
      `UPDATE item_costs SET source = 'plan', project_cost = 1, staff_fte = 0, staff_cost = 0, full_cost = 1,
              funding_general = NULL, funding_national_prefectural = NULL, funding_other = NULL
        WHERE item_id = $1 AND fiscal_year = 2026`,
      [id],
    );
    const changed = ROWS.map((r) =>
      r.replace(`,${ONE.projectCost},`, ',20000,').replace(`,${ONE.general},`, ',15655,'),
    );
    const preview = await uploadPlan(api, city.tokens.hqAdmin, csv(changed), FILE, { dryRun: true }).expect(
      200,
    );
    expect(preview.body.changed).toEqual([{ code: '1-1', fields: ['costs'] }]);
    const kindChanged = changed.map((r) => r.replace('上乗せ・横出し', '法定受託'));
    const both = await uploadPlan(api, city.tokens.hqAdmin, csv(kindChanged), FILE, { dryRun: true }).expect(
      200,
    );
    expect(both.body.changed).toEqual([{ code: '1-1', fields: ['costs', 'projectKind'] }]);
    await uploadPlan(api, city.tokens.hqAdmin, csv(changed), FILE).expect(200);
    const years = (await costsOf('1-1')).years;
    expect(years.find((y: { fiscalYear: number }) => y.fiscalYear === 2027).estimate).toMatchObject({
      source: 'import',
      projectCost: 20_000_000,
      fundingGeneral: 15_655_000,
    });
    expect(years.find((y: { fiscalYear: number }) => y.fiscalYear === 2026).estimate).toMatchObject({
      source: 'plan',
      projectCost: 1,
    });
  });

  it('refuses the whole file for a bad 人工, a funding that does not sum, or an unknown 事業区分, naming row and column', async () => {
    const other = await createCityTenant(api, '費用市', 'costs-bad');
    const bad = [
      '1-1,事業A,企画課,利用件数,件,10,20,higher,1000,-1,,,,市単独',
      '1-2,事業B,企画課,利用件数,件,10,20,higher,1000,1,900,,,市単独',
      '1-3,事業C,企画課,利用件数,件,10,20,higher,1000,1,,,,国補助',
    ];
    const res = await uploadPlan(api, other.tokens.hqAdmin, csv(bad), FILE).expect(400);
    const errors = res.body.details
      .filter((d: { severity: string }) => d.severity === 'error')
      .map((d: { row: number; column: string; rule: string }) => [d.row, d.column, d.rule]);
    expect(errors).toEqual([
      [4, '人工', 'item_costs_invalid'],
      [5, '一般財源(千円)', 'item_costs_invalid'],
      [6, '事業区分', 'project_kind_invalid'],
    ]);
    // Without a plan period the costs have no year to be filed under.
    const noPeriod = Buffer.from(
      [HEADER, ROWS[0]].join('\n').replace(HEADER, `# plan: 期間のない計画\n${HEADER}`),
    );
    const refused = await uploadPlan(api, other.tokens.hqAdmin, noPeriod, FILE).expect(400);
    expect(
      refused.body.details
        .filter((d: { severity: string }) => d.severity === 'error')
        .map((d: { row: number; column: string; rule: string }) => [d.row, d.column, d.rule]),
    ).toEqual([[3, '事業費(千円)', 'cost_year_missing']]);
    const written = await api.dataSource.query('SELECT count(*)::int AS n FROM items WHERE tenant_id = $1', [
      other.id,
    ]);
    expect(written[0].n).toBe(0);
  });
});
