/**
 * The outbox relay against the real PostgreSQL, a real SMTP server (smtp-server, in process) and a
 * real HTTP receiver. Every relay test lives in this one file: relays claim any tenant's rows, so
 * two files running relays at once would take each other's deliveries. Assertions filter by this
 * file's recipients (other files keep writing outbox rows for their own tenants).
 */

import { CYCLE_WORKFLOW_TYPE, type CycleState, decideUpdate, submitPlanUpdate } from '@pdca/contracts';
import { type CaughtMail, MailCatcher } from '@pdca/devstack';
import { jstInstant, SUBMISSION_KIND_LABELS } from '@pdca/domain';
import { WebhookSender } from '@pdca/notifications';
import bcrypt from 'bcryptjs';
import type { DataSource } from 'typeorm';
import { type ApiTestApp, bearer, startApiApp } from '../api/api-test-app';
import {
  approverAs,
  as,
  evaluationBody,
  FY,
  openScheduledEarly,
  pendingApprovalId,
  planBody,
  startCycle,
} from '../api/cycle-helpers';
import { createApiFixture } from '../api/fixtures';
import { connectClient, cycleInput } from '../support/cycle-client';
import { type CycleFixture, createCycleFixture } from '../support/cycle-fixtures';
import { ruledItemFixture } from '../support/external-response-fixtures';
import { ownerDatabaseUrl } from '../support/owner-database';
import {
  expectedSignature,
  insertOutbox,
  startReceiver,
  testRelay,
  waitUntil,
} from '../support/relay-harness';
import { openDataSource, startWorker, uniqueSuffix } from '../support/test-worker';

const PASSWORD = 'notification tests password';
let db: DataSource;
let api: ApiTestApp;
let catcher: MailCatcher;
let refuse: (mail: CaughtMail) => { code: number; message: string } | null = () => null;
const stops: Array<() => Promise<void>> = [];

beforeAll(async () => {
  db = await openDataSource();
  api = await startApiApp();
  catcher = await MailCatcher.start({ httpPort: null, maxMails: 10_000, respond: (mail) => refuse(mail) });
});

afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  refuse = () => null;
});

afterAll(async () => {
  await catcher?.stop();
  await api?.close();
  await db?.destroy();
});

function relay(overrides: Parameters<typeof testRelay>[2] = {}, smtpUrl: string | null = catcher.smtpUrl) {
  const r = testRelay(db, smtpUrl, overrides);
  stops.push(() => r.stop());
  return r.relay;
}

async function emailOf(userId: string): Promise<string> {
  const [row] = await db.query('SELECT email FROM users WHERE id = $1', [userId]);
  return row.email;
}

const mailsTo = (address: string) => catcher.mails.filter((m) => m.to.includes(address));

async function signIn(userId: string): Promise<string> {
  await db.query('UPDATE users SET password_hash = $2 WHERE id = $1', [userId, bcrypt.hashSync(PASSWORD, 4)]);
  const res = await api
    .http()
    .post('/api/v1/auth/login')
    .send({ email: await emailOf(userId), password: PASSWORD });
  expect(res.status).toBe(200);
  return res.body.accessToken;
}

const reminder = (f: CycleFixture, extra: Record<string, unknown> = {}) => ({
  tenantId: f.tenantId,
  itemId: f.itemId,
  itemCode: '1-1',
  itemTitle: '行政手続のオンライン化',
  fiscalYear: 2025,
  taskKind: 'plan',
  taskTitle: { ja: '取組計画', en: 'Action plan' },
  dueAt: '2025-04-30T08:00:00.000Z',
  assigneeUserId: f.leader.userId,
  recipientUserId: f.leader.userId,
  reminderKey: 'before-7d',
  ...extra,
});

async function deliveriesOf(outboxId: string) {
  return db.query(
    `SELECT id, channel, recipient_user_id, status, attempts, last_error FROM notification_deliveries
      WHERE outbox_id = $1 ORDER BY channel`,
    [outboxId],
  );
}

async function emailDelivery(outboxId: string) {
  const [row] = await db.query(
    `SELECT id, status, attempts, last_error FROM notification_deliveries WHERE outbox_id = $1 AND channel = 'email'`,
    [outboxId],
  );
  return row as { id: string; status: string; attempts: number; last_error: string | null } | undefined;
}

/**
 * What the caught mails told whom: `type outbox-id address` for every email delivery of the tenant
 * that went out in one of `mails` (a batch mail carries several deliveries: `sent_in` names the one
 * whose Message-ID it has). Fails when a mail was caught twice or to the wrong address.
 */
async function toldByMail(tenantId: string, mails: CaughtMail[]): Promise<string[]> {
  const rows: Array<{ event_type: string; outbox_id: string; sent_in: string | null; email: string }> =
    await db.query(
      `SELECT d.event_type, d.outbox_id::text, d.sent_in, u.email FROM notification_deliveries d
         JOIN users u ON u.id = d.recipient_user_id WHERE d.tenant_id = $1 AND d.channel = 'email'`,
      [tenantId],
    );
  const byId = new Map(mails.map((m) => [m.messageId, m]));
  expect(byId.size).toBe(mails.length);
  return rows
    .filter((r) => r.sent_in && byId.has(`<${r.sent_in}@pdca-engine>`))
    .map((r) => {
      expect(byId.get(`<${r.sent_in}@pdca-engine>`)!.to).toEqual([r.email]);
      return `${r.event_type} ${r.outbox_id} ${r.email}`;
    })
    .sort();
}

it('mails a reminder in the recipient’s language with item, fiscal year, JST due date and link, and lists it in-app', async () => {
  const f = await createCycleFixture(db);
  const leader = await emailOf(f.leader.userId);
  relay().start();
  const outboxId = await insertOutbox(db, f.tenantId, 'task.reminder', reminder(f));
  await catcher.waitFor(() => mailsTo(leader).length === 1);
  await waitUntil(async () => (await emailDelivery(outboxId))?.status === 'delivered');
  const [mail] = mailsTo(leader);
  expect(mail.subject).toBe(
    '【行財政改革】2025年度 取組計画の提出期限が7日後です（1-1 行政手続のオンライン化）',
  );
  expect(mail.text).toContain('改革項目: 1-1 行政手続のオンライン化');
  expect(mail.text).toContain('年度: 2025年度');
  expect(mail.text).toContain('提出期限: 2025年4月30日(水) 17:00');
  expect(mail.text).toContain('http://pdca.test/tasks');
  expect(mail.html).toContain('<a href="http://pdca.test/tasks">');
  expect(mail.text).toContain('「通知設定」で変更できます: http://pdca.test/notifications');
  const rows = await deliveriesOf(outboxId);
  expect(rows.map((r: { channel: string; status: string }) => [r.channel, r.status])).toEqual([
    ['email', 'delivered'],
    ['in_app', 'delivered'],
  ]);
  expect(mail.messageId).toBe(`<${rows[0].id}@pdca-engine>`);

  // The same person set to English gets the next one in English.
  await db.query(`UPDATE users SET language = 'en' WHERE id = $1`, [f.leader.userId]);
  await insertOutbox(db, f.tenantId, 'task.reminder', reminder(f, { reminderKey: 'before-1d' }));
  await catcher.waitFor(() => mailsTo(leader).length === 2);
  expect(mailsTo(leader)[1].subject).toBe(
    '[Reform plan] FY2025 – Action plan is due in 1 day (1-1 行政手続のオンライン化)',
  );
  expect(mailsTo(leader)[1].text).toContain('Due: Wed 30 Apr 2025, 17:00 JST');
  // Nobody else of the tenant heard of it.
  for (const other of [f.member, f.hq, f.hqAdmin, f.auditor])
    expect(mailsTo(await emailOf(other.userId))).toEqual([]);
});

