/**
 * 市の対応方針 in the browser (#25), over the real stack (the API serving the built app, PostgreSQL,
 * Temporal and a worker). A review round is run through the API (HQ creates it, two members give
 * their 意見, the chair records the 委員会の評価), which opens the 市の対応方針 for the item's leader
 * under a two-step chain (推進リーダー → 本部長). The leader opens it from the task inbox, reads the
 * 委員会の評価, is told next to each field what is missing, and submits with a 効果見込額 typed as
 * 3,600千円; HQ returns it from the approval inbox (a return needs a comment); the leader reads the
 * comment, answers it and resubmits; two people approve the two steps. The item's next fiscal
 * year shows the response on the PLAN task and asks the leader on the CHECK task for its
 * 対応方針の実施状況, saved on its own; HQ reads it on the cycle's page. axe-core finds no serious
 * violation at desktop width and at 360 px, where nothing scrolls sideways.
 */
import { TWO_STEP_APPROVAL_POLICY } from '@pdca/domain';
import type { Page } from 'playwright-core';
import { as, eventually, runYearToCheck } from '../api/cycle-helpers';
import { createFixtureUser, type FixtureUser } from '../api/fixtures';
import { checkBothWidths } from './browser';
import { browserSuite } from './browser-suite';

jest.setTimeout(300_000);

const FY = 2026;
const { stack, signIn } = browserSuite('external-response');

const RULING_REASON = '利用実績に比べて開館日が多く、費用対効果の検証が不十分なため見直しとする。';
const RESPONSE = '利用状況を踏まえ、令和9年度から開館日を週5日に見直す。';
const RETURN_COMMENT = '効果見込額の積算の根拠を書き加えてください。';
const RETURN_ANSWER = '開館日1日あたりの人件費と光熱水費から積算しました（対応方針に追記）。';
const FOLLOW_UP = '令和9年4月から開館日を週5日とし、人件費を年間2,400千円削減した。';

let director: FixtureUser;
let responseId: string;
let reviewId: string;

beforeAll(async () => {
  const { api, fx } = stack;
  const { hqAdmin } = fx.tenant.users;
  const { main } = fx.tenant.items;
  director = await createFixtureUser(api, fx.tenant, 'director', '本部長 次郎', ['hq_approver']);
  const chair = await createFixtureUser(api, fx.tenant, 'chair', '委員長 一郎', ['external_reviewer']);
  const member = await createFixtureUser(api, fx.tenant, 'member', '委員 花子', ['external_reviewer']);
  // The response is approved in two steps, by two people (the chain is read when it opens).
  const [{ settings }] = await api.dataSource.query(`SELECT settings FROM tenants WHERE id = $1`, [
    fx.tenant.id,
  ]);
  await setSettings({ ...settings, approvalPolicy: TWO_STEP_APPROVAL_POLICY });

  const round = (
    await as(api, hqAdmin)
      .post('/external-reviews', {
        fiscalYear: FY,
        title: '令和8年度 外部評価（第1回）',
        itemIds: [main.id],
        memberUserIds: [chair.id, member.id],
        chairUserId: chair.id,
        dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      })
      .expect(201)
  ).body;
  reviewId = round.id;
  const opinion = (user: FixtureUser, text: string, result: string) =>
    as(api, user)
      .post(`/external-reviews/${round.id}/opinions`, { itemId: main.id, opinion: text, result })
      .expect(200);
  await opinion(member, '利用者の少ない曜日の開館を見直すべきである。', 'revise');
  await opinion(chair, '費用対効果を検証し、開館日を見直すべきである。', 'revise');
  await as(api, chair)
    .post(`/external-reviews/${round.id}/rulings`, {
      itemId: main.id,
      result: 'revise',
      reason: RULING_REASON,
    })
    .expect(200);

  // The ruling opens the response for the item's leader.
  const lead = as(api, fx.tenant.users.leader);
  responseId = await eventually(async () => {
    const list = (await lead.get(`/external-responses?fiscalYear=${FY}&itemId=${main.id}`).expect(200)).body;
    return list.items[0]?.status === 'open' ? (list.items[0].id as string) : undefined;
  }, 30_000);
  // The item's cycles keep the city's single step (as the other browser tests run them).
  await setSettings(settings);
});

