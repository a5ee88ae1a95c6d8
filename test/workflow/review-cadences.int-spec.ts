/**
 * Half-yearly and yearly reviews (issue #22), on the time-skipping server with a real worker and
 * PostgreSQL: two FY2026 cycles started on 1 May 2026.
 * - A's item has no cadence of its own; the city's setting (tenants.settings.reviewCadence =
 *   half_yearly, over the older calendar.reviewCadence = monthly) gives two reviews, 上半期 opening
 *   on 1 October 2026 and 下半期 on 1 April 2027.
 * - B's item says yearly: one review for 2026年度, opening on 1 April 2027.
 */

import {
  CYCLE_WORKFLOW_TYPE,
  type CycleState,
  cycleStateQuery,
  decideUpdate,
  submitPlanUpdate,
  submitReviewUpdate,
} from '@pdca/contracts';
import { registerSearchAttributes } from '@pdca/devstack';
import { startTimeSkippingEnvironment } from '@pdca/devstack/time-skipping-server';
import { jstInstant } from '@pdca/domain';
import type { WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createCycleActivities } from '../../apps/worker/src/cycle.activities';
import { cycleInput, rejectionOf } from '../support/cycle-client';
import { type CycleFixture, createCycleFixture } from '../support/cycle-fixtures';
import { openDataSource, uniqueSuffix, waitForCycleRow, workflowBundle } from '../support/test-worker';

const STARTED = jstInstant(2026, 5, 1, 9);
const FIRST_HALF_OVER = jstInstant(2026, 10, 1); // 1 October 2026 00:00 JST
const YEAR_CLOSED = jstInstant(2027, 4, 1); // 1 April 2027 00:00 JST

let db: DataSource;
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  db = await openDataSource();
  env = await startTimeSkippingEnvironment();
  await registerSearchAttributes(env.connection);
});

afterAll(async () => {
  await env?.teardown();
  await db?.destroy();
});

/** A cycle started on 1 May 2026 whose plan is approved at once, so its Do tasks exist. */
async function startCycleInDo(f: CycleFixture, taskQueue: string) {
  const { workflowId, input } = cycleInput(f, 2026, { businessStartMs: STARTED.getTime() });
  const handle: WorkflowHandle = await env.client.workflow.start(CYCLE_WORKFLOW_TYPE, {
    workflowId,
    taskQueue,
    args: [input],
  });
  await waitForCycleRow(db, input.cycleId);
  let s: CycleState = await handle.executeUpdate(submitPlanUpdate, {
    args: [
      f.leader,
      {
        targets: f.indicatorIds.map((indicatorId) => ({ indicatorId, target: 50 })),
        activities: ['窓口のキャッシュレス化'],
        budgetRequest: 10_000_000,
      },
    ],
  });
  s = await handle.executeUpdate(decideUpdate, {
    args: [f.hq, { approvalId: s.approvals.find((a) => a.status === 'pending')!.id, decision: 'approve' }],
  });
  expect(s.stage).toBe('DO');
  const reviews = async () => (await handle.query(cycleStateQuery)).tasks.filter((t) => t.kind === 'review');
  const review = async (periodIndex: number) =>
    handle.executeUpdate(submitReviewUpdate, {
      args: [
        f.leader,
        (await reviews()).find((t) => t.periodIndex === periodIndex)!.id,
        { periodIndex, progress: 50 * periodIndex, status: 'on_track' },
      ],
    });
  return { f, handle, cycleId: input.cycleId, reviews, review };
}

it('makes two half-yearly reviews opening on 1 October and 1 April, and one yearly review', async () => {
  const taskQueue = `cadences-${uniqueSuffix()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: workflowBundle(),
    activities: createCycleActivities(db),
  });
  await worker.runUntil(async () => {
    const halfYearly = await startCycleInDo(
      await createCycleFixture(db, {
        reviewCadence: null,
        settings: { reviewCadence: 'half_yearly', calendar: { reviewCadence: 'monthly' } },
      }),
      taskQueue,
    );
    const yearly = await startCycleInDo(await createCycleFixture(db, { reviewCadence: 'yearly' }), taskQueue);
    const workflowStartMs = (await halfYearly.handle.describe()).startTime.getTime();
    const until = async (instant: Date) => {
      const now = STARTED.getTime() + ((await env.currentTimeMs()) - workflowStartMs);
      if (instant.getTime() > now) await env.sleep(instant.getTime() - now);
    };

    // 1 May: every review is scheduled until its period is over.
    const shape = (tasks: Awaited<ReturnType<typeof halfYearly.reviews>>) =>
      tasks.map((t) => [t.periodIndex, t.title.ja, t.status, t.openAt, t.dueAt]);
    expect(shape(await halfYearly.reviews())).toEqual([
      [
        1,
        '進捗報告（2026年度 上半期）',
        'scheduled',
        FIRST_HALF_OVER.toISOString(),
        jstInstant(2026, 10, 9, 17).toISOString(), // the 10th is a Saturday
      ],
      [
        2,
        '進捗報告（2026年度 下半期）',
        'scheduled',
        YEAR_CLOSED.toISOString(),
        jstInstant(2027, 4, 9, 17).toISOString(), // the 10th is a Saturday
      ],
    ]);
    expect(shape(await yearly.reviews())).toEqual([
      [
        1,
        '進捗報告（2026年度）',
        'scheduled',
        YEAR_CLOSED.toISOString(),
        jstInstant(2027, 4, 9, 17).toISOString(),
      ],
    ]);
    const rows = await db.query(
      `SELECT period_index, status, open_at FROM tasks WHERE cycle_id = $1 AND kind = 'review' ORDER BY period_index`,
      [halfYearly.cycleId],
    );
    expect(rows).toEqual([
      { period_index: 1, status: 'scheduled', open_at: FIRST_HALF_OVER },
      { period_index: 2, status: 'scheduled', open_at: YEAR_CLOSED },
    ]);
    expect(await rejectionOf(halfYearly.review(1))).toBe('NOT_YET_OPEN');

    // 1 October: the 上半期 review opens on its own and is accepted; 下半期 and the year wait.
    await until(jstInstant(2026, 10, 1, 9));
    expect((await halfYearly.reviews()).map((t) => t.status)).toEqual(['open', 'scheduled']);
    expect(await rejectionOf(halfYearly.review(1))).toBe('ACCEPTED');
    expect(await rejectionOf(halfYearly.review(2))).toBe('NOT_YET_OPEN');
    expect(await rejectionOf(yearly.review(1))).toBe('NOT_YET_OPEN');

    // 1 April 2027: the 下半期 and the yearly review open.
    await until(jstInstant(2027, 4, 1, 9));
    expect(await rejectionOf(halfYearly.review(2))).toBe('ACCEPTED');
    expect(await rejectionOf(yearly.review(1))).toBe('ACCEPTED');
    const opened = await db.query(
      `SELECT t.period_index FROM audit_log l JOIN tasks t ON t.id = l.task_id
        WHERE l.cycle_id = $1 AND l.action = 'task.opened' AND t.kind = 'review' ORDER BY l.seq`,
      [halfYearly.cycleId],
    );
    expect(opened.map((r: { period_index: number }) => r.period_index)).toEqual([1, 2]);

    await halfYearly.handle.terminate('test finished');
    await yearly.handle.terminate('test finished');
  });
});
