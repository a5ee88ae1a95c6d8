import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('working_groups')
export class WorkingGroupEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('text') name: string;
  @Column('uuid', { name: 'leader_user_id', nullable: true }) leaderUserId: string | null;
  @Column('uuid', { name: 'member_user_ids', array: true }) memberUserIds: string[];
}
