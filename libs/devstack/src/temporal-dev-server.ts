import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { searchAttributeCliArgs } from '@pdca/contracts';
import { Connection } from '@temporalio/client';
import { temporalCliPath } from './temporal-binaries';

/**
 * The SQLite store of a persistent dev server (`npm start`): write-ahead log, fsync at checkpoints
 * rather than every commit. Measured by `npm run bench -- workflow` (docs/performance.md): about a
 * third off the bare Update and twice the cycles started per second on this machine. A clean stop
 * checkpoints the log; an OS crash or power loss may lose the last commits, never corrupt the file.
 */
export const DEV_SERVER_SQLITE_PRAGMAS: Readonly<Record<string, string>> = {
  journal_mode: 'wal',
  synchronous: 'normal',
};

export interface TemporalDevServerOptions {
  port: number;
  /** Web UI port; omit to run headless (tests). */
  uiPort?: number;
  /** SQLite file for a persistent server; omit for an in-memory one. */
  dbFile?: string;
  /** `--sqlite-pragma NAME=VALUE` for a file store; default DEV_SERVER_SQLITE_PRAGMAS, `{}` for SQLite's own. */
  sqlitePragmas?: Readonly<Record<string, string>>;
  /** `--dynamic-config-value KEY=VALUE` (VALUE as JSON), e.g. `{ 'system.enableActivityEagerExecution': true }`. */
  dynamicConfig?: Readonly<Record<string, string | number | boolean>>;
  namespace: string;
  log?: (line: string) => void;
  startTimeoutMs?: number;
}

export interface TemporalDevServerHandle {
  address: string;
  uiUrl?: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Runs the real Temporal server (`temporal server start-dev`) with the project's custom search
 * attributes registered, and resolves once it answers gRPC requests. Besides its own port the dev
 * server binds internal ports it picks at random; when one of those was taken between its pick and
 * its bind ("address already in use"), it is started again (up to 3 times) — a port the caller
 * chose that is really taken fails the same way each time and is reported.
 */
export async function startTemporalDevServer(
  options: TemporalDevServerOptions,
): Promise<TemporalDevServerHandle> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startTemporalDevServerOnce(options);
    } catch (err) {
      if (attempt >= 3 || !/address already in use/.test(String(err))) throw err;
      options.log?.(`temporal: a port was taken while it started (attempt ${attempt}), starting again`);
    }
  }
}

async function startTemporalDevServerOnce(
  options: TemporalDevServerOptions,
): Promise<TemporalDevServerHandle> {
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--namespace',
    options.namespace,
    '--log-level',
    'warn',
    ...searchAttributeCliArgs(),
  ];
  if (options.uiPort === undefined) args.push('--headless');
  else args.push('--ui-port', String(options.uiPort));
  if (options.dbFile) {
    fs.mkdirSync(path.dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
    for (const [name, value] of Object.entries(options.sqlitePragmas ?? DEV_SERVER_SQLITE_PRAGMAS)) {
      args.push('--sqlite-pragma', `${name}=${value}`);
    }
  }
  for (const [key, value] of Object.entries(options.dynamicConfig ?? {})) {
    args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  }
  const child = spawn(temporalCliPath(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const remember = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      output.push(line);
      if (output.length > 50) output.shift();
      options.log?.(line);
    }
  };
  child.stdout?.on('data', remember);
  child.stderr?.on('data', remember);

  const address = `127.0.0.1:${options.port}`;
  try {
    await waitUntilServing(child, address, options.startTimeoutMs ?? 60_000);
  } catch (err) {
    await stopChild(child);
    throw new Error(`${(err as Error).message}\nLast output of temporal:\n${output.join('\n')}`);
  }
  return {
    address,
    uiUrl: options.uiPort === undefined ? undefined : `http://127.0.0.1:${options.uiPort}`,
    pid: child.pid!,
    stop: () => stopChild(child),
  };
}

async function waitUntilServing(child: ChildProcess, address: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`temporal server exited early (code ${child.exitCode ?? child.signalCode})`);
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(
    `temporal server did not answer on ${address} within ${timeoutMs} ms: ${String(lastError)}`,
  );
}

/** SIGTERM, then SIGKILL if it has not exited after a grace period. */
function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * The journal mode stored in a dev server's SQLite file ('wal' when DEV_SERVER_SQLITE_PRAGMAS
 * applied), read with python3's sqlite3 (python3 is there: the Temporal binaries come from a venv).
 */
export function sqliteJournalMode(file: string): string {
  return execFileSync(
    'python3',
    [
      '-c',
      'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA journal_mode").fetchone()[0])',
      file,
    ],
    { encoding: 'utf8' },
  ).trim();
}
