/**
 * What the topology's load run left behind, counted from the database and the ledger, and what must
 * hold of it (topology-load.ts drives the cycles; the bench, the soak and the test read these).
 */
import { Client } from 'pg';
import type { BenchTenant } from './bench-fixture';
import type { Topology } from './topology-stack';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ExactlyOnceCounts {
  cyclesClosed: number;
  /** Ledger entries made by a user's command, and how many commands took effect. */
  userLedgerEntries: number;
  ledgerEntries: number;
  projectionEvents: number;
  outboxEvents: number;
  outboxUnpublished: number;
  deliveries: number;
  deliveriesDead: number;
  budgetReflections: number;
  failedProjections: number;
  mailsCaught: number;
  ledgerVerified: boolean;
}

interface TaskLike {
  id: string;
  kind: string;
  status: string;
  periodIndex: number | null;
}
export interface StateLike {
  cycleId?: string;
  id?: string;
  stage: string;
  status: string;
  tasks: TaskLike[];
  approvals: Array<{ id: string; status: string }>;
}

interface CycleRow {
  id: string;
  workflow_id: string;
  stage: string;
  status: string;
  user_entries: number;
  entries: number;
  projection_events: number;
  outbox: number;
  deliveries: number;
  reflections: number;
  duplicate_user_entries: number;
}

export interface Counted {
  totals: ExactlyOnceCounts;
  cycles: CycleRow[];
}

/** Waits for the relay to fan out every outbox event, then counts what each cycle left behind. */
export async function countOutcomes(
  topology: Topology,
  tenant: BenchTenant,
  drainTimeoutMs: number,
  base: string,
  adminToken: string,
): Promise<Counted> {
  const db = new Client({ connectionString: topology.ownerUrl });
  await db.connect();
  try {
    const deadline = Date.now() + drainTimeoutMs;
    for (;;) {
      // The relay fans the outbox out; the cycles close once their budget is reflected.
      const { rows } = await db.query<{ n: number }>(
        `SELECT (SELECT count(*) FROM outbox WHERE tenant_id = $1 AND published_at IS NULL)::int
              + (SELECT count(*) FROM cycles WHERE tenant_id = $1 AND status = 'reflecting_budget')::int AS n`,
        [tenant.tenantId],
      );
      if (rows[0].n === 0 || Date.now() > deadline) break;
      await sleep(500);
    }
    const { rows: cycles } = await db.query<CycleRow>(
      `SELECT c.id, c.workflow_id, c.stage, c.status,
              (SELECT count(*)::int FROM audit_log a WHERE a.cycle_id = c.id AND a.actor_type = 'user') AS user_entries,
              (SELECT count(*)::int FROM audit_log a WHERE a.cycle_id = c.id) AS entries,
              (SELECT count(*)::int FROM projection_log p WHERE p.workflow_id = c.workflow_id) AS projection_events,
              (SELECT count(*)::int FROM outbox o WHERE o.event_key LIKE c.workflow_id || '#%') AS outbox,
              (SELECT count(*)::int FROM notification_deliveries d JOIN outbox o ON o.id = d.outbox_id
                WHERE o.event_key LIKE c.workflow_id || '#%') AS deliveries,
              (SELECT count(*)::int FROM budget_reflections b WHERE b.cycle_id = c.id) AS reflections,
              (SELECT count(*)::int FROM (
                 SELECT 1 FROM audit_log a WHERE a.cycle_id = c.id AND a.actor_type = 'user'
                  GROUP BY a.action, a.task_id, a.approval_id HAVING count(*) > 1) d) AS duplicate_user_entries
         FROM cycles c WHERE c.tenant_id = $1 ORDER BY c.workflow_id`,
      [tenant.tenantId],
    );
    const one = async (sql: string) => (await db.query<{ n: number }>(sql, [tenant.tenantId])).rows[0].n;
    const res = await fetch(`${base}/audit/verify`, { headers: { authorization: `Bearer ${adminToken}` } });
    const verify = (await res.json()) as { ok?: boolean };
    const sum = (f: (r: CycleRow) => number) => cycles.reduce((s, r) => s + f(r), 0);
    return {
      cycles,
      totals: {
        cyclesClosed: cycles.filter((c) => c.status === 'closed' || c.status === 'completed').length,
        userLedgerEntries: sum((c) => c.user_entries),
        ledgerEntries: await one(`SELECT count(*)::int AS n FROM audit_log WHERE tenant_id = $1`),
        projectionEvents: sum((c) => c.projection_events),
        outboxEvents: await one(`SELECT count(*)::int AS n FROM outbox WHERE tenant_id = $1`),
        outboxUnpublished: await one(
          `SELECT count(*)::int AS n FROM outbox WHERE tenant_id = $1 AND published_at IS NULL`,
        ),
        deliveries: await one(`SELECT count(*)::int AS n FROM notification_deliveries WHERE tenant_id = $1`),
        deliveriesDead: await one(
          `SELECT count(*)::int AS n FROM notification_deliveries WHERE tenant_id = $1 AND status = 'dead'`,
        ),
        budgetReflections: sum((c) => c.reflections),
        failedProjections: await one(
          `SELECT count(*)::int AS n FROM failed_projections WHERE tenant_id = $1`,
        ),
        mailsCaught: topology.mail.mails.length,
        ledgerVerified: res.ok && verify.ok === true,
      },
    };
  } finally {
    await db.end();
  }
}

