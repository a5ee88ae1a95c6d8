/**
 * One whole fiscal-year cycle driven only through the HTTP API, with a real worker: HQ starts it,
 * the leader submits and HQ approves each stage, and the approved Act decision ends as exactly
 * one budget reflection at GET /budget-reflections.
 */
import { conformanceProblems, type OpenApiDocument } from '../support/openapi-conformance';
import { type ApiTestApp, startApiWithWorker } from './api-test-app';
import {
  approverAs,
  as,
  evaluationBody,
  eventually,
  FY,
  openScheduledEarly,
  pendingApprovalId,
  planBody,
  startCycle,
} from './cycle-helpers';
import { type ApiFixture, createApiFixture } from './fixtures';

let api: ApiTestApp;
let fx: ApiFixture;
let doc: OpenApiDocument;

/** The answer is what the OpenAPI document (and so the web app's generated types) says. */
function expectDocumented(schema: 'CycleStateDto' | 'CycleDto', body: unknown): void {
  expect(conformanceProblems(doc, schema, body)).toEqual([]);
}

beforeAll(async () => {
  api = await startApiWithWorker('api-full-cycle');
  // The plan ends with this fiscal year, so the cycle closes instead of starting the next one.
  fx = await createApiFixture(api, { periodEndFy: FY });
  doc = (await api.http().get('/api/docs-json').expect(200)).body;
});

afterAll(async () => {
  await api?.close();
});

it('runs PLAN → DO → CHECK → ACT → budget reflection through the API alone', async () => {
  const { leader, hqApprover, hqAdmin, auditor } = fx.tenant.users;
  const item = fx.tenant.items.main;
  const lead = as(api, leader);
  const hq = as(api, hqApprover);
  const approve = approverAs(api, hqApprover);

  const cycle = await startCycle(api, hqAdmin, item);
  const cycleId = cycle.id;

  // PLAN: submitted, returned with a comment, resubmitted, approved.
  let state = (await lead.post(`/cycles/${cycleId}/plan`, planBody(item)).expect(200)).body;
  state = (
    await hq
      .post(`/approvals/${pendingApprovalId(state)}/decision`, {
        decision: 'return',
        comment: '目標値の根拠を追記してください',
      })
      .expect(200)
  ).body;
  expect(state).toMatchObject({ stage: 'PLAN', status: 'returned' });
  const myTasks = (await lead.get('/tasks?mine=true&status=open').expect(200)).body.items;
  expect(myTasks.map((t: { kind: string }) => t.kind)).toEqual(['plan']);
  state = (
    await lead
      .post(`/cycles/${cycleId}/plan`, { ...planBody(item), activities: ['根拠を追記した計画'] })
      .expect(200)
  ).body;
  expectDocumented('CycleStateDto', state);
  state = await approve(state);
  expect(state.stage).toBe('DO');

  // DO: the quarterly reviews, then the execution report. They open months from now (FY2027):
  // before then they are scheduled and refused; HQ opens them early.
  expect(
    state.tasks
      .filter((t: { status: string }) => t.status === 'scheduled')
      .map((t: { kind: string }) => t.kind),
  ).toEqual(['review', 'review', 'review', 'review', 'execution_report']);
  state = await openScheduledEarly(api, hqAdmin, state);
  const reviews = state.tasks.filter((t: { kind: string }) => t.kind === 'review');
  expect(reviews).toHaveLength(4);
  for (const review of reviews) {
    state = (
      await lead
        .post(`/cycles/${cycleId}/reviews/${review.id}`, {
          periodIndex: review.periodIndex,
          progress: review.periodIndex * 25,
          status: 'on_track',
          indicators: [{ indicatorId: item.indicatorIds[0], value: 20 + review.periodIndex * 8 }],
        })
        .expect(200)
    ).body;
  }
  state = (
    await lead.post(`/cycles/${cycleId}/execution-report`, { summary: '計画どおり実施した。' }).expect(200)
  ).body;
  expect(state.reviews).toHaveLength(4);
  expectDocumented('CycleStateDto', state);
  state = await approve(state);
  expect(state.stage).toBe('CHECK');
  state = await openScheduledEarly(api, hqAdmin, state);

  // CHECK: evaluation, approved with HQ's own rating.
  state = (await lead.post(`/cycles/${cycleId}/evaluation`, evaluationBody(item)).expect(200)).body;
  expect(state.evaluation.results).toHaveLength(2);
  expectDocumented('CycleStateDto', state);
  state = await approve(state, { rating: 'B', comment: '概ね達成' });
  expect(state.stage).toBe('ACT');
  expect(state.evaluation.hqRating).toBe('B');

  // ACT: continue with a small adjustment; approval leads to the budget reflection.
  state = (
    await lead
      .post(`/cycles/${cycleId}/action`, {
        decision: 'continue',
        budgetProposal: 10_300_000,
        rationale: '効果が確認できたため継続',
      })
      .expect(200)
  ).body;
  expectDocumented('CycleStateDto', await approve(state));

  const reflections = await eventually(async () => {
    const res = await as(api, auditor)
      .get(`/budget-reflections?fiscalYear=${FY + 1}`)
      .expect(200);
    return res.body.total > 0 ? res.body : undefined;
  });
  expect(reflections.total).toBe(1);
  expect(reflections.items[0]).toMatchObject({
    cycleId,
    itemId: item.id,
    itemCode: '1-1',
    sourceFiscalYear: FY,
    fiscalYear: FY + 1,
    decision: 'continue',
    currentAmount: 10_000_000,
    proposedAmount: 10_300_000,
    delta: 300_000,
    rule: 'continue.adjusted',
    ruleDescription: { ja: expect.any(String), en: expect.any(String) },
  });
  // Exactly one, whoever asks and however it is filtered.
  expect((await as(api, hqAdmin).get('/budget-reflections').expect(200)).body.total).toBe(1);
  expect(
    (await as(api, fx.otherTenant.users.auditor).get('/budget-reflections').expect(200)).body.total,
  ).toBe(0);

  const closed = await eventually(async () => {
    const res = await as(api, auditor).get(`/cycles/${cycleId}`).expect(200);
    return res.body.status === 'closed' || res.body.status === 'completed' ? res.body : undefined;
  });
  expect(closed).toMatchObject({
    stage: 'ACT',
    hqRating: 'B',
    budgetReflection: expect.objectContaining({ fiscalYear: FY + 1 }),
  });
  expect(closed.decision).toMatchObject({ payload: expect.objectContaining({ decision: 'continue' }) });
  // Everything the cycle read answers is typed: plan, report, evaluation, decision, each round's payload.
  expectDocumented('CycleDto', closed);
  expect(closed.approvals.every((a: { payload: unknown }) => a.payload !== null)).toBe(true);
  expect(closed.approvals.filter((a: { status: string }) => a.status === 'approved')).toHaveLength(4);
  expect(closed.approvals.filter((a: { status: string }) => a.status === 'returned')).toHaveLength(1);

  // A finished cycle takes no more commands.
  const late = await lead
    .post(`/cycles/${cycleId}/action`, { decision: 'expand', budgetProposal: 1, rationale: 'x' })
    .expect(409);
  expect(late.body.code).toBe('CLOSED');
  await as(api, hqAdmin).post(`/items/${item.id}/cycles`, { fiscalYear: FY }).expect(409);
});
