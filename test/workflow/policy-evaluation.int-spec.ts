/**
 * #24 施策評価 on the time-skipping server with a real worker writing real PostgreSQL: node A
 * with three items opens when the third item's CHECK evaluation is approved (not before, the
 * worker's signal makes it prompt); node B opens on the city's date with its item still in CHECK
 * and says which; A's reminders count from its opening; return with a comment → resubmit → approve.
 */
import {
  CYCLE_WORKFLOW_TYPE,
  type CycleState,
  cycleStateQuery,
  decidePolicyEvaluationUpdate,
  decideUpdate,
  type PolicyEvaluationState,
  policyEvaluationWorkflowId,
  submitEvaluationUpdate,
  submitExecutionReportUpdate,
  submitPlanUpdate,
  submitPolicyEvaluationUpdate,
  submitReviewUpdate,
} from '@pdca/contracts';
import { DEFAULT_POLICY_EVALUATION_SETTINGS, jstInstant } from '@pdca/domain';
import { PlanNodeOwnerRepository } from '@pdca/persistence/repositories';
import type { WorkflowHandle } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { openPolicyEvaluations } from '../../apps/worker/src/policy-evaluation.activities';
import { cycleInput, historyEventTypes, recordHistoryIfAsked, rejectionOf } from '../support/cycle-client';
import { type CycleFixture, createCycleFixture } from '../support/cycle-fixtures';
import { openDataSource, waitForCycleRow } from '../support/test-worker';
import { businessSleeper, eventually, withTimeSkippingWorker } from '../support/time-skipping';

let db: DataSource;
beforeAll(async () => {
  db = await openDataSource();
});
afterAll(async () => {
  await db?.destroy();
});

const DAY = 86_400_000;
const START = jstInstant(2025, 4, 1, 9).getTime();

async function world() {
  const f = await createCycleFixture(db, {
    reviewCadence: 'yearly',
    settings: {
      policyEvaluation: { ...DEFAULT_POLICY_EVALUATION_SETTINGS, level: 1 },
      calendar: { policyEvaluationOpen: { yearOffset: 1, month: 7, day: 1 } },
    },
  });
  const [{ plan_id: planId, working_group_id: wg }] = await db.query(
    'SELECT plan_id, working_group_id FROM items WHERE id = $1',
    [f.itemId],
  );
  const node = async (code: string, title: string): Promise<string> =>
    (
      await db.query(
        `INSERT INTO plan_nodes (tenant_id, plan_id, kind, code, title, level) VALUES ($1, $2, 'goal', $3, $4, 1) RETURNING id`,
        [f.tenantId, planId, code, title],
      )
    )[0].id;
  const nodeA = await node('1', '行政のデジタル化');
  const nodeB = await node('2', '公共施設の最適化');
  const item = async (code: string, nodeId: string): Promise<string> =>
    (
      await db.query(
        `INSERT INTO items (tenant_id, plan_id, theme_id, code, title, working_group_id, review_cadence)
         VALUES ($1, $2, $3, $4, $5, $6, 'yearly') RETURNING id`,
        [f.tenantId, planId, nodeId, code, `改革項目 ${code}`, wg],
      )
    )[0].id;
  await db.query('UPDATE items SET theme_id = $2 WHERE id = $1', [f.itemId, nodeA]);
  const itemsA = [f.itemId, await item('1-2', nodeA), await item('1-3', nodeA)];
  const itemB = await item('2-1', nodeB);
  const [{ id: nodeIndicator }] = await db.query(
    `INSERT INTO indicators (tenant_id, node_id, name, unit, baseline, targets) VALUES ($1, $2, '電子申請件数', '件', 100, '{"2025": 300}') RETURNING id`,
    [f.tenantId, nodeA],
  );
  const owners = new PlanNodeOwnerRepository(db);
  const hqActor = { userId: f.hqAdmin.userId, displayName: f.hqAdmin.displayName, role: 'hq_admin' };
  await owners.assign(f.tenantId, nodeA, f.member.userId, hqActor, '4月1日付の人事');
  await owners.assign(f.tenantId, nodeB, f.member.userId, hqActor, '4月1日付の人事');
  return { f, nodeA, nodeB, itemsA, itemB, nodeIndicator };
}

