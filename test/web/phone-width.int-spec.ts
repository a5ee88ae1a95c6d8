/**
 * Every page from a phone up (#28 points 7–11, 13), in the real chromium over the real stack (API
 * serving the built app, PostgreSQL, Temporal and a worker). A city with two plans: its own, whose
 * main item is in DO this fiscal year while next year's cycle has already started, and the Machida
 * sample with one item started this year. At 360 and 390 px no page scrolls sideways (lists become
 * cards, other tables scroll in their own box) and every page passes axe-core at 360, 390 and
 * 1280 px; the
 * board and the auditor's list open on this fiscal year and name each plan; starting a year's
 * cycles asks first with the count and starts nothing on cancel, and is not offered for a past
 * year; after an import the page points to the next steps.
 */
import type { AddressInfo } from 'node:net';
import { fiscalYearOf } from '@pdca/domain/japan-calendar';
import type { Browser, Page } from 'playwright-core';
import { type ApiWithWorker, startApiWithWorker } from '../api/api-test-app';
import { approverAs, as, planBody, startCycle } from '../api/cycle-helpers';
import { type ApiFixture, createApiFixture } from '../api/fixtures';
import { sample, uploadPlan } from '../api/plans-fixtures';
import {
  assertWebAppBuilt,
  browserSessions,
  launchBrowser,
  screenshot,
  scrollsSideways,
  seriousAxeViolations,
} from './browser';

jest.setTimeout(300_000);

const PHONE = 390;
/** The narrowest phone the pages are made for. */
const NARROW = 360;
const DESKTOP = 1280;
const FY_NOW = fiscalYearOf(new Date());
const ITEM_TITLE = '行政手続のオンライン化';
let api: ApiWithWorker;
let fx: ApiFixture;
let browser: Browser;
let baseUrl: string;
let ownPlanTitle: string;
let machidaTitle: string;
/** The main item's cycle of this fiscal year (in DO) and of next year (PLAN). */
let doCycleId: string;
/** An open 進捗報告 task of the cycle in DO. */
let reviewTaskId: string;
let nextCycle: { id: string; tasks: Array<{ id: string; kind: string }> };
/** A plan submitted for the other item, waiting for HQ. */
let pending: { cycleId: string; approvalId: string };
const sessions = browserSessions('phone', () => ({ browser, baseUrl }));

beforeAll(async () => {
  assertWebAppBuilt();
  api = await startApiWithWorker('web-phone-width');
  fx = await createApiFixture(api);
  const { hqAdmin, hqApprover, leader, otherLeader } = fx.tenant.users;
  const { main, other } = fx.tenant.items;

  // This fiscal year: the main item planned and approved (DO); next year's cycle already started.
  doCycleId = (await startCycle(api, hqAdmin, main, FY_NOW)).id;
  const planned = (await as(api, leader).post(`/cycles/${doCycleId}/plan`, planBody(main)).expect(200)).body;
  const approved = await approverAs(api, hqApprover)(planned);
  expect(approved.stage).toBe('DO');
  reviewTaskId = approved.tasks.find(
    (t: { kind: string; status: string }) => t.kind === 'review' && t.status === 'open',
  ).id;
  nextCycle = await startCycle(api, hqAdmin, main, FY_NOW + 1);

  // The other item's plan for this year waits for HQ.
  const otherCycle = await startCycle(api, hqAdmin, other, FY_NOW);
  const submitted = (
    await as(api, otherLeader).post(`/cycles/${otherCycle.id}/plan`, planBody(other)).expect(200)
  ).body;
  pending = {
    cycleId: otherCycle.id,
    approvalId: submitted.approvals.find((a: { status: string }) => a.status === 'pending').id,
  };

  // A second plan (the Machida sample) with one item started this year.
  const machida = await uploadPlan(
    api,
    hqAdmin.token,
    sample('machida-reform.csv'),
    'machida-reform.csv',
  ).expect(201);
  const plans = (await as(api, hqAdmin).get('/plans').expect(200)).body;
  const list: Array<{ id: string; title: string }> = Array.isArray(plans) ? plans : plans.items;
  ownPlanTitle = list.find((p) => p.id === fx.tenant.planId)!.title;
  machidaTitle = list.find((p) => p.id === machida.body.planId)!.title;
  const items = (await as(api, hqAdmin).get('/items?limit=100').expect(200)).body.items as Array<{
    id: string;
    planId: string;
  }>;
  const first = items.find((i) => i.planId === machida.body.planId)!;
  await as(api, hqAdmin).post(`/items/${first.id}/cycles`, { fiscalYear: FY_NOW }).expect(201);

  baseUrl = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
  browser = await launchBrowser();
});

