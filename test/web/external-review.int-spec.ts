/**
 * 外部評価 in the browser (#25), over the real stack (the API serving the built app, PostgreSQL,
 * Temporal and a worker). HQ's administrator creates a review round in the form (an empty form is
 * explained next to its fields); a committee member (外部評価委員) signs in, lands on their rounds,
 * has only 外部評価 and 通知設定 in the menu, is told that they may read only their rounds when they
 * open another page, finds the round in their tasks, writes an 意見 in Japanese with its 評価区分（案）
 * and then reads the chair's, which was hidden before; the chair (委員長) records the 委員会の評価;
 * the auditor reads it all without a form. axe-core finds no serious violation and nothing
 * scrolls sideways at 360 px; the member sees no write control on any other page.
 */
import type { Page } from 'playwright-core';
import { as } from '../api/cycle-helpers';
import { createFixtureUser, type FixtureUser } from '../api/fixtures';
import { checkBothWidths, screenshot, scrollsSideways, seriousAxeViolations } from './browser';
import { browserSuite } from './browser-suite';

jest.setTimeout(240_000);

const { stack, signIn } = browserSuite('external-review');

let chair: FixtureUser;
let member: FixtureUser;
let reviewId: string;

const TITLE = '外部評価（第1回）';
const CHAIR_OPINION = '窓口の待ち時間の実績を示し、目標の水準を見直すべきである。';
const MEMBER_OPINION = '電子申請の利用が伸びており、対象手続を広げて取組を続けるべきと考える。';
const RULING_REASON = '利用実績は伸びているが、費用対効果の検証が不十分なため見直しとする。';

beforeAll(async () => {
  const { api, fx } = stack;
  chair = await createFixtureUser(api, fx.tenant, 'chair', '委員長 一郎', ['external_reviewer']);
  member = await createFixtureUser(api, fx.tenant, 'member', '委員 花子', ['external_reviewer']);
});

/** The card of an item on the round's page. */
const card = (page: Page, code: string) => page.locator(`[data-testid="ext-item"][data-item-code="${code}"]`);

