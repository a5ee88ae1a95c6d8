import { DataSource, EntityManager } from 'typeorm';
import { WorkingGroupEntity } from '../entities/working-group.entity';

export interface NewWorkingGroup {
  tenantId: string;
  name: string;
  leaderUserId: string | null;
  memberUserIds?: string[];
}

export class WorkingGroupRepository {
  /** A DataSource, or the EntityManager of a surrounding transaction (the demo seed). */
  constructor(private readonly dataSource: DataSource | EntityManager) {}

  private get groups() {
    return this.dataSource.getRepository(WorkingGroupEntity);
  }

  create(input: NewWorkingGroup): Promise<WorkingGroupEntity> {
    return this.groups.save(
      this.groups.create({
        tenantId: input.tenantId,
        name: input.name,
        leaderUserId: input.leaderUserId,
        memberUserIds: input.memberUserIds ?? [],
      }),
    );
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

  async setLeader(tenantId: string, groupId: string, leaderUserId: string | null): Promise<void> {
    await this.groups.update({ tenantId, id: groupId }, { leaderUserId });
  }
}
