// Over 400 lines because the benchmark's phases (floor, product, scale, year) share one stack, one worker child and one result; each is a section below.
/**
 * The workflow benchmark (`npm run bench -- workflow`): on servers it starts itself, in one run,
 * - commands: the floor (a bare Update on a trivial workflow, same server, worker and task queue)
 *   beside the product through HTTP (start a cycle, submit a plan, approve it, submit a review,
 *   move a deadline), sequential and at concurrency 8 and 32, with the ratio to the floor;
 * - scale: N open cycles with pending reminder timers on one worker (a child process run with
 *   --expose-gc): time to start them, its RSS and heap, and command latency while they are open;
 * - time: whole fiscal years on the time-skipping test server.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@pdca/config';
import {
  CYCLE_WORKFLOW_TYPE,
  type CycleState,
  cycleWorkflowId,
  decideUpdate,
  submitActionUpdate,
  submitEvaluationUpdate,
  submitExecutionReportUpdate,
  submitPlanUpdate,
  submitReviewUpdate,
} from '@pdca/contracts';
import { registerSearchAttributes } from '@pdca/devstack';
import { startTimeSkippingEnvironment } from '@pdca/devstack/time-skipping-server';
import { jstInstant } from '@pdca/domain';
import { createDataSource } from '@pdca/persistence';
import { cycleStartRequest, startCycleWorkflow } from '@pdca/temporal';
import { Client, Connection } from '@temporalio/client';
import { Worker, type WorkerOptions } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/app.factory';
import { createCycleActivities } from '../../apps/worker/src/cycle.activities';
import { type BenchTenant, createBenchTenant } from './bench-fixture';
import type { BenchOutput } from './bench-output';
import { type BenchStack, startBenchStack } from './bench-stack';
import {
  BENCH_WORKER_ENV,
  type BenchWorkerConfig,
  type BenchWorkerMessage,
  type BenchWorkerRequest,
  type MemorySample,
} from './bench-worker.protocol';
import { type BreakdownPart, commandBreakdown } from './command-breakdown';
import { BenchHttp } from './http-client';
import { inParallel, type LatencySummary, measure } from './latency-stats';
import { FLOOR_WORKFLOW_TYPE, floorStopSignal, floorUpdate } from './workflows/floor.workflow';

export interface WorkflowBenchOptions {
  /** Sequential commands per shape; concurrency 8 runs 2×, 32 runs 4× as many. */
  iterations: number;
  /** Open cycles in the scale step (0 skips it). */
  cycles: number;
  /** Items per whole-fiscal-year run on the time-skipping server (empty skips it). */
  yearItems: number[];
  temporalStore: 'file' | 'memory';
  /** Undefined: the product's (DEV_SERVER_SQLITE_PRAGMAS); `{}`: SQLite's own defaults. */
  sqlitePragmas?: Record<string, string>;
  dynamicConfig: Record<string, string | number | boolean>;
  workerOptions: Partial<WorkerOptions>;
  workerPoolSize?: number;
  /** Commands measured while the scale step's cycles are open. */
  openCommands: number;
}

export const DEFAULT_WORKFLOW_OPTIONS: WorkflowBenchOptions = {
  iterations: 100,
  cycles: 10_000,
  yearItems: [1, 100],
  temporalStore: 'file',
  dynamicConfig: {},
  workerOptions: {},
  openCommands: 50,
};

export const SMOKE_WORKFLOW_OPTIONS: WorkflowBenchOptions = {
  ...DEFAULT_WORKFLOW_OPTIONS,
  iterations: 2,
  cycles: 10,
  yearItems: [1],
  openCommands: 2,
};

const LEVELS = [
  { concurrency: 1, factor: 1 },
  { concurrency: 8, factor: 2 },
  { concurrency: 32, factor: 4 },
] as const;
const COMMAND_FY = 2027; // plan due in April 2027: every open cycle waits on a future reminder
const SCALE_START_CONCURRENCY = 32;
const WARM_UP_ITEMS = 2;

export interface CommandRow {
  shape: string;
  concurrency: number;
  product: LatencySummary;
  /** The bare Update at the same concurrency. */
  floor: LatencySummary;
  ratioP50: number;
}

