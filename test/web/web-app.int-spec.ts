/**
 * The web app in a real browser (Debian chromium through playwright-core) over the real stack:
 * the API serving the built app, real PostgreSQL, real Temporal and a real worker. A leader plans,
 * HQ returns with a comment, the leader resubmits the pre-filled form, HQ approves, the cycle is in
 * DO, and the auditor reads the four steps in the item's timeline without any write control.
 */
import type { AddressInfo } from 'node:net';
import { IdentityProviderRepository } from '@pdca/persistence/repositories';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type ApiTestApp, startApiApp } from '../api/api-test-app';
import { as, eventually, FY, pendingApprovalId, startCycle } from '../api/cycle-helpers';
import { type ApiFixture, createApiFixture, type FixtureUser, PASSWORD } from '../api/fixtures';
import { type RunningWorker, startWorker, uniqueSuffix } from '../support/test-worker';
import { assertWebAppBuilt, launchBrowser, screenshot } from './browser';

jest.setTimeout(240_000);

const taskQueue = `web-app-${uniqueSuffix()}`;
const RETURN_COMMENT = '目標値の根拠を追記してください';
let api: ApiTestApp;
let worker: RunningWorker;
let fx: ApiFixture;
let browser: Browser;
let baseUrl: string;
let cycleId: string;
const openPages: Page[] = [];

beforeAll(async () => {
  assertWebAppBuilt();
  api = await startApiApp({ TEMPORAL_TASK_QUEUE: taskQueue });
  worker = await startWorker(api.dataSource, taskQueue);
  fx = await createApiFixture(api);
  baseUrl = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
  cycleId = (await startCycle(api, fx.tenant.users.hqAdmin, fx.tenant.items.main)).id;
  browser = await launchBrowser();
});

// What each page showed at the end of a test: after a failure, the quickest way to see why.
afterEach(async () => {
  await Promise.all(
    openPages
      .splice(0)
      .map((page, i) => (page.isClosed() ? null : screenshot(page, `last-state-${i}`).catch(() => null))),
  );
});

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  await api?.close();
});

/** A fresh browser profile per person, Japanese by default like a city office PC. */
async function signIn(user: FixtureUser, locale = 'ja-JP'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  openPages.push(page);
  await page.goto(`${baseUrl}/`);
  await page.getByLabel(locale.startsWith('ja') ? 'メールアドレス' : 'Email address').fill(user.email);
  await page.getByLabel(locale.startsWith('ja') ? 'パスワード' : 'Password').fill(PASSWORD);
  await page.getByRole('button', { name: locale.startsWith('ja') ? 'ログイン' : 'Sign in' }).click();
  await page.getByTestId('current-user').filter({ hasText: user.displayName }).waitFor();
  return { context, page };
}

const JST_DATE = /\d{4}年\d{1,2}月\d{1,2}日（[月火水木金土日]）/;
const ITEM_TITLE = '行政手続のオンライン化';

it('serves the app with history fallback and leaves /api and /health to the API', async () => {
  const deep = await fetch(`${baseUrl}/cycles/x/tasks/y`);
  expect(deep.status).toBe(200);
  expect(await deep.text()).toContain('<div id="root">');
  expect((await fetch(`${baseUrl}/health`)).headers.get('content-type')).toMatch(/json/);
  const unknownApi = await fetch(`${baseUrl}/api/v1/nothing-here`);
  expect(unknownApi.status).toBe(404);
  expect(unknownApi.headers.get('content-type')).toMatch(/json/);
});

