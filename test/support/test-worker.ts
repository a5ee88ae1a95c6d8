import { createDataSource } from '@pdca/persistence';
import { NativeConnection, type Worker, type WorkerOptions } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { createPdcaWorker } from '../../apps/worker/src/worker-factory';

/** A real worker on the integration stack's Temporal server, with the pre-built workflow bundle. */
export interface RunningWorker {
  worker: Worker;
  taskQueue: string;
  stop(): Promise<void>;
}

export function workflowBundle() {
  const codePath = process.env.PDCA_WORKFLOW_BUNDLE;
  if (!codePath)
    throw new Error('PDCA_WORKFLOW_BUNDLE is not set: run integration tests through jest (global setup)');
  return { codePath };
}

export async function openDataSource(): Promise<DataSource> {
  const dataSource = createDataSource(process.env.DATABASE_URL!, { poolSize: 4 });
  await dataSource.initialize();
  return dataSource;
}

export async function startWorker(
  dataSource: DataSource,
  taskQueue: string,
  connection?: NativeConnection,
  /** Other workflow code than today's (test/workflow/deploy-mid-cycle runs the code before #21). */
  bundle: WorkerOptions['workflowBundle'] = workflowBundle(),
): Promise<RunningWorker> {
  const ownConnection =
    connection ?? (await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! }));
  const worker = await createPdcaWorker({
    connection: ownConnection,
    dataSource,
    taskQueue,
    workflowBundle: bundle,
  });
  const running = worker.run();
  return {
    worker,
    taskQueue,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      if (!connection) await ownConnection.close();
    },
  };
}

export const uniqueSuffix = (): string =>
  `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;

/** Waits until the worker's projection has written the cycle's read-model row (15 s at most). */
export async function waitForCycleRow(dataSource: DataSource, cycleId: string): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if ((await dataSource.query('SELECT 1 FROM cycles WHERE id = $1', [cycleId])).length > 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`cycle ${cycleId} was not projected within 15 s`);
}
