/**
 * Fault: the worker process (the built one, as production runs it) is killed with SIGKILL while
 * commands keep coming, and started again. Every command answered 200 is in the ledger exactly
 * once, every 503 left nothing behind, a 504 at most once, and the ledger verifies.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { uniqueSuffix } from '../support/test-worker';
import { type ApiTestApp, bearer, startApiApp } from '../api/api-test-app';
import { startCycle } from '../api/cycle-helpers';
import { type ApiFixture, createApiFixture } from '../api/fixtures';

const WORKER = path.join(__dirname, '..', '..', 'dist', 'apps', 'worker', 'src', 'main.js');

let api: ApiTestApp;
let fx: ApiFixture;
let taskQueue: string;
let worker: ChildProcess | undefined;

function spawnWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [WORKER], {
    env: { ...process.env, TEMPORAL_TASK_QUEUE: taskQueue, LOG_LEVEL: 'warn', RELAY_IN_WORKER: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (output.includes('[worker] polling task queue')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited (${code}):\n${output}`));
    });
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

beforeAll(async () => {
  if (!fs.existsSync(WORKER)) throw new Error(`${WORKER} is missing: run \`npm run build\` first (npm test does)`);
  taskQueue = `faults-${uniqueSuffix()}`;
  api = await startApiApp({ TEMPORAL_TASK_QUEUE: taskQueue }, { updateTimeoutMs: 6_000 });
  fx = await createApiFixture(api);
  worker = await spawnWorker();
});

afterAll(async () => {
  if (worker) await killed(worker);
  await api?.close();
});

it('loses and duplicates no command when the worker is killed with SIGKILL under load', async () => {
  const admin = fx.tenant.users.admin;
  const cycle = await startCycle(api, admin, fx.tenant.items.main);
  const taskId = cycle.tasks[0].id;
  const base = Date.parse('2027-09-01T08:00:00.000Z');
  const answers: Array<{ dueAt: string; status: number }> = [];
  let next = 0;
  let running = true;
  const client = async () => {
    while (running) {
      const dueAt = new Date(base + next++ * 60_000).toISOString();
      const res = await api
        .http()
        .patch(`/api/v1/tasks/${taskId}/deadline`)
        .set(bearer(fx.tenant.users.hqAdmin.token))
        .send({ dueAt, reason: '障害試験' });
      answers.push({ dueAt, status: res.status });
    }
  };
  const clients = [client(), client()];
  await new Promise((r) => setTimeout(r, 2_000));
  await killed(worker!);
  const killedAt = Date.now();
  await new Promise((r) => setTimeout(r, 2_000));
  worker = await spawnWorker();
  // Until two commands after the restart have succeeded, then a little longer.
  while (answers.filter((a) => a.status === 200).length < 4 || Date.now() - killedAt < 8_000) {
    await new Promise((r) => setTimeout(r, 200));
    if (Date.now() - killedAt > 60_000) break;
  }
  running = false;
  await Promise.all(clients);

  const byStatus = (s: number) => answers.filter((a) => a.status === s).map((a) => Date.parse(a.dueAt));
  const rows: Array<{ to: string }> = await api.dataSource.query(
    `SELECT payload->>'to' AS to FROM audit_log WHERE tenant_id = $1 AND action = 'task.deadline_moved'`,
    [fx.tenant.id],
  );
  const inLedger = new Map<number, number>();
  for (const row of rows) inLedger.set(Date.parse(row.to), (inLedger.get(Date.parse(row.to)) ?? 0) + 1);
  const statuses = Object.fromEntries(
    [...new Set(answers.map((a) => a.status))].map((s) => [s, answers.filter((a) => a.status === s).length]),
  );
  process.stdout.write(`[faults] worker SIGKILL: ${answers.length} commands, statuses ${JSON.stringify(statuses)}\n`);
  expect(Object.keys(statuses).every((s) => ['200', '503', '504'].includes(s))).toBe(true);
  expect(byStatus(200).length).toBeGreaterThanOrEqual(4);
  for (const dueAt of byStatus(200)) expect(inLedger.get(dueAt)).toBe(1);
  for (const dueAt of byStatus(503)) expect(inLedger.get(dueAt) ?? 0).toBe(0);
  for (const dueAt of byStatus(504)) expect(inLedger.get(dueAt) ?? 0).toBeLessThanOrEqual(1);
  for (const count of inLedger.values()) expect(count).toBe(1);
  // The read model ends where the last successful command put it, and the ledger verifies.
  const verify = await api.http().get('/api/v1/audit/verify').set(bearer(fx.tenant.users.auditor.token)).expect(200);
  expect(verify.body).toMatchObject({ ok: true });
}, 120_000);
