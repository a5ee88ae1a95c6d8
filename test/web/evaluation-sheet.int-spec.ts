/**
 * #23 in the browser: the auditor opens an item's page, downloads its 評価シート as Excel (read back
 * with ExcelJS) and opens the 公表用 print version in a new tab — a page of its own that prints to
 * a PDF and names nobody.
 */
import ExcelJS from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import { startCycle } from '../api/cycle-helpers';
import { screenshot, scrollsSideways } from './browser';
import { browserSuite } from './browser-suite';

jest.setTimeout(180_000);

const { stack, signIn } = browserSuite('evaluation-sheet');
const TITLE = '改革項目 評価シート 令和7年度（2025年度）';

/** The tab a click opens, once it shows the sheet. */
async function tabOpenedBy(context: BrowserContext, click: () => Promise<void>): Promise<Page> {
  const [tab] = await Promise.all([context.waitForEvent('page'), click()]);
  await tab.waitForURL(/^blob:/);
  await tab.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  return tab;
}

it('downloads the Excel file and opens the 公表用 print version from the item page', async () => {
  const { fx, api } = stack;
  const { main } = fx.tenant.items;
  await startCycle(api, fx.tenant.users.hqAdmin, main, 2025);
  const { page, context } = await signIn(fx.tenant.users.auditor);
  await page.goto(`${stack.baseUrl}/audit/items/${main.id}`);
  const panel = page.getByTestId('evaluation-sheet');
  await panel.getByRole('heading', { name: '評価シート' }).waitFor();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    panel.getByRole('button', { name: '評価シート（Excel）' }).click(),
  ]);
  // The server's file name (Content-Disposition filename*), item title included.
  expect(download.suggestedFilename()).toBe('評価シート_1-1_行政手続のオンライン化_2025年度.xlsx');
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await download.path());
  expect(book.worksheets.map((s) => s.name)).toEqual(['評価シート']);
  expect(book.worksheets[0]!.getCell('A1').value).toBe(TITLE);

  await panel.getByLabel('公表用（個人名を除く）').check();
  const tab = await tabOpenedBy(context, () =>
    panel.getByRole('button', { name: '評価シート（印刷用）' }).click(),
  );
  expect(await tab.title()).toBe(TITLE);
  const text = await tab.locator('body').textContent();
  expect(text).toContain('行政手続のオンライン化');
  expect(text).toContain('DX推進WG');
  // The fixture's item has its primary parent only (items.theme_id, no item_parents row).
  expect(text).toContain('1 持続可能な行政運営 › 1-A デジタル化の推進');
  for (const user of Object.values(fx.tenant.users)) expect(text).not.toContain(user.displayName);
  await screenshot(tab, 'evaluation-sheet-print');
  const pdf = await tab.pdf({ preferCSSPageSize: true });
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');

  // Printed, every page starts with the item's code and title; on screen the title says it once.
  const running = tab.locator('[data-field="runningHead"]');
  await expect(running.isVisible()).resolves.toBe(false);
  await tab.emulateMedia({ media: 'print' });
  await expect(running.isVisible()).resolves.toBe(true);
  await expect(running.textContent()).resolves.toContain('1-1 行政手続のオンライン化');
  await tab.emulateMedia({ media: 'screen' });

  // On a phone the year table scrolls in its own box: the page does not, and no year is squeezed.
  await tab.setViewportSize({ width: 360, height: 740 });
  await expect(scrollsSideways(tab)).resolves.toBe(false);
  const years = tab.locator('[data-block="indicators"] th[data-col]');
  expect(await years.count()).toBeGreaterThan(0);
  for (const width of await years.evaluateAll((ths) => ths.map((th) => th.getBoundingClientRect().width))) {
    // 令和6年度 in 10 pt is about 70 px wide.
    expect(width).toBeGreaterThan(70);
  }
  // Nor the row labels: 目標値 stays on one line (three characters of 10 pt and the cell's padding).
  const labels = tab.locator('[data-block="indicators"] table.grid tbody th');
  for (const width of await labels.evaluateAll((ths) => ths.map((th) => th.getBoundingClientRect().width))) {
    expect(width).toBeGreaterThan(45);
  }
  const box = tab.locator('[data-block="indicators"] .scroll').last();
  const [scrollWidth, clientWidth] = await box.evaluate((el) => [el.scrollWidth, el.clientWidth]);
  expect(scrollWidth).toBeGreaterThan(clientWidth);
  await screenshot(tab, 'evaluation-sheet-360');
});
it('gives HQ the print version on the plan page’s item row', async () => {
  const { fx } = stack;
  const { page, context } = await signIn(fx.tenant.users.hqApprover);
  await page.goto(`${stack.baseUrl}/plans/${fx.tenant.planId}`);
  const button = page.getByRole('button', { name: '1-1 行政手続のオンライン化の評価シート（印刷用）' });
  const tab = await tabOpenedBy(context, () => button.click());
  // The internal version names the item's leader.
  expect(await tab.locator('body').textContent()).toContain(fx.tenant.users.leader.displayName);
});
