/**
 * The plan page in the browser (#22), over the API serving the built app and real PostgreSQL: the
 * Machida sample and the Takarazuka DX sample imported through POST /plans/import read like the
 * cities' own documents — their level names, Machida's 経常収支比率 on its 基本方針 (not on an
 * item), Takarazuka's action ③ under its three 目指す姿 with two of them marked 再掲 and pointing
 * to the first — in Japanese and English, at 360 px without sideways scrolling, with no serious
 * axe-core violation. Every role finds the page in the main menu.
 */
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { type ApiTestApp, startApiApp } from '../api/api-test-app';
import { as } from '../api/cycle-helpers';
import { type ApiFixture, createApiFixture } from '../api/fixtures';
import { SAMPLE_COUNTS, sample, uploadPlan } from '../api/plans-fixtures';
import {
  assertWebAppBuilt,
  browserSessions,
  launchBrowser,
  screenshot,
  scrollsSideways,
  seriousAxeViolations,
} from './browser';

jest.setTimeout(240_000);

let api: ApiTestApp;
let fx: ApiFixture;
let browser: Browser;
let baseUrl: string;
let machidaId: string;
let takarazukaId: string;
const sessions = browserSessions('plan', () => ({ browser, baseUrl }));
const signIn = sessions.signIn;

beforeAll(async () => {
  assertWebAppBuilt();
  api = await startApiApp();
  fx = await createApiFixture(api);
  const token = fx.tenant.users.hqAdmin.token;
  const machida = await uploadPlan(api, token, sample('machida-reform.csv'), 'machida-reform.csv').expect(
    201,
  );
  machidaId = machida.body.planId;
  const dx = await uploadPlan(api, token, sample('takarazuka-dx-2023.csv'), 'takarazuka-dx-2023.csv').expect(
    201,
  );
  takarazukaId = dx.body.planId;
  baseUrl = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
  browser = await launchBrowser();
});

afterEach(() => sessions.screenshotOpen());

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

/** Where an element sits: the nearest node's level and title, and whether it is inside an item. */
function placeOf(page: Page, testId: string, text: string) {
  return page
    .getByTestId(testId)
    .filter({ hasText: text })
    .evaluateAll((elements) =>
      elements.map((element) => {
        const el = element as unknown as {
          closest: (selector: string) => {
            getAttribute: (name: string) => string | null;
            querySelector: (selector: string) => { textContent: string | null } | null;
          } | null;
        };
        const node = el.closest('[data-testid="plan-node"]');
        return {
          level: node?.getAttribute('data-level') ?? null,
          levelName: node?.querySelector('summary [data-testid="level-name"]')?.textContent ?? null,
          code: node?.querySelector('summary .node-code')?.textContent ?? null,
          node: node?.querySelector('summary .node-title')?.textContent ?? null,
          insideItem: el.closest('[data-testid="plan-item"]') !== null,
          repeat: el.closest('[data-testid="plan-item"]')?.getAttribute('data-repeat') ?? null,
        };
      }),
    );
}

it('shows Machida’s plan by its own levels, with 経常収支比率 on its 基本方針 and not on an item', async () => {
  const { auditor } = fx.tenant.users;
  const { page, context } = await signIn(auditor);
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '計画' }).click();
  await page.getByRole('heading', { level: 1, name: '計画' }).waitFor();
  await page.getByLabel('表示する計画').selectOption(machidaId);
  const doc = page.getByTestId('plan-document');
  await doc.getByRole('heading', { level: 2, name: /町田市/ }).waitFor();
  expect(page.url()).toBe(`${baseUrl}/plans/${machidaId}`);

  expect(await page.getByTestId('plan-levels').locator('li').allTextContents()).toEqual([
    '基本方針',
    '改革項目',
  ]);
  const levelNames = await doc.getByTestId('level-name').allTextContents();
  expect(levelNames).toHaveLength(3);
  expect(new Set(levelNames)).toEqual(new Set(['基本方針']));

  // 経常収支比率 is the third 基本方針's own indicator, with its unit, and no item carries it.
  expect(await placeOf(page, 'plan-indicator', '経常収支比率')).toEqual([
    {
      level: '1',
      levelName: '基本方針',
      code: '3',
      node: '次世代につなぐ財政基盤を確立する',
      insideItem: false,
      repeat: null,
    },
  ]);
  const indicator = page.getByTestId('plan-indicator').filter({ hasText: '経常収支比率' });
  expect(await indicator.textContent()).toContain('単位');
  expect(await indicator.textContent()).toContain('基準値');
  expect(await indicator.textContent()).toContain('低いほど良い');
  // The 基本方針's texts, and its items under the plan's own word for them.
  const finance = doc.getByTestId('plan-node').filter({ hasText: '次世代につなぐ財政基盤を確立する' });
  expect(await finance.getByTestId('node-description').textContent()).toMatch(/説明税金の減少など/);
  expect(await finance.locator('.node-subhead').allTextContents()).toEqual(
    expect.arrayContaining(['主要目標（指標）', expect.stringMatching(/^改革項目/)]),
  );
  const items = finance.getByTestId('plan-item');
  expect(await items.locator('.code').allTextContents()).toEqual(['3-1', '3-2']);
  // The auditor reaches the item's page (its history).
  expect(await items.first().getByRole('link').getAttribute('href')).toMatch(/^\/audit\/items\//);

  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshot(page, 'plan-01-machida');
  await context.close();
});

