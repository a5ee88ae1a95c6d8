import { DataSource } from 'typeorm';
import { WorkingGroupEntity } from '../entities/working-group.entity';

export interface NewWorkingGroup {
  tenantId: string;
  name: string;
  leaderUserId: string | null;
  memberUserIds?: string[];
}

export class WorkingGroupRepository {
  constructor(private readonly dataSource: DataSource) {}

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
}