it('SMTP 451 twice, then accepted: one mail, three attempts', async () => {
  const f = await createCycleFixture(db);
  const leader = await emailOf(f.leader.userId);
  let answers = 0;
  refuse = (mail) =>
    mail.to.includes(leader) && ++answers <= 2 ? { code: 451, message: 'try again later' } : null;
  relay().start();
  const outboxId = await insertOutbox(db, f.tenantId, 'task.reminder', reminder(f));
  await waitUntil(async () => (await emailDelivery(outboxId))?.status === 'delivered', 30_000, 'delivered');
  expect(mailsTo(leader)).toHaveLength(1);
  expect(answers).toBe(3);
  const row = await emailDelivery(outboxId);
  expect(row).toMatchObject({ status: 'delivered', attempts: 3 });
  expect(row!.last_error).toContain('451');
});

it('SMTP 550: a dead letter at once, never retried by itself; HQ admins list it and retry it', async () => {
  const f = await createCycleFixture(db);
  const leader = await emailOf(f.leader.userId);
  let answers = 0;
  let accept = false;
  refuse = (mail) => {
    if (!mail.to.includes(leader)) return null;
    answers++;
    return accept ? null : { code: 550, message: 'mailbox unavailable' };
  };
  relay().start();
  const outboxId = await insertOutbox(db, f.tenantId, 'task.reminder', reminder(f));
  await waitUntil(async () => (await emailDelivery(outboxId))?.status === 'dead', 30_000, 'dead letter');
  await new Promise((r) => setTimeout(r, 1_500)); // several backoff windows of the test relay
  expect(answers).toBe(1);
  const row = await emailDelivery(outboxId);
  expect(row).toMatchObject({ status: 'dead', attempts: 1 });
  expect(row!.last_error).toContain('550');

  const admin = await signIn(f.hqAdmin.userId);
  const leaderToken = await signIn(f.leader.userId);
  const dead = await api.http().get('/api/v1/notification-deliveries?status=dead').set(bearer(admin));
  expect(dead.status).toBe(200);
  expect(dead.body.items).toEqual([
    expect.objectContaining({
      id: row!.id,
      channel: 'email',
      status: 'dead',
      recipientUserId: f.leader.userId,
    }),
  ]);
  expect((await api.http().get('/api/v1/notification-deliveries').set(bearer(leaderToken))).status).toBe(403);
  const bad = await api.http().get('/api/v1/notification-deliveries?status=lost').set(bearer(admin));
  expect(bad.status).toBe(400);
  expect(bad.body.details[0]).toMatchObject({ field: 'status', rule: 'isIn' });
  expect(bad.body.messageJa).toContain('status');

  accept = true;
  const badRetry = await api
    .http()
    .patch(`/api/v1/notification-deliveries/${row!.id}`)
    .set(bearer(admin))
    .send({ status: 'delivered' });
  expect(badRetry.status).toBe(400);
  expect(badRetry.body.details).toEqual([expect.objectContaining({ field: 'status', rule: 'isIn' })]);
  const retried = await api
    .http()
    .patch(`/api/v1/notification-deliveries/${row!.id}`)
    .set(bearer(admin))
    .send({ status: 'pending' });
  expect(retried.status).toBe(200);
  await waitUntil(async () => (await emailDelivery(outboxId))?.status === 'delivered', 30_000, 'retried');
  expect(mailsTo(leader)).toHaveLength(1);
  expect(answers).toBe(2);
  const again = await api
    .http()
    .patch(`/api/v1/notification-deliveries/${row!.id}`)
    .set(bearer(admin))
    .send({ status: 'pending' });
  expect(again.status).toBe(409);
});

it('webhook answering 500 three times, then 200: one delivery id on every try, a valid signature, secret shown once', async () => {
  const f = await createCycleFixture(db);
  const receiver = await startReceiver((_req, index) => (index < 3 ? 500 : 200));
  stops.push(() => receiver.close());
  const admin = await signIn(f.hqAdmin.userId);
  const created = await api
    .http()
    .post('/api/v1/webhooks')
    .set(bearer(admin))
    .send({ url: receiver.url, events: ['budget.reflected'] });
  expect(created.status).toBe(201);
  const secret: string = created.body.secret;
  expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/);
  const listed = await api.http().get('/api/v1/webhooks').set(bearer(admin));
  expect(listed.body.items).toEqual([
    { id: created.body.id, url: receiver.url, events: ['budget.reflected'], createdAt: expect.any(String) },
  ]);
  expect(JSON.stringify(listed.body)).not.toContain(secret);

  relay().start();
  const outboxId = await insertOutbox(db, f.tenantId, 'budget.reflected', {
    tenantId: f.tenantId,
    itemId: f.itemId,
    itemCode: '1-1',
    sourceFiscalYear: 2025,
    fiscalYear: 2026,
    decision: 'expand',
    currentAmount: 10_000_000,
    proposedAmount: 12_000_000,
    delta: 2_000_000,
  });
  await waitUntil(async () => receiver.requests.length === 4, 30_000, 'four webhook attempts');
  const ids = new Set(receiver.requests.map((r) => r.headers['x-pdca-delivery']));
  expect(ids.size).toBe(1);
  for (const r of receiver.requests) {
    expect(r.headers['x-pdca-event']).toBe('budget.reflected');
    expect(r.headers['x-pdca-signature']).toBe(expectedSignature(secret, r.body));
    expect(r.body).toBe(receiver.requests[0].body);
  }
  expect(JSON.parse(receiver.requests[0].body)).toMatchObject({
    event: 'budget.reflected',
    deliveryId: [...ids][0],
    data: { decision: 'expand', fiscalYear: 2026 },
  });
  await waitUntil(async () => {
    const rows = await db.query(
      `SELECT status, attempts FROM notification_deliveries WHERE outbox_id = $1 AND channel = 'webhook'`,
      [outboxId],
    );
    return rows[0]?.status === 'delivered' && rows[0].attempts === 4;
  });
  await new Promise((r) => setTimeout(r, 800));
  expect(receiver.requests).toHaveLength(4);
  // HQ admins hear of the budget reflection by mail too; the secret is in no mail and no log row.
  const hqAdminEmail = await emailOf(f.hqAdmin.userId);
  await catcher.waitFor(() => mailsTo(hqAdminEmail).length === 1);
  expect(mailsTo(hqAdminEmail)[0].subject).toBe(
    '【行財政改革】2025年度 今後の方向性が2026年度予算に反映されました（1-1 行政手続のオンライン化）',
  );
  expect(mailsTo(await emailOf(f.leader.userId))).toEqual([]);
  const log = await api.http().get('/api/v1/notification-deliveries').set(bearer(admin));
  expect(JSON.stringify(log.body)).not.toContain(secret);
  for (const m of catcher.mails) expect(m.text + m.html).not.toContain(secret);

  const removed = await api.http().delete(`/api/v1/webhooks/${created.body.id}`).set(bearer(admin));
  expect(removed.status).toBe(200);
  expect(removed.body).toMatchObject({ id: created.body.id, url: receiver.url });
  expect((await api.http().get('/api/v1/webhooks').set(bearer(admin))).body.items).toEqual([]);
});

