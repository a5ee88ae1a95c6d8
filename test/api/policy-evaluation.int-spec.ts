/**
 * #24 施策評価 through HTTP with a real worker: HQ names the node's owner, starts the year's
 * evaluations (the city's date has passed, so it opens at once and names the items not approved
 * yet), the owner submits (a non-owner leader gets 403, an unknown field a 400 naming it), HQ
 * approves in two steps (推進リーダー → 本部長, one person per step), and the ledger and the
 * node's timeline show each step. Every answer is checked against the OpenAPI document.
 */
import { DEFAULT_POLICY_EVALUATION_SETTINGS, TWO_STEP_APPROVAL_POLICY } from '@pdca/domain';
import ExcelJS from 'exceljs';
import { conformanceProblems, type OpenApiDocument } from '../support/openapi-conformance';
import { type ApiTestApp, startApiWithWorker } from './api-test-app';
import {
  approverAs,
  as,
  evaluationBody,
  eventually,
  openScheduledEarly,
  planBody,
  startCycle,
} from './cycle-helpers';
import { type ApiFixture, createApiFixture } from './fixtures';

const FY = 2026;
/** The owner's submission (the node indicator's result apart: its id is known only at run time). */
const SUBMISSION = {
  rating: 'B',
  reason: '1項目は目標達成、2項目は評価中',
  issues: '評価の遅れ',
  direction: '継続して推進する',
};
const INDICATOR_RESULT = { actual: 280, reason: '電子申請が定着した' };
let api: ApiTestApp;
let fx: ApiFixture;
let doc: OpenApiDocument;

function expectDocumented(schema: string, body: unknown): void {
  expect(conformanceProblems(doc, schema, body)).toEqual([]);
}

beforeAll(async () => {
  api = await startApiWithWorker('api-policy-eval');
  fx = await createApiFixture(api, { reviewCadence: 'yearly' });
  doc = (await api.http().get('/api/docs-json').expect(200)).body;
  // The city evaluates its second level (the themes), approves in two steps, and opens the 施策評価
  // on 1 April of the year itself at the latest (already past: it opens when started).
  await api.dataSource.query('UPDATE tenants SET settings = $2 WHERE id = $1', [
    fx.tenant.id,
    JSON.stringify({
      approvalPolicy: TWO_STEP_APPROVAL_POLICY,
      policyEvaluation: { ...DEFAULT_POLICY_EVALUATION_SETTINGS, level: 2 },
      calendar: { policyEvaluationOpen: { yearOffset: 0, month: 4, day: 1 } },
    }),
  ]);
});

afterAll(async () => {
  await api?.close();
});

