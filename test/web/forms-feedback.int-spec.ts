/**
 * Forms and messages in the browser (#28 points 1–4), over the real stack (the API serving the
 * built app, real PostgreSQL, Temporal and a worker). The leader's PLAN form names a problem as the
 * form names the field (「指標1『オンライン申請率』の目標値を入力してください。」, next to it) and
 * stops an empty required field before sending anything; HQ's approval page names the 提出者 and
 * says what was decided; on the resubmission the leader answers the return (差戻しへの回答), which
 * HQ reads beside the comment it answers, and round 2 shows the changed amount (9,500千円 →
 * 9,300千円); the leader then opens what they submitted, read-only, with each round's decision.
 * axe-core finds no serious violation on the pages touched.
 */
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { type ApiWithWorker, startApiWithWorker } from '../api/api-test-app';
import { as, eventually, openScheduledEarly, startCycle } from '../api/cycle-helpers';
import { type ApiFixture, createApiFixture } from '../api/fixtures';
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
let cycleId: string;
let planTaskId: string;
const sessions = browserSessions('forms-feedback', () => ({ browser, baseUrl }));
const signIn = sessions.signIn;

const RETURN_COMMENT = '当初予算額（案）の積算根拠を見直してください';
const ANSWER = '委託料を見直し、9,300千円に減額しました。';

beforeAll(async () => {
  assertWebAppBuilt();
  api = await startApiWithWorker('web-forms-feedback');
  fx = await createApiFixture(api);
  baseUrl = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
  const cycle = await startCycle(api, fx.tenant.users.hqAdmin, fx.tenant.items.main);
  cycleId = cycle.id;
  planTaskId = cycle.tasks.find((t) => t.kind === 'plan')!.id;
  browser = await launchBrowser();
});

afterEach(() => sessions.screenshotOpen());

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

/** Every POST of the cycle's plan the page sends, counted from now. */
function planPosts(page: Page): { count: number } {
  const seen = { count: 0 };
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith(`/cycles/${cycleId}/plan`)) seen.count++;
  });
  return seen;
}

interface CycleRead {
  status: string;
  approvals: Array<{ id: string; status: string; round: number }>;
}

/** The cycle as HQ reads it, once `ready` holds (the read model lags the workflow a little). */
function cycleWhen(ready: (c: CycleRead) => boolean): Promise<CycleRead> {
  return eventually(async () => {
    const body = (await as(api, fx.tenant.users.hqApprover).get(`/cycles/${cycleId}`).expect(200))
      .body as CycleRead;
    return ready(body) ? body : undefined;
  });
}

const pendingOfRound = (c: CycleRead, round: number) =>
  c.approvals.find((a) => a.status === 'pending' && a.round === round);