it('opens on the last approval or on the date, reminds from the opening, returns and approves', async () => {
  const { f, nodeA, nodeB, itemsA, itemB, nodeIndicator } = await world();
  await withTimeSkippingWorker(db, 'policy', async ({ env, client, taskQueue }) => {
    const cycles = new Map<string, WorkflowHandle>();
    for (const itemId of [...itemsA, itemB]) {
      const { workflowId, input } = cycleInput({ ...f, itemId } as CycleFixture, 2025);
      cycles.set(
        itemId,
        await client.workflow.start(CYCLE_WORKFLOW_TYPE, { workflowId, taskQueue, args: [input] }),
      );
      await waitForCycleRow(db, input.cycleId);
    }
    // As the year's opening does (openFiscalYear), twice: the second start finds them running.
    const request = {
      tenantId: f.tenantId,
      tenantCode: f.tenantCode,
      fiscalYear: 2025,
      timeScale: 1,
      businessStartMs: START,
    };
    expect(await openPolicyEvaluations(db, client, taskQueue, request)).toBe(2);
    expect(await openPolicyEvaluations(db, client, taskQueue, request)).toBe(2);
    const idA = policyEvaluationWorkflowId(f.tenantCode, nodeA, 2025);
    const row = (nodeId: string) =>
      db.query('SELECT * FROM policy_evaluations WHERE node_id = $1', [nodeId]).then((r) => r[0]);
    expect((await row(nodeA)).status).toBe('scheduled');
    expect((await row(nodeB)).status).toBe('scheduled');

    const approve = (h: WorkflowHandle, s: CycleState) =>
      h.executeUpdate(decideUpdate, {
        args: [
          f.hq,
          { approvalId: s.approvals.find((a) => a.status === 'pending')!.id, decision: 'approve' },
        ],
      });
    const indicatorsOf = (itemId: string) => (itemId === f.itemId ? f.indicatorIds : []);
    for (const [itemId, h] of cycles) {
      const targets = indicatorsOf(itemId).map((indicatorId) => ({ indicatorId, target: 40 }));
      const s = await h.executeUpdate(submitPlanUpdate, {
        args: [f.leader, { targets, activities: ['実施'], budgetRequest: 10_000_000 }],
      });
      await approve(h, s);
    }
    // The year has ended: the execution reports open on 1 April 2026.
    const sleepUntil = businessSleeper(env, START, await env.currentTimeMs());
    await sleepUntil(jstInstant(2026, 4, 6, 9).getTime());
    for (const h of cycles.values()) {
      // The yearly progress report (進捗報告) first, then the execution report.
      const state = await h.query(cycleStateQuery);
      const review = state.tasks.find((t) => t.kind === 'review')!;
      await h.executeUpdate(submitReviewUpdate, {
        args: [f.leader, review.id, { periodIndex: 1, progress: 100, status: 'on_track' }],
      });
      await approve(
        h,
        await h.executeUpdate(submitExecutionReportUpdate, { args: [f.leader, { summary: '実施した' }] }),
      );
    }
    const evaluate = async (itemId: string) => {
      const h = cycles.get(itemId)!;
      const actuals = indicatorsOf(itemId).map((indicatorId) => ({ indicatorId, actual: 35 }));
      const s = await h.executeUpdate(submitEvaluationUpdate, {
        args: [f.leader, { actuals, selfRating: 'B', analysis: '概ね計画どおり' }],
      });
      await approve(h, s);
    };
    const signalsHandled = async (count: number) =>
      eventually(
        () => historyEventTypes(client, idA),
        (types) => {
          const signals = types.flatMap((t, i) => (t === 'WORKFLOW_EXECUTION_SIGNALED' ? [i] : []));
          if (signals.length < count) return false;
          const after = types.slice(signals[count - 1]! + 1);
          const completed = after.indexOf('ACTIVITY_TASK_COMPLETED');
          return completed >= 0 && after.slice(completed).includes('WORKFLOW_TASK_COMPLETED');
        },
        `node A to check readiness after signal ${count}`,
      );
    await evaluate(itemsA[0]!);
    await evaluate(itemsA[1]!);
    await signalsHandled(2);
    expect((await row(nodeA)).status).toBe('scheduled');

    await evaluate(itemsA[2]!);
    const opened = await eventually(
      () => row(nodeA),
      (r) => r.status === 'open',
      'node A to open',
    );
    expect(opened.opened_by).toBe('items_approved');
    expect(opened.items_pending).toEqual([]);
    expect((await row(nodeB)).status).toBe('scheduled');
    // Due 30 days after the opening day at 17:00 JST, computed here from the opening instant.
    const openJst = new Date(opened.open_at.getTime() + 9 * 3_600_000);
    const dueAt = jstInstant(
      openJst.getUTCFullYear(),
      openJst.getUTCMonth() + 1,
      openJst.getUTCDate() + 30,
      17,
    );
    expect(opened.due_at.getTime()).toBe(dueAt.getTime());

    // Reminders count from the opening: the 7-day reminder falls 23 days after it, not before.
    await sleepUntil(dueAt.getTime() - 7 * DAY - 3_600_000);
    expect((await row(nodeA)).reminders_sent).toBe(0);
    await sleepUntil(dueAt.getTime() - 7 * DAY + 3_600_000);
    const reminded = await eventually(
      () => row(nodeA),
      (r) => r.reminders_sent === 1,
      'the first reminder',
    );
    expect(reminded.overdue).toBe(false);
    const [reminder] = await db.query(
      `SELECT occurred_at, payload FROM audit_log WHERE payload->>'nodeId' = $1 AND action = 'policy_evaluation.reminder'`,
      [nodeA],
    );
    expect(reminder.payload.reminderKey).toBe('before-7d');
    expect(Math.abs(reminder.occurred_at.getTime() - (dueAt.getTime() - 7 * DAY))).toBeLessThan(60_000);

    const hA = client.workflow.getHandle(idA);
    const submission = {
      rating: 'B',
      reason: '3項目とも概ね計画どおり',
      indicators: [{ indicatorId: nodeIndicator, actual: 280, reason: '電子申請が定着' }],
      issues: '窓口との役割分担',
      direction: '対象手続を拡大する',
    };
    expect(
      await rejectionOf(hA.executeUpdate(submitPolicyEvaluationUpdate, { args: [f.leader, submission] })),
    ).toBe('NOT_ALLOWED');
    expect(
      await rejectionOf(
        hA.executeUpdate(submitPolicyEvaluationUpdate, {
          args: [f.member, { ...submission, rating: 'S' }],
        }),
      ),
    ).toBe('INVALID_PAYLOAD');
    let s: PolicyEvaluationState = await hA.executeUpdate(submitPolicyEvaluationUpdate, {
      args: [f.member, submission],
    });
    expect(s.status).toBe('submitted');
    const pending = () => s.approvals.find((a) => a.status === 'pending')!.id;
    expect(
      await rejectionOf(
        hA.executeUpdate(decidePolicyEvaluationUpdate, {
          args: [f.hq, { approvalId: pending(), decision: 'return' }],
        }),
      ),
    ).toBe('INVALID_PAYLOAD');
    s = await hA.executeUpdate(decidePolicyEvaluationUpdate, {
      args: [f.hq, { approvalId: pending(), decision: 'return', comment: '指標の理由を具体的に' }],
    });
    expect(s.status).toBe('returned');
    // The resubmission answers the return (差戻しへの回答), kept with its round.
    const returnAnswer = '指標ごとに達成率と遅れの理由を書きました。';
    s = await hA.executeUpdate(submitPolicyEvaluationUpdate, {
      args: [f.member, { ...submission, reason: '電子申請件数は目標の93%', returnAnswer }],
    });
    expect(s.round).toBe(2);
    expect(s.submission?.returnAnswer).toBe(returnAnswer);
    s = await hA.executeUpdate(decidePolicyEvaluationUpdate, {
      args: [f.hq, { approvalId: pending(), decision: 'approve' }],
    });
    expect(s.status).toBe('approved');
    await hA.result();
    expect(await row(nodeA)).toMatchObject({
      status: 'approved',
      round: 2,
      rating: 'B',
      submission: { returnAnswer },
    });

    // Node B opens on the city's date (1 July 2026) with its item still in CHECK, and says which.
    expect((await row(nodeB)).status).toBe('scheduled');
    await sleepUntil(jstInstant(2026, 7, 1, 1).getTime());
    const b = await eventually(
      () => row(nodeB),
      (r) => r.status === 'open',
      'node B to open on its date',
    );
    expect(b.opened_by).toBe('date');
    expect(b.open_at.getTime()).toBeGreaterThanOrEqual(jstInstant(2026, 7, 1).getTime());
    expect(b.items_pending).toEqual([{ itemId: itemB, itemCode: '2-1', itemTitle: '改革項目 2-1' }]);
    recordHistoryIfAsked(idA, 'policy-evaluation', env.address);
  });

  const ledger = await db.query(
    `SELECT action, actor_role, comment FROM audit_log WHERE payload->>'nodeId' = $1 ORDER BY seq`,
    [nodeA],
  );
  expect(ledger.map((e: { action: string }) => e.action)).toEqual([
    'node.owner_assigned',
    'policy_evaluation.started',
    'policy_evaluation.opened',
    'policy_evaluation.reminder',
    'policy_evaluation.submitted',
    'policy_evaluation.returned',
    'policy_evaluation.submitted',
    'policy_evaluation.approved',
  ]);
  expect(ledger[5]).toMatchObject({ actor_role: 'hq_approver', comment: '指標の理由を具体的に' });
});
