/**
 * 公表版 in the browser (#23), over the API serving the built app and real PostgreSQL: HQ's
 * administrator opens the plan's editions from the plan page at 360 px, freezes a fiscal year after
 * a confirmation that says it cannot be changed, and sees 第1版 with its files, sizes and SHA-256;
 * a downloaded file hashes to the SHA-256 shown and answered by the API. An auditor reads the same
 * list, in English, without the form. No sideways scroll, no serious axe-core violation.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { as } from '../api/cycle-helpers';
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

  // The reason is required: the server's 400 names it next to the field.
  await page.getByRole('button', { name: '公表版を作成' }).click();
  await page.locator('#edition-reason-error').waitFor();
  await expect(page.getByRole('textbox', { name: /作成の理由/ }).getAttribute('aria-invalid')).resolves.toBe(
    'true',
  );
  await expect(page.getByRole('alertdialog').count()).resolves.toBe(0);

  await page.getByRole('textbox', { name: /作成の理由/ }).fill('市議会への報告とホームページ掲載のため');
  await page.getByRole('button', { name: '公表版を作成' }).click();
  const confirm = page.getByRole('alertdialog');
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
  await fitsAndPassesAxe(page, 'published-360');
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
