/**
 * #12: a fiscal year on the time-skipping server with 効果額 and progress grades, on a tenant with
 * the ◎○△× scale, and a second item that only has an imported target. The roll-up read from the
 * database must equal the figures this test computes from its own inputs.
 */

import {
  CYCLE_WORKFLOW_TYPE,
  type CycleState,
  decideUpdate,
  submitActionUpdate,
  submitEvaluationUpdate,
  submitExecutionReportUpdate,
  submitPlanUpdate,
  submitReviewUpdate,
} from '@pdca/contracts';
import { jstInstant, rollUpPlan } from '@pdca/domain';
import { PlanReportRepository } from '@pdca/persistence/repositories';
import type { DataSource } from 'typeorm';
import { createCycleActivities } from '../../apps/worker/src/cycle.activities';
import { cycleInput, rejectionOf } from '../support/cycle-client';
import { createCycleFixture } from '../support/cycle-fixtures';
import { openDataSource, waitForCycleRow } from '../support/test-worker';
import { businessSleeper, withTimeSkippingWorker } from '../support/time-skipping';

let db: DataSource;

beforeAll(async () => {
  db = await openDataSource();
});

afterAll(async () => {
  await db?.destroy();
});

// The inputs (yen).
const PLAN_TARGET = { spendingReduction: 4_000_000, revenueGain: 1_000_000, cost: 1_500_000 };
const ACTUAL = { spendingReduction: 3_200_000, revenueGain: 1_100_000, cost: 1_400_000 };
const IMPORTED_2024 = { spendingReduction: 2_000_000, revenueGain: 0, cost: 500_000, net: 1_500_000 };
const OTHER_ITEM_2025 = { spendingReduction: null, revenueGain: null, cost: null, net: 800_000 };

