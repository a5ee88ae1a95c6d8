/**
 * Activities run at least once. A projection applied twice writes once; an activity that commits
 * and then "crashes" before reporting back is retried without duplicating anything; a worker
 * stopped mid-cycle and replaced by a new one finishes the cycle with no duplicate rows or events.
 */

import {
  CYCLE_WORKFLOW_TYPE,
  type CycleState,
  decideUpdate,
  type ProjectionEvent,
  submitActionUpdate,
  submitEvaluationUpdate,
  submitExecutionReportUpdate,
  submitPlanUpdate,
  submitReviewUpdate,
} from '@pdca/contracts';
import { CycleProjectionRepository } from '@pdca/persistence/repositories';
import type { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createCycleActivities } from '../../apps/worker/src/cycle.activities';
import { connectClient, cycleInput, openScheduledEarly } from '../support/cycle-client';
import { type CycleFixture, createCycleFixture } from '../support/cycle-fixtures';
import { openDataSource, startWorker, uniqueSuffix, workflowBundle } from '../support/test-worker';

let db: DataSource;
let client: Client;

beforeAll(async () => {
  db = await openDataSource();
  client = await connectClient();
});

// Whatever a test started is stopped even when it fails half-way (no worker left polling).
const cleanups: Array<() => Promise<void>> = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  await client?.connection.close();
  await db?.destroy();
});

async function counts(tenantId: string) {
  const [row] = await db.query(
    `SELECT (SELECT count(*)::int FROM audit_log WHERE tenant_id = $1) AS ledger,
            (SELECT count(*)::int FROM outbox WHERE tenant_id = $1) AS outbox,
            (SELECT count(*)::int FROM budget_reflections WHERE tenant_id = $1) AS reflections,
            (SELECT count(*)::int FROM tasks WHERE tenant_id = $1) AS tasks,
            (SELECT count(*)::int FROM approvals WHERE tenant_id = $1) AS approvals`,
    [tenantId],
  );
  return row as Record<string, number>;
}

it('applies a projection event once however often the activity runs', async () => {
  const f = await createCycleFixture(db);
  const { workflowId, input } = cycleInput(f, 2025);
  const event: ProjectionEvent = {
    workflowId,
    runId: 'run-1',
    seq: 1,
    type: 'cycle.started',
    occurredAt: '2025-04-01T00:00:00.000Z',
    tenantId: f.tenantId,
    itemId: f.itemId,
    cycleId: input.cycleId,
    actor: { type: 'system' },
    taskId: null,
    approvalId: null,
    comment: null,
    payload: { fiscalYear: 2025 },
    cycle: {
      fiscalYear: 2025,
      stage: 'PLAN',
      status: 'awaiting_submission',
      awaitingApproval: false,
      plan: null,
      executionReport: null,
      evaluation: null,
      decision: null,
      hqRating: null,
      carriedOver: null,
      startedAt: '2025-04-01T00:00:00.000Z',
      closedAt: null,
      closeReason: null,
    },
    tasks: [],
    approvals: [],
    budgetReflection: null,
    outbox: [{ type: 'cycle.started', payload: { cycleId: input.cycleId } }],
  };
  const sut = new CycleProjectionRepository(db);
  expect(await sut.apply(event)).toBe(true);
  const once = await counts(f.tenantId);
  expect(await sut.apply(event)).toBe(false);
  expect(await Promise.all([sut.apply(event), sut.apply(event)])).toEqual([false, false]);
  expect(await counts(f.tenantId)).toEqual(once);
  expect(once).toMatchObject({ ledger: 1, outbox: 1 });
});

