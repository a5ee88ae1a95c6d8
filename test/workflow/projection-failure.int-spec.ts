/**
 * A projection PostgreSQL cannot accept must not loop: the activity fails at once (non-retryable),
 * the Update answers instead of hanging, the event is kept in failed_projections, and the cycle
 * goes on recording later events. Here the bad text reaches the workflow directly through the
 * Temporal client, as another client (or an older API) could send it; the API itself refuses it.
 */

import { LedgerChainVerifier } from '@pdca/audit';
import {
  CYCLE_WORKFLOW_TYPE,
  cycleStateQuery,
  moveDeadlineUpdate,
  PROJECTION_DATA_ERROR,
  type ProjectionEvent,
} from '@pdca/contracts';
import { AuditReadRepository } from '@pdca/persistence/repositories';
import type { Client } from '@temporalio/client';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { DataSource } from 'typeorm';
import { createCycleActivities } from '../../apps/worker/src/cycle.activities';
import { connectClient, cycleInput } from '../support/cycle-client';
import { createCycleFixture } from '../support/cycle-fixtures';
import { openDataSource, type RunningWorker, startWorker, uniqueSuffix } from '../support/test-worker';

let db: DataSource;
let client: Client;
let worker: RunningWorker;
const taskQueue = `projection-failure-${uniqueSuffix()}`;

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

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  return undefined;
}

it('fails a projection of text PostgreSQL cannot store once, records it, and keeps the cycle recording', async () => {
  const f = await createCycleFixture(db);
  const { workflowId, input } = cycleInput(f, 2026);
  const handle = await client.workflow.start(CYCLE_WORKFLOW_TYPE, { workflowId, taskQueue, args: [input] });
  // The plan task exists once the cycle has loaded its context.
  let taskId: string | undefined;
  while (!taskId) {
    taskId = (await handle.query(cycleStateQuery)).tasks[0]?.id;
    if (!taskId) await new Promise((r) => setTimeout(r, 100));
  }

  const before = Date.now();
  const err = await failureOf(
    handle.executeUpdate(moveDeadlineUpdate, {
      args: [f.hqAdmin, { taskId, dueAt: '2026-05-15T08:00:00Z', reason: '議会日程 \ud800 の変更' }],
    }),
  );
  // Before the fix the activity retried without end and this Update never answered.
  expect(Date.now() - before).toBeLessThan(20_000);
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ActivityFailure);
  expect((cause as ActivityFailure).cause).toBeInstanceOf(ApplicationFailure);
  expect(((cause as ActivityFailure).cause as ApplicationFailure).type).toBe(PROJECTION_DATA_ERROR);

  const dead = await db.query(
    'SELECT event_type, error_code, attempts, tenant_id, resolved_at FROM failed_projections WHERE workflow_id = $1',
    [workflowId],
  );
  expect(dead).toEqual([
    {
      event_type: 'task.deadline_moved',
      error_code: 'MALFORMED_TEXT',
      attempts: 1,
      tenant_id: f.tenantId,
      resolved_at: null,
    },
  ]);

  // The cycle is not wedged: the next command is recorded, read model and ledger follow.
  await handle.executeUpdate(moveDeadlineUpdate, {
    args: [f.hqAdmin, { taskId, dueAt: '2026-05-20T08:00:00Z', reason: '議会日程の変更' }],
  });
  const [task] = await db.query('SELECT due_at FROM tasks WHERE id = $1', [taskId]);
  expect(new Date(task.due_at).toISOString()).toBe('2026-05-20T08:00:00.000Z');
  const actions = await db.query('SELECT action, comment FROM audit_log WHERE cycle_id = $1 ORDER BY seq', [
    input.cycleId,
  ]);
  expect(actions.map((a: { action: string }) => a.action)).toEqual(['cycle.started', 'task.deadline_moved']);

  const verifier = new LedgerChainVerifier();
  const head = await new AuditReadRepository(db).readChain(f.tenantId, (batch) =>
    batch.every((r) => verifier.push(r)),
  );
  expect(verifier.finish(head).ok).toBe(true);
  await handle.terminate('test done');
});

it('turns a PostgreSQL data error (SQLSTATE class 22) into a non-retryable failure and a dead letter', async () => {
  const f = await createCycleFixture(db);
  const { workflowId, input } = cycleInput(f, 2026);
  const event: ProjectionEvent = {
    workflowId,
    runId: 'run-x',
    seq: 1,
    type: 'cycle.started',
    occurredAt: '2026-04-01T00:00:00.000Z',
    tenantId: f.tenantId,
    itemId: f.itemId,
    cycleId: input.cycleId,
    actor: { type: 'system' },
    taskId: null,
    approvalId: null,
    comment: null,
    payload: {},
    cycle: {
      // int column: out of range is 22003
      fiscalYear: 99_999_999_999,
      stage: 'PLAN',
      status: 'awaiting_submission',
      awaitingApproval: false,
      plan: null,
      executionReport: null,
      evaluation: null,
      decision: null,
      hqRating: null,
      carriedOver: null,
      startedAt: '2026-04-01T00:00:00.000Z',
      closedAt: null,
      closeReason: null,
    },
    tasks: [],
    approvals: [],
    budgetReflection: null,
    outbox: [],
  };
  const activities = createCycleActivities(db);
  const err = await failureOf(new MockActivityEnvironment().run(activities.projectCycleEvent, event));
  expect(err).toBeInstanceOf(ApplicationFailure);
  expect(err).toMatchObject({ type: PROJECTION_DATA_ERROR, nonRetryable: true });
  const dead = await db.query('SELECT error_code FROM failed_projections WHERE workflow_id = $1', [
    workflowId,
  ]);
  expect(dead).toEqual([{ error_code: '22003' }]);
  // Nothing of the event was written (one transaction).
  const claimed = await db.query('SELECT 1 FROM projection_log WHERE workflow_id = $1', [workflowId]);
  expect(claimed).toEqual([]);
});
