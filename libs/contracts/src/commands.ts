/**
 * The cycle's commands, one row per Update: what it is called in both languages, who may send it
 * and what it records in the audit ledger. The API's endpoints take their `action` ("Failed to
 * <action>." and the permission message) and `roles` from here, the audit timeline its wording
 * for an accepted Update ("update accepted: <action>"). A submission's name is the domain's
 * SUBMISSION_KIND_LABELS, so a kind is named the same in tasks, timelines and errors.
 */
import { type LocalizedText, type Role, SUBMISSION_KIND_LABELS, type SubmissionKind } from '@pdca/domain';

export interface CommandEntry {
  /** The verb phrase: "submit the action plan" / "取組計画の提出". */
  readonly action: LocalizedText;
  /** The roles its endpoint lets through; the workflow checks the person (leader, approver) again. */
  readonly roles: readonly Role[];
  /** The ledger actions it records (one of them per accepted command). */
  readonly audit: readonly string[];
}

function submission(kind: SubmissionKind): CommandEntry {
  const label = SUBMISSION_KIND_LABELS[kind];
  return {
    action: { ja: `${label.ja}の提出`, en: `submit the ${label.en.toLowerCase()}` },
    roles: ['wg_leader'],
    audit: [`${kind}.submitted`],
  };
}

const HQ_ADMINS = ['hq_admin', 'admin'] as const;

/** Keyed by the Update's name (see cycle-workflow.contract.ts). */
export const COMMANDS = {
  /** Sent with the start (update-with-start): answers once the start is recorded. */
  started: {
    action: { ja: 'サイクルの開始', en: 'start the cycle' },
    roles: HQ_ADMINS,
    audit: ['cycle.started'],
  },
  submitPlan: submission('plan'),
  submitReview: submission('review'),
  submitExecutionReport: submission('execution_report'),
  submitEvaluation: submission('evaluation'),
  submitAction: submission('action'),
  decide: {
    action: { ja: '承認・差戻しの登録', en: 'record the decision' },
    roles: ['hq_approver'],
    audit: ['approval.approved', 'approval.returned'],
  },
  moveDeadline: {
    action: { ja: '期限の変更', en: 'move the deadline' },
    roles: ['hq_admin'],
    audit: ['task.deadline_moved'],
  },
  openTask: {
    action: { ja: 'タスクの前倒し開始', en: 'open the task early' },
    roles: ['hq_admin'],
    audit: ['task.opened_early'],
  },
  withdraw: {
    action: { ja: 'サイクルの中止', en: 'discontinue the cycle' },
    roles: HQ_ADMINS,
    audit: ['cycle.withdrawn'],
  },
  /** Sent for every running cycle when a working group gets a new leader (no endpoint of its own). */
  reassign: {
    action: { ja: '担当リーダーの変更', en: 'reassign the working-group leader' },
    roles: HQ_ADMINS,
    audit: ['cycle.reassigned'],
  },
  answerWithdrawalQuestion: {
    action: { ja: '中止の確認への回答', en: 'answer whether to discontinue the cycle' },
    roles: HQ_ADMINS,
    audit: ['cycle.withdrawn', 'cycle.withdrawal_declined'],
  },
} as const satisfies Record<string, CommandEntry>;

export type CommandName = keyof typeof COMMANDS;

/**
 * HQ's commands on an item itself rather than on one cycle (no Update of their own): the API
 * writes the item and its ledger entry, then sends the cycles the Updates above.
 */
export const ITEM_COMMANDS = {
  /** Removes the item from its plan with a reason; its running cycles are withdrawn (`withdraw`). */
  removeItem: {
    action: { ja: '改革項目の削除', en: 'remove the reform item' },
    roles: HQ_ADMINS,
    audit: ['item.removed'],
  },
} as const satisfies Record<string, CommandEntry>;

/** The row of an Update name read from a history, or undefined for a name this build does not know. */
export function commandNamed(name: string): CommandEntry | undefined {
  return Object.hasOwn(COMMANDS, name) ? COMMANDS[name as CommandName] : undefined;
}
