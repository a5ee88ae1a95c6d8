/**
 * #25 市の対応方針 through HTTP with a real worker: the response the round's workflow would start
 * (started here directly) is the item's leader's task; the leader submits (another leader 403, bad
 * fields 400 naming them), HQ returns and approves through POST /approvals/{id}/decision from its
 * inbox; the item's next fiscal year's cycle carries the approved response, and the leader's
 * follow-up (対応方針の実施状況) is written once with its ledger entry and shown there to HQ. Every
 * answer is checked against the OpenAPI document.
 */
import {
  EXTERNAL_RESPONSE_WORKFLOW_TYPE,
  externalResponseStartedUpdate,
  externalResponseWorkflowId,
} from '@pdca/contracts';
import { connectClient } from '../support/cycle-client';
import { ruledItemFixture } from '../support/external-response-fixtures';
import { conformanceProblems, type OpenApiDocument } from '../support/openapi-conformance';
import { type ApiTestApp, startApiWithWorker } from './api-test-app';
import { as, startCycle } from './cycle-helpers';
import { type ApiFixture, createApiFixture } from './fixtures';

let api: ApiTestApp & { taskQueue: string };
let fx: ApiFixture;
let doc: OpenApiDocument;

function expectDocumented(schema: string, body: unknown): void {
  expect(conformanceProblems(doc, schema, body)).toEqual([]);
}
const fieldsOf = (body: { details?: Array<{ field: string }> }) =>
  (body.details ?? []).map((d) => d.field).sort();

beforeAll(async () => {
  api = await startApiWithWorker('api-ext-response');
  fx = await createApiFixture(api, { reviewCadence: 'yearly' });
  doc = (await api.http().get('/api/docs-json').expect(200)).body;
});

afterAll(async () => {
  await api?.close();
});

