/**
 * The harness of the workflow tests on the time-skipping server: a fresh server with the search
 * attributes registered, a real worker over the test's PostgreSQL on a task queue of its own, the
 * business clock those tests sleep by, and a poll for what the worker writes asynchronously.
 */
import { registerSearchAttributes } from '@pdca/devstack';
import { startTimeSkippingEnvironment } from '@pdca/devstack/time-skipping-server';
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createPdcaWorker } from '../../apps/worker/src/worker-factory';
import { uniqueSuffix, workflowBundle } from './test-worker';

export interface TimeSkippingRun {
  env: TestWorkflowEnvironment;
  /** env.client as the @temporalio/client Client the product's helpers take. */
  client: Client;
  /** `<name>-<unique suffix>`, the queue the worker polls. */
  taskQueue: string;
}

/**
 * Runs `body` while a worker runs on a fresh time-skipping server, which is torn down after. The
 * worker is the product's (createPdcaWorker over `db`), or, given `activities`, one with only those.
 */
export async function withTimeSkippingWorker<T>(
  db: DataSource,
  name: string,
  body: (run: TimeSkippingRun) => Promise<T>,
  options: { activities?: object } = {},
): Promise<T> {
  const env = await startTimeSkippingEnvironment();
  try {
    await registerSearchAttributes(env.connection);
    const taskQueue = `${name}-${uniqueSuffix()}`;
    const worker = options.activities
      ? await Worker.create({
          connection: env.nativeConnection,
          taskQueue,
          workflowBundle: workflowBundle(),
          activities: options.activities,
        })
      : await createPdcaWorker({
          connection: env.nativeConnection,
          dataSource: db,
          taskQueue,
          workflowBundle: workflowBundle(),
        });
    return await worker.runUntil(() => body({ env, client: env.client as unknown as Client, taskQueue }));
  } finally {
    await env.teardown();
  }
}

/**
 * Sleeps the server until a business instant: the business clock reads `businessStartMs` when the
 * server's clock read `serverStartMs` (a workflow's start time, or env.currentTimeMs() then).
 */
export function businessSleeper(
  env: TestWorkflowEnvironment,
  businessStartMs: number,
  serverStartMs: number,
): (at: number | Date) => Promise<void> {
  return async (at) => {
    const target = typeof at === 'number' ? at : at.getTime();
    const now = businessStartMs + ((await env.currentTimeMs()) - serverStartMs);
    if (target > now) await env.sleep(target - now);
  };
}

/** Polls a read until it is what the test expects (the worker writes asynchronously; 30 s at most). */
export async function eventually<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  what: string,
): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = await read();
    if (ok(value)) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
