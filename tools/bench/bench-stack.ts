/**
 * The servers of one workflow-benchmark run, started like the integration tests start theirs:
 * PostgreSQL (a throw-away database on DATABASE_URL's server, or an embedded PostgreSQL in a
 * temporary directory), the Temporal dev server on a free port with its SQLite store in a file
 * (as `npm start` runs it; `memory` as the tests do), migrated, and the worker bundle built once.
 * `stop()` removes everything, also after a failure.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, openDevDatabase, startTemporalDevServer } from '@pdca/devstack';
import { resolveLibNames } from '@pdca/temporal/workflow-bundler';
import { bundleWorkflowCode } from '@temporalio/worker';

export interface BenchStackOptions {
  /** `file`: SQLite on disk like `npm start`; `memory`: like the tests. */
  temporalStore: 'file' | 'memory';
  sqlitePragmas?: Readonly<Record<string, string>>;
  dynamicConfig: Readonly<Record<string, string | number | boolean>>;
  log: (line: string) => void;
}

export interface BenchStack {
  databaseUrl: string;
  temporalAddress: string;
  /** The SQLite file (file store only), to check which pragmas really applied. */
  temporalDbFile?: string;
  bundlePath: string;
  stop(): Promise<void>;
}

/** Runs the cleanups last-registered first, each even when one before it failed; empties the list. */
export async function runCleanups(cleanups: Array<() => Promise<void>>, log: (line: string) => void) {
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      await cleanup();
    } catch (err) {
      log(`cleanup failed: ${String(err)}`);
    }
  }
}

export async function startBenchStack(options: BenchStackOptions): Promise<BenchStack> {
  const cleanups: Array<() => Promise<void>> = [];
  const stop = () => runCleanups(cleanups, options.log);
  try {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdca-bench-'));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    const database = await openDevDatabase({ kind: 'throwaway', prefix: 'pdca_wfbench' }, options.log);
    cleanups.push(() => database.close());
    options.log('starting the Temporal dev server …');
    const temporalDbFile = options.temporalStore === 'file' ? path.join(dir, 'temporal.db') : undefined;
    const temporal = await startTemporalDevServer({
      port: await freePort(),
      namespace: 'default',
      dbFile: temporalDbFile,
      sqlitePragmas: options.sqlitePragmas,
      dynamicConfig: options.dynamicConfig,
    });
    cleanups.push(() => temporal.stop());
    options.log('bundling workflow code …');
    const bundle = await bundleWorkflowCode({
      webpackConfigHook: resolveLibNames,
      workflowsPath: require.resolve('./workflows'),
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn: options.log, error: options.log },
    });
    const bundlePath = path.join(dir, 'workflow-bundle.js');
    fs.writeFileSync(bundlePath, bundle.code);
    return {
      databaseUrl: database.ownerUrl,
      temporalAddress: temporal.address,
      temporalDbFile,
      bundlePath,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