it('survives a crash after commit and a worker replaced mid-cycle, with no duplicates', async () => {
  const f: CycleFixture = await createCycleFixture(db, { reviewCadence: 'quarterly' });
  const taskQueue = `idempotency-${uniqueSuffix()}`;
  const { workflowId, input } = cycleInput(f, 2025);
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  cleanups.push(() => connection.close());

  // Worker 1 takes the cycle through PLAN, then stops.
  const worker = await startWorker(db, taskQueue, connection);
  cleanups.push(() => worker.stop());
  const handle = await client.workflow.start(CYCLE_WORKFLOW_TYPE, { workflowId, taskQueue, args: [input] });
  const approvePending = (s: CycleState, hq = f.hq) =>
    handle.executeUpdate(decideUpdate, {
      args: [hq, { approvalId: s.approvals.find((a) => a.status === 'pending')!.id, decision: 'approve' }],
    });
  let s = await handle.executeUpdate(submitPlanUpdate, {
    args: [
      f.leader,
      {
        targets: f.indicatorIds.map((indicatorId) => ({ indicatorId, target: 40 })),
        activities: ['窓口のキャッシュレス化'],
        budgetRequest: 10_000_000,
      },
    ],
  });
  s = await approvePending(s);
  await worker.stop();

  // Worker 2 replays the history and carries on; its projection activity "crashes" right after
  // committing the budget reflection, once, so Temporal retries it.
  const activities = createCycleActivities(db);
  let crashed = 0;
  const crashingWorker = await Worker.create({
    connection,
    taskQueue,
    workflowBundle: workflowBundle(),
    activities: {
      ...activities,
      async projectCycleEvent(event: ProjectionEvent) {
        const applied = await activities.projectCycleEvent(event);
        if (event.type === 'budget.reflected' && crashed === 0) {
          crashed++;
          throw new Error('simulated crash after the transaction committed');
        }
        return applied;
      },
    },
  });
  await crashingWorker.runUntil(async () => {
    // Business time is April 2025: the reviews and the report open months ahead, so HQ opens them.
    s = await openScheduledEarly(handle, f.hqAdmin, s);
    for (const task of s.tasks.filter((t) => t.kind === 'review')) {
      s = await handle.executeUpdate(submitReviewUpdate, {
        args: [f.leader, task.id, { periodIndex: task.periodIndex!, progress: 50, status: 'at_risk' }],
      });
    }
    s = await handle.executeUpdate(submitExecutionReportUpdate, {
      args: [f.leader, { summary: '実施済み' }],
    });
    s = await approvePending(s);
    s = await openScheduledEarly(handle, f.hqAdmin, s);
    s = await handle.executeUpdate(submitEvaluationUpdate, {
      args: [
        f.leader,
        {
          actuals: f.indicatorIds.map((indicatorId) => ({ indicatorId, actual: 20 })),
          selfRating: 'C',
          analysis: '目標未達',
        },
      ],
    });
    s = await approvePending(s);
    s = await handle.executeUpdate(submitActionUpdate, {
      args: [f.leader, { decision: 'abolish', budgetProposal: 0, rationale: '効果が見込めないため' }],
    });
    s = await approvePending(s, f.hq2);
    expect(await handle.result()).toEqual({
      status: 'closed',
      decision: 'abolish',
      nextCycleWorkflowId: null,
    });
  });

  expect(crashed).toBe(1);
  const reflections = await db.query(
    'SELECT decision, proposed_amount, delta, rule FROM budget_reflections WHERE cycle_id = $1',
    [input.cycleId],
  );
  expect(reflections).toEqual([
    { decision: 'abolish', proposed_amount: '0', delta: '-10000000', rule: 'abolish.zero' },
  ]);
  const byType = await db.query(
    `SELECT type, count(*)::int AS n FROM outbox WHERE tenant_id = $1 AND type IN ('budget.reflected', 'cycle.closed') GROUP BY type ORDER BY type`,
    [f.tenantId],
  );
  expect(byType).toEqual([
    { type: 'budget.reflected', n: 1 },
    { type: 'cycle.closed', n: 1 },
  ]);
  // One ledger entry per projected event, each event exactly once, in sequence.
  const ledger = await db.query('SELECT event_key FROM audit_log WHERE cycle_id = $1 ORDER BY seq', [
    input.cycleId,
  ]);
  const applied = await db.query('SELECT seq FROM projection_log WHERE workflow_id = $1 ORDER BY seq', [
    workflowId,
  ]);
  expect(ledger.map((r: { event_key: string }) => r.event_key)).toEqual(
    applied.map((r: { seq: number }) => `${workflowId}#${r.seq}`),
  );
  expect(applied.map((r: { seq: number }) => r.seq)).toEqual(applied.map((_: unknown, i: number) => i + 1));
  const c = await counts(f.tenantId);
  expect(c).toMatchObject({ reflections: 1, tasks: 1 + 4 + 1 + 1 + 1, approvals: 4 });
  // Nothing was decided by the same person twice, and the cycle closed for good.
  const [cycle] = await db.query('SELECT status, close_reason FROM cycles WHERE id = $1', [input.cycleId]);
  expect(cycle).toEqual({ status: 'closed', close_reason: 'decision: abolish' });
});
