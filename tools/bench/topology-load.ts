// Over 400 lines because the load run's parts — the next command from a state, the paced sender, the cycle driver, the kills and the summary — share its outcome and state types.
/**
 * The load run of #27, used by `npm run bench -- topology` and test/faults/topology-load.int-spec.ts:
 * many cycles driven through every stage by HTTP (start → plan → approve → the reviews, opened
 * early → report → approve → evaluation → approve → 今後の方向性 → approve), spread round-robin
 * over every API, at a bounded rate and concurrency, while one API and one worker are killed with
 * SIGKILL at random moments and started again. Each command is sent until its outcome is known:
 * 503 and a refused connection (nothing happened) are sent again; a 504 or a connection cut
 * mid-command (it may have happened) reload the cycle and go on from what it says. At the end it
 * counts, from the database and the ledger, what every command left behind (exactlyOnceProblems).
 */
import { type BenchTenant, createBenchTenant } from './bench-fixture';
import { percentile } from './latency-stats';
import {
  countOutcomes,
  type ExactlyOnceCounts,
  exactlyOnceProblems,
  type StateLike,
} from './topology-counts';
import type { Topology } from './topology-stack';

export interface TopologyLoadOptions {
  cycles: number;
  /** Cycles driven at once. */
  concurrency: number;
  /** At most this many commands per second, over all APIs. */
  rate: number;
  /** SIGKILLs of an API and of a worker, each at a random moment of the run (then started again). */
  apiKills: number;
  workerKills: number;
  /** How long a command may take before it counts as cut (it may have happened). */
  commandTimeoutMs?: number;
  /** How long the relay may take to fan out the outbox after the last command. */
  drainTimeoutMs?: number;
  log: (line: string) => void;
  random?: () => number;
}

/** The answers, by kind: what the generator saw. */
export interface Answers {
  /** 2xx: took effect. */
  ok: number;
  /** 503: nothing happened; sent again. */
  unavailable: number;
  /** Connection refused (the API was down): nothing happened; sent again to the next API. */
  refused: number;
  /** 504: it may have happened; the cycle was reloaded. */
  timeout: number;
  /** The connection was cut mid-command or no answer came in time: it may have happened. */
  cut: number;
  /** 409 after an unknown outcome: the command had happened (or the reloaded state was behind). */
  conflict: number;
  /** Anything else (4xx, 500): a failure of the run. */
  other: number;
}

export interface KillRecord {
  service: string;
  atCommand: number;
  downMs: number;
}

export interface TopologyLoadResult {
  tenant: BenchTenant;
  cycles: number;
  /** Commands the cycles needed (each took effect once). */
  commands: number;
  /** HTTP requests sent, retries included. */
  requests: number;
  answers: Answers;
  byApi: number[];
  kills: KillRecord[];
  wallMs: number;
  latency: { p50: number; p99: number; max: number };
  counts: ExactlyOnceCounts;
  problems: string[];
}

const FY = 2027;
type Json = Record<string, unknown>;

interface Step {
  /** A name for the ledger check (one user entry per step). */
  key: string;
  method: 'POST';
  path: string;
  role: 'leader' | 'hq' | 'admin';
  body: Json;
}