it('runs a node’s 施策評価 from its owner to HQ’s two-step approval, in the ledger', async () => {
  const { leader, member, hqApprover, leaderApprover, hqAdmin, auditor } = fx.tenant.users;
  const admin = as(api, hqAdmin);
  const plan = (await admin.get(`/plans/${fx.tenant.planId}`).expect(200)).body;
  const goal = plan.nodes[0];
  const theme = goal.children[0];
  expect(theme.ownerUserId).toBeNull();

  // The main item's year through CHECK (two steps each), so the evaluation has a result beside it.
  const item = fx.tenant.items.main;
  const lead = as(api, leader);
  const approveTwice = async (state: { approvals: Array<{ id: string; status: string }> }) =>
    approverAs(api, leaderApprover)(await approverAs(api, hqApprover)(state));
  const cycleId = (await startCycle(api, hqAdmin, item, FY)).id;
  let cycle = (await lead.post(`/cycles/${cycleId}/plan`, planBody(item)).expect(200)).body;
  cycle = await openScheduledEarly(api, hqAdmin, await approveTwice(cycle));
  const review = cycle.tasks.find((t: { kind: string }) => t.kind === 'review');
  await lead.post(`/cycles/${cycleId}/reviews/${review.id}`, {
    periodIndex: 1,
    progress: 100,
    status: 'on_track',
  });
  cycle = (await lead.post(`/cycles/${cycleId}/execution-report`, { summary: '実施した。' }).expect(200))
    .body;
  cycle = await openScheduledEarly(api, hqAdmin, await approveTwice(cycle));
  cycle = (
    await lead.post(`/cycles/${cycleId}/evaluation`, { ...evaluationBody(item), grade: 'A' }).expect(200)
  ).body;
  cycle = await approveTwice(cycle);
  expect(cycle.stage).toBe('ACT');

  // Owners: only on the evaluated level, only a wg_leader of the city; the same owner twice changes nothing.
  const refusedLevel = await admin.put(`/plan-nodes/${goal.id}/owner`, {
    ownerUserId: member.id,
    reason: '人事',
  });
  expect(refusedLevel.status).toBe(409);
  expect(refusedLevel.body.code).toBe('NOT_EVALUATED_LEVEL');
  const refusedUser = await admin.put(`/plan-nodes/${theme.id}/owner`, {
    ownerUserId: auditor.id,
    reason: '人事',
  });
  expect(refusedUser.status).toBe(400);
  expect(refusedUser.body.details.map((d: { field: string }) => d.field)).toEqual(['ownerUserId']);
  const assigned = (
    await admin
      .put(`/plan-nodes/${theme.id}/owner`, { ownerUserId: member.id, reason: '4月1日付の人事' })
      .expect(200)
  ).body;
  expect(assigned).toMatchObject({ nodeId: theme.id, ownerUserId: member.id, changed: true, level: 2 });
  expectDocumented('NodeOwnerResultDto', assigned);
  expect(
    (await admin.put(`/plan-nodes/${theme.id}/owner`, { ownerUserId: member.id, reason: '再送' }).expect(200))
      .body.changed,
  ).toBe(false);
  expect(
    (await admin.get(`/plans/${fx.tenant.planId}`).expect(200)).body.nodes[0].children[0].ownerUserId,
  ).toBe(member.id);

  // The node's own indicator (成果指標), which its owner reports on.
  const [{ id: nodeIndicator }] = await api.dataSource.query(
    `INSERT INTO indicators (tenant_id, node_id, name, unit, baseline, targets) VALUES ($1, $2, '電子申請件数', '件', 100, '{"2026": 300}') RETURNING id`,
    [fx.tenant.id, theme.id],
  );

  // HQ starts the year's evaluations by hand (idempotent); it opens at once on the past date.
  expect((await admin.post('/policy-evaluations/start', { fiscalYear: FY }).expect(200)).body).toEqual({
    fiscalYear: FY,
    running: 1,
    closed: 0,
  });
  expect((await admin.post('/policy-evaluations/start', { fiscalYear: FY }).expect(200)).body.running).toBe(
    1,
  );
  const owner = as(api, member);
  const listed = await eventually(async () => {
    const page = (await owner.get(`/policy-evaluations?fiscalYear=${FY}&nodeId=${theme.id}`).expect(200))
      .body;
    return page.items[0]?.status === 'open' ? page : undefined;
  });
  expectDocumented('PolicyEvaluationPageDto', listed);
  const summary = listed.items[0];
  expect(summary).toMatchObject({ openedBy: 'date', ownerUserId: member.id, rating: null, round: 0 });
  expect(summary.itemsPending.map((i: { itemCode: string }) => i.itemCode)).toEqual(['1-2', '1-3']);

  // A new owner reaches the running evaluation at once (and back again).
  const ownerOf = async (userId: string) =>
    eventually(async () => {
      const row = (await admin.get(`/policy-evaluations/${summary.id}`).expect(200)).body;
      return row.ownerUserId === userId ? row : undefined;
    });
  const { otherLeader } = fx.tenant.users;
  const moved = await admin.put(`/plan-nodes/${theme.id}/owner`, {
    ownerUserId: otherLeader.id,
    reason: '兼務',
  });
  expect(moved.body).toMatchObject({ changed: true, evaluationsUpdated: 1 });
  await ownerOf(otherLeader.id);
  await admin
    .put(`/plan-nodes/${theme.id}/owner`, { ownerUserId: member.id, reason: '兼務解除' })
    .expect(200);
  await ownerOf(member.id);

  // The owner enters the node indicator's actual (主要目標); another leader may not.
  const actual = { value: 280, source: '電子申請システム集計', asOf: '2026-04-30' };
  await owner.put(`/indicators/${nodeIndicator}/actuals/${FY}`, actual).expect(200);
  expect((await as(api, otherLeader).put(`/indicators/${nodeIndicator}/actuals/${FY}`, actual)).status).toBe(
    403,
  );

  // The owner's inbox has it; the one item's results stand beside it.
  const tasks = (await owner.get('/tasks?mine=true&status=open').expect(200)).body;
  expectDocumented('TaskPageDto', tasks);
  expect(tasks.items.find((t: { kind: string }) => t.kind === 'policy_evaluation')).toMatchObject({
    policyEvaluationId: summary.id,
    node: { nodeId: theme.id, code: '1-A', level: 2 },
    cycleId: null,
    status: 'open',
  });
  const detail = (await owner.get(`/policy-evaluations/${summary.id}`).expect(200)).body;
  expectDocumented('PolicyEvaluationDto', detail);
  expect(
    detail.items.map((i: { itemCode: string; evaluationApproved: boolean }) => [
      i.itemCode,
      i.evaluationApproved,
    ]),
  ).toEqual([
    ['1-1', true],
    ['1-2', false],
    ['1-3', false],
  ]);
  expect(detail.items[0]).toMatchObject({ selfRating: 'A', grade: 'A', hqRating: null, cycleId });
  expect(detail.items[0].indicators.map((i: { actual: number }) => i.actual)).toEqual([52, 14]);

  const body = { ...SUBMISSION, indicators: [{ indicatorId: nodeIndicator, ...INDICATOR_RESULT }] };
  const notOwner = await lead.post(`/policy-evaluations/${summary.id}`, body);
  expect(notOwner.status).toBe(403);
  expect(notOwner.body.code).toBe('NOT_ALLOWED');
  const unknown = await owner.post(`/policy-evaluations/${summary.id}`, { ...body, score: 3 });
  expect(unknown.status).toBe(400);
  expect(unknown.body.details.map((d: { field: string }) => d.field)).toEqual(['score']);
  const offScale = await owner.post(`/policy-evaluations/${summary.id}`, { ...body, rating: 'S' });
  expect(offScale.status).toBe(400);
  expect(offScale.body.details[0]).toMatchObject({
    field: 'rating',
    rule: 'one_of',
    messageJa: expect.stringContaining('担当部評価'),
  });
  // 差戻しへの回答 has the item forms' length (RETURN_ANSWER_MAX_LENGTH, 2000).
  const longAnswer = await owner.post(`/policy-evaluations/${summary.id}`, {
    ...body,
    returnAnswer: '回'.repeat(2001),
  });
  expect(longAnswer.status).toBe(400);
  expect(longAnswer.body.details.map((d: { field: string }) => d.field)).toEqual(['returnAnswer']);
  const submitted = (await owner.post(`/policy-evaluations/${summary.id}`, body).expect(200)).body;
  expect(submitted).toMatchObject({
    status: 'submitted',
    round: 1,
    rating: 'B',
    submittedBy: member.id,
    submittedByName: member.displayName,
  });

  // HQ's inbox lists the step; two people decide the two steps.
  const inbox = (await as(api, hqApprover).get('/approvals?status=pending').expect(200)).body;
  expectDocumented('ApprovalPageDto', inbox);
  const step1 = inbox.items.find((a: { submissionKind: string }) => a.submissionKind === 'policy_evaluation');
  expect(step1).toMatchObject({
    policyEvaluationId: summary.id,
    stepKey: 'promotion_leader',
    stage: null,
    cycleId: null,
  });
  const afterStep1 = (
    await as(api, hqApprover).post(`/approvals/${step1.id}/decision`, { decision: 'approve' }).expect(200)
  ).body;
  expectDocumented('PolicyEvaluationDto', afterStep1);
  const step2 = afterStep1.approvals.find((a: { status: string }) => a.status === 'pending');
  expect(step2.stepKey).toBe('hq_director');
  const twice = await as(api, hqApprover).post(`/approvals/${step2.id}/decision`, { decision: 'approve' });
  expect(twice.status).toBe(403);
  const approved = (
    await as(api, leaderApprover).post(`/approvals/${step2.id}/decision`, { decision: 'approve' }).expect(200)
  ).body;
  expect(approved).toMatchObject({ status: 'approved', rating: 'B' });

  // The node's timeline (and so the ledger) shows each step with who, in which role.
  const history = (await as(api, auditor).get(`/audit/nodes/${theme.id}/history`).expect(200)).body;
  expectDocumented('NodeHistoryDto', history);
  expect(
    history.entries.map((e: { action: string; actorName: string | null; actorRole: string | null }) => [
      e.action,
      e.actorName,
      e.actorRole,
    ]),
  ).toEqual([
    ['node.owner_assigned', hqAdmin.displayName, 'hq_admin'],
    ['policy_evaluation.started', null, null],
    ['policy_evaluation.opened', null, null],
    ['node.owner_assigned', hqAdmin.displayName, 'hq_admin'],
    ['policy_evaluation.owner_changed', null, null],
    ['node.owner_assigned', hqAdmin.displayName, 'hq_admin'],
    ['policy_evaluation.owner_changed', null, null],
    ['indicator.actual_recorded', member.displayName, 'wg_leader'],
    ['policy_evaluation.submitted', member.displayName, 'wg_leader'],
    ['policy_evaluation.approved', hqApprover.displayName, 'hq_approver'],
    ['policy_evaluation.approved', leaderApprover.displayName, 'hq_approver'],
  ]);
  expect(history.entries[0]).toMatchObject({
    comment: '4月1日付の人事',
    payload: { before: { ownerUserId: null }, after: { ownerUserId: member.id } },
  });
  const outbox = await api.dataSource.query(`SELECT type FROM outbox WHERE event_key LIKE $1 ORDER BY id`, [
    `policy-eval/${fx.tenant.code}/${theme.id}/${FY}#%`,
  ]);
  expect(outbox.map((o: { type: string }) => o.type)).toEqual([
    'policy_evaluation.opened',
    'policy_evaluation.approval_requested',
    'policy_evaluation.approval_requested',
    'policy_evaluation.approved',
  ]);
});

