/**
 * The per-tenant fiscal-year opener on the time-skipping test server with a real worker and the
 * real PostgreSQL: a late start opens the current year at once, the next year opens on its
 * plan-open date (1 February) while the current one still runs, and a plan ending in FY2027 opens
 * no FY2028 cycle.
 */

import { cycleIdFor, cycleWorkflowId, fiscalYearOpenerWorkflowId } from '@pdca/contracts';
import { registerSearchAttributes } from '@pdca/devstack';
import { startTimeSkippingEnvironment } from '@pdca/devstack/time-skipping-server';
import { jstInstant } from '@pdca/domain';
import { ensureFiscalYearOpener } from '@pdca/temporal';
import { Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createCycleActivities } from '../../apps/worker/src/cycle.activities';
import { createFiscalYearOpenerActivities } from '../../apps/worker/src/fiscal-year-opener.activities';
import { createCycleFixture } from '../support/cycle-fixtures';
import { openDataSource, uniqueSuffix, workflowBundle } from '../support/test-worker';

let db: DataSource;

beforeAll(async () => {
  db = await openDataSource();
});

afterAll(async () => {
  await db?.destroy();
});

const yearsOf = async (itemId: string): Promise<number[]> =>
  (await db.query('SELECT fiscal_year FROM cycles WHERE item_id = $1 ORDER BY fiscal_year', [itemId])).map(
    (r: { fiscal_year: number }) => r.fiscal_year,
  );

async function waitForYears(itemId: string, expected: number[]): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (JSON.stringify(await yearsOf(itemId)) === JSON.stringify(expected)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(await yearsOf(itemId)).toEqual(expected);
}

it('opens each fiscal year on its plan-open date, once, and none past the plan', async () => {
  const f = await createCycleFixture(db, { periodEndFy: 2027 });
  const env = await startTimeSkippingEnvironment();
  try {
    await registerSearchAttributes(env.connection);
    const taskQueue = `opener-${uniqueSuffix()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: workflowBundle(),
      activities: { ...createCycleActivities(db), ...createFiscalYearOpenerActivities(db) },
    });
    await worker.runUntil(async () => {
      const start = jstInstant(2027, 1, 20, 9);
      const serverStart = await env.currentTimeMs();
      const businessNow = async () => start.getTime() + ((await env.currentTimeMs()) - serverStart);
      const until = async (at: Date) => {
        const now = await businessNow();
        if (at.getTime() > now) await env.sleep(at.getTime() - now);
      };
      const input = {
        tenantId: f.tenantId,
        tenantCode: f.tenantCode,
        timeScale: 1,
        businessStartMs: start.getTime(),
      };
      await ensureFiscalYearOpener(env.client, taskQueue, input);
      // Started twice (a worker restart): still one opener.
      await ensureFiscalYearOpener(env.client, taskQueue, input);

      // Started late in FY2026: FY2026 opens at once.
      await waitForYears(f.itemId, [2026]);
      // 1 February 2027: FY2027 opens while FY2026 still runs.
      await until(jstInstant(2027, 2, 1, 1));
      await waitForYears(f.itemId, [2026, 2027]);
      const fy2026 = await env.client.workflow
        .getHandle(cycleWorkflowId(f.tenantCode, f.itemId, 2026))
        .describe();
      expect(fy2026.status.name).toBe('RUNNING');
      const [opened] = await db.query('SELECT started_at FROM cycles WHERE id = $1', [
        cycleIdFor(cycleWorkflowId(f.tenantCode, f.itemId, 2027)),
      ]);
      expect(new Date(opened.started_at).getTime()).toBeGreaterThanOrEqual(jstInstant(2027, 2, 1).getTime());

      // The plan ends in FY2027: 1 February 2028 opens nothing.
      await until(jstInstant(2028, 2, 2, 9));
      await new Promise((r) => setTimeout(r, 2000));
      expect(await yearsOf(f.itemId)).toEqual([2026, 2027]);
      const opener = await env.client.workflow.getHandle(fiscalYearOpenerWorkflowId(f.tenantCode)).describe();
      expect(opener.status.name).toBe('RUNNING');

      for (const fy of [2026, 2027]) {
        await env.client.workflow
          .getHandle(cycleWorkflowId(f.tenantCode, f.itemId, fy))
          .terminate('test finished');
      }
      await env.client.workflow
        .getHandle(fiscalYearOpenerWorkflowId(f.tenantCode))
        .terminate('test finished');
    });
  } finally {
    await env.teardown();
  }
}, 240_000);
