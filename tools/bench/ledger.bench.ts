import { benchDatabase } from './bench-database';
import type { BenchOutput } from './bench-output';

const DEFAULT_ENTRIES = 100_000;
const INSERT_BATCH = 5_000;
const SAMPLE_EVERY_MS = 5;
/** Forced full collections this often during a step: the heap left after one is what is really held. */
const COLLECT_EVERY_MS = 100;

/**
 * The audit-ledger benchmark (`npm run bench -- ledger [--entries N]`): a throw-away database
 * (bench-database.ts), migrated; the entries appended to a bench tenant's hash chain
 * in bulk; the API in this process (Temporal is not needed) and, while this process's memory is
 * sampled, GET /api/v1/audit/log as CSV and as JSON and GET /api/v1/audit/verify. Prints a table,
 * then drops the database.
 */
export async function runLedgerBench(
  entries: number = DEFAULT_ENTRIES,
  output: BenchOutput,
): Promise<LedgerResult> {
  return runBench(entries, output);
}

export { DEFAULT_ENTRIES as DEFAULT_LEDGER_ENTRIES };

export interface LedgerResult {
  entries: number;
  rows: Row[];
}

export interface Row {
  step: string;
  entries: number;
  bytes?: number;
  ms: number;
  peakRss?: number;
  rssDelta?: number;
  heapDelta?: number;
  liveHeapDelta?: number;
  note?: string;
}