it('takes the leader’s response through HQ’s inbox to the next year’s cycle and its follow-up', async () => {
  const { leader, otherLeader, hqApprover, hqAdmin } = fx.tenant.users;
  const item = fx.tenant.items.main;
  const input = await ruledItemFixture(
    api.dataSource,
    { tenantId: fx.tenant.id, tenantCode: fx.tenant.code, itemId: item.id, chairUserId: hqAdmin.id },
    2025,
  );
  const client = await connectClient();
  try {
    const h = await client.workflow.start(EXTERNAL_RESPONSE_WORKFLOW_TYPE, {
      workflowId: externalResponseWorkflowId(fx.tenant.code, input.reviewId, input.itemId),
      taskQueue: api.taskQueue,
      args: [input],
    });
    await h.executeUpdate(externalResponseStartedUpdate);
  } finally {
    await client.connection.close();
  }
  const id = input.responseId;
  const lead = as(api, leader);
  const other = as(api, otherLeader);
  const hq = as(api, hqApprover);

  // The leader's task and list; another leader sees none of it.
  const listed = (await lead.get('/external-responses?fiscalYear=2025').expect(200)).body;
  expectDocumented('ExternalResponsePageDto', listed);
  expect(listed.items).toEqual([
    expect.objectContaining({
      id,
      status: 'open',
      item: { itemId: item.id, code: item.code, title: expect.any(String) },
      ruling: expect.objectContaining({
        result: 'revise',
        resultLabel: { ja: '見直し', en: expect.any(String) },
      }),
    }),
  ]);
  expect((await other.get('/external-responses').expect(200)).body.items).toEqual([]);
  expect((await other.get(`/external-responses/${id}`).expect(403)).body.code).toBe('NOT_LEADER');
  const tasks = (await lead.get('/tasks').expect(200)).body;
  expectDocumented('TaskPageDto', tasks);
  expect(tasks.items).toContainEqual(
    expect.objectContaining({
      id,
      kind: 'external_response',
      status: 'open',
      externalResponseId: id,
      itemId: item.id,
    }),
  );

  // The submission: the leader only, each broken field named.
  const submission = {
    response: '利用状況を踏まえ、開館日を見直す。',
    expectedEffect: 3_000_000,
    timing: '令和8年度から',
  };
  expect((await other.post(`/external-responses/${id}`, submission).expect(403)).body.code).toBe(
    'NOT_ALLOWED',
  );
  const bad = await lead
    .post(`/external-responses/${id}`, { response: 'x', timing: 'あ'.repeat(101), expectedEffect: -1 })
    .expect(400);
  expect(fieldsOf(bad.body)).toEqual(['expectedEffect', 'timing']);
  expect(bad.body.details[0].messageJa).toBeTruthy();
  expect(
    fieldsOf(
      (await lead.post(`/external-responses/${id}`, { response: ' ', timing: '来年度' }).expect(400)).body,
    ),
  ).toEqual(['response']);
  const submitted = (await lead.post(`/external-responses/${id}`, submission).expect(200)).body;
  expectDocumented('ExternalResponseDto', submitted);
  expect(submitted).toMatchObject({
    status: 'submitted',
    round: 1,
    submission,
    submittedByName: leader.displayName,
  });

  // HQ decides from its inbox through the approvals endpoint: a return needs a comment.
  const inbox = (await hq.get('/approvals?status=pending').expect(200)).body;
  expectDocumented('ApprovalPageDto', inbox);
  const step = inbox.items.find((a: { externalResponseId?: string }) => a.externalResponseId === id);
  expect(step).toMatchObject({
    submissionKind: 'external_response',
    itemId: item.id,
    cycleId: null,
    status: 'pending',
  });
  const noComment = await hq.post(`/approvals/${step.id}/decision`, { decision: 'return' }).expect(400);
  expect(fieldsOf(noComment.body)).toEqual(['comment']);
  const returned = (
    await hq
      .post(`/approvals/${step.id}/decision`, { decision: 'return', comment: '効果見込額の根拠を' })
      .expect(200)
  ).body;
  expectDocumented('ExternalResponseDto', returned);
  expect(returned.status).toBe('returned');
  const returnAnswer = '開館日1日あたりの人件費から積算しました。';
  const again = (
    await lead
      .post(`/external-responses/${id}`, { ...submission, expectedEffect: 2_400_000, returnAnswer })
      .expect(200)
  ).body;
  const pending = again.approvals.find((a: { status: string }) => a.status === 'pending');
  const approved = (await hq.post(`/approvals/${pending.id}/decision`, { decision: 'approve' }).expect(200))
    .body;
  expect(approved).toMatchObject({ status: 'approved', round: 2, submission: { returnAnswer } });

  // The next fiscal year's cycle carries it; the round's own year does not.
  const next = await startCycle(api, hqAdmin, item, 2026);
  const cycle = (await as(api, hqAdmin).get(`/cycles/${next.id}`).expect(200)).body;
  expectDocumented('CycleDto', cycle);
  expect(cycle.externalResponses).toEqual([
    expect.objectContaining({
      id,
      fiscalYear: 2025,
      reviewTitle: input.reviewTitle,
      response: submission.response,
      expectedEffect: 2_400_000,
      timing: submission.timing,
      ruling: expect.objectContaining({ result: 'revise', reason: input.ruling.reason }),
      followUp: null,
    }),
  ]);
  const same = await startCycle(api, hqAdmin, item, 2025);
  expect((await as(api, hqAdmin).get(`/cycles/${same.id}`).expect(200)).body.externalResponses).toEqual([]);

  // The follow-up: the leader only, `text` named when empty, written once with its ledger entry.
  const followUp = { fiscalYear: 2026, text: '令和8年4月から開館日を週5日に見直した。' };
  expect((await other.put(`/external-responses/${id}/follow-up`, followUp).expect(403)).body.code).toBe(
    'NOT_LEADER',
  );
  expect(
    fieldsOf(
      (await lead.put(`/external-responses/${id}/follow-up`, { fiscalYear: 2026, text: '' }).expect(400))
        .body,
    ),
  ).toEqual(['text']);
  const written = (await lead.put(`/external-responses/${id}/follow-up`, followUp).expect(200)).body;
  expectDocumented('FollowUpResultDto', written);
  expect(written).toMatchObject({ changed: true, response: { followUp: { ...followUp, by: leader.id } } });
  expect((await lead.put(`/external-responses/${id}/follow-up`, followUp).expect(200)).body.changed).toBe(
    false,
  );
  const entries = await api.dataSource.query(
    `SELECT actor_id, actor_role, item_id, payload FROM audit_log WHERE tenant_id = $1 AND action = 'external_response.follow_up'`,
    [fx.tenant.id],
  );
  expect(entries).toEqual([
    {
      actor_id: leader.id,
      actor_role: 'wg_leader',
      item_id: item.id,
      payload: expect.objectContaining({
        responseId: id,
        before: { fiscalYear: null, text: null },
        after: followUp,
      }),
    },
  ]);
  const seen = (await as(api, hqAdmin).get(`/cycles/${next.id}`).expect(200)).body;
  expect(seen.externalResponses[0].followUp).toMatchObject(followUp);
});