it('runs plan → return with comment → resubmit → approve → DO, and the auditor reads it all', async () => {
  const { leader, hqApprover, auditor } = fx.tenant.users;

  // ── Leader: inbox in Japanese with JST dates, then the PLAN form ─────────────────────────────
  const lead = await signIn(leader);
  const inbox = lead.page.getByTestId('task-table');
  await inbox.getByRole('link', { name: ITEM_TITLE }).waitFor();
  await expect(inbox.locator('tbody tr').first().textContent()).resolves.toMatch(JST_DATE);
  expect(await inbox.textContent()).toContain('2027年度（令和9年度）');
  await screenshot(lead.page, '01-leader-task-inbox');

  await inbox.getByRole('link', { name: ITEM_TITLE }).click();
  await lead.page.getByRole('heading', { name: /年度取組計画の作成$/ }).waitFor();
  // Targets start from the item's planned values for the year; baseline and unit are shown.
  await expect(lead.page.getByLabel('オンライン申請率').inputValue()).resolves.toBe('');
  await lead.page.getByLabel('オンライン申請率').fill('55');
  await lead.page.getByLabel('窓口平均待ち時間').fill('15');
  await lead.page.getByLabel('取組 1').fill('電子申請の対象手続を拡大する');
  // A budget in fractions of a yen: the server's rule, shown next to the field, in Japanese.
  await lead.page.getByLabel(/当初予算額（案）/).fill('1000.5');
  await lead.page.getByRole('button', { name: '提出する' }).click();
  const budgetError = lead.page.locator('[data-field-error="budgetRequest"]');
  await budgetError.waitFor();
  expect(await budgetError.textContent()).toMatch(/当初予算額（案）|整数/);
  await expect(lead.page.getByLabel(/当初予算額（案）/).inputValue()).resolves.toBe('1000.5');
  await expect(lead.page.getByLabel('取組 1').inputValue()).resolves.toBe('電子申請の対象手続を拡大する');
  await screenshot(lead.page, '02-plan-form-server-400');

  await lead.page.getByLabel(/当初予算額（案）/).fill('12,000,000');
  await lead.page.getByText('＝ 12,000千円').waitFor();
  await lead.page.getByRole('button', { name: '提出する' }).click();
  await lead.page.getByText('提出しました').waitFor();

  // ── HQ: the approval inbox, a return without a comment is refused next to the comment ────────
  const hq = await signIn(hqApprover);
  await hq.page.getByTestId('approval-table').getByRole('link', { name: ITEM_TITLE }).click();
  await hq.page.getByRole('heading', { name: /提出内容/ }).waitFor();
  expect(await hq.page.locator('.payload').textContent()).toContain('12,000千円');
  await hq.page.getByRole('button', { name: '差し戻す' }).click();
  await hq.page.locator('[data-field-error="comment"]').waitFor();
  await hq.page.getByLabel('コメント').fill(RETURN_COMMENT);
  await screenshot(hq.page, '03-hq-approval-return');
  await hq.page.getByRole('button', { name: '差し戻す' }).click();
  await hq.page.getByText(`差し戻しました。コメント：${RETURN_COMMENT}`).waitFor();

  // ── Leader: sees the comment, the form opens with what was sent, resubmits ──────────────────
  await lead.page.goto(`${baseUrl}/tasks`);
  await lead.page.getByTestId('task-table').getByText('差戻し').waitFor();
  await lead.page.getByTestId('task-table').getByRole('link', { name: ITEM_TITLE }).click();
  const returned = lead.page.getByTestId('returned-comment');
  await returned.waitFor();
  expect(await returned.textContent()).toContain(RETURN_COMMENT);
  await expect(lead.page.getByLabel('オンライン申請率').inputValue()).resolves.toBe('55');
  await expect(lead.page.getByLabel(/当初予算額（案）/).inputValue()).resolves.toBe('12000000');
  await lead.page.getByLabel('取組 1').fill('電子申請の対象手続を30件に拡大する（根拠：利用者調査）');
  await screenshot(lead.page, '04-leader-returned-prefilled');
  await lead.page.getByRole('button', { name: '再提出する' }).click();
  await lead.page.getByText('提出しました').waitFor();

  // ── HQ: round 2 beside round 1, approve ──────────────────────────────────────────────────────
  await hq.page.goto(`${baseUrl}/approvals`);
  await hq.page.getByTestId('approval-table').getByText('第2回').waitFor();
  await hq.page.getByTestId('approval-table').getByRole('link', { name: ITEM_TITLE }).click();
  await hq.page.getByRole('heading', { name: /前回の提出/ }).waitFor();
  // Round 1 as it was returned, beside round 2, and the indicators with both rounds' targets.
  const previousRound = hq.page.locator('section[aria-labelledby="previous-title"]');
  expect(await previousRound.textContent()).toContain('電子申請の対象手続を拡大する');
  expect(await previousRound.textContent()).not.toContain('根拠：利用者調査');
  const comparison = hq.page.getByTestId('indicator-comparison');
  expect(await comparison.locator('thead').textContent()).toMatch(/今回（第2回）.*前回（第1回・差戻し）/);
  expect(await comparison.getByRole('row', { name: /オンライン申請率/ }).textContent()).toMatch(/55.*55/);
  await screenshot(hq.page, '05-hq-approval-side-by-side');
  await hq.page.getByRole('button', { name: '承認する' }).click();
  await hq.page.getByText('承認しました → 実行段階へ').waitFor();

  const cycle = (await as(api, hqApprover).get(`/cycles/${cycleId}`).expect(200)).body;
  expect(cycle).toMatchObject({ stage: 'DO' });

  // ── Leader: FY2027's reviews and report are not open yet: listed apart as 予定 with their dates ─
  await lead.page.goto(`${baseUrl}/tasks`);
  await lead.page.getByRole('button', { name: /^予定/ }).click();
  const scheduled = lead.page.getByTestId('task-table');
  await scheduled.getByText('2027年7月1日（木）から受付').waitFor();
  // The second column holds the opening date, so it is headed 受付開始, not 残り日数.
  expect(await scheduled.locator('thead th').nth(1).textContent()).toBe('受付開始');
  expect(await scheduled.locator('tbody tr').count()).toBeGreaterThanOrEqual(5);
  expect(await scheduled.textContent()).toContain('2028年4月1日（土）から受付');
  await screenshot(lead.page, '05b-leader-scheduled-tasks');

  // ── Auditor: the board shows DO; the timeline has the four steps, names and the comment ─────
  const audit = await signIn(auditor);
  await audit.page.goto(`${baseUrl}/board`);
  const doColumn = audit.page.locator('section[aria-labelledby="col-DO"]');
  await doColumn.getByText(ITEM_TITLE).waitFor();
  await screenshot(audit.page, '06-board');
  await doColumn.getByRole('link', { name: ITEM_TITLE }).click();
  const timeline = audit.page.getByTestId('timeline');
  await timeline.locator('li[data-kind="approval.approved"]').waitFor();
  const kinds = await timeline
    .locator('li')
    .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-kind')));
  expect(kinds.filter((k) => k && /^(plan\.submitted|approval\.(returned|approved))$/.test(k))).toEqual([
    'plan.submitted',
    'approval.returned',
    'plan.submitted',
    'approval.approved',
  ]);
  const text = (await timeline.textContent()) ?? '';
  expect(text).toContain(leader.displayName);
  expect(text).toContain(hqApprover.displayName);
  expect(text).toContain(RETURN_COMMENT);
  expect(text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日（[月火水木金土日]） \d{2}:\d{2}/);
  await screenshot(audit.page, '07-auditor-timeline');

  // No write control anywhere the auditor goes, even on an approval page opened by its address.
  const approvalId = cycle.approvals[0].id as string;
  for (const path of [
    '/audit',
    '/board',
    '/budget',
    `/audit/items/${fx.tenant.items.main.id}`,
    `/cycles/${cycleId}/approvals/${approvalId}`,
    `/cycles/${cycleId}/tasks/${cycle.tasks[0].id}`,
    '/admin/cycles',
    `/admin/cycles/${cycleId}`,
    '/admin/import',
    '/admin/groups',
    '/admin/users',
  ]) {
    await audit.page.goto(`${baseUrl}${path}`);
    await audit.page.locator('main h1').waitFor();
    expect(await audit.page.locator('[data-write]').count()).toBe(0);
    expect(
      await audit.page
        .getByRole('button', {
          name: /承認する|差し戻す|提出する|再提出する|期限を変更|中止|取り込む|確認する/,
        })
        .count(),
    ).toBe(0);
    // Nothing to type into; only choices of what to read (a sheet's year, 公表用), which write nothing.
    expect(await audit.page.locator('main input:not([data-read-choice] *), main textarea').count()).toBe(0);
  }
  expect(await audit.page.getByRole('navigation', { name: 'メインメニュー' }).textContent()).not.toContain(
    '管理',
  );

  // ── Language switch: labels change and the choice is remembered ─────────────────────────────
  await audit.page.goto(`${baseUrl}/audit/items/${fx.tenant.items.main.id}`);
  await audit.page.getByRole('button', { name: 'English' }).click();
  await audit.page.getByRole('heading', { name: 'History (all fiscal years)' }).waitFor();
  expect(await audit.page.getByRole('navigation').textContent()).toContain('Audit');
  await audit.page.reload();
  await audit.page.getByRole('heading', { name: 'History (all fiscal years)' }).waitFor();
  expect(await audit.page.locator('html').getAttribute('lang')).toBe('en');
  expect(await audit.page.getByTestId('timeline').textContent()).toContain('FY2027 (Reiwa 9)');
  await screenshot(audit.page, '08-auditor-timeline-english');
});

