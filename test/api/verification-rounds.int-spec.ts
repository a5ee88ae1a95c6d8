/**
 * #26 事業検証 through HTTP with a real worker: HQ opens a round (201; 400s naming the fields; 403
 * for anyone but hq_admin); items chosen by 事業区分 and by フルコスト (part A's columns); the team
 * submits 検証結果 + 方向性 (403 outside the team, 400 naming decision / budgetProposal, 409 once
 * submitted); the step is in HQ's approval inbox and decided there (nobody decides their own); the
 * decision's budget effect is in the budget reflection list as an origin 'verification' row with
 * no cycle; the ledger has each step in words. Answers are checked against the OpenAPI document.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { conformanceProblems, type OpenApiDocument } from '../support/openapi-conformance';
import { type ApiTestApp, startApiWithWorker } from './api-test-app';
import { as } from './cycle-helpers';
import { type ApiFixture, createApiFixture } from './fixtures';

let api: ApiTestApp;
let fx: ApiFixture;
let doc: OpenApiDocument;

function expectDocumented(schema: string, body: unknown): void {
  expect(conformanceProblems(doc, schema, body)).toEqual([]);
}
const fieldsOf = (res: { body: { details?: Array<{ field: string }> } }) =>
  (res.body.details ?? []).map((d) => d.field);

beforeAll(async () => {
  api = await startApiWithWorker('api-verification');
  fx = await createApiFixture(api);
  doc = (await api.http().get('/api/docs-json').expect(200)).body;
});

afterAll(async () => {
  await api?.close();
});

it('opens a round, takes the team’s findings, decides them in the approval inbox and reflects the decision', async () => {
  const { hqAdmin, hqApprover, member, leader, otherLeader, auditor } = fx.tenant.users;
  const { main, other } = fx.tenant.items;
  const admin = as(api, hqAdmin);
  const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
  const body = {
    fiscalYear: 2026,
    title: '令和8年度 事業検証',
    itemIds: [main.id],
    teamUserIds: [member.id],
    findingsDueAt: inDays(30),
    decisionDueAt: inDays(60),
  };

  // Refusals: only hq_admin; each bad field named.
  expect((await as(api, leader).post('/verification-rounds', body)).status).toBe(403);
  let res = await admin.post('/verification-rounds', {
    ...body,
    title: '',
    teamUserIds: [randomUUID()],
    findingsDueAt: '2020-01-01T00:00:00Z',
    decisionDueAt: '2019-12-01T00:00:00Z',
  });
  expect(res.status).toBe(400);
  res = await admin.post('/verification-rounds', {
    ...body,
    teamUserIds: [randomUUID()],
    findingsDueAt: '2020-01-01T00:00:00Z',
    decisionDueAt: '2019-12-01T00:00:00Z',
  });
  expect(res.status).toBe(400);
  expect(fieldsOf(res)).toEqual(['teamUserIds[0]', 'findingsDueAt', 'decisionDueAt']);
  expect(res.body.details[0].messageJa).toContain('利用者');
  res = await admin.post('/verification-rounds', { ...body, select: { projectKind: ['city_only'] } });
  expect(fieldsOf(res)).toEqual(['itemIds']);
  res = await admin.post('/verification-rounds', { ...body, itemIds: undefined, select: {} });
  expect(fieldsOf(res)).toEqual(['select']);
  res = await admin.post('/verification-rounds', {
    ...body,
    itemIds: undefined,
    select: { projectKind: ['nope'] },
  });
  expect(res.status).toBe(400);
  expect(fieldsOf(res)[0]).toContain('projectKind');

  // By attributes (part A's columns): 市単独 chooses `other`; フルコスト ≥ 30,000,000 chooses `main`.
  await api.dataSource.query(`UPDATE items SET project_kind = 'city_only' WHERE id = $1`, [other.id]);
  await api.dataSource.query(
    `INSERT INTO item_costs (tenant_id, item_id, fiscal_year, basis, project_cost, staff_fte, unit_cost, staff_cost,
       full_cost, source, set_at) VALUES ($1, $2, 2025, 'actual', 20000000, 1.5, 8000000, 12000000, 32000000, 'check', now())`,
    [fx.tenant.id, main.id],
  );
  res = await admin.post('/verification-rounds', {
    ...body,
    itemIds: undefined,
    title: '市単独の事業',
    select: { projectKind: ['city_only'] },
  });
  expect(res.status).toBe(201);
  expect(res.body.items.map((i: { code: string }) => i.code)).toEqual(['1-2']);
  expect(res.body.criteria).toEqual({ select: { projectKind: ['city_only'] } });
  res = await admin.post('/verification-rounds', {
    ...body,
    itemIds: undefined,
    title: 'フルコストの大きい事業',
    select: { minFullCost: 30_000_000 },
  });
  expect(res.status).toBe(201);
  expect(res.body.items.map((i: { code: string }) => i.code)).toEqual(['1-1']);
  res = await admin.post('/verification-rounds', {
    ...body,
    itemIds: undefined,
    select: { minFullCost: 40_000_000 },
  });
  expect(res.status).toBe(400);
  expect(fieldsOf(res)).toEqual(['select']);

  res = await admin.post('/verification-rounds', body);
  expect(res.status).toBe(201);
  expectDocumented('VerificationRoundDto', res.body);
  const round = res.body;
  expect(round).toMatchObject({
    fiscalYear: 2026,
    status: 'open',
    statusLabel: { ja: '検証中' },
    team: [{ userId: member.id }],
    items: [{ itemId: main.id, code: '1-1', status: 'open', currentAmount: 10_000_000, carriedFrom: null }],
  });

  // Reads: HQ, auditors and the team; anyone else 403 and an empty list.
  expect((await as(api, auditor).get(`/verification-rounds/${round.id}`)).status).toBe(200);
  expect((await as(api, member).get(`/verification-rounds/${round.id}`)).status).toBe(200);
  res = await as(api, otherLeader).get(`/verification-rounds/${round.id}`);
  expect(res.status).toBe(403);
  expect(res.body.code).toBe('NOT_TEAM_MEMBER');
  expect((await as(api, otherLeader).get('/verification-rounds')).body.rounds).toEqual([]);
  res = await as(api, member).get('/verification-rounds?fiscalYear=2026');
  // The member sits on the team of the two rounds chosen by attributes too; the newest first.
  expect(res.body.rounds.map((r: { id: string }) => r.id)).toHaveLength(3);
  expect(res.body.rounds[0].id).toBe(round.id);
  expectDocumented('VerificationRoundListDto', res.body);
  expect((await as(api, fx.otherTenant.users.hqAdmin).get(`/verification-rounds/${round.id}`)).status).toBe(
    404,
  );

  // The round is the team member's task until every item has its findings.
  res = await as(api, member).get('/tasks?status=open');
  expectDocumented('TaskPageDto', res.body);
  expect(
    res.body.items.find((t: { verificationRoundId?: string }) => t.verificationRoundId === round.id),
  ).toMatchObject({
    kind: 'verification',
    id: round.id,
    title: { ja: '事業検証の検証結果（令和8年度 事業検証、未入力1件）' },
    fiscalYear: 2026,
  });

  // The team's findings.
  const findings = { itemId: main.id, findings: '利用者が減っており、規模を縮小する。', decision: 'reduce' };
  res = await as(api, otherLeader).post(`/verification-rounds/${round.id}/findings`, {
    ...findings,
    budgetProposal: 8_000_000,
  });
  expect(res.status).toBe(403);
  expect(res.body.code).toBe('NOT_TEAM_MEMBER');
  res = await as(api, member).post(`/verification-rounds/${round.id}/findings`, {
    ...findings,
    budgetProposal: 12_000_000,
  });
  expect(res.status).toBe(400);
  expect(fieldsOf(res)).toEqual(['budgetProposal']);
  res = await as(api, member).post(`/verification-rounds/${round.id}/findings`, {
    ...findings,
    decision: 'nope',
  });
  expect(fieldsOf(res)).toEqual(['decision']);
  expect(res.body.details[0].messageJa).toContain('縮小');
  res = await as(api, member).post(`/verification-rounds/${round.id}/findings`, {
    ...findings,
    budgetProposal: -1,
  });
  expect(res.status).toBe(400);
  expect(fieldsOf(res)).toEqual(['budgetProposal']);
  res = await as(api, member).post(`/verification-rounds/${round.id}/findings`, {
    ...findings,
    itemId: other.id,
  });
  expect(res.status).toBe(400);
  expect(fieldsOf(res)).toEqual(['itemId']);
  res = await as(api, member).post(`/verification-rounds/${round.id}/findings`, {
    ...findings,
    budgetProposal: 8_000_000,
  });
  expect(res.status).toBe(200);
  expect(res.body.items[0]).toMatchObject({
    status: 'submitted',
    statusLabel: { ja: '本部の決定待ち' },
    submission: { decision: 'reduce', decisionLabel: { ja: '縮小' }, budgetProposal: 8_000_000 },
    submittedBy: member.id,
  });
  res = await as(api, member).post(`/verification-rounds/${round.id}/findings`, {
    ...findings,
    budgetProposal: 8_000_000,
  });
  expect(res.status).toBe(409);
  res = await as(api, member).get('/tasks?status=open');
  expect(
    res.body.items.some((t: { verificationRoundId?: string }) => t.verificationRoundId === round.id),
  ).toBe(false);

  // HQ's approval inbox holds the step; a wg_leader may not decide; HQ decides through the inbox.
  res = await as(api, hqApprover).get('/approvals?status=pending');
  const entry = res.body.items.find(
    (a: { verificationRoundId?: string }) => a.verificationRoundId === round.id,
  );
  expect(entry).toMatchObject({
    submissionKind: 'verification',
    itemId: main.id,
    itemCode: '1-1',
    fiscalYear: 2026,
  });
  expectDocumented('ApprovalPageDto', res.body);
  expect(
    (await as(api, member).post(`/approvals/${entry.id}/decision`, { decision: 'approve' })).status,
  ).toBe(403);
  res = await as(api, hqApprover).post(`/approvals/${entry.id}/decision`, { decision: 'approve' });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({
    id: round.id,
    status: 'decided',
    statusLabel: { ja: '本部の決定済み' },
    items: [
      {
        status: 'approved',
        decision: 'reduce',
        decisionLabel: { ja: '縮小' },
        carriesOver: false,
        reflection: {
          fiscalYear: 2027,
          currentAmount: 10_000_000,
          proposedAmount: 8_000_000,
          delta: -2_000_000,
        },
      },
    ],
  });
  res = await as(api, hqApprover).post(`/verification-rounds/${round.id}/decisions`, {
    approvalId: entry.id,
    decision: 'approve',
  });
  expect(res.status).toBe(409);
  res = await as(api, hqApprover).post(`/verification-rounds/${round.id}/decisions`, {
    approvalId: randomUUID(),
    decision: 'approve',
  });
  expect(res.status).toBe(404);

  // The existing budget reflection list shows the round's decision: origin verification, no cycle.
  res = await as(api, hqAdmin).get('/budget-reflections?fiscalYear=2027');
  expect(res.status).toBe(200);
  expectDocumented('BudgetReflectionPageDto', res.body);
  expect(res.body.items).toEqual([
    expect.objectContaining({
      itemId: main.id,
      itemCode: '1-1',
      origin: 'verification',
      cycleId: null,
      verificationItemId: round.items[0].id,
      sourceFiscalYear: 2026,
      fiscalYear: 2027,
      proposedAmount: 8_000_000,
    }),
  ]);
  // …and it is told as a cycle's reflection is: budget.reflected in the outbox, which mails HQ and
  // goes to every webhook subscribed to it (the budget system), marked as the 事業検証's.
  const told = await api.dataSource.query(
    `SELECT payload FROM outbox WHERE tenant_id = $1 AND type = 'budget.reflected'`,
    [fx.tenant.id],
  );
  expect(told.map((r: { payload: unknown }) => r.payload)).toEqual([
    expect.objectContaining({
      tenantCode: fx.tenant.code,
      itemId: main.id,
      itemCode: '1-1',
      itemTitle: '行政手続のオンライン化',
      cycleId: null,
      origin: 'verification',
      verificationItemId: round.items[0].id,
      sourceFiscalYear: 2026,
      fiscalYear: 2027,
      currentAmount: 10_000_000,
      proposedAmount: 8_000_000,
      delta: -2_000_000,
    }),
  ]);

  // 事業検証結果 for publication: one row per item of the year's rounds, in Japanese.
  expect((await as(api, leader).get('/verification-rounds/results?fiscalYear=2026')).status).toBe(403);
  const file = await as(api, hqAdmin)
    .get('/verification-rounds/results?fiscalYear=2026')
    .responseType('blob')
    .expect(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file.body as unknown as ExcelJS.Buffer);
  const sheet = workbook.getWorksheet('事業検証結果')!;
  expect(sheet.getRow(1).getCell(6).value).toBe('検証結果');
  expect(sheet.rowCount).toBe(4);
  const decided = [2, 3, 4]
    .map((r) => sheet.getRow(r))
    .find((r) => r.getCell(1).value === '令和8年度 事業検証')!;
  expect([4, 6, 7, 8, 9, 10, 11, 12].map((c) => decided.getCell(c).value)).toEqual([
    null,
    '利用者が減っており、規模を縮小する。',
    '縮小',
    '縮小',
    '本部の決定済み',
    10_000_000,
    8_000_000,
    '2027年度',
  ]);
  const byKind = [2, 3, 4].map((r) => sheet.getRow(r)).find((r) => r.getCell(2).value === '1-2')!;
  expect(byKind.getCell(4).value).toBe('市単独');

  // The ledger: each step on the item's timeline, in words.
  const ledger = await api.dataSource.query(
    `SELECT action, actor_role FROM audit_log WHERE tenant_id = $1 AND action LIKE 'verification.%' ORDER BY seq`,
    [fx.tenant.id],
  );
  expect(ledger.map((e: { action: string }) => e.action)).toEqual([
    'verification.created',
    'verification.created',
    'verification.created',
    'verification.submitted',
    'verification.approved',
  ]);
  res = await as(api, hqAdmin).get(`/audit/items/${main.id}/history`);
  expect(res.status).toBe(200);
  const sentences = JSON.stringify(res.body);
  expect(sentences).toContain('検証結果を提出（方向性 縮小');
  expect(sentences).toContain('本部の決定（縮小・2027年度予算へ');
});

it('opens two rounds at once and carries an undecided item into one of them only', async () => {
  // A city of its own, with last year's round behind it: HQ left 1-1 方向性未決定 (carriesOver),
  // as the round's projection records an approved decision.
  const city = await createApiFixture(api);
  const { hqAdmin, member } = city.tenant.users;
  const { main, other } = city.tenant.items;
  const lastRound = randomUUID();
  const undecided = randomUUID();
  await api.dataSource.query(
    `INSERT INTO verification_rounds (id, tenant_id, fiscal_year, title, criteria, findings_due_at,
       decision_due_at, status, workflow_id, created_by, created_at, decided_at, updated_at)
     VALUES ($1, $2, 2025, '令和7年度 事業検証', '{}', now(), now(), 'decided', $3, $4, now(), now(), now())`,
    [lastRound, city.tenant.id, `verification/${city.tenant.code}/${lastRound}`, hqAdmin.id],
  );
  await api.dataSource.query(
    `INSERT INTO verification_items (id, tenant_id, round_id, item_id, fiscal_year, workflow_id, position,
       current_amount, status, decision, carries_over, approved_at, updated_at)
     VALUES ($1, $2, $3, $4, 2025, $5, 0, 10000000, 'approved', 'undecided', true, now(), now())`,
    [undecided, city.tenant.id, lastRound, main.id, `verification/${city.tenant.code}/${lastRound}`],
  );

  // HQ opens two rounds of this year at the same moment (two tabs, or two API processes).
  const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
  const open = (title: string) =>
    as(api, hqAdmin).post('/verification-rounds', {
      fiscalYear: 2026,
      title,
      itemIds: [other.id],
      teamUserIds: [member.id],
      findingsDueAt: inDays(30),
      decisionDueAt: inDays(60),
    });
  const answers = await Promise.all([open('令和8年度 事業検証（前期）'), open('令和8年度 事業検証（後期）')]);

  // Both open, and the undecided item is in exactly one of them, with its history.
  expect(answers.map((r) => r.status)).toEqual([201, 201]);
  const carriedIn = answers.map((r) =>
    (r.body.items as Array<{ itemId: string; carriedFrom: { verificationItemId: string } | null }>)
      .filter((i) => i.carriedFrom)
      .map((i) => [i.itemId, i.carriedFrom!.verificationItemId]),
  );
  expect(carriedIn.flat()).toEqual([[main.id, undecided]]);
  const [{ count }] = await api.dataSource.query(
    'SELECT count(*)::int AS count FROM verification_items WHERE carried_from = $1',
    [undecided],
  );
  expect(count).toBe(1);
}, 120_000);
