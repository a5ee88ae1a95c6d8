/**
 * 外部評価委員 (#25): an external reviewer reads the items of the review rounds they sit on —
 * the item, its cycle, its 評価シート and its timeline — and nothing else. Every endpoint is closed
 * to them unless it opts in (default deny); the test walks the OpenAPI document, so an endpoint
 * added later without a decision about the committee is covered automatically.
 */
import { randomUUID } from 'node:crypto';
import { UserRepository } from '@pdca/persistence/repositories';
import bcrypt from 'bcryptjs';
import { asOwner } from '../support/owner-database';
import { type ApiWithWorker, bearer, startApiWithWorker } from './api-test-app';
import { as, FY, startCycle } from './cycle-helpers';
import { type ApiFixture, createApiFixture, type FixtureUser, login, PASSWORD } from './fixtures';

interface Operation {
  description?: string;
  security?: unknown[];
}

/** The OpenAPI description of an endpoint closed to the committee (written by @Endpoint). */
const CLOSED = 'External reviewers: no.';
/** Every endpoint that may open itself to external reviewers, and how. */
const OPEN_TO_REVIEWERS: Record<string, string> = {
  'GET /api/v1/auth/me': 'External reviewers: their own only.',
  'POST /api/v1/auth/logout': 'External reviewers: their own only.',
  'POST /api/v1/auth/password': 'External reviewers: their own only.',
  'GET /api/v1/notifications': 'External reviewers: their own only.',
  'GET /api/v1/notifications/unread-count': 'External reviewers: their own only.',
  'POST /api/v1/notifications/read-all': 'External reviewers: their own only.',
  'PATCH /api/v1/notifications/{notificationId}': 'External reviewers: their own only.',
  'GET /api/v1/notifications/preferences': 'External reviewers: their own only.',
  'PUT /api/v1/notifications/preferences': 'External reviewers: their own only.',
  'GET /api/v1/tasks': 'External reviewers: their own only.',
  'GET /api/v1/items/{itemId}': 'External reviewers: items under their review only.',
  'GET /api/v1/cycles/{cycleId}': 'External reviewers: items under their review only.',
  'GET /api/v1/items/{itemId}/evaluation-sheet': 'External reviewers: items under their review only.',
  // The item's フルコスト, which its 評価シート prints too (#26).
  'GET /api/v1/items/{itemId}/costs': 'External reviewers: items under their review only.',
  'GET /api/v1/audit/items/{itemId}/history': 'External reviewers: items under their review only.',
  // The review rounds (apps/api/src/external-reviews, external-review-reports), scoped to the
  // rounds the caller sits on by the endpoints themselves.
  'GET /api/v1/external-reviews': 'External reviewers: the review rounds they sit on only.',
  'GET /api/v1/external-reviews/{reviewId}': 'External reviewers: the review rounds they sit on only.',
  'POST /api/v1/external-reviews/{reviewId}/opinions':
    'External reviewers: the review rounds they sit on only.',
  'POST /api/v1/external-reviews/{reviewId}/rulings':
    'External reviewers: the review rounds they sit on only.',
  'GET /api/v1/external-reviews/{reviewId}/report': 'External reviewers: the review rounds they sit on only.',
};
/** Opted in by this issue's own files; the round endpoints above join when they exist. */
const OPENED_HERE = Object.keys(OPEN_TO_REVIEWERS).filter((op) => !op.includes('/external-reviews'));

let api: ApiWithWorker;
let fx: ApiFixture;
let reviewer: FixtureUser;
let cycleId: string;
let otherCycleId: string;
let doc: { paths: Record<string, Record<string, Operation>> };

const hashed = bcrypt.hashSync(PASSWORD, 4);

async function userWithRoles(key: string, roles: FixtureUser['roles']): Promise<FixtureUser> {
  const email = `${key}-${randomUUID().slice(0, 8)}@${fx.tenant.code}.example.test`;
  const created = await new UserRepository(api.dataSource).create({
    tenantId: fx.tenant.id,
    email,
    displayName: `外部 委員 ${key}`,
    passwordHash: hashed,
    roles,
  });
  return { id: created.id, email, displayName: created.displayName, roles, token: await login(api, email) };
}