it('applies a role change without signing out: the next load shows the new role’s menu', async () => {
  const user = fx.tenant.users.hqApprover;
  const admin = as(api, fx.tenant.users.admin);
  const { context, page } = await signIn(user);
  const tasksLink = page.getByRole('navigation').getByRole('link', { name: '自分のタスク' });
  await page.getByRole('navigation').getByRole('link').first().waitFor();
  expect(await tasksLink.count()).toBe(0);
  await admin.patch(`/users/${user.id}`, { roles: ['hq_approver', 'wg_leader'] }).expect(200);
  try {
    // Before #28 the session kept the roles of the sign-in until the next sign-in.
    await page.reload();
    await tasksLink.waitFor();
  } finally {
    await admin.patch(`/users/${user.id}`, { roles: ['hq_approver'] }).expect(200);
  }
  await context.close();
});

it('opens in English for a browser that prefers English', async () => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Email address').fill(fx.tenant.users.leader.email);
  await page.getByLabel('Password').fill('wrong password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').waitFor();
  expect(await page.getByRole('alert').textContent()).not.toMatch(/[ぁ-んァ-ン]/);
  await screenshot(page, '00-sign-in-english');
  await context.close();
});

/** A plan file as an HQ secretariat would keep it, with one bad cell when asked. */
function planFile(target: string): Buffer {
  return Buffer.from(
    [
      '番号\t目標\t改革テーマ\t実施計画事業\t取組の概要\t所管WG\t指標\t単位\t現状値\t目標値(2027年度)\t方向\t予算額(千円)',
      `9-1\t目標9 試行\t改革テーマ9 試行\t窓口予約の導入\t予約制の窓口を試行します。\t窓口・デジタルWG\t予約件数\t件\t0\t${target}\t高いほど良い\t1,000`,
    ].join('\n'),
  );
}

