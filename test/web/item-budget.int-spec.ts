/**
 * The budget chain in the browser (#26), over the API serving the built app and real PostgreSQL: an
 * item's PLAN asked 12,000千円 for 2026, its approved 縮小 proposed 9,000千円 for 2027, and 財政課
 * assessed 11,500千円 and the council adopted 11,000千円. The item's 予算の経過 shows the chain side
 * by side in Japanese with the decision behind 予算への反映額; 財政課 enters 2028's 当初予算額 on the
 * page (a negative amount is named next to its field before anything is sent); 予算反映状況 lists
 * the item. axe-core finds nothing serious, at desktop width and at 360 px.
 */

import { cycleWithReflection } from '../api/budget-fixtures';
import { as } from '../api/cycle-helpers';
import { createFixtureUser, type FixtureUser } from '../api/fixtures';
import { checkBothWidths } from './browser';
import { browserSuite } from './browser-suite';

jest.setTimeout(240_000);

const { stack, signIn } = browserSuite('budget');
let finance: FixtureUser;

beforeAll(async () => {
  const { api, fx } = stack;
  finance = await createFixtureUser(api, fx.tenant, 'finance', '財政 太郎', ['finance']);
  await cycleWithReflection(api, fx.tenant, fx.tenant.items.main.id, 12_000_000, 'reduce', 9_000_000);
  const path = `/items/${fx.tenant.items.main.id}/budgets/2027`;
  await as(api, finance).put(path, { assessed: 11_500_000, reason: '事業費を精査' }).expect(200);
  await as(api, finance).put(path, { adopted: 11_000_000, reason: '3月議会で議決' }).expect(200);
});

it('shows one item’s chain in Japanese, and 財政課 enters the next 当初予算額 on it', async () => {
  const { api, fx, baseUrl } = stack;
  const { page } = await signIn(finance);
  const item = fx.tenant.items.main;
  await page.goto(`${baseUrl}/items/${item.id}/budgets`);
  await page.getByRole('heading', { level: 1, name: /予算の経過/ }).waitFor();
  const table = page.getByTestId('budget-chain');
  const row = (fy: number) => table.locator(`tr[data-year="${fy}"]`);
  const cell = (fy: number, amount: string) => row(fy).locator(`td[data-amount="${amount}"]`);
  expect(await table.locator('thead').textContent()).toBe(
    '予算年度当初予算額（案）査定額当初予算額予算への反映額予算額（現在）',
  );
  expect(await cell(2026, 'requested').textContent()).toContain('12,000千円');
  expect(await cell(2026, 'requested').textContent()).toContain('取組計画');
  expect(await cell(2026, 'requested').textContent()).toContain(fx.tenant.users.leader.displayName);
  expect(await cell(2027, 'assessed').textContent()).toContain('11,500千円');
  expect(await cell(2027, 'assessed').textContent()).toContain('財政 太郎');
  expect(await cell(2027, 'assessed').textContent()).toContain('事業費を精査');
  expect(await cell(2027, 'adopted').textContent()).toContain('11,000千円');
  expect(await cell(2027, 'reflected').textContent()).toContain('9,000千円');
  expect(await row(2027).locator('td').last().textContent()).toBe('11,000千円当初予算額');
  const decisions = await page.getByTestId('budget-decisions').textContent();
  expect(decisions).toContain('2026年度（令和8年度）の縮小（今後の方向性）');
  expect(decisions).toContain('9,000千円（-3,000千円）');

  const form = page.locator('form.budget-amounts-form');
  await form.locator('#budget-year').selectOption('2028');
  await form.locator('#budget-adopted').fill('-5000');
  await form.locator('#budget-reason').fill('補正');
  await form.getByRole('button', { name: '保存' }).click();
  await form.locator('[data-field-error="budget-adopted"]').waitFor();
  expect(await form.locator('[data-field-error="budget-adopted"]').textContent()).toContain('当初予算額');
  await form.locator('#budget-adopted').fill('10,800千');
  await form.getByRole('button', { name: '保存' }).click();
  await form.getByText('保存しました。').waitFor();
  await row(2028).waitFor();
  expect(await cell(2028, 'adopted').textContent()).toContain('10,800千円');
  const [stored] = await api.dataSource.query(
    `SELECT amount::bigint AS amount, reason FROM item_budget_amounts
      WHERE item_id = $1 AND budget_year = 2028 AND kind = 'adopted'`,
    [item.id],
  );
  expect(stored).toEqual({ amount: '10800000', reason: '補正' });
  await checkBothWidths(page, 'item-budget');
});

it('lists the item on 予算反映状況 with its decision and amounts', async () => {
  const { fx, baseUrl } = stack;
  const { page } = await signIn(fx.tenant.users.hqAdmin);
  await page.goto(`${baseUrl}/budget-status`);
  await page.getByRole('heading', { level: 1, name: '予算反映状況' }).waitFor();
  await page.getByLabel('予算年度').selectOption('2027');
  const row = page.getByTestId('budget-status').locator('tr', { hasText: fx.tenant.items.main.code });
  await row.waitFor();
  expect(await row.textContent()).toContain('縮小');
  expect(await row.textContent()).toContain('11,000千円');
  await checkBothWidths(page, 'budget-status');
});
