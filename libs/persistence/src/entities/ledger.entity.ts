import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity('audit_log')
export class AuditLogEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('bigint') seq: string;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt: Date;
  @Column('text', { name: 'actor_type' }) actorType: 'user' | 'system';
  @Column('uuid', { name: 'actor_id', nullable: true }) actorId: string | null;
  @Column('text', { name: 'actor_name', nullable: true }) actorName: string | null;
  @Column('text', { name: 'actor_role', nullable: true }) actorRole: string | null;
  @Column('text') action: string;
  @Column('uuid', { name: 'item_id', nullable: true }) itemId: string | null;
  @Column('uuid', { name: 'cycle_id', nullable: true }) cycleId: string | null;
  @Column('uuid', { name: 'task_id', nullable: true }) taskId: string | null;
  @Column('uuid', { name: 'approval_id', nullable: true }) approvalId: string | null;
  @Column('jsonb') payload: Record<string, unknown>;
  @Column('text', { nullable: true }) comment: string | null;
  @Column('text', { name: 'workflow_id', nullable: true }) workflowId: string | null;
  @Column('text', { name: 'run_id', nullable: true }) runId: string | null;
  @Column('text', { name: 'event_key', nullable: true }) eventKey: string | null;
  @Column('text', { name: 'prev_hash', nullable: true }) prevHash: string | null;
  @Column('text') hash: string;
}

@Entity('outbox')
export class OutboxEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('text', { name: 'event_key' }) eventKey: string;
  @Column('text') type: string;
  @Column('jsonb') payload: Record<string, unknown>;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'published_at', nullable: true }) publishedAt: Date | null;
}

@Entity('projection_log')
export class ProjectionLogEntity {
  @PrimaryColumn('text', { name: 'workflow_id' }) workflowId: string;
  @PrimaryColumn('int') seq: number;
  @Column('text', { name: 'run_id' }) runId: string;
  @Column('text', { name: 'event_type' }) eventType: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('timestamptz', { name: 'applied_at' }) appliedAt: Date;
}