it('HQ admin: a moved deadline and its reason reach the leader’s task; the import lists row and column first', async () => {
  const { hqAdmin, leader } = fx.tenant.users;
  const REASON = '議会日程の変更のため';
  const state = (await as(api, hqAdmin).get(`/cycles/${cycleId}`).expect(200)).body;
  // The review periods of this fiscal year have not happened yet: the review is scheduled (予定).
  const review = state.tasks.find(
    (t: { kind: string; status: string }) => t.kind === 'review' && t.status === 'scheduled',
  );
  expect(review).toBeDefined();
  // A week later, 17:00 Japan time, typed the way the datetime-local field takes it.
  const newDue = new Date(Date.parse(review.dueAt) + 7 * 86_400_000);
  const jst = new Date(newDue.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);

  const admin = await signIn(hqAdmin);
  // On the board an HQ administrator's item opens its admin cycle page (an auditor's, its history).
  await admin.page.goto(`${baseUrl}/board`);
  await admin.page.getByTestId('board').getByRole('link', { name: ITEM_TITLE }).click();
  await admin.page.getByTestId('admin-tasks').waitFor();
  expect(admin.page.url()).toBe(`${baseUrl}/admin/cycles/${cycleId}`);
  await admin.page
    .getByRole('navigation', { name: 'メインメニュー' })
    .getByRole('link', { name: '管理' })
    .click();
  await admin.page
    .getByTestId('admin-cycles')
    .getByRole('link', { name: new RegExp(ITEM_TITLE) })
    .click();
  const row = admin.page.locator(`[data-task="${review.id}"]`);
  await row.getByText('期限の変更', { exact: true }).click();
  await row.getByLabel('新しい期限（日本時間）').fill(`${jst}T17:00`);
  // Without a reason the server refuses, and says so next to the reason field.
  await row.getByRole('button', { name: '期限を変更する' }).click();
  await row.locator(`[data-field-error="deadline-${review.id}-reason"]`).waitFor();
  await row.getByLabel('変更の理由').fill(REASON);
  await row.getByRole('button', { name: '期限を変更する' }).click();
  await row.getByText('期限を変更しました').waitFor();
  await row.getByText(REASON).waitFor({ state: 'attached' });
  await screenshot(admin.page, '09-admin-cycle-deadline-moved');

  // A scheduled task shows its opening date; HQ opens it early with a reason (the rare case).
  expect(await row.getByTestId('opens-on').textContent()).toContain('から受付');
  await row.getByText('受付を前倒しで開始', { exact: true }).click();
  await row.getByLabel('前倒しの理由').fill('議会への中間報告のため');
  await row.getByRole('button', { name: '受付を開始する' }).click();
  await row.getByTestId('opens-on').waitFor({ state: 'detached' });
  const reopened = (await as(api, hqAdmin).get(`/cycles/${cycleId}`).expect(200)).body;
  expect(reopened.tasks.find((t: { id: string }) => t.id === review.id).status).toBe('open');

  const lead = await signIn(leader);
  await lead.page.goto(`${baseUrl}/cycles/${cycleId}/tasks/${review.id}`);
  const moved = lead.page.getByTestId('deadline-moves');
  await moved.waitFor();
  const [y, m, d] = jst.split('-').map(Number);
  expect(await moved.textContent()).toContain(REASON);
  expect(await moved.textContent()).toContain(`${y}年${m}月${d}日`);
  expect(await moved.textContent()).toContain(hqAdmin.displayName);
  await screenshot(lead.page, '10-leader-task-deadline-moved');
  await lead.context.close();

  // The import: a bad cell is listed with its row and column, and nothing is offered for import.
  await admin.page
    .getByRole('navigation', { name: 'メインメニュー' })
    .getByRole('link', { name: '管理' })
    .click();
  await admin.page.getByRole('link', { name: '計画ファイルの取込' }).click();
  const fileInput = admin.page.getByLabel(/計画ファイル（/);
  await fileInput.setInputFiles({
    name: 'plan.tsv',
    mimeType: 'text/tab-separated-values',
    buffer: planFile('たくさん'),
  });
  await admin.page.getByRole('button', { name: '内容を確認する（書き込みません）' }).click();
  const problems = admin.page.getByTestId('import-problems');
  await problems.waitFor();
  const first = await problems.locator('tbody tr').first().locator('td').allTextContents();
  expect(first.slice(0, 3)).toEqual(['2', '目標値(2027年度)', 'たくさん']);
  expect(await admin.page.getByRole('button', { name: 'この内容で取り込む' }).count()).toBe(0);
  await screenshot(admin.page, '11-admin-import-problems');

  // Corrected: the preview says what would be written, and only then the import writes it.
  await fileInput.setInputFiles({
    name: 'plan.tsv',
    mimeType: 'text/tab-separated-values',
    buffer: planFile('40'),
  });
  await admin.page.getByRole('button', { name: '内容を確認する（書き込みません）' }).click();
  await admin.page.getByTestId('import-report').getByText('9-1').waitFor();
  await screenshot(admin.page, '12-admin-import-preview');
  await admin.page.getByRole('button', { name: 'この内容で取り込む' }).click();
  await admin.page.getByText('取り込みました').waitFor();

  await admin.page.getByRole('link', { name: 'WGとメンバー' }).click();
  await admin.page.getByTestId('working-groups').getByText('窓口・デジタルWG').waitFor();
  await screenshot(admin.page, '13-admin-working-groups');
  await admin.page.getByRole('link', { name: '利用者', exact: true }).click();
  await admin.page.getByTestId('users').getByText(leader.email, { exact: true }).waitFor();
  await screenshot(admin.page, '14-admin-users');
  await admin.context.close();
});

