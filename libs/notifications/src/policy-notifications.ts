/**
 * 施策評価's mails (#24). Its workflow writes its own outbox messages (policy_evaluation.*); each
 * stands for one of the item tasks' kinds: it goes to the same kind of people, follows the user's
 * 通知設定 for that kind and reads like it, naming the 施策評価 and linking to its own page.
 */
import { GLOSSARY, type LocalizedText } from '@pdca/domain';
import type { PersonEventType } from './notification-kinds';

/** The item kind each 施策評価 message is sent as (its preference key). */
export const POLICY_EVENT_KINDS: Readonly<Record<string, PersonEventType>> = {
  'policy_evaluation.opened': 'task.opened',
  'policy_evaluation.reminder': 'task.reminder',
  'policy_evaluation.escalated': 'task.escalated',
  'policy_evaluation.returned': 'submission.returned',
  'policy_evaluation.approval_requested': 'approval.requested',
  'policy_evaluation.approved': 'submission.approved',
};

export const isPolicyEventType = (type: string): boolean => type in POLICY_EVENT_KINDS;

export interface PolicyAudienceFacts {
  approvalSubmittedBy: string | null;
  policyOwner?: string | null;
  policyStepRole?: string | null;
}

const str = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);
const ids = (...values: unknown[]): string[] => [
  ...new Set(values.map(str).filter((v): v is string => v !== null)),
];

/**
 * Who hears of a 施策評価 message: the owner (担当部長) of their task, its reminders, a return and
 * the approval; the escalation also HQ's administrators, as an item task's; an approval request the
 * step's role, never the submitter.
 */
export function policyAudience(
  type: string,
  payload: Record<string, unknown>,
  facts: PolicyAudienceFacts,
): { userIds: string[]; roles: string[]; excludeUserIds: string[] } {
  const owner = payload.recipientUserId ?? facts.policyOwner;
  switch (POLICY_EVENT_KINDS[type]) {
    case 'task.escalated':
      return { userIds: ids(owner), roles: ['hq_admin'], excludeUserIds: [] };
    case 'approval.requested':
      return {
        userIds: [],
        roles: [facts.policyStepRole ?? 'hq_approver'],
        excludeUserIds: ids(facts.approvalSubmittedBy),
      };
    case undefined:
      return { userIds: [], roles: [], excludeUserIds: [] };
    default:
      return { userIds: ids(owner), roles: [], excludeUserIds: [] };
  }
}

/** What a 施策評価 message says, before the facts every mail has (the node, the fiscal year). */
export function policyMessage(
  type: string,
  payload: Record<string, unknown>,
  round: LocalizedText | null,
  formatDue: (l: 'ja' | 'en') => string,
): { headline: LocalizedText; lines: LocalizedText[]; path: string } {
  const name = GLOSSARY.policyEvaluation;
  const dueLine: LocalizedText = { ja: `提出期限: ${formatDue('ja')}`, en: `Due: ${formatDue('en')}` };
  const evaluation = typeof payload.evaluationId === 'string' ? payload.evaluationId : '';
  const path = /^[\w-]+$/.test(evaluation) ? `/policy-evaluations/${evaluation}` : '/tasks';
  const named = (l: 'ja' | 'en') =>
    round ? (l === 'ja' ? `${name.ja} ${round.ja}` : `${name.en}, ${round.en}`) : name[l];
  switch (POLICY_EVENT_KINDS[type]) {
    case 'task.opened':
      return {
        headline: {
          ja: `${name.ja}の受付が始まりました。${GLOSSARY.policyRating.ja}の提出をお願いします`,
          en: `${name.en} is open: please submit your ${GLOSSARY.policyRating.en.toLowerCase()}`,
        },
        lines: [dueLine],
        path,
      };
    case 'task.reminder': {
      const match =
        typeof payload.reminderKey === 'string' ? /^before-(\d+)d$/.exec(payload.reminderKey) : null;
      const days = match ? Number(match[1]) : null;
      return {
        headline:
          days !== null
            ? {
                ja: `${name.ja}の提出期限が${days}日後です`,
                en: `${name.en} is due in ${days} day${days === 1 ? '' : 's'}`,
              }
            : { ja: `${name.ja}の提出期限を過ぎています`, en: `${name.en} is overdue` },
        lines: [dueLine],
        path,
      };
    }
    case 'task.escalated':
      // One text for the 担当部長 and HQ's administrators: the read model, not the message, knows the owner.
      return {
        headline: {
          ja: `期限超過: ${name.ja}が未提出です（本部に報告されました）`,
          en: `Overdue: the ${name.en.toLowerCase()} has not been submitted (HQ has been told)`,
        },
        lines: [dueLine],
        path,
      };
    case 'approval.requested':
      return {
        headline: { ja: `承認依頼: ${named('ja')}`, en: `Approval requested: ${named('en')}` },
        lines: [],
        path,
      };
    case 'submission.returned':
      return {
        headline: { ja: `${named('ja')}が差し戻されました`, en: `${named('en')} was returned` },
        lines: [
          {
            ja: `本部のコメント: ${str(payload.comment) ?? '（なし）'}`,
            en: `HQ's comment: ${str(payload.comment) ?? '(none)'}`,
          },
        ],
        path,
      };
    default:
      return {
        headline: { ja: `${named('ja')}が承認されました`, en: `${named('en')} was approved` },
        lines: str(payload.rating)
          ? [
              {
                ja: `${GLOSSARY.policyRating.ja}: ${payload.rating}`,
                en: `${GLOSSARY.policyRating.en}: ${payload.rating}`,
              },
            ]
          : [],
        path,
      };
  }
}
