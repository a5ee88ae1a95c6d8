/**
 * A city's settings in the browser (#22), over the real stack (the API serving the built app, real
 * PostgreSQL, Temporal and a worker): HQ's administrator loads the Machida preset, saves it and
 * reads when it applies; the API then answers Machida's levels; a bad entry is explained next to
 * its input; the page works at 360 px and has no serious axe-core violation. A leader's Act form
 * then offers the city's own decisions (Hiratsuka's 現行どおり / 見直し …), and HQ reads the
 * decision in the city's words.
 */
import type { AddressInfo } from 'node:net';
import { CITY_PRESETS } from '@pdca/domain';
import type { Browser } from 'playwright-core';
import { type ApiWithWorker, startApiWithWorker } from '../api/api-test-app';
import {
  approverAs,
  as,
  evaluationBody,
  openScheduledEarly,
  planBody,
  startCycle,
} from '../api/cycle-helpers';
import { type ApiFixture, createApiFixture, type FixtureItem } from '../api/fixtures';
import {
  assertWebAppBuilt,
  browserSessions,
  launchBrowser,
  screenshot,
  scrollsSideways,
  seriousAxeViolations,
} from './browser';

jest.setTimeout(240_000);

let api: ApiWithWorker;
let fx: ApiFixture;
let browser: Browser;
let baseUrl: string;
const sessions = browserSessions('settings', () => ({ browser, baseUrl }));
const signIn = sessions.signIn;

const preset = (key: string) => CITY_PRESETS.find((p) => p.key === key)!;
const APPLIES_FROM = /これから開始するサイクルから適用されます/;

beforeAll(async () => {
  assertWebAppBuilt();
  api = await startApiWithWorker('web-city-settings');
  fx = await createApiFixture(api);
  baseUrl = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
  browser = await launchBrowser();
});

afterEach(() => sessions.screenshotOpen());

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

it('HQ admin loads the Machida preset, saves it, and is told when it applies; bad entries are explained at the input', async () => {
  const { hqAdmin } = fx.tenant.users;
  const { page, context } = await signIn(hqAdmin);
  await page.goto(`${baseUrl}/admin`);
  await page
    .getByRole('navigation', { name: '管理メニュー' })
    .getByRole('link', { name: '市の設定' })
    .click();
  await page.getByRole('heading', { level: 1, name: '市の設定' }).waitFor();
  // Nothing set yet: the product's standard levels, marked as the standard.
  await expect(page.getByTestId('level-0').getByLabel('名称（日本語）').inputValue()).resolves.toBe('目標');
  expect(await page.getByText('まだ市として設定していないため').count()).toBeGreaterThan(0);
  expect(await seriousAxeViolations(page)).toEqual([]);

  // The preset's notes say where each part comes from and which parts are assumptions.
  await page.getByLabel('ひな形', { exact: true }).selectOption({ label: '町田市' });
  const notes = page.getByTestId('preset-notes');
  await notes.getByText('町田市のひな形の出典と前提').waitFor();
  expect(await notes.textContent()).toContain('基本方針');
  expect(await notes.getByText('前提（要確認）').count()).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'このひな形を読み込む' }).click();
  await page.getByTestId('preset-loaded').waitFor();
  expect(await page.locator('[data-testid^="level-"]').count()).toBe(2);
  // The form now shows the preset, not the standard settings.
  expect(await page.getByText('まだ市として設定していないため').count()).toBe(0);
  await expect(page.getByTestId('level-0').getByLabel('名称（日本語）').inputValue()).resolves.toBe(
    '基本方針',
  );
  await expect(page.getByTestId('level-1').getByLabel('名称（英語）').inputValue()).resolves.toBe(
    'Reform item',
  );
  expect(await page.getByRole('radio', { name: '半期', exact: true }).isChecked()).toBe(true);
  expect(await page.getByRole('radio', { name: /実績÷目標/ }).isChecked()).toBe(true);

  await page.getByLabel('変更の理由（任意）').fill('町田市の計画の階層に合わせる');
  await page.getByRole('button', { name: '保存する' }).click();
  const saved = page.getByTestId('settings-saved');
  await saved.waitFor();
  expect(await saved.getByRole('heading').textContent()).toBe('保存しました。');
  expect(await page.getByTestId('applies-from').textContent()).toMatch(APPLIES_FROM);
  await screenshot(page, 'settings-01-machida-saved');

  const machida = preset('machida').settings;
  const stored = (await as(api, hqAdmin).get('/settings').expect(200)).body;
  expect(stored.settings.levels).toEqual(machida.levels);
  expect(stored.settings.reviewCadence).toBe('half_yearly');
  expect(stored.cityKeys).toEqual(expect.arrayContaining(['levels', 'decisions', 'ratings']));

  // Saving the same again writes nothing, and says so.
  await page.getByRole('button', { name: '保存する' }).click();
  await saved.getByRole('heading', { name: '保存済みの設定と同じため、変更はありませんでした。' }).waitFor();
  expect(await page.getByTestId('applies-from').textContent()).toMatch(APPLIES_FROM);

  // A cleared label: the server's problem stands under that input, which is marked invalid.
  const firstLabel = page.getByTestId('decision-0').getByLabel('名称（日本語）');
  await firstLabel.fill('');
  // An undecided decision that would raise the budget: settings.decisions[1].budgetRule.
  const second = page.getByTestId('decision-1');
  await second.getByLabel(/未決定として次回に持ち越す/).check();
  await second.getByLabel('予算への反映').selectOption({ label: '増額' });
  await page.getByRole('button', { name: '保存する' }).click();
  const labelError = page.locator('#set-decisions-0-label-ja-error');
  await labelError.waitFor();
  expect(await labelError.textContent()).toContain('名称は1～40文字');
  expect(await firstLabel.getAttribute('aria-invalid')).toBe('true');
  expect(await firstLabel.getAttribute('aria-describedby')).toContain('set-decisions-0-label-ja-error');
  const ruleError = second.locator('#set-decisions-1-budgetRule-error');
  expect(await ruleError.textContent()).toContain('未決定の方向性は予算に反映しません');
  expect(await second.getByLabel('予算への反映').getAttribute('aria-invalid')).toBe('true');
  expect(await page.getByRole('alert').count()).toBeGreaterThan(0);
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshot(page, 'settings-02-field-errors');
  // Nothing was written.
  expect((await as(api, hqAdmin).get('/settings').expect(200)).body.settings).toEqual(stored.settings);

  // A city official's phone: no sideways scrolling, still no serious violation.
  await page.setViewportSize({ width: 360, height: 740 });
  await page.getByRole('heading', { level: 1, name: '市の設定' }).waitFor();
  expect(await scrollsSideways(page)).toBe(false);
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshot(page, 'settings-03-360px');
  await context.close();
});