it('ends a fiscal year with effects and grades in the right roll-up numbers', async () => {
  const f = await createCycleFixture(db, {
    reviewCadence: 'quarterly',
    budget: 10_000_000,
    settings: { progressGrades: 'marks' },
  });
  // The plan import's targets: the cycle's item for FY2024 (before this cycle) and a second item.
  await db.query('UPDATE items SET effect_targets = $2 WHERE id = $1', [
    f.itemId,
    JSON.stringify({ 2024: IMPORTED_2024 }),
  ]);
  const [{ plan_id: planId }] = await db.query('SELECT plan_id FROM items WHERE id = $1', [f.itemId]);
  await db.query(
    `INSERT INTO items (tenant_id, plan_id, code, title, effect_targets, sort) VALUES ($1, $2, '1-2', '公用車の削減', $3, 2)`,
    [f.tenantId, planId, JSON.stringify({ 2025: OTHER_ITEM_2025 })],
  );

  const { workflowId, input } = cycleInput(f, 2025);
  await withTimeSkippingWorker(
    db,
    'effects',
    async ({ env, taskQueue }) => {
      const handle = await env.client.workflow.start(CYCLE_WORKFLOW_TYPE, {
        workflowId,
        taskQueue,
        args: [input],
      });
      await waitForCycleRow(db, input.cycleId);
      const started = (await handle.describe()).startTime.getTime();
      const until = businessSleeper(env, input.businessStartMs!, started);
      const approve = (s: CycleState, rating?: 'A' | 'B' | 'C' | 'D') =>
        handle.executeUpdate(decideUpdate, {
          args: [
            f.hq,
            {
              approvalId: s.approvals.find((a) => a.status === 'pending')!.id,
              decision: 'approve',
              ...(rating ? { rating } : {}),
            },
          ],
        });

      let s = await handle.executeUpdate(submitPlanUpdate, {
        args: [
          f.leader,
          {
            targets: [
              { indicatorId: f.indicatorIds[0]!, target: 50 },
              { indicatorId: f.indicatorIds[1]!, target: 15 },
            ],
            activities: ['公用車を削減'],
            budgetRequest: 10_000_000,
            effectTarget: PLAN_TARGET,
          },
        ],
      });
      s = await approve(s);
      const reviews = s.tasks
        .filter((t) => t.kind === 'review')
        .sort((a, b) => a.periodIndex! - b.periodIndex!);
      expect(reviews).toHaveLength(4);
      for (const [i, task] of reviews.entries()) {
        // Each review once its period has ended (its opening date).
        await until(jstInstant(i < 2 ? 2025 : 2026, [7, 10, 1, 4][i]!, 1, 9));
        if (i === 0) {
          // A grade outside the tenant's scale is refused, naming the field.
          const refused = await rejectionOf(
            handle.executeUpdate(submitReviewUpdate, {
              args: [f.leader, task.id, { periodIndex: 1, progress: 10, status: 'on_track', grade: 'S' }],
            }),
          );
          expect(refused).toContain('INVALID_PAYLOAD');
        }
        await handle.executeUpdate(submitReviewUpdate, {
          args: [
            f.leader,
            task.id,
            {
              periodIndex: i + 1,
              progress: (i + 1) * 25,
              status: 'at_risk',
              ...(i < 3 ? { grade: 'circle' } : {}),
            },
          ],
        });
      }
      // After the last review (no grade, at risk): the grade is what its status maps to (△).
      const midYear = await new PlanReportRepository(db).load(f.tenantId, planId, 2025);
      expect(midYear!.items[0]!.grade).toBe('triangle');

      await until(jstInstant(2026, 4, 6, 9));
      s = await handle.executeUpdate(submitExecutionReportUpdate, { args: [f.leader, { summary: '実施' }] });
      s = await approve(s);
      s = await handle.executeUpdate(submitEvaluationUpdate, {
        args: [
          f.leader,
          {
            actuals: [
              { indicatorId: f.indicatorIds[0]!, actual: 45 },
              { indicatorId: f.indicatorIds[1]!, actual: 12 },
            ],
            selfRating: 'A',
            analysis: '台数削減は概ね計画どおり',
            grade: 'double_circle',
            effects: ACTUAL,
          },
        ],
      });
      s = await approve(s, 'B');
      s = await handle.executeUpdate(submitActionUpdate, {
        args: [f.leader, { decision: 'continue', rationale: '継続' }],
      });
      await approve(s);
      await handle.result();
    },
    { activities: createCycleActivities(db) },
  );

  // Computed here from the inputs, independently of rollUpPlan.
  const targetNet2025 = PLAN_TARGET.spendingReduction + PLAN_TARGET.revenueGain - PLAN_TARGET.cost; // 3,500,000
  const actualNet2025 = ACTUAL.spendingReduction + ACTUAL.revenueGain - ACTUAL.cost; // 2,900,000
  const yearTarget = targetNet2025 + OTHER_ITEM_2025.net;
  const expectedRate = Math.round((actualNet2025 / yearTarget) * 1000) / 10;

  const data = (await new PlanReportRepository(db).load(f.tenantId, planId, 2025))!;
  const sut = rollUpPlan(data.items, 2025, data.plan.periodStartFy);
  expect(sut.cumulativeFromFy).toBe(2024);
  expect(sut.plan.items).toBe(2);
  expect(sut.plan.year.target).toEqual({
    spendingReduction: PLAN_TARGET.spendingReduction,
    revenueGain: PLAN_TARGET.revenueGain,
    cost: PLAN_TARGET.cost,
    net: yearTarget,
  });
  expect(sut.plan.year.actual).toEqual({ ...ACTUAL, net: actualNet2025 });
  expect(sut.plan.year.achievementRate).toBe(expectedRate);
  expect(sut.plan.cumulative.target.net).toBe(IMPORTED_2024.net + yearTarget);
  expect(sut.plan.cumulative.actual.net).toBe(actualNet2025);
  expect(sut.plan.byGrade).toEqual({ double_circle: 1, none: 1 });
  expect(sut.plan.byRating).toEqual({ B: 1, none: 1 });
  expect(sut.plan.byDecision).toEqual({ continue: 1, none: 1 });
  expect(sut.plan.byStage).toEqual({ ACT: 1, not_started: 1 });
  const [row] = data.items;
  expect(row).toMatchObject({
    selfRating: 'A',
    hqRating: 'B',
    budgetCurrent: 10_000_000,
    leaderName: '改革 リーダー',
  });
  expect(row!.indicators.map((i) => [i.target, i.actual])).toEqual([
    [50, 45],
    [15, 12],
  ]);
}, 120_000);