async function setSettings(settings: object) {
  await stack.api.dataSource.query(`UPDATE tenants SET settings = $2::jsonb WHERE id = $1`, [
    stack.fx.tenant.id,
    JSON.stringify(settings),
  ]);
}

const responseLink = (page: Page) => page.locator(`a[href="/external-responses/${responseId}"]`);

it('the leader opens the response from the task inbox, reads the ruling and submits with a 効果見込額', async () => {
  const { page, context } = await signIn(stack.fx.tenant.users.leader);
  await page.goto(`${stack.baseUrl}/tasks`);
  const row = page.getByTestId('task-table').locator('tr', { has: responseLink(page) });
  expect(await row.textContent()).toContain('市の対応方針');
  await responseLink(page).click();
  await page.getByRole('heading', { level: 1, name: /^市の対応方針：/ }).waitFor();
  const meta = page.getByTestId('response-meta');
  expect(await meta.textContent()).toContain('令和8年度 外部評価（第1回）');
  expect(await meta.textContent()).toContain('2026年度（令和8年度）');
  expect(await page.getByTestId('response-status').textContent()).toBe('作成中');
  expect(await page.getByTestId('ruling-result').textContent()).toBe('見直し');
  await page.getByTestId('ruling').getByText(RULING_REASON).waitFor();

  // Nothing written: each missing field is named next to it.
  await page.getByRole('button', { name: '提出する' }).click();
  await page.locator('#response-error').waitFor();
  await page.locator('#timing-error').waitFor();
  expect(await page.locator('#response').getAttribute('aria-invalid')).toBe('true');
  expect(await page.locator('#expectedEffect-error').count()).toBe(0);
  await checkBothWidths(page, 'ext-response-01-errors');

  await page.getByRole('textbox', { name: /^対応方針/ }).fill(RESPONSE);
  // The amount as a budget sheet writes it, read back in yen.
  await page.getByLabel('効果見込額（円・任意）').fill('3,600千円');
  expect(await page.locator('.money-echo').textContent()).toBe('＝ 3,600千円');
  await page.getByLabel('実施時期').fill('令和9年度から');
  await page.getByRole('button', { name: '提出する' }).click();
  await page.getByText('提出しました').waitFor();
  await page.getByTestId('response-status').getByText('承認待ち').waitFor();
  expect(await page.getByTestId('response-submission').getByTestId('expected-effect').textContent()).toBe(
    '3,600千円',
  );
  expect(await page.getByTestId('response-form').count()).toBe(0);
  await context.close();

  // HQ's round page says where the item's response stands, linked to it.
  const hq = await signIn(stack.fx.tenant.users.hqAdmin);
  await hq.page.goto(`${stack.baseUrl}/external-reviews/${reviewId}`);
  const status = hq.page.getByTestId('ext-response');
  await status.waitFor();
  expect(await status.textContent()).toContain('市の対応方針：承認待ち');
  await status.locator(`a[href="/external-responses/${responseId}"]`).waitFor();
  await hq.context.close();

  const sent = (await as(stack.api, stack.fx.tenant.users.leader).get(`/external-responses/${responseId}`))
    .body;
  expect(sent.submission).toMatchObject({
    response: RESPONSE,
    expectedEffect: 3_600_000,
    timing: '令和9年度から',
  });
});