export interface ScaleResult {
  cycles: number;
  startMs: number;
  recordedMs: number;
  cyclesPerSecond: number;
  workerBaseline: MemoryReport;
  workerOpen: MemoryReport;
  openCommands: CommandRow[];
}

interface MemoryReport {
  before: MemorySample;
  afterGc: MemorySample;
}

export interface YearResult {
  items: number;
  ms: number;
  updates: number;
}

export interface WorkflowBenchResult {
  kind: 'workflow';
  /** Where the sequential commands' time went, from the workflow histories (command-breakdown.ts). */
  breakdown?: {
    floor: BreakdownPart;
    product: BreakdownPart;
    /** The bare Update's p50 through the client. */
    floorP50: number;
    /** The median of the four sequential commands' p50 through HTTP (plan, approve, review, deadline). */
    productP50: number;
  };
  startedAt: string;
  machine: ReturnType<typeof machine>;
  options: WorkflowBenchOptions;
  pragmasApplied?: { journalMode: string; walFilePresent: boolean };
  commands: CommandRow[];
  floorStart: LatencySummary[];
  scale?: ScaleResult;
  years: YearResult[];
  totalMs: number;
}

export function machine() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    totalMemory: os.totalmem(),
    loadAverage: os.loadavg(),
    node: process.version,
    platform: `${process.platform} ${os.release()}`,
  };
}

export async function runWorkflowBench(
  options: WorkflowBenchOptions,
  output: BenchOutput,
): Promise<WorkflowBenchResult> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const log = (line: string) => output.out(`bench workflow: ${line}\n`);
  const stack = await startBenchStack({
    temporalStore: options.temporalStore,
    sqlitePragmas: options.sqlitePragmas,
    dynamicConfig: options.dynamicConfig,
    log,
  });
  const closers: Array<() => Promise<void>> = [() => stack.stop()];
  try {
    const taskQueue = `bench-${Date.now().toString(36)}`;
    log('starting the worker (child process, --expose-gc) …');
    const worker = await startWorkerChild({
      databaseUrl: stack.databaseUrl,
      temporalAddress: stack.temporalAddress,
      taskQueue,
      bundlePath: stack.bundlePath,
      poolSize: options.workerPoolSize,
      workerOptions: options.workerOptions,
    });
    closers.unshift(() => worker.stop());
    const workerBaseline = await worker.memory();

    const connection = await Connection.connect({ address: stack.temporalAddress });
    closers.unshift(() => connection.close());
    const client = new Client({ connection, namespace: 'default' });

    const config = loadConfig({
      ...process.env,
      DATABASE_URL: stack.databaseUrl,
      TEMPORAL_ADDRESS: stack.temporalAddress,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: taskQueue,
      JWT_SECRET: randomBytes(32).toString('base64url'),
      LOG_LEVEL: 'error',
    });
    const app = await createApiApp({ config });
    await app.listen(0, '127.0.0.1');
    closers.unshift(() => app.close());
    const { port } = app.getHttpServer().address() as { port: number };
    const http = new BenchHttp(`http://127.0.0.1:${port}/api/v1`);

    const floor = new Floor(client, taskQueue);
    const commandItems = LEVELS.reduce((sum, l) => sum + options.iterations * l.factor, 0);
    const tenant = await createBenchTenant(
      stack.databaseUrl,
      commandItems + WARM_UP_ITEMS + options.openCommands,
      'cmd',
    );
    const tokens = await loginAll(http, tenant);

    // Warm-up: the first of each shape loads code paths and caches on both sides.
    log('warming up …');
    await floor.start(0, 1, 4);
    await floor.updates(4, 1);
    const warm = tenant.itemIds.splice(0, WARM_UP_ITEMS);
    await new ProductPhase(http, tokens, warm).all(1);

    const commands: CommandRow[] = [];
    const floorStart: LatencySummary[] = [];
    let breakdown: WorkflowBenchResult['breakdown'];
    for (const { concurrency, factor } of LEVELS) {
      const count = options.iterations * factor;
      log(`commands at concurrency ${concurrency} (${count} of each) …`);
      floorStart.push(await floor.start(floorStart.length + 1, concurrency, count));
      const bare = await floor.updates(count, concurrency);
      const items = tenant.itemIds.splice(0, count);
      const phase = new ProductPhase(http, tokens, items);
      const rows = await phase.all(concurrency);
      for (const [shape, product] of rows) {
        commands.push({ shape, concurrency, product, floor: bare, ratioP50: product.p50 / bare.p50 });
      }
      if (concurrency === 1) {
        // The sequential commands after start (plan, approve, review, deadline), read back from the histories.
        const cycles = items.map((itemId) => cycleWorkflowId(tenant.tenantCode, itemId, COMMAND_FY));
        const commandRows = rows.filter(([shape]) => shape !== 'start a cycle').map(([, l]) => l.p50);
        breakdown = {
          floor: await commandBreakdown(client, floor.current()),
          product: await commandBreakdown(client, cycles),
          floorP50: bare.p50,
          productP50: commandRows.sort((a, b) => a - b)[Math.floor(commandRows.length / 2)],
        };
      }
    }

    let scale: ScaleResult | undefined;
    if (options.cycles > 0) {
      log(`scale: starting ${options.cycles.toLocaleString('en-US')} cycles …`);
      scale = await runScale(stack, client, taskQueue, options, http, tokens, floor, tenant, worker, log);
      scale.workerBaseline = workerBaseline;
    }
    await floor.stopAll();

    const years: YearResult[] = [];
    for (const items of options.yearItems) {
      log(`a whole fiscal year of ${items} item(s) on the time-skipping server …`);
      years.push(await runYear(stack, items));
    }

    const result: WorkflowBenchResult = {
      kind: 'workflow',
      startedAt,
      machine: machine(),
      options,
      pragmasApplied: stack.temporalDbFile ? await pragmasOf(stack) : undefined,
      commands,
      breakdown,
      floorStart,
      scale,
      years,
      totalMs: 0,
    };
    result.totalMs = performance.now() - started;
    return result;
  } finally {
    for (const close of closers) {
      try {
        await close();
      } catch (err) {
        log(`cleanup failed: ${String(err)}`);
      }
    }
  }
}

