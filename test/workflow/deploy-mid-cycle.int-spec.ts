/**
 * A deployment in the middle of a fiscal year (#21): a cycle starts and runs on the workflow code
 * from before the cycle machine (test/fixtures/cycle-workflow-before-21, frozen), its worker stops,
 * and a worker with today's code takes the running cycle over, replays its history without a
 * non-determinism error and finishes the year: every step recorded once, one budget reflection.
 */
import path from 'node:path';
import {
  type Actor,
  CYCLE_WORKFLOW_TYPE,
  type CycleState,
  decideUpdate,
  submitActionUpdate,
  submitEvaluationUpdate,
  submitExecutionReportUpdate,
  submitPlanUpdate,
  submitReviewUpdate,
} from '@pdca/contracts';
import { resolveLibNames } from '@pdca/temporal/workflow-bundler';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { connectClient, cycleInput, historyEventTypes, openScheduledEarly } from '../support/cycle-client';
import { type CycleFixture, createCycleFixture } from '../support/cycle-fixtures';
import { openDataSource, type RunningWorker, startWorker, uniqueSuffix } from '../support/test-worker';

let db: DataSource;
let client: Client;
let connection: NativeConnection;
const taskQueue = `deploy-${uniqueSuffix()}`;

beforeAll(async () => {
  db = await openDataSource();
  client = await connectClient();
  connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
});

afterAll(async () => {
  await connection?.close();
  await client?.connection.close();
  await db?.destroy();
});

/** A worker running the frozen pre-#21 workflow code on the shared task queue. */
async function startOldWorker(): Promise<RunningWorker> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: path.join(__dirname, '..', 'fixtures', 'cycle-workflow-before-21'),
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: (m) => console.error(m) },
    // The frozen code imports today's next-year.ts, which imports the libs by name.
    webpackConfigHook: resolveLibNames,
  });
  return startWorker(db, taskQueue, connection, { code });
}

const eventTypes = (workflowId: string) => historyEventTypes(client, workflowId);

async function waitForCycleRow(cycleId: string): Promise<void> {
  while ((await db.query('SELECT 1 FROM cycles WHERE id = $1', [cycleId])).length === 0) {
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('finishes on today’s code a cycle that started on the code before the cycle machine', async () => {
  const f: CycleFixture = await createCycleFixture(db);
  const { workflowId, input } = cycleInput(f, 2025);
  const handle = client.workflow.getHandle(workflowId);
  const approve = async (state: CycleState, approver: Actor = f.hq) =>
    handle.executeUpdate(decideUpdate, {
      args: [
        approver,
        { approvalId: state.approvals.find((a) => a.status === 'pending')!.id, decision: 'approve' },
      ],
    });

  // Before the deployment: started as the old API started cycles, the plan submitted and approved.
  const old = await startOldWorker();
  await client.workflow.start(CYCLE_WORKFLOW_TYPE, { workflowId, taskQueue, args: [input] });
  await waitForCycleRow(input.cycleId);
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
  s = await approve(s);
  expect(s.stage).toBe('DO');
  await old.stop();
  const beforeDeploy = await eventTypes(workflowId);
  expect(beforeDeploy).toContain('ACTIVITY_TASK_SCHEDULED');

  // After the deployment: today's worker replays the history and finishes the year.
  const current = await startWorker(db, taskQueue, connection);
  try {
    s = await openScheduledEarly(handle, f.hqAdmin, s);
    for (const task of s.tasks.filter((t) => t.kind === 'review')) {
      s = await handle.executeUpdate(submitReviewUpdate, {
        args: [f.leader, task.id, { periodIndex: task.periodIndex!, progress: 80, status: 'on_track' }],
      });
    }
    s = await handle.executeUpdate(submitExecutionReportUpdate, {
      args: [f.leader, { summary: '実施済み' }],
    });
    s = await approve(s);
    s = await openScheduledEarly(handle, f.hqAdmin, s);
    s = await handle.executeUpdate(submitEvaluationUpdate, {
      args: [
        f.leader,
        {
          actuals: f.indicatorIds.map((indicatorId) => ({ indicatorId, actual: 42 })),
          selfRating: 'A',
          analysis: '目標を達成',
        },
      ],
    });
    s = await approve(s);
    s = await handle.executeUpdate(submitActionUpdate, {
      args: [f.leader, { decision: 'continue', budgetProposal: 10_000_000, rationale: '効果が出ているため' }],
    });
    s = await approve(s, f.hq2);
    expect(await handle.result()).toMatchObject({ status: 'completed', decision: 'continue' });
  } finally {
    await current.stop();
  }

  const types = await eventTypes(workflowId);
  // No workflow task failed (a non-determinism error fails the task and is retried for ever).
  expect(types).not.toContain('WORKFLOW_TASK_FAILED');
  // Today's code went on recording the old cycle's steps.
  expect(types.slice(beforeDeploy.length)).toContain('ACTIVITY_TASK_SCHEDULED');
  const ledger = await db.query('SELECT action FROM audit_log WHERE cycle_id = $1 ORDER BY seq', [
    input.cycleId,
  ]);
  const actions = ledger.map((r: { action: string }) => r.action);
  expect(actions.slice(0, 3)).toEqual(['cycle.started', 'plan.submitted', 'approval.approved']);
  expect(actions.slice(-2)).toEqual(['budget.reflected', 'cycle.completed']);
  expect(actions.filter((a: string) => a === 'budget.reflected')).toHaveLength(1);
  const [budget] = await db.query('SELECT count(*)::int AS n FROM budget_reflections WHERE cycle_id = $1', [
    input.cycleId,
  ]);
  expect(budget.n).toBe(1);
});
