import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PreparedDatabase } from '@pdca/persistence/prepare-database';
import { Client } from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres';
import { freePort } from './free-port';
import { runningPostmaster } from './postmaster-pid';
import { devDataDir } from './project-root';

/** Tried first for the development PostgreSQL (`pdca start`, `migrate`, `import`); a free one when busy. */
export const DEFAULT_POSTGRES_PORT = 54329;
/** The development database in .data/postgres. */
export const DEV_DATABASE = 'pdca';

export type DevDatabaseTarget =
  /**
   * The development database "pdca" in .data/postgres (the one `pdca start` uses): the running
   * stack's when it runs, else the embedded PostgreSQL started here (and stopped by close()).
   */
  | { kind: 'dev' }
  /**
   * A new database `<prefix>_<pid>_<ms>`, on DATABASE_URL's server when that is set, else in an
   * embedded PostgreSQL in a temporary directory; close() drops it (tests, benchmarks). `server`
   * (a URL whose login may create databases) takes the place of DATABASE_URL.
   */
  | { kind: 'throwaway'; prefix: string; server?: string };

export interface DevDatabase {
  /** The schema owner's URL (migrations, fixtures that need the owner). */
  ownerUrl: string;
  /** The services' login (pdca_service, a member of pdca_app), as the API and worker connect. */
  appUrl: string;
  /** For messages: which database this is, without a password. */
  describe: string;
  /** `pdca start` runs on it (the dev database only): it was found, not started. */
  running: boolean;
  /** What the migrations did (nothing, usually, on the running stack's database). */
  prepared: PreparedDatabase;
  close(): Promise<void>;
}

/**
 * The one way development tools (the CLI, the integration tests, the benchmarks) open a
 * database of their own: found or started, migrated as its owner, the services' login created.
 */
export async function openDevDatabase(
  target: DevDatabaseTarget,
  log: (line: string) => void = () => {},
): Promise<DevDatabase> {
  const { DEV_APP_LOGIN, prepareDatabase, withLogin } = await import('@pdca/persistence');
  const opened =
    target.kind === 'dev' ? await devCluster(log) : await throwaway(target.prefix, log, target.server);
  const appUrl = withLogin(opened.ownerUrl, DEV_APP_LOGIN);
  try {
    return { ...opened, appUrl, prepared: await prepareDatabase(opened.ownerUrl, appUrl) };
  } catch (err) {
    await opened.close();
    throw err;
  }
}

type Opened = Omit<DevDatabase, 'appUrl' | 'prepared'>;

async function devCluster(log: (line: string) => void): Promise<Opened> {
  const dataDir = path.join(devDataDir(), 'postgres');
  const running = runningPostmaster(dataDir);
  if (running) {
    return {
      ownerUrl: `postgres://postgres:postgres@127.0.0.1:${running.port}/${DEV_DATABASE}`,
      describe: `the development database "${DEV_DATABASE}"`,
      running: true,
      close: async () => {},
    };
  }
  log(`starting the embedded PostgreSQL in ${dataDir}`);
  const postgres = await startEmbeddedPostgres({
    dataDir,
    port: await freePort(DEFAULT_POSTGRES_PORT),
    database: DEV_DATABASE,
  });
  return {
    ownerUrl: postgres.url,
    describe: `the embedded database "${DEV_DATABASE}"`,
    running: false,
    close: () => postgres.stop(),
  };
}

async function throwaway(prefix: string, log: (line: string) => void, server?: string): Promise<Opened> {
  const name = `${prefix}_${process.pid}_${Date.now()}`;
  const external = (server ?? process.env.DATABASE_URL)?.trim();
  if (external) {
    log(`creating database ${name} on DATABASE_URL's server …`);
    await adminQuery(external, `CREATE DATABASE ${name}`);
    const url = new URL(external);
    url.pathname = `/${name}`;
    return {
      ownerUrl: url.toString(),
      describe: `database ${name} on DATABASE_URL's server`,
      running: false,
      close: () => adminQuery(external, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix.replace(/_/g, '-')}-pg-`));
  log('starting embedded PostgreSQL …');
  try {
    const postgres = await startEmbeddedPostgres({
      dataDir: path.join(dir, 'data'),
      port: await freePort(),
      database: name,
    });
    return {
      ownerUrl: postgres.url,
      describe: `database ${name} in an embedded PostgreSQL (${dir})`,
      running: false,
      close: async () => {
        await postgres.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