it('names the field as the form does, next to it, and stops an empty required field before sending', async () => {
  const { leader } = fx.tenant.users;
  const { page } = await signIn(leader);
  const posts = planPosts(page);
  await page.goto(`${baseUrl}/cycles/${cycleId}/tasks/${planTaskId}`);
  await page.getByRole('heading', { name: /年度取組計画の作成$/ }).waitFor();
  await page.getByLabel('オンライン申請率').fill('');
  await page.getByLabel('窓口平均待ち時間').fill('15分');
  await page.getByLabel('取組 1').fill('電子申請の対象手続を拡大する');
  await page.getByLabel(/当初予算額（案）/).fill('9,500,000');
  await page.getByRole('button', { name: '提出する' }).click();

  const target = page.locator('[data-field-error="targets[0].target"]');
  await target.waitFor();
  expect(await target.textContent()).toBe('指標1『オンライン申請率』の目標値を入力してください。');
  // The field's own message is tied to its input, and a number typed with text is named likewise.
  await expect(page.getByLabel('オンライン申請率').getAttribute('aria-describedby')).resolves.toBe(
    'target-0-error',
  );
  expect(await page.locator('[data-field-error="targets[1].target"]').textContent()).toBe(
    '指標2『窓口平均待ち時間』の目標値は数値で入力してください。',
  );
  const summary = (await page.getByRole('alert').textContent()) ?? '';
  expect(summary).toContain('入力内容を確認してください：指標1『オンライン申請率』の目標値');
  expect(summary).not.toMatch(/targets\[/);
  // Nothing went to the server: the form checked what it could.
  expect(posts.count).toBe(0);
  // What was typed stays.
  await expect(page.getByLabel('取組 1').inputValue()).resolves.toBe('電子申請の対象手続を拡大する');
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshot(page, 'forms-feedback-01-plan-field-messages');

  // English names the field likewise.
  const en = await signIn(leader, { locale: 'en-US' });
  await en.page.goto(`${baseUrl}/cycles/${cycleId}/tasks/${planTaskId}`);
  await en.page.getByLabel('Activity 1').fill('x');
  await en.page.getByRole('button', { name: 'Submit', exact: true }).click();
  const enTarget = en.page.locator('[data-field-error="targets[0].target"]');
  await enTarget.waitFor();
  expect(await enTarget.textContent()).toBe('Target for indicator 1 “オンライン申請率” is required.');
  await en.context.close();

  // Corrected, it goes through.
  await page.getByLabel('オンライン申請率').fill('55');
  await page.getByLabel('窓口平均待ち時間').fill('15');
  await page.getByRole('button', { name: '提出する' }).click();
  await page.getByText('提出しました').first().waitFor();
  expect(posts.count).toBe(1);
});

it('names the 提出者 and says what was decided; on round 2 the answer stands beside the comment and the changed amount shows', async () => {
  const { leader, hqApprover } = fx.tenant.users;
  const round1 = pendingOfRound(await cycleWhen((c) => !!pendingOfRound(c, 1)), 1)!;

  // ── HQ: round 1 names the submitter; a return says so, with the comment ─────────────────────
  const hq = await signIn(hqApprover);
  await hq.page.goto(`${baseUrl}/cycles/${cycleId}/approvals/${round1.id}`);
  await hq.page.getByRole('heading', { name: /提出内容/ }).waitFor();
  expect(await hq.page.getByTestId('submitter').textContent()).toBe(leader.displayName);
  expect(await seriousAxeViolations(hq.page)).toEqual([]);
  // A return without a reason is stopped in the page, by the machine's rule, before anything is sent.
  let decisionPosts = 0;
  hq.page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith(`/approvals/${round1.id}/decision`))
      decisionPosts++;
  });
  await hq.page.getByRole('button', { name: '差し戻す' }).click();
  const commentError = hq.page.locator('#comment-error');
  await commentError.waitFor();
  expect(await commentError.textContent()).toContain('差戻しの理由をコメントに記入してください。');
  expect(decisionPosts).toBe(0);
  await hq.page.getByLabel('コメント').fill(RETURN_COMMENT);
  await hq.page.getByRole('button', { name: '差し戻す' }).click();
  const outcome = hq.page.getByTestId('decision-outcome');
  await outcome.waitFor();
  expect(await outcome.textContent()).toBe(`差し戻しました。コメント：${RETURN_COMMENT}`);
  await screenshot(hq.page, 'forms-feedback-02-returned');

  // ── Leader: the resubmission has a place for the answer to the return ───────────────────────
  await cycleWhen((c) => c.status === 'returned');
  const lead = await signIn(leader);
  await lead.page.goto(`${baseUrl}/cycles/${cycleId}/tasks/${planTaskId}`);
  await lead.page.getByTestId('returned-comment').waitFor();
  const answer = lead.page.getByLabel('差戻しへの回答');
  await answer.fill(ANSWER);
  // Typed as a budget document writes it, in 千円.
  await lead.page.getByLabel(/当初予算額（案）/).fill('9,300千円');
  expect(await seriousAxeViolations(lead.page)).toEqual([]);
  await lead.page.getByRole('button', { name: '再提出する' }).click();
  await lead.page.getByText('提出しました').first().waitFor();

  // ── HQ: round 2 beside round 1, the answer beside the comment, the amount's change ─────────
  const round2 = pendingOfRound(await cycleWhen((c) => !!pendingOfRound(c, 2)), 2)!;
  await hq.page.goto(`${baseUrl}/cycles/${cycleId}/approvals/${round2.id}`);
  const exchange = hq.page.getByTestId('return-exchange');
  await exchange.waitFor();
  expect(await exchange.getByTestId('return-comment').textContent()).toContain(RETURN_COMMENT);
  expect(await exchange.getByTestId('return-comment').textContent()).toContain(hqApprover.displayName);
  expect(await exchange.getByTestId('return-answer').textContent()).toContain(ANSWER);
  const budget = hq.page
    .locator('section[aria-labelledby="submission-title"]')
    .getByTestId('payload-field-budgetRequest');
  expect(await budget.textContent()).toContain('9,500千円 → 9,300千円');
  expect(await budget.textContent()).toContain('変更');
  // What did not change is not marked.
  expect(
    await hq.page
      .locator('section[aria-labelledby="submission-title"]')
      .getByTestId('payload-field-activities')
      .getAttribute('class'),
  ).toBeNull();
  expect(await hq.page.getByTestId('submitter').textContent()).toBe(leader.displayName);
  expect(await seriousAxeViolations(hq.page)).toEqual([]);
  await screenshot(hq.page, 'forms-feedback-03-round-2');
  await hq.page.getByRole('button', { name: '承認する' }).click();
  await hq.page.getByTestId('decision-outcome').waitFor();
  expect(await hq.page.getByTestId('decision-outcome').textContent()).toBe('承認しました → 実行段階へ');
});

