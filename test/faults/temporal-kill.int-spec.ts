/**
 * Fault: the Temporal server is killed with SIGKILL while commands keep coming, and started again
 * on the same port and SQLite file (as `npm start` runs it). The API and the built worker
 * reconnect (the worker is started again if it gave up); no command is lost or duplicated.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startTemporalDevServer, type TemporalDevServerHandle } from '@pdca/devstack';
import { type ApiTestApp, startApiApp } from '../api/api-test-app';
import { type ApiFixture, createApiFixture } from '../api/fixtures';
import { uniqueSuffix } from '../support/test-worker';
import { assertBuiltWorker, killed, spawnWorkerProcess } from '../support/worker-process';
import { type CityDatabase, openCityDatabase } from './city-database';
import { deadlineMovesThrough } from './deadline-load';

let api: ApiTestApp;
let fx: ApiFixture;
let temporal: TemporalDevServerHandle;
let worker: ChildProcess | undefined;
let dir: string;
let port: number;
let database: CityDatabase;
const taskQueue = `faults-temporal-${uniqueSuffix()}`;

const startTemporal = () =>
  startTemporalDevServer({ port, namespace: 'default', dbFile: path.join(dir, 'temporal.db') });
const workerEnv = () => ({
  TEMPORAL_TASK_QUEUE: taskQueue,
  TEMPORAL_ADDRESS: temporal.address,
  DATABASE_URL: database.appUrl,
});

beforeAll(async () => {
  assertBuiltWorker();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdca-faults-temporal-'));
  port = await freePort();
  temporal = await startTemporal();
  database = await openCityDatabase('pdca_faults_temporal');
  api = await startApiApp(
    { TEMPORAL_TASK_QUEUE: taskQueue, TEMPORAL_ADDRESS: temporal.address, DATABASE_URL: database.appUrl },
    { updateTimeoutMs: 6_000 },
  );
  fx = await createApiFixture(api);
  worker = await spawnWorkerProcess(workerEnv());
});

afterAll(async () => {
  if (worker) await killed(worker);
  await api?.close();
  await temporal?.stop();
  await database?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('loses and duplicates no command when the Temporal server is killed with SIGKILL under load', async () => {
  await deadlineMovesThrough(
    api,
    fx,
    async () => {
      process.kill(temporal.pid, 'SIGKILL');
      await new Promise((r) => setTimeout(r, 2_000));
      temporal = await startTemporal();
      // The worker may have given up polling meanwhile: then it is started again, as npm start does.
      if (worker?.exitCode !== null || worker?.signalCode !== null)
        worker = await spawnWorkerProcess(workerEnv());
    },
    'Temporal SIGKILL',
  );
}, 150_000);
