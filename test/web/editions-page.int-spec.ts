/**
 * 公表版 in the browser (#23), over the API serving the built app and real PostgreSQL: HQ's
 * administrator opens the plan's editions from the plan page at 360 px, is told 作成の理由 is missing
 * before anything is sent, freezes a fiscal year after a confirmation that says it cannot be
 * changed, and sees 第1版 with its files in words (each sheet with its item's title), sizes and
 * SHA-256; a downloaded file hashes to the SHA-256 shown and keeps the server's file name. An
 * auditor reads the same list, in English, without the form; a leader is told who reads editions.
 * No sideways scroll, no serious axe-core violation.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { as, FY, startCycle } from '../api/cycle-helpers';
import { screenshot, scrollsSideways, seriousAxeViolations } from './browser';
import { browserSuite } from './browser-suite';

jest.setTimeout(240_000);

const NARROW = 360;
const { stack, signIn } = browserSuite('editions');

async function fitsAndPassesAxe(page: Page, name: string) {
  await screenshot(page, `editions-${name}`);
  expect(await scrollsSideways(page)).toBe(false);
  expect(await seriousAxeViolations(page)).toEqual([]);
}

it('HQ freezes a fiscal year at 360 px after a confirmation, and sees 第1版 with its files and SHA-256', async () => {
  const { page } = await signIn(stack.fx.tenant.users.hqAdmin, { width: NARROW });
  await page.goto(`${stack.baseUrl}/plans/${stack.fx.tenant.planId}`);
  await page.getByTestId('editions-link').click();
  await page.getByRole('heading', { level: 1, name: '公表版' }).waitFor();
  await page.getByText('この計画の公表版はまだありません。').waitFor();
  await fitsAndPassesAxe(page, 'empty-360');

  // No cycle yet: the plan's first year (2024) is chosen, and the title follows the year chosen.
  const year = page.getByRole('combobox', { name: /年度/ });
  const title = page.getByRole('textbox', { name: /表題/ });
  await expect(title.inputValue()).resolves.toBe('令和6年度 行財政改革 取組状況（公表版）');
  await year.selectOption({ label: '令和7年度（2025年度）' });
  await expect(title.inputValue()).resolves.toBe('令和7年度 行財政改革 取組状況（公表版）');

  // The reason is required: the form says so next to the field, in its words, without sending anything.
  const posts: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().includes('/editions')) posts.push(request.url());
  });
  await page.getByRole('button', { name: '公表版を作成' }).click();
  await expect(page.locator('#edition-reason-error').textContent()).resolves.toContain(
    '作成の理由を入力してください。',
  );
  await expect(page.getByRole('textbox', { name: /作成の理由/ }).getAttribute('aria-invalid')).resolves.toBe(
    'true',
  );
  await expect(page.getByRole('alert').first().textContent()).resolves.toContain('作成の理由');
  await expect(page.getByRole('alertdialog').count()).resolves.toBe(0);
  expect(posts).toEqual([]);

  // Corrected, the confirmation comes without the old errors beside it.
  await page.getByRole('textbox', { name: /作成の理由/ }).fill('市議会への報告とホームページ掲載のため');
  await page.getByRole('button', { name: '公表版を作成' }).click();
  const confirm = page.getByRole('alertdialog');
  await confirm.waitFor();
  await expect(page.locator('#edition-reason-error').count()).resolves.toBe(0);
  await expect(page.locator('[aria-invalid="true"]').count()).resolves.toBe(0);
  await expect(page.getByRole('alert').filter({ hasText: '作成の理由' }).count()).resolves.toBe(0);
  await expect(confirm.textContent()).resolves.toContain('令和7年度（2025年度）の公表版（第1版）');
  await expect(confirm.textContent()).resolves.toContain('変更も削除もできません');
  await fitsAndPassesAxe(page, 'confirm-360');
  await confirm.getByRole('button', { name: '作成する' }).click();
  await page.getByRole('status').filter({ hasText: '第1版を作成しました。' }).waitFor();

  const card = page.getByTestId('edition').first();
  await card.getByRole('heading', { name: /令和7年度（2025年度） 第1版/ }).waitFor();
  await expect(card.textContent()).resolves.toContain('市議会への報告とホームページ掲載のため');

  // The list the page shows is the API's: every file with its SHA-256 (shortened on screen, whole in data).
  const [edition] = (
    await as(stack.api, stack.fx.tenant.users.auditor)
      .get(`/plans/${stack.fx.tenant.planId}/editions`)
      .expect(200)
  ).body;
  expect(edition.editionNumber).toBe(1);
  const shown = await card
    .getByTestId('edition-file')
    .evaluateAll((rows) =>
      rows.map((row) =>
        (row as unknown as { querySelector(s: string): { getAttribute(a: string): string } })
          .querySelector('code[data-sha256]')
          .getAttribute('data-sha256'),
      ),
    );
  expect(shown).toEqual(edition.files.map((f: { sha256: string }) => f.sha256));
  const csv = edition.files.find((f: { name: string }) => f.name === 'progress-report.csv');
  await expect(card.textContent()).resolves.toContain(csv.sha256.slice(0, 12));

  // A download from the page hashes to the SHA-256 shown.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    card.getByRole('button', { name: '進捗管理表（CSV）をダウンロード' }).click(),
  ]);
  const bytes = await readFile((await download.path())!);
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(csv.sha256);
  // Saved under the server's name (filename*), which says the plan, the year and the edition.
  const served = await as(stack.api, stack.fx.tenant.users.auditor)
    .get(csv.href.replace('/api/v1', ''))
    .expect(200);
  const serverName = decodeURIComponent(
    /filename\*=UTF-8''([^;]+)/.exec(served.headers['content-disposition'] as string)![1]!,
  );
  expect(serverName).toBe('第3次行財政改革計画_令和7年度（2025年度）_第1版_進捗管理表（公表用）.csv');
  expect(download.suggestedFilename()).toBe(serverName);

  // Every file in words: the tables first, then each item's sheets with its title, in code order.
  await card.locator('details.edition-sheets > summary').click();
  const labels = await card.locator('.file-name').allTextContents();
  const items = Object.values(stack.fx.tenant.items);
  const titles: Record<string, string> = {
    '1-1': '行政手続のオンライン化',
    '1-2': '公共施設の再編',
    '1-3': '兼務者の改革項目',
  };
  expect(items.map((i) => i.code).sort()).toEqual(Object.keys(titles));
  expect(labels).toEqual([
    '進捗管理表（Excel）',
    '進捗管理表（CSV）',
    ...Object.entries(titles).flatMap(([code, title]) => [
      `評価シート ${code} ${title}（印刷用）`,
      `評価シート ${code} ${title}（Excel）`,
    ]),
  ]);
  await fitsAndPassesAxe(page, 'published-360');
});

it('a leader is told who reads the editions, instead of a failed load', async () => {
  const { page } = await signIn(stack.fx.tenant.users.leader, { width: NARROW });
  await page.goto(`${stack.baseUrl}/plans/${stack.fx.tenant.planId}`);
  await page.getByTestId('plan-item').first().waitFor();
  await expect(page.getByTestId('editions-link').count()).resolves.toBe(0);
  await page.goto(`${stack.baseUrl}/plans/${stack.fx.tenant.planId}/editions`);
  await page.getByTestId('editions-not-for-role').waitFor();
  await expect(page.getByTestId('editions-not-for-role').textContent()).resolves.toContain(
    '公表版は本部・監査担当者が閲覧できます。',
  );
  await expect(page.getByText('読み込めませんでした').count()).resolves.toBe(0);
});

it('an auditor reads the editions without the form to freeze one, here in English', async () => {
  const { page } = await signIn(stack.fx.tenant.users.auditor, { width: NARROW, locale: 'en-US' });
  await page.goto(`${stack.baseUrl}/plans/${stack.fx.tenant.planId}/editions`);
  await page.getByRole('heading', { level: 1, name: 'Published editions' }).waitFor();
  const card = page.getByTestId('edition').first();
  await card.getByRole('heading', { name: /FY2025 \(Reiwa 7\) Edition 1/ }).waitFor();
  await card.getByRole('button', { name: 'Download Progress report (Excel)' }).waitFor();
  await expect(page.getByRole('button', { name: /Publish/ }).count()).resolves.toBe(0);
  await fitsAndPassesAxe(page, 'auditor-en-360');
});

it('the 評価シート card’s 公表用 checkbox is a normal box beside its label, at 1280 and 360 px', async () => {
  for (const width of [1280, NARROW]) {
    const { page } = await signIn(stack.fx.tenant.users.auditor, { width });
    await page.goto(`${stack.baseUrl}/audit/items/${stack.fx.tenant.items.main.id}`);
    const box = page.getByRole('checkbox', { name: '公表用（個人名を除く）' });
    await box.waitFor();
    const [check, label] = await Promise.all([
      box.boundingBox(),
      page.getByTestId('evaluation-sheet').locator('label').filter({ hasText: '公表用' }).boundingBox(),
    ]);
    expect(check!.width).toBeLessThanOrEqual(24);
    // One line: the label is no taller than a touch target, and the box is inside it (not above it).
    expect(label!.height).toBeLessThanOrEqual(48);
    expect(check!.y).toBeGreaterThanOrEqual(label!.y);
    expect(check!.y + check!.height).toBeLessThanOrEqual(label!.y + label!.height);
    await screenshot(page, `editions-audit-item-checkbox-${width}`);
    await page.close();
  }
});

// Last: it starts a cycle, which would change the year the form above chooses first.
it('a leader gets their own item’s 評価シート on the plan page and its task page, not another group’s', async () => {
  const { main, other } = stack.fx.tenant.items;
  const cycle = await startCycle(stack.api, stack.fx.tenant.users.hqAdmin, main);
  await startCycle(stack.api, stack.fx.tenant.users.hqAdmin, other);
  const { page } = await signIn(stack.fx.tenant.users.leader, { width: NARROW });
  await page.goto(`${stack.baseUrl}/plans/${stack.fx.tenant.planId}`);
  await page.getByTestId('plan-item').first().waitFor();
  await expect(
    page
      .getByRole('button', { name: /の評価シート（印刷用）$/ })
      .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label'))),
  ).resolves.toEqual(['1-1 行政手続のオンライン化の評価シート（印刷用）']);
  await page.goto(`${stack.baseUrl}/cycles/${cycle.id}/tasks/${cycle.tasks[0]!.id}`);
  const button = page.getByRole('button', { name: `1-1 行政手続のオンライン化の評価シート（印刷用）` });
  const [tab] = await Promise.all([page.waitForEvent('popup'), button.click()]);
  await tab.waitForURL(/^blob:/);
  await expect(tab.locator('body').textContent()).resolves.toContain('行政手続のオンライン化');
  await fitsAndPassesAxe(page, 'leader-task-360');
});

it('the board links each plan’s 公表版 and says its 公表用（Excel） is today’s figures', async () => {
  // The board shows a plan's totals for a year with cycles.
  await startCycle(stack.api, stack.fx.tenant.users.hqAdmin, stack.fx.tenant.items.selfApproval);
  const { page } = await signIn(stack.fx.tenant.users.hqApprover, { width: 1280 });
  await page.goto(`${stack.baseUrl}/board`);
  await page.getByRole('combobox', { name: '年度' }).selectOption(String(FY));
  const link = page.getByTestId('board-editions-link');
  await expect(link.textContent()).resolves.toContain('現在の数値');
  await screenshot(page, 'editions-board-1280');
  await link.getByRole('link', { name: /公表版/ }).click();
  await page.getByRole('heading', { level: 1, name: '公表版' }).waitFor();
  expect(new URL(page.url()).pathname).toBe(`/plans/${stack.fx.tenant.planId}/editions`);
});
