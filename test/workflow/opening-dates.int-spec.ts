/**
 * Nothing is reported before it has happened (issue #15), on the time-skipping server with a real
 * worker and PostgreSQL: two FY2026 cycles started late, on 1 December 2026 (quarterly reviews).
 * - A keeps the calendar: Q1–Q2 open at once, Q3 opens on 1 January, Q4 and the execution report
 *   are refused until 1 April 2027, then accepted; reminders count from the opening dates.
 * - B needs its report early: HQ opens Q4 and the report in March (recorded with the reason); the
 *   evaluation is then refused until the fiscal year has closed (1 April 2027), then accepted.
 */

import {
  CYCLE_WORKFLOW_TYPE,
  type CycleState,
  cycleStateQuery,
  decideUpdate,
  moveDeadlineUpdate,
  openTaskUpdate,
  submitEvaluationUpdate,
  submitExecutionReportUpdate,
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
import { cycleInput, recordHistoryIfAsked, rejectionOf } from '../support/cycle-client';
import { type CycleFixture, createCycleFixture } from '../support/cycle-fixtures';
import { openDataSource, uniqueSuffix, waitForCycleRow, workflowBundle } from '../support/test-worker';

const DAY = 86_400_000;
const STARTED = jstInstant(2026, 12, 1, 9);
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

/** One late-started cycle and the commands the scenario sends to it. */
async function startLateCycle(f: CycleFixture, taskQueue: string) {
  const { workflowId, input } = cycleInput(f, 2026, { businessStartMs: STARTED.getTime() });
  const handle: WorkflowHandle = await env.client.workflow.start(CYCLE_WORKFLOW_TYPE, {
    workflowId,
    taskQueue,
    args: [input],
  });
  await waitForCycleRow(db, input.cycleId);
  const state = () => handle.query(cycleStateQuery);
  const approve = async (s: CycleState) =>
    handle.executeUpdate(decideUpdate, {
      args: [f.hq, { approvalId: s.approvals.find((a) => a.status === 'pending')!.id, decision: 'approve' }],
    });
  const task = async (kind: string, periodIndex: number | null = null) =>
    (await state()).tasks.find((t) => t.kind === kind && t.periodIndex === periodIndex)!;
  const review = async (periodIndex: number) =>
    handle.executeUpdate(submitReviewUpdate, {
      args: [
        f.leader,
        (await task('review', periodIndex)).id,
        { periodIndex, progress: 25 * periodIndex, status: 'on_track' },
      ],
    });
  const report = () =>
    handle.executeUpdate(submitExecutionReportUpdate, {
      args: [f.leader, { summary: '年間計画どおり実施' }],
    });
  const evaluation = () =>
    handle.executeUpdate(submitEvaluationUpdate, {
      args: [
        f.leader,
        {
          actuals: f.indicatorIds.map((indicatorId) => ({ indicatorId, actual: 40 })),
          selfRating: 'B',
          analysis: '概ね達成',
        },
      ],
    });
  let s = await handle.executeUpdate(submitPlanUpdate, {
    args: [
      f.leader,
      {
        targets: f.indicatorIds.map((indicatorId) => ({ indicatorId, target: 50 })),
        activities: ['窓口のキャッシュレス化'],
        budgetRequest: 10_000_000,
      },
    ],
  });
  s = await approve(s);
  expect(s.stage).toBe('DO');
  return { f, handle, workflowId, cycleId: input.cycleId, state, approve, task, review, report, evaluation };
}

it('opens the periods of a cycle started on 1 December on their own dates; HQ may open one early', async () => {
  const started = Date.now();
  const taskQueue = `opening-${uniqueSuffix()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: workflowBundle(),
    activities: createCycleActivities(db),
  });
  await worker.runUntil(async () => {
    const a = await startLateCycle(await createCycleFixture(db, { reviewCadence: 'quarterly' }), taskQueue);
    const b = await startLateCycle(await createCycleFixture(db, { reviewCadence: 'quarterly' }), taskQueue);
    const workflowStartMs = (await a.handle.describe()).startTime.getTime();
    const until = async (instant: Date) => {
      const now = STARTED.getTime() + ((await env.currentTimeMs()) - workflowStartMs);
      if (instant.getTime() > now) await env.sleep(instant.getTime() - now);
    };

    // 1 December: the quarters that have passed are open (due after the lead time), the rest
    // scheduled with their opening dates.
    const tasks = (await a.state()).tasks.filter((t) => t.kind !== 'plan');
    expect(tasks.map((t) => [t.kind, t.periodIndex, t.status])).toEqual([
      ['review', 1, 'open'],
      ['review', 2, 'open'],
      ['review', 3, 'scheduled'],
      ['review', 4, 'scheduled'],
      ['execution_report', null, 'scheduled'],
    ]);
    expect(tasks.map((t) => t.openAt)).toEqual([
      tasks[0].createdAt,
      tasks[1].createdAt,
      jstInstant(2027, 1, 1).toISOString(),
      YEAR_CLOSED.toISOString(),
      YEAR_CLOSED.toISOString(),
    ]);
    expect(tasks[0].dueAt).toBe(jstInstant(2026, 12, 15, 17).toISOString());
    const [row] = await db.query(`SELECT status, open_at FROM tasks WHERE id = $1`, [tasks[3].id]);
    expect(row).toEqual({ status: 'scheduled', open_at: YEAR_CLOSED });

    for (const cycle of [a, b]) {
      await cycle.review(1);
      await cycle.review(2);
      expect(await rejectionOf(cycle.review(3))).toBe('NOT_YET_OPEN');
      expect(await rejectionOf(cycle.review(4))).toBe('NOT_YET_OPEN');
      expect(await rejectionOf(cycle.report())).toBe('NOT_YET_OPEN');
    }
    // HQ moves A's Q4 deadline to 5 April while it is scheduled: its 7-day reminder (29 March)
    // would fall before it opens and is never sent (and it is submitted before the 1-day one).
    const q4Due = jstInstant(2027, 4, 5, 17);
    await a.handle.executeUpdate(moveDeadlineUpdate, {
      args: [
        a.f.hqAdmin,
        { taskId: tasks[3].id, dueAt: q4Due.toISOString(), reason: '年度末の議会日程のため' },
      ],
    });

    // Q3 opens on 1 January on its own (a timer), and is accepted.
    await until(jstInstant(2027, 1, 4, 9));
    expect((await a.task('review', 3)).status).toBe('open');
    for (const cycle of [a, b]) await cycle.review(3);
    expect(await rejectionOf(a.review(4))).toBe('NOT_YET_OPEN');

    // B: in March HQ opens Q4 and the report early, with a reason; the year has not closed, so the
    // evaluation is refused until 1 April.
    await until(jstInstant(2027, 3, 15, 9));
    for (const kind of ['review', 'execution_report'] as const) {
      const t = await b.task(kind, kind === 'review' ? 4 : null);
      await b.handle.executeUpdate(openTaskUpdate, {
        args: [b.f.hqAdmin, { taskId: t.id, reason: '議会への中間報告のため' }],
      });
    }
    expect(
      await rejectionOf(
        b.handle.executeUpdate(openTaskUpdate, {
          args: [b.f.hqAdmin, { taskId: (await b.task('review', 4)).id, reason: '再度' }],
        }),
      ),
    ).toBe('NOT_PENDING');
    await b.review(4);
    let sb = await b.approve(await b.report());
    expect(sb.stage).toBe('CHECK');
    expect(sb.tasks.find((t) => t.kind === 'evaluation')).toMatchObject({
      status: 'scheduled',
      openAt: YEAR_CLOSED.toISOString(),
    });
    expect(await rejectionOf(b.evaluation())).toBe('NOT_YET_OPEN');
    expect(await rejectionOf(a.review(4))).toBe('NOT_YET_OPEN');
    expect(await rejectionOf(a.report())).toBe('NOT_YET_OPEN');

    // 1 April 2027: A's Q4 and report open and are accepted; B's evaluation opens and is accepted.
    await until(jstInstant(2027, 4, 1, 9));
    await a.review(4);
    const sa = await a.approve(await a.report());
    expect(sa.stage).toBe('CHECK');
    expect(sa.tasks.find((t) => t.kind === 'evaluation')!.status).toBe('open');
    sb = await b.evaluation();
    expect(sb.status).toBe('awaiting_approval');

    // The ledger: openings by the engine (system) on their dates, B's early ones by HQ with the reason.
    const ledger = async (cycleId: string) =>
      db.query(
        `SELECT l.action, l.actor_type, l.actor_role, l.comment, t.kind, t.period_index, l.payload
           FROM audit_log l LEFT JOIN tasks t ON t.id = l.task_id
          WHERE l.cycle_id = $1 AND l.action IN ('task.opened', 'task.opened_early') ORDER BY l.seq`,
        [cycleId],
      );
    expect(
      (await ledger(a.cycleId)).map((r: Record<string, unknown>) => [
        r.action,
        r.actor_type,
        r.kind,
        r.period_index,
      ]),
    ).toEqual([
      ['task.opened', 'system', 'review', 3],
      ['task.opened', 'system', 'review', 4],
      ['task.opened', 'system', 'execution_report', null],
    ]);
    const bLedger = await ledger(b.cycleId);
    expect(
      bLedger.map((r: Record<string, unknown>) => [r.action, r.actor_type, r.actor_role, r.comment, r.kind]),
    ).toEqual([
      ['task.opened', 'system', null, null, 'review'],
      ['task.opened_early', 'user', 'hq_admin', '議会への中間報告のため', 'review'],
      ['task.opened_early', 'user', 'hq_admin', '議会への中間報告のため', 'execution_report'],
      ['task.opened', 'system', null, null, 'evaluation'],
    ]);
    expect(bLedger[1].payload.scheduledFor).toBe(YEAR_CLOSED.toISOString());
    const [opened] = await db.query(
      `SELECT count(*)::int AS n FROM outbox WHERE tenant_id = $1 AND type = 'task.opened'`,
      [a.f.tenantId],
    );
    expect(opened.n).toBe(3);

    // Reminders count from the opening dates: none was scheduled before its task opened, and A's
    // moved Q4 got no 7-day reminder (it fell while scheduled), only the 1-day one.
    const reminders = await db.query(
      `SELECT o.payload->>'taskId' AS task_id, o.payload->>'reminderKey' AS key, o.payload->>'scheduledFor' AS at, t.open_at
         FROM outbox o JOIN tasks t ON t.id = (o.payload->>'taskId')::uuid
        WHERE o.tenant_id = $1 AND o.type IN ('task.reminder', 'task.escalated') ORDER BY o.id`,
      [a.f.tenantId],
    );
    for (const r of reminders)
      expect(new Date(r.at).getTime()).toBeGreaterThanOrEqual(new Date(r.open_at).getTime());
    const q3 = reminders.filter((r: { task_id: string }) => r.task_id === tasks[2].id);
    // Q3 is due 8 January (the 10th is a Sunday); it opened on 1 January and was submitted on the 4th.
    expect(q3.map((r: { key: string }) => r.key)).toEqual(['before-7d']);
    expect(q3[0].at).toBe(new Date(jstInstant(2027, 1, 8, 17).getTime() - 7 * DAY).toISOString());
    expect(
      reminders
        .filter((r: { task_id: string }) => r.task_id === tasks[3].id)
        .map((r: { key: string }) => r.key),
    ).toEqual([]);

    recordHistoryIfAsked(b.workflowId, 'task-opening-dates', env.address);
    console.log(`opening dates: ${((Date.now() - started) / 1000).toFixed(1)} s wall time`);
    await a.handle.terminate('test finished');
    await b.handle.terminate('test finished');
  });
});
