/**
 * Costs per item and fiscal year (#26), through HTTP with a real worker: the PLAN submission's
 * `costs` is the year's 見込, the CHECK evaluation's its 実績; each is stored with the city's
 * 人件費単価 and the フルコスト computed here from the inputs (人工 × 単価 + 事業費). A bad value is a
 * 400 naming the field in Japanese and English.
 */
import { type ApiWithWorker, startApiWithWorker } from './api-test-app';
import { as, evaluationBody, FY, planBody, runYearToAct, runYearToCheck, startCycle } from './cycle-helpers';
import { createApiFixture, type FixtureTenant } from './fixtures';

let api: ApiWithWorker;
let t: FixtureTenant;

/** The city's 人件費単価 of this test, not the default (8,000,000), so that the test sees it used. */
const UNIT_COST = 7_600_000;

const planCosts = {
  projectCost: 12_000_000,
  staffFte: 1.55,
  fundingGeneral: 8_000_000,
  fundingNationalPrefectural: 3_000_000,
  fundingOther: 1_000_000,
};
const checkCosts = { projectCost: 11_250_000, staffFte: 1.2 };

beforeAll(async () => {
  api = await startApiWithWorker('item-costs');
  t = (await createApiFixture(api)).tenant;
  await api.dataSource.query(
    `UPDATE tenants SET settings = COALESCE(settings, '{}'::jsonb) || $2::jsonb WHERE id = $1`,
    [t.id, JSON.stringify({ costs: { staffUnitCost: UNIT_COST } })],
  );
}, 120_000);

afterAll(async () => {
  await api?.close();
});

