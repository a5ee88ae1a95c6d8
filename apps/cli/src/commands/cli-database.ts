import type { CliOutput } from './command';

export interface CliDatabase {
  url: string;
  describe: string;
  close(): Promise<void>;
}

/**
 * DATABASE_URL; else the running dev stack's PostgreSQL; else the embedded one, started and migrated.
 * Which one is said on stderr: stdout is the command's answer (`--json` must parse as it is).
 * On the embedded server the CLI connects as the services' login (pdca_service), like the API.
 */
export async function openDatabase(output: CliOutput, command: string): Promise<CliDatabase> {
  const external = process.env.DATABASE_URL?.trim();
  const { redactUrl } = await import('../dev-stack/progress');
  if (external) return { url: external, describe: redactUrl(external), close: async () => {} };
  const fs = await import('node:fs');
  const path = await import('node:path');
  const { devDataDir, freePort, startEmbeddedPostgres } = await import('../../../../libs/devstack/src');
  const { DEFAULT_POSTGRES_PORT } = await import('../dev-stack/start-options');
  const { DEV_APP_LOGIN, prepareDatabase, withLogin } = await import('../../../../libs/persistence/src');
  const dataDir = path.join(devDataDir(), 'postgres');
  const running = runningPostgresPort(fs, path.join(dataDir, 'postmaster.pid'));
  if (running !== undefined) {
    // The running stack has migrated and created the services' login: the CLI uses it too.
    const url = withLogin(`postgres://postgres:postgres@127.0.0.1:${running}/pdca`, DEV_APP_LOGIN);
    output.err(`${command}: using the running development PostgreSQL (${redactUrl(url)})\n`);
    return { url, describe: 'the development database "pdca"', close: async () => {} };
  }
  output.err(`${command}: DATABASE_URL is not set; starting the embedded PostgreSQL in ${dataDir}\n`);
  const postgres = await startEmbeddedPostgres({
    dataDir,
    port: await freePort(DEFAULT_POSTGRES_PORT),
    database: 'pdca',
  });
  const url = withLogin(postgres.url, DEV_APP_LOGIN);
  try {
    await prepareDatabase(postgres.url, url);
  } catch (err) {
    await postgres.stop();
    throw err;
  }
  return { url, describe: 'the embedded database "pdca"', close: () => postgres.stop() };
}

function runningPostgresPort(fs: typeof import('node:fs'), pidFile: string): number | undefined {
  try {
    const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0) return undefined;
    process.kill(pid, 0);
    return port;
  } catch {
    return undefined;
  }
}
