import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('tenants')
export class TenantEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') code: string;
  @Column('text') name: string;
  /** Per-tenant policies (approval chain, reminder policy, fiscal calendar, review cadence). */
  @Column('jsonb') settings: Record<string, unknown>;
  @Column('bigint', { name: 'audit_seq' }) auditSeq: string;
  @Column('text', { name: 'audit_head_hash', nullable: true }) auditHeadHash: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
