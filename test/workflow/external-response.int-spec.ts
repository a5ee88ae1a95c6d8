/**
 * #25 市の対応方針 on the time-skipping server with a real worker writing real PostgreSQL: the
 * response opens at once for the item's leader with its due date, reminds 7 days before it, takes
 * the leader's submission, goes up HQ's two-step chain (the submitter may not approve their own),
 * is returned with a comment, resubmitted with an answer and approved; the read model, the ledger
 * (on the item's timeline) and the outbox follow each step.
 */
import {
  decideExternalResponseUpdate,
  EXTERNAL_RESPONSE_WORKFLOW_TYPE,
  type ExternalResponseState,
  externalResponseStartedUpdate,
  externalResponseWorkflowId,
  submitExternalResponseUpdate,
} from '@pdca/contracts';
import { jstInstant, TWO_STEP_APPROVAL_POLICY } from '@pdca/domain';
import type { DataSource } from 'typeorm';
import { recordHistoryIfAsked, rejectionOf } from '../support/cycle-client';
import { createCycleFixture } from '../support/cycle-fixtures';
import { ruledItemFixture } from '../support/external-response-fixtures';
import { openDataSource } from '../support/test-worker';
import { businessSleeper, eventually, withTimeSkippingWorker } from '../support/time-skipping';

let db: DataSource;
beforeAll(async () => {
  db = await openDataSource();
});
afterAll(async () => {
  await db?.destroy();
});

const DAY = 86_400_000;
const START = jstInstant(2026, 2, 10, 10).getTime();