/** A review round with `itemIds` and `memberIds`, written as the schema owner (the rows the round's workflow projects). */
async function insertRound(itemIds: string[], memberIds: string[]): Promise<string> {
  const reviewId = randomUUID();
  const t = fx.tenant;
  await asOwner(async (owner) => {
    await owner.query(
      `INSERT INTO external_reviews (id, tenant_id, fiscal_year, title, chair_user_id, due_at, status,
         workflow_id, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, '令和9年度 外部評価', $4, now() + interval '30 days', 'open', $5, $6, now(), now())`,
      [reviewId, t.id, FY, memberIds[0], `ext-review/${t.code}/${reviewId}`, t.users.hqAdmin.id],
    );
    for (const userId of memberIds) {
      await owner.query(
        'INSERT INTO external_review_members (review_id, user_id, tenant_id) VALUES ($1, $2, $3)',
        [reviewId, userId, t.id],
      );
    }
    for (const [position, itemId] of itemIds.entries()) {
      await owner.query(
        'INSERT INTO external_review_items (review_id, item_id, tenant_id, position) VALUES ($1, $2, $3, $4)',
        [reviewId, itemId, t.id, position],
      );
    }
  });
  return reviewId;
}

beforeAll(async () => {
  api = await startApiWithWorker('ext-reviewer-access');
  fx = await createApiFixture(api);
  reviewer = await userWithRoles('reviewer', ['external_reviewer']);
  const { main, other } = fx.tenant.items;
  cycleId = (await startCycle(api, fx.tenant.users.hqAdmin, main)).id;
  otherCycleId = (await startCycle(api, fx.tenant.users.hqAdmin, other)).id;
  await insertRound([main.id], [reviewer.id]);
  doc = (await api.http().get('/api/docs-json').expect(200)).body;
}, 60_000);

afterAll(async () => {
  await api?.close();
});

function expectRefused(
  res: { status: number; body: { code?: string; messageJa?: string; messageEn?: string } },
  code: string,
) {
  expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code });
  expect(res.body.messageJa).toMatch(/外部評価/);
  expect(res.body.messageEn).toMatch(/review/);
}

it('lets a member of a round read the item under review, its cycle, its 評価シート and its timeline', async () => {
  const { main } = fx.tenant.items;
  const r = as(api, reviewer);
  const item = await r.get(`/items/${main.id}`).expect(200);
  expect(item.body).toMatchObject({ id: main.id, code: main.code, title: '行政手続のオンライン化' });
  const cycle = await r.get(`/cycles/${cycleId}`).expect(200);
  expect(cycle.body).toMatchObject({ id: cycleId, itemId: main.id, fiscalYear: FY });
  const sheet = await r.get(`/items/${main.id}/evaluation-sheet?fiscalYear=${FY}`).expect(200);
  expect(sheet.headers['content-type']).toMatch(/text\/html/);
  expect(sheet.text).toContain('行政手続のオンライン化');
  const history = await r.get(`/audit/items/${main.id}/history`).expect(200);
  expect(history.body).toMatchObject({ itemId: main.id, itemCode: main.code });
  expect(history.body.cycles).toEqual([expect.objectContaining({ cycleId, fiscalYear: FY })]);
  // Their own account, notifications and tasks: their round's request for 意見, none of the city's tasks.
  await r.get('/auth/me').expect(200);
  await r.get('/notifications').expect(200);
  const tasks = await r.get('/tasks?mine=false').expect(200);
  expect(
    tasks.body.items.map((t: { kind: string; assigneeUserId: string }) => [t.kind, t.assigneeUserId]),
  ).toEqual([['external_opinion', reviewer.id]]);
});

it('refuses an item not under their review, its cycle, sheet and timeline (403 NOT_UNDER_REVIEW)', async () => {
  const { other } = fx.tenant.items;
  const r = as(api, reviewer);
  for (const path of [
    `/items/${other.id}`,
    `/cycles/${otherCycleId}`,
    `/items/${other.id}/evaluation-sheet?fiscalYear=${FY}`,
    `/audit/items/${other.id}/history`,
    `/items/${randomUUID()}`,
    `/items/${fx.otherTenant.items.main.id}`,
  ]) {
    expectRefused(await r.get(path), 'NOT_UNDER_REVIEW');
  }
  // Another member's round does not open items to them.
  const otherReviewer = await userWithRoles('other-reviewer', ['external_reviewer']);
  expectRefused(await as(api, otherReviewer).get(`/items/${fx.tenant.items.main.id}`), 'NOT_UNDER_REVIEW');
});

