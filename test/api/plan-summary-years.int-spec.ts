/**
 * #23: GET /plans/{planId}/summary answers `years`, the 効果額 of every year of the plan period
 * (the board's chart of cumulative against target). The Hiratsuka sample (2024–2027) with its
 * imported targets, one item's 2024 evaluation approved (its cycle reached ACT), its 2025 PLAN
 * submitting a target of its own and its 2025 evaluation not yet approved, and a 2026 evaluation
 * approved after the year asked. Expected figures come from the stored targets and this test's
 * own inputs, summed here.
 */
import { type ApiTestApp, bearer, startApiApp } from './api-test-app';
import { type CityTenant, hiratsukaCity } from './plans-fixtures';

let api: ApiTestApp;
let city: CityTenant;
let planId: string;

const FY = 2025;
const ACTUAL_2024 = { spendingReduction: 1_000_000, revenueGain: 40_000_000, cost: 11_000_000 };
const PLAN_TARGET_2025 = { spendingReduction: 2_000_000, revenueGain: 45_000_000, cost: 10_000_000 };
const UNAPPROVED_2025 = { spendingReduction: 9_000_000, revenueGain: 0, cost: 0 };
const ACTUAL_2026 = { spendingReduction: 5_000_000, revenueGain: 0, cost: 0 };
const net = (e: { spendingReduction: number; revenueGain: number; cost: number }) =>
  e.spendingReduction + e.revenueGain - e.cost;

/** A cycle row as the worker's projection leaves it (only the columns the roll-up reads). */
async function cycle(
  itemId: string,
  fiscalYear: number,
  stage: string,
  plan: object | null,
  evaluation: object | null,
) {
  await api.dataSource.query(
    `INSERT INTO cycles (id, tenant_id, item_id, fiscal_year, workflow_id, stage, status, started_at, plan, evaluation)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, 'awaiting_submission', now(), $6, $7)`,
    [
      city.id,
      itemId,
      fiscalYear,
      `pdca/${city.code}/${itemId}/${fiscalYear}`,
      stage,
      plan && JSON.stringify(plan),
      evaluation && JSON.stringify(evaluation),
    ],
  );
}

beforeAll(async () => {
  api = await startApiApp();
  ({ city, planId } = await hiratsukaCity(api, 'summary-years'));
  const [item] = await api.dataSource.query(`SELECT id FROM items WHERE tenant_id = $1 AND code = '3-3'`, [
    city.id,
  ]);
  await cycle(item.id, 2024, 'ACT', null, { payload: { effects: ACTUAL_2024 } });
  await cycle(
    item.id,
    2025,
    'CHECK',
    { payload: { effectTarget: PLAN_TARGET_2025 } },
    {
      payload: { effects: UNAPPROVED_2025 },
    },
  );
  await cycle(item.id, 2026, 'ACT', null, { payload: { effects: ACTUAL_2026 } });
});

afterAll(async () => {
  await api?.close();
});

it('answers every year of the plan period with its target, actual and cumulative figures', async () => {
  // The imported targets per year, summed over the items straight from the table.
  const rows: Array<{ code: string; effect_targets: Record<string, { net: number }> | null }> =
    await api.dataSource.query('SELECT code, effect_targets FROM items WHERE tenant_id = $1', [city.id]);
  const imported = (fy: number, except?: string) =>
    rows
      .filter((r) => r.code !== except)
      .reduce((sum, r) => sum + (r.effect_targets?.[String(fy)]?.net ?? 0), 0);
  const item33 = rows.find((r) => r.code === '3-3')!;
  expect(item33.effect_targets?.['2025']?.net).not.toBe(net(PLAN_TARGET_2025)); // the PLAN's own target differs
  const target = {
    2024: imported(2024),
    2025: imported(2025, '3-3') + net(PLAN_TARGET_2025),
    2026: imported(2026),
    2027: imported(2027),
  };
  expect(target[2024]).toBeGreaterThan(0);

  const res = await api
    .http()
    .get(`/api/v1/plans/${planId}/summary`)
    .query({ fiscalYear: FY })
    .set(bearer(city.tokens.auditor))
    .expect(200);
  expect(res.body.years).toEqual([
    {
      fiscalYear: 2024,
      target: target[2024],
      actual: net(ACTUAL_2024),
      cumulativeTarget: target[2024],
      cumulativeActual: net(ACTUAL_2024),
      itemsWithActual: 1,
    },
    {
      // The 2025 evaluation is not approved yet: no actual for the year.
      fiscalYear: 2025,
      target: target[2025],
      actual: 0,
      cumulativeTarget: target[2024] + target[2025],
      cumulativeActual: net(ACTUAL_2024),
      itemsWithActual: 0,
    },
    {
      // After the year asked: targets only, even though 2026's evaluation is approved.
      fiscalYear: 2026,
      target: target[2026],
      actual: null,
      cumulativeTarget: target[2024] + target[2025] + target[2026],
      cumulativeActual: null,
      itemsWithActual: 0,
    },
    {
      fiscalYear: 2027,
      target: target[2027],
      actual: null,
      cumulativeTarget: target[2024] + target[2025] + target[2026] + target[2027],
      cumulativeActual: null,
      itemsWithActual: 0,
    },
  ]);
  // The year asked agrees with the plan's totals of that year.
  expect(res.body.plan.year.target.net).toBe(target[2025]);
  expect(res.body.plan.cumulative.actual.net).toBe(net(ACTUAL_2024));
  // Against the whole period: every year's targets, the actuals up to the year asked.
  const wholeTarget = target[2024] + target[2025] + target[2026] + target[2027];
  expect(res.body.period).toEqual({ fromFy: 2024, toFy: 2027 });
  expect(res.body.plan.period).toMatchObject({
    target: { net: wholeTarget },
    actual: { net: net(ACTUAL_2024) },
    achievementRate: Math.round((net(ACTUAL_2024) / wholeTarget) * 1000) / 10,
  });
});

it('answers 2026 with its approved actual once that year is asked for', async () => {
  const res = await api
    .http()
    .get(`/api/v1/plans/${planId}/summary`)
    .query({ fiscalYear: 2026 })
    .set(bearer(city.tokens.hqApprover))
    .expect(200);
  const years = res.body.years as Array<{
    fiscalYear: number;
    actual: number | null;
    cumulativeActual: number | null;
  }>;
  expect(years.map((y) => [y.fiscalYear, y.actual, y.cumulativeActual])).toEqual([
    [2024, net(ACTUAL_2024), net(ACTUAL_2024)],
    [2025, 0, net(ACTUAL_2024)],
    [2026, net(ACTUAL_2026), net(ACTUAL_2024) + net(ACTUAL_2026)],
    [2027, null, null],
  ]);
});
