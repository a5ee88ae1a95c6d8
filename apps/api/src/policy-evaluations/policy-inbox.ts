/**
 * 施策評価 in the task and approval inboxes (#24): an evaluation is its owner's task
 * (`kind: "policy_evaluation"`) and its approval steps are HQ's approvals, beside the items' ones.
 * Inbox entries say where they come from: an item's cycle (cycleId, itemId … set, node null) or a
 * node's evaluation (policyEvaluationId and node set, the cycle's fields null).
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CYCLE_STATUSES, STAGES, SUBMISSION_KINDS } from '@pdca/domain';
import type { PolicyApprovalRow, PolicyEvaluationRow } from '@pdca/persistence/repositories';
import type { PageWindow } from '../common/http/pagination.dto';
import { mapPolicyApproval } from './policy-evaluation-detail.dto';
import { PolicyNodeDto } from './policy-evaluations.dto';

/** More 施策評価 than an inbox lists at once (a city has under a hundred nodes a year). */
export const POLICY_INBOX_MAX = 1000;

export const INBOX_KINDS = [
  ...SUBMISSION_KINDS,
  'policy_evaluation',
  'external_response',
  'verification',
] as const;

/** The fields of an inbox entry that name its origin; the cycle's are null for a 施策評価. */
export class InboxOriginDto {
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Null for a 施策評価.' })
  cycleId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) itemId: string | null;
  @ApiProperty({ nullable: true, type: String, example: '1-1' }) itemCode: string | null;
  @ApiProperty({ nullable: true, type: String }) itemTitle: string | null;
  @ApiProperty({ example: 2025 }) fiscalYear: number;
  @ApiProperty({ enum: STAGES, nullable: true, type: String }) cycleStage: string | null;
  @ApiProperty({ enum: CYCLE_STATUSES, nullable: true, type: String }) cycleStatus: string | null;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The 施策評価 (GET /policy-evaluations/{id}); null for an item’s.',
  })
  policyEvaluationId: string | null;
  @ApiProperty({
    type: PolicyNodeDto,
    nullable: true,
    description: 'The evaluated node; null for an item’s.',
  })
  node: PolicyNodeDto | null;
  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description:
      'A 市の対応方針 (GET /external-responses/{id}; kind external_response): its id. Absent or null otherwise.',
  })
  externalResponseId?: string | null;
  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description:
      'A 事業検証 round (GET /verification-rounds/{id}; kind verification, #26): its id. Absent or null otherwise.',
  })
  verificationRoundId?: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const nodeOf = (e: PolicyEvaluationRow): PolicyNodeDto => ({
  nodeId: e.nodeId,
  planId: e.planId,
  code: e.nodeCode,
  title: e.nodeTitle,
  level: e.nodeLevel,
});
const noCycle = {
  cycleId: null,
  itemId: null,
  itemCode: null,
  itemTitle: null,
  cycleStage: null,
  cycleStatus: null,
};

/** The task statuses of an evaluation's statuses. */
export const POLICY_TASK_STATUS: Record<PolicyEvaluationRow['status'], string> = {
  scheduled: 'scheduled',
  open: 'open',
  returned: 'open',
  submitted: 'submitted',
  approved: 'done',
};

export function policyTaskStatuses(status: string | undefined): string[] | undefined {
  if (status === undefined) return undefined;
  return Object.entries(POLICY_TASK_STATUS).flatMap(([own, task]) => (task === status ? [own] : []));
}

/** An evaluation as its owner's task: the task id is the evaluation's. */
export function policyTaskEntry(e: PolicyEvaluationRow) {
  return {
    id: e.id,
    kind: 'policy_evaluation',
    periodIndex: null,
    title: {
      ja: `施策評価（${e.nodeCode} ${e.nodeTitle}）`,
      en: `Policy evaluation (${e.nodeCode} ${e.nodeTitle})`,
    },
    assigneeUserId: e.ownerUserId,
    // Until it opens, the date it opens by at the latest.
    dueAt: (e.dueAt ?? e.scheduledOpenAt).toISOString(),
    openAt: (e.openAt ?? e.scheduledOpenAt).toISOString(),
    status: POLICY_TASK_STATUS[e.status],
    overdue: e.overdue,
    escalatedAt: iso(e.escalatedAt),
    remindersSent: e.remindersSent,
    submittedAt: iso(e.submittedAt),
    submittedBy: e.submittedBy,
    createdAt: e.startedAt.toISOString(),
    fiscalYear: e.fiscalYear,
    ...noCycle,
    policyEvaluationId: e.id,
    node: nodeOf(e),
  };
}

export function policyApprovalEntry(a: PolicyApprovalRow & { evaluation: PolicyEvaluationRow }) {
  return {
    ...mapPolicyApproval(a),
    stage: null,
    submissionKind: 'policy_evaluation',
    rating: null,
    fiscalYear: a.evaluation.fiscalYear,
    ...noCycle,
    policyEvaluationId: a.evaluationId,
    node: nodeOf(a.evaluation),
  };
}

/**
 * One page over two lists: the 施策評価 entries first (a handful per person and year, read whole),
 * then the items' (paged in the database).
 */
export async function policyFirstPage<P, C>(
  policy: P[],
  window: PageWindow,
  loadCycles: (window: PageWindow) => Promise<{ items: C[]; total: number }>,
): Promise<{ items: Array<P | C>; total: number }> {
  const head = policy.slice(window.offset, window.offset + window.limit);
  const room = window.limit - head.length;
  // Asked for one row at least: the database's total is wanted even when the page is full.
  const cycles = await loadCycles({
    offset: Math.max(0, window.offset - policy.length),
    limit: Math.max(1, room),
  });
  return { items: [...head, ...cycles.items.slice(0, room)], total: policy.length + cycles.total };
}
