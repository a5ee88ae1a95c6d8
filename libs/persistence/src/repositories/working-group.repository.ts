import { DataSource, EntityManager } from 'typeorm';
import { WorkingGroupEntity } from '../entities/working-group.entity';
import { administrativeEntry, appendLedgerEntry, type LedgerUserActor } from './audit-ledger.repository';
import type { Page } from './item.repository';

export interface WorkingGroupPerson {
  id: string;
  displayName: string;
}

/** A working group as HQ administration sees it: who leads it, who belongs to it, how many items. */
export interface WorkingGroupOverview {
  id: string;
  name: string;
  leader: WorkingGroupPerson | null;
  /** In the stored order; ids that match no user of the tenant are left out. */
  members: WorkingGroupPerson[];
  itemCount: number;
}

export interface WorkingGroupAssignment {
  leaderUserId: string | null;
  memberUserIds: string[];
}

interface OverviewRow {
  id: string;
  name: string;
  leader_user_id: string | null;
  leader_name: string | null;
  members: WorkingGroupPerson[];
  item_count: number;
}

const OVERVIEW_SELECT = `
  SELECT g.id, g.name, g.leader_user_id, l.display_name AS leader_name,
         COALESCE((SELECT json_agg(json_build_object('id', u.id, 'displayName', u.display_name) ORDER BY m.ord)
                     FROM unnest(g.member_user_ids) WITH ORDINALITY AS m(id, ord)
                     JOIN users u ON u.id = m.id AND u.tenant_id = g.tenant_id), '[]'::json) AS members,
         (SELECT count(*) FROM items i WHERE i.tenant_id = g.tenant_id AND i.working_group_id = g.id)::int
           AS item_count
    FROM working_groups g
    LEFT JOIN users l ON l.id = g.leader_user_id AND l.tenant_id = g.tenant_id`;

export class WorkingGroupRepository {
  /** A DataSource, or the EntityManager of a surrounding transaction (the demo seed). */
  constructor(private readonly dataSource: DataSource | EntityManager) {}

  private get groups() {
    return this.dataSource.getRepository(WorkingGroupEntity);
  }

  private get manager(): EntityManager {
    return this.dataSource instanceof DataSource ? this.dataSource.manager : this.dataSource;
  }

  findById(tenantId: string, id: string): Promise<WorkingGroupEntity | null> {
    return this.groups.findOne({ where: { tenantId, id } });
  }

  /** The tenant's groups with the number of items each one is responsible for, most items first. */
  async listWithItemCounts(tenantId: string): Promise<Array<WorkingGroupEntity & { itemCount: number }>> {
    const groups = await this.groups.find({ where: { tenantId }, order: { name: 'ASC' } });
    const counts: Array<{ working_group_id: string; n: string }> = await this.dataSource.query(
      `SELECT working_group_id, count(*) AS n FROM items
       WHERE tenant_id = $1 AND working_group_id IS NOT NULL GROUP BY working_group_id`,
      [tenantId],
    );
    const byId = new Map(counts.map((c) => [c.working_group_id, Number(c.n)]));
    return groups
      .map((g) => Object.assign(g, { itemCount: byId.get(g.id) ?? 0 }))
      .sort((a, b) => b.itemCount - a.itemCount);
  }

  /** One page of the tenant's groups with leader, members and item count, by name. */
  async listOverview(
    tenantId: string,
    window: { limit: number; offset: number },
  ): Promise<Page<WorkingGroupOverview>> {
    const [{ n }]: Array<{ n: number }> = await this.manager.query(
      'SELECT count(*)::int AS n FROM working_groups WHERE tenant_id = $1',
      [tenantId],
    );
    const rows: OverviewRow[] = await this.manager.query(
      `${OVERVIEW_SELECT} WHERE g.tenant_id = $1 ORDER BY g.name, g.id LIMIT $2 OFFSET $3`,
      [tenantId, window.limit, window.offset],
    );
    return { items: rows.map(mapOverview), total: n };
  }

  /**
   * Sets the group's leader and members and records `working_group.updated` (old and new values,
   * the reason as comment) in the tenant's audit ledger, in one transaction. Null when the group
   * is not in the tenant. Checking the users (tenant, role) is the caller's business.
   */
  async assignRecorded(
    tenantId: string,
    groupId: string,
    assignment: WorkingGroupAssignment,
    actor: LedgerUserActor,
    reason: string,
  ): Promise<WorkingGroupOverview | null> {
    return this.manager.transaction(async (tx) => {
      const rows: Array<{ name: string; leader_user_id: string | null; member_user_ids: string[] }> =
        await tx.query(
          `SELECT name, leader_user_id, member_user_ids FROM working_groups
            WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
          [tenantId, groupId],
        );
      const current = rows[0];
      if (!current) return null;
      await tx.query(
        'UPDATE working_groups SET leader_user_id = $3, member_user_ids = $4::uuid[] WHERE tenant_id = $1 AND id = $2',
        [tenantId, groupId, assignment.leaderUserId, assignment.memberUserIds],
      );
      await appendLedgerEntry(
        tx,
        administrativeEntry(
          tenantId,
          actor,
          'working_group.updated',
          {
            workingGroupId: groupId,
            name: current.name,
            from: { leaderUserId: current.leader_user_id, memberUserIds: current.member_user_ids },
            to: { leaderUserId: assignment.leaderUserId, memberUserIds: assignment.memberUserIds },
          },
          reason,
        ),
      );
      return this.overviewIn(tx, tenantId, groupId);
    });
  }

  private async overviewIn(
    manager: EntityManager,
    tenantId: string,
    groupId: string,
  ): Promise<WorkingGroupOverview | null> {
    const rows: OverviewRow[] = await manager.query(
      `${OVERVIEW_SELECT} WHERE g.tenant_id = $1 AND g.id = $2`,
      [tenantId, groupId],
    );
    return rows[0] ? mapOverview(rows[0]) : null;
  }

  async setLeader(tenantId: string, groupId: string, leaderUserId: string | null): Promise<void> {
    await this.groups.update({ tenantId, id: groupId }, { leaderUserId });
  }
}

function mapOverview(row: OverviewRow): WorkingGroupOverview {
  return {
    id: row.id,
    name: row.name,
    leader:
      row.leader_user_id && row.leader_name !== null
        ? { id: row.leader_user_id, displayName: row.leader_name }
        : null,
    members: row.members,
    itemCount: row.item_count,
  };
}
