/**
 * Why a 施策評価 command is refused: the same typed rejections as the item cycle's (the API maps
 * them alike: NOT_ALLOWED/OWN_SUBMISSION 403, INVALID_PAYLOAD 400, the others 409/404). Pure.
 */
import type { Actor, ApprovalDecision, PolicyApprovalState, PolicyEvaluationState } from '@pdca/contracts';
import {
  type ApprovalPolicy,
  type CommandRejection,
  checkApprover,
  type PolicySubmissionContext,
  TEXT_MAX_LENGTH,
  validatePolicySubmission,
} from '@pdca/domain';

export function submissionRejection(
  state: PolicyEvaluationState,
  ctx: PolicySubmissionContext,
  actor: Actor,
  payload: unknown,
): CommandRejection | null {
  if (actor.userId !== state.ownerUserId) {
    return {
      type: 'NOT_ALLOWED',
      message: {
        ja: 'この施策評価を提出できるのは施策の担当者（所管部長）だけです。',
        en: 'Only the node’s owner may submit this policy evaluation.',
      },
    };
  }
  if (state.status === 'scheduled') {
    return {
      type: 'NOT_YET_OPEN',
      message: {
        ja: '施策評価はまだ始まっていません（予定）。',
        en: 'The policy evaluation has not opened yet (scheduled).',
      },
      openAt: state.scheduledOpenAt,
    };
  }
  if (state.status !== 'open' && state.status !== 'returned') {
    return {
      type: 'WRONG_STAGE',
      message: {
        ja: '施策評価は提出済みです（承認待ちまたは承認済み）。',
        en: 'The policy evaluation has been submitted already (awaiting approval or approved).',
      },
    };
  }
  const problems = validatePolicySubmission(payload, ctx);
  if (problems.length > 0) {
    return {
      type: 'INVALID_PAYLOAD',
      message: { ja: '入力内容に誤りがあります。', en: 'The submission has problems.' },
      problems,
    };
  }
  return null;
}

export function decisionRejection(
  state: Pick<PolicyEvaluationState, 'approvals'>,
  policy: ApprovalPolicy,
  actor: Actor,
  decision: ApprovalDecision,
): { rejection: CommandRejection } | { approval: PolicyApprovalState } {
  const approval = state.approvals.find((a) => a.id === decision.approvalId);
  if (!approval) {
    return {
      rejection: {
        type: 'NOT_FOUND',
        message: { ja: '承認依頼が見つかりません。', en: 'The approval was not found.' },
      },
    };
  }
  if (approval.status !== 'pending') {
    return {
      rejection: {
        type: 'NOT_PENDING',
        message: { ja: 'この承認依頼は決裁済みです。', en: 'This approval has been decided already.' },
      },
    };
  }
  const step = policy.steps[approval.stepIndex]!;
  const previousDeciders = state.approvals
    .filter((a) => a.round === approval.round && a.stepIndex < approval.stepIndex && a.decidedBy)
    .map((a) => a.decidedBy!);
  const check = checkApprover({ actor, submittedBy: approval.submittedBy, policy, step, previousDeciders });
  if (!check.ok) {
    return {
      rejection: {
        type: check.error === 'OWN_SUBMISSION' ? 'OWN_SUBMISSION' : 'NOT_ALLOWED',
        message: check.message,
      },
    };
  }
  const comment = decision.comment?.trim() ?? '';
  if (decision.decision === 'return' && comment === '') {
    return {
      rejection: {
        type: 'INVALID_PAYLOAD',
        message: { ja: '差戻しには理由が必要です。', en: 'A return needs a comment.' },
        problems: [
          {
            field: 'comment',
            rule: 'required',
            message: { ja: '差戻しの理由を入力してください。', en: 'Say why it is returned.' },
          },
        ],
      },
    };
  }
  if (comment.length > TEXT_MAX_LENGTH) {
    return {
      rejection: {
        type: 'INVALID_PAYLOAD',
        message: { ja: 'コメントが長すぎます。', en: 'The comment is too long.' },
        problems: [
          {
            field: 'comment',
            rule: 'max_length',
            message: {
              ja: `コメントは${TEXT_MAX_LENGTH}文字以内で入力してください。`,
              en: `The comment must be at most ${TEXT_MAX_LENGTH} characters.`,
            },
          },
        ],
      },
    };
  }
  return { approval };
}
