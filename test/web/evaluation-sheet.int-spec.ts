/**
 * #23 in the browser: the auditor opens an item's page, downloads its 評価シート as Excel (read back
 * with ExcelJS) and opens the 公表用 print version in a new tab — a page of its own that prints to
 * a PDF and names nobody.
 */
import ExcelJS from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import { startCycle } from '../api/cycle-helpers';
import { screenshot } from './browser';
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
  expect(download.suggestedFilename()).toBe('評価シート_1-1_2025年度.xlsx');
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
