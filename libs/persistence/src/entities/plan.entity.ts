import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('plans')
export class PlanEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('text') title: string;
  @Column('int', { name: 'period_start_fy', nullable: true }) periodStartFy: number | null;
  @Column('int', { name: 'period_end_fy', nullable: true }) periodEndFy: number | null;
  @Column('jsonb') source: Record<string, unknown>;
  /** This plan's overrides of the city's settings (see libs/domain city-settings.ts). */
  @Column('jsonb') settings: Record<string, unknown>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity('plan_nodes')
export class PlanNodeEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'plan_id' }) planId: string;
  @Column('uuid', { name: 'parent_id', nullable: true }) parentId: string | null;
  /** Kept for compatibility: 'goal' on level 1, 'theme' below; `level` is the node's place. */
  @Column('text') kind: 'goal' | 'theme';
  /** Depth from the top, 1–3 (the plan's level names are in its settings; the last level is the item). */
  @Column('int') level: number;
  @Column('text') code: string;
  @Column('text') title: string;
  @Column('int') sort: number;
  /** 方針の説明 and the like; '' when none. */
  @Column('text') description: string;
  /** 3年後の姿 / 目指す姿; '' when none. */
  @Column('text') vision: string;
  /** 現状と課題; '' when none. */
  @Column('text') background: string;
}