it('shows the page in English, and neither the link nor a control to the auditor', async () => {
  const { hqAdmin, auditor } = fx.tenant.users;
  const admin = await signIn(hqAdmin, { locale: 'en-US' });
  await admin.page.goto(`${baseUrl}/admin/settings`);
  await admin.page.getByRole('heading', { level: 1, name: 'City settings' }).waitFor();
  await admin.page.getByRole('group', { name: 'Plan levels' }).waitFor();
  await admin.page.getByRole('button', { name: 'Load this preset' }).waitFor();
  expect(await admin.page.locator('main').textContent()).not.toMatch(/[ぁ-んァ-ン]/);
  await admin.context.close();

  const audit = await signIn(auditor);
  await audit.page.goto(`${baseUrl}/admin/settings`);
  await audit.page.locator('main h1').waitFor();
  expect(await audit.page.locator('main input, main select, main [data-write]').count()).toBe(0);
  expect(await audit.page.getByRole('link', { name: '市の設定' }).count()).toBe(0);
  await audit.context.close();
});

/** Drives a started cycle through PLAN, DO and CHECK over the API; answers its state in ACT. */
async function driveToAct(cycleId: string, item: FixtureItem) {
  const { leader, hqAdmin, hqApprover } = fx.tenant.users;
  const lead = as(api, leader);
  const approve = approverAs(api, hqApprover);
  const submit = async (path: string, body: object) =>
    (await lead.post(`/cycles/${cycleId}${path}`, body).expect(200)).body;
  let state = await submit('/plan', planBody(item));
  state = await openScheduledEarly(api, hqAdmin, await approve(state));
  for (const review of state.tasks.filter((k: { kind: string }) => k.kind === 'review')) {
    const body = { periodIndex: review.periodIndex, progress: 50, status: 'on_track', indicators: [] };
    state = await submit(`/reviews/${review.id}`, body);
  }
  state = await submit('/execution-report', { summary: '実施した。' });
  state = await openScheduledEarly(api, hqAdmin, await approve(state));
  state = await approve(await submit('/evaluation', evaluationBody(item)));
  expect(state.stage).toBe('ACT');
  return state as { id: string; tasks: Array<{ id: string; kind: string }> };
}

