/**
 * Starts the real servers the integration tests need, once per `jest` run:
 * - PostgreSQL (libs/devstack's openDevDatabase): a throw-away database on DATABASE_URL's server
 *   when it is set, otherwise an embedded PostgreSQL in a temporary directory on a free port;
 *   migrated as its owner; the tests (like the API and worker) then connect as the application's
 *   login, a member of pdca_app (DATABASE_URL), and only what needs the owner uses
 *   DATABASE_OWNER_URL (test/support/owner-database.ts);
 * - the Temporal dev server (`temporal server start-dev`, in memory, headless) on a free port.
 * Test workers inherit the resulting environment variables.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, openDevDatabase, startTemporalDevServer } from '@pdca/devstack';
import { resolveLibNames } from '@pdca/temporal/workflow-bundler';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../apps/worker/src/worker-factory';
import { setStack, TestStack } from './test-stack';

const log = (message: string) => process.stdout.write(`[integration setup] ${message}\n`);

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const stack: TestStack = { cleanups: [] };
  setStack(stack);
  try {
    const database = await openDevDatabase({ kind: 'throwaway', prefix: 'pdca_test' }, log);
    stack.cleanups.unshift(() => database.close());
    log('starting the Temporal dev server …');
    const temporal = await startTemporalDevServer({ port: await freePort(), namespace: 'default' });
    stack.cleanups.unshift(() => temporal.stop());
    // Bundling the workflow code takes seconds: do it once for every test file's workers.
    log('bundling workflow code …');
    const bundle = await bundleWorkflowCode({
      webpackConfigHook: resolveLibNames,
      workflowsPath: WORKFLOWS_PATH,
      logger: quietLogger,
    });
    const bundlePath = path.join(os.tmpdir(), `pdca-workflow-bundle-${process.pid}.js`);
    fs.writeFileSync(bundlePath, bundle.code);
    stack.cleanups.push(async () => fs.rmSync(bundlePath, { force: true }));
    process.env.PDCA_WORKFLOW_BUNDLE = bundlePath;

    process.env.DATABASE_OWNER_URL = database.ownerUrl;
    process.env.DATABASE_URL = database.appUrl;
    process.env.TEMPORAL_ADDRESS = temporal.address;
    process.env.TEMPORAL_NAMESPACE = 'default';
    log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s (Temporal ${temporal.address})`);
  } catch (err) {
    // Jest does not call globalTeardown when globalSetup throws: clean up here.
    await runCleanups(stack);
    throw err;
  }
}

export async function runCleanups(stack: TestStack): Promise<void> {
  for (const cleanup of stack.cleanups.splice(0)) {
    try {
      await cleanup();
    } catch (err) {
      log(`cleanup failed: ${String(err)}`);
    }
  }
}

const quietLogger = {
  log: () => {},
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: (message: string) => log(`bundler: ${message}`),
  error: (message: string) => log(`bundler: ${message}`),
};