// -------------------------------------------------------------------------------------------------
// The floor: trivial workflows on the same task queue, one Update each.

class Floor {
  private ids: string[] = [];
  private readonly all: string[] = [];

  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  /** Starts `count` floor workflows (timed: the bare start) and makes them the Update targets. */
  async start(batch: number, concurrency: number, count: number): Promise<LatencySummary> {
    const ids = Array.from({ length: count }, (_, i) => `bench-floor/${this.taskQueue}/${batch}/${i}`);
    const summary = await measure(count, concurrency, (i) =>
      this.client.workflow.start(FLOOR_WORKFLOW_TYPE, {
        workflowId: ids[i],
        taskQueue: this.taskQueue,
        args: [],
      }),
    );
    this.ids = ids;
    this.all.push(...ids);
    return summary;
  }

  /** `count` bare Updates at `concurrency`, spread over the current floor workflows. */
  updates(count: number, concurrency: number): Promise<LatencySummary> {
    return measure(count, concurrency, async (i) => {
      const answer = await this.client.workflow
        .getHandle(this.ids[i % this.ids.length])
        .executeUpdate(floorUpdate, { args: [i] });
      if (answer !== i) throw new Error(`the floor answered ${answer} to ${i}`);
    });
  }

  /** The workflows the last batch of Updates went to. */
  current(): readonly string[] {
    return this.ids;
  }

  async stopAll(): Promise<void> {
    await inParallel(this.all.length, 16, (i) =>
      this.client.workflow.getHandle(this.all[i]).signal(floorStopSignal),
    );
  }
}

// -------------------------------------------------------------------------------------------------
// The product through HTTP.

interface Tokens {
  leader: string;
  hq: string;
  admin: string;
}

async function loginAll(http: BenchHttp, tenant: BenchTenant): Promise<Tokens> {
  return {
    leader: await http.login(tenant.leader.email, tenant.leader.password),
    hq: await http.login(tenant.hq.email, tenant.hq.password),
    admin: await http.login(tenant.admin.email, tenant.admin.password),
  };
}

const PLAN = { targets: [], activities: ['オンライン申請の対象手続を拡大'], budgetRequest: 10_000_000 };

