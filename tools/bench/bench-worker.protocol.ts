import type { WorkerOptions } from '@temporalio/worker';

/** What the benchmark hands its worker child (JSON in an environment variable). */
export interface BenchWorkerConfig {
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  bundlePath: string;
  poolSize?: number;
  /** Plain-JSON worker options only (cache size, task slots, reuseV8Context). */
  workerOptions?: Partial<WorkerOptions>;
}

export interface MemorySample {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
}

export type BenchWorkerMessage =
  | { type: 'ready' }
  | { type: 'memory'; id: number; before: MemorySample; afterGc: MemorySample }
  | { type: 'failed'; message: string };

export type BenchWorkerRequest = { type: 'memory'; id: number } | { type: 'stop' };

export const BENCH_WORKER_ENV = 'PDCA_BENCH_WORKER';
