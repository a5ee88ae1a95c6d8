/**
 * 事業検証 in the browser (#26), over the real stack (the API serving the built app, PostgreSQL,
 * Temporal and a worker). HQ opens a round through the API; the team member opens the round's
 * page, is told next to each field what is missing, and records 検証結果 with 縮小 and an amount
 * typed as 8,000千円; HQ finds the item in the approval inbox under 事業検証 and decides it on the
 * round's page: 本部の決定 縮小, reflected into FY2027's budget. axe-core finds no serious
 * violation at desktop width and at 360 px, where nothing scrolls sideways.
 */
import { as } from '../api/cycle-helpers';
import { checkBothWidths } from './browser';
import { browserSuite } from './browser-suite';

jest.setTimeout(300_000);

const { stack, signIn } = browserSuite('verification');
const FINDINGS = '利用者が減っており、事業の規模を縮小する。';
let roundId: string;

beforeAll(async () => {
  const { api, fx } = stack;
  const round = await as(api, fx.tenant.users.hqAdmin)
    .post('/verification-rounds', {
      fiscalYear: 2026,
      title: '令和8年度 事業検証',
      itemIds: [fx.tenant.items.main.id],
      teamUserIds: [fx.tenant.users.member.id],
      findingsDueAt: new Date(Date.now() + 21 * 86_400_000).toISOString(),
      decisionDueAt: new Date(Date.now() + 42 * 86_400_000).toISOString(),
    })
    .expect(201);
  roundId = round.body.id;
});

it('the team member records 検証結果 and 方向性 on the round’s page', async () => {
  const { page, context } = await signIn(stack.fx.tenant.users.member);
  await page.goto(`${stack.baseUrl}/verification-rounds/${roundId}`);
  await page.getByRole('heading', { level: 1, name: '事業検証：令和8年度 事業検証' }).waitFor();
  const item = page.getByTestId('verification-item');
  expect(await item.getByTestId('item-status').textContent()).toBe('検証結果の入力待ち');
  // Nothing written: the server's problems stand next to their fields.
  await item.getByRole('button', { name: '提出する' }).click();
  await item.locator('[id^="findings-"][id$="-error"]').waitFor();
  await item.locator('[id^="decision-"][id$="-error"]').waitFor();
  await checkBothWidths(page, 'verification-01-errors');

  await item.getByRole('textbox', { name: /^検証結果/ }).fill(FINDINGS);
  await item.getByRole('combobox', { name: /^今後の方向性/ }).selectOption({ label: '縮小' });
  await item.getByRole('textbox', { name: /^予算への反映額（円）/ }).fill('8,000千円');
  await item.getByRole('button', { name: '提出する' }).click();
  await item.getByTestId('item-status').getByText('本部の決定待ち').waitFor();
  expect(await item.getByTestId('item-submission').textContent()).toContain(FINDINGS);
  expect(await item.getByTestId('item-submission').textContent()).toContain('8,000千円');
  expect(await item.getByTestId('findings-form').count()).toBe(0);
  await context.close();
});

it('HQ finds it in the approval inbox under 事業検証 and decides it: 縮小 into FY2027’s budget', async () => {
  const { page, context } = await signIn(stack.fx.tenant.users.hqApprover);
  await page.goto(`${stack.baseUrl}/approvals`);
  const link = page.locator(`a[href="/verification-rounds/${roundId}"]`);
  const row = page.getByTestId('approval-table').locator('tr', { has: link });
  await row.waitFor();
  expect(await row.locator('td[data-label="段階"]').textContent()).toBe('事業検証');
  await link.click();
  const item = page.getByTestId('verification-item');
  await item.getByTestId('item-submission').waitFor();
  await checkBothWidths(page, 'verification-02-hq');
  await item.getByRole('button', { name: '承認する' }).click();
  await item.getByTestId('decision-outcome').getByText('本部の決定を登録しました').waitFor();
  await item.getByTestId('hq-decision').waitFor();
  const decision = await item.getByTestId('hq-decision').textContent();
  expect(decision).toContain('本部の決定: 縮小');
  expect(decision).toContain('2027年度');
  expect(decision).toContain('8,000千円');
  expect(await page.getByTestId('verification-status').textContent()).toBe('本部の決定済み');
  await context.close();
});

it('HQ’s administrator opens a round from the list page by 事業区分 and lands on its page', async () => {
  const { api, fx } = stack;
  await api.dataSource.query(`UPDATE items SET project_kind = 'city_only' WHERE id = $1`, [
    fx.tenant.items.other.id,
  ]);
  const { page, context } = await signIn(fx.tenant.users.hqAdmin);
  await page.goto(`${stack.baseUrl}/verification-rounds`);
  await page.getByRole('heading', { level: 1, name: '事業検証' }).waitFor();
  await page
    .getByTestId('verification-rounds')
    .locator(`a[href="/verification-rounds/${roundId}"]`)
    .waitFor();
  await page.getByRole('button', { name: '事業検証を開始する' }).click();
  await checkBothWidths(page, 'verification-03-open');
  const form = page.getByTestId('verification-open');
  const day = (days: number) =>
    new Date(Date.now() + days * 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10);
  await form.getByRole('textbox', { name: /^名称/ }).fill('市単独事業の検証');
  await form.getByRole('checkbox', { name: '市単独' }).check();
  await form.getByRole('checkbox', { name: fx.tenant.users.member.displayName }).check();
  await form.getByLabel(/^検証結果の入力期限/).fill(day(21));
  await form.getByLabel(/^本部の決定の期限/).fill(day(42));
  await form.getByRole('button', { name: '開始する' }).click();
  await page.getByRole('heading', { level: 1, name: '事業検証：市単独事業の検証' }).waitFor();
  expect(await page.getByTestId('verification-item').count()).toBe(1);
  expect(await page.getByTestId('verification-item').locator('h2').textContent()).toContain('1-2');
  await context.close();
});