it('lets the leader open what they submitted, read-only, with each round’s decision', async () => {
  const { leader, hqApprover } = fx.tenant.users;
  await cycleWhen((c) => c.approvals.every((a) => a.status !== 'pending'));
  const { page } = await signIn(leader);
  await page.goto(`${baseUrl}/cycles/${cycleId}/tasks/${planTaskId}`);
  await page.getByRole('link', { name: '提出した内容を見る' }).click();
  const rounds = page.getByTestId('submission-rounds');
  await rounds.getByTestId('round-2').waitFor();
  const round1 = rounds.getByTestId('round-1');
  const round2 = rounds.getByTestId('round-2');
  // Newest first; each with what was sent, who sent it, and HQ's decision with who and the comment.
  expect(
    await rounds.locator('> li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-testid'))),
  ).toEqual(['round-2', 'round-1']);
  expect(await round1.textContent()).toContain('9,500千円');
  expect(await round1.getByTestId('round-decision').getAttribute('data-status')).toBe('returned');
  expect(await round1.getByTestId('round-decision').textContent()).toContain(RETURN_COMMENT);
  expect(await round1.getByTestId('round-decision').textContent()).toContain(hqApprover.displayName);
  expect(await round2.textContent()).toContain(leader.displayName);
  expect(await round2.getByTestId('own-return-answer').textContent()).toContain(ANSWER);
  expect(await round2.getByTestId('payload-field-budgetRequest').textContent()).toContain(
    '9,500千円 → 9,300千円',
  );
  expect(await round2.getByTestId('round-decision').getAttribute('data-status')).toBe('approved');
  // Read-only: nothing to type in or send.
  expect(await page.locator('main input, main textarea, main select, main [data-write]').count()).toBe(0);
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshot(page, 'forms-feedback-04-own-submission');

  // At phone width the rounds stack and the page does not scroll sideways.
  const phone = await signIn(leader, { width: 390 });
  await phone.page.goto(`${baseUrl}/cycles/${cycleId}/tasks/${planTaskId}/submission`);
  await phone.page.getByTestId('round-1').waitFor();
  expect(await scrollsSideways(phone.page)).toBe(false);
  await screenshot(phone.page, 'forms-feedback-05-own-submission-390');
  await phone.context.close();
});

it('checks the review form before sending too, and the leader opens the review they sent', async () => {
  const { leader, hqAdmin } = fx.tenant.users;
  // FY2027's reviews open months after "now": HQ opens them early over the API.
  const cycle = (await as(api, hqAdmin).get(`/cycles/${cycleId}`).expect(200)).body;
  const opened = await openScheduledEarly(api, hqAdmin, cycle);
  const review = opened.tasks.find(
    (t: { kind: string; periodIndex: number | null }) => t.kind === 'review' && t.periodIndex === 1,
  );
  const { page } = await signIn(leader);
  let posts = 0;
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().includes(`/reviews/${review.id}`)) posts++;
  });
  await page.goto(`${baseUrl}/cycles/${cycleId}/tasks/${review.id}`);
  await page.getByLabel(/進捗率/).waitFor();
  await page.getByLabel(/進捗率/).fill('120');
  await page.getByRole('button', { name: '提出する' }).click();
  const progress = page.locator('[data-field-error="progress"]');
  await progress.waitFor();
  expect(await progress.textContent()).toBe('進捗率は0〜100で入力してください。');
  expect(await page.locator('[data-field-error="status"]').count()).toBe(1);
  expect(posts).toBe(0);
  expect(await seriousAxeViolations(page)).toEqual([]);

  await page.getByLabel(/進捗率/).fill('40');
  await page.locator('#status').selectOption({ index: 1 });
  await page.getByRole('button', { name: '提出する' }).click();
  await page.getByRole('link', { name: '提出した内容を見る' }).click();
  const sent = page.getByTestId('review-submission');
  await sent.waitFor();
  expect(await sent.textContent()).toContain('40%');
  expect(await sent.textContent()).toContain(leader.displayName);
  expect(posts).toBe(1);
  expect(await page.locator('main input, main textarea, main select, main [data-write]').count()).toBe(0);
  expect(await seriousAxeViolations(page)).toEqual([]);
});

it('tells a wg_leader who leads no working group why no task reaches them; a leader sees no such note', async () => {
  const member = await signIn(fx.tenant.users.member);
  await member.page.goto(`${baseUrl}/tasks`);
  const note = member.page.getByTestId('no-group');
  await note.waitFor();
  expect(await note.textContent()).toContain('ワーキンググループのリーダーにも登録されていない');
  expect(await seriousAxeViolations(member.page)).toEqual([]);

  const lead = await signIn(fx.tenant.users.leader);
  await lead.page.goto(`${baseUrl}/tasks`);
  await lead.page.getByTestId('task-table').first().waitFor();
  expect(await lead.page.getByTestId('no-group').count()).toBe(0);
});
