import { EntityManager } from 'typeorm';
import { type LedgerContent, ledgerHash } from '../../../audit/src';

export type LedgerEntryInput = Omit<LedgerContent, 'seq'>;

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
