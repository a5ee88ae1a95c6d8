/**
 * The cycle workflow's Updates on the real Temporal dev server with a real worker and PostgreSQL:
 * validator rejections change nothing, return-and-resubmit rounds, a two-step chain, moved deadlines.
 */

import {
  CYCLE_WORKFLOW_TYPE,
  type CycleState,
  decideUpdate,
  moveDeadlineUpdate,
  reassignUpdate,
  submitPlanUpdate,
  withdrawUpdate,
} from '@pdca/contracts';
import { jstInstant, TWO_STEP_APPROVAL_POLICY } from '@pdca/domain';
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import {
  connectClient,
  cycleInput,
  historyLength,
  queryState,
  recordHistoryIfAsked,
  rejectionOf,
} from '../support/cycle-client';
import { type CycleFixture, createCycleFixture } from '../support/cycle-fixtures';
import { openDataSource, type RunningWorker, startWorker, uniqueSuffix } from '../support/test-worker';

let db: DataSource;
let client: Client;
let worker: RunningWorker;
const taskQueue = `approvals-${uniqueSuffix()}`;

beforeAll(async () => {
  db = await openDataSource();
  client = await connectClient();
  worker = await startWorker(db, taskQueue);
});

afterAll(async () => {
  await worker?.stop();
  await client?.connection.close();
  await db?.destroy();
});

async function newCycle(options?: Parameters<typeof createCycleFixture>[1]) {
  const fixture = await createCycleFixture(db, options);
  return { f: fixture, ...(await startCycle(fixture)) };
}