/** The text of the value cell of the row whose data-field is `key`. */
const field = (html: string, key: string) =>
  html.match(new RegExp(`data-field="${key}"><th>[^<]*</th><td[^>]*>([^<]*)</td>`))?.[1];

it('prints the approved 施策評価 as its 施策評価シート (html and xlsx), names left out for publication', async () => {
  const { leader, member, hqApprover, leaderApprover, hqAdmin, auditor } = fx.tenant.users;
  const theme = (await as(api, hqAdmin).get(`/plans/${fx.tenant.planId}`).expect(200)).body.nodes[0]
    .children[0];
  const url = (query: string) => `/plan-nodes/${theme.id}/policy-evaluation-sheet?fiscalYear=${FY}${query}`;
  const res = await as(api, member).get(url('')).expect(200);
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(res.headers['content-security-policy']).toContain("default-src 'none'");
  const html: string = res.text;
  expect(html).toContain('<title>施策評価シート 令和8年度（2026年度）</title>');
  expect(field(html, 'code')).toBe('1-A');
  expect(field(html, 'title')).toBe(theme.title);
  expect(field(html, 'owner')).toBe(member.displayName);
  expect(field(html, 'status')).toBe('承認済み');
  const grade = DEFAULT_POLICY_EVALUATION_SETTINGS.scale.find((g) => g.code === SUBMISSION.rating)!;
  expect(field(html, 'rating')).toBe(`B（${grade.label.ja}）`);
  expect(field(html, 'reason')).toBe(SUBMISSION.reason);
  expect(field(html, 'issues')).toBe(SUBMISSION.issues);
  expect(field(html, 'direction')).toBe(SUBMISSION.direction);
  // The node indicator: the year's target (300, inserted above), the owner's actual and reason.
  expect(html).toContain(
    `<tr data-row="indicator0"><th>電子申請件数</th><td data-col="unit">件</td><td class="num" data-col="target">300</td><td class="num" data-col="actual">${INDICATOR_RESULT.actual}</td><td data-col="reason">${INDICATOR_RESULT.reason}</td></tr>`,
  );
  expect([...html.matchAll(/<tr data-row="(1-\d)">/g)].map((m) => m[1])).toEqual(['1-1', '1-2', '1-3']);
  expect(html).toMatch(/<tr data-row="1-1">[^\n]*<td data-col="firstEvaluation">A[（<]/);
  // HQ's two approvals, dated, each with who decided it.
  expect(field(html, 'decision0')).toBe('—');
  expect(html).toContain(hqApprover.displayName);
  expect(html).toContain(leaderApprover.displayName);

  const published: string = (await as(api, auditor).get(url('&publication=true')).expect(200)).text;
  for (const name of [member.displayName, hqApprover.displayName, leaderApprover.displayName]) {
    expect(published).not.toContain(name);
  }
  expect(field(published, 'reason')).toBe(SUBMISSION.reason);

  const xlsx = await as(api, hqAdmin).get(url('&format=xlsx&lang=en')).responseType('blob').expect(200);
  expect(xlsx.headers['content-disposition']).toContain('policy-evaluation-sheet-1-A-2026.xlsx');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(xlsx.body as ExcelJS.Buffer);
  const rows = new Map<string, unknown[]>();
  book.worksheets[0]!.eachRow((row) =>
    rows.set(String(row.getCell(1).value), (row.values as unknown[]).slice(2)),
  );
  expect(rows.get('Director’s rating')?.[0]).toBe(`B (${grade.label.en})`);
  expect(rows.get('Reasons for the rating')?.[0]).toBe(SUBMISSION.reason);
  expect(rows.get('電子申請件数')?.slice(0, 4)).toEqual([
    '件',
    300,
    INDICATOR_RESULT.actual,
    INDICATOR_RESULT.reason,
  ]);

  // The 進捗管理表 gains a 施策評価 sheet: one row for the node, the 担当部長 only when not for publication.
  const report = async (publication: boolean) => {
    const res = await as(api, hqAdmin)
      .get(
        `/plans/${fx.tenant.planId}/progress-report?fiscalYear=${FY}&format=xlsx&publication=${publication}`,
      )
      .responseType('blob')
      .expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('施策評価')!;
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    return { header: values(1), rows: sheet.rowCount - 1, row: values(2) };
  };
  const internal = await report(false);
  expect(internal.header.join('|')).toBe(
    '番号|施策|階層|担当部評価|評価の理由|施策実現のための課題|今後の方向性|状況|担当部長',
  );
  expect(internal.rows).toBe(1);
  const { reason, issues, direction } = SUBMISSION;
  const row = ['1-A', theme.title, expect.any(String), `B（${grade.label.ja}）`, reason, issues, direction];
  expect(internal.row).toEqual([...row, '承認済み', member.displayName]);
  const forPublication = await report(true);
  expect(forPublication.header).not.toContain('担当部長');
  expect(forPublication.row).toEqual(internal.row.slice(0, -1));

  // An edition of the year freezes the node's sheet too, for publication (no names).
  const edition = (
    await as(api, hqAdmin)
      .post(`/plans/${fx.tenant.planId}/editions`, {
        fiscalYear: FY,
        title: '公表版',
        reason: '施策評価の公表',
      })
      .expect(201)
  ).body;
  const names = edition.files.map((f: { name: string }) => f.name);
  expect(names).toEqual(
    expect.arrayContaining(['policy-evaluation-sheet-1-A.html', 'policy-evaluation-sheet-1-A.xlsx']),
  );
  const frozen: string = (
    await as(api, auditor)
      .get(`/plans/${fx.tenant.planId}/editions/${edition.id}/files/policy-evaluation-sheet-1-A.html`)
      .expect(200)
  ).text;
  expect(field(frozen, 'reason')).toBe(SUBMISSION.reason);
  expect(frozen).not.toContain(member.displayName);

  // Another leader may not; a year without an evaluation is a 404; a bad format a 400 naming it.
  expect((await as(api, leader).get(url('')).expect(403)).body.code).toBe('NOT_NODE_OWNER');
  await as(api, hqAdmin).get(`/plan-nodes/${theme.id}/policy-evaluation-sheet?fiscalYear=2030`).expect(404);
  const bad = await as(api, hqAdmin).get(url('&format=pdf')).expect(400);
  expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(['format']);
});