async function runBench(entryCount: number, output: BenchOutput): Promise<LedgerResult> {
  const started = performance.now();
  const database = await benchDatabase(output);
  const rows: Row[] = [];
  try {
    const { createDataSource } = await import('@pdca/persistence/data-source');
    const dataSource = createDataSource(database.url, { poolSize: 4, applicationName: 'pdca-bench' });
    await dataSource.initialize();
    try {
      const { tenantId, email, password } = await createBenchTenant(dataSource);
      output.out(`bench ledger: appending ${entryCount.toLocaleString('en-US')} ledger entries …\n`);
      rows.push(await loadLedger(dataSource, tenantId, entryCount));
      rows.push(...(await measureApi(database.url, email, password, entryCount, output)));
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await database.drop();
  }
  output.out(`\n${renderTable(entryCount, rows)}\n`);
  output.out(
    `total ${seconds(performance.now() - started)} (node ${process.version}, ${process.platform})\n`,
  );
  return { entries: entryCount, rows };
}

// -------------------------------------------------------------------------------------------------

type DataSourceLike = import('typeorm').DataSource;

async function createBenchTenant(dataSource: DataSourceLike) {
  const { randomBytes } = await import('node:crypto');
  const bcrypt = (await import('bcryptjs')).default;
  const { TenantRepository, UserRepository } = await import('@pdca/persistence/repositories');
  const code = `bench-${Date.now().toString(36)}`;
  const tenant = await new TenantRepository(dataSource).create({ code, name: `ベンチマーク市 ${code}` });
  const password = randomBytes(12).toString('base64url');
  const email = `auditor@${code}.bench.invalid`;
  await new UserRepository(dataSource).create({
    tenantId: tenant.id,
    email,
    displayName: '監査 委員',
    passwordHash: bcrypt.hashSync(password, 4),
    roles: ['auditor'],
  });
  return { tenantId: tenant.id, email, password };
}

/** Realistic entries: a leader's submissions, HQ decisions with comments, the engine's reminders. */
function benchEntry(tenantId: string, n: number, itemIds: string[], cycleIds: string[], users: string[]) {
  const kind = n % 4;
  const at = new Date(Date.UTC(2025, 3, 1) + n * 60_000).toISOString();
  const itemIndex = n % itemIds.length;
  const workflowId = `pdca/bench/${itemIds[itemIndex]}/2025`;
  const base = {
    occurredAt: at,
    itemId: itemIds[itemIndex],
    cycleId: cycleIds[itemIndex],
    taskId: null,
    approvalId: null,
    workflowId,
    runId: `run-${itemIndex}`,
    eventKey: `bench/${tenantId}/${n}`,
  };
  if (kind === 0 || kind === 1) {
    return {
      ...base,
      actorType: 'user' as const,
      actorId: users[0],
      actorName: '改革 リーダー',
      actorRole: 'wg_leader',
      action: kind === 0 ? 'review.submitted' : 'plan.submitted',
      payload: {
        round: 1,
        periodIndex: (n % 4) + 1,
        submission: {
          progress: n % 100,
          status: 'on_track',
          notes: `第${n % 12}期の進捗: 電子申請の対象手続を拡大した。`,
        },
      },
      comment: null,
    };
  }
  if (kind === 2) {
    return {
      ...base,
      actorType: 'user' as const,
      actorId: users[1],
      actorName: '本部 承認者',
      actorRole: 'hq_approver',
      action: n % 8 === 2 ? 'approval.returned' : 'approval.approved',
      payload: {
        decision: n % 8 === 2 ? 'return' : 'approve',
        stage: 'PLAN',
        submissionKind: 'plan',
        round: 1,
      },
      comment: n % 8 === 2 ? '目標値の根拠を追記してください, "指標1"\n再提出をお願いします。' : '了承',
    };
  }
  return {
    ...base,
    actorType: 'system' as const,
    actorId: null,
    actorName: null,
    actorRole: null,
    action: 'task.reminder',
    payload: { reminderKey: 'before-1d', dueAt: at, overdue: false },
    comment: null,
  };
}

async function loadLedger(dataSource: DataSourceLike, tenantId: string, count: number): Promise<Row> {
  const { randomUUID } = await import('node:crypto');
  const { appendLedgerEntries } = await import('@pdca/persistence/repositories');
  const itemIds = Array.from({ length: 50 }, () => randomUUID());
  const cycleIds = Array.from({ length: 50 }, () => randomUUID());
  const users = [randomUUID(), randomUUID()];
  const started = performance.now();
  for (let first = 1; first <= count; first += INSERT_BATCH) {
    const batch: Array<ReturnType<typeof benchEntry>> = [];
    for (let n = first; n < Math.min(first + INSERT_BATCH, count + 1); n++) {
      batch.push(benchEntry(tenantId, n, itemIds, cycleIds, users));
    }
    await dataSource.transaction((manager) => appendLedgerEntries(manager, tenantId, batch));
  }
  return {
    step: 'bulk append (SHA-256 chain, unnest)',
    entries: count,
    ms: performance.now() - started,
    note: `batches of ${INSERT_BATCH.toLocaleString('en-US')}`,
  };
}

// -------------------------------------------------------------------------------------------------
// The real HTTP endpoints, in this process, with memory sampled while they run.

async function measureApi(
  databaseUrl: string,
  email: string,
  password: string,
  entryCount: number,
  output: BenchOutput,
): Promise<Row[]> {
  const { randomBytes } = await import('node:crypto');
  const { loadConfig } = await import('@pdca/config');
  const { createApiApp } = await import('../../apps/api/src/app.factory');
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: databaseUrl,
    JWT_SECRET: randomBytes(32).toString('base64url'),
    LOG_LEVEL: 'error',
  });
  // Temporal is never called by these endpoints; the API's connection to it is lazy.
  const app = await createApiApp({ config });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const base = `http://127.0.0.1:${address.port}/api/v1`;
  try {
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const { accessToken } = (await login.json()) as { accessToken: string };
    // Warm-up: load the code paths once, so the baseline is not the first request's.
    await download(`${base}/audit/log?format=csv&action=cycle.withdrawn`, accessToken);

    const steps: Array<{
      step: string;
      run: () => Promise<{ entries: number; bytes?: number; note?: string }>;
    }> = [
      ...(['csv', 'json'] as const).map((format) => ({
        step: `GET /audit/log?format=${format}`,
        run: async () => {
          const body = await download(`${base}/audit/log?format=${format}`, accessToken);
          const entries = format === 'csv' ? body.crlf - 1 : body.jsonRecords;
          if (entries !== entryCount)
            throw new Error(`the ${format} export had ${entries} entries, not ${entryCount}`);
          return { entries, bytes: body.bytes };
        },
      })),
      {
        step: 'GET /audit/verify',
        run: async () => {
          const res = await fetch(`${base}/audit/verify`, {
            headers: { authorization: `Bearer ${accessToken}` },
          });
          const body = (await res.json()) as { ok: boolean; entries: number; durationMs: number };
          if (!body.ok || body.entries !== entryCount)
            throw new Error(`verification failed: ${JSON.stringify(body)}`);
          return { entries: body.entries, note: `ok; server-side walk ${seconds(body.durationMs)}` };
        },
      },
    ];
    const rows: Row[] = [];
    for (const { step, run } of steps) {
      output.out(`bench ledger: ${step} …\n`);
      // Twice: timed with light sampling only, then again under forced collections for the live heap.
      const timed = await sampled(run, false);
      const collected = await sampled(run, true);
      rows.push({
        step,
        entries: timed.value.entries,
        bytes: timed.value.bytes,
        ms: timed.ms,
        peakRss: timed.peakRss,
        rssDelta: timed.peakRss - timed.baseRss,
        heapDelta: timed.peakHeap - timed.baseHeap,
        liveHeapDelta: collected.peakLiveHeap - collected.baseHeap,
        note: timed.value.note,
      });
    }
    return rows;
  } finally {
    await app.close();
  }
}

