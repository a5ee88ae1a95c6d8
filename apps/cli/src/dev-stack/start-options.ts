import path from 'node:path';
import { DEFAULT_POSTGRES_PORT, DEV_DATABASE } from '@pdca/devstack/dev-database';
import { devDataDir } from '@pdca/devstack/project-root';

/** What `pdca start` runs, resolved once from the environment. */
export interface StartOptions {
  root: string;
  dataDir: string;
  postgresDataDir: string;
  /** Tried first for the embedded PostgreSQL; another free port is taken when it is busy. */
  preferredPostgresPort: number;
  temporalDbFile: string;
  temporalPort: number;
  temporalUiPort: number;
  temporalNamespace: string;
  apiPort: number;
  /** Preferred ports of the embedded mail catcher (a free one when taken). */
  mailCatcherSmtpPort: number;
  mailCatcherPort: number;
  apiEntry: string;
  workerEntry: string;
  database: string;
  healthTimeoutMs: number;
  verbose: boolean;
}

type Env = Record<string, string | undefined>;

const DEFAULT_TEMPORAL_PORT = 7233;
const DEFAULT_TEMPORAL_UI_PORT = 8233;
const DEFAULT_API_PORT = 3000;
const DEFAULT_MAIL_CATCHER_SMTP_PORT = 1025;
const DEFAULT_MAIL_CATCHER_PORT = 1080;
const HEALTH_TIMEOUT_MS = 90_000;
/** Set by the `pdca start` front process on the process that runs the stack (see signal-relay.ts). */
export const SUPERVISED_ENV = 'PDCA_START_SUPERVISED';

export class StartOptionsError extends Error {
  constructor(readonly problems: string[]) {
    super(`Cannot start:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'StartOptionsError';
  }
}

export function resolveStartOptions(env: Env, root: string, cwd = process.cwd()): StartOptions {
  const problems: string[] = [];
  const port = (name: string, fallback: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1 || value > 65535) {
      problems.push(`${name} must be a port number between 1 and 65535, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const entry = (name: string, fallback: string): string => {
    const raw = env[name]?.trim();
    return raw ? path.resolve(cwd, raw) : path.join(root, fallback);
  };

  const dataDir = devDataDir(env, cwd, root);
  const options: StartOptions = {
    root,
    dataDir,
    postgresDataDir: path.join(dataDir, 'postgres'),
    preferredPostgresPort: DEFAULT_POSTGRES_PORT,
    temporalDbFile: path.join(dataDir, 'temporal', 'temporal.db'),
    temporalPort: port('TEMPORAL_PORT', DEFAULT_TEMPORAL_PORT),
    temporalUiPort: port('TEMPORAL_UI_PORT', DEFAULT_TEMPORAL_UI_PORT),
    temporalNamespace: env.TEMPORAL_NAMESPACE?.trim() || 'default',
    apiPort: port('PORT', DEFAULT_API_PORT),
    mailCatcherSmtpPort: port('MAIL_CATCHER_SMTP_PORT', DEFAULT_MAIL_CATCHER_SMTP_PORT),
    mailCatcherPort: port('MAIL_CATCHER_PORT', DEFAULT_MAIL_CATCHER_PORT),
    apiEntry: entry('PDCA_API_ENTRY', 'dist/apps/api/src/main.js'),
    workerEntry: entry('PDCA_WORKER_ENTRY', 'dist/apps/worker/src/main.js'),
    database: DEV_DATABASE,
    healthTimeoutMs: HEALTH_TIMEOUT_MS,
    verbose: ['1', 'true', 'yes', 'on'].includes(env.PDCA_VERBOSE?.trim().toLowerCase() ?? ''),
  };
  const ports = [
    ['TEMPORAL_PORT', options.temporalPort],
    ['TEMPORAL_UI_PORT', options.temporalUiPort],
    ['PORT', options.apiPort],
  ] as const;
  for (let i = 0; i < ports.length; i++) {
    for (let j = i + 1; j < ports.length; j++) {
      if (ports[i][1] === ports[j][1])
        problems.push(`${ports[i][0]} and ${ports[j][0]} are both ${ports[i][1]}`);
    }
  }
  if (problems.length > 0) throw new StartOptionsError(problems);
  return options;
}

export interface RunningServices {
  databaseUrl: string;
  temporalAddress: string;
}

/**
 * The environment of the API and worker processes: the user's environment, with the addresses of
 * the servers we started, and demo mode on unless the user decided otherwise.
 */
export function childEnvironment(env: Env, options: StartOptions, services: RunningServices): Env {
  const result: Env = {
    ...env,
    DATABASE_URL: services.databaseUrl,
    TEMPORAL_ADDRESS: services.temporalAddress,
    TEMPORAL_NAMESPACE: options.temporalNamespace,
    PORT: String(options.apiPort),
    PDCA_DEMO: env.PDCA_DEMO?.trim() ? env.PDCA_DEMO : 'true',
  };
  delete result[SUPERVISED_ENV];
  // The owner's credentials are for the migrations only, never for the services.
  delete result.DATABASE_OWNER_URL;
  return result;
}
