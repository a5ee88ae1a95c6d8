/**
 * 市の対応方針 from its read model to the API's shapes, and as an entry of the task and approval
 * inboxes (`kind` / `submissionKind` "external_response": the item's fields set, the cycle's null,
 * externalResponseId set).
 */
import type { LocalizedText } from '@pdca/domain';
import type { ExternalResponseApprovalRow, ExternalResponseRow } from '@pdca/persistence/repositories';
import { mapPolicyApproval } from '../policy-evaluations/policy-evaluation-detail.dto';
import { POLICY_TASK_STATUS } from '../policy-evaluations/policy-inbox';
import type {
  CarriedExternalResponseDto,
  ExternalResponseDto,
  ExternalResponseSummaryDto,
  ExternalRulingDto,
  FollowUpStateDto,
} from './external-responses.dto';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
/** The committee's result labels by code (settings externalReview.results). */
export type ResultLabels = ReadonlyMap<string, LocalizedText>;

function rulingOf(row: ExternalResponseRow, labels: ResultLabels): ExternalRulingDto {
  return {
    result: row.rulingResult,
    resultLabel: row.rulingResult ? (labels.get(row.rulingResult) ?? null) : null,
    reason: row.rulingReason,
    ruledAt: iso(row.ruledAt),
  };
}

function followUpOf(row: ExternalResponseRow): FollowUpStateDto | null {
  if (row.followUp === null || row.followUpFiscalYear === null || !row.followUpAt) return null;
  return {
    fiscalYear: row.followUpFiscalYear,
    text: row.followUp,
    by: row.followUpBy,
    at: row.followUpAt.toISOString(),
  };
}

export function mapResponseSummary(
  row: ExternalResponseRow,
  labels: ResultLabels,
): ExternalResponseSummaryDto {
  return {
    id: row.id,
    reviewId: row.reviewId,
    reviewTitle: row.reviewTitle,
    fiscalYear: row.fiscalYear,
    item: { itemId: row.itemId, code: row.itemCode, title: row.itemTitle },
    ruling: rulingOf(row, labels),
    status: row.status,
    leaderUserId: row.leaderUserId,
    openAt: row.openAt.toISOString(),
    dueAt: row.dueAt.toISOString(),
    overdue: row.overdue,
    remindersSent: row.remindersSent,
    round: row.round,
    submittedAt: iso(row.submittedAt),
    approvedAt: iso(row.approvedAt),
  };
}

export function mapResponse(
  row: ExternalResponseRow,
  approvals: ExternalResponseApprovalRow[],
  labels: ResultLabels,
): ExternalResponseDto {
  return {
    ...mapResponseSummary(row, labels),
    submission: row.submission ? { ...row.submission } : null,
    submittedBy: row.submittedBy,
    submittedByName: row.submittedByName,
    approvals: approvals.map(mapPolicyApproval),
    followUp: followUpOf(row),
  };
}

export function mapCarriedResponse(
  row: ExternalResponseRow,
  labels: ResultLabels,
): CarriedExternalResponseDto {
  return {
    id: row.id,
    reviewId: row.reviewId,
    reviewTitle: row.reviewTitle,
    fiscalYear: row.fiscalYear,
    ruling: rulingOf(row, labels),
    response: row.submission?.response ?? '',
    expectedEffect: row.submission?.expectedEffect ?? null,
    timing: row.submission?.timing ?? '',
    approvedAt: row.approvedAt!.toISOString(),
    followUp: followUpOf(row),
  };
}

const origin = (row: ExternalResponseRow) => ({
  cycleId: null,
  itemId: row.itemId,
  itemCode: row.itemCode,
  itemTitle: row.itemTitle,
  cycleStage: null,
  cycleStatus: null,
  fiscalYear: row.fiscalYear,
  policyEvaluationId: null,
  node: null,
  externalResponseId: row.id,
});

/** A response as its leader's task: the task id is the response's. */
export function responseTaskEntry(row: ExternalResponseRow) {
  return {
    id: row.id,
    kind: 'external_response',
    periodIndex: null,
    title: {
      ja: `市の対応方針（${row.itemCode} ${row.itemTitle}）`,
      en: `City’s response (${row.itemCode} ${row.itemTitle})`,
    },
    assigneeUserId: row.leaderUserId,
    dueAt: row.dueAt.toISOString(),
    openAt: row.openAt.toISOString(),
    status: POLICY_TASK_STATUS[row.status],
    overdue: row.overdue,
    escalatedAt: iso(row.escalatedAt),
    remindersSent: row.remindersSent,
    submittedAt: iso(row.submittedAt),
    submittedBy: row.submittedBy,
    createdAt: row.startedAt.toISOString(),
    ...origin(row),
  };
}

export function responseApprovalEntry(a: ExternalResponseApprovalRow & { response: ExternalResponseRow }) {
  return {
    ...mapPolicyApproval(a),
    stage: null,
    submissionKind: 'external_response',
    rating: null,
    ...origin(a.response),
  };
}
