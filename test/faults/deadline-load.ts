import { type ApiTestApp, bearer } from '../api/api-test-app';
import { startCycle } from '../api/cycle-helpers';
import type { ApiFixture } from '../api/fixtures';
import { WORKER_LOG_DIR } from '../support/worker-process';

export interface LoadOutcome {
  statuses: Record<string, number>;
  commands: number;
}

/**
 * The cycle the load runs on, before any fault. A worker process just started answers its first
 * workflow task only once its sandbox is up, which on a busy machine can outlast the API's update
 * timeout (a 504: "the command may still take effect"). Starting is idempotent — the same item and
 * year answer the same cycle — so a 504 here is asked again, as a user reloading would; only a
 * cycle that never starts fails the test.
 */
async function startOnWarmWorker(api: ApiTestApp, fx: ApiFixture) {
  const until = Date.now() + 60_000;
  for (;;) {
    try {
      return await startCycle(api, fx.tenant.users.admin, fx.tenant.items.main);
    } catch (error) {
      if (!String(error).includes('start failed: 504')) throw error;
      if (Date.now() > until) throw new Error(`${String(error)}\n(the workers' output: ${WORKER_LOG_DIR})`);
    }
  }
}

/**
 * Light load: two clients move one task's deadline to a new instant each time, while `fault` breaks
 * something and repairs it. Then: every 200 is in the ledger exactly once, every 503 not at all, a
 * 504 at most once, nothing twice, and the ledger verifies.
 */
export async function deadlineMovesThrough(
  api: ApiTestApp,
  fx: ApiFixture,
  fault: () => Promise<void>,
  label: string,
): Promise<LoadOutcome> {
  const cycle = await startOnWarmWorker(api, fx);
  const taskId = cycle.tasks[0].id;
  const base = Date.parse('2027-09-01T08:00:00.000Z') + Math.floor(Math.random() * 1e6) * 60_000;
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
      if (res.status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
  };
  const clients = [client(), client()];
  await new Promise((r) => setTimeout(r, 1_500));
  const faultAt = Date.now();
  await fault();
  const successesBefore = answers.filter((a) => a.status === 200).length;
  // Until commands succeed again after the repair, then stop.
  while (answers.filter((a) => a.status === 200).length < successesBefore + 3) {
    await new Promise((r) => setTimeout(r, 200));
    if (Date.now() - faultAt > 90_000) break;
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
  process.stdout.write(
    `[faults] ${label}: ${answers.length} commands, statuses ${JSON.stringify(statuses)}, back ${((Date.now() - faultAt) / 1000).toFixed(1)} s after the fault\n`,
  );
  expect(Object.keys(statuses).every((s) => ['200', '503', '504'].includes(s))).toBe(true);
  expect(byStatus(200).length).toBeGreaterThanOrEqual(successesBefore + 3);
  for (const dueAt of byStatus(200)) expect(inLedger.get(dueAt)).toBe(1);
  for (const dueAt of byStatus(503)) expect(inLedger.get(dueAt) ?? 0).toBe(0);
  for (const dueAt of byStatus(504)) expect(inLedger.get(dueAt) ?? 0).toBeLessThanOrEqual(1);
  for (const count of inLedger.values()) expect(count).toBe(1);
  const verify = await api
    .http()
    .get('/api/v1/audit/verify')
    .set(bearer(fx.tenant.users.auditor.token))
    .expect(200);
  expect(verify.body).toMatchObject({ ok: true });
  return { statuses, commands: answers.length };
}