it('HQ’s administrator creates a round in the form; an empty form is explained next to its fields', async () => {
  const { hqAdmin } = stack.fx.tenant.users;
  const { main, other } = stack.fx.tenant.items;
  const { page, context } = await signIn(hqAdmin);
  await page
    .getByRole('navigation', { name: 'メインメニュー' })
    .getByRole('link', { name: '外部評価' })
    .click();
  await page.getByRole('heading', { level: 1, name: '外部評価' }).waitFor();
  await page.getByRole('button', { name: '外部評価を作成' }).click();
  const form = page.getByTestId('ext-create');
  await form.getByRole('button', { name: '作成する' }).click();
  await page.locator('#title-error').waitFor();
  expect(await page.locator('#title').getAttribute('aria-invalid')).toBe('true');
  // Checked before sending: each field in plain words, the summary in the form's order and focused.
  expect(await page.locator('#title-error').textContent()).toBe('タイトルを入力してください。');
  expect(await page.locator('#dueAt-error').textContent()).toBe('意見の提出期限を選んでください。');
  expect(await form.locator('[data-field-error="memberUserIds"]').textContent()).toBe(
    '外部評価委員を1人以上選んでください。',
  );
  expect(await page.locator('#chairUserId-error').textContent()).toBe(
    '委員長を外部評価委員の中から選んでください。',
  );
  expect(await form.locator('[data-field-error="itemIds"]').textContent()).toBe(
    '改革項目を1件以上選んでください。',
  );
  const outcome = form.getByTestId('form-outcome');
  expect(await outcome.textContent()).toBe(
    '入力内容を確認してください：タイトル、意見の提出期限、外部評価委員、委員長、改革項目',
  );
  expect(
    await outcome.evaluate((el) => el === (el.ownerDocument as { activeElement: unknown }).activeElement),
  ).toBe(true);

  await form.getByLabel('タイトル').fill(TITLE);
  // A date in the past: the server's rule, next to the field.
  await form.getByLabel('意見の提出期限').fill('2020-01-10');
  await form.getByLabel(`${chair.displayName}（${chair.email}）`).check();
  await form.getByLabel(`${member.displayName}（${member.email}）`).check();
  await form.locator('#chairUserId').selectOption({ label: chair.displayName });
  await form.getByLabel('改革項目を検索').fill(main.code);
  await form.getByLabel(new RegExp(`^${main.code} `)).check();
  await form.getByLabel('改革項目を検索').fill(other.code);
  await form.getByLabel(new RegExp(`^${other.code} `)).check();
  expect(await form.getByTestId('ext-chosen-count').textContent()).toBe('選んだ改革項目：2件');
  await form.getByRole('button', { name: '作成する' }).click();
  await page.locator('#dueAt-error').waitFor();
  expect(await page.locator('#title-error').count()).toBe(0);
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshot(page, 'ext-01-create-form');
  // On a phone the form is one column within the page; by filter it offers the city's grades.
  await page.setViewportSize({ width: 360, height: 740 });
  await form.getByLabel('条件で選ぶ').check();
  const grades = form.getByRole('group', { name: /^評価（二次評価（本部）/ });
  await grades.waitFor();
  expect(await scrollsSideways(page)).toBe(false);
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshot(page, 'ext-01-create-form-360px');
  // A condition no item meets: the server's sentence next to the conditions, named in Japanese above.
  await grades.getByLabel(/^D/).check();
  await form.getByRole('button', { name: '作成する' }).click();
  const condition = form.locator('[data-field-error="select"]');
  await condition.waitFor();
  expect(await condition.textContent()).toContain('条件に合う改革項目がありません');
  expect(await outcome.textContent()).toBe('入力内容を確認してください：意見の提出期限、改革項目の条件');
  await grades.getByLabel(/^D/).uncheck();
  await form.getByLabel('一覧から選ぶ').check();
  await page.setViewportSize({ width: 1280, height: 900 });

  const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await form.getByLabel('意見の提出期限').fill(due);
  await form.getByRole('button', { name: '作成する' }).click();
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  reviewId = page.url().split('/').at(-1)!;
  expect(await page.getByTestId('ext-members').textContent()).toBe(
    `${chair.displayName}（委員長）、${member.displayName}`,
  );
  expect(await page.getByTestId('ext-item').count()).toBe(2);
  const round = (await as(stack.api, hqAdmin).get(`/external-reviews/${reviewId}`).expect(200)).body;
  expect(round).toMatchObject({ title: TITLE, chairUserId: chair.id, status: 'open' });
  expect(round.dueAt).toBe(new Date(`${due}T17:00:00+09:00`).toISOString());
  expect(round.items.map((i: { itemId: string }) => i.itemId).sort()).toEqual([main.id, other.id].sort());
  await checkBothWidths(page, 'ext-02-round-hq');
  await context.close();
});

