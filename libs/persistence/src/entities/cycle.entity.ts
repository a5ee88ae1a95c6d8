import type { CycleRow, CycleState } from '@pdca/contracts';
import type { SubmissionKind, SubmissionPayloads } from '@pdca/domain';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from './transformers';

@Entity('cycles')
export class CycleEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'item_id' }) itemId: string;
  @Column('int', { name: 'fiscal_year' }) fiscalYear: number;
  @Column('text', { name: 'workflow_id' }) workflowId: string;
  @Column('text', { name: 'run_id', nullable: true }) runId: string | null;
  @Column('text') stage: string;
  @Column('text') status: string;
  @Column('boolean', { name: 'awaiting_approval' }) awaitingApproval: boolean;
  // The workflow's CycleState parts, as its projection writes them (the cycle's `action` is `decision`).
  @Column('jsonb', { nullable: true }) plan: CycleState['plan'];
  @Column('jsonb', { name: 'execution_report', nullable: true })
  executionReport: CycleState['executionReport'];
  @Column('jsonb', { nullable: true }) evaluation: CycleState['evaluation'];
  @Column('jsonb', { nullable: true }) decision: CycleState['action'];
  @Column('text', { name: 'hq_rating', nullable: true }) hqRating: string | null;
  @Column('jsonb', { name: 'carried_over', nullable: true }) carriedOver: CycleState['carriedOver'];
  /** The decisions and scales the year runs on (null: started before #22). */
  @Column('jsonb', { name: 'city_settings', nullable: true }) citySettings: CycleRow['citySettings'];
  @Column('timestamptz', { name: 'started_at' }) startedAt: Date;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt: Date | null;
  @Column('text', { name: 'close_reason', nullable: true }) closeReason: string | null;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

@Entity('tasks')
export class TaskEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'cycle_id' }) cycleId: string;
  @Column('text') kind: string;
  @Column('int', { name: 'period_index', nullable: true }) periodIndex: number | null;
  @Column('jsonb') title: { ja: string; en: string };
  @Column('uuid', { name: 'assignee_user_id', nullable: true }) assigneeUserId: string | null;
  @Column('timestamptz', { name: 'due_at' }) dueAt: Date;
  /** When the task opens for submission; null on tasks of cycles started before opening dates. */
  @Column('timestamptz', { name: 'open_at', nullable: true }) openAt: Date | null;
  @Column('text') status: string;
  @Column('boolean') overdue: boolean;
  @Column('timestamptz', { name: 'escalated_at', nullable: true }) escalatedAt: Date | null;
  @Column('int', { name: 'reminders_sent' }) remindersSent: number;
  @Column('timestamptz', { name: 'last_reminded_at', nullable: true }) lastRemindedAt: Date | null;
  @Column('timestamptz', { name: 'submitted_at', nullable: true }) submittedAt: Date | null;
  @Column('uuid', { name: 'submitted_by', nullable: true }) submittedBy: string | null;
  @Column('jsonb', { nullable: true }) payload: unknown;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

@Entity('approvals')
export class ApprovalEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'cycle_id' }) cycleId: string;
  @Column('text') stage: string;
  @Column('text', { name: 'submission_kind' }) submissionKind: string;
  @Column('int') round: number;
  @Column('int', { name: 'step_index' }) stepIndex: number;
  @Column('text', { name: 'step_key' }) stepKey: string;
  @Column('jsonb', { name: 'step_label' }) stepLabel: { ja: string; en: string };
  @Column('text') status: string;
  @Column('uuid', { name: 'submitted_by' }) submittedBy: string;
  @Column('timestamptz', { name: 'submitted_at' }) submittedAt: Date;
  @Column('uuid', { name: 'decided_by', nullable: true }) decidedBy: string | null;
  @Column('timestamptz', { name: 'decided_at', nullable: true }) decidedAt: Date | null;
  @Column('text', { nullable: true }) comment: string | null;
  @Column('text', { nullable: true }) rating: string | null;
  /** The submission of the round (the read model leaves it empty: the ledger holds it). */
  @Column('jsonb', { nullable: true }) payload: SubmissionPayloads[SubmissionKind] | null;
}

@Entity('budget_reflections')
export class BudgetReflectionEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  /** The cycle whose Act decision this is (null for a 事業検証's decision, origin 'verification', #26). */
  @Column('uuid', { name: 'cycle_id', nullable: true }) cycleId: string | null;
  @Column('uuid', { name: 'item_id' }) itemId: string;
  @Column('text') origin: 'cycle' | 'verification';
  @Column('uuid', { name: 'verification_item_id', nullable: true }) verificationItemId: string | null;
  @Column('int', { name: 'source_fiscal_year' }) sourceFiscalYear: number;
  @Column('int', { name: 'fiscal_year' }) fiscalYear: number;
  @Column('text') decision: string;
  @Column('bigint', { name: 'current_amount', transformer: bigintTransformer }) currentAmount: number;
  @Column('bigint', { name: 'proposed_amount', transformer: bigintTransformer }) proposedAmount: number;
  @Column('bigint', { transformer: bigintTransformer }) delta: number;
  @Column('text') rule: string;
  @Column('jsonb', { name: 'rule_description' }) ruleDescription: { ja: string; en: string };
  @Column('uuid', { name: 'approval_id', nullable: true }) approvalId: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
