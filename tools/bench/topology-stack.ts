/**
 * Production's shape on one machine (#27): one PostgreSQL, one Temporal, N API processes, M worker
 * processes and one outbox relay, each the built program (dist/) as its own process with its own
 * log file, as README "Each part also runs alone" runs them. A mail catcher takes the relay's mail.
 * Any API or worker can be killed with SIGKILL and started again on the same port and log.
 * `stop()` ends them all (SIGTERM, then SIGKILL), also after a failure.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, MailCatcher, openDevDatabase, projectRoot, startTemporalDevServer } from '@pdca/devstack';
import { runCleanups } from './bench-stack';

/** The build, also when this file runs from its source (the Jest test). */
const DIST = path.join(projectRoot(), 'dist');
const PROGRAMS = {
  api: path.join(DIST, 'apps', 'api', 'src', 'main.js'),
  worker: path.join(DIST, 'apps', 'worker', 'src', 'main.js'),
  relay: path.join(DIST, 'apps', 'relay', 'src', 'main.js'),
} as const;

export type ServiceKind = keyof typeof PROGRAMS;

export interface TopologyOptions {
  apis: number;
  workers: number;
  /** A server whose login may create databases (the tests' owner URL); else DATABASE_URL's, else embedded. */
  databaseServer?: string;
  /** An existing Temporal server (the tests'); else a dev server is started (in memory). */
  temporalAddress?: string;
  /** Where the logs go; a new temporary directory when not given. */
  logDir?: string;
  /** Extra environment for every service (PDCA_TIME_SCALE, pool sizes …). */
  env?: Record<string, string>;
  /** How long one service may take to be ready (a worker bundles its workflows on start when dist/'s bundle is stale). */
  startTimeoutMs?: number;
  log: (line: string) => void;
}

export interface Service {
  kind: ServiceKind;
  /** api-1, worker-2, relay-1 … */
  name: string;
  logFile: string;
  /** The API's base URL (`http://127.0.0.1:PORT`). */
  url?: string;
  child: ChildProcess;
  restarts: number;
}

export interface Topology {
  /** The schema owner's URL (fixtures, the final count). */
  ownerUrl: string;
  /** The services' login. */
  appUrl: string;
  databaseLabel: string;
  temporalAddress: string;
  taskQueue: string;
  logDir: string;
  mail: MailCatcher;
  services: Service[];
  /** The APIs' `/api/v1` bases, in order. */
  apiBases(): string[];
  pids(): Array<{ name: string; pid: number }>;
  kill(name: string): Promise<void>;
  /** Starts a killed service again (same port, same log, appended). */
  restart(name: string): Promise<void>;
  describe(): string;
  stop(): Promise<void>;
}