async function startCycle(fixture: CycleFixture, fiscalYear = 2025) {
  const { workflowId, input } = cycleInput(fixture, fiscalYear);
  const handle = await client.workflow.start(CYCLE_WORKFLOW_TYPE, {
    workflowId,
    taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  // The first projection (cycle row + plan task) lands before anything else can happen.
  await waitFor(
    async () => (await db.query('SELECT 1 FROM cycles WHERE id = $1', [input.cycleId])).length === 1,
  );
  return { handle, cycleId: input.cycleId, workflowId };
}

async function waitFor(predicate: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for condition');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const plan = (fixture: CycleFixture) => ({
  targets: fixture.indicatorIds.map((indicatorId, i) => ({ indicatorId, target: i === 0 ? 50 : 15 })),
  activities: ['電子申請システムの対象手続を拡大する'],
  budgetRequest: 12_000_000,
});

const pendingApproval = (state: CycleState) => state.approvals.find((a) => a.status === 'pending')!;

describe('cycle Updates on the dev server', () => {
  let fixture: CycleFixture;
  beforeAll(async () => {
    fixture = await createCycleFixture(db);
  });

  it('starts once: a second start returns the running cycle', async () => {
    const first = await startCycle(fixture);
    const again = await client.workflow.start(CYCLE_WORKFLOW_TYPE, {
      workflowId: first.workflowId,
      taskQueue,
      args: [cycleInput(fixture, 2025).input],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    expect(again.firstExecutionRunId).toBe(first.handle.firstExecutionRunId);
    const rows = await db.query('SELECT stage, status FROM cycles WHERE item_id = $1', [fixture.itemId]);
    expect(rows).toEqual([{ stage: 'PLAN', status: 'awaiting_submission' }]);
    const tasks = await db.query('SELECT kind, status, assignee_user_id FROM tasks WHERE cycle_id = $1', [
      first.cycleId,
    ]);
    expect(tasks).toEqual([{ kind: 'plan', status: 'open', assignee_user_id: fixture.leader.userId }]);
  });

  it('rejects every invalid command without writing history, the read model or the ledger', async () => {
    const { f, handle, workflowId, cycleId } = await newCycle();
    const before = await historyLength(client, workflowId);
    const ledgerBefore = await countLedger(cycleId);

    // wrong role / not the item's leader
    expect(await rejectionOf(handle.executeUpdate(submitPlanUpdate, { args: [f.hq, plan(f)] }))).toBe(
      'NOT_ALLOWED',
    );
    expect(await rejectionOf(handle.executeUpdate(submitPlanUpdate, { args: [f.member, plan(f)] }))).toBe(
      'NOT_ALLOWED',
    );
    // bad payload
    const invalid = { ...plan(f), budgetRequest: -5, activities: [] };
    expect(await rejectionOf(handle.executeUpdate(submitPlanUpdate, { args: [f.leader, invalid] }))).toBe(
      'INVALID_PAYLOAD',
    );
    // nothing to decide yet / unknown approval
    expect(
      await rejectionOf(
        handle.executeUpdate(decideUpdate, { args: [f.hq, { approvalId: 'nope', decision: 'approve' }] }),
      ),
    ).toBe('NOT_FOUND');

    await handle.executeUpdate(submitPlanUpdate, { args: [f.leader, plan(f)] });
    const afterSubmit = await historyLength(client, workflowId);
    const approvalId = pendingApproval(await queryState(client, workflowId)).id;

    // wrong stage: the leader cannot submit the plan twice while it awaits a decision
    expect(await rejectionOf(handle.executeUpdate(submitPlanUpdate, { args: [f.leader, plan(f)] }))).toBe(
      'NOT_PENDING',
    );
    // the leader lacks the approver role; a leader who also holds it still cannot decide their own submission
    expect(
      await rejectionOf(
        handle.executeUpdate(decideUpdate, { args: [f.leader, { approvalId, decision: 'approve' }] }),
      ),
    ).toBe('NOT_ALLOWED');
    const leaderWithHqRole = { ...f.leader, roles: [...f.leader.roles, 'hq_approver' as const] };
    expect(
      await rejectionOf(
        handle.executeUpdate(decideUpdate, { args: [leaderWithHqRole, { approvalId, decision: 'approve' }] }),
      ),
    ).toBe('OWN_SUBMISSION');
    // a return needs a reason
    expect(
      await rejectionOf(
        handle.executeUpdate(decideUpdate, { args: [f.hq, { approvalId, decision: 'return' }] }),
      ),
    ).toBe('INVALID_PAYLOAD');
    // a rating only belongs to an evaluation
    expect(
      await rejectionOf(
        handle.executeUpdate(decideUpdate, {
          args: [f.hq, { approvalId, decision: 'approve', rating: 'A' }],
        }),
      ),
    ).toBe('INVALID_PAYLOAD');
    // the auditor changes nothing
    expect(
      await rejectionOf(handle.executeUpdate(withdrawUpdate, { args: [f.auditor, { reason: '監査' }] })),
    ).toBe('NOT_ALLOWED');

    expect(await historyLength(client, workflowId)).toBe(afterSubmit);
    expect(afterSubmit).toBeGreaterThan(before);
    // exactly one new ledger entry: the accepted submission
    expect(await countLedger(cycleId)).toBe(ledgerBefore + 1);
    const state = await queryState(client, workflowId);
    expect(state.status).toBe('awaiting_approval');
    expect(state.approvals).toHaveLength(1);

    await handle.executeUpdate(decideUpdate, { args: [f.hq, { approvalId, decision: 'approve' }] });
    expect(
      await rejectionOf(
        handle.executeUpdate(decideUpdate, { args: [f.hq2, { approvalId, decision: 'approve' }] }),
      ),
    ).toBe('NOT_PENDING');
    expect(await rejectionOf(handle.executeUpdate(submitPlanUpdate, { args: [f.leader, plan(f)] }))).toBe(
      'WRONG_STAGE',
    );
  });

  it('keeps every round of a returned and resubmitted plan', async () => {
    const { f, handle, cycleId } = await newCycle();
    let state = await handle.executeUpdate(submitPlanUpdate, { args: [f.leader, plan(f)] });
    state = await handle.executeUpdate(decideUpdate, {
      args: [
        f.hq,
        {
          approvalId: pendingApproval(state).id,
          decision: 'return',
          comment: '目標値の根拠を追記してください',
        },
      ],
    });
    expect(state.status).toBe('returned');
    expect(state.stage).toBe('PLAN');

    const revised = {
      ...plan(f),
      activities: ['電子申請システムの対象手続を拡大する', '根拠：令和6年度実績'],
    };
    state = await handle.executeUpdate(submitPlanUpdate, { args: [f.leader, revised] });
    expect(state.plan?.round).toBe(2);
    state = await handle.executeUpdate(decideUpdate, {
      args: [f.hq, { approvalId: pendingApproval(state).id, decision: 'approve' }],
    });
    expect(state.stage).toBe('DO');
    expect(state.planRounds.map((r) => r.payload.activities.length)).toEqual([1, 2]);

    const approvals = await db.query(
      'SELECT round, status, comment FROM approvals WHERE cycle_id = $1 ORDER BY round, step_index',
      [cycleId],
    );
    expect(approvals).toEqual([
      { round: 1, status: 'returned', comment: '目標値の根拠を追記してください' },
      { round: 2, status: 'approved', comment: null },
    ]);
    const tasks = await db.query(
      `SELECT kind, status, count(*)::int AS n FROM tasks WHERE cycle_id = $1 AND kind <> 'plan' GROUP BY kind, status ORDER BY kind`,
      [cycleId],
    );
    // Business time is April: every review and the report are scheduled until their opening dates.
    expect(tasks).toEqual([
      { kind: 'execution_report', status: 'scheduled', n: 1 },
      { kind: 'review', status: 'scheduled', n: 12 },
    ]);
    const [cycle] = await db.query('SELECT stage, status, plan FROM cycles WHERE id = $1', [cycleId]);
    expect(cycle.stage).toBe('DO');
    expect(cycle.plan.round).toBe(2);
    const actions = await db.query(
      'SELECT action, actor_role FROM audit_log WHERE cycle_id = $1 ORDER BY seq',
      [cycleId],
    );
    expect(actions).toEqual([
      { action: 'cycle.started', actor_role: 'hq_admin' },
      { action: 'plan.submitted', actor_role: 'wg_leader' },
      { action: 'approval.returned', actor_role: 'hq_approver' },
      { action: 'plan.submitted', actor_role: 'wg_leader' },
      { action: 'approval.approved', actor_role: 'hq_approver' },
    ]);
    recordHistoryIfAsked(handle.workflowId, 'plan-returned-and-resubmitted');
  });

  it('runs a two-step approval chain, each step a separate decision by a different person', async () => {
    const {
      f: f2,
      handle,
      cycleId,
    } = await newCycle({ settings: { approvalPolicy: TWO_STEP_APPROVAL_POLICY } });
    let state = await handle.executeUpdate(submitPlanUpdate, { args: [f2.leader, plan(f2)] });
    const first = pendingApproval(state);
    expect(first.stepKey).toBe('promotion_leader');
    state = await handle.executeUpdate(decideUpdate, {
      args: [f2.hq, { approvalId: first.id, decision: 'approve' }],
    });
    expect(state.stage).toBe('PLAN');
    const second = pendingApproval(state);
    expect(second.stepKey).toBe('hq_director');
    // the same person cannot sign both steps
    expect(
      await rejectionOf(
        handle.executeUpdate(decideUpdate, { args: [f2.hq, { approvalId: second.id, decision: 'approve' }] }),
      ),
    ).toBe('NOT_ALLOWED');
    state = await handle.executeUpdate(decideUpdate, {
      args: [f2.hq2, { approvalId: second.id, decision: 'approve' }],
    });
    expect(state.stage).toBe('DO');
    const rows = await db.query(
      'SELECT step_key, status, decided_by FROM approvals WHERE cycle_id = $1 ORDER BY step_index',
      [cycleId],
    );
    expect(rows).toEqual([
      { step_key: 'promotion_leader', status: 'approved', decided_by: f2.hq.userId },
      { step_key: 'hq_director', status: 'approved', decided_by: f2.hq2.userId },
    ]);
    // Visibility: the stage change reached the search attributes (codes only, no personal data).
    const query = `PdcaTenant = '${f2.tenantCode}' AND PdcaStage = 'DO' AND PdcaFiscalYear = 2025 AND PdcaAwaitingApproval = false`;
    const found = async () => {
      const ids: string[] = [];
      for await (const execution of client.workflow.list({ query })) ids.push(execution.workflowId);
      return ids;
    };
    await waitFor(async () => (await found()).length === 1);
    expect(await found()).toEqual([handle.workflowId]);
    recordHistoryIfAsked(handle.workflowId, 'two-step-approval');
  });

  it('lets working-group members submit where the tenant allows it, and only the leader elsewhere', async () => {
    const open = await newCycle({ settings: { allowMembersToSubmit: true } });
    const state = await open.handle.executeUpdate(submitPlanUpdate, { args: [open.f.member, plan(open.f)] });
    expect(state.plan?.submittedBy).toBe(open.f.member.userId);
    const closed = await newCycle();
    expect(
      await rejectionOf(
        closed.handle.executeUpdate(submitPlanUpdate, { args: [closed.f.member, plan(closed.f)] }),
      ),
    ).toBe('NOT_ALLOWED');
  });

  it('compresses business time (PDCA_TIME_SCALE): ten days of reminders pass in seconds on the real server', async () => {
    // Two business days per real second, from 20 April (no minimum lead time): the plan's 7-day
    // reminder comes after ~1.5 s, the 1-day one after ~4.5 s and the escalation on 30 April after
    // ~5 s; the gaps leave room for a busy machine's latency, which the compression magnifies.
    const f = await createCycleFixture(db, { settings: { calendar: { minimumLeadDays: 0 } } });
    const { workflowId, input } = cycleInput(f, 2025, {
      timeScale: 172_800,
      businessStartMs: jstInstant(2025, 4, 20, 9).getTime(),
    });
    await client.workflow.start(CYCLE_WORKFLOW_TYPE, { workflowId, taskQueue, args: [input] });
    const notices = async () =>
      db.query(
        `SELECT type, payload->>'reminderKey' AS key FROM outbox
          WHERE tenant_id = $1 AND type IN ('task.reminder', 'task.escalated') ORDER BY id`,
        [f.tenantId],
      );
    await waitFor(
      async () => (await notices()).some((n: { type: string }) => n.type === 'task.escalated'),
      20_000,
    );
    expect((await notices()).slice(0, 3)).toEqual([
      { type: 'task.reminder', key: 'before-7d' },
      { type: 'task.reminder', key: 'before-1d' },
      { type: 'task.escalated', key: 'overdue' },
    ]);
    const [task] = await db.query(`SELECT overdue, escalated_at FROM tasks WHERE tenant_id = $1`, [
      f.tenantId,
    ]);
    expect(task.overdue).toBe(true);
    // Fired for the right due date; under compression the server's sub-second latency is scaled
    // too (0.5 s ≈ 1 business day), so the recorded time is checked to within a few days.
    const due = new Date('2025-04-30T08:00:00.000Z').getTime();
    const [escalation] = await db.query(
      `SELECT payload->>'scheduledFor' AS at FROM outbox WHERE tenant_id = $1 AND type = 'task.escalated'`,
      [f.tenantId],
    );
    expect(escalation.at).toBe(new Date(due).toISOString());
    const escalatedAt = new Date(task.escalated_at).getTime();
    expect(escalatedAt).toBeGreaterThanOrEqual(due);
    expect(escalatedAt - due).toBeLessThan(10 * 86_400_000);
    await client.workflow.getHandle(workflowId).terminate('test finished');
  });

  it('moves a deadline mid-flight (HQ admin only, with a reason)', async () => {
    const { f, handle, cycleId, workflowId } = await newCycle();
    const task = (await queryState(client, workflowId)).tasks[0];
    const newDue = new Date(new Date(task.dueAt).getTime() + 20 * 86_400_000).toISOString();
    expect(
      await rejectionOf(
        handle.executeUpdate(moveDeadlineUpdate, {
          args: [f.hq, { taskId: task.id, dueAt: newDue, reason: 'x' }],
        }),
      ),
    ).toBe('NOT_ALLOWED');
    expect(
      await rejectionOf(
        handle.executeUpdate(moveDeadlineUpdate, {
          args: [f.hqAdmin, { taskId: task.id, dueAt: newDue, reason: ' ' }],
        }),
      ),
    ).toBe('INVALID_PAYLOAD');
    const state = await handle.executeUpdate(moveDeadlineUpdate, {
      args: [f.hqAdmin, { taskId: task.id, dueAt: newDue, reason: '議会日程の変更のため' }],
    });
    expect(state.tasks[0].dueAt).toBe(newDue);
    const [row] = await db.query('SELECT due_at FROM tasks WHERE id = $1', [task.id]);
    expect(new Date(row.due_at).toISOString()).toBe(newDue);
    const [entry] = await db.query(
      `SELECT comment, payload FROM audit_log WHERE cycle_id = $1 AND action = 'task.deadline_moved'`,
      [cycleId],
    );
    expect(entry).toEqual({ comment: '議会日程の変更のため', payload: { from: task.dueAt, to: newDue } });
    recordHistoryIfAsked(handle.workflowId, 'deadline-moved');
  });

  it('hands a running cycle to a new leader (personnel change): tasks follow, the old leader can no longer submit', async () => {
    const { f, handle, cycleId } = await newCycle();
    const change = {
      leaderUserId: f.member.userId,
      memberUserIds: [f.leader.userId],
      reason: '人事異動（4月1日付）',
    };
    expect(await rejectionOf(handle.executeUpdate(reassignUpdate, { args: [f.hq, change] }))).toBe(
      'NOT_ALLOWED',
    );
    expect(
      await rejectionOf(
        handle.executeUpdate(reassignUpdate, { args: [f.hqAdmin, { ...change, reason: '' }] }),
      ),
    ).toBe('INVALID_PAYLOAD');
    const state = await handle.executeUpdate(reassignUpdate, { args: [f.hqAdmin, change] });
    expect(state.tasks.map((t) => t.assigneeUserId)).toEqual([f.member.userId]);
    const [task] = await db.query('SELECT assignee_user_id FROM tasks WHERE cycle_id = $1', [cycleId]);
    expect(task.assignee_user_id).toBe(f.member.userId);
    expect(await rejectionOf(handle.executeUpdate(submitPlanUpdate, { args: [f.leader, plan(f)] }))).toBe(
      'NOT_ALLOWED',
    );
    const submitted = await handle.executeUpdate(submitPlanUpdate, { args: [f.member, plan(f)] });
    expect(submitted.plan?.submittedBy).toBe(f.member.userId);
    const [entry] = await db.query(
      `SELECT actor_id, actor_role, comment FROM audit_log WHERE cycle_id = $1 AND action = 'cycle.reassigned'`,
      [cycleId],
    );
    expect(entry).toEqual({
      actor_id: f.hqAdmin.userId,
      actor_role: 'hq_admin',
      comment: '人事異動（4月1日付）',
    });
    recordHistoryIfAsked(handle.workflowId, 'leader-reassigned');
  });

  it('lets HQ withdraw a cycle with a reason, which closes it', async () => {
    const { f, handle, cycleId } = await newCycle();
    const state = await handle.executeUpdate(withdrawUpdate, {
      args: [f.hqAdmin, { reason: '事業統合のため' }],
    });
    expect(state.status).toBe('withdrawn');
    expect(await handle.result()).toMatchObject({ status: 'withdrawn' });
    const [cycle] = await db.query('SELECT status, close_reason FROM cycles WHERE id = $1', [cycleId]);
    expect(cycle).toEqual({ status: 'withdrawn', close_reason: '事業統合のため' });
    const open = await db.query(
      `SELECT count(*)::int AS n FROM tasks WHERE cycle_id = $1 AND status = 'open'`,
      [cycleId],
    );
    expect(open[0].n).toBe(0);
    expect(await rejectionOf(handle.executeUpdate(submitPlanUpdate, { args: [f.leader, plan(f)] }))).toBe(
      'WORKFLOW_CLOSED',
    );
    recordHistoryIfAsked(handle.workflowId, 'withdrawn');
  });

  async function countLedger(cycleId: string): Promise<number> {
    const [row] = await db.query('SELECT count(*)::int AS n FROM audit_log WHERE cycle_id = $1', [cycleId]);
    return row.n;
  }
});