afterEach(() => sessions.screenshotOpen());

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

/** The page's width (the root's scrollWidth) and the window's. */
async function widths(page: Page): Promise<{ scrollWidth: number; viewport: number }> {
  return page.evaluate(() => {
    const { document, innerWidth } = globalThis as unknown as {
      document: { documentElement: { scrollWidth: number } };
      innerWidth: number;
    };
    return { scrollWidth: document.documentElement.scrollWidth, viewport: innerWidth };
  });
}

/**
 * Opens `path`, waits for `ready`, and checks at this width: no sideways scroll, no serious axe
 * violation; saves a screenshot named `name`.
 */
async function check(page: Page, path: string, name: string, ready: (page: Page) => Promise<unknown>) {
  await page.goto(`${baseUrl}${path}`);
  await page.locator('main h1').waitFor();
  await ready(page);
  const width = page.viewportSize()?.width;
  await screenshot(page, `phone-${name}-${width}`);
  const { scrollWidth, viewport } = await widths(page);
  expect({ path, width, scrollWidth: Math.max(scrollWidth, viewport) }).toEqual({
    path,
    width,
    scrollWidth: viewport,
  });
  expect(await scrollsSideways(page)).toBe(false);
  expect({ path, width, violations: await seriousAxeViolations(page) }).toEqual({
    path,
    width,
    violations: [],
  });
}

/** The fiscal year drop-down (its name also holds the chosen year). */
const yearSelect = (page: Page) => page.getByRole('combobox', { name: /^年度/ });

const visible = (page: Page, testId: string) => page.getByTestId(testId).first().waitFor();