/** What the cycle takes next, from its state (the command's answer or the cycle's read). */
export function nextStep(cycleId: string, state: StateLike): Step | null {
  if (state.status === 'closed' || state.status === 'completed') return null;
  const pending = state.approvals.find((a) => a.status === 'pending');
  if (pending) {
    const body: Json = { decision: 'approve' };
    if (state.stage === 'CHECK') body.rating = 'B';
    return {
      key: `approve ${pending.id}`,
      method: 'POST',
      path: `/approvals/${pending.id}/decision`,
      role: 'hq',
      body,
    };
  }
  const scheduled = state.tasks.find((t) => t.status === 'scheduled');
  if (scheduled) {
    return {
      key: `open ${scheduled.id}`,
      method: 'POST',
      path: `/tasks/${scheduled.id}/open`,
      role: 'admin',
      body: { reason: '負荷試験のため前倒しで開始' },
    };
  }
  const open = state.tasks
    .filter((t) => t.status === 'open')
    .sort((a, b) => (a.periodIndex ?? 99) - (b.periodIndex ?? 99))[0];
  if (!open) return null;
  const c = `/cycles/${cycleId}`;
  const step = (path: string, body: Json): Step => ({
    key: `${open.kind} ${open.id}`,
    method: 'POST',
    path,
    role: 'leader',
    body,
  });
  switch (open.kind) {
    case 'plan':
      return step(`${c}/plan`, {
        targets: [],
        activities: ['オンライン申請の対象手続を拡大'],
        budgetRequest: 10_000_000,
      });
    case 'review':
      return step(`${c}/reviews/${open.id}`, {
        periodIndex: open.periodIndex,
        progress: 25 * (open.periodIndex ?? 1),
        status: 'on_track',
      });
    case 'execution_report':
      return step(`${c}/execution-report`, { summary: '計画どおり実施した。' });
    case 'evaluation':
      return step(`${c}/evaluation`, { actuals: [], selfRating: 'A', analysis: '目標を上回った。' });
    case 'action':
      return step(`${c}/action`, {
        decision: 'continue',
        budgetProposal: 10_300_000,
        rationale: '効果が確認できたため継続',
      });
    default:
      throw new Error(`no step for an open ${open.kind} task`);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Outcome =
  | { kind: 'ok'; body: StateLike }
  | { kind: 'unavailable' | 'refused' | 'timeout' | 'cut' | 'conflict' }
  | { kind: 'other'; detail: string };

/** Sends requests round-robin over the APIs, no faster than `rate` a second. */
export class Sender {
  private next = 0;
  private slot = 0;
  readonly answers: Answers = {
    ok: 0,
    unavailable: 0,
    refused: 0,
    timeout: 0,
    cut: 0,
    conflict: 0,
    other: 0,
  };
  /** The 2xx commands (reads left out): when each ended and how long it took. */
  readonly latencies: Array<{ at: number; ms: number }> = [];
  requests = 0;
  readonly byApi: number[];

  constructor(
    private readonly bases: string[],
    public rate: number,
    private readonly timeoutMs: number,
  ) {
    this.byApi = bases.map(() => 0);
  }

  private async pace(): Promise<void> {
    const now = Date.now();
    this.slot = Math.max(now, this.slot + 1000 / this.rate);
    if (this.slot > now) await sleep(this.slot - now);
  }

  async send(method: string, path: string, token: string, body?: Json): Promise<Outcome> {
    await this.pace();
    const api = this.next++ % this.bases.length;
    this.requests++;
    this.byApi[api]++;
    const started = performance.now();
    let res: Response;
    try {
      res = await fetch(`${this.bases[api]}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const code = (err as { cause?: { code?: string } }).cause?.code;
      if (code === 'ECONNREFUSED') return this.count({ kind: 'refused' });
      return this.count({ kind: 'cut' });
    }
    let text: string;
    try {
      text = await res.text();
    } catch {
      return this.count({ kind: 'cut' });
    }
    if (res.ok) {
      if (method !== 'GET') this.latencies.push({ at: Date.now(), ms: performance.now() - started });
      return this.count({ kind: 'ok', body: text ? JSON.parse(text) : {} });
    }
    if (res.status === 503) return this.count({ kind: 'unavailable' });
    if (res.status === 504) return this.count({ kind: 'timeout' });
    if (res.status === 409) return this.count({ kind: 'conflict' });
    return this.count({
      kind: 'other',
      detail: `${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`,
    });
  }

  private count(outcome: Outcome): Outcome {
    this.answers[outcome.kind]++;
    return outcome;
  }
}

/** The cycles' users, signed in, and a tenant of `items` items for cycles of FY2027 only. */
export async function loadTenant(topology: Topology, items: number, label: string) {
  const tenant = await createBenchTenant(topology.ownerUrl, items, label, {
    // One plan year, so an approved 今後の方向性 closes the cycle instead of opening the next year's;
    // a worker started again opens no year of it (FY2027 opens in April 2027).
    planYears: [FY, FY],
    cadence: 'quarterly',
  });
  const base = topology.apiBases()[0];
  const tokens: Tokens = {
    leader: await login(base, tenant.leader.email, tenant.leader.password),
    hq: await login(base, tenant.hq.email, tenant.hq.password),
    admin: await login(base, tenant.admin.email, tenant.admin.password),
  };
  return { tenant, tokens };
}

interface Tokens {
  leader: string;
  hq: string;
  admin: string;
}

/**
 * Drives one cycle at a time to its end through `sender`, each command until its outcome is known,
 * and keeps what took effect: the commands per cycle and each cycle's last known state.
 */
export class CycleDriver {
  readonly problems: string[] = [];
  effective = 0;
  readonly effectiveByCycle = new Map<string, number>();
  readonly finalState = new Map<string, StateLike>();

  constructor(
    readonly sender: Sender,
    private readonly tokens: Tokens,
  ) {}

  private tookEffect(cycleId: string) {
    this.effective++;
    this.effectiveByCycle.set(cycleId, (this.effectiveByCycle.get(cycleId) ?? 0) + 1);
  }

  /** Sends one command until its outcome is known; answers the state to go on from. */
  private async command(
    step: Step,
    reload: () => Promise<StateLike | null>,
  ): Promise<{ state: StateLike | null; tookEffect: boolean }> {
    for (let attempt = 1; attempt <= 40; attempt++) {
      const outcome = await this.sender.send(step.method, step.path, this.tokens[step.role], step.body);
      if (outcome.kind === 'ok') return { state: outcome.body, tookEffect: true };
      if (outcome.kind === 'unavailable' || outcome.kind === 'refused') {
        await sleep(100 * Math.min(attempt, 10));
        continue;
      }
      if (outcome.kind === 'other') this.problems.push(outcome.detail);
      // 504, cut or 409: what happened is in the cycle; it is read again and the run goes on from it.
      else await sleep(500);
      return { state: await reload(), tookEffect: false };
    }
    throw new Error(`${step.method} ${step.path}: no answer after 40 attempts`);
  }

  private async readCycle(cycleId: string): Promise<StateLike | null> {
    for (let attempt = 1; attempt <= 40; attempt++) {
      const outcome = await this.sender.send('GET', `/cycles/${cycleId}`, this.tokens.admin);
      if (outcome.kind === 'ok') return outcome.body;
      await sleep(250 * Math.min(attempt, 8));
    }
    throw new Error(`GET /cycles/${cycleId}: no answer after 40 attempts`);
  }

  private async start(itemId: string): Promise<StateLike & { id: string }> {
    for (let attempt = 1; attempt <= 100; attempt++) {
      // Starting is idempotent (the item and the year name the cycle): an unknown outcome is asked again.
      const outcome = await this.sender.send('POST', `/items/${itemId}/cycles`, this.tokens.admin, {
        fiscalYear: FY,
      });
      if (outcome.kind === 'ok') return outcome.body as StateLike & { id: string };
      if (outcome.kind === 'other') throw new Error(outcome.detail);
      await sleep(300);
    }
    throw new Error(`POST /items/${itemId}/cycles: no cycle after 100 attempts`);
  }

  async drive(itemId: string): Promise<void> {
    const started = await this.start(itemId);
    const cycleId = started.id ?? started.cycleId!;
    this.tookEffect(cycleId);
    let state: StateLike | null = started;
    const seen = new Set<string>();
    for (let guard = 0; guard < 200; guard++) {
      const step: Step | null = state ? nextStep(cycleId, state) : null;
      if (!step) break;
      const result = await this.command(step, () => this.readCycle(cycleId));
      if (result.tookEffect) {
        if (seen.has(step.key)) this.problems.push(`cycle ${cycleId}: ${step.key} answered 2xx twice`);
        seen.add(step.key);
        this.tookEffect(cycleId);
      } else {
        // Known from the cycle only: it took effect if the cycle moved past it.
        const after = result.state ? nextStep(cycleId, result.state) : null;
        if (after?.key !== step.key && !seen.has(step.key)) {
          seen.add(step.key);
          this.tookEffect(cycleId);
        }
      }
      state = result.state;
    }
    if (state) this.finalState.set(cycleId, state);
  }
}

export async function runTopologyLoad(
  topology: Topology,
  options: TopologyLoadOptions,
): Promise<TopologyLoadResult> {
  const random = options.random ?? Math.random;
  const { tenant, tokens } = await loadTenant(topology, options.cycles, 'topology');
  const bases = topology.apiBases();
  const sender = new Sender(bases, options.rate, options.commandTimeoutMs ?? 60_000);
  const driver = new CycleDriver(sender, tokens);
  const problems = driver.problems;

  // The faults: each at a random point of the run, counted in commands sent.
  const expectedRequests = options.cycles * 19;
  const faults = [
    ...Array.from({ length: options.apiKills }, () => 'api'),
    ...Array.from({ length: options.workerKills }, () => 'worker'),
  ].map((kind) => ({
    kind,
    at: Math.floor(expectedRequests * (0.1 + 0.4 * random())),
  }));
  const kills: KillRecord[] = [];
  let running = true;
  // Each fault waits for its moment on its own, so a slow restart does not hold back the next one.
  const faultRuns = faults.map(async (fault) => {
    while (running && sender.requests < fault.at) await sleep(50);
    const candidates = topology.services.filter((s) => s.kind === fault.kind);
    const victim = candidates[Math.floor(random() * candidates.length)];
    const at = sender.requests;
    const down = Date.now();
    options.log(`SIGKILL ${victim.name} (pid ${victim.child.pid}) at request ${at}`);
    await topology.kill(victim.name);
    await topology.restart(victim.name);
    const downMs = Date.now() - down;
    options.log(`${victim.name} is back (pid ${victim.child.pid}) after ${(downMs / 1000).toFixed(1)} s`);
    kills.push({ service: victim.name, atCommand: at, downMs });
  });

  const started = Date.now();
  const queue = [...tenant.itemIds];
  let finished = 0;
  const lane = async () => {
    for (let itemId = queue.shift(); itemId; itemId = queue.shift()) {
      await driver.drive(itemId);
      finished++;
      if (finished % Math.max(1, Math.floor(options.cycles / 10)) === 0)
        options.log(`${finished}/${options.cycles} cycles through, ${sender.requests} requests`);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency, options.cycles) }, lane));
  } finally {
    // A fault not reached yet (a run shorter than expected) happens now, so every run has them.
    running = false;
    await Promise.all(faultRuns);
  }
  if (faults.some((f) => f.at > sender.requests))
    problems.push('a kill came after the last command: run more cycles for it to fall under load');
  const wallMs = Date.now() - started;

  const counts = await countOutcomes(
    topology,
    tenant,
    options.drainTimeoutMs ?? 90_000,
    bases[0],
    tokens.admin,
  );
  problems.push(
    ...exactlyOnceProblems(
      counts,
      driver.effectiveByCycle,
      driver.finalState,
      options.cycles,
      driver.effective,
    ),
  );
  const sorted = sender.latencies.map((l) => l.ms).sort((a, b) => a - b);
  return {
    tenant,
    cycles: options.cycles,
    commands: driver.effective,
    requests: sender.requests,
    answers: sender.answers,
    byApi: sender.byApi,
    kills,
    wallMs,
    latency: { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? 0 },
    counts: counts.totals,
    problems,
  };
}

async function login(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`login ${email} answered ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** The summary table the bench prints. */
export function renderTopologySummary(result: TopologyLoadResult): string {
  const a = result.answers;
  const c = result.counts;
  const rows: Array<[string, string]> = [
    ['cycles driven / closed', `${result.cycles} / ${c.cyclesClosed}`],
    ['commands that took effect', String(result.commands)],
    ['HTTP requests (retries, reads included)', `${result.requests} (per API: ${result.byApi.join(' / ')})`],
    [
      'answers 2xx / 503 / refused / 504 / cut / 409 / other',
      `${a.ok} / ${a.unavailable} / ${a.refused} / ${a.timeout} / ${a.cut} / ${a.conflict} / ${a.other}`,
    ],
    [
      '2xx latency p50 / p99 / max (ms)',
      `${result.latency.p50.toFixed(0)} / ${result.latency.p99.toFixed(0)} / ${result.latency.max.toFixed(0)}`,
    ],
    [
      'SIGKILLs',
      result.kills
        .map((k) => `${k.service} at request ${k.atCommand}, back in ${(k.downMs / 1000).toFixed(1)} s`)
        .join('; ') || 'none',
    ],
    ['ledger entries by users (= commands)', String(c.userLedgerEntries)],
    ['ledger entries in all / verifies', `${c.ledgerEntries} / ${c.ledgerVerified ? 'yes' : 'NO'}`],
    ['projected events', String(c.projectionEvents)],
    ['outbox events (not fanned out)', `${c.outboxEvents} (${c.outboxUnpublished})`],
    ['deliveries (dead) / mails caught', `${c.deliveries} (${c.deliveriesDead}) / ${c.mailsCaught}`],
    ['budget reflections', String(c.budgetReflections)],
    ['failed projections', String(c.failedProjections)],
    ['wall time', `${(result.wallMs / 1000).toFixed(1)} s`],
    ['problems', result.problems.length === 0 ? 'none' : String(result.problems.length)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `| ${k.padEnd(width)} | ${v}`);
  return [...lines, ...result.problems.map((p) => `  problem: ${p}`)].join('\n');
}
