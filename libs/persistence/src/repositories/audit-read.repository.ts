import type { LedgerHead, LedgerRecord } from '@pdca/audit';
import { DataSource } from 'typeorm';

/** A ledger entry with the read-model facts a timeline shows next to it (not hashed). */
export interface LedgerTimelineRecord extends LedgerRecord {
  fiscalYear: number | null;
  itemCode: string | null;
  taskTitle: { ja: string; en: string } | null;
}

export interface LedgerExportFilter {
  tenantId: string;
  /** Inclusive lower bound of occurred_at. */
  from?: Date;
  /** Exclusive upper bound of occurred_at. */
  to?: Date;
  /** A user id, or 'system' for the engine's own entries. */
  actor?: string;
  /** Exact action names, or prefixes written as `approval.*`. */
  actions?: string[];
  /** An item: its entries and the creation of each review round that chose it (#25). */
  itemId?: string;
  cycleId?: string;
}

export interface CycleRunRef {
  cycleId: string;
  fiscalYear: number;
  workflowId: string;
  runId: string | null;
  status: string;
}

interface RecordRow {
  tenant_id: string;
  seq: string;
  occurred_at: string;
  actor_type: 'user' | 'system';
  actor_id: string | null;
  actor_name: string | null;
  actor_role: string | null;
  action: string;
  item_id: string | null;
  cycle_id: string | null;
  task_id: string | null;
  approval_id: string | null;
  payload: unknown;
  comment: string | null;
  workflow_id: string | null;
  run_id: string | null;
  event_key: string | null;
  prev_hash: string | null;
  hash: string;
  fiscal_year?: number | null;
  item_code?: string | null;
  task_title?: { ja: string; en: string } | null;
}

// occurred_at is hashed as the ISO string the writer had (millisecond precision, UTC): format it
// in SQL exactly so, rather than through a JavaScript Date and the session time zone.
const RECORD_COLUMNS = `a.tenant_id, a.seq, to_char(a.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS occurred_at,
  a.actor_type, a.actor_id, a.actor_name, a.actor_role, a.action, a.item_id, a.cycle_id, a.task_id, a.approval_id,
  a.payload, a.comment, a.workflow_id, a.run_id, a.event_key, a.prev_hash, a.hash`;

const DEFAULT_CHAIN_BATCH = 5000;
const DEFAULT_EXPORT_BATCH = 1000;

/**
 * Reads of the audit ledger (audit_log), always for one tenant. Large reads go in keyset batches
 * by sequence number, so their memory does not grow with the ledger.
 */
