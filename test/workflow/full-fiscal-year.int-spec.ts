/**
 * A whole fiscal year on the time-skipping test server, with a real worker writing to the real
 * PostgreSQL: plan (late, so reminders and the escalation fire) → 12 monthly reviews (two late)
 * → execution report → evaluation → act → one budget reflection → the next year's cycle running.
 * Asserts the database rows, not only the workflow state.
 */

import {
  CYCLE_WORKFLOW_TYPE,
  type CycleState,
  type CycleWorkflowInput,
  cycleIdFor,
  cycleStateQuery,
  cycleWorkflowId,
  decideUpdate,
  FISCAL_YEAR_OPENER_WORKFLOW_TYPE,
  fiscalYearOpenerWorkflowId,
  moveDeadlineUpdate,
  submitActionUpdate,
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
import { createFiscalYearOpenerActivities } from '../../apps/worker/src/fiscal-year-opener.activities';
import { cycleInput, recordHistoryIfAsked } from '../support/cycle-client';
import { type CycleFixture, createCycleFixture } from '../support/cycle-fixtures';
import { openDataSource, uniqueSuffix, waitForCycleRow, workflowBundle } from '../support/test-worker';

const DAY = 86_400_000;
const LATE_REVIEWS = new Set([3, 7]);

let env: TestWorkflowEnvironment;
let db: DataSource;

beforeAll(async () => {
  db = await openDataSource();
});

afterAll(async () => {
  await db?.destroy();
});

interface TimeSkippingCycle {
  handle: WorkflowHandle;
  workflowId: string;
  input: CycleWorkflowInput;
  /** Skips server time until the cycle's business clock reaches `businessInstant`. */
  until(businessInstant: Date): Promise<void>;
  /** The cycle's business time now. */
  businessNow(): Promise<number>;
  taskQueue: string;
}

/** Starts the fixture's FY2025 cycle on the time-skipping server with a real worker, then runs `body`. */
async function withTimeSkippingCycle(
  f: CycleFixture,
  name: string,
  body: (cycle: TimeSkippingCycle) => Promise<void>,
): Promise<void> {
  // A fresh time-skipping server per test: its clock and time-skipping lock are shared by
  // everything connected to it, so one test's leftovers must not stall the next one's sleeps.
  env = await startTimeSkippingEnvironment();
  try {
    await registerSearchAttributes(env.connection);
    await runCycle(f, name, body);
  } finally {
    await env.teardown();
  }
}

async function runCycle(f: CycleFixture, name: string, body: (cycle: TimeSkippingCycle) => Promise<void>) {
  const taskQueue = `${name}-${uniqueSuffix()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: workflowBundle(),
    activities: { ...createCycleActivities(db), ...createFiscalYearOpenerActivities(db) },
  });
  const { workflowId, input } = cycleInput(f, 2025);
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(CYCLE_WORKFLOW_TYPE, {
      workflowId,
      taskQueue,
      args: [input],
    });
    await waitForCycleRow(db, input.cycleId);
    // Business time = the cycle's business start + the server time elapsed since the workflow
    // started (scale 1). The server's clock is the truth: a query only knows the workflow's last
    // activation time.
    const workflowStartMs = (await handle.describe()).startTime.getTime();
    const businessNow = async () => input.businessStartMs! + ((await env.currentTimeMs()) - workflowStartMs);
    const until = async (businessInstant: Date) => {
      const now = await businessNow();
      if (businessInstant.getTime() > now) await env.sleep(businessInstant.getTime() - now);
    };
    await body({ handle, workflowId, input, until, businessNow, taskQueue });
  });
}

it('runs a whole fiscal year and hands over to the next one', async () => {
  const started = Date.now();
  const f: CycleFixture = await createCycleFixture(db, { reviewCadence: 'monthly', budget: 10_000_000 });
  await withTimeSkippingCycle(
    f,
    'full-year',
    async ({ handle, workflowId, input, until, businessNow, taskQueue }) => {
      // The tenant's opener, as the worker starts it: FY2025 is open already (the same workflow id,
      // reused); FY2026 opens on 1 February 2026 while FY2025 is still in DO.
      const openerId = fiscalYearOpenerWorkflowId(f.tenantCode);
      await env.client.workflow.start(FISCAL_YEAR_OPENER_WORKFLOW_TYPE, {
        workflowId: openerId,
        taskQueue,
        args: [
          {
            tenantId: f.tenantId,
            tenantCode: f.tenantCode,
            timeScale: 1,
            businessStartMs: await businessNow(),
          },
        ],
      });
      const state = () => handle.query(cycleStateQuery);
      const approve = async (s: CycleState, extra: { rating?: 'A' | 'B' | 'C' | 'D' } = {}) =>
        handle.executeUpdate(decideUpdate, {
          args: [
            f.hq,
            {
              approvalId: s.approvals.find((a) => a.status === 'pending')!.id,
              decision: 'approve',
              ...extra,
            },
          ],
        });

      // PLAN: submitted a week after its due date (30 April 2025, a Wednesday).
      const planTask = (await state()).tasks[0];
      expect(planTask.dueAt).toBe(jstInstant(2025, 4, 30, 17).toISOString());
      await until(jstInstant(2025, 5, 8, 9));
      let s = await handle.executeUpdate(submitPlanUpdate, {
        args: [
          f.leader,
          {
            targets: [
              { indicatorId: f.indicatorIds[0], target: 50 },
              { indicatorId: f.indicatorIds[1], target: 15 },
            ],
            activities: ['オンライン申請の対象手続を拡大'],
            budgetRequest: 10_000_000,
          },
        ],
      });
      s = await approve(s);
      expect(s.stage).toBe('DO');

      // DO: twelve monthly reviews, each submitted on the 1st of the following month, except two
      // that are submitted only after the next period's review.
      const reviews = s.tasks
        .filter((t) => t.kind === 'review')
        .sort((a, b) => a.periodIndex! - b.periodIndex!);
      expect(reviews).toHaveLength(12);
      const submitReview = async (periodIndex: number) => {
        const task = reviews[periodIndex - 1];
        await handle.executeUpdate(submitReviewUpdate, {
          args: [
            f.leader,
            task.id,
            {
              periodIndex,
              progress: Math.min(100, periodIndex * 9),
              status: 'on_track',
              notes: `第${periodIndex}期`,
            },
          ],
        });
      };
      const nextId = cycleWorkflowId(f.tenantCode, f.itemId, 2026);
      for (let period = 1; period <= 12; period++) {
        const month = ((period + 3) % 12) + 1; // the month after the period
        const year = period >= 9 ? 2026 : 2025;
        await until(jstInstant(year, month, 1, 9));
        if (!LATE_REVIEWS.has(period)) await submitReview(period);
        if (LATE_REVIEWS.has(period - 2)) await submitReview(period - 2);
        if (period === 10) {
          // 1 February 2026 has passed: FY2026's cycle is open (PLAN) while FY2025 is in DO.
          await waitForCycleRow(db, cycleIdFor(nextId));
          expect((await state()).stage).toBe('DO');
          const [opened] = await db.query('SELECT stage, started_at FROM cycles WHERE id = $1', [
            cycleIdFor(nextId),
          ]);
          expect(opened.stage).toBe('PLAN');
          expect(new Date(opened.started_at).getTime()).toBeGreaterThanOrEqual(
            jstInstant(2026, 2, 1).getTime(),
          );
          expect(new Date(opened.started_at).getTime()).toBeLessThan(jstInstant(2026, 2, 2).getTime());
        }
      }

      // Execution report, evaluation (HQ re-rates), action (expand the budget).
      await until(jstInstant(2026, 4, 6, 9));
      s = await handle.executeUpdate(submitExecutionReportUpdate, {
        args: [f.leader, { summary: '年間計画どおり実施' }],
      });
      s = await approve(s);
      expect(s.stage).toBe('CHECK');
      s = await handle.executeUpdate(submitEvaluationUpdate, {
        args: [
          f.leader,
          {
            actuals: [
              { indicatorId: f.indicatorIds[0], actual: 45 },
              { indicatorId: f.indicatorIds[1], actual: 12 },
            ],
            selfRating: 'A',
            analysis: '申請率は目標に届かず、待ち時間は目標を達成',
          },
        ],
      });
      expect(s.evaluation!.results.map((r) => r.achievementRate)).toEqual([83.3, 120]); // progress from baseline: (45−20)/(50−20), (30−12)/(30−15);
      s = await approve(s, { rating: 'B' });
      expect(s.stage).toBe('ACT');
      s = await handle.executeUpdate(submitActionUpdate, {
        args: [
          f.leader,
          { decision: 'expand', budgetProposal: 12_000_000, rationale: '対象手続を拡大するため' },
        ],
      });
      s = await approve(s);
      const outcome = await handle.result();
      expect(outcome).toEqual({
        status: 'completed',
        decision: 'expand',
        nextCycleWorkflowId: cycleWorkflowId(f.tenantCode, f.itemId, 2026),
      });

      // ---- the database --------------------------------------------------------------------------
      const cycleId = input.cycleId;
      const [cycle] = await db.query(
        'SELECT stage, status, hq_rating, evaluation FROM cycles WHERE id = $1',
        [cycleId],
      );
      expect(cycle).toMatchObject({ stage: 'ACT', status: 'completed', hq_rating: 'B' });

      // Approved in April 2026, after FY2026's formulation window (to 31 January 2026) closed: the
      // decision goes into FY2027's budget, and FY2027's baseline is set.
      const reflections = await db.query(
        `SELECT fiscal_year, source_fiscal_year, decision, current_amount, proposed_amount, delta, rule, approval_id
         FROM budget_reflections WHERE item_id = $1`,
        [f.itemId],
      );
      const actApproval = s.approvals.find((a) => a.submissionKind === 'action' && a.status === 'approved')!;
      expect(reflections).toEqual([
        {
          fiscal_year: 2027,
          source_fiscal_year: 2025,
          decision: 'expand',
          current_amount: '10000000',
          proposed_amount: '12000000',
          delta: '2000000',
          rule: 'expand.proposal',
          approval_id: actApproval.id,
        },
      ]);
      const budgetEvents = await db.query(
        `SELECT payload FROM outbox WHERE tenant_id = $1 AND type = 'budget.reflected'`,
        [f.tenantId],
      );
      expect(budgetEvents).toHaveLength(1);
      expect(budgetEvents[0].payload).toMatchObject({
        itemCode: '1-1',
        delta: 2_000_000,
        fiscalYear: 2027,
        sourceFiscalYear: 2025,
      });
      const budgets = await db.query(
        'SELECT fiscal_year, amount, source FROM item_budgets WHERE item_id = $1 ORDER BY fiscal_year',
        [f.itemId],
      );
      expect(budgets).toEqual([{ fiscal_year: 2027, amount: '12000000', source: 'reflection' }]);
      const [ledger] = await db.query(
        `SELECT payload FROM audit_log WHERE cycle_id = $1 AND action = 'budget.reflected'`,
        [input.cycleId],
      );
      expect(ledger.payload.baseline).toEqual({ fiscalYear: 2027, amount: 12_000_000 });

      // Reminders: the plan task got both pre-due reminders, the escalation on its due date and one
      // weekly overdue reminder before it was submitted on 8 May.
      const notices = await db.query(
        `SELECT type, payload->>'taskId' AS task_id, payload->>'reminderKey' AS key, payload->>'scheduledFor' AS at
         FROM outbox WHERE tenant_id = $1 AND type IN ('task.reminder', 'task.escalated') ORDER BY id`,
        [f.tenantId],
      );
      const forTask = (taskId: string) => notices.filter((n: { task_id: string }) => n.task_id === taskId);
      const due = new Date(planTask.dueAt).getTime();
      expect(forTask(planTask.id)).toEqual([
        {
          type: 'task.reminder',
          task_id: planTask.id,
          key: 'before-7d',
          at: new Date(due - 7 * DAY).toISOString(),
        },
        {
          type: 'task.reminder',
          task_id: planTask.id,
          key: 'before-1d',
          at: new Date(due - DAY).toISOString(),
        },
        { type: 'task.escalated', task_id: planTask.id, key: 'overdue', at: new Date(due).toISOString() },
        {
          type: 'task.reminder',
          task_id: planTask.id,
          key: 'overdue-repeat-1',
          at: new Date(due + 7 * DAY).toISOString(),
        },
      ]);
      // On-time reviews (submitted more than 7 days before their due date) got no reminder at all; the two
      // late ones were reminded, escalated and reminded weekly until submitted.
      for (const review of reviews) {
        const keys = forTask(review.id).map((n: { key: string }) => n.key);
        if (LATE_REVIEWS.has(review.periodIndex!)) {
          expect(keys.slice(0, 3)).toEqual(['before-7d', 'before-1d', 'overdue']);
          expect(keys.length).toBeGreaterThanOrEqual(6);
          expect(keys.every((k: string, i: number) => i < 3 || k === `overdue-repeat-${i - 2}`)).toBe(true);
        } else {
          expect(keys).toEqual([]);
        }
      }
      const escalatedTasks = await db.query(
        `SELECT kind, period_index FROM tasks WHERE cycle_id = $1 AND escalated_at IS NOT NULL ORDER BY kind, period_index`,
        [cycleId],
      );
      expect(escalatedTasks).toEqual([
        { kind: 'plan', period_index: null },
        { kind: 'review', period_index: 3 },
        { kind: 'review', period_index: 7 },
      ]);
      const taskRows = await db.query(
        `SELECT kind, status, count(*)::int AS n FROM tasks WHERE cycle_id = $1 GROUP BY kind, status ORDER BY kind`,
        [cycleId],
      );
      expect(taskRows).toEqual([
        { kind: 'action', status: 'done', n: 1 },
        { kind: 'evaluation', status: 'done', n: 1 },
        { kind: 'execution_report', status: 'done', n: 1 },
        { kind: 'plan', status: 'done', n: 1 },
        { kind: 'review', status: 'done', n: 12 },
      ]);

      // The next fiscal year's cycle (opened by the opener, not by this one) is told of the decision.
      const next = await env.client.workflow.getHandle(nextId).describe();
      expect(next.status.name).toBe('RUNNING');
      let nextCycle: Record<string, unknown> | undefined;
      for (let i = 0; i < 150 && !(nextCycle?.carried_over as object | null); i++) {
        [nextCycle] = await db.query(
          'SELECT fiscal_year, stage, status, carried_over FROM cycles WHERE id = $1',
          [cycleIdFor(nextId)],
        );
        if (!nextCycle?.carried_over) await new Promise((r) => setTimeout(r, 100));
      }
      expect(nextCycle).toEqual({
        fiscal_year: 2026,
        stage: 'PLAN',
        status: 'awaiting_submission',
        carried_over: {
          fromFiscalYear: 2025,
          decision: 'expand',
          decisionLabel: { ja: '拡充', en: 'Expand' },
          endsItem: false,
          carriesOver: false,
          proposedAmount: 12_000_000,
          rationale: '対象手続を拡大するため',
          targetFiscalYear: 2027,
          approvedAt: actApproval.decidedAt,
        },
      });
      const told = await db.query(
        `SELECT type FROM outbox WHERE tenant_id = $1 AND type = 'cycle.previous_year_decided'`,
        [f.tenantId],
      );
      expect(told).toHaveLength(1);
      // Exactly one FY2026 cycle, one reflection.
      expect(await db.query('SELECT count(*)::int AS n FROM cycles WHERE item_id = $1', [f.itemId])).toEqual([
        { n: 2 },
      ]);

      const history = await handle.fetchHistory();
      const events = history.events?.length ?? 0;
      console.log(
        `full fiscal year: ${events} history events, ${((Date.now() - started) / 1000).toFixed(1)} s wall time`,
      );
      recordHistoryIfAsked(workflowId, 'overlapping-fiscal-years', env.address);
      await env.client.workflow.getHandle(nextId).terminate('test finished');
      await env.client.workflow.getHandle(openerId).terminate('test finished');
    },
  );
});

it('moves a deadline mid-flight: the timers follow it and reminders already sent are not repeated', async () => {
  const f: CycleFixture = await createCycleFixture(db, { reviewCadence: 'monthly' });
  await withTimeSkippingCycle(f, 'deadline', async ({ handle, until }) => {
    const planTask = (await handle.query(cycleStateQuery)).tasks[0];
    const oldDue = jstInstant(2025, 4, 30, 17);
    expect(planTask.dueAt).toBe(oldDue.toISOString());

    // The 7-day reminder (23 April) has gone out; HQ then moves the deadline to 20 May.
    await until(jstInstant(2025, 4, 24, 9));
    const newDue = jstInstant(2025, 5, 20, 17);
    await handle.executeUpdate(moveDeadlineUpdate, {
      args: [f.hqAdmin, { taskId: planTask.id, dueAt: newDue.toISOString(), reason: '議会日程の変更のため' }],
    });
    await until(jstInstant(2025, 5, 28, 9));

    const notices = await db.query(
      `SELECT type, payload->>'reminderKey' AS key, payload->>'scheduledFor' AS at, payload->>'dueAt' AS due
         FROM outbox WHERE tenant_id = $1 AND payload->>'taskId' = $2 AND type IN ('task.reminder', 'task.escalated')
        ORDER BY id`,
      [f.tenantId, planTask.id],
    );
    const at = (d: Date, days: number) => new Date(d.getTime() + days * DAY).toISOString();
    expect(notices).toEqual([
      { type: 'task.reminder', key: 'before-7d', at: at(oldDue, -7), due: oldDue.toISOString() },
      // no second "7 days before", no reminder for the old due date: the timers follow the new one
      { type: 'task.reminder', key: 'before-1d', at: at(newDue, -1), due: newDue.toISOString() },
      { type: 'task.escalated', key: 'overdue', at: newDue.toISOString(), due: newDue.toISOString() },
      { type: 'task.reminder', key: 'overdue-repeat-1', at: at(newDue, 7), due: newDue.toISOString() },
    ]);
    const [task] = await db.query('SELECT due_at, overdue, reminders_sent FROM tasks WHERE id = $1', [
      planTask.id,
    ]);
    expect(task).toEqual({ due_at: newDue, overdue: true, reminders_sent: 4 });
    await handle.terminate('test finished');
  });
});