describe('costs at PLAN (見込) and CHECK (実績)', () => {
  it('stores each with 人件費 = 人工 × the city’s 単価 and フルコスト = 事業費 + 人件費, and GET answers them', async () => {
    const item = t.items.main;
    await runYearToAct(api, t.users, item, FY, {
      plan: { costs: planCosts },
      evaluation: { costs: checkCosts },
    });

    const res = await as(api, t.users.auditor).get(`/items/${item.id}/costs`).expect(200);
    expect(res.body.staffUnitCost).toBe(UNIT_COST);
    const year = res.body.years.find((y: { fiscalYear: number }) => y.fiscalYear === FY);
    const estimateStaff = Math.round(planCosts.staffFte * UNIT_COST);
    expect(year.estimate).toMatchObject({
      basis: 'estimate',
      source: 'plan',
      projectCost: planCosts.projectCost,
      staffFte: planCosts.staffFte,
      unitCost: UNIT_COST,
      staffCost: estimateStaff,
      fullCost: planCosts.projectCost + estimateStaff,
      fundingGeneral: planCosts.fundingGeneral,
      fundingNationalPrefectural: planCosts.fundingNationalPrefectural,
      fundingOther: planCosts.fundingOther,
      setBy: t.users.leader.id,
    });
    expect(estimateStaff).toBe(11_780_000);
    const actualStaff = Math.round(checkCosts.staffFte * UNIT_COST);
    expect(year.actual).toMatchObject({
      basis: 'actual',
      source: 'check',
      projectCost: checkCosts.projectCost,
      staffCost: actualStaff,
      fullCost: checkCosts.projectCost + actualStaff,
      fundingGeneral: null,
    });

    // What 事業検証 reads: the row itself, in the table of the contract.
    const [row] = await api.dataSource.query(
      `SELECT full_cost::bigint AS full_cost, staff_fte::text AS fte FROM item_costs
        WHERE item_id = $1 AND fiscal_year = $2 AND basis = 'estimate'`,
      [item.id, FY],
    );
    expect(Number(row.full_cost)).toBe(planCosts.projectCost + estimateStaff);
    expect(row.fte).toBe('1.55');

    // The 進捗管理表 has them in columns (CSV: yen), with the item's 事業区分.
    await api.dataSource.query(`UPDATE items SET project_kind = 'city_only' WHERE id = $1`, [item.id]);
    const csv = await as(api, t.users.auditor)
      .get(`/plans/${t.planId}/progress-report?fiscalYear=${FY}&format=csv`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
      })
      .expect(200);
    const [header, ...rows] = parseCsv(csv.body as string);
    const line = rows.find((r) => r[0] === item.code)!;
    const cell = (title: string) => line[header.indexOf(title)];
    expect(cell('事業区分')).toBe('市単独');
    expect(cell('事業費（見込）（円）')).toBe(String(planCosts.projectCost));
    expect(cell('人工（見込）')).toBe(String(planCosts.staffFte));
    expect(cell('人件費（見込）（円）')).toBe(String(estimateStaff));
    expect(cell('フルコスト（見込）（円）')).toBe(String(planCosts.projectCost + estimateStaff));
    expect(cell('フルコスト（実績）（円）')).toBe(String(checkCosts.projectCost + actualStaff));

    // The 評価シート prints them: フルコスト（a＋b）, 見込 beside 実績, in 千円 as its other amounts.
    const sheet = await as(api, t.users.auditor)
      .get(`/items/${item.id}/evaluation-sheet?fiscalYear=${FY}&format=html`)
      .expect(200);
    const html = sheet.text;
    const thousands = (yen: number) =>
      `${(yen / 1000).toLocaleString('ja-JP', { maximumFractionDigits: 3 })}千円`;
    expect(html).toContain('フルコスト（a＋b）');
    for (const yen of [
      planCosts.projectCost,
      estimateStaff,
      planCosts.projectCost + estimateStaff,
      actualStaff,
      checkCosts.projectCost + actualStaff,
      planCosts.fundingNationalPrefectural,
    ]) {
      expect(html).toContain(thousands(yen));
    }
  }, 180_000);

  it('is 400 naming the field for a bad 人工, 事業費 or 財源内訳, in Japanese and English', async () => {
    const item = t.items.other;
    const { id: cycleId } = await startCycle(api, t.users.hqAdmin, item, FY);
    const lead = as(api, t.users.otherLeader);
    const badFte = await lead
      .post(`/cycles/${cycleId}/plan`, { ...planBody(item), costs: { projectCost: 1000, staffFte: -0.5 } })
      .expect(400);
    expect(badFte.body.code).toBe('INVALID_PAYLOAD');
    const fte = badFte.body.details.find((d: { field: string }) => d.field === 'costs.staffFte');
    expect(fte).toMatchObject({ rule: 'staff_fte' });
    expect(JSON.stringify(fte)).toContain('人工');
    expect(JSON.stringify(fte)).toContain('person-years');

    const badSum = await lead
      .post(`/cycles/${cycleId}/plan`, {
        ...planBody(item),
        costs: { projectCost: 1000, staffFte: 0, fundingGeneral: 900 },
      })
      .expect(400);
    expect(badSum.body.details.map((d: { field: string; rule: string }) => [d.field, d.rule])).toEqual([
      ['costs.fundingGeneral', 'funding_sum'],
    ]);

    const notANumber = await lead
      .post(`/cycles/${cycleId}/plan`, { ...planBody(item), costs: { projectCost: '千円', staffFte: 1 } })
      .expect(400);
    expect(JSON.stringify(notANumber.body)).toContain('projectCost');

    // Nothing was stored by the refused submissions.
    const stored = await api.dataSource.query(
      'SELECT 1 FROM item_costs WHERE item_id = $1 AND fiscal_year = $2',
      [item.id, FY],
    );
    expect(stored).toHaveLength(0);
  }, 120_000);

  it('a PLAN without costs stores none, and a CHECK with costs adds the 実績 alone', async () => {
    const item = t.items.other;
    const users = { ...t.users, leader: t.users.otherLeader };
    const state = await runYearToCheck(api, users, item, FY + 1);
    await as(api, t.users.otherLeader)
      .post(`/cycles/${state.cycleId}/evaluation`, {
        ...evaluationBody(item),
        costs: { projectCost: 0, staffFte: 0.1 },
      })
      .expect(200);
    const res = await as(api, t.users.otherLeader).get(`/items/${item.id}/costs`).expect(200);
    const year = res.body.years.find((y: { fiscalYear: number }) => y.fiscalYear === FY + 1);
    expect(year.estimate).toBeNull();
    expect(year.actual).toMatchObject({
      staffCost: Math.round(0.1 * UNIT_COST),
      fullCost: Math.round(0.1 * UNIT_COST),
    });
  }, 180_000);
});

/** RFC 4180 rows (quoted cells with commas, quotes and line breaks), without the BOM. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

describe('the city setting costs.staffUnitCost (人件費単価)', () => {
  it('is read and written like the other settings; a change leaves stored costs on the unit cost of their time', async () => {
    const current = (await as(api, t.users.leader).get('/settings').expect(200)).body.settings;
    expect(current.costs).toEqual({ staffUnitCost: UNIT_COST });

    const bad = await as(api, t.users.hqAdmin)
      .put('/settings', { settings: { ...current, costs: { staffUnitCost: 1.5 } } })
      .expect(400);
    const problem = bad.body.details.find(
      (d: { field: string }) => d.field === 'settings.costs.staffUnitCost',
    );
    expect(problem).toMatchObject({ rule: 'unit_cost_range' });
    expect(problem.messageJa).toContain('人件費単価');

    await as(api, t.users.hqAdmin)
      .put('/settings', { settings: { ...current, costs: { staffUnitCost: 9_000_000 } }, reason: '単価改定' })
      .expect(200);
    const costs = (await as(api, t.users.auditor).get(`/items/${t.items.main.id}/costs`).expect(200)).body;
    expect(costs.staffUnitCost).toBe(9_000_000);
    const year = costs.years.find((y: { fiscalYear: number }) => y.fiscalYear === FY);
    expect(year.estimate.unitCost).toBe(UNIT_COST);
    expect(year.estimate.staffCost).toBe(Math.round(planCosts.staffFte * UNIT_COST));
  });
});
