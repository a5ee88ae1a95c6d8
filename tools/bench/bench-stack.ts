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
import { bundleWorkflowCode } from '@temporalio/worker';
import { Client } from 'pg';
import { freePort, startEmbeddedPostgres, startTemporalDevServer } from '../../libs/devstack/src';
import { runMigrations } from '../../libs/persistence/src';

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

export async function startBenchStack(options: BenchStackOptions): Promise<BenchStack> {
  const cleanups: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (err) {
        options.log(`cleanup failed: ${String(err)}`);
      }
    }
  };
  try {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdca-bench-'));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    const databaseUrl = await startDatabase(dir, cleanups, options.log);
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
    options.log('migrating …');
    await runMigrations(databaseUrl);
    options.log('bundling workflow code …');
    const bundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('./workflows'),
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn: options.log, error: options.log },
    });
    const bundlePath = path.join(dir, 'workflow-bundle.js');
    fs.writeFileSync(bundlePath, bundle.code);
    return { databaseUrl, temporalAddress: temporal.address, temporalDbFile, bundlePath, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function startDatabase(
  dir: string,
  cleanups: Array<() => Promise<void>>,
  log: (line: string) => void,
): Promise<string> {
  const name = `pdca_wfbench_${process.pid}_${Date.now()}`;
  const external = process.env.DATABASE_URL?.trim();
  if (external) {
    log(`creating database ${name} on DATABASE_URL's server …`);
    const admin = new Client({ connectionString: external });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    cleanups.push(async () => {
      const client = new Client({ connectionString: external });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    });
    const url = new URL(external);
    url.pathname = `/${name}`;
    return url.toString();
  }
  log('starting embedded PostgreSQL …');
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'pg'),
    port: await freePort(),
    database: name,
  });
  cleanups.push(() => pg.stop());
  return pg.url;
}