it('refuses them every command and list: plan submission, approvals, ledger export and verify, users, settings, plans, tasks of others', async () => {
  const r = as(api, reviewer);
  const { main } = fx.tenant.items;
  const refusals = [
    r.post(`/cycles/${cycleId}/plan`, { targets: [], activities: ['x'], budgetRequest: 1 }),
    r.get('/approvals'),
    r.post(`/approvals/${randomUUID()}/decision`, { decision: 'approve' }),
    r.get('/audit/log'),
    r.get('/audit/verify'),
    r.get(`/audit/cycles/${cycleId}/history`),
    r.get('/users'),
    r.get('/settings'),
    r.get('/plans'),
    r.get('/items'),
    r.patch(`/tasks/${randomUUID()}/deadline`, { dueAt: new Date().toISOString(), reason: 'x' }),
    r.post(`/items/${main.id}/cycles`, { fiscalYear: FY + 1 }),
  ];
  for (const res of await Promise.all(refusals)) expectRefused(res, 'NOT_FOR_EXTERNAL_REVIEWER');
});

it('documents who may call, and refuses a reviewer every endpoint that does not opt in (from the OpenAPI document)', async () => {
  const ops = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({
      name: `${method.toUpperCase()} ${path}`,
      method,
      path,
      op,
    })),
  );
  const guarded = ops.filter(({ op }) => (op.security ?? []).length > 0);
  const opened = guarded.filter(({ op }) => !op.description?.includes(CLOSED));
  // Only the endpoints decided on open themselves, each saying how.
  for (const { name, op } of opened) {
    expect({ name, known: name in OPEN_TO_REVIEWERS }).toEqual({ name, known: true });
    expect(op.description).toContain(OPEN_TO_REVIEWERS[name]);
  }
  expect(opened.map((o) => o.name)).toEqual(expect.arrayContaining(OPENED_HERE));
  const closed = guarded.filter(({ op }) => op.description?.includes(CLOSED));
  expect(closed.length).toBeGreaterThan(40);
  for (const { name, method, path } of closed) {
    const url = path.replace(/\{[^}]+\}/g, () => randomUUID());
    const res = await api
      .http()
      [method as 'get' | 'post' | 'put' | 'patch' | 'delete'](url)
      .set(bearer(reviewer.token))
      .send({});
    expect({ name, status: res.status, code: res.body.code }).toEqual({
      name,
      status: 403,
      code: 'NOT_FOR_EXTERNAL_REVIEWER',
    });
  }
}, 60_000);

it('treats anyone holding external_reviewer as a reviewer, whatever other role slipped in', async () => {
  const mixed = await userWithRoles('mixed', ['admin', 'external_reviewer']);
  expectRefused(await as(api, mixed).get('/users'), 'NOT_FOR_EXTERNAL_REVIEWER');
  expectRefused(await as(api, mixed).get(`/items/${fx.tenant.items.other.id}`), 'NOT_UNDER_REVIEW');
});

it('refuses external_reviewer beside another role on user create and update (400 naming roles)', async () => {
  const admin = as(api, fx.tenant.users.admin);
  const created = await admin.post('/users', {
    email: `both-${randomUUID().slice(0, 8)}@${fx.tenant.code}.example.test`,
    displayName: '兼務 委員',
    password: 'a long enough password 123',
    roles: ['external_reviewer', 'wg_leader'],
  });
  expect(created.status).toBe(400);
  expect(created.body.details).toEqual([
    expect.objectContaining({ field: 'roles', rule: 'externalReviewerAlone' }),
  ]);
  expect(created.body.details[0].messageJa).toMatch(/外部評価委員/);
  expect(created.body.details[0].messageEn).toMatch(/external_reviewer/);
  const updated = await admin.patch(`/users/${reviewer.id}`, { roles: ['external_reviewer', 'wg_leader'] });
  expect(updated.status).toBe(400);
  expect(updated.body.details).toEqual([expect.objectContaining({ field: 'roles' })]);
  // Alone, the role is fine.
  await admin.patch(`/users/${reviewer.id}`, { roles: ['external_reviewer'] }).expect(200);
});
