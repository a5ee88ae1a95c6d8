import { type LedgerContent, ledgerHash } from '@pdca/audit';
import { EntityManager } from 'typeorm';

export type LedgerEntryInput = Omit<LedgerContent, 'seq'>;

/** The signed-in person behind an administrative change, with the role they acted in. */
export interface LedgerUserActor {
  userId: string;
  displayName: string;
  role: string;
}

/**
 * A ledger entry for a change a person makes directly through the API (users, working groups):
 * no item, cycle or workflow, and no event key (the entry is written once, in the change's own
 * transaction, so there is no retry to deduplicate). A system actor (the provisioning CLI, a
 * directory) is given by name.
 */
export function administrativeEntry(
  tenantId: string,
  actor: LedgerUserActor | { system: string },
  action: string,
  payload: Record<string, unknown>,
  comment: string | null = null,
): LedgerEntryInput {
  const by =
    'system' in actor
      ? { actorType: 'system' as const, actorId: null, actorName: actor.system, actorRole: null }
      : {
          actorType: 'user' as const,
          actorId: actor.userId,
          actorName: actor.displayName,
          actorRole: actor.role,
        };
  return {
    tenantId,
    occurredAt: new Date().toISOString(),
    ...by,
    action,
    itemId: null,
    cycleId: null,
    taskId: null,
    approvalId: null,
    payload,
    comment,
    workflowId: null,
    runId: null,
    eventKey: null,
  };
}

/**
 * Appends to the tenant's hash-chained audit ledger inside the caller's transaction. Bumping the
 * tenant's sequence row-locks it, so concurrent appends for one tenant queue up and the chain
 * stays linear; different tenants do not block each other.
 */
export async function appendLedgerEntry(manager: EntityManager, entry: LedgerEntryInput): Promise<number> {
  const rows: Array<{ audit_seq: string; audit_head_hash: string | null }> = await manager.query(
    'UPDATE tenants SET audit_seq = audit_seq + 1 WHERE id = $1 RETURNING audit_seq, audit_head_hash',
    [entry.tenantId],
  );
  const [updated] = Array.isArray(rows[0]) ? (rows[0] as typeof rows) : rows;
  if (!updated) throw new Error(`tenant ${entry.tenantId} not found`);
  const seq = Number(updated.audit_seq);
  const prevHash = updated.audit_head_hash;
  const hash = ledgerHash({ ...entry, seq }, prevHash);
  await manager.query(
    `INSERT INTO audit_log (tenant_id, seq, occurred_at, actor_type, actor_id, actor_name, actor_role, action,
       item_id, cycle_id, task_id, approval_id, payload, comment, workflow_id, run_id, event_key, prev_hash, hash)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19)`,
    [
      entry.tenantId,
      seq,
      entry.occurredAt,
      entry.actorType,
      entry.actorId,
      entry.actorName,
      entry.actorRole,
      entry.action,
      entry.itemId,
      entry.cycleId,
      entry.taskId,
      entry.approvalId,
      JSON.stringify(entry.payload ?? {}),
      entry.comment,
      entry.workflowId,
      entry.runId,
      entry.eventKey,
      prevHash,
      hash,
    ],
  );
  await manager.query('UPDATE tenants SET audit_head_hash = $2 WHERE id = $1', [entry.tenantId, hash]);
  return seq;
}

/**
 * Appends many entries for one tenant in one statement, chained exactly as appendLedgerEntry
 * chains them one by one (same hashes): for bulk loads such as the benchmark and data
 * migrations. Runs inside the caller's transaction; the tenant row lock serializes it with
 * every other append for the tenant. Returns the sequence number of the last entry.
 */
export async function appendLedgerEntries(
  manager: EntityManager,
  tenantId: string,
  entries: ReadonlyArray<Omit<LedgerEntryInput, 'tenantId'>>,
): Promise<number> {
  if (entries.length === 0) {
    const [row] = await manager.query('SELECT audit_seq FROM tenants WHERE id = $1', [tenantId]);
    if (!row) throw new Error(`tenant ${tenantId} not found`);
    return Number(row.audit_seq);
  }
  const rows: Array<{ audit_seq: string; audit_head_hash: string | null }> = await manager.query(
    'UPDATE tenants SET audit_seq = audit_seq + $2 WHERE id = $1 RETURNING audit_seq, audit_head_hash',
    [tenantId, entries.length],
  );
  const [updated] = Array.isArray(rows[0]) ? (rows[0] as typeof rows) : rows;
  if (!updated) throw new Error(`tenant ${tenantId} not found`);
  const lastSeq = Number(updated.audit_seq);
  let prevHash = updated.audit_head_hash;
  const columns: unknown[][] = Array.from({ length: 19 }, () => []);
  entries.forEach((entry, index) => {
    const seq = lastSeq - entries.length + 1 + index;
    // Exactly the stored fields: whatever else an entry object carries must not enter the hash.
    const content: LedgerContent = {
      tenantId,
      seq,
      occurredAt: entry.occurredAt,
      actorType: entry.actorType,
      actorId: entry.actorId,
      actorName: entry.actorName,
      actorRole: entry.actorRole,
      action: entry.action,
      itemId: entry.itemId,
      cycleId: entry.cycleId,
      taskId: entry.taskId,
      approvalId: entry.approvalId,
      payload: entry.payload ?? {},
      comment: entry.comment,
      workflowId: entry.workflowId,
      runId: entry.runId,
      eventKey: entry.eventKey,
    };
    const hash = ledgerHash(content, prevHash);
    const values = [
      tenantId,
      seq,
      content.occurredAt,
      content.actorType,
      content.actorId,
      content.actorName,
      content.actorRole,
      content.action,
      content.itemId,
      content.cycleId,
      content.taskId,
      content.approvalId,
      JSON.stringify(content.payload),
      content.comment,
      content.workflowId,
      content.runId,
      content.eventKey,
      prevHash,
      hash,
    ];
    for (const [column, value] of values.entries()) columns[column].push(value);
    prevHash = hash;
  });
  await manager.query(
    `INSERT INTO audit_log (tenant_id, seq, occurred_at, actor_type, actor_id, actor_name, actor_role, action,
       item_id, cycle_id, task_id, approval_id, payload, comment, workflow_id, run_id, event_key, prev_hash, hash)
     SELECT t, s, o, at, ai, an, ar, ac, ii, ci, ti, pi, p::jsonb, cm, wi, ri, ek, ph, h
       FROM unnest($1::uuid[], $2::bigint[], $3::timestamptz[], $4::text[], $5::uuid[], $6::text[], $7::text[],
                   $8::text[], $9::uuid[], $10::uuid[], $11::uuid[], $12::uuid[], $13::text[], $14::text[],
                   $15::text[], $16::text[], $17::text[], $18::text[], $19::text[])
         AS u(t, s, o, at, ai, an, ar, ac, ii, ci, ti, pi, p, cm, wi, ri, ek, ph, h)`,
    columns,
  );
  await manager.query('UPDATE tenants SET audit_head_hash = $2 WHERE id = $1', [tenantId, prevHash]);
  return lastSeq;
}
