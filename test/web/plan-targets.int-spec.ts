/**
 * 主要目標 in the browser (#24), over the API serving the built app and real PostgreSQL: on the
 * Machida plan HQ records a year's actual of 経常収支比率 (a 基本方針's indicator) through the plan
 * page's form — a missing 出典 is named next to its field before anything is sent — and the board's
 * 主要目標 table then shows the actual, 累計 and 進捗率 computed here from the inputs. axe-core finds
 * nothing serious on either page.
 */
import { fiscalYearOf } from '@pdca/domain/japan-calendar';
import { as, startCycle } from '../api/cycle-helpers';
import { sample, uploadPlan } from '../api/plans-fixtures';
import { screenshot, scrollsSideways, seriousAxeViolations } from './browser';
import { browserSuite } from './browser-suite';

jest.setTimeout(240_000);

const { stack, signIn } = browserSuite('targets');
let planId: string;
let ratioId: string;

const PERIOD_TARGET = 90;
const ACTUAL = 92.5;
const PROJECTS = '多様な主体と連携し取り組んだ事業の数';

beforeAll(async () => {
  const { api, fx } = stack;
  const { hqAdmin } = fx.tenant.users;
  const res = await uploadPlan(api, hqAdmin.token, sample('machida-reform.csv'), 'machida-reform.csv').expect(
    201,
  );
  planId = res.body.planId;
  const targets = await as(api, hqAdmin).get(`/plans/${planId}/targets?fiscalYear=2025`).expect(200);
  ratioId = targets.body.indicators.find((i: { name: string }) => i.name === '経常収支比率').id;
  await as(api, hqAdmin)
    .put(`/indicators/${ratioId}/targets`, {
      periodTarget: PERIOD_TARGET,
      targets: { 2024: 94, 2025: 93, 2026: 91.5, 2027: 90 },
      accumulation: 'latest',
      reason: '第2次計画の主要目標',
    })
    .expect(200);
  // The board shows the plans whose items run in the year it opens on (this fiscal year): one of
  // Machida's items, given the fixture's working group (the sample names none), starts its cycle.
  // (An UPDATE … RETURNING answers [rows, count].)
  const [[item]] = await api.dataSource.query(
    `UPDATE items SET working_group_id = (SELECT working_group_id FROM items WHERE id = $2)
      WHERE plan_id = $1 AND code = '3-1' RETURNING id`,
    [planId, fx.tenant.items.main.id],
  );
  await startCycle(api, hqAdmin, { ...fx.tenant.items.main, id: item.id }, fiscalYearOf(new Date()));
});