it('offers the city’s own decisions on the Act form, and HQ reads the decision in those words', async () => {
  const { hqAdmin, leader, hqApprover } = fx.tenant.users;
  // The cycle starts under Hiratsuka's list (a running year keeps the list it started with).
  await as(api, hqAdmin)
    .put('/settings', { settings: preset('hiratsuka').settings })
    .expect(200);
  const item = fx.tenant.items.main;
  const cycle = await startCycle(api, hqAdmin, item);
  // The browser drives the ACT stage only: the stages before it go over the API, in seconds.
  const state = await driveToAct(cycle.id, item);
  const actTask = state.tasks.find((k) => k.kind === 'action')!;

  const lead = await signIn(leader);
  await lead.page.goto(`${baseUrl}/cycles/${cycle.id}/tasks/${actTask.id}`);
  const choices = lead.page.getByTestId('decision-choices');
  await choices.getByRole('radio').first().waitFor();
  const labels = await choices.locator('label').allTextContents();
  expect(labels).toEqual(['現行どおり', '見直し', '廃止', '完了']);
  // 現行どおり keeps the budget (±5 %): the amount is optional and the rule is said under it.
  await choices.getByRole('radio', { name: '現行どおり' }).check();
  const amount = lead.page.getByLabel(/予算への反映額/);
  await amount.waitFor();
  expect(await lead.page.locator('#budgetProposal-hint').textContent()).toContain('±5%以内');
  expect(await seriousAxeViolations(lead.page)).toEqual([]);
  await screenshot(lead.page, 'settings-04-act-form-hiratsuka');
  await lead.page.locator('#rationale').fill('現行の体制で効果が出ているため');
  await lead.page.getByRole('button', { name: '提出する' }).click();
  await lead.page.getByText('提出しました').waitFor();
  await lead.context.close();

  const hq = await signIn(hqApprover);
  await hq.page.goto(`${baseUrl}/approvals`);
  await hq.page.getByTestId('approval-table').getByRole('link', { name: '行政手続のオンライン化' }).click();
  const payload = hq.page.locator('.payload').first();
  await payload.waitFor();
  await payload.getByText('現行どおり', { exact: true }).waitFor();
  await hq.context.close();
});

it('施策評価: the Takarazuka preset evaluates 個別方針; HQ admin moves it to 方針 and renames a grade, a blank code is explained at its input', async () => {
  const { hqAdmin } = fx.tenant.users;
  const { page, context } = await signIn(hqAdmin);
  await page.goto(`${baseUrl}/admin/settings`);
  await page.getByRole('heading', { level: 1, name: '市の設定' }).waitFor();
  await page.getByLabel('ひな形', { exact: true }).selectOption({ label: '宝塚市' });
  await page.getByRole('button', { name: 'このひな形を読み込む' }).click();
  await page.getByTestId('preset-loaded').waitFor();
  // The choices are the levels above the reform item, named as the city names them.
  const level = page.getByRole('group', { name: '評価する階層' });
  expect(await level.locator('label').allTextContents()).toEqual([
    '施策評価を行わない',
    '方針（1段目）',
    '個別方針（2段目）',
    '推進項目（3段目）',
  ]);
  expect(await level.getByRole('radio', { name: '個別方針（2段目）' }).isChecked()).toBe(true);
  const grades = page.locator('[data-testid^="policy-grade-"]');
  expect(await grades.count()).toBe(3);
  await expect(page.getByTestId('policy-grade-2').getByLabel('名称（日本語）').inputValue()).resolves.toBe(
    '課題あり',
  );

  await level.getByRole('radio', { name: '方針（1段目）' }).check();
  await page.getByTestId('policy-grade-2').getByLabel('名称（日本語）').fill('遅れあり');
  await page.getByRole('button', { name: '保存する' }).click();
  await page.getByTestId('settings-saved').waitFor();
  const stored = (await as(api, hqAdmin).get('/settings').expect(200)).body.settings;
  expect(stored.policyEvaluation).toEqual({
    level: 1,
    scale: [
      { code: 'A', label: { ja: '順調', en: 'Going well' }, order: 1 },
      { code: 'B', label: { ja: 'おおむね順調', en: 'Mostly well' }, order: 2 },
      { code: 'C', label: { ja: '遅れあり', en: 'Has issues' }, order: 3 },
    ],
  });

  // A blank code: the server's rule is said next to that grade, nothing is written.
  await page.getByTestId('policy-grade-1').getByLabel('コード').fill('');
  await page.getByRole('button', { name: '保存する' }).click();
  const gradeError = page.getByTestId('policy-grade-1').locator('[data-field-error]');
  await gradeError.first().waitFor();
  expect(await gradeError.first().textContent()).toContain('重複しない code');
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshot(page, 'settings-05-policy-evaluation');
  expect((await as(api, hqAdmin).get('/settings').expect(200)).body.settings).toEqual(stored);

  await page.setViewportSize({ width: 360, height: 740 });
  await page.getByRole('group', { name: '評価する階層' }).waitFor();
  expect(await scrollsSideways(page)).toBe(false);
  await context.close();
});