it('webhooks: no redirects followed, private addresses refused unless allowed, bad input named', async () => {
  const f = await createCycleFixture(db);
  const admin = await signIn(f.hqAdmin.userId);
  const redirecting = await startReceiver(() => 302);
  stops.push(() => redirecting.close());
  const badEvents = await api
    .http()
    .post('/api/v1/webhooks')
    .set(bearer(admin))
    .send({ url: 'https://budget.example.jp/hook', events: ['nope'] });
  expect(badEvents.status).toBe(400);
  expect(badEvents.body.details).toEqual([expect.objectContaining({ field: 'events', rule: 'isIn' })]);
  const badUrl = await api
    .http()
    .post('/api/v1/webhooks')
    .set(bearer(admin))
    .send({ url: 'ftp://x.example', events: ['budget.reflected'] });
  expect(badUrl.status).toBe(400);
  expect(badUrl.body.details).toEqual([
    expect.objectContaining({ field: 'url', messageJa: expect.stringContaining('http://') }),
  ]);
  expect((await api.http().get('/api/v1/webhooks').set(bearer(admin))).body.items).toEqual([]);
  const [{ id: hook }] = await db.query(
    `INSERT INTO webhooks (tenant_id, url, events, secret) VALUES ($1, $2, '{cycle.started}', 's3cret-value') RETURNING id`,
    [f.tenantId, redirecting.url],
  );
  const strict = relay({ webhooks: new WebhookSender({ allowPrivate: false }) });
  strict.start();
  const refusedId = await insertOutbox(db, f.tenantId, 'cycle.started', {
    itemId: f.itemId,
    fiscalYear: 2025,
  });
  await waitUntil(async () => {
    const [row] = await db.query(`SELECT status FROM notification_deliveries WHERE outbox_id = $1`, [
      refusedId,
    ]);
    return row?.status === 'dead';
  });
  const [refused] = await db.query(
    `SELECT last_error, attempts FROM notification_deliveries WHERE outbox_id = $1`,
    [refusedId],
  );
  expect(refused.last_error).toContain('private or loopback');
  expect(refused.attempts).toBe(1);
  expect(redirecting.requests).toHaveLength(0);
  await strict.stop();

  relay().start();
  const redirectedId = await insertOutbox(db, f.tenantId, 'cycle.started', {
    itemId: f.itemId,
    fiscalYear: 2025,
  });
  await waitUntil(async () => {
    const [row] = await db.query(`SELECT status FROM notification_deliveries WHERE outbox_id = $1`, [
      redirectedId,
    ]);
    return row?.status === 'dead';
  });
  const [redirected] = await db.query(`SELECT last_error FROM notification_deliveries WHERE outbox_id = $1`, [
    redirectedId,
  ]);
  expect(redirected.last_error).toContain('redirects are not followed');
  expect(redirecting.requests).toHaveLength(1);
  expect(hook).toBeDefined();
});

it('a relay killed between claiming and marking: the delivery is sent once, by the next relay', async () => {
  const f = await createCycleFixture(db);
  const leader = await emailOf(f.leader.userId);
  let crashed = false;
  const doomed = relay({
    leaseMs: 1_000,
    hooks: {
      afterClaim: async (claimed) => {
        if (!crashed && claimed.some((d) => d.recipientUserId === f.leader.userId)) {
          crashed = true;
          throw new Error('simulated crash after the claim');
        }
      },
    },
  });
  doomed.start();
  const outboxId = await insertOutbox(db, f.tenantId, 'task.reminder', reminder(f));
  await waitUntil(() => crashed, 30_000, 'the claim');
  await doomed.stop();
  expect((await emailDelivery(outboxId))?.status).toBe('sending');
  expect(mailsTo(leader)).toHaveLength(0);
  relay().start();
  await waitUntil(async () => (await emailDelivery(outboxId))?.status === 'delivered', 30_000, 'redelivery');
  expect(mailsTo(leader)).toHaveLength(1);
  expect((await emailDelivery(outboxId))?.attempts).toBe(2);
});

it('the at-least-once window: killed after the SMTP server accepted, before the mark → a second copy with the same Message-ID', async () => {
  const f = await createCycleFixture(db);
  const leader = await emailOf(f.leader.userId);
  let crashed = false;
  const doomed = relay({
    leaseMs: 1_000,
    hooks: {
      afterSend: async (d) => {
        if (!crashed && d.recipientUserId === f.leader.userId) {
          crashed = true;
          throw new Error('simulated crash after the send');
        }
      },
    },
  });
  doomed.start();
  const outboxId = await insertOutbox(db, f.tenantId, 'task.reminder', reminder(f));
  await waitUntil(() => crashed, 30_000, 'the send');
  await doomed.stop();
  relay().start();
  await waitUntil(async () => (await emailDelivery(outboxId))?.status === 'delivered', 30_000, 'redelivery');
  const copies = mailsTo(leader);
  expect(copies).toHaveLength(2);
  expect(copies[0].messageId).toBe(copies[1].messageId);
});

it('two relays on one outbox: 1,000 events, every mail sent exactly once', async () => {
  const f = await createCycleFixture(db);
  const leader = await emailOf(f.leader.userId);
  await db.query(
    `INSERT INTO outbox (tenant_id, event_key, type, payload)
     SELECT $1::uuid, 'many#' || $1::text || '#' || n, 'task.reminder', $2::jsonb || jsonb_build_object('n', n)
       FROM generate_series(1, 1000) AS n`,
    [f.tenantId, JSON.stringify(reminder(f))],
  );
  relay({ batchSize: 50, concurrency: 4 }).start();
  relay({ batchSize: 50, concurrency: 4 }).start();
  await catcher.waitFor(() => mailsTo(leader).length >= 1000, 240_000);
  await new Promise((r) => setTimeout(r, 1_000));
  const mails = mailsTo(leader);
  expect(mails).toHaveLength(1000);
  expect(new Set(mails.map((m) => m.messageId)).size).toBe(1000);
  const [counts] = await db.query(
    `SELECT count(*) FILTER (WHERE channel = 'email')::int AS email, count(*) FILTER (WHERE channel = 'in_app')::int AS in_app,
            max(attempts) FILTER (WHERE channel = 'email') AS max_attempts
       FROM notification_deliveries WHERE tenant_id = $1`,
    [f.tenantId],
  );
  expect(counts).toEqual({ email: 1000, in_app: 1000, max_attempts: 1 });
}, 300_000);

it('preferences: email off keeps the in-app entry; digest collects mails into one; the inbox marks read', async () => {
  const f = await createCycleFixture(db);
  const leader = await emailOf(f.leader.userId);
  const token = await signIn(f.leader.userId);
  const invalid = await api
    .http()
    .put('/api/v1/notifications/preferences')
    .set(bearer(token))
    .send({ email: { 'task.reminder': 'sometimes', 'task.unknown': 'off' }, language: 'fr' });
  expect(invalid.status).toBe(400);
  expect(invalid.body.details.map((d: { field: string }) => d.field)).toEqual(['language']);
  const invalidKinds = await api
    .http()
    .put('/api/v1/notifications/preferences')
    .set(bearer(token))
    .send({ email: { 'task.reminder': 'sometimes', 'task.unknown': 'off' } });
  expect(invalidKinds.status).toBe(400);
  expect(invalidKinds.body.details.map((d: { field: string }) => d.field)).toEqual([
    'email.task.reminder',
    'email.task.unknown',
  ]);
  expect(invalidKinds.body.details[0].messageJa).toContain('immediate');
  const saved = await api
    .http()
    .put('/api/v1/notifications/preferences')
    .set(bearer(token))
    .send({ email: { 'task.reminder': 'off', 'task.deadline_moved': 'digest', 'task.assigned': 'digest' } });
  expect(saved.status).toBe(200);
  expect(saved.body).toEqual({
    language: 'ja',
    email: { 'task.reminder': 'off', 'task.deadline_moved': 'digest', 'task.assigned': 'digest' },
  });

  const r = relay();
  r.start();
  const off = await insertOutbox(db, f.tenantId, 'task.reminder', reminder(f));
  const d1 = await insertOutbox(
    db,
    f.tenantId,
    'task.deadline_moved',
    reminder(f, { previousDueAt: '2025-04-23T08:00:00.000Z' }),
  );
  const d2 = await insertOutbox(
    db,
    f.tenantId,
    'task.assigned',
    reminder(f, { taskKind: 'review', taskTitle: { ja: '進捗報告（4月）', en: 'Progress review (April)' } }),
  );
  await waitUntil(async () => (await emailDelivery(d2))?.status === 'digest', 30_000, 'digest entries');
  expect((await emailDelivery(off))?.status).toBe('skipped');
  expect((await emailDelivery(d1))?.status).toBe('digest');
  expect(mailsTo(leader)).toHaveLength(0);
  await new Promise((res) => setTimeout(res, 50));
  expect(await r.sendDigests(new Date())).toBe(2);
  expect(mailsTo(leader)).toHaveLength(1);
  expect(mailsTo(leader)[0].subject).toBe('【行財政改革】2025年度 本日のお知らせ（2件）');
  expect(mailsTo(leader)[0].text).toContain('進捗報告（4月）の作成・提出をお願いします');
  expect(await r.sendDigests(new Date())).toBe(0);

  const unread = await api.http().get('/api/v1/notifications?unread=true&limit=2').set(bearer(token));
  expect(unread.status).toBe(200);
  expect(unread.body.total).toBe(3);
  expect(unread.body.items).toHaveLength(2);
  expect(unread.body.items[0]).toMatchObject({
    type: 'task.assigned',
    title: { ja: '2025年度 進捗報告（4月）の作成・提出をお願いします（1-1 行政手続のオンライン化）' },
    itemCode: '1-1',
    readAt: null,
  });
  const count = async () =>
    (await api.http().get('/api/v1/notifications/unread-count').set(bearer(token))).body.unread;
  expect(await count()).toBe(3);
  const marked = await api
    .http()
    .patch(`/api/v1/notifications/${unread.body.items[0].id}`)
    .set(bearer(token))
    .send({ read: true });
  expect(marked.body).toEqual({ marked: 1 });
  expect(await count()).toBe(2);
  const patch = (id: string, who: string, body: object) =>
    api.http().patch(`/api/v1/notifications/${id}`).set(bearer(who)).send(body);
  expect((await patch(unread.body.items[0].id, token, { read: false })).body).toEqual({ marked: 1 });
  expect(await count()).toBe(3);
  expect((await patch(unread.body.items[0].id, token, { read: true })).body).toEqual({ marked: 1 });
  expect((await patch(unread.body.items[0].id, token, { read: true })).body).toEqual({ marked: 0 });
  const hqToken = await signIn(f.hq.userId);
  expect((await patch(unread.body.items[1].id, hqToken, { read: true })).status).toBe(404);
  expect((await patch('not-a-uuid', token, { read: true })).status).toBe(400);
  const noFlag = await patch(unread.body.items[1].id, token, {});
  expect(noFlag.status).toBe(400);
  expect(noFlag.body.details).toEqual([expect.objectContaining({ field: 'read', rule: 'isDefined' })]);
  const auditorToken = await signIn(f.auditor.userId);
  expect(
    (await api.http().post('/api/v1/notifications/read-all').set(bearer(auditorToken)).send({})).status,
  ).toBe(403);
  const longAgo = await api
    .http()
    .post('/api/v1/notifications/read-all')
    .set(bearer(token))
    .send({ before: '2020-01-01T00:00:00Z' });
  expect(longAgo.body).toEqual({ marked: 0 });
  expect((await api.http().post('/api/v1/notifications/read-all').set(bearer(token)).send({})).body).toEqual({
    marked: 2,
  });
  expect(await count()).toBe(0);
});