function waitFor(child: ChildProcess, ready: () => Promise<boolean>, what: string, timeoutMs: number) {
  return new Promise<void>((resolve, reject) => {
    let done = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      clearInterval(timer);
      child.off('exit', onExit);
      err ? reject(err) : resolve();
    };
    const onExit = (code: number | null, signal: string | null) =>
      finish(new Error(`${what} exited (${code ?? signal}) before it was ready`));
    child.once('exit', onExit);
    const deadline = Date.now() + timeoutMs;
    let checking = false;
    const timer = setInterval(async () => {
      if (checking) return;
      checking = true;
      try {
        if (await ready()) finish();
        else if (Date.now() > deadline) finish(new Error(`${what} was not ready within ${timeoutMs} ms`));
      } finally {
        checking = false;
      }
    }, 200);
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/** SIGKILL, resolved when it is gone. */
export function killedNow(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** SIGTERM, then SIGKILL after `graceMs`. */
function stopped(child: ChildProcess, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startTopology(options: TopologyOptions): Promise<Topology> {
  const cleanups: Array<() => Promise<void>> = [];
  const services: Service[] = [];
  const startTimeoutMs = options.startTimeoutMs ?? 120_000;
  const stop = async () => {
    await Promise.all(services.map((s) => stopped(s.child, 10_000)));
    await runCleanups(cleanups, options.log);
  };
  try {
    const logDir = options.logDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'pdca-topology-'));
    fs.mkdirSync(logDir, { recursive: true });
    const database = await openDevDatabase(
      { kind: 'throwaway', prefix: 'pdca_topology', server: options.databaseServer },
      options.log,
    );
    cleanups.push(() => database.close());
    let temporalAddress = options.temporalAddress;
    if (!temporalAddress) {
      options.log('starting the Temporal dev server …');
      const temporalLog = fs.createWriteStream(path.join(logDir, 'temporal.log'), { flags: 'a' });
      const temporal = await startTemporalDevServer({
        port: await freePort(),
        namespace: 'default',
        log: (line) => temporalLog.write(`${line}\n`),
      });
      cleanups.push(async () => {
        await temporal.stop();
        temporalLog.end();
      });
      temporalAddress = temporal.address;
    }
    const mail = await MailCatcher.start({ httpPort: null, maxMails: 100_000 });
    cleanups.push(() => mail.stop());
    const taskQueue = `topology-${process.pid}-${Date.now().toString(36)}`;
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      DATABASE_URL: database.appUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: taskQueue,
      JWT_SECRET: randomBytes(32).toString('base64url'),
      LOG_LEVEL: 'warn',
      RELAY_IN_WORKER: 'false',
      SMTP_URL: `smtp://127.0.0.1:${mail.smtpPort}`,
      PUBLIC_URL: 'http://pdca.invalid',
      ...options.env,
    };

    const launch = async (service: Omit<Service, 'child'> & { port?: number }): Promise<ChildProcess> => {
      const log = fs.createWriteStream(service.logFile, { flags: 'a' });
      log.write(`--- ${new Date().toISOString()} start ${service.name}\n`);
      const child = spawn(process.execPath, [PROGRAMS[service.kind]], {
        env: { ...env, ...(service.port ? { PORT: String(service.port) } : {}) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      const remember = (chunk: Buffer) => {
        if (output.length < 100_000) output += chunk;
      };
      child.stdout?.on('data', remember);
      child.stderr?.on('data', remember);
      child.stdout?.pipe(log);
      child.stderr?.pipe(log);
      child.once('exit', (code, signal) => {
        fs.appendFileSync(service.logFile, `--- ${new Date().toISOString()} exit ${code ?? signal}\n`);
      });
      const ready =
        service.kind === 'api'
          ? () => answers(`${service.url}/health`)
          : service.kind === 'worker'
            ? async () => output.includes('[worker] polling task queue')
            : async () => output.includes('[relay] delivering');
      try {
        await waitFor(child, ready, service.name, startTimeoutMs);
      } catch (err) {
        await killedNow(child);
        throw new Error(`${(err as Error).message}; its log: ${service.logFile}`);
      }
      return child;
    };

    const ports = new Map<string, number>();
    const add = async (kind: ServiceKind, index: number) => {
      const name = `${kind}-${index}`;
      const port = kind === 'api' ? await freePort() : undefined;
      if (port) ports.set(name, port);
      const base = {
        kind,
        name,
        logFile: path.join(logDir, `${name}.log`),
        url: port ? `http://127.0.0.1:${port}` : undefined,
        restarts: 0,
      };
      options.log(`starting ${name} …`);
      services.push({ ...base, child: await launch({ ...base, port }) });
    };
    // One at a time: a worker without a current dist/workflow-bundle.js bundles on start, which takes a core for a while.
    for (let i = 1; i <= options.workers; i++) await add('worker', i);
    for (let i = 1; i <= options.apis; i++) await add('api', i);
    await add('relay', 1);

    const find = (name: string) => {
      const service = services.find((s) => s.name === name);
      if (!service) throw new Error(`no service ${name}`);
      return service;
    };
    return {
      ownerUrl: database.ownerUrl,
      appUrl: database.appUrl,
      databaseLabel: database.describe,
      temporalAddress,
      taskQueue,
      logDir,
      mail,
      services,
      apiBases: () => services.filter((s) => s.kind === 'api').map((s) => `${s.url}/api/v1`),
      pids: () => services.map((s) => ({ name: s.name, pid: s.child.pid ?? 0 })),
      kill: (name) => killedNow(find(name).child),
      async restart(name) {
        const service = find(name);
        service.child = await launch({ ...service, port: ports.get(name) });
        service.restarts++;
      },
      describe: () =>
        [
          `PostgreSQL: ${database.describe}`,
          `Temporal:   ${temporalAddress} (task queue ${taskQueue})`,
          `SMTP:       127.0.0.1:${mail.smtpPort} (mail catcher, in this process)`,
          ...services.map(
            (s) =>
              `${s.name.padEnd(10)}  pid ${String(s.child.pid).padEnd(7)} ${s.url ? `${s.url.padEnd(24)}` : ''.padEnd(24)} log ${s.logFile}`,
          ),
          `logs:       ${logDir}`,
        ].join('\n'),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
