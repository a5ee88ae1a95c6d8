/**
 * Costs in the browser (#26), over the real stack: the leader enters 事業費 and 人工 in the PLAN form
 * at 360 px, reads the 人件費 and フルコスト worked out with the city's 人件費単価 before sending, has a
 * bad 人工 named next to its field (nothing sent), and after sending sees the year's 見込 on the task
 * page with the unit cost used. axe-core finds no serious violation; the page never scrolls sideways.
 */
import { formatMoney } from '@pdca/domain/format';
import { as, eventually, startCycle } from '../api/cycle-helpers';
import { screenshot, scrollsSideways, seriousAxeViolations } from './browser';
import { browserSuite } from './browser-suite';

jest.setTimeout(240_000);

const { stack, signIn } = browserSuite('item-costs');
/** Not the default (8,000,000): the page must show the city's own. */
const UNIT_COST = 7_600_000;
const PROJECT_COST = 12_000_000;
const FTE = 1.5;

let cycleId: string;
let planTaskId: string;

beforeAll(async () => {
  const { api, fx } = stack;
  await api.dataSource.query(
    `UPDATE tenants SET settings = COALESCE(settings, '{}'::jsonb) || $2::jsonb WHERE id = $1`,
    [fx.tenant.id, JSON.stringify({ costs: { staffUnitCost: UNIT_COST } })],
  );
  const cycle = await startCycle(api, fx.tenant.users.hqAdmin, fx.tenant.items.main);
  cycleId = cycle.id;
  planTaskId = cycle.tasks.find((t) => t.kind === 'plan')!.id;
});

it('takes 事業費 and 人工 at PLAN, shows 人件費 and フルコスト, names a bad 人工, and shows the 見込 once sent', async () => {
  const { api, fx } = stack;
  const { page } = await signIn(fx.tenant.users.leader, { width: 360 });
  let posts = 0;
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith(`/cycles/${cycleId}/plan`)) posts++;
  });
  await page.goto(`${stack.baseUrl}/cycles/${cycleId}/tasks/${planTaskId}`);
  await page.getByRole('heading', { name: /年度取組計画の作成$/ }).waitFor();
  await page.getByTestId('item-costs').getByText('まだ費用は入力されていません。').waitFor();
  await page.getByLabel('オンライン申請率').fill('55');
  await page.getByLabel('窓口平均待ち時間').fill('15');
  await page.getByLabel('取組 1').fill('電子申請の対象手続を拡大する');
  await page.getByLabel('事業費（円）').fill('12,000,000');
  await page.getByLabel('人工（人・年、小数点以下2桁まで）').fill('-1');
  await page.getByRole('button', { name: '提出する' }).click();
  const fteError = page.locator('#costs-staffFte-error');
  await fteError.waitFor();
  expect(await fteError.textContent()).toContain('人工は0～1000の数値');
  expect(posts).toBe(0);
  expect(await page.getByTestId('costs-full').textContent()).toContain('人件費：—');

  await page.getByLabel('人工（人・年、小数点以下2桁まで）').fill(String(FTE));
  const staffCost = Math.round(FTE * UNIT_COST);
  const full = page.getByTestId('costs-full');
  await expect(full.textContent()).resolves.toContain(formatMoney(PROJECT_COST + staffCost, 'ja'));
  expect(await full.textContent()).toContain(formatMoney(staffCost, 'ja'));
  expect(await page.getByTestId('item-costs').textContent()).not.toContain('見込');
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(await scrollsSideways(page)).toBe(false);
  await screenshot(page, 'item-costs-01-plan-form');

  await page.getByRole('button', { name: '提出する' }).click();
  await page.getByText('提出しました').first().waitFor();
  expect(posts).toBe(1);
  // Stored with the city's unit cost (the projection lags the workflow a little).
  const stored = await eventually(async () => {
    const body = (await as(api, fx.tenant.users.leader).get(`/items/${fx.tenant.items.main.id}/costs`)).body;
    return body.years?.[0]?.estimate ?? undefined;
  });
  expect(stored).toMatchObject({ unitCost: UNIT_COST, staffCost, fullCost: PROJECT_COST + staffCost });

  await page.reload();
  const panel = page.getByTestId('item-costs');
  await panel.getByText(formatMoney(PROJECT_COST + staffCost, 'ja')).waitFor();
  const text = (await panel.textContent()) ?? '';
  expect(text).toContain('見込');
  expect(text).toContain(`（単価 ${formatMoney(UNIT_COST, 'ja')}）`);
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(await scrollsSideways(page)).toBe(false);
  await screenshot(page, 'item-costs-02-task-page');

  // HQ reads the costs in the submission it approves, in the words of the form.
  const cycle = (await as(api, fx.tenant.users.hqApprover).get(`/cycles/${cycleId}`).expect(200)).body;
  const pending = cycle.approvals.find((a: { status: string }) => a.status === 'pending');
  const hq = await signIn(fx.tenant.users.hqApprover, { width: 360 });
  await hq.page.goto(`${stack.baseUrl}/cycles/${cycleId}/approvals/${pending.id}`);
  const sent = hq.page.getByTestId('payload-costs');
  await sent.waitFor();
  const sentText = (await sent.textContent()) ?? '';
  expect(sentText).toContain(`事業費：${formatMoney(PROJECT_COST, 'ja')}`);
  expect(sentText).toContain(`人工：${FTE}`);
  expect(await seriousAxeViolations(hq.page)).toEqual([]);
  expect(await scrollsSideways(hq.page)).toBe(false);
});
