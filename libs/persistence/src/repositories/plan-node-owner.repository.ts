import { DataSource } from 'typeorm';
import { administrativeEntry, appendLedgerEntry, type LedgerUserActor } from './audit-ledger.repository';

/** A plan node as the owner assignment needs it. */
export interface OwnedNode {
  id: string;
  planId: string;
  level: number;
  code: string;
  title: string;
  ownerUserId: string | null;
}

/**
 * Node owners (施策評価, #24): HQ names the person responsible for a node of the evaluated level.
 * The row and its `node.owner_assigned` ledger entry (before/after, the reason as comment) are
 * written in one transaction; assigning the owner the node already has writes nothing.
 */
export class PlanNodeOwnerRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findNode(tenantId: string, nodeId: string): Promise<OwnedNode | null> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT id, plan_id, level, code, title, owner_user_id FROM plan_nodes WHERE tenant_id = $1 AND id = $2`,
      [tenantId, nodeId],
    );
    return rows[0] ? toNode(rows[0]) : null;
  }

  /** Returns the node as it is now, and whether anything changed. */
  async assign(
    tenantId: string,
    nodeId: string,
    ownerUserId: string,
    actor: LedgerUserActor,
    reason: string,
  ): Promise<{ node: OwnedNode; changed: boolean } | null> {
    return this.dataSource.transaction(async (tx) => {
      const rows: Array<Record<string, unknown>> = await tx.query(
        `SELECT id, plan_id, level, code, title, owner_user_id FROM plan_nodes
          WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
        [tenantId, nodeId],
      );
      if (!rows[0]) return null;
      const before = toNode(rows[0]);
      if (before.ownerUserId === ownerUserId) return { node: before, changed: false };
      await tx.query('UPDATE plan_nodes SET owner_user_id = $3 WHERE tenant_id = $1 AND id = $2', [
        tenantId,
        nodeId,
        ownerUserId,
      ]);
      await appendLedgerEntry(
        tx,
        administrativeEntry(
          tenantId,
          actor,
          'node.owner_assigned',
          {
            nodeId,
            planId: before.planId,
            nodeCode: before.code,
            nodeTitle: before.title,
            before: { ownerUserId: before.ownerUserId },
            after: { ownerUserId },
          },
          reason,
        ),
      );
      return { node: { ...before, ownerUserId }, changed: true };
    });
  }
}

function toNode(row: Record<string, unknown>): OwnedNode {
  return {
    id: row.id as string,
    planId: row.plan_id as string,
    level: Number(row.level),
    code: row.code as string,
    title: row.title as string,
    ownerUserId: (row.owner_user_id as string | null) ?? null,
  };
}