/** An HQ approver opens the response from the approval inbox. */
async function openFromApprovals(user: FixtureUser) {
  const opened = await signIn(user);
  await opened.page.goto(`${stack.baseUrl}/approvals`);
  const row = opened.page.getByTestId('approval-table').locator('tr', { has: responseLink(opened.page) });
  expect(await row.textContent()).toContain('市の対応方針');
  // Its 段階 is the response's own, and the 段階 filter offers it.
  expect(await row.locator('td[data-label="段階"]').textContent()).toBe('市の対応方針');
  await opened.page.getByLabel('段階で絞り込み').selectOption({ label: '市の対応方針' });
  await row.waitFor();
  expect(await opened.page.getByTestId('approval-table').locator('tbody tr').count()).toBe(1);
  await responseLink(opened.page).click();
  await opened.page.getByTestId('response-submission').waitFor();
  return opened;
}

it('HQ returns it from the approval inbox with a comment; the leader answers and resubmits', async () => {
  const { hqApprover, leader } = stack.fx.tenant.users;
  const { page, context } = await openFromApprovals(hqApprover);
  expect(await page.getByTestId('response-submission').getByTestId('submitter').textContent()).toBe(
    leader.displayName,
  );
  await page.getByRole('heading', { name: '承認段階：推進リーダー' }).waitFor();
  // A return needs a comment, said next to it.
  await page.getByRole('button', { name: '差し戻す' }).click();
  await page.locator('#comment-error').waitFor();
  await checkBothWidths(page, 'ext-response-02-hq');
  await page.getByLabel('コメント').fill(RETURN_COMMENT);
  await page.getByRole('button', { name: '差し戻す' }).click();
  await page.getByTestId('decision-outcome').getByText('差し戻しました').waitFor();
  await context.close();

  const owner = await signIn(leader);
  await owner.page.goto(`${stack.baseUrl}/tasks`);
  await responseLink(owner.page).click();
  await owner.page.getByTestId('return-comment').getByText(RETURN_COMMENT).waitFor();
  expect(await owner.page.getByTestId('response-status').textContent()).toBe('差戻し');
  // The form keeps what was sent.
  expect(await owner.page.getByRole('textbox', { name: /^対応方針/ }).inputValue()).toBe(RESPONSE);
  // The amount as the field reads it, not the raw yen.
  const effect = owner.page.getByLabel('効果見込額（円・任意）');
  expect(await effect.inputValue()).toBe('3,600千円');
  // 円 may be left out; a negative amount is refused in plain words, before sending.
  await effect.fill('300万');
  expect(await owner.page.locator('.money-echo').textContent()).toBe('＝ 3,000千円');
  await effect.fill('-5万円');
  await owner.page.getByRole('button', { name: '再提出する' }).click();
  await owner.page.locator('#expectedEffect-error').waitFor();
  expect(await owner.page.locator('#expectedEffect-error').textContent()).toBe(
    '効果見込額は0円以上で入力してください（マイナスにはできません）。',
  );
  expect(await owner.page.getByTestId('response-status').textContent()).toBe('差戻し');
  await effect.fill('2,400千円');
  await owner.page.getByLabel('差戻しへの回答').fill(RETURN_ANSWER);
  await checkBothWidths(owner.page, 'ext-response-03-returned');
  await owner.page.getByRole('button', { name: '再提出する' }).click();
  await owner.page.getByTestId('response-status').getByText('承認待ち').waitFor();
  await owner.context.close();
});

