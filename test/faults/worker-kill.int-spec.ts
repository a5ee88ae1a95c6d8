/**
 * Fault: the worker process (the built one, as production runs it) is killed with SIGKILL while
 * commands keep coming, and started again. Every command answered 200 is in the ledger exactly
 * once, every 503 left nothing behind, a 504 at most once, and the ledger verifies.
 */
import type { ChildProcess } from 'node:child_process';
import { type ApiTestApp, startApiApp } from '../api/api-test-app';
import { type ApiFixture, createApiFixture } from '../api/fixtures';
import { uniqueSuffix } from '../support/test-worker';
import {
  assertBuiltWorker,
  BUILT_WORKFLOW_BUNDLE,
  killed,
  spawnWorkerProcess,
  workerOutput,
} from '../support/worker-process';
import { type CityDatabase, openCityDatabase } from './city-database';
import { deadlineMovesThrough } from './deadline-load';

let api: ApiTestApp;
let fx: ApiFixture;
let taskQueue: string;
let worker: ChildProcess | undefined;
let database: CityDatabase;

beforeAll(async () => {
  assertBuiltWorker();
  taskQueue = `faults-${uniqueSuffix()}`;
  database = await openCityDatabase('pdca_faults_worker');
  api = await startApiApp(
    { TEMPORAL_TASK_QUEUE: taskQueue, DATABASE_URL: database.appUrl },
    { updateTimeoutMs: 6_000 },
  );
  fx = await createApiFixture(api);
  worker = await spawnWorkerProcess(workerEnv());
});

afterAll(async () => {
  if (worker) await killed(worker);
  await api?.close();
  await database?.close();
});

const workerEnv = () => ({ TEMPORAL_TASK_QUEUE: taskQueue, DATABASE_URL: database.appUrl });

it('loses and duplicates no command when the worker is killed with SIGKILL under load', async () => {
  await deadlineMovesThrough(
    api,
    fx,
    async () => {
      await killed(worker!);
      await new Promise((r) => setTimeout(r, 2_000));
      worker = await spawnWorkerProcess(workerEnv());
    },
    'worker SIGKILL',
  );
}, 120_000);

// A restarted worker took 17–42 s in the topology bench (#27), most of it webpack bundling the
// workflow code at every start; the build now bundles it once and the worker takes that file.
it('comes back on the workflow bundle the build made, without bundling at start', () => {
  expect(workerOutput(worker!)).toContain(
    `[worker] workflow code: ${BUILT_WORKFLOW_BUNDLE} (made by npm run build)`,
  );
  expect(workerOutput(worker!)).not.toContain('bundling workflows/ now');
});