it('a member sees only their round, writes an 意見 in Japanese, then reads the chair’s', async () => {
  const { main } = stack.fx.tenant.items;
  // The chair has given theirs already: hidden from the member until they give their own.
  await as(stack.api, chair)
    .post(`/external-reviews/${reviewId}/opinions`, {
      itemId: main.id,
      opinion: CHAIR_OPINION,
      result: 'revise',
    })
    .expect(200);

  const { page, context } = await signIn(member);
  // The start page is their rounds; the menu has their tasks, 外部評価 and 通知設定, nothing else.
  await page.getByRole('heading', { level: 1, name: '外部評価' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/external-reviews');
  const nav = page.getByRole('navigation', { name: 'メインメニュー' });
  expect(await nav.getByRole('link').allTextContents()).toEqual(['自分のタスク', '外部評価', '通知設定']);
  // Their own progress on each round: 意見 given on none of its two items yet.
  await page.getByTestId('ext-own-progress').filter({ hasText: '0／2件' }).waitFor();
  expect(await page.getByTestId('ext-rounds').locator('th').allTextContents()).toContain('あなたの意見');
  await checkBothWidths(page, 'ext-03-member-rounds');

  // Any other page by its address: a sentence, not a broken page, and nothing to write.
  for (const path of ['/plans', '/board', '/approvals', `/plans/${stack.fx.tenant.planId}`, '/admin/users']) {
    await page.goto(`${stack.baseUrl}${path}`);
    await page
      .getByTestId('reviewer-only')
      .getByText('外部評価委員は、担当する外部評価のみ閲覧できます。')
      .waitFor();
    expect(await page.locator('main form, main [data-write], main textarea').count()).toBe(0);
  }
  await screenshot(page, 'ext-04-reviewer-only');

  // The task list, from the menu, names the round, linked to it; it asks the API nothing it refuses.
  const refused: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/v1/working-groups')) refused.push(r.url());
  });
  await page.goto(`${stack.baseUrl}/external-reviews`);
  await nav.getByRole('link', { name: '自分のタスク' }).click();
  const task = page.locator(`a[href="/external-reviews/${reviewId}"]`);
  expect(await task.textContent()).toBe(`外部評価の意見（${TITLE}、未提出2件）`);
  expect(await page.getByTestId('task-table').locator('td[data-label="番号"]').allTextContents()).toEqual([
    '—',
  ]);
  expect(refused).toEqual([]);
  expect(await seriousAxeViolations(page)).toEqual([]);
  await task.click();
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  const mainCard = card(page, main.code);
  expect(await mainCard.getByTestId('ext-others').textContent()).toContain(
    '他の委員の意見は、あなたの意見を提出すると表示されます。',
  );
  expect(await mainCard.getByText(CHAIR_OPINION).count()).toBe(0);
  // A member who is not the chair has no 委員会の評価 form.
  expect(await page.getByTestId('ruling-form').count()).toBe(0);

  // Empty: each problem next to its field.
  await mainCard.getByRole('button', { name: '意見を提出する' }).click();
  await page.locator(`#opinion-${main.id}-opinion-error`).waitFor();
  // Checked before sending, in plain words; the choice comes first, then the text.
  expect(await page.locator(`#opinion-${main.id}-result-error`).textContent()).toBe(
    '評価区分（案）を選んでください。',
  );
  expect(await page.locator(`#opinion-${main.id}-opinion-error`).textContent()).toBe(
    '意見を入力してください。',
  );
  expect(
    await mainCard
      .getByTestId('opinion-form')
      .locator('select, textarea')
      .evaluateAll((els) => els.map((el) => el.tagName)),
  ).toEqual(['SELECT', 'TEXTAREA']);
  await mainCard.getByRole('textbox', { name: /^意見/ }).fill(MEMBER_OPINION);
  await mainCard.getByLabel('評価区分（案）').selectOption({ label: '拡充' });
  await mainCard.getByRole('button', { name: '意見を提出する' }).click();
  await mainCard.getByText('意見を提出しました。').waitFor();
  // Now the chair's opinion is there, with its 評価区分（案）.
  const theirs = mainCard.getByTestId('ext-others').getByTestId('ext-opinion');
  await theirs.getByText(CHAIR_OPINION).waitFor();
  expect(await theirs.textContent()).toContain('見直し');
  expect(await theirs.textContent()).toContain(chair.displayName);
  await checkBothWidths(page, 'ext-05-member-opinion');
  // The report (every member's 意見) waits for the committee's last ruling: no buttons, a sentence.
  expect(await page.getByTestId('ext-report-later').textContent()).toContain(
    'すべての改革項目の評価を記録した後',
  );
  expect(await page.getByRole('button', { name: /外部評価報告書/ }).count()).toBe(0);

  // The item's history is open to them, with nothing to export or write.
  await mainCard.getByRole('link', { name: '改革項目の経過' }).click();
  await page.getByTestId('timeline').waitFor();
  expect(await page.locator('main form, main [data-write], main button').count()).toBe(0);
  // Another item's history: refused, and said so in words, not as a failed load.
  await page.goto(`${stack.baseUrl}/audit/items/${stack.fx.tenant.items.selfApproval.id}`);
  const refusedHistory = page.getByTestId('history-refused');
  await refusedHistory.waitFor();
  expect(await refusedHistory.textContent()).toBe('この改革項目は、担当する外部評価の対象ではありません。');
  expect(await page.getByText('読み込めませんでした。').count()).toBe(0);
  await context.close();

  const stored = (await as(stack.api, member).get(`/external-reviews/${reviewId}`).expect(200)).body;
  const item = stored.items.find((i: { itemId: string }) => i.itemId === main.id);
  expect(item.opinions.find((o: { memberUserId: string }) => o.memberUserId === member.id)).toMatchObject({
    opinion: MEMBER_OPINION,
    result: 'expand',
  });
});