it('lists Takarazuka’s action ③ under its three 目指す姿, two of them marked 再掲 and pointing to the first', async () => {
  const { leader } = fx.tenant.users;
  const { page, context } = await signIn(leader);
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '計画' }).click();
  await page.getByLabel('表示する計画').selectOption(takarazukaId);
  const doc = page.getByTestId('plan-document');
  await doc.getByRole('heading', { level: 2, name: /宝塚市/ }).waitFor();
  expect(await page.getByTestId('plan-levels').locator('li').allTextContents()).toEqual([
    'ビジョン',
    '目指す姿',
    'アクション',
  ]);
  expect(
    new Set(await doc.locator('[data-level="1"] > summary [data-testid="level-name"]').allTextContents()),
  ).toEqual(new Set(['ビジョン']));
  expect(
    new Set(await doc.locator('[data-level="2"] > summary [data-testid="level-name"]').allTextContents()),
  ).toEqual(new Set(['目指す姿']));

  const places = await placeOf(page, 'plan-item', '行政手続のオンライン化');
  expect(places.map((p) => p.levelName)).toEqual(['目指す姿', '目指す姿', '目指す姿']);
  expect(places.map((p) => p.repeat)).toEqual([null, 'true', 'true']);
  expect(places.map((p) => p.code)).toEqual(['1-1', '1-2', '2-1']);

  // The aims under a vision in the order of their numbers (the file lists 2-1 last).
  const secondVision = doc.locator('[data-level="1"]').nth(1);
  expect(await secondVision.locator('[data-level="2"] > summary .node-code').allTextContents()).toEqual([
    '2-1',
    '2-2',
    '2-3',
  ]);

  const action3 = page.getByTestId('plan-item').filter({ hasText: '行政手続のオンライン化' });
  // Where it is filed says where else it is listed; each 再掲 links back to it.
  expect(await action3.first().textContent()).toMatch(/再掲先：1-2、2-1/);
  const again = action3.nth(1);
  expect(await again.getByTestId('repeat-mark').textContent()).toBe('再掲');
  const back = again.getByRole('link', { name: /1-1/ });
  const target = (await back.getAttribute('href'))!;
  expect(await page.locator(target).getByText('行政手続のオンライン化').count()).toBe(1);
  expect(await page.locator(target).getAttribute('data-repeat')).toBeNull();
  // A leader has no item page to go to: the title is text.
  expect(await action3.first().getByRole('link', { name: '行政手続のオンライン化' }).count()).toBe(0);
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshot(page, 'plan-02-takarazuka-dx');

  // A city official's phone: the whole tree wraps, nothing scrolls sideways, still axe-clean.
  await page.setViewportSize({ width: 360, height: 740 });
  await doc.getByRole('heading', { level: 2, name: /宝塚市/ }).waitFor();
  expect(await scrollsSideways(page)).toBe(false);
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshot(page, 'plan-03-takarazuka-360px');
  // Collapsing a ビジョン hides its 目指す姿.
  const firstVision = doc.locator('[data-level="1"]').first();
  await firstVision.locator(':scope > summary').click();
  expect(await firstVision.locator('[data-level="2"]').first().isVisible()).toBe(false);
  await context.close();
});

