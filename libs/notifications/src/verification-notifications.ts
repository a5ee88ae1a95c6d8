/**
 * 事業検証's mails (#26). The round's workflow writes its own outbox messages (verification.*);
 * each is sent as one of the item tasks' kinds (its 通知設定 key) to the people it concerns,
 * linking to the round. No message carries the team's findings (the workflow never puts them
 * there): a mail says that something is waiting and where.
 */
import type { LocalizedText } from '@pdca/domain';
import type { PersonEventType } from './notification-kinds';

/** The item kind each 事業検証 message is sent as (its preference key). */
export const VERIFICATION_EVENT_KINDS: Readonly<Record<string, PersonEventType>> = {
  'verification.findings_requested': 'task.assigned',
  'verification.reminder': 'task.reminder',
  'verification.decision_reminder': 'task.reminder',
  'verification.escalated': 'task.escalated',
  'verification.approval_requested': 'approval.requested',
  'verification.returned': 'submission.returned',
  'verification.approved': 'submission.approved',
};

export const isVerificationEventType = (type: string): boolean => type in VERIFICATION_EVENT_KINDS;

const str = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);
const ids = (...values: unknown[]): string[] => [
  ...new Set(values.map(str).filter((v): v is string => v !== null)),
];

/**
 * Who hears of a 事業検証 message: the team member it names (the request, the reminders, a return,
 * the decision); HQ's administrators (the escalations); an approval request or HQ's reminder the
 * step's role, never the one who submitted the findings.
 */
export function verificationAudience(
  type: string,
  payload: Record<string, unknown>,
  facts: { approvalSubmittedBy: string | null },
): { userIds: string[]; roles: string[]; excludeUserIds: string[] } {
  const nobody = { userIds: [], roles: [], excludeUserIds: [] };
  switch (type) {
    case 'verification.findings_requested':
    case 'verification.reminder':
    case 'verification.returned':
    case 'verification.approved':
      return { ...nobody, userIds: ids(payload.recipientUserId) };
    case 'verification.escalated':
      return { ...nobody, roles: ['hq_admin'] };
    case 'verification.approval_requested':
    case 'verification.decision_reminder':
      return {
        userIds: [],
        roles: [str(payload.stepRole) ?? 'hq_approver'],
        excludeUserIds: ids(facts.approvalSubmittedBy),
      };
    default:
      return nobody;
  }
}

const safeId = (value: unknown): string | null =>
  typeof value === 'string' && /^[\w-]+$/.test(value) ? value : null;
const count = (value: unknown): number => (Array.isArray(value) ? value.length : 0);

/** What a 事業検証 message says, before the facts every mail has (the item, the fiscal year). */
export function verificationMessage(
  type: string,
  p: Record<string, unknown>,
  formatDue: (l: 'ja' | 'en') => string,
): { headline: LocalizedText; lines: LocalizedText[]; path: string } {
  const title = str(p.title);
  const round: LocalizedText = title
    ? { ja: `事業検証「${title}」`, en: `verification round “${title}”` }
    : { ja: '事業検証', en: 'verification round' };
  const path = safeId(p.roundId) ? `/verification-rounds/${p.roundId}` : '/tasks';
  const hq = p.stage === 'decision' || type === 'verification.decision_reminder';
  const due: LocalizedText = hq
    ? { ja: `本部の決定の期限: ${formatDue('ja')}`, en: `HQ’s decisions due: ${formatDue('en')}` }
    : { ja: `検証結果の入力期限: ${formatDue('ja')}`, en: `Findings due: ${formatDue('en')}` };
  const days =
    typeof p.reminderKey === 'string' ? Number(/^before-(\d+)d$/.exec(p.reminderKey)?.[1] ?? NaN) : NaN;
  const soon = Number.isFinite(days);
  switch (type) {
    case 'verification.findings_requested':
      return {
        headline: {
          ja: `${round.ja}の検証結果の入力をお願いします`,
          en: `Please record your findings: ${round.en}`,
        },
        lines: [
          { ja: `対象の改革項目: ${Number(p.itemCount) || 0}件`, en: `Items: ${Number(p.itemCount) || 0}` },
          due,
        ],
        path,
      };
    case 'verification.reminder':
      return {
        headline: soon
          ? {
              ja: `検証結果の入力期限が${days}日後です`,
              en: `Findings due in ${days} day${days === 1 ? '' : 's'}`,
            }
          : { ja: '検証結果の入力期限を過ぎています', en: 'The findings are overdue' },
        lines: [
          {
            ja: `検証結果が未入力の改革項目: ${count(p.missingItemIds)}件`,
            en: `Items without findings: ${count(p.missingItemIds)}`,
          },
          due,
        ],
        path,
      };
    case 'verification.decision_reminder':
      return {
        headline: soon
          ? {
              ja: `事業検証の本部の決定の期限が${days}日後です`,
              en: `HQ’s verification decision due in ${days} day${days === 1 ? '' : 's'}`,
            }
          : { ja: '事業検証の本部の決定の期限を過ぎています', en: 'HQ’s verification decision is overdue' },
        lines: [due],
        path: '/approvals',
      };
    case 'verification.escalated':
      return {
        headline: hq
          ? {
              ja: `期限超過: ${round.ja}の本部の決定が済んでいません`,
              en: `Overdue: HQ has not decided every item of the ${round.en}`,
            }
          : {
              ja: `期限超過: ${round.ja}の検証結果が未入力です`,
              en: `Overdue: findings missing in the ${round.en}`,
            },
        lines: [
          hq
            ? {
                ja: `決定待ちの承認: ${Number(p.pendingCount) || 0}件`,
                en: `Decisions waiting: ${Number(p.pendingCount) || 0}`,
              }
            : {
                ja: `検証結果が未入力の改革項目: ${count(p.missingItemIds)}件`,
                en: `Items without findings: ${count(p.missingItemIds)}`,
              },
          due,
        ],
        path,
      };
    case 'verification.approval_requested':
      return {
        headline: {
          ja: '承認依頼: 事業検証の検証結果（本部の決定）',
          en: 'Approval requested: verification findings (HQ’s decision)',
        },
        lines: [],
        path: '/approvals',
      };
    case 'verification.returned':
      return {
        headline: {
          ja: '事業検証の検証結果が差し戻されました',
          en: 'The verification findings were returned',
        },
        lines: [
          {
            ja: `本部のコメント: ${str(p.comment) ?? '（なし）'}`,
            en: `HQ's comment: ${str(p.comment) ?? '(none)'}`,
          },
        ],
        path,
      };
    default:
      return {
        headline: {
          ja: '事業検証の本部の決定が行われました',
          en: 'HQ has decided on the verification findings',
        },
        lines: [],
        path,
      };
  }
}
