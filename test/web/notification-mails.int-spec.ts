/**
 * The mails' pointers are true (#28 points 16, 17), in the browser over the real stack (the API
 * serving the built app, PostgreSQL, Temporal and a worker):
 * - every mail's footer names 通知設定: the page is in the menu of each role that receives mail,
 *   changes a preference the relay then reads, works at 390 px and has no serious axe-core problem;
 * - each mail's link, as the relay renders it from the outbox row, opens the page the mail names
 *   (the task, the approval) for its recipient, without a redirect.
 * No relay runs here (relays claim every tenant's rows; they are tested in test/notifications):
 * the links are rendered from the outbox rows with the relay's own template and joins.
 */
import { renderNotification } from '@pdca/notifications';
import { approverAs, as, eventually, planBody, startCycle } from '../api/cycle-helpers';
import { screenshot, scrollsSideways, seriousAxeViolations } from './browser';
import { browserSuite } from './browser-suite';

jest.setTimeout(240_000);

const { stack, signIn } = browserSuite('notification-mails');

it('通知設定: reachable from the menu of every role that receives mail; a leader changes a preference at 390 px; axe clean; English', async () => {
  const { api, fx } = stack;
  const { leader, hqApprover, auditor } = fx.tenant.users;
  const { page } = await signIn(leader, { width: 390 });
  const menu = page.getByRole('navigation', { name: 'メインメニュー' });
  await menu.getByRole('link', { name: '通知設定' }).click();
  await page.getByRole('heading', { level: 1, name: '通知設定' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/notifications');
  const reminders = page.getByLabel('提出期限のお知らせ（7日前・前日・超過後）');
  await expect(reminders.inputValue()).resolves.toBe('immediate');
  // A leader is not asked about HQ's mails.
  expect(await page.getByLabel('承認依頼').count()).toBe(0);
  await reminders.selectOption({ label: '1日1回まとめる（8時30分）' });
  await page.getByLabel('新しいタスク').selectOption({ label: 'メールしない（画面の通知のみ）' });
  await page.getByLabel('メールの言語').selectOption({ label: 'English' });
  await page.getByRole('button', { name: '保存する' }).click();
  await page.getByRole('status').filter({ hasText: '通知設定を保存しました。' }).waitFor();
  const saved = await as(api, leader).get('/notifications/preferences').expect(200);
  expect(saved.body).toEqual({
    language: 'en',
    email: { 'task.reminder': 'digest', 'task.assigned': 'off' },
  });
  expect(await scrollsSideways(page)).toBe(false);
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshot(page, 'notification-settings-390-ja');

  // What was saved is what the page shows next time.
  await page.reload();
  await expect(page.getByLabel('提出期限のお知らせ（7日前・前日・超過後）').inputValue()).resolves.toBe(
    'digest',
  );
  await page.getByRole('button', { name: 'English', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Notification settings' }).waitFor();
  await expect(page.getByLabel('Language of mails').inputValue()).resolves.toBe('en');
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(await scrollsSideways(page)).toBe(false);
  await screenshot(page, 'notification-settings-390-en');

  // HQ's approver is asked about approval requests; an auditor receives no mail and has no such page in the menu.
  const hq = await signIn(hqApprover, { width: 390 });
  await hq.page
    .getByRole('navigation', { name: 'メインメニュー' })
    .getByRole('link', { name: '通知設定' })
    .click();
  await hq.page.getByLabel('承認依頼').waitFor();
  expect(await hq.page.getByLabel('新しいタスク').count()).toBe(0);
  expect(await seriousAxeViolations(hq.page)).toEqual([]);
  const audit = await signIn(auditor, { width: 390 });
  await audit.page.getByRole('navigation', { name: 'メインメニュー' }).waitFor();
  expect(
    await audit.page
      .getByRole('navigation', { name: 'メインメニュー' })
      .getByRole('link', { name: '通知設定' })
      .count(),
  ).toBe(0);
});

interface OutboxMail {
  type: string;
  payload: Record<string, unknown>;
  code: string | null;
  title: string | null;
  plan_id: string | null;
  round: number | null;
}

/** The link the relay puts in the mail of an outbox row (the same template and the same joins). */
async function mailLinks(type: string, recipientUserId: string): Promise<string[]> {
  const rows: OutboxMail[] = await stack.api.dataSource.query(
    `SELECT o.type, o.payload, i.code, i.title, i.plan_id, a.round FROM outbox o
       LEFT JOIN items i ON i.id::text = o.payload->>'itemId'
       LEFT JOIN approvals a ON a.id::text = o.payload->>'approvalId'
      WHERE o.tenant_id = $1 AND o.type = $2 ORDER BY o.id`,
    [stack.fx.tenant.id, type],
  );
  return rows.map(
    (r) =>
      renderNotification({
        type: r.type,
        payload: r.payload,
        item: r.code ? { code: r.code, title: r.title ?? '', planId: r.plan_id } : null,
        round: r.round,
        language: 'ja',
        recipientUserId,
        publicUrl: stack.baseUrl,
      }).link,
  );
}

it('each mail’s link opens the page it names for its recipient: the task, the approval request, the approved plan', async () => {
  const { api, fx, baseUrl } = stack;
  const { leader, hqApprover, hqAdmin } = fx.tenant.users;
  const item = fx.tenant.items.main;
  const cycle = await startCycle(api, hqAdmin, item);
  const state = (await as(api, leader).post(`/cycles/${cycle.id}/plan`, planBody(item)).expect(200)).body;
  await approverAs(api, hqApprover)(state);
  const [{ title }] = await api.dataSource.query('SELECT title FROM items WHERE id = $1', [item.id]);
  const [assigned] = await eventually(async () => {
    const links = await mailLinks('task.assigned', leader.id);
    return links.length > 0 ? links : undefined;
  });
  const [requested] = await mailLinks('approval.requested', hqApprover.id);
  const [approved] = await eventually(async () => {
    const links = await mailLinks('submission.approved', leader.id);
    return links.length > 0 ? links : undefined;
  });
  expect(assigned).toBe(`${baseUrl}/cycles/${cycle.id}/tasks/${cycle.tasks[0]!.id}`);
  expect(requested).toMatch(new RegExp(`^${baseUrl}/cycles/${cycle.id}/approvals/[0-9a-f-]{36}$`));
  expect(approved).toMatch(new RegExp(`^${baseUrl}/cycles/${cycle.id}/approvals/[0-9a-f-]{36}$`));

  // 「取組計画の作成・提出をお願いします」 → the leader's task page for that item.
  const lead = await signIn(leader, { width: 390 });
  await lead.page.goto(assigned!);
  await lead.page.getByRole('heading', { level: 1, name: `${item.code} ${title}` }).waitFor();
  expect(lead.page.url()).toBe(assigned);
  // 「承認依頼」 → HQ's approval page with the submission to decide.
  const hq = await signIn(hqApprover, { width: 390 });
  await hq.page.goto(requested!);
  await hq.page.getByRole('heading', { level: 1, name: `${item.code} ${title}` }).waitFor();
  await hq.page.getByRole('heading', { name: /提出内容/ }).waitFor();
  expect(hq.page.url()).toBe(requested);
  // 「取組計画が承認されました」 → the approval it names, which the leader can open (not /tasks).
  await lead.page.goto(approved!);
  await lead.page.getByRole('heading', { level: 1, name: `${item.code} ${title}` }).waitFor();
  await lead.page.getByRole('heading', { name: /提出内容/ }).waitFor();
  expect(lead.page.url()).toBe(approved);
  expect(await seriousAxeViolations(lead.page)).toEqual([]);
  await screenshot(lead.page, 'mail-link-approved-390');
});