/**
 * What must hold after the run: every cycle closed with one budget reflection; the ledger holds one
 * user entry per command that took effect, none twice; every cycle left the same number of ledger
 * entries, projected events, outbox events and deliveries as every other (they all ran the same
 * commands); nothing waits in the outbox, nothing failed to project, and the ledger verifies.
 */
export function exactlyOnceProblems(
  counted: Counted,
  effectiveByCycle: Map<string, number>,
  finalState: Map<string, StateLike>,
  cycles: number,
  effective: number,
): string[] {
  const problems: string[] = [];
  const t = counted.totals;
  if (counted.cycles.length !== cycles)
    problems.push(`${counted.cycles.length} cycles in the database, ${cycles} started`);
  if (t.cyclesClosed !== cycles) problems.push(`${t.cyclesClosed} of ${cycles} cycles closed`);
  if (t.budgetReflections !== cycles)
    problems.push(`${t.budgetReflections} budget reflections for ${cycles} cycles`);
  if (t.userLedgerEntries !== effective)
    problems.push(
      `${t.userLedgerEntries} ledger entries by users for ${effective} commands that took effect`,
    );
  if (t.outboxUnpublished > 0) problems.push(`${t.outboxUnpublished} outbox events never fanned out`);
  if (t.deliveriesDead > 0) problems.push(`${t.deliveriesDead} deliveries dead`);
  if (t.failedProjections > 0) problems.push(`${t.failedProjections} failed projections`);
  if (!t.ledgerVerified) problems.push('the ledger does not verify');
  const shape = (r: CycleRow) =>
    `${r.user_entries} user / ${r.entries} ledger entries, ${r.projection_events} projected events, ${r.outbox} outbox events, ${r.deliveries} deliveries, ${r.reflections} reflections`;
  const shapes = new Map<string, number>();
  for (const row of counted.cycles) shapes.set(shape(row), (shapes.get(shape(row)) ?? 0) + 1);
  if (shapes.size > 1)
    problems.push(`cycles differ: ${[...shapes].map(([s, n]) => `${n}× ${s}`).join('; ')}`);
  for (const row of counted.cycles) {
    const sent = effectiveByCycle.get(row.id);
    if (sent !== undefined && sent !== row.user_entries)
      problems.push(
        `cycle ${row.workflow_id}: ${row.user_entries} user ledger entries, ${sent} commands took effect`,
      );
    if (row.duplicate_user_entries > 0)
      problems.push(`cycle ${row.workflow_id}: a command in the ledger twice`);
    const final = finalState.get(row.id);
    // The last approval answers while the budget is reflected; the cycle then closes by itself.
    const status = final?.status === 'reflecting_budget' ? 'closed' : final?.status;
    if (final && (final.stage !== row.stage || status !== row.status))
      problems.push(
        `cycle ${row.workflow_id}: ${row.stage}/${row.status} in the database, ${final.stage}/${status} by its commands`,
      );
  }
  return problems;
}