it('opens for the leader, reminds, is returned with a comment, resubmitted and approved by two steps', async () => {
  const f = await createCycleFixture(db, { settings: { approvalPolicy: TWO_STEP_APPROVAL_POLICY } });
  const input = await ruledItemFixture(db, { ...f, chairUserId: f.hqAdmin.userId }, 2025, START);
  expect(input.context).toMatchObject({ itemCode: '1-1', leaderUserId: f.leader.userId, dueDays: 30 });
  await withTimeSkippingWorker(db, 'ext-response', async ({ env, client, taskQueue }) => {
    const workflowId = externalResponseWorkflowId(f.tenantCode, input.reviewId, input.itemId);
    const h = await client.workflow.start(EXTERNAL_RESPONSE_WORKFLOW_TYPE, {
      workflowId,
      taskQueue,
      args: [input],
    });
    let s: ExternalResponseState = await h.executeUpdate(externalResponseStartedUpdate);
    const row = () =>
      db.query('SELECT * FROM external_responses WHERE id = $1', [input.responseId]).then((r) => r[0]);
    // Opens at once for the leader: due 30 days after the ruling's day at 17:00 JST.
    const dueAt = jstInstant(2026, 3, 12, 17);
    expect(s).toMatchObject({ status: 'open', leaderUserId: f.leader.userId, dueAt: dueAt.toISOString() });
    expect(await row()).toMatchObject({ status: 'open', leader_user_id: f.leader.userId, due_at: dueAt });

    const sleepUntil = businessSleeper(env, START, await env.currentTimeMs());
    await sleepUntil(dueAt.getTime() - 7 * DAY - 3_600_000);
    expect((await row()).reminders_sent).toBe(0);
    await sleepUntil(dueAt.getTime() - 7 * DAY + 3_600_000);
    const reminded = await eventually(row, (r) => r.reminders_sent === 1, 'the first reminder');
    expect(reminded.overdue).toBe(false);

    const submission = {
      response: '利用状況を踏まえ、開館日を見直す。',
      expectedEffect: 3_000_000,
      timing: '令和8年度から',
    };
    const leaderAlsoApprover = { ...f.leader, roles: [...f.leader.roles, 'hq_approver' as const] };
    expect(
      await rejectionOf(h.executeUpdate(submitExternalResponseUpdate, { args: [f.member, submission] })),
    ).toBe('NOT_ALLOWED');
    expect(
      await rejectionOf(
        h.executeUpdate(submitExternalResponseUpdate, { args: [f.leader, { ...submission, timing: '' }] }),
      ),
    ).toBe('INVALID_PAYLOAD');
    s = await h.executeUpdate(submitExternalResponseUpdate, { args: [leaderAlsoApprover, submission] });
    expect(s.status).toBe('submitted');
    const pending = () => s.approvals.find((a) => a.status === 'pending')!.id;
    // The submitter holds hq_approver too, and still may not approve their own response.
    expect(
      await rejectionOf(
        h.executeUpdate(decideExternalResponseUpdate, {
          args: [leaderAlsoApprover, { approvalId: pending(), decision: 'approve' }],
        }),
      ),
    ).toBe('OWN_SUBMISSION');
    expect(
      await rejectionOf(
        h.executeUpdate(decideExternalResponseUpdate, {
          args: [f.hq, { approvalId: pending(), decision: 'return' }],
        }),
      ),
    ).toBe('INVALID_PAYLOAD');
    s = await h.executeUpdate(decideExternalResponseUpdate, {
      args: [
        f.hq,
        { approvalId: pending(), decision: 'return', comment: '効果見込額の根拠を示してください' },
      ],
    });
    expect(s.status).toBe('returned');
    const returnAnswer = '開館日1日あたりの人件費から積算しました。';
    s = await h.executeUpdate(submitExternalResponseUpdate, {
      args: [f.leader, { ...submission, expectedEffect: 2_400_000, returnAnswer }],
    });
    expect(s.round).toBe(2);
    s = await h.executeUpdate(decideExternalResponseUpdate, {
      args: [f.hq, { approvalId: pending(), decision: 'approve' }],
    });
    expect(s.status).toBe('submitted');
    // One person per step: the first step's approver cannot take the second.
    expect(
      await rejectionOf(
        h.executeUpdate(decideExternalResponseUpdate, {
          args: [f.hq, { approvalId: pending(), decision: 'approve' }],
        }),
      ),
    ).toBe('NOT_ALLOWED');
    s = await h.executeUpdate(decideExternalResponseUpdate, {
      args: [f.hq2, { approvalId: pending(), decision: 'approve' }],
    });
    expect(s.status).toBe('approved');
    expect(await h.result()).toMatchObject({ status: 'approved', round: 2 });
    recordHistoryIfAsked(workflowId, 'external-response', env.address);
  });

  expect(
    await db.query('SELECT * FROM external_responses WHERE id = $1', [input.responseId]).then((r) => r[0]),
  ).toMatchObject({
    status: 'approved',
    round: 2,
    submitted_by: f.leader.userId,
    submission: { expectedEffect: 2_400_000, returnAnswer: '開館日1日あたりの人件費から積算しました。' },
  });
  const approvals = await db.query(
    'SELECT round, step_key, status, decided_by, comment FROM external_response_approvals WHERE response_id = $1 ORDER BY round, step_index',
    [input.responseId],
  );
  expect(approvals).toEqual([
    {
      round: 1,
      step_key: 'promotion_leader',
      status: 'returned',
      decided_by: f.hq.userId,
      comment: '効果見込額の根拠を示してください',
    },
    { round: 2, step_key: 'promotion_leader', status: 'approved', decided_by: f.hq.userId, comment: null },
    { round: 2, step_key: 'hq_director', status: 'approved', decided_by: f.hq2.userId, comment: null },
  ]);
  // The item's timeline shows every step (item_id set), with actor, role and comment.
  const ledger = await db.query(
    `SELECT action, actor_role, comment, payload FROM audit_log WHERE item_id = $1 AND action LIKE 'external_response.%' ORDER BY seq`,
    [f.itemId],
  );
  expect(ledger.map((e: { action: string }) => e.action)).toEqual([
    'external_response.opened',
    'external_response.reminder',
    'external_response.submitted',
    'external_response.returned',
    'external_response.submitted',
    'external_response.approved',
    'external_response.approved',
  ]);
  expect(ledger[3]).toMatchObject({ actor_role: 'hq_approver', comment: '効果見込額の根拠を示してください' });
  expect(ledger[0].payload).toMatchObject({
    reviewId: input.reviewId,
    responseId: input.responseId,
    fiscalYear: 2025,
  });
  const outbox = await db.query(
    `SELECT type, payload FROM outbox WHERE tenant_id = $1 AND type LIKE 'external_response.%' ORDER BY created_at, id`,
    [f.tenantId],
  );
  expect(outbox.map((m: { type: string }) => m.type).sort()).toEqual(
    [
      'external_response.opened',
      'external_response.reminder',
      'external_response.approval_requested',
      'external_response.returned',
      'external_response.approval_requested',
      'external_response.approval_requested',
      'external_response.approved',
    ].sort(),
  );
  for (const m of outbox) {
    expect(m.payload).toMatchObject({
      tenantId: f.tenantId,
      reviewId: input.reviewId,
      itemId: f.itemId,
      fiscalYear: 2025,
    });
    // Mails say that something waits; the texts stay in the app.
    expect(JSON.stringify(m.payload)).not.toContain('開館日を見直す');
    expect(JSON.stringify(m.payload)).not.toContain('利用者が減っており');
  }
});