it('two people approve the two steps; the second reads the return and its answer side by side', async () => {
  const first = await openFromApprovals(stack.fx.tenant.users.hqApprover);
  const exchange = first.page.getByTestId('return-exchange');
  expect(await exchange.getByTestId('return-comment').locator('blockquote').textContent()).toBe(
    RETURN_COMMENT,
  );
  expect(await exchange.getByTestId('return-answer').locator('blockquote').textContent()).toBe(RETURN_ANSWER);
  expect(await first.page.getByTestId('expected-effect').textContent()).toBe('2,400千円');
  await first.page.getByRole('button', { name: '承認する' }).click();
  await first.page.getByTestId('decision-outcome').getByText('次の承認段階へ進みます').waitFor();
  await first.context.close();

  const second = await openFromApprovals(director);
  await second.page.getByRole('heading', { name: '承認段階：本部長' }).waitFor();
  await second.page.getByRole('button', { name: '承認する' }).click();
  await second.page.getByTestId('decision-outcome').getByText('市の対応方針は承認済みです').waitFor();
  await second.page.getByTestId('response-status').getByText('承認済み').waitFor();
  // What happened to each step, in order.
  expect(await second.page.getByTestId('approval-history').locator('li').allTextContents()).toEqual([
    expect.stringMatching(/^第1回　推進リーダー　差戻し　/),
    expect.stringMatching(/^第2回　推進リーダー　承認　/),
    expect.stringMatching(/^第2回　本部長　承認　/),
  ]);
  await checkBothWidths(second.page, 'ext-response-04-approved');
  await second.context.close();

  // The auditor reads it with no form.
  const auditor = await signIn(stack.fx.tenant.users.auditor);
  await auditor.page.goto(`${stack.baseUrl}/external-responses/${responseId}`);
  await auditor.page.getByTestId('response-submission').waitFor();
  expect(await auditor.page.locator('form').count()).toBe(0);
  await auditor.context.close();
});

it('the next fiscal year shows the response; the leader saves its 対応方針の実施状況 and HQ reads it', async () => {
  const { api, fx } = stack;
  const { leader, hqApprover, hqAdmin } = fx.tenant.users;
  const state = await runYearToCheck(api, { leader, hqApprover, hqAdmin }, fx.tenant.items.main, FY + 1);
  const taskOf = (kind: string) => state.tasks.find((t: { kind: string }) => t.kind === kind).id as string;
  const { page, context } = await signIn(leader);

  // The PLAN task shows what the city answered, read only.
  await page.goto(`${stack.baseUrl}/cycles/${state.cycleId}/tasks/${taskOf('plan')}`);
  const panel = page.getByTestId('carried-responses');
  await panel.getByRole('heading', { name: '外部評価への市の対応方針' }).waitFor();
  const carried = panel.getByTestId('carried-response');
  expect(await carried.count()).toBe(1);
  expect(await carried.getByTestId('carried-ruling').textContent()).toBe('見直し');
  expect(await carried.getByTestId('expected-effect').textContent()).toBe('2,400千円');
  await carried.getByText(RESPONSE).waitFor();
  expect(await carried.getByTestId('carried-follow-up').textContent()).toContain('未記入');

  // The CHECK task asks how it was carried out, saved by its own button.
  await page.goto(`${stack.baseUrl}/cycles/${state.cycleId}/tasks/${taskOf('evaluation')}`);
  await panel.getByText('評価の提出とは別に保存され').waitFor();
  const form = panel.getByTestId('follow-up-form');
  await form.getByRole('button', { name: '実施状況を保存' }).click();
  await form.locator('.field-error').waitFor();
  expect(await form.getByLabel('対応方針の実施状況').getAttribute('aria-invalid')).toBe('true');
  await checkBothWidths(page, 'ext-response-05-follow-up');
  await form.getByLabel('対応方針の実施状況').fill(FOLLOW_UP);
  await form.getByRole('button', { name: '実施状況を保存' }).click();
  await form.getByText('対応方針の実施状況を保存しました').waitFor();
  // The evaluation form below is untouched: still to be submitted.
  await page.getByRole('button', { name: '提出する' }).waitFor();
  await context.close();

  const written = (await as(api, leader).get(`/external-responses/${responseId}`).expect(200)).body;
  expect(written.followUp).toMatchObject({ fiscalYear: FY + 1, text: FOLLOW_UP, by: leader.id });

  // HQ reads it on the cycle's page.
  const hq = await signIn(hqAdmin);
  await hq.page.goto(`${stack.baseUrl}/admin/cycles/${state.cycleId}`);
  const followUp = hq.page.getByTestId('carried-follow-up');
  await followUp.getByText(FOLLOW_UP).waitFor();
  expect(await followUp.textContent()).toContain('2027年度（令和9年度）の評価で記入');
  await checkBothWidths(hq.page, 'ext-response-06-hq-cycle');
  await hq.context.close();
});
