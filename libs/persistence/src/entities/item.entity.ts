import type { AchievementFormulaSetting, ReviewCadence } from '@pdca/domain';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { bigintTransformer, numericTransformer } from './transformers';

@Entity('items')
export class ItemEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'plan_id' }) planId: string;
  @Column('uuid', { name: 'theme_id', nullable: true }) themeId: string | null;
  @Column('text') code: string;
  @Column('text') title: string;
  @Column('text') summary: string;
  @Column('uuid', { name: 'working_group_id', nullable: true }) workingGroupId: string | null;
  @Column('text', { name: 'review_cadence', nullable: true }) reviewCadence: ReviewCadence | null;
  @Column('bigint', { name: 'budget_current_amount', transformer: bigintTransformer })
  budgetCurrentAmount: number;
  @Column('int') sort: number;
  /** Set when HQ removed the item from the plan (with the reason and who): the row and its history stay. */
  @Column('timestamptz', { name: 'removed_at', nullable: true }) removedAt: Date | null;
  @Column('text', { name: 'removed_reason', nullable: true }) removedReason: string | null;
  @Column('uuid', { name: 'removed_by', nullable: true }) removedBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity('indicators')
export class IndicatorEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  /** Exactly one of item, node (a 基本方針's indicator) and plan (a city-wide 主要目標) owns it. */
  @Column('uuid', { name: 'item_id', nullable: true }) itemId: string | null;
  @Column('uuid', { name: 'node_id', nullable: true }) nodeId: string | null;
  @Column('uuid', { name: 'plan_id', nullable: true }) planId: string | null;
  @Column('text') name: string;
  @Column('text') unit: string;
  @Column('numeric', { nullable: true, transformer: numericTransformer }) baseline: number | null;
  @Column('text') direction: 'higher_is_better' | 'lower_is_better';
  /** Target value per fiscal year, keyed by the year ("2025": 120). */
  @Column('jsonb') targets: Record<string, number>;
  /** The indicator's own 目標達成率 formula; null = the city's default. */
  @Column('text', { name: 'achievement_formula', nullable: true })
  achievementFormula: AchievementFormulaSetting | null;
  @Column('int') sort: number;
}
