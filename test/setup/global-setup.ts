/**
 * Starts the real servers the integration tests need, once per `jest` run:
 * - PostgreSQL: a throw-away database on DATABASE_URL's server when it is set, otherwise an
 *   embedded PostgreSQL in a temporary directory on a free port;
 *   migrated as its owner; the tests (like the API and worker) then connect as the application's
 *   login, a member of pdca_app (DATABASE_URL), and only what needs the owner uses
 *   DATABASE_OWNER_URL (test/support/owner-database.ts);
 * - the Temporal dev server (`temporal server start-dev`, in memory, headless) on a free port;
 * then migrates once. Test workers inherit the resulting environment variables.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { Client } from 'pg';
import { WORKFLOWS_PATH } from '../../apps/worker/src/worker-factory';
import { freePort, startEmbeddedPostgres, startTemporalDevServer } from '../../libs/devstack/src';
import { DEV_APP_LOGIN, ensureAppLogin, runMigrations, withLogin } from '../../libs/persistence/src';
import { setStack, TestStack } from './test-stack';

const log = (message: string) => process.stdout.write(`[integration setup] ${message}\n`);

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const stack: TestStack = { cleanups: [] };
  setStack(stack);
  try {
    const databaseUrl = await startDatabase(stack);
    log('starting the Temporal dev server …');
    const temporal = await startTemporalDevServer({ port: await freePort(), namespace: 'default' });
    stack.cleanups.unshift(() => temporal.stop());
    log(`migrating ${redact(databaseUrl)} …`);
    await runMigrations(databaseUrl);
    await ensureAppLogin(databaseUrl, DEV_APP_LOGIN);
    // Bundling the workflow code takes seconds: do it once for every test file's workers.
    log('bundling workflow code …');
    const bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger });
    const bundlePath = path.join(os.tmpdir(), `pdca-workflow-bundle-${process.pid}.js`);
    fs.writeFileSync(bundlePath, bundle.code);
    stack.cleanups.push(async () => fs.rmSync(bundlePath, { force: true }));
    process.env.PDCA_WORKFLOW_BUNDLE = bundlePath;

    process.env.DATABASE_OWNER_URL = databaseUrl;
    process.env.DATABASE_URL = withLogin(databaseUrl, DEV_APP_LOGIN);
    process.env.TEMPORAL_ADDRESS = temporal.address;
    process.env.TEMPORAL_NAMESPACE = 'default';
    log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s (Temporal ${temporal.address})`);
  } catch (err) {
    // Jest does not call globalTeardown when globalSetup throws: clean up here.
    await runCleanups(stack);
    throw err;
  }
}

async function startDatabase(stack: TestStack): Promise<string> {
  const external = process.env.DATABASE_URL;
  const name = `pdca_test_${process.pid}_${Date.now()}`;
  if (external) {
    log(`creating database ${name} on DATABASE_URL's server …`);
    const admin = new Client({ connectionString: external });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    stack.cleanups.unshift(async () => {
      const client = new Client({ connectionString: external });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    });
    const url = new URL(external);
    url.pathname = `/${name}`;
    return url.toString();
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdca-test-pg-'));
  log('starting embedded PostgreSQL …');
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dataDir, 'data'),
    port: await freePort(),
    database: name,
  });
  stack.cleanups.unshift(async () => {
    await pg.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return pg.url;
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

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}