it('a compressed fiscal year on the real Temporal server: each expected mail once, to the right person, in their language', async () => {
  // Two business days per real second from 20 April: the plan's reminders and escalation arrive
  // within seconds (the pattern of the PDCA_TIME_SCALE test in cycle-approvals), then a return,
  // a resubmission and an approval. hq2 reads English; the others Japanese.
  const f = await createCycleFixture(db, { settings: { calendar: { minimumLeadDays: 0 } } });
  await db.query(`UPDATE users SET language = 'en' WHERE id = $1`, [f.hq2.userId]);
  const taskQueue = `notify-${uniqueSuffix()}`;
  const worker = await startWorker(db, taskQueue);
  stops.push(() => worker.stop());
  const client = await connectClient();
  stops.push(() => client.connection.close());
  relay().start();
  const [leader, hq, hq2, hqAdmin, member, auditor] = await Promise.all(
    [f.leader, f.hq, f.hq2, f.hqAdmin, f.member, f.auditor].map((u) => emailOf(u.userId)),
  );
  const { workflowId, input } = cycleInput(f, 2025, {
    timeScale: 172_800,
    businessStartMs: jstInstant(2025, 4, 20, 9).getTime(),
  });
  const handle = await client.workflow.start(CYCLE_WORKFLOW_TYPE, { workflowId, taskQueue, args: [input] });
  await catcher.waitFor(() => mailsTo(hqAdmin).length >= 1, 60_000);
  const planPayload = {
    targets: f.indicatorIds.map((indicatorId, i) => ({ indicatorId, target: i === 0 ? 50 : 15 })),
    activities: ['電子申請システムの対象手続を拡大する'],
    budgetRequest: 12_000_000,
  };
  const pending = (s: CycleState) => s.approvals.find((a) => a.status === 'pending')!.id;
  let s = await handle.executeUpdate(submitPlanUpdate, { args: [f.leader, planPayload] });
  s = await handle.executeUpdate(decideUpdate, {
    args: [f.hq, { approvalId: pending(s), decision: 'return', comment: '目標値の根拠を追記してください' }],
  });
  s = await handle.executeUpdate(submitPlanUpdate, { args: [f.leader, planPayload] });
  s = await handle.executeUpdate(decideUpdate, {
    args: [f.hq, { approvalId: pending(s), decision: 'approve' }],
  });
  await handle.terminate('test finished');
  const settled = async () => {
    const [row] = await db.query(
      `SELECT (SELECT count(*)::int FROM outbox WHERE tenant_id = $1 AND published_at IS NULL) AS unpublished,
              (SELECT count(*)::int FROM notification_deliveries WHERE tenant_id = $1 AND status IN ('pending', 'sending')) AS open`,
      [f.tenantId],
    );
    return row.unpublished === 0 && row.open === 0;
  };
  await waitUntil(settled, 60_000, 'all deliveries done');

  // Who should hear of each outbox event, for this fixture's people (issue #16's table).
  const recipients: Record<string, string[]> = {
    'task.assigned': [leader],
    'task.opened': [leader],
    'task.reminder': [leader],
    'task.deadline_moved': [leader],
    'task.escalated': [leader, hqAdmin],
    'approval.requested': [hq, hq2],
    'submission.returned': [leader],
    'submission.approved': [leader],
  };
  const events: Array<{ id: string; type: string }> = await db.query(
    `SELECT id::text, type FROM outbox WHERE tenant_id = $1 ORDER BY id`,
    [f.tenantId],
  );
  const expected = events
    .flatMap((e) => (recipients[e.type] ?? []).map((to) => `${e.type} ${e.id} ${to}`))
    .sort();
  const ours = catcher.mails.filter((m) =>
    [leader, hq, hq2, hqAdmin, member, auditor].some((a) => m.to.includes(a)),
  );
  expect(await toldByMail(f.tenantId, ours)).toEqual(expected);
  const types = events.map((e) => e.type);
  expect(types.filter((t) => t === 'approval.requested')).toHaveLength(2);
  expect(types).toContain('submission.returned');
  expect(types).toContain('submission.approved');

  const subjects = (to: string) => mailsTo(to).map((m) => m.subject);
  expect(subjects(leader)).toEqual(
    expect.arrayContaining([
      '【行財政改革】2025年度 取組計画の作成・提出をお願いします（1-1 行政手続のオンライン化）',
      '【行財政改革】2025年度 取組計画の提出期限が7日後です（1-1 行政手続のオンライン化）',
      '【行財政改革】2025年度 取組計画の提出期限が1日後です（1-1 行政手続のオンライン化）',
      '【行財政改革】2025年度 取組計画の提出期限を過ぎました（本部に報告されました）（1-1 行政手続のオンライン化）',
      '【行財政改革】2025年度 取組計画 第1回が差し戻されました（1-1 行政手続のオンライン化）',
      '【行財政改革】2025年度 取組計画 第2回が承認されました（本部承認）（1-1 行政手続のオンライン化）',
    ]),
  );
  expect(mailsTo(leader).find((m) => m.subject.includes('差し戻されました'))!.text).toContain(
    '本部のコメント: 目標値の根拠を追記してください',
  );
  expect(subjects(hqAdmin)).toEqual([
    '【行財政改革】2025年度 期限超過: 取組計画が未提出です（1-1 行政手続のオンライン化）',
  ]);
  // A round-2 request does not repeat round 1's subject.
  expect(subjects(hq)).toEqual([
    '【行財政改革】2025年度 承認依頼: 取組計画 第1回（本部承認）（1-1 行政手続のオンライン化）',
    '【行財政改革】2025年度 承認依頼: 取組計画 第2回（本部承認）（1-1 行政手続のオンライン化）',
  ]);
  expect(subjects(hq2)).toEqual([
    '[Reform plan] FY2025 – Approval requested: Action plan, round 1 (HQ approval) (1-1 行政手続のオンライン化)',
    '[Reform plan] FY2025 – Approval requested: Action plan, round 2 (HQ approval) (1-1 行政手続のオンライン化)',
  ]);
  expect(mailsTo(member)).toEqual([]);
  expect(mailsTo(auditor)).toEqual([]);
}, 180_000);