function pendingApproval(state: CycleState): string {
  const pending = state.approvals.find((a) => a.status === 'pending');
  if (!pending) throw new Error(`cycle ${state.cycleId} has no pending approval`);
  return pending.id;
}

function reviewTasks(state: CycleState) {
  return state.tasks.filter((t) => t.kind === 'review').sort((a, b) => a.periodIndex! - b.periodIndex!);
}

/** One item per index walks the five command shapes, each shape measured over all items. */
class ProductPhase {
  private readonly cycleIds: string[] = [];
  private readonly states: CycleState[] = [];

  constructor(
    private readonly http: BenchHttp,
    private readonly tokens: Tokens,
    private readonly itemIds: string[],
  ) {}

  async all(concurrency: number): Promise<Array<[string, LatencySummary]>> {
    const n = this.itemIds.length;
    const rows: Array<[string, LatencySummary]> = [];
    rows.push([
      'start a cycle',
      await measure(n, concurrency, async (i) => {
        const cycle = await this.http.call<{ id: string }>(
          'POST',
          `/items/${this.itemIds[i]}/cycles`,
          this.tokens.admin,
          { fiscalYear: COMMAND_FY },
        );
        this.cycleIds[i] = cycle.id;
      }),
    ]);
    rows.push([
      'submit a plan',
      await measure(n, concurrency, async (i) => {
        this.states[i] = await this.http.call<CycleState>(
          'POST',
          `/cycles/${this.cycleIds[i]}/plan`,
          this.tokens.leader,
          PLAN,
        );
      }),
    ]);
    rows.push([
      'approve it',
      await measure(n, concurrency, async (i) => {
        const state = await this.http.call<CycleState>(
          'POST',
          `/approvals/${pendingApproval(this.states[i])}/decision`,
          this.tokens.hq,
          { decision: 'approve' },
        );
        if (state.stage !== 'DO') throw new Error(`approved plan left the cycle in ${state.stage}`);
        this.states[i] = state;
      }),
    ]);
    // FY2027's first review opens on 1 July 2027: HQ opens it early (not measured).
    await inParallel(n, concurrency, async (i) => {
      const task = reviewTasks(this.states[i])[0];
      if (task.status !== 'scheduled') return;
      this.states[i] = await this.http.call<CycleState>('POST', `/tasks/${task.id}/open`, this.tokens.admin, {
        reason: '性能測定のため前倒しで開始',
      });
    });
    rows.push([
      'submit a review',
      await measure(n, concurrency, async (i) => {
        const task = reviewTasks(this.states[i])[0];
        await this.http.call('POST', `/cycles/${this.cycleIds[i]}/reviews/${task.id}`, this.tokens.leader, {
          periodIndex: task.periodIndex,
          progress: 10,
          status: 'on_track',
          notes: '電子申請の対象手続を拡大した。',
        });
      }),
    ]);
    rows.push([
      'move a deadline',
      await measure(n, concurrency, async (i) => {
        const task = reviewTasks(this.states[i])[1];
        await this.http.call('PATCH', `/tasks/${task.id}/deadline`, this.tokens.admin, {
          dueAt: new Date(new Date(task.dueAt).getTime() + 7 * 86_400_000).toISOString(),
          reason: '議会日程の変更のため',
        });
      }),
    ]);
    return rows;
  }
}

// -------------------------------------------------------------------------------------------------
// Scale: many open cycles on one worker.

