/**
 * #25 外部評価 through HTTP with a real worker: HQ creates a round (201; 400s naming the fields; 403
 * for anyone but hq_admin); a member cannot read the others' opinions before giving their own; a
 * second opinion replaces the first (revision 2); a bad result code is a 400 naming `result`; the
 * member's task list has the round; only the chair rules (403 NOT_CHAIR), once per item (409
 * ALREADY_RULED); the ledger entries carry the item ids. Answers are checked against the OpenAPI
 * document.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '@pdca/domain';
import { UserRepository } from '@pdca/persistence/repositories';
import bcrypt from 'bcryptjs';
import { conformanceProblems, type OpenApiDocument } from '../support/openapi-conformance';
import { type ApiTestApp, startApiWithWorker } from './api-test-app';
import { as, runYearToAct } from './cycle-helpers';
import { type ApiFixture, createApiFixture, type FixtureUser, login, PASSWORD } from './fixtures';

let api: ApiTestApp;
let fx: ApiFixture;
let doc: OpenApiDocument;
let chair: FixtureUser;
let member: FixtureUser;
let outsider: FixtureUser;

function expectDocumented(schema: string, body: unknown): void {
  expect(conformanceProblems(doc, schema, body)).toEqual([]);
}

async function reviewer(key: string, displayName: string): Promise<FixtureUser> {
  const roles: Role[] = ['external_reviewer'];
  const email = `${key}-${Date.now().toString(36)}@${fx.tenant.code}.example.test`;
  const created = await new UserRepository(api.dataSource).create({
    tenantId: fx.tenant.id,
    email,
    displayName,
    passwordHash: bcrypt.hashSync(PASSWORD, 4),
    roles,
  });
  return { id: created.id, email, displayName, roles, token: await login(api, email) };
}

beforeAll(async () => {
  api = await startApiWithWorker('api-ext-review');
  fx = await createApiFixture(api);
  doc = (await api.http().get('/api/docs-json').expect(200)).body;
  chair = await reviewer('chair', '委員長 一郎');
  member = await reviewer('member', '委員 花子');
  outsider = await reviewer('outsider', '別の 委員');
});

afterAll(async () => {
  await api?.close();
});

it('runs a round from HQ’s creation through opinions to the chair’s rulings', async () => {
  const { hqAdmin, hqApprover, auditor } = fx.tenant.users;
  const { main, other } = fx.tenant.items;
  const admin = as(api, hqAdmin);
  const dueAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const body = {
    fiscalYear: 2025,
    title: '令和7年度 外部評価（第1回）',
    // Chosen out of order: the round lists them in plan order all the same.
    itemIds: [other.id, main.id],
    memberUserIds: [chair.id, member.id],
    chairUserId: chair.id,
    dueAt,
  };

  // Refusals: fields named, only hq_admin.
  const fieldsOf = (res: { body: { details: Array<{ field: string }> } }) =>
    res.body.details.map((d) => d.field);
  let res = await admin.post('/external-reviews', {
    ...body,
    title: '',
    memberUserIds: [hqApprover.id, member.id],
    chairUserId: outsider.id,
    dueAt: '2020-01-01T00:00:00Z',
  });
  expect(res.status).toBe(400);
  expect(fieldsOf(res)).toEqual(['title']);
  res = await admin.post('/external-reviews', {
    ...body,
    itemIds: [main.id, fx.otherTenant.items.main.id],
    memberUserIds: [hqApprover.id, member.id],
    chairUserId: outsider.id,
    dueAt: '2020-01-01T00:00:00Z',
  });
  expect(res.status).toBe(400);
  expect(fieldsOf(res)).toEqual(['itemIds[1]', 'memberUserIds[0]', 'chairUserId', 'dueAt']);
  expect(res.body.details[1].messageJa).toContain('外部評価委員');
  res = await admin.post('/external-reviews', { ...body, select: { decision: ['reduce'] } });
  expect(fieldsOf(res)).toEqual(['itemIds']);
  expect((await as(api, hqApprover).post('/external-reviews', body)).status).toBe(403);
  expect((await as(api, chair).post('/external-reviews', body)).status).toBe(403);

  const created = await admin.post('/external-reviews', body).expect(201);
  expectDocumented('ExternalReviewDto', created.body);
  const reviewId = created.body.id;
  expect(created.body).toMatchObject({ status: 'open', itemCount: 2, memberCount: 2, chairUserId: chair.id });
  expect(created.body.items.map((i: { code: string }) => i.code)).toEqual(['1-1', '1-2']);
  expect(created.body.items.map((i: { itemId: string }) => i.itemId)).toEqual([main.id, other.id]);

  // Who lists it: HQ and the members; another reviewer neither lists nor reads it; a leader gets 403.
  const listed = (await admin.get('/external-reviews?fiscalYear=2025').expect(200)).body;
  expectDocumented('ExternalReviewListDto', listed);
  expect(listed.reviews.map((r: { id: string }) => r.id)).toContain(reviewId);
  expect((await as(api, member).get('/external-reviews').expect(200)).body.reviews).toHaveLength(1);
  expect((await as(api, outsider).get('/external-reviews').expect(200)).body.reviews).toEqual([]);
  expect((await as(api, outsider).get(`/external-reviews/${reviewId}`)).status).toBe(403);
  expect((await as(api, fx.tenant.users.leader).get('/external-reviews')).status).toBe(403);

  // The member's tasks: the round, both items missing.
  const tasks = (await as(api, member).get('/tasks').expect(200)).body;
  expectDocumented('TaskPageDto', tasks);
  expect(tasks.items.find((t: { id: string }) => t.id === reviewId)).toMatchObject({
    kind: 'external_opinion',
    assigneeUserId: member.id,
  });

  // Opinions: the chair's first; the member cannot read it before giving their own.
  const opinion = (user: FixtureUser, itemId: string, text: string, result: string) =>
    as(api, user).post(`/external-reviews/${reviewId}/opinions`, { itemId, opinion: text, result });
  await opinion(chair, main.id, '成果指標が目的に合っていない。', 'revise').expect(200);
  let seen = (await as(api, member).get(`/external-reviews/${reviewId}`).expect(200)).body;
  expect(seen.items[0]).toMatchObject({ opinionGiven: false, opinions: [], opinionCount: 1 });
  res = await opinion(member, main.id, '継続が妥当。', 'keep');
  expect(res.status).toBe(400);
  expect(fieldsOf(res)).toEqual(['result']);
  expect(res.body.details[0].messageJa).toContain('現行どおり');
  expect(res.body.details[0].messageJa).not.toContain('as_is');
  expect(res.body.details[0].messageEn).not.toContain('as_is');
  expect((await opinion(hqAdmin, main.id, '本部の意見', 'as_is')).status).toBe(403);
  expect((await opinion(outsider, main.id, '部外の意見', 'as_is')).body.code).toBe('NOT_MEMBER');
  await opinion(member, main.id, '継続が妥当。', 'as_is').expect(200);
  seen = (await opinion(member, main.id, '対象を絞って縮小すべき。', 'reduce').expect(200)).body;
  expectDocumented('ExternalReviewDto', seen);
  expect(seen.items[0].opinions).toEqual([
    expect.objectContaining({ memberUserId: chair.id, result: 'revise', revision: 1 }),
    expect.objectContaining({
      memberUserId: member.id,
      opinion: '対象を絞って縮小すべき。',
      result: 'reduce',
      resultLabel: { ja: '縮小', en: 'Reduce' },
      revision: 2,
    }),
  ]);
  // HQ and auditors read every opinion; the chair has not given one on the other item yet.
  expect(
    (await as(api, auditor).get(`/external-reviews/${reviewId}`).expect(200)).body.items[0].opinions,
  ).toHaveLength(2);
  await opinion(member, other.id, '現行どおりで妥当。', 'as_is').expect(200);
  expect(
    (await as(api, chair).get(`/external-reviews/${reviewId}`).expect(200)).body.items[1].opinions,
  ).toEqual([]);

  // Rulings: only the chair, once per item.
  const ruling = (user: FixtureUser, itemId: string, result: string, reason: string) =>
    as(api, user).post(`/external-reviews/${reviewId}/rulings`, { itemId, result, reason });
  res = await ruling(member, main.id, 'revise', '理由');
  expect(res.status).toBe(403);
  expect(res.body.code).toBe('NOT_CHAIR');
  expect(fieldsOf(await ruling(chair, main.id, 'bad', '理由'))).toEqual(['result']);
  const ruled = (await ruling(chair, main.id, 'revise', '成果指標を見直したうえで継続する。').expect(200))
    .body;
  expect(ruled.items[0].ruling).toMatchObject({
    result: 'revise',
    resultLabel: { ja: '見直し' },
    ruledBy: chair.id,
  });
  res = await ruling(chair, main.id, 'as_is', '再度');
  expect(res.status).toBe(409);
  expect(res.body.code).toBe('ALREADY_RULED');
  res = await opinion(member, main.id, '遅れた意見', 'as_is');
  expect([res.status, res.body.code]).toEqual([409, 'ALREADY_RULED']);
  const done = (await ruling(chair, other.id, 'as_is', '現行どおりで妥当。').expect(200)).body;
  expect(done).toMatchObject({ status: 'ruled', ruledCount: 2 });
  expect(
    (await as(api, member).get('/tasks').expect(200)).body.items.some(
      (t: { id: string }) => t.id === reviewId,
    ),
  ).toBe(false);

  const ledger = await api.dataSource.query(
    `SELECT action, item_id, actor_id, actor_role FROM audit_log
      WHERE tenant_id = $1 AND payload->>'reviewId' = $2 AND action LIKE 'external_review.%' ORDER BY seq`,
    [fx.tenant.id, reviewId],
  );
  expect(ledger.map((e: { action: string; item_id: string | null }) => [e.action, e.item_id])).toEqual([
    ['external_review.created', null],
    ['external_review.opinion_submitted', main.id],
    ['external_review.opinion_submitted', main.id],
    ['external_review.opinion_submitted', main.id],
    ['external_review.opinion_submitted', other.id],
    ['external_review.ruled', main.id],
    ['external_review.ruled', other.id],
  ]);
  expect(ledger[0]).toMatchObject({ actor_id: hqAdmin.id, actor_role: 'hq_admin' });
  expect(ledger[5]).toMatchObject({ actor_id: chair.id, actor_role: 'external_reviewer' });
});

it('chooses the items by a condition: the year’s grade (二次評価, else 一次評価), its 今後の方向性, within a plan', async () => {
  const { leader, otherLeader, hqApprover, hqAdmin } = fx.tenant.users;
  const { main, other } = fx.tenant.items;
  const FY = 2026;
  // 1-1: 一次評価 A, HQ's 二次評価 C, then 継続. 1-2: 一次評価 C and no 二次評価.
  const mainState = await runYearToAct(api, { leader, hqApprover, hqAdmin }, main, FY, { rating: 'C' });
  await as(api, leader)
    .post(`/cycles/${mainState.cycleId}/action`, {
      decision: 'continue',
      budgetProposal: 10_300_000,
      rationale: '効果が確認できたため継続',
    })
    .expect(200);
  await runYearToAct(api, { leader: otherLeader, hqApprover, hqAdmin }, other, FY, {
    evaluation: { selfRating: 'C' },
  });
  const admin = as(api, hqAdmin);
  const round = {
    fiscalYear: FY,
    title: '令和8年度 外部評価（条件で選定）',
    memberUserIds: [chair.id],
    chairUserId: chair.id,
    dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  };
  const chosen = async (select: object) => {
    const created = await admin.post('/external-reviews', { ...round, select }).expect(201);
    return created.body.items.map((i: { itemId: string; grade: string | null; decision: string | null }) => [
      i.itemId,
      i.grade,
      i.decision,
    ]);
  };
  // Resolved at creation and listed by the round with the grade and decision that chose them.
  expect(await chosen({ grade: ['C'] })).toEqual([
    [main.id, 'C', 'continue'],
    [other.id, 'C', null],
  ]);
  expect(await chosen({ decision: ['continue'] })).toEqual([[main.id, 'C', 'continue']]);
  // A condition choosing nothing is a 400 on `select`: 1-1's 一次評価 A gave way to HQ's C; nothing
  // was reduced; another plan; a year without cycles.
  for (const [fiscalYear, select] of [
    [FY, { grade: ['A'] }],
    [FY, { decision: ['reduce'] }],
    [FY, { grade: ['C'], planId: randomUUID() }],
    [FY - 1, { grade: ['C'] }],
  ] as const) {
    const res = await admin.post('/external-reviews', { ...round, fiscalYear, select }).expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['select']);
  }
});