it('offers “sign in with <the city’s directory>” where a city has OpenID Connect', async () => {
  await new IdentityProviderRepository(api.dataSource).save({
    tenantId: fx.otherTenant.id,
    displayName: { ja: 'テスト市 職員ディレクトリ', en: 'Test City staff directory' },
    issuer: 'https://idp.invalid/realms/city',
    clientId: 'pdca',
    clientSecret: 'not-a-real-secret',
    scopes: 'openid email profile',
    rolesClaim: 'groups',
    roleMapping: {},
  });
  const context = await browser.newContext({ locale: 'ja-JP' });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/approvals`);
  const button = page.getByRole('link', { name: 'テスト市 職員ディレクトリでログイン' });
  await button.waitFor();
  expect(await button.getAttribute('href')).toBe(
    `/api/v1/auth/oidc/${fx.otherTenant.code}/start?returnTo=%2Fapprovals`,
  );
  await screenshot(page, '15-sign-in-directory');
  await context.close();
});

it('PLAN: the leader sets the year’s 効果額 target; an invalid amount is refused on its field', async () => {
  const { hqAdmin, otherLeader } = fx.tenant.users;
  const item = fx.tenant.items.other;
  const started = await startCycle(api, hqAdmin, item);
  const planTask = started.tasks.find((t) => t.kind === 'plan')!;
  const summary = async () =>
    (await as(api, hqAdmin).get(`/plans/${fx.tenant.planId}/summary`).query({ fiscalYear: FY }).expect(200))
      .body.plan.year.target;
  const before = await summary();

  const lead = await signIn(otherLeader);
  await lead.page.goto(`${baseUrl}/cycles/${started.id}/tasks/${planTask.id}`);
  await lead.page.getByRole('heading', { name: /年度取組計画の作成$/ }).waitFor();
  await lead.page.getByLabel('オンライン申請率').fill('40');
  await lead.page.getByLabel('窓口平均待ち時間').fill('20');
  await lead.page.getByLabel('取組 1').fill('施設の統廃合計画を策定する');
  // A negative spending reduction and a cost beyond whole yen the API can hold (2^53).
  await lead.page.getByLabel('歳出削減額').fill('-1');
  await lead.page.getByLabel('歳入確保額').fill('500,000');
  await lead.page.getByLabel('取組経費').fill('9007199254740992');
  await lead.page.getByRole('button', { name: '提出する' }).click();
  const reductionError = lead.page.locator('[data-field-error="effectTarget-spendingReduction"]');
  await reductionError.waitFor();
  expect(await reductionError.textContent()).toContain('歳出削減額は0以上の整数（円）で入力してください');
  expect(await lead.page.locator('[data-field-error="effectTarget-cost"]').textContent()).toContain(
    '取組経費は0以上の整数（円）で入力してください',
  );
  await expect(lead.page.getByLabel('歳入確保額').inputValue()).resolves.toBe('500,000');
  await screenshot(lead.page, '16-plan-effect-target-400');
  const refused = (await as(api, hqAdmin).get(`/cycles/${started.id}`).expect(200)).body;
  expect(refused).toMatchObject({ stage: 'PLAN', status: 'awaiting_submission', awaitingApproval: false });
  expect(refused.plan ?? null).toBeNull();

  // Corrected: the net 効果額 follows what is typed (3,000千円 + 500千円 − 800千円).
  await lead.page.getByLabel('歳出削減額').fill('3000000');
  await lead.page.getByLabel('取組経費').fill('800000');
  expect(await lead.page.getByTestId('effectTarget-net').textContent()).toContain('2,700千円');
  await lead.page.getByRole('button', { name: '提出する' }).click();
  await lead.page.getByText('提出しました').waitFor();
  await lead.context.close();

  // The plan board's roll-up counts the submitted target instead of the (empty) imported one.
  const after = await eventually(async () => {
    const target = await summary();
    return target.net === before.net ? undefined : target;
  });
  expect(after).toEqual({
    spendingReduction: before.spendingReduction + 3_000_000,
    revenueGain: before.revenueGain + 500_000,
    cost: before.cost + 800_000,
    net: before.net + 2_700_000,
  });

  // HQ reads the target with the submitted plan, read-only.
  const state = (await as(api, hqAdmin).get(`/cycles/${started.id}`).expect(200)).body;
  const hq = await signIn(fx.tenant.users.hqApprover);
  await hq.page.goto(`${baseUrl}/cycles/${started.id}/approvals/${pendingApprovalId(state)}`);
  const shown = hq.page.getByTestId('payload-effectTarget');
  await shown.waitFor();
  const text = await shown.textContent();
  for (const part of ['歳出削減額：3,000千円', '歳入確保額：500千円', '取組経費：800千円', '2,700千円']) {
    expect(text).toContain(part);
  }
  await screenshot(hq.page, '17-hq-approval-effect-target');
  await hq.context.close();
});