it('the chair records the 委員会の評価; the auditor reads it all without a form', async () => {
  const { main, other } = stack.fx.tenant.items;
  const { page, context } = await signIn(chair);
  await page.locator(`a[href="/external-reviews/${reviewId}"]`).click();
  const mainCard = card(page, main.code);
  // The chair gave theirs: the member's is shown.
  await mainCard.getByTestId('ext-others').getByText(MEMBER_OPINION).waitFor();
  const ruling = mainCard.getByTestId('ruling-form');
  await ruling.getByRole('button', { name: '委員会の評価を記録する' }).click();
  await page.locator(`#ruling-${main.id}-reason-error`).waitFor();
  expect(await page.locator(`#ruling-${main.id}-result-error`).textContent()).toBe('結果を選んでください。');
  expect(await page.locator(`#ruling-${main.id}-reason-error`).textContent()).toBe(
    '評価の理由を入力してください。',
  );
  // 結果 then 理由, as in the 意見 form.
  expect(await ruling.locator('select, textarea').evaluateAll((els) => els.map((el) => el.tagName))).toEqual([
    'SELECT',
    'TEXTAREA',
  ]);
  await ruling.getByLabel('理由').fill(RULING_REASON);
  await ruling.getByLabel('結果').selectOption({ label: '見直し' });
  await checkBothWidths(page, 'ext-06-chair-ruling-form');
  // Asked first, since it cannot be changed: やめる records nothing.
  await ruling.getByRole('button', { name: '委員会の評価を記録する' }).click();
  const confirm = ruling.getByTestId('ruling-confirm');
  const asked = await confirm.textContent();
  expect(asked).toContain(`記録すると変更できません。${main.code} `);
  expect(asked).toContain('の委員会の評価を「見直し」として記録しますか？');
  expect(await confirm.getByTestId('ruling-no-opinions').count()).toBe(0);
  await confirm.getByRole('button', { name: 'やめる' }).click();
  expect(await ruling.getByTestId('ruling-confirm').count()).toBe(0);
  expect(await mainCard.getByTestId('ext-ruling').textContent()).toContain(
    '委員会の評価はまだ記録されていません。',
  );
  await ruling.getByRole('button', { name: '委員会の評価を記録する' }).click();
  await confirm.getByRole('button', { name: '記録する' }).click();
  const recorded = mainCard.getByTestId('ext-ruling');
  await recorded.getByText(RULING_REASON).waitFor();
  expect(await recorded.textContent()).toContain('見直し');
  // Ruled: no more forms on that item.
  expect(await mainCard.locator('form').count()).toBe(0);

  // An item nobody gave an opinion on: the confirmation warns; once ruled, no promise of opinions.
  const otherCard = card(page, other.code);
  const otherRuling = otherCard.getByTestId('ruling-form');
  await otherRuling.getByLabel('結果').selectOption({ label: '見直し' });
  await otherRuling.getByLabel('理由').fill(RULING_REASON);
  await otherRuling.getByRole('button', { name: '委員会の評価を記録する' }).click();
  const otherConfirm = otherRuling.getByTestId('ruling-confirm');
  expect(await otherConfirm.getByTestId('ruling-no-opinions').textContent()).toBe(
    'この改革項目には、まだ委員の意見がありません。',
  );
  await checkBothWidths(page, 'ext-06-chair-ruling-confirm');
  await otherConfirm.getByRole('button', { name: '記録する' }).click();
  await otherCard.getByTestId('ext-ruling').getByText(RULING_REASON).waitFor();
  const closed = await otherCard.getByTestId('ext-others').textContent();
  expect(closed).not.toContain('他の委員の意見は、あなたの意見を提出すると表示されます。');
  expect(closed).toContain('委員会の評価が記録されたため、意見の受付は終わりました。');
  await context.close();

  const auditor = await signIn(stack.fx.tenant.users.auditor);
  await auditor.page.goto(`${stack.baseUrl}/external-reviews/${reviewId}`);
  const auditCard = card(auditor.page, main.code);
  await auditCard.getByText(RULING_REASON).waitFor();
  await auditCard.getByText(CHAIR_OPINION).waitFor();
  await auditCard.getByText(MEMBER_OPINION).waitFor();
  expect(await auditor.page.locator('main form, main [data-write]').count()).toBe(0);
  await auditor.page.getByRole('button', { name: '外部評価報告書（印刷用）' }).waitFor();
  await auditor.page.getByRole('button', { name: '外部評価報告書（Excel）' }).waitFor();
  await checkBothWidths(auditor.page, 'ext-07-auditor');
  await auditor.context.close();
});
