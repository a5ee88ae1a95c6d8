/**
 * Starting a cycle the way the API and the scheduler do (#21): update-with-start with the item's
 * context in the input, on the real dev server, worker and PostgreSQL. The start answers once the
 * cycle is recorded (read-your-write without polling), with no activity to read the context; each
 * command answers after its one projection; a second start returns the running cycle and a closed
 * one is never started again. Records the `update-with-start` history the replay test replays.
 */

import { type CycleState, decideUpdate, submitPlanUpdate, withdrawUpdate } from '@pdca/contracts';
import { CycleContextRepository } from '@pdca/persistence/repositories';
import { cycleStartRequest, startCycle } from '@pdca/temporal';
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import {
  connectClient,
  cycleInput,
  historyEventTypes as eventTypesOf,
  recordHistoryIfAsked,
} from '../support/cycle-client';
import { type CycleFixture, createCycleFixture } from '../support/cycle-fixtures';
import { openDataSource, type RunningWorker, startWorker, uniqueSuffix } from '../support/test-worker';

let db: DataSource;
let client: Client;
let worker: RunningWorker;
const taskQueue = `cycle-start-${uniqueSuffix()}`;

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

/** The start request the API builds: the scheduler's business time, the item's context read from PostgreSQL. */
async function requestFor(fixture: CycleFixture, fiscalYear = 2025) {
  const { input } = cycleInput(fixture, fiscalYear);
  const context = await new CycleContextRepository(db).load(input);
  return cycleStartRequest({
    tenantId: fixture.tenantId,
    tenantCode: fixture.tenantCode,
    itemId: fixture.itemId,
    itemCode: context.itemCode,
    fiscalYear,
    timeScale: 1,
    businessStartMs: input.businessStartMs,
    startedBy: fixture.hqAdmin,
    context,
  });
}

const historyEventTypes = (workflowId: string) => eventTypesOf(client, workflowId);

const plan = (fixture: CycleFixture) => ({
  targets: fixture.indicatorIds.map((indicatorId, i) => ({ indicatorId, target: i === 0 ? 50 : 15 })),
  activities: ['電子申請システムの対象手続を拡大する'],
  budgetRequest: 12_000_000,
});

const pendingApproval = (state: CycleState) => state.approvals.find((a) => a.status === 'pending')!;

it('answers the start once the cycle is recorded, and a second start with the same cycle', async () => {
  const fixture = await createCycleFixture(db);
  const request = await requestFor(fixture);

  const started = await startCycle(client, taskQueue, request);
  expect(started.outcome).toBe('started');
  const state = started.outcome === 'started' ? started.state! : null;
  expect(state).toMatchObject({ stage: 'PLAN', status: 'awaiting_submission', itemCode: request.itemCode });
  expect(state!.tasks).toEqual([
    expect.objectContaining({ kind: 'plan', status: 'open', assigneeUserId: fixture.leader.userId }),
  ]);
  // Read-your-write: the rows are there the moment the start answers, no waiting.
  const rows = await db.query('SELECT stage, status FROM cycles WHERE id = $1', [request.input.cycleId]);
  expect(rows).toEqual([{ stage: 'PLAN', status: 'awaiting_submission' }]);
  const ledger = await db.query('SELECT action FROM audit_log WHERE cycle_id = $1', [request.input.cycleId]);
  expect(ledger).toEqual([{ action: 'cycle.started' }]);

  // The context came with the start: no activity read it; the one activity is the projection.
  const types = await historyEventTypes(request.workflowId);
  expect(types.filter((t) => t === 'ACTIVITY_TASK_SCHEDULED')).toHaveLength(1);
  expect(types).toContain('WORKFLOW_EXECUTION_UPDATE_COMPLETED');

  const handle = client.workflow.getHandle(request.workflowId);
  const { runId } = await handle.describe();
  const again = await startCycle(client, taskQueue, request);
  expect(again).toMatchObject({ outcome: 'started', state: { cycleId: request.input.cycleId } });
  expect((await handle.describe()).runId).toBe(runId);
  expect(
    await db.query('SELECT count(*)::int AS n FROM cycles WHERE item_id = $1', [fixture.itemId]),
  ).toEqual([{ n: 1 }]);
});

it('records each command with one projection before it answers, and never starts a closed cycle again', async () => {
  const fixture = await createCycleFixture(db);
  const request = await requestFor(fixture);
  await startCycle(client, taskQueue, request);
  const handle = client.workflow.getHandle(request.workflowId);
  const projections = async () =>
    (await historyEventTypes(request.workflowId)).filter((t) => t === 'ACTIVITY_TASK_SCHEDULED').length;
  const projectionsBefore = await projections();

  let state = await handle.executeUpdate(submitPlanUpdate, { args: [fixture.leader, plan(fixture)] });
  expect(state.status).toBe('awaiting_approval');
  // Read-your-write for a command: the approval row exists when the Update answers.
  const approvals = await db.query('SELECT status FROM approvals WHERE cycle_id = $1', [
    request.input.cycleId,
  ]);
  expect(approvals).toEqual([{ status: 'pending' }]);
  state = await handle.executeUpdate(decideUpdate, {
    args: [fixture.hq, { approvalId: pendingApproval(state).id, decision: 'return', comment: '根拠を追記' }],
  });
  state = await handle.executeUpdate(submitPlanUpdate, { args: [fixture.leader, plan(fixture)] });
  state = await handle.executeUpdate(decideUpdate, {
    args: [fixture.hq, { approvalId: pendingApproval(state).id, decision: 'approve' }],
  });
  expect(state.stage).toBe('DO');
  expect((await projections()) - projectionsBefore).toBe(4);

  await handle.executeUpdate(withdrawUpdate, { args: [fixture.hqAdmin, { reason: '計画見直しのため' }] });
  await handle.result();
  recordHistoryIfAsked(request.workflowId, 'update-with-start');
  expect(await startCycle(client, taskQueue, request)).toEqual({ outcome: 'closed' });
  const ledger = await db.query('SELECT action FROM audit_log WHERE cycle_id = $1 ORDER BY seq', [
    request.input.cycleId,
  ]);
  expect(ledger.map((r: { action: string }) => r.action)).toEqual([
    'cycle.started',
    'plan.submitted',
    'approval.returned',
    'plan.submitted',
    'approval.approved',
    'cycle.withdrawn',
  ]);
});

it('still starts a cycle whose starter sent no context (an old cycle starting its next year)', async () => {
  const fixture = await createCycleFixture(db);
  const { workflowId, input } = cycleInput(fixture, 2025);
  const started = await startCycle(client, taskQueue, { workflowId, input, itemCode: 'X' });
  expect(started).toMatchObject({
    outcome: 'started',
    state: { stage: 'PLAN', itemCode: expect.any(String) },
  });
  // It read its context with an activity first, then projected its start.
  expect((await historyEventTypes(workflowId)).filter((t) => t === 'ACTIVITY_TASK_SCHEDULED')).toHaveLength(
    2,
  );
  const rows = await db.query('SELECT stage FROM cycles WHERE id = $1', [input.cycleId]);
  expect(rows).toEqual([{ stage: 'PLAN' }]);
});