it('marks an item HQ removed from the plan, with the date, and links HQ to the item', async () => {
  const { hqAdmin } = fx.tenant.users;
  const tree = (await as(api, hqAdmin).get(`/plans/${machidaId}`).expect(200)).body;
  const removed = tree.nodes[2].items.find((i: { code: string }) => i.code === '3-2');
  await as(api, hqAdmin)
    .post(`/items/${removed.id}/removal`, { reason: '他の改革項目に統合したため' })
    .expect(200);
  const { page, context } = await signIn(hqAdmin);
  await page.goto(`${baseUrl}/plans/${machidaId}`);
  const item = page.getByTestId('plan-item').filter({ hasText: '3-2' });
  await item.getByText('計画から削除済み').waitFor();
  expect(await item.getAttribute('data-removed')).toBe('true');
  expect(await item.textContent()).toMatch(/\d{4}年\d{1,2}月\d{1,2}日（.）に計画から削除/);
  const kept = page.getByTestId('plan-item').filter({ hasText: '3-1' });
  expect(await kept.getAttribute('data-removed')).toBeNull();
  expect(await kept.getByRole('link').getAttribute('href')).toBe(`/audit/items/${tree.nodes[2].items[0].id}`);
  expect(await seriousAxeViolations(page)).toEqual([]);
  await context.close();
});

it('reads in English with the plan’s English level names, at 360 px, and every role has it in the menu', async () => {
  const { hqApprover } = fx.tenant.users;
  const { page, context } = await signIn(hqApprover, { locale: 'en-US', width: 360 });
  await page.goto(`${baseUrl}/plans/${machidaId}`);
  await page.getByRole('heading', { level: 1, name: 'Plan' }).waitFor();
  // The page title comes before the plan: wait for the plan itself (its heading) before reading it.
  await page.getByTestId('plan-document').getByRole('heading', { level: 2 }).first().waitFor();
  expect(await page.getByTestId('plan-levels').locator('li').allTextContents()).toEqual([
    'Basic policy',
    'Reform item',
  ]);
  await page.getByText('Key targets (indicators)').first().waitFor();
  // The product's words are English; the plan's own texts stay as the city wrote them.
  await page.getByLabel('Plan to show').waitFor();
  const labels = await page
    .locator('main dt, main .node-subhead, main .item-summary > summary')
    .allTextContents();
  expect(labels.filter((text) => /[ぁ-んァ-ン一-龯]/.test(text))).toEqual([]);
  expect(await scrollsSideways(page)).toBe(false);
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshot(page, 'plan-04-machida-en-360px');
  await context.close();

  for (const user of Object.values(fx.tenant.users)) {
    const session = await signIn(user);
    await session.page
      .getByRole('navigation', { name: 'メインメニュー' })
      .getByRole('link', { name: '計画' })
      .waitFor();
    await session.context.close();
  }
});

it('shows each of the five samples by its own levels, every item once where it is filed, at 360 px, axe-clean', async () => {
  const { hqAdmin } = fx.tenant.users;
  const ids: Record<string, string> = {
    'machida-reform.csv': machidaId,
    'takarazuka-dx-2023.csv': takarazukaId,
  };
  for (const counts of SAMPLE_COUNTS) {
    ids[counts.file] ??= (
      await uploadPlan(api, hqAdmin.token, sample(counts.file), counts.file).expect(201)
    ).body.planId;
  }
  const { page, context } = await signIn(hqAdmin, { width: 360 });
  const topCodes: Record<string, string[]> = {};
  for (const counts of SAMPLE_COUNTS) {
    await page.goto(`${baseUrl}/plans/${ids[counts.file]}`);
    const doc = page.getByTestId('plan-document');
    await doc.waitFor();
    expect({
      file: counts.file,
      levels: await page.getByTestId('plan-levels').locator('li').allTextContents(),
    }).toEqual({
      file: counts.file,
      levels: counts.levels,
    });
    expect(await doc.locator('.plan-tree > [data-level="1"]').count()).toBe(counts.goals);
    topCodes[counts.file] = await doc
      .locator('.plan-tree > [data-level="1"] > summary .node-code')
      .allTextContents();
    expect(await doc.locator('[data-testid="plan-item"]:not([data-repeat])').count()).toBe(counts.items);
    expect(await doc.locator('[data-testid="plan-indicator"]').count()).toBe(counts.nodeIndicators);
    expect(await scrollsSideways(page)).toBe(false);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, `plan-05-${counts.file.replace(/\.\w+$/, '')}-360px`);
  }
  // In the order of their numbers, as the 方針 reads, though the file lists 方針3 before 方針2.
  expect(topCodes['takarazuka-policy-2021.json']).toEqual(['方針1', '方針2', '方針3', '方針4', '方針5']);
  await context.close();
});
