/**
 * The product's worker (createPdcaWorker, the workflow bundle + the floor) in a process of its own,
 * started by the workflow benchmark with --expose-gc, so its memory is the worker's alone. Talks
 * over IPC: 'ready' once polling; answers 'memory' with RSS and heap before and after a full
 * collection; 'stop' shuts it down gracefully.
 */
import 'reflect-metadata';
import { createDataSource } from '@pdca/persistence';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createPdcaWorker } from '../../apps/worker/src/worker-factory';
import {
  BENCH_WORKER_ENV,
  type BenchWorkerConfig,
  type BenchWorkerMessage,
  type BenchWorkerRequest,
  type MemorySample,
} from './bench-worker.protocol';

function sample(): MemorySample {
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
  return { rss, heapUsed, heapTotal, external };
}

async function main(): Promise<void> {
  const config = JSON.parse(process.env[BENCH_WORKER_ENV] ?? '') as BenchWorkerConfig;
  const send = (message: BenchWorkerMessage) => process.send?.(message);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const dataSource = createDataSource(config.databaseUrl, {
    poolSize: config.poolSize,
    applicationName: 'pdca-bench-worker',
  });
  await dataSource.initialize();
  const connection = await NativeConnection.connect({ address: config.temporalAddress });
  const worker = await createPdcaWorker({
    connection,
    dataSource,
    taskQueue: config.taskQueue,
    workflowBundle: { codePath: config.bundlePath },
    overrides: { ...config.workerOptions, shutdownGraceTime: '5s' },
  });
  const gc = (globalThis as { gc?: () => void }).gc;
  process.on('message', (request: BenchWorkerRequest) => {
    if (request.type === 'stop') {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      return;
    }
    const before = sample();
    gc?.();
    gc?.();
    send({ type: 'memory', id: request.id, before, afterGc: sample() });
  });
  // The parent going away (Ctrl-C, a crash) must not leave a worker polling.
  process.on('disconnect', () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
  });
  const running = worker.run();
  send({ type: 'ready' });
  try {
    await running;
  } finally {
    await connection.close();
    await dataSource.destroy();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.send?.({
      type: 'failed',
      message: err instanceof Error ? (err.stack ?? err.message) : String(err),
    });
    console.error(err);
    process.exit(1);
  },
);