describe.each([NARROW, PHONE, DESKTOP])('at %i px', (width) => {
  it('the sign-in page', async () => {
    const context = await browser.newContext({ locale: 'ja-JP', viewport: { width, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/`);
    await page.getByLabel('メールアドレス').waitFor();
    await screenshot(page, `phone-sign-in-${width}`);
    expect(await scrollsSideways(page)).toBe(false);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await context.close();
  });

  it('the leader’s inbox and the PLAN form', async () => {
    const { page } = await sessions.signIn(fx.tenant.users.leader, { width });
    await check(page, '/tasks', 'task-inbox', (p) => visible(p, 'task-table'));
    if (width < DESKTOP) {
      // Each task is a card: its cells stack, each headed by its column, 段階 and 年度 included.
      const card = page.getByTestId('task-table').locator('tbody tr').first();
      const box = await card.boundingBox();
      expect(box!.width).toBeLessThanOrEqual(width);
      expect(await card.textContent()).toMatch(/年度/);
    }
    await check(page, `/cycles/${doCycleId}/tasks/${reviewTaskId}`, 'review-form', (p) =>
      p.getByRole('button', { name: '提出する' }).waitFor(),
    );
    const planTask = nextCycle.tasks.find((t) => t.kind === 'plan')!;
    await check(page, `/cycles/${nextCycle.id}/tasks/${planTask.id}`, 'plan-form', (p) =>
      p.getByRole('button', { name: '提出する' }).waitFor(),
    );
    // The indicator's name reads on one line (not one character per line) and its 目標値 is on
    // screen: at phone width each indicator is a card, so the table needs no sideways scroll.
    const table = page.locator('table.indicators');
    await expect(table.evaluate((el) => el.scrollWidth <= el.clientWidth)).resolves.toBe(true);
    const label = page.locator('table.indicators th[scope="row"] label').first();
    const labelBox = await label.boundingBox();
    expect(labelBox!.height).toBeLessThan(60);
    const target = page.getByLabel('オンライン申請率');
    await target.scrollIntoViewIfNeeded();
    const targetBox = await target.boundingBox();
    expect(targetBox!.x + targetBox!.width).toBeLessThanOrEqual(width);
  });

  it('HQ’s approval inbox and approval page', async () => {
    const { page } = await sessions.signIn(fx.tenant.users.hqApprover, { width });
    await check(page, '/approvals', 'approval-inbox', (p) => visible(p, 'approval-table'));
    await check(page, `/cycles/${pending.cycleId}/approvals/${pending.approvalId}`, 'approval', (p) =>
      p.getByRole('button', { name: '承認する' }).waitFor(),
    );
  });

  it('the board opens on this fiscal year, each plan under its name (points 9, 10)', async () => {
    const { page } = await sessions.signIn(fx.tenant.users.auditor, { width });
    await check(page, '/board', 'board', (p) =>
      p.locator('section[aria-labelledby="col-DO"]').getByText(ITEM_TITLE).waitFor(),
    );
    // Next year's cycle exists, yet the board shows this year: the item is in 実行, not 計画.
    await expect(yearSelect(page).inputValue()).resolves.toBe(String(FY_NOW));
    expect(await page.locator('section[aria-labelledby="col-PLAN"]').textContent()).not.toContain(ITEM_TITLE);
    // Two plans: two totals, each headed by its own plan's name.
    const totals = page.getByTestId('plan-totals');
    await expect(totals.count()).resolves.toBe(2);
    const headings = await totals.locator('h2').allTextContents();
    expect(headings.some((h) => h.includes(ownPlanTitle))).toBe(true);
    expect(headings.some((h) => h.includes(machidaTitle))).toBe(true);
    expect(new Set(headings).size).toBe(2);
    // Items with no cycle this year are named, not silently left out.
    await page.getByText(`${FY_NOW}年度（`).filter({ hasText: 'のサイクル未開始' }).waitFor();
    // Next year is a click away.
    await yearSelect(page).selectOption(String(FY_NOW + 1));
    await page.locator('section[aria-labelledby="col-PLAN"]').getByText(ITEM_TITLE).waitFor();
  });

  it('the auditor’s list says each item’s plan and year; the item page', async () => {
    const { page } = await sessions.signIn(fx.tenant.users.auditor, { width });
    await check(page, '/audit', 'audit-list', (p) => visible(p, 'audit-items'));
    await expect(yearSelect(page).inputValue()).resolves.toBe(String(FY_NOW));
    const row = page.getByTestId('audit-items').locator('tbody tr').filter({ hasText: ITEM_TITLE });
    expect(await row.textContent()).toContain(ownPlanTitle);
    expect(await row.textContent()).toContain(`${FY_NOW}年度`);
    expect(await page.getByTestId('audit-items').textContent()).toContain(machidaTitle);
    // 「すべて」: each item's latest cycle, each row with its own year.
    await yearSelect(page).selectOption('');
    await expect(row.textContent()).resolves.toContain(`${FY_NOW + 1}年度`);
    await check(page, `/audit/items/${fx.tenant.items.main.id}`, 'audit-item', (p) => visible(p, 'timeline'));
    await check(page, '/budget', 'budget', () => Promise.resolve());
    await check(page, '/plans', 'plans', () => Promise.resolve());
  });

  it('the administration pages', async () => {
    const { page } = await sessions.signIn(fx.tenant.users.hqAdmin, { width });
    await check(page, '/admin/cycles', 'admin-cycles', (p) => visible(p, 'admin-cycles'));
    await check(page, `/admin/cycles/${doCycleId}`, 'admin-cycle', (p) => visible(p, 'admin-tasks'));
    // A group's form opens in its card (a row of its own at desktop width).
    await check(page, '/admin/groups', 'admin-groups', async (p) => {
      await p
        .getByTestId('working-groups')
        .getByRole('button', { name: /変更する/ })
        .first()
        .click();
      await p.getByRole('button', { name: '保存する' }).waitFor();
    });
    await check(page, '/admin/users', 'admin-users', (p) => p.locator('main table').first().waitFor());
    await check(page, '/admin/import', 'admin-import', (p) => p.locator('#plan-file').waitFor());
    await check(page, '/admin/settings', 'admin-settings', () => Promise.resolve());
  });

  it('the published editions (公表版) with one edition and the form to freeze a year', async () => {
    // The same title and reason each width: the first freezes 第1版, the others repeat it (200).
    const frozen = await as(api, fx.tenant.users.hqAdmin).post(`/plans/${fx.tenant.planId}/editions`, {
      fiscalYear: FY_NOW,
      title: '行財政改革 取組状況（公表版）',
      reason: '画面幅の確認のため',
    });
    expect([200, 201]).toContain(frozen.status);
    const { page } = await sessions.signIn(fx.tenant.users.hqAdmin, { width });
    await check(page, `/plans/${fx.tenant.planId}/editions`, 'editions', async (p) => {
      await visible(p, 'edition-file');
      await p.getByRole('button', { name: '公表版を作成' }).waitFor();
    });
  });
});

it('English at 390 px: the inbox, the PLAN form and the board', async () => {
  const lead = await sessions.signIn(fx.tenant.users.leader, { width: PHONE, locale: 'en-US' });
  await check(lead.page, '/tasks', 'en-task-inbox', (p) => visible(p, 'task-table'));
  const planTask = nextCycle.tasks.find((t) => t.kind === 'plan')!;
  await check(lead.page, `/cycles/${nextCycle.id}/tasks/${planTask.id}`, 'en-plan-form', (p) =>
    p.getByRole('button', { name: 'Submit' }).waitFor(),
  );
  const hq = await sessions.signIn(fx.tenant.users.hqApprover, { width: PHONE, locale: 'en-US' });
  await check(hq.page, '/board', 'en-board', (p) => visible(p, 'board'));
  const headings = await hq.page.getByTestId('plan-totals').locator('h2').allTextContents();
  expect(headings.some((h) => h.includes(machidaTitle))).toBe(true);
});

it('starting a year’s cycles asks first, with the count; cancel starts nothing; a past year is not offered (point 11)', async () => {
  const { hqAdmin } = fx.tenant.users;
  const { page } = await sessions.signIn(hqAdmin, { width: PHONE });
  await page.goto(`${baseUrl}/admin/cycles`);
  await page.getByLabel('行財政改革計画').selectOption({ label: ownPlanTitle });
  await yearSelect(page).selectOption(String(FY_NOW + 1));
  const startedNextYear = async () =>
    (
      await as(api, hqAdmin)
        .get(`/items?fiscalYear=${FY_NOW + 1}&limit=100`)
        .expect(200)
    ).body.items.length;
  expect(await startedNextYear()).toBe(1);

  // Three items, one started: two to start.
  const ask = page.getByRole('button', { name: '未開始の2件のサイクルを開始する' });
  await ask.click();
  const dialog = page.getByRole('alertdialog');
  await dialog.waitFor();
  expect(await dialog.textContent()).toContain('2件');
  expect(await dialog.textContent()).toContain(`${FY_NOW + 1}年度`);
  // Focus moves to the question, so a screen reader reads it.
  await expect(
    dialog.evaluate((el) => el === (el.ownerDocument as { activeElement: unknown }).activeElement),
  ).resolves.toBe(true);
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshot(page, 'phone-start-cycles-confirm');
  await dialog.getByRole('button', { name: 'やめる' }).click();
  await dialog.waitFor({ state: 'detached' });
  expect(await startedNextYear()).toBe(1);

  await ask.click();
  await page.getByRole('alertdialog').getByRole('button', { name: '2件を開始する' }).click();
  await page.getByText('2件のサイクルを開始しました。').waitFor();
  expect(await startedNextYear()).toBe(3);

  // A year already past: the missing cycles are not offered.
  await yearSelect(page).selectOption(String(FY_NOW - 1));
  await page.getByTestId('past-year').waitFor();
  await expect(page.getByRole('button', { name: /サイクルを開始する/ }).count()).resolves.toBe(0);
});

it('after an import the page offers the next steps (point 10)', async () => {
  const { page } = await sessions.signIn(fx.tenant.users.hqAdmin, { width: PHONE });
  await page.goto(`${baseUrl}/admin/import`);
  await page.locator('#plan-file').setInputFiles({
    name: 'takarazuka-dx-2023.csv',
    mimeType: 'text/csv',
    buffer: sample('takarazuka-dx-2023.csv'),
  });
  await page.getByRole('button', { name: /内容を確認する/ }).click();
  await page.getByText('追加される改革項目', { exact: false }).first().waitFor();
  await page.getByRole('button', { name: 'この内容で取り込む' }).click();
  const next = page.getByTestId('import-next');
  await next.waitFor();
  expect(await page.getByTestId('import-report').textContent()).not.toContain('追加される');
  expect(await page.getByTestId('import-report').textContent()).toContain('追加した改革項目');
  expect(await next.getByRole('link', { name: /リーダー/ }).getAttribute('href')).toBe('/admin/groups');
  expect(await next.getByRole('link', { name: /サイクルを開始/ }).getAttribute('href')).toBe('/admin/cycles');
  expect(await scrollsSideways(page)).toBe(false);
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshot(page, 'phone-import-done');
});