async function runScale(
  stack: BenchStack,
  client: Client,
  taskQueue: string,
  options: WorkflowBenchOptions,
  http: BenchHttp,
  tokens: Tokens,
  floor: Floor,
  commandTenant: BenchTenant,
  worker: WorkerChild,
  log: (line: string) => void,
): Promise<ScaleResult> {
  const tenant = await createBenchTenant(stack.databaseUrl, options.cycles, 'scale');
  const t0 = performance.now();
  await inParallel(tenant.itemIds.length, SCALE_START_CONCURRENCY, async (i) => {
    const request = cycleStartRequest({
      tenantId: tenant.tenantId,
      tenantCode: tenant.tenantCode,
      itemId: tenant.itemIds[i],
      itemCode: `B-${i + 1}`,
      fiscalYear: COMMAND_FY,
      timeScale: 1,
      startedBy: tenant.admin.actor,
    });
    if ((await startCycleWorkflow(client, taskQueue, request)) !== 'started') throw new Error('not started');
  });
  const startMs = performance.now() - t0;
  log(
    `scale: ${options.cycles} started in ${(startMs / 1000).toFixed(1)} s; waiting for the worker to record them …`,
  );
  const { Client: PgClient } = await import('pg');
  const db = new PgClient({ connectionString: stack.databaseUrl });
  await db.connect();
  try {
    for (let last = -1; ; ) {
      const { rows } = await db.query<{ n: string }>(
        'SELECT count(*) AS n FROM cycles WHERE tenant_id = $1',
        [tenant.tenantId],
      );
      const n = Number(rows[0].n);
      if (n >= options.cycles) break;
      if (n !== last && n > 0 && n % 1000 < 200) log(`scale: ${n} recorded …`);
      last = n;
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await db.end();
  }
  const recordedMs = performance.now() - t0;
  const workerOpen = await worker.memory();

  // Commands while they are all open: the floor and the product, sequential, on other cycles.
  log('scale: commands while the cycles are open …');
  const bare = await floor.updates(options.openCommands, 1);
  const phase = new ProductPhase(http, tokens, commandTenant.itemIds.splice(0, options.openCommands));
  const openCommands = (await phase.all(1)).map(([shape, product]) => ({
    shape,
    concurrency: 1,
    product,
    floor: bare,
    ratioP50: product.p50 / bare.p50,
  }));
  return {
    cycles: options.cycles,
    startMs,
    recordedMs,
    cyclesPerSecond: options.cycles / (recordedMs / 1000),
    workerBaseline: workerOpen,
    workerOpen,
    openCommands,
  };
}

// -------------------------------------------------------------------------------------------------
// Time: whole fiscal years on the time-skipping test server.

async function runYear(stack: BenchStack, items: number): Promise<YearResult> {
  const tenant = await createBenchTenant(stack.databaseUrl, items, 'year');
  const dataSource: DataSource = createDataSource(stack.databaseUrl, { poolSize: 10 });
  await dataSource.initialize();
  const env = await startTimeSkippingEnvironment();
  try {
    await registerSearchAttributes(env.connection);
    const taskQueue = `bench-year-${Date.now().toString(36)}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: { codePath: stack.bundlePath },
      activities: createCycleActivities(dataSource),
    });
    const t0 = performance.now();
    let updates = 0;
    await worker.runUntil(async () => {
      const businessStartMs = jstInstant(2025, 4, 1, 9).getTime();
      const handles = await Promise.all(
        tenant.itemIds.map(async (itemId, i) => {
          const { workflowId, input } = cycleStartRequest({
            tenantId: tenant.tenantId,
            tenantCode: tenant.tenantCode,
            itemId,
            itemCode: `B-${i + 1}`,
            fiscalYear: 2025,
            timeScale: 1,
            startedBy: tenant.admin.actor,
          });
          return env.client.workflow.start(CYCLE_WORKFLOW_TYPE, {
            workflowId,
            taskQueue,
            args: [{ ...input, businessStartMs }],
          });
        }),
      );
      await waitForCycles(dataSource, tenant.tenantId, items);
      const workflowStartMs = (await handles[0].describe()).startTime.getTime();
      const until = async (instant: Date) => {
        const now = businessStartMs + ((await env.currentTimeMs()) - workflowStartMs);
        if (instant.getTime() > now) await env.sleep(instant.getTime() - now);
      };
      const states: CycleState[] = [];
      const all = async (step: (i: number) => Promise<CycleState | undefined>) => {
        await inParallel(items, 16, async (i) => {
          const state = await step(i);
          updates++;
          if (state) states[i] = state;
        });
      };
      const approveAll = (rating?: 'B') =>
        all((i) =>
          handles[i].executeUpdate(decideUpdate, {
            args: [
              tenant.hq.actor,
              { approvalId: pendingApproval(states[i]), decision: 'approve', ...(rating ? { rating } : {}) },
            ],
          }),
        );
      const leader = tenant.leader.actor;
      await until(jstInstant(2025, 4, 25, 9));
      await all((i) => handles[i].executeUpdate(submitPlanUpdate, { args: [leader, PLAN] }));
      await approveAll();
      const reviews = states.map(reviewTasks);
      for (let period = 1; period <= 12; period++) {
        const month = ((period + 3) % 12) + 1;
        await until(jstInstant(period >= 9 ? 2026 : 2025, month, 1, 9));
        await all(async (i) => {
          const task = reviews[i][period - 1];
          await handles[i].executeUpdate(submitReviewUpdate, {
            args: [
              leader,
              task.id,
              { periodIndex: period, progress: period * 8, status: 'on_track', notes: `第${period}期` },
            ],
          });
          return undefined;
        });
      }
      await until(jstInstant(2026, 4, 6, 9));
      await all((i) =>
        handles[i].executeUpdate(submitExecutionReportUpdate, {
          args: [leader, { summary: '年間計画どおり実施' }],
        }),
      );
      await approveAll();
      await all((i) =>
        handles[i].executeUpdate(submitEvaluationUpdate, {
          args: [leader, { actuals: [], selfRating: 'A', analysis: '計画どおり' }],
        }),
      );
      await approveAll('B');
      await all((i) =>
        handles[i].executeUpdate(submitActionUpdate, {
          args: [
            leader,
            { decision: 'continue', budgetProposal: 10_000_000, rationale: '継続して実施するため' },
          ],
        }),
      );
      await approveAll();
      const outcomes = await Promise.all(handles.map((h) => h.result()));
      if (outcomes.length !== items) throw new Error('not every cycle ended');
    });
    const reflections = await dataSource.query(
      'SELECT count(*)::int AS n FROM budget_reflections WHERE tenant_id = $1',
      [tenant.tenantId],
    );
    if (reflections[0].n !== items) {
      throw new Error(`${items} fiscal years ended with ${reflections[0].n} budget reflections`);
    }
    return { items, ms: performance.now() - t0, updates };
  } finally {
    await env.teardown();
    await dataSource.destroy();
  }
}

async function waitForCycles(dataSource: DataSource, tenantId: string, count: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const [{ n }] = await dataSource.query('SELECT count(*)::int AS n FROM cycles WHERE tenant_id = $1', [
      tenantId,
    ]);
    if (n >= count) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the worker did not record ${count} cycles within 60 s`);
}

// -------------------------------------------------------------------------------------------------
// The worker child and the SQLite pragmas it ran with.

interface WorkerChild {
  memory(): Promise<MemoryReport>;
  stop(): Promise<void>;
}

async function startWorkerChild(config: BenchWorkerConfig): Promise<WorkerChild> {
  const child: ChildProcess = fork(path.join(__dirname, 'bench-worker.child.js'), [], {
    execArgv: ['--expose-gc'],
    env: { ...process.env, [BENCH_WORKER_ENV]: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, (report: MemoryReport) => void>();
  let nextId = 1;
  await new Promise<void>((resolve, reject) => {
    child.on('message', (message: BenchWorkerMessage) => {
      if (message.type === 'ready') resolve();
      else if (message.type === 'failed') reject(new Error(`the bench worker failed: ${message.message}`));
      else waiting.get(message.id)?.({ before: message.before, afterGc: message.afterGc });
    });
    child.once('exit', (code) => reject(new Error(`the bench worker exited (${code})`)));
  });
  const send = (request: BenchWorkerRequest) => child.send(request);
  return {
    memory: () =>
      new Promise((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve);
        send({ type: 'memory', id });
      }),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        send({ type: 'stop' });
      }),
  };
}

/** journal_mode persists in the file; a -wal file beside it shows WAL really is in use. */
async function pragmasOf(stack: BenchStack): Promise<{ journalMode: string; walFilePresent: boolean }> {
  const fs = await import('node:fs');
  const { sqliteJournalMode } = await import('@pdca/devstack');
  const file = stack.temporalDbFile!;
  let journalMode = 'unknown';
  try {
    journalMode = sqliteJournalMode(file);
  } catch {
    // no python3 after all: say unknown.
  }
  return { journalMode, walFilePresent: fs.existsSync(`${file}-wal`) };
}