it('bench smoke: `npm run bench -- outbox` measures the lag on a database of its own', async () => {
  const { runOutboxBench } = await import('../../tools/bench/outbox.bench');
  let out = '';
  // The benchmark creates a database of its own: the owner's right, not the application login's.
  const appUrl = process.env.DATABASE_URL;
  process.env.DATABASE_URL = ownerDatabaseUrl();
  let code: number;
  try {
    code = await runOutboxBench(['--rate', '20', '--seconds', '1'], {
      out: (t) => {
        out += t;
      },
      err: (t) => {
        out += t;
      },
    });
  } finally {
    process.env.DATABASE_URL = appUrl;
  }
  expect(code).toBe(0);
  expect(out).toMatch(/commit → SMTP accepted \(20\/20 mails, offered 20\/s/);
  expect(out).toMatch(/p50 \d+ ms/);
});

it('a whole cycle through the API: every expected mail once, and one signed budget.reflected POST to the budget system', async () => {
  const taskQueue = `notify-year-${uniqueSuffix()}`;
  const yearApi = await startApiApp({ TEMPORAL_TASK_QUEUE: taskQueue });
  stops.push(() => yearApi.close());
  const worker = await startWorker(db, taskQueue);
  stops.push(() => worker.stop());
  const fx = await createApiFixture(yearApi, { periodEndFy: FY });
  const { leader, hqApprover, leaderApprover, hqAdmin } = fx.tenant.users;
  const item = fx.tenant.items.main;
  const receiver = await startReceiver();
  stops.push(() => receiver.close());
  const hook = await as(yearApi, hqAdmin)
    .post('/webhooks', { url: receiver.url, events: ['budget.reflected'] })
    .expect(201);
  relay().start();

  const lead = as(yearApi, leader);
  const approve = approverAs(yearApi, hqApprover);
  const cycle = await startCycle(yearApi, hqAdmin, item);
  let state = (await lead.post(`/cycles/${cycle.id}/plan`, planBody(item)).expect(200)).body;
  state = (
    await as(yearApi, hqApprover)
      .post(`/approvals/${pendingApprovalId(state)}/decision`, { decision: 'return', comment: '根拠を追記' })
      .expect(200)
  ).body;
  state = (await lead.post(`/cycles/${cycle.id}/plan`, planBody(item)).expect(200)).body;
  state = await approve(state);
  // FY2027's reviews and report open months from now: HQ opens them early.
  state = await openScheduledEarly(yearApi, hqAdmin, state);
  for (const review of state.tasks.filter((t: { kind: string }) => t.kind === 'review')) {
    state = (
      await lead
        .post(`/cycles/${cycle.id}/reviews/${review.id}`, {
          periodIndex: review.periodIndex,
          progress: review.periodIndex * 25,
          status: 'on_track',
        })
        .expect(200)
    ).body;
  }
  state = (
    await lead.post(`/cycles/${cycle.id}/execution-report`, { summary: '計画どおり実施した。' }).expect(200)
  ).body;
  state = await approve(state);
  state = await openScheduledEarly(yearApi, hqAdmin, state);
  state = (await lead.post(`/cycles/${cycle.id}/evaluation`, evaluationBody(item)).expect(200)).body;
  state = await approve(state, { rating: 'B' });
  state = (
    await lead
      .post(`/cycles/${cycle.id}/action`, {
        decision: 'continue',
        budgetProposal: 10_300_000,
        rationale: '継続',
      })
      .expect(200)
  ).body;
  await approve(state);

  await waitUntil(() => receiver.requests.length >= 1, 60_000, 'the budget.reflected POST');
  const settled = async () => {
    const [row] = await db.query(
      `SELECT (SELECT count(*)::int FROM outbox WHERE tenant_id = $1 AND published_at IS NULL) AS unpublished,
              (SELECT count(*)::int FROM notification_deliveries WHERE tenant_id = $1 AND status IN ('pending', 'sending')) AS open,
              (SELECT count(*)::int FROM outbox WHERE tenant_id = $1 AND type = 'cycle.closed') AS closed`,
      [fx.tenant.id],
    );
    return row.unpublished === 0 && row.open === 0 && row.closed === 1;
  };
  await waitUntil(settled, 60_000, 'all deliveries done');
  await new Promise((r) => setTimeout(r, 500));

  expect(receiver.requests).toHaveLength(1);
  const [post] = receiver.requests;
  expect(post.headers['x-pdca-event']).toBe('budget.reflected');
  expect(post.headers['x-pdca-signature']).toBe(expectedSignature(hook.body.secret, post.body));
  expect(JSON.parse(post.body).data).toMatchObject({
    cycleId: cycle.id,
    decision: 'continue',
    delta: 300_000,
  });

  const people = Object.values(fx.tenant.users).map((u) => u.email);
  const recipients: Record<string, string[]> = {
    'task.assigned': [leader.email],
    'task.opened': [leader.email],
    'task.reminder': [leader.email],
    'task.escalated': [leader.email, hqAdmin.email],
    'approval.requested': [hqApprover.email, leaderApprover.email],
    'submission.returned': [leader.email],
    'submission.approved': [leader.email],
    'budget.reflected': [hqAdmin.email],
  };
  const events: Array<{ id: string; type: string }> = await db.query(
    `SELECT id::text, type FROM outbox WHERE tenant_id = $1 ORDER BY id`,
    [fx.tenant.id],
  );
  const expected = events
    .flatMap((e) => (recipients[e.type] ?? []).map((to) => `${e.type} ${e.id} ${to}`))
    .sort();
  const actual = await toldByMail(
    fx.tenant.id,
    catcher.mails.filter((m) => people.some((p) => m.to.includes(p))),
  );
  expect(expected.length).toBeGreaterThan(10);
  // HQ opened scheduled tasks early: the leader hears that each one is open (task.opened).
  expect(expected.filter((e) => e.startsWith('task.opened ')).length).toBeGreaterThan(0);
  expect(actual).toEqual(expected);
  // The reviews created with DO are still scheduled: their assignment mail says when they open
  // instead of asking for a submission that would be refused; the plan task asks at once.
  // The DO stage's tasks come together: one mail lists them (#28 point 14).
  const leaderMails = catcher.mails.filter((m) => m.to.includes(leader.email));
  const leaderLines = leaderMails.flatMap((m) => [m.subject, ...m.text.split('\n')]);
  expect(leaderLines.some((s) => /進捗報告.*が予定されました（.*から受付）/.test(s))).toBe(true);
  expect(leaderLines.some((s) => /取組計画の作成・提出をお願いします/.test(s))).toBe(true);
  expect(leaderLines.some((s) => /進捗報告.*の作成・提出をお願いします/.test(s))).toBe(false);
  // At least the DO stage's five (four reviews and the report); tasks of the next stage may join the
  // same mail when they come within its quiet window (a busy machine runs the steps slower or faster).
  const listed = leaderMails
    .map((m) => m.subject.match(new RegExp(`^【行財政改革】${FY}年度 新しいタスクが(\\d+)件あります$`)))
    .filter((m): m is RegExpMatchArray => m !== null)
    .map((m) => Number(m[1]));
  expect(Math.max(0, ...listed)).toBeGreaterThanOrEqual(5);
  // One request per approval row, one "approved" mail per approved step (the approvals table is the truth).
  const count = (type: string) => events.filter((e) => e.type === type).length;
  const [approvals] = await db.query(
    `SELECT count(*)::int AS requested, count(*) FILTER (WHERE status = 'approved')::int AS approved
       FROM approvals WHERE cycle_id = $1`,
    [cycle.id],
  );
  expect(approvals.requested).toBeGreaterThanOrEqual(5); // plan twice, execution report, evaluation, action
  expect(count('approval.requested')).toBe(approvals.requested);
  expect(count('submission.approved')).toBe(approvals.approved);
  expect(count('submission.returned')).toBe(1);
  expect(count('budget.reflected')).toBe(1);
  expect(mailsTo(hqAdmin.email).map((m) => m.subject)).toContain(
    `【行財政改革】${FY}年度 今後の方向性が${FY + 1}年度予算に反映されました（1-1 ${(await db.query('SELECT title FROM items WHERE id = $1', [item.id]))[0].title}）`,
  );
}, 180_000);

it('one mail per person per occasion: starting a year’s cycles mails each leader once, listing the new tasks; subjects say the year and the round (#28 points 14, 15)', async () => {
  const taskQueue = `notify-batch-${uniqueSuffix()}`;
  const yearApi = await startApiApp({ TEMPORAL_TASK_QUEUE: taskQueue });
  stops.push(() => yearApi.close());
  const worker = await startWorker(db, taskQueue);
  stops.push(() => worker.stop());
  const fx = await createApiFixture(yearApi);
  const { leader, member, hqApprover, hqAdmin } = fx.tenant.users;
  // One leader leads every working group of the city: three items, two fiscal years.
  await db.query('UPDATE working_groups SET leader_user_id = $2 WHERE tenant_id = $1', [
    fx.tenant.id,
    leader.id,
  ]);
  const items = [fx.tenant.items.main, fx.tenant.items.other, fx.tenant.items.selfApproval];
  // A quiet window longer than the pause between two starts over the API (the worker's default is 30 s).
  relay({ batchQuietMs: 8_000, batchMaxMs: 60_000 }).start();
  const cycles: Record<number, Array<{ id: string; tasks: Array<{ id: string }> }>> = {
    [FY]: [],
    [FY + 1]: [],
  };
  for (const year of [FY, FY + 1])
    for (const item of items) cycles[year]!.push(await startCycle(yearApi, hqAdmin, item, year));

  const toLeader = () => mailsTo(leader.email);
  await catcher.waitFor(() => toLeader().length >= 2, 90_000);
  await waitUntil(
    async () => {
      const [row] = await db.query(
        `SELECT count(*)::int AS open FROM notification_deliveries d JOIN outbox o ON o.id = d.outbox_id
          WHERE d.tenant_id = $1 AND d.event_type = 'task.assigned' AND d.channel = 'email' AND d.status <> 'delivered'`,
        [fx.tenant.id],
      );
      return row.open === 0;
    },
    60_000,
    'every task.assigned mail sent',
  );
  await new Promise((r) => setTimeout(r, 500));
  const assigned = toLeader().filter((m) => m.subject.includes('新しいタスク'));
  // One mail per fiscal year (the occasion), not one per task; the subjects differ by year.
  expect(assigned.map((m) => m.subject).sort()).toEqual([
    `【行財政改革】${FY}年度 新しいタスクが3件あります`,
    `【行財政改革】${FY + 1}年度 新しいタスクが3件あります`,
  ]);
  expect(toLeader()).toHaveLength(2);
  for (const year of [FY, FY + 1]) {
    const mail = assigned.find((m) => m.subject.includes(`${year}年度`))!;
    for (const [i, item] of items.entries()) {
      expect(mail.text).toContain(`${item.code} `);
      const cycle = cycles[year]![i]!;
      expect(mail.text).toContain(`http://pdca.test/cycles/${cycle.id}/tasks/${cycle.tasks[0]!.id}`);
    }
    expect(mail.text).toContain('「通知設定」で変更できます: http://pdca.test/notifications');
  }
  // The delivery log still lists each task's mail, delivered in one of the two.
  const [log] = await db.query(
    `SELECT count(*)::int AS deliveries, count(DISTINCT sent_in)::int AS mails FROM notification_deliveries
      WHERE tenant_id = $1 AND event_type = 'task.assigned' AND channel = 'email' AND status = 'delivered'`,
    [fx.tenant.id],
  );
  expect(log).toEqual({ deliveries: 6, mails: 2 });
  // In-app, each task is its own entry.
  const inbox = await as(yearApi, leader).get('/notifications?limit=50').expect(200);
  expect(inbox.body.items.filter((n: { type: string }) => n.type === 'task.assigned')).toHaveLength(6);
  expect(mailsTo(member.email)).toEqual([]);

  // Round 1 returned, round 2 requested: HQ's two requests (and the return) say which round.
  const cycle = cycles[FY]![0]!;
  const lead = as(yearApi, leader);
  let state = (await lead.post(`/cycles/${cycle.id}/plan`, planBody(items[0]!)).expect(200)).body;
  state = (
    await as(yearApi, hqApprover)
      .post(`/approvals/${pendingApprovalId(state)}/decision`, { decision: 'return', comment: '根拠を追記' })
      .expect(200)
  ).body;
  state = (await lead.post(`/cycles/${cycle.id}/plan`, planBody(items[0]!)).expect(200)).body;
  await catcher.waitFor(() => mailsTo(hqApprover.email).length >= 2, 60_000);
  await catcher.waitFor(() => toLeader().some((m) => m.subject.includes('差し戻されました')), 60_000);
  const [{ title }] = await db.query('SELECT title FROM items WHERE id = $1', [items[0]!.id]);
  const plan = SUBMISSION_KIND_LABELS.plan.ja;
  expect(mailsTo(hqApprover.email).map((m) => m.subject)).toEqual([
    `【行財政改革】${FY}年度 承認依頼: ${plan} 第1回（本部承認）（1-1 ${title}）`,
    `【行財政改革】${FY}年度 承認依頼: ${plan} 第2回（本部承認）（1-1 ${title}）`,
  ]);
  const second = mailsTo(hqApprover.email)[1]!;
  expect(second.text).toContain(`http://pdca.test/cycles/${cycle.id}/approvals/${pendingApprovalId(state)}`);
  expect(toLeader().find((m) => m.subject.includes('差し戻されました'))!.subject).toBe(
    `【行財政改革】${FY}年度 ${plan} 第1回が差し戻されました（1-1 ${title}）`,
  );
}, 240_000);

it('施策評価 (#24): the 担当部長 hears of the task, its reminder, the escalation (HQ admins too), the return and the approval; HQ’s approvers of the round; each once, redelivered or not', async () => {
  const f = await createCycleFixture(db);
  const [{ plan_id: planId }] = await db.query('SELECT plan_id FROM items WHERE id = $1', [f.itemId]);
  const [{ id: nodeId }] = await db.query(
    `INSERT INTO plan_nodes (tenant_id, plan_id, kind, code, title, level) VALUES ($1, $2, 'theme', '1-A', '行政のデジタル化', 2)
     RETURNING id`,
    [f.tenantId, planId],
  );
  // The read model as the 施策評価's projection leaves it: the leader owns it, round 2 awaits HQ.
  const [{ id: evaluationId }] = await db.query(
    `INSERT INTO policy_evaluations (id, tenant_id, node_id, fiscal_year, workflow_id, status, owner_user_id,
       scheduled_open_at, due_at, round, submitted_by, started_at, updated_at)
     VALUES (gen_random_uuid(), $1, $2, 2025, $3, 'submitted', $4, now(), '2026-07-31T08:00:00Z', 2, $4, now(), now())
     RETURNING id`,
    [f.tenantId, nodeId, `policy-eval/test/${nodeId}/2025`, f.leader.userId],
  );
  const [{ id: approvalId }] = await db.query(
    `INSERT INTO policy_evaluation_approvals (id, tenant_id, evaluation_id, round, step_index, step_key, step_label,
       status, submitted_by, submitted_at)
     VALUES (gen_random_uuid(), $1, $2, 2, 0, 'hq', '{"ja":"本部承認","en":"HQ approval"}', 'pending', $3, now()) RETURNING id`,
    [f.tenantId, evaluationId, f.leader.userId],
  );
  await db.query(`UPDATE users SET language = 'en' WHERE id = $1`, [f.hqAdmin.userId]);
  // The 担当部長 turned reminder mails off (通知設定): a 施策評価's reminder follows that too.
  await db.query(`UPDATE users SET notification_preferences = $2 WHERE id = $1`, [
    f.leader.userId,
    JSON.stringify({ email: { 'task.reminder': 'off' } }),
  ]);
  // The outbox messages as the workflow writes them (policy-machine.ts, policy-approvals.ts).
  const base = { tenantId: f.tenantId, nodeId, evaluationId, fiscalYear: 2025 };
  const due = { dueAt: '2026-07-31T08:00:00.000Z' };
  const owner = f.leader.userId;
  const messages: Array<[string, Record<string, unknown>]> = [
    [
      'policy_evaluation.opened',
      { ...base, ...due, recipientUserId: owner, openedBy: 'date', itemsPending: [] },
    ],
    ['policy_evaluation.reminder', { ...base, ...due, recipientUserId: owner, reminderKey: 'before-7d' }],
    [
      'policy_evaluation.escalated',
      { ...base, ...due, reminderKey: 'overdue', escalateToRoles: ['hq_approver', 'hq_admin'] },
    ],
    ['policy_evaluation.returned', { ...base, recipientUserId: owner, comment: '課題を具体的に' }],
    ['policy_evaluation.approval_requested', { ...base, approvalId, stepKey: 'hq' }],
    ['policy_evaluation.approved', { ...base, recipientUserId: owner, rating: 'B' }],
  ];
  relay({ batchQuietMs: 0 }).start();
  const outboxIds: string[] = [];
  for (const [type, payload] of messages) outboxIds.push(await insertOutbox(db, f.tenantId, type, payload));
  const [leader, hq, hq2, admin] = await Promise.all(
    [f.leader, f.hq, f.hq2, f.hqAdmin].map((u) => emailOf(u.userId)),
  );
  const expected = { [leader]: 4, [hq]: 1, [hq2]: 1, [admin]: 1 };
  const all = () => Object.values(expected).reduce((a, b) => a + b, 0);
  const ours = () => catcher.mails.filter((m) => Object.keys(expected).some((a) => m.to.includes(a)));
  await catcher.waitFor(() => ours().length === all());
  const link = `http://pdca.test/policy-evaluations/${evaluationId}`;
  const subjects = (address: string) => mailsTo(address).map((m) => m.subject);
  // Sent side by side: compared in the order of the messages' subjects.
  const OPENED =
    '【行財政改革】2025年度 施策評価の受付が始まりました。担当部評価の提出をお願いします（1-A 行政のデジタル化）';
  const RETURNED = '【行財政改革】2025年度 施策評価が差し戻されました（1-A 行政のデジタル化）';
  const APPROVED = '【行財政改革】2025年度 施策評価が承認されました（1-A 行政のデジタル化）';
  expect(subjects(leader).sort()).toEqual(
    [
      OPENED,
      '【行財政改革】2025年度 期限超過: 施策評価が未提出です（本部に報告されました）（1-A 行政のデジタル化）',
      RETURNED,
      APPROVED,
    ].sort(),
  );
  for (const address of [hq, hq2])
    expect(subjects(address)).toEqual([
      '【行財政改革】2025年度 承認依頼: 施策評価 第2回（1-A 行政のデジタル化）',
    ]);
  expect(subjects(admin)).toEqual([
    '[Reform plan] FY2025 – Overdue: the policy evaluation has not been submitted (HQ has been told) (1-A 行政のデジタル化)',
  ]);
  for (const mail of ours()) {
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(`<a href="${link}">`);
  }
  const leaderMail = (subject: string) => mailsTo(leader).find((m) => m.subject === subject)!;
  expect(leaderMail(OPENED).text).toContain('施策評価: 1-A 行政のデジタル化');
  expect(leaderMail(OPENED).text).toContain('提出期限: 2026年7月31日(金) 17:00');
  expect(leaderMail(RETURNED).text).toContain('本部のコメント: 課題を具体的に');
  expect(leaderMail(APPROVED).text).toContain('担当部評価: B');
  // The reminder is in the 担当部長's in-app list, its mail skipped by their preference.
  expect(
    (await deliveriesOf(outboxIds[1])).map((r: { channel: string; status: string }) => [r.channel, r.status]),
  ).toEqual([
    ['email', 'skipped'],
    ['in_app', 'delivered'],
  ]);
  // Nobody else of the tenant heard of it (the member, the auditor).
  for (const other of [f.member, f.auditor]) expect(mailsTo(await emailOf(other.userId))).toEqual([]);

  // The outbox hands the same messages over again (a relay that crashed before marking them): no mail twice.
  await db.query(`UPDATE outbox SET published_at = NULL WHERE id = ANY($1::bigint[])`, [outboxIds]);
  await waitUntil(async () => {
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM outbox WHERE id = ANY($1::bigint[]) AND published_at IS NULL`,
      [outboxIds],
    );
    return n === 0;
  });
  // Published again without a new delivery (fan-out and its deliveries are one transaction): no new mail.
  expect(ours()).toHaveLength(all());
  const [{ n: deliveries }] = await db.query(
    `SELECT count(*)::int AS n FROM notification_deliveries WHERE outbox_id = ANY($1::bigint[]) AND channel = 'email'`,
    [outboxIds],
  );
  expect(deliveries).toBe(all() + 1); // and the reminder's skipped one
});

it('外部評価 (#25): members are asked and reminded, the chair and HQ admins hear of the escalation, the leader of the 市の対応方針, HQ’s approvers of its round; never an opinion’s text', async () => {
  const f = await createCycleFixture(db);
  const reviewer = async (key: string, name: string) => {
    const [{ id }] = await db.query(
      `INSERT INTO users (tenant_id, email, display_name, password_hash, roles)
       VALUES ($1, $2, $3, 'x', '{external_reviewer}') RETURNING id`,
      [f.tenantId, `${key}-${uniqueSuffix()}@example.test`, name],
    );
    return id as string;
  };
  const chair = await reviewer('chair', '委員 長');
  const member = await reviewer('iin', '委員 一');
  // The round and its ruled item as the round's projection leaves them, the response awaiting HQ.
  const title = '令和8年度 外部評価（第1回）';
  const input = await ruledItemFixture(db, { ...f, chairUserId: chair }, 2026);
  const { reviewId, responseId } = input;
  await db.query('UPDATE external_reviews SET title = $2 WHERE id = $1', [reviewId, title]);
  const opinionText = '利用者アンケートの結果を踏まえて開館時間を見直すべき';
  await db.query(
    `INSERT INTO external_review_opinions (id, tenant_id, review_id, item_id, member_user_id, opinion, result, submitted_at, updated_at)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, 'revise', now(), now())`,
    [f.tenantId, reviewId, f.itemId, member, opinionText],
  );
  await db.query(
    `INSERT INTO external_responses (id, tenant_id, review_id, item_id, fiscal_year, workflow_id, status, leader_user_id,
       open_at, due_at, round, submitted_by, started_at, updated_at)
     VALUES ($1, $2, $3, $4, 2026, $5, 'submitted', $6, now(), '2026-11-30T08:00:00Z', 1, $6, now(), now())`,
    [
      responseId,
      f.tenantId,
      reviewId,
      f.itemId,
      `ext-response/${f.tenantCode}/${reviewId}/${f.itemId}`,
      f.leader.userId,
    ],
  );
  const [{ id: approvalId }] = await db.query(
    `INSERT INTO external_response_approvals (id, tenant_id, response_id, round, step_index, step_key, step_label,
       status, submitted_by, submitted_at)
     VALUES (gen_random_uuid(), $1, $2, 1, 0, 'hq', '{"ja":"本部承認","en":"HQ approval"}', 'pending', $3, now()) RETURNING id`,
    [f.tenantId, responseId, f.leader.userId],
  );
  await db.query(`UPDATE users SET language = 'en' WHERE id = $1`, [f.hqAdmin.userId]);
  // The leader turned reminder mails off (通知設定): the response's reminder follows that too.
  await db.query(`UPDATE users SET notification_preferences = $2 WHERE id = $1`, [
    f.leader.userId,
    JSON.stringify({ email: { 'task.reminder': 'off' } }),
  ]);
  // The outbox messages as the workflows write them (review-machine.ts, response-machine.ts, policy-approvals.ts).
  const round = { tenantId: f.tenantId, reviewId, fiscalYear: 2026 };
  const opinionsDue = { dueAt: '2026-09-30T08:00:00.000Z' };
  const response = { ...round, responseId, itemId: f.itemId };
  const responseDue = { dueAt: '2026-11-30T08:00:00.000Z' };
  const leader = f.leader.userId;
  const messages: Array<[string, Record<string, unknown>]> = [
    ...[member, chair].map((memberUserId): [string, Record<string, unknown>] => [
      'external_review.opinion_requested',
      { ...round, ...opinionsDue, memberUserId, title, itemCount: 1, chair: memberUserId === chair },
    ]),
    [
      'external_review.reminder',
      {
        ...round,
        ...opinionsDue,
        memberUserId: member,
        missingItemIds: [f.itemId],
        reminderKey: 'before-3d',
      },
    ],
    [
      'external_review.escalated',
      {
        ...round,
        ...opinionsDue,
        chairUserId: chair,
        missingMemberUserIds: [member],
        reminderKey: 'overdue',
      },
    ],
    [
      'external_review.ruled',
      { ...round, itemId: f.itemId, result: 'revise', responseId, chairUserId: chair },
    ],
    [
      'external_response.opened',
      {
        ...response,
        ...responseDue,
        leaderUserId: leader,
        recipientUserId: leader,
        ruling: { result: 'revise', resultLabel: { ja: '見直し', en: 'Revise' } },
        reviewTitle: title,
      },
    ],
    [
      'external_response.reminder',
      { ...response, ...responseDue, recipientUserId: leader, reminderKey: 'before-7d' },
    ],
    [
      'external_response.escalated',
      { ...response, ...responseDue, reminderKey: 'overdue', escalateToRoles: ['hq_approver', 'hq_admin'] },
    ],
    [
      'external_response.approval_requested',
      { ...response, approvalId, stepKey: 'hq', stepRole: 'hq_approver' },
    ],
    ['external_response.returned', { ...response, recipientUserId: leader, comment: '効果見込額の根拠を' }],
    ['external_response.approved', { ...response, recipientUserId: leader, expectedEffect: 1_200_000 }],
  ];
  relay({ batchQuietMs: 0 }).start();
  const outboxIds: string[] = [];
  for (const [type, payload] of messages) outboxIds.push(await insertOutbox(db, f.tenantId, type, payload));
  const [memberMail, chairMail, leaderMail, hq, hq2, admin] = await Promise.all(
    [member, chair, leader, f.hq.userId, f.hq2.userId, f.hqAdmin.userId].map(emailOf),
  );
  const expected = { [memberMail]: 2, [chairMail]: 2, [leaderMail]: 4, [hq]: 1, [hq2]: 1, [admin]: 2 };
  const all = Object.values(expected).reduce((a, b) => a + b, 0);
  const ours = () => catcher.mails.filter((m) => Object.keys(expected).some((a) => m.to.includes(a)));
  await catcher.waitFor(() => ours().length === all);
  const subjects = (address: string) =>
    mailsTo(address)
      .map((m) => m.subject)
      .sort();
  const REQUEST = `【行財政改革】「${title}」への意見の提出をお願いします`;
  const ITEM = '（1-1 行政手続のオンライン化）';
  expect(subjects(memberMail)).toEqual(
    [REQUEST, `【行財政改革】「${title}」の意見の提出期限が3日後です`].sort(),
  );
  expect(subjects(chairMail)).toEqual(
    [REQUEST, `【行財政改革】期限超過: 「${title}」の意見が未提出の委員がいます`].sort(),
  );
  expect(subjects(leaderMail)).toEqual(
    [
      `【行財政改革】2026年度 外部評価を受けて市の対応方針の作成・提出をお願いします${ITEM}`,
      `【行財政改革】2026年度 期限超過: 市の対応方針が未提出です（本部に報告されました）${ITEM}`,
      `【行財政改革】2026年度 市の対応方針が差し戻されました${ITEM}`,
      `【行財政改革】2026年度 市の対応方針が承認されました${ITEM}`,
    ].sort(),
  );
  for (const address of [hq, hq2])
    expect(subjects(address)).toEqual([`【行財政改革】2026年度 承認依頼: 市の対応方針 第1回${ITEM}`]);
  expect(subjects(admin)).toEqual(
    [
      `[Reform plan] FY2026 – Overdue: members have not given their opinions on “${title}”`,
      '[Reform plan] FY2026 – Overdue: the city’s response has not been submitted (HQ has been told) (1-1 行政手続のオンライン化)',
    ].sort(),
  );
  const reviewLink = `http://pdca.test/external-reviews/${reviewId}`;
  const responseLink = `http://pdca.test/external-responses/${responseId}`;
  for (const address of [memberMail, chairMail])
    for (const mail of mailsTo(address)) expect(mail.html).toContain(`<a href="${reviewLink}">`);
  for (const address of [leaderMail, hq, hq2])
    for (const mail of mailsTo(address)) expect(mail.text).toContain(responseLink);
  const find = (address: string, subject: string) => mailsTo(address).find((m) => m.subject === subject)!;
  const chairRequest = find(chairMail, REQUEST).text;
  expect(chairRequest).toContain('年度: 2026年度');
  expect(chairRequest).toContain('意見の提出期限: 2026年9月30日(水) 17:00');
  expect(chairRequest).toContain('あなたは委員長です');
  expect(find(memberMail, REQUEST).text).not.toContain('あなたは委員長です');
  const opened = mailsTo(leaderMail).find((m) => m.subject.includes('作成・提出'))!.text;
  expect(opened).toContain('委員会の評価: 見直し');
  expect(opened).toContain('提出期限: 2026年11月30日(月) 17:00');
  expect(mailsTo(leaderMail).find((m) => m.subject.includes('差し戻'))!.text).toContain(
    '本部のコメント: 効果見込額の根拠を',
  );
  expect(mailsTo(leaderMail).find((m) => m.subject.includes('承認され'))!.text).toContain(
    '効果見込額: 1,200,000円',
  );
  for (const mail of ours()) expect(`${mail.text}${mail.html}`).not.toContain(opinionText);
  // The leader's reminder: in-app, its mail skipped by preference; the ruling: nobody.
  expect((await deliveriesOf(outboxIds[4])).map((r: { channel: string }) => r.channel)).toEqual([]);
  expect(
    (await deliveriesOf(outboxIds[6])).map((r: { channel: string; status: string }) => [r.channel, r.status]),
  ).toEqual([
    ['email', 'skipped'],
    ['in_app', 'delivered'],
  ]);
  for (const other of [f.member, f.auditor]) expect(mailsTo(await emailOf(other.userId))).toEqual([]);
  // The member's in-app list (external reviewers may read their own notifications).
  const listed = await api
    .http()
    .get('/api/v1/notifications')
    .set(bearer(await signIn(member)));
  expect(listed.status).toBe(200);
  expect(
    listed.body.items.map((n: { type: string; title: { ja: string }; link: string }) => [
      n.type,
      n.title.ja,
      new URL(n.link).pathname,
    ]),
  ).toEqual([
    ['external_review.reminder', `「${title}」の意見の提出期限が3日後です`, `/external-reviews/${reviewId}`],
    [
      'external_review.opinion_requested',
      `「${title}」への意見の提出をお願いします`,
      `/external-reviews/${reviewId}`,
    ],
  ]);
});
