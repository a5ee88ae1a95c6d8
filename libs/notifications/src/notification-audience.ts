import type { Role } from '@pdca/domain';
import { externalAudience, isExternalEventType } from './external-review-notifications';
import { isPersonEventType, type PersonEventType } from './notification-kinds';
import { isPolicyEventType, policyAudience } from './policy-notifications';
import { isVerificationEventType, verificationAudience } from './verification-notifications';

/** Facts the outbox payload does not carry, read from the database in the fan-out transaction. */
export interface AudienceFacts {
  /** The submitter of the approval the event names (approval.requested / submission.approved). */
  approvalSubmittedBy: string | null;
  /** Who submitted the task the event names (submission.returned). */
  taskSubmittedBy: string | null;
  /** Assignees of the cycle's cancelled tasks (a withdrawn cycle). */
  cancelledTaskAssignees: string[];
  /** A 施策評価's event: its owner (担当部長) and the role of the approval step it names. */
  policyOwner?: string | null;
  policyStepRole?: string | null;
  /** A 市の対応方針's event: the item's leader and the role of the approval step it names (#25). */
  externalLeader?: string | null;
  externalStepRole?: string | null;
}

/** Who hears of one event: named users, everyone of the tenant holding a role, minus exclusions. */
export interface Audience {
  userIds: string[];
  roles: Role[];
  excludeUserIds: string[];
}

const NOBODY: Audience = { userIds: [], roles: [], excludeUserIds: [] };

const str = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);
const ids = (...values: unknown[]): string[] => [
  ...new Set(values.map(str).filter((v): v is string => v !== null)),
];

/**
 * The people an outbox event is for (the table in issue #16). Approval requests never reach the
 * submitter, even one who also holds the approver role (separation of duties).
 */
export function audienceOf(type: string, payload: Record<string, unknown>, facts: AudienceFacts): Audience {
  if (isPolicyEventType(type)) {
    const policy = policyAudience(type, payload, facts);
    return { ...policy, roles: policy.roles as Role[] };
  }
  if (isExternalEventType(type)) {
    const external = externalAudience(type, payload, facts);
    return { ...external, roles: external.roles as Role[] };
  }
  if (isVerificationEventType(type)) {
    const verification = verificationAudience(type, payload, facts);
    return { ...verification, roles: verification.roles as Role[] };
  }
  if (!isPersonEventType(type)) return NOBODY;
  const assignee = payload.recipientUserId ?? payload.assigneeUserId;
  switch (type as PersonEventType) {
    case 'task.assigned':
    case 'task.opened':
    case 'task.reminder':
    case 'task.deadline_moved':
      return { ...NOBODY, userIds: ids(assignee) };
    case 'task.escalated':
      return { userIds: ids(assignee), roles: ['hq_admin'], excludeUserIds: [] };
    case 'approval.requested': {
      const role = str(payload.requiredRole) ?? 'hq_approver';
      return { userIds: [], roles: [role as Role], excludeUserIds: ids(facts.approvalSubmittedBy) };
    }
    case 'submission.returned':
      return { ...NOBODY, userIds: ids(facts.taskSubmittedBy ?? assignee) };
    case 'submission.approved':
      return { ...NOBODY, userIds: ids(facts.approvalSubmittedBy ?? payload.submittedBy) };
    case 'cycle.closed':
      return payload.status === 'withdrawn'
        ? { ...NOBODY, userIds: ids(...facts.cancelledTaskAssignees) }
        : NOBODY;
    case 'budget.reflected':
      return { ...NOBODY, roles: ['hq_admin'] };
  }
}