export class AuditReadRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Hands the tenant's whole chain to `visit` in sequence order, batch by batch, from one
   * consistent snapshot (REPEATABLE READ, read-only), and returns the tenant's head from that
   * same snapshot: entries appended meanwhile are neither half-seen nor mistaken for a break.
   * `visit` returns false to stop early (the chain is broken; later entries prove nothing).
   */
  async readChain(
    tenantId: string,
    visit: (batch: LedgerRecord[]) => boolean,
    batchSize = DEFAULT_CHAIN_BATCH,
  ): Promise<LedgerHead> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const [tenant] = await runner.query('SELECT audit_seq, audit_head_hash FROM tenants WHERE id = $1', [
        tenantId,
      ]);
      const head: LedgerHead = {
        seq: tenant ? Number(tenant.audit_seq) : 0,
        hash: tenant?.audit_head_hash ?? null,
      };
      let after = 0;
      for (;;) {
        const rows: RecordRow[] = await runner.query(
          `SELECT ${RECORD_COLUMNS} FROM audit_log a WHERE a.tenant_id = $1 AND a.seq > $2 ORDER BY a.seq LIMIT $3`,
          [tenantId, after, batchSize],
        );
        if (rows.length === 0) break;
        const batch = rows.map(toRecord);
        if (!visit(batch)) break;
        after = batch[batch.length - 1].seq;
        if (rows.length < batchSize) break;
      }
      await runner.query('COMMIT');
      return head;
    } catch (err) {
      await runner.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      await runner.release();
    }
  }

  /** The tenant's sequence counter and head hash (tenants.audit_seq / audit_head_hash). */
  async head(tenantId: string): Promise<LedgerHead> {
    const [tenant] = await this.dataSource.query(
      'SELECT audit_seq, audit_head_hash FROM tenants WHERE id = $1',
      [tenantId],
    );
    return { seq: tenant ? Number(tenant.audit_seq) : 0, hash: tenant?.audit_head_hash ?? null };
  }

  /**
   * The filtered ledger in sequence order, `batchSize` entries at a time, up to the head as it was
   * when the export began. Entries are never changed and a tenant's entries commit in sequence
   * order, so these batches form a consistent snapshot without holding a transaction open while
   * a slow client downloads. Nothing is read ahead of what the consumer asks for.
   */
  async *exportBatches(
    filter: LedgerExportFilter,
    batchSize = DEFAULT_EXPORT_BATCH,
  ): AsyncGenerator<LedgerTimelineRecord[]> {
    const { seq: headSeq } = await this.head(filter.tenantId);
    // $3 is the keyset position, moved on after every batch.
    const params: unknown[] = [filter.tenantId, headSeq, 0, batchSize];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = ['a.tenant_id = $1', 'a.seq <= $2'];
    if (filter.from) where.push(`a.occurred_at >= ${param(filter.from)}`);
    if (filter.to) where.push(`a.occurred_at < ${param(filter.to)}`);
    if (filter.actor === 'system') where.push(`a.actor_type = 'system'`);
    else if (filter.actor) where.push(`a.actor_id = ${param(filter.actor)}`);
    if (filter.itemId) {
      // As the item's timeline: also the creation of each review round that chose it (#25).
      const item = param(filter.itemId);
      where.push(
        `(a.item_id = ${item}::uuid OR (a.action = 'external_review.created' AND a.payload->'itemIds' ? ${item}::text))`,
      );
    }
    if (filter.cycleId) where.push(`a.cycle_id = ${param(filter.cycleId)}`);
    if (filter.actions && filter.actions.length > 0) {
      const exact = filter.actions.filter((a) => !a.endsWith('.*'));
      const prefixes = filter.actions.filter((a) => a.endsWith('.*')).map((a) => `${a.slice(0, -1)}%`);
      const any: string[] = [];
      if (exact.length > 0) any.push(`a.action = ANY(${param(exact)}::text[])`);
      if (prefixes.length > 0) any.push(`a.action LIKE ANY(${param(prefixes)}::text[])`);
      where.push(`(${any.join(' OR ')})`);
    }
    const sql = `SELECT ${RECORD_COLUMNS}, c.fiscal_year, i.code AS item_code
        FROM audit_log a
        LEFT JOIN cycles c ON c.id = a.cycle_id AND c.tenant_id = a.tenant_id
        LEFT JOIN items i ON i.id = a.item_id AND i.tenant_id = a.tenant_id
       WHERE ${where.join(' AND ')} AND a.seq > $3
       ORDER BY a.seq LIMIT $4`;
    for (;;) {
      const rows: RecordRow[] = await this.dataSource.query(sql, params);
      if (rows.length === 0) return;
      const batch = rows.map(toTimelineRecord);
      params[2] = batch[batch.length - 1].seq;
      yield batch;
      if (rows.length < batchSize) return;
    }
  }

  /** Every ledger entry of one cycle, in sequence order (a cycle has hundreds, not millions). */
  async entriesOfCycle(tenantId: string, cycleId: string): Promise<LedgerTimelineRecord[]> {
    const rows: RecordRow[] = await this.dataSource.query(
      `${TIMELINE_SELECT} WHERE a.tenant_id = $1 AND a.cycle_id = $2 ORDER BY a.seq`,
      [tenantId, cycleId],
    );
    return rows.map(toTimelineRecord);
  }

  /**
   * Every ledger entry of one item across all its fiscal years, in sequence order: those with its
   * item_id, and the creation of each review round (外部評価, #25) that chose it — one entry for all
   * the round's items, naming them in payload.itemIds (index audit_log_review_items_idx).
   */
  async entriesOfItem(tenantId: string, itemId: string): Promise<LedgerTimelineRecord[]> {
    const rows: RecordRow[] = await this.dataSource.query(
      `${TIMELINE_SELECT} WHERE a.tenant_id = $1 AND a.item_id = $2::uuid
       UNION ALL
       ${TIMELINE_SELECT} WHERE a.tenant_id = $1 AND a.action = 'external_review.created'
         AND a.payload->'itemIds' ? $2::text AND a.item_id IS DISTINCT FROM $2::uuid
       ORDER BY seq`,
      [tenantId, itemId],
    );
    return rows.map(toTimelineRecord);
  }

  /**
   * Every ledger entry of one plan node (its owner's assignment and its 施策評価 of every year, which
   * name the node in their payload), in sequence order.
   */
  async entriesOfNode(tenantId: string, nodeId: string): Promise<LedgerTimelineRecord[]> {
    const rows: RecordRow[] = await this.dataSource.query(
      `${TIMELINE_SELECT} WHERE a.tenant_id = $1 AND a.payload ? 'nodeId' AND a.payload->>'nodeId' = $2 ORDER BY a.seq`,
      [tenantId, nodeId],
    );
    return rows.map(toTimelineRecord);
  }

  /** The item's cycles (one per fiscal year) with their workflow ids, oldest first. */
  async cyclesOfItem(tenantId: string, itemId: string): Promise<CycleRunRef[]> {
    const rows: Array<{
      id: string;
      fiscal_year: number;
      workflow_id: string;
      run_id: string | null;
      status: string;
    }> = await this.dataSource.query(
      `SELECT id, fiscal_year, workflow_id, run_id, status FROM cycles
        WHERE tenant_id = $1 AND item_id = $2 ORDER BY fiscal_year`,
      [tenantId, itemId],
    );
    return rows.map((r) => ({
      cycleId: r.id,
      fiscalYear: r.fiscal_year,
      workflowId: r.workflow_id,
      runId: r.run_id,
      status: r.status,
    }));
  }
}

const TIMELINE_SELECT = `SELECT ${RECORD_COLUMNS}, c.fiscal_year, i.code AS item_code, t.title AS task_title
  FROM audit_log a
  LEFT JOIN cycles c ON c.id = a.cycle_id AND c.tenant_id = a.tenant_id
  LEFT JOIN items i ON i.id = a.item_id AND i.tenant_id = a.tenant_id
  LEFT JOIN tasks t ON t.id = a.task_id AND t.tenant_id = a.tenant_id`;

function toRecord(row: RecordRow): LedgerRecord {
  return {
    tenantId: row.tenant_id,
    seq: Number(row.seq),
    occurredAt: row.occurred_at,
    actorType: row.actor_type,
    actorId: row.actor_id,
    actorName: row.actor_name,
    actorRole: row.actor_role,
    action: row.action,
    itemId: row.item_id,
    cycleId: row.cycle_id,
    taskId: row.task_id,
    approvalId: row.approval_id,
    payload: row.payload,
    comment: row.comment,
    workflowId: row.workflow_id,
    runId: row.run_id,
    eventKey: row.event_key,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

function toTimelineRecord(row: RecordRow): LedgerTimelineRecord {
  return {
    ...toRecord(row),
    fiscalYear: row.fiscal_year ?? null,
    itemCode: row.item_code ?? null,
    taskTitle: row.task_title ?? null,
  };
}