it('HQ records 経常収支比率 on the plan page and the board shows its 累計 and 進捗率', async () => {
  const { api, fx, baseUrl } = stack;
  const { page, context } = await signIn(fx.tenant.users.hqAdmin);
  await page.goto(`${baseUrl}/plans/${planId}`);
  const form = page.locator('form.target-actual-form');
  await form.getByRole('heading', { name: '主要目標の実績を入力' }).waitFor();
  await form.locator('#target-indicator').selectOption(ratioId);
  await form.locator('#target-year').selectOption('2025');
  await form.locator('#target-value').fill('92.5');
  await form.locator('#target-as-of').fill('2026-03-31');
  await form.getByRole('button', { name: '実績を保存' }).click();
  // No source: said next to the field, nothing sent.
  await form.locator('[data-field-error="target-source"]').waitFor();
  expect(await form.locator('[data-field-error="target-source"]').textContent()).toContain('出典');
  expect(
    await api.dataSource.query('SELECT 1 FROM indicator_actuals WHERE indicator_id = $1', [ratioId]),
  ).toEqual([]);
  await form.locator('#target-source').fill('令和6年度 決算見込み');
  await form.getByRole('button', { name: '実績を保存' }).click();
  await form.getByText('実績を保存しました。').waitFor();
  const [stored] = await api.dataSource.query(
    `SELECT value::float AS value, source, to_char(as_of, 'YYYY-MM-DD') AS as_of FROM indicator_actuals
      WHERE indicator_id = $1 AND fiscal_year = 2025`,
    [ratioId],
  );
  expect(stored).toEqual({ value: ACTUAL, source: '令和6年度 決算見込み', as_of: '2026-03-31' });
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshot(page, 'targets-01-plan-form');

  await page.goto(`${baseUrl}/board`);
  const row = page.getByTestId('plan-target').filter({ hasText: '経常収支比率' });
  await row.waitFor();
  // Lower is better, no baseline: 進捗率 = 目標値 ÷ the latest actual.
  const progress = `${((PERIOD_TARGET / ACTUAL) * 100).toFixed(1)}%`;
  expect(await row.getByTestId('target-progress').textContent()).toBe(progress);
  expect(await row.getByTestId('target-cumulative').textContent()).toContain('92.5');
  expect(await row.textContent()).toContain('令和6年度 決算見込み（2026-03-31時点）');
  // Only indicators with a target or an actual are rows; Machida's 11 others are counted.
  const table = page.getByTestId('plan-targets');
  expect(await table.getByTestId('plan-target').count()).toBe(1);
  expect(await table.textContent()).toContain('目標値・実績のない指標が11件');
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshot(page, 'targets-02-board');
  // On a phone the table scrolls in its own box; the page does not.
  const phone = await signIn(fx.tenant.users.hqAdmin, { width: 360 });
  await phone.page.goto(`${baseUrl}/board`);
  await phone.page.getByTestId('plan-target').filter({ hasText: '経常収支比率' }).waitFor();
  await screenshot(phone.page, 'targets-03-board-360px');
  expect(await scrollsSideways(phone.page)).toBe(false);
  expect(await seriousAxeViolations(phone.page)).toEqual([]);
  await phone.context.close();
  await context.close();
});

it('HQ sets a flow’s whole-period target, accumulation and yearly targets with a reason', async () => {
  const { api, fx, baseUrl } = stack;
  const { page, context } = await signIn(fx.tenant.users.hqAdmin);
  await page.goto(`${baseUrl}/plans/${planId}`);
  const form = page.locator('section.target-settings');
  await form.getByRole('heading', { name: '主要目標の目標値を設定' }).waitFor();
  const projects = (
    await as(api, fx.tenant.users.hqAdmin).get(`/plans/${planId}/targets?fiscalYear=2025`)
  ).body.indicators.find((i: { name: string }) => i.name === PROJECTS);
  await form.locator('#target-settings-indicator').selectOption(projects.id);
  await form.locator('#target-period').fill('40');
  await form.locator('#target-accumulation').selectOption('sum');
  await form.locator('#target-year-2025').fill('１０');
  await form.getByRole('button', { name: '目標値を保存' }).click();
  // Without a reason the server's 400 is shown next to the field; nothing was written.
  await form.locator('[data-field-error="target-settings-reason"]').waitFor();
  await form.locator('#target-settings-reason').fill('連携事業の目標');
  await form.getByRole('button', { name: '目標値を保存' }).click();
  await form.getByText('目標値を保存しました。').waitFor();
  const after = (
    await as(api, fx.tenant.users.hqAdmin).get(`/plans/${planId}/targets?fiscalYear=2025`)
  ).body.indicators.find((i: { name: string }) => i.name === PROJECTS);
  expect(after).toMatchObject({ periodTarget: 40, periodTargetDerived: false, accumulation: 'sum' });
  expect(after.years.find((y: { fiscalYear: number }) => y.fiscalYear === 2025).target).toBe(10);
  const [entry] = await api.dataSource.query(
    `SELECT comment FROM audit_log WHERE action = 'indicator.targets_updated' AND payload->>'indicatorId' = $1`,
    [projects.id],
  );
  expect(entry.comment).toBe('連携事業の目標');
  expect(await seriousAxeViolations(page)).toEqual([]);
  await context.close();
});

it('offers the form to HQ’s administrators only', async () => {
  const { fx, baseUrl } = stack;
  const { page, context } = await signIn(fx.tenant.users.auditor);
  await page.goto(`${baseUrl}/plans/${planId}`);
  await page.getByTestId('plan-document').waitFor();
  expect(await page.locator('form.target-actual-form').count()).toBe(0);
  await context.close();
});