/** Reads a response to the end, counting bytes, CRLFs and top-level JSON records; keeps nothing. */
async function download(url: string, token: string) {
  const http = await import('node:http');
  return new Promise<{ bytes: number; crlf: number; jsonRecords: number }>((resolve, reject) => {
    http
      .get(url, { headers: { authorization: `Bearer ${token}` } }, (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`${url} answered ${res.statusCode}`));
          res.resume();
          return;
        }
        let bytes = 0;
        let crlf = 0;
        let jsonRecords = 0;
        let previous = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          for (let i = 0; i < chunk.length; i++) {
            const byte = chunk[i];
            if (byte === 0x0a && previous === 0x0d) crlf++;
            // Each exported JSON entry starts a line with `{"seq":`.
            if (byte === 0x7b && previous === 0x0a && chunk[i + 1] === 0x22) jsonRecords++;
            previous = byte;
          }
        });
        res.on('end', () => resolve({ bytes, crlf, jsonRecords }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

let collect: (() => void) | undefined;

/** The garbage collector, without restarting node with --expose-gc. */
async function collector(): Promise<() => void> {
  if (!collect) {
    const v8 = await import('node:v8');
    const vm = await import('node:vm');
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as () => void;
  }
  return collect;
}

/**
 * Runs `work` while sampling memory: peaks of RSS and heap (garbage included, as the OS sees it)
 * and, when `collecting`, the live heap read right after a forced full collection every 100 ms:
 * the memory the step really holds, which is what must not grow with the number of entries.
 */
async function sampled<T>(work: () => Promise<T>, collecting: boolean) {
  const gc = await collector();
  gc();
  const baseRss = process.memoryUsage.rss();
  const baseHeap = process.memoryUsage().heapUsed;
  let peakRss = baseRss;
  let peakHeap = baseHeap;
  let peakLiveHeap = baseHeap;
  const timer = setInterval(() => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  }, SAMPLE_EVERY_MS);
  const collecting_ = collecting
    ? setInterval(() => {
        gc();
        peakLiveHeap = Math.max(peakLiveHeap, process.memoryUsage().heapUsed);
      }, COLLECT_EVERY_MS)
    : undefined;
  const started = performance.now();
  try {
    const value = await work();
    return { value, ms: performance.now() - started, baseRss, baseHeap, peakRss, peakHeap, peakLiveHeap };
  } finally {
    clearInterval(timer);
    clearInterval(collecting_);
  }
}

// -------------------------------------------------------------------------------------------------

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const signedMb = (bytes: number) => `${bytes >= 0 ? '+' : ''}${mb(bytes)}`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function renderTable(entryCount: number, rows: Row[]): string {
  const header = [
    'step',
    'entries',
    'bytes',
    'duration',
    'entries/s',
    'peak RSS',
    'RSS Δ',
    'heap Δ (peak)',
    'live heap Δ',
    'note',
  ];
  const body = rows.map((r) => [
    r.step,
    r.entries.toLocaleString('en-US'),
    r.bytes === undefined ? '' : mb(r.bytes),
    seconds(r.ms),
    Math.round(r.entries / (r.ms / 1000)).toLocaleString('en-US'),
    r.peakRss === undefined ? '' : mb(r.peakRss),
    r.rssDelta === undefined ? '' : signedMb(r.rssDelta),
    r.heapDelta === undefined ? '' : signedMb(r.heapDelta),
    r.liveHeapDelta === undefined ? '' : signedMb(r.liveHeapDelta),
    r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [
    `audit ledger benchmark: ${entryCount.toLocaleString('en-US')} entries. Memory is this process (API server and HTTP client together), Δ from the start of each step: peaks sampled every ${SAMPLE_EVERY_MS} ms (garbage included); live heap = the largest heap left after a forced full collection every ${COLLECT_EVERY_MS} ms.`,
    line(header),
    rule,
    ...body.map(line),
  ].join('\n');
}
