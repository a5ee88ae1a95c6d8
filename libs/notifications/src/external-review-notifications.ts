/**
 * 外部評価's mails (#25). The review round's workflow (external_review.*) and the city's response's
 * (external_response.*) write their own outbox messages; each is sent as one of the item tasks'
 * kinds (its 通知設定 key), to the people it concerns, linking to the round's or the response's page.
 * No message carries an opinion's text (the workflows never put it there): a mail says that
 * something is waiting and where; the app shows the text to those allowed to read it.
 */
import { eraOfFiscalYear, type LocalizedText } from '@pdca/domain';
import type { PersonEventType } from './notification-kinds';

/** The item kind each 外部評価 message is sent as (its preference key). `external_review.ruled` reaches nobody by mail: the leader hears of the ruling through `external_response.opened`. */
export const EXTERNAL_EVENT_KINDS: Readonly<Record<string, PersonEventType>> = {
  'external_review.opinion_requested': 'task.assigned',
  'external_review.reminder': 'task.reminder',
  'external_review.escalated': 'task.escalated',
  'external_response.opened': 'task.opened',
  'external_response.reminder': 'task.reminder',
  'external_response.escalated': 'task.escalated',
  'external_response.approval_requested': 'approval.requested',
  'external_response.returned': 'submission.returned',
  'external_response.approved': 'submission.approved',
};

export const isExternalEventType = (type: string): boolean => type in EXTERNAL_EVENT_KINDS;

/** The words of the mails (docs/external-review.md). */
export const EXTERNAL_WORDS = {
  review: { ja: '外部評価', en: 'External review' },
  opinion: { ja: '意見', en: 'opinion' },
  response: { ja: '市の対応方針', en: 'City’s response' },
  ruling: { ja: '委員会の評価', en: 'Committee ruling' },
  chair: { ja: '委員長', en: 'chair' },
  expectedEffect: { ja: '効果見込額', en: 'Expected effect' },
} as const satisfies Record<string, LocalizedText>;

export interface ExternalAudienceFacts {
  approvalSubmittedBy: string | null;
  /** The response's leader (external_responses.leader_user_id), for its escalation. */
  externalLeader?: string | null;
  /** The role of the approval step a response's request names, read from the tenant's approvalPolicy. */
  externalStepRole?: string | null;
}

const str = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);
const ids = (...values: unknown[]): string[] => [
  ...new Set(values.map(str).filter((v): v is string => v !== null)),
];

/**
 * Who hears of a 外部評価 message: the member it names (the request for opinions, the reminders);
 * the chair and HQ's administrators (the escalation); the item's leader (the response's task, its
 * reminders, a return and the approval; the escalation also HQ's administrators); an approval
 * request the step's role, never the submitter.
 */
export function externalAudience(
  type: string,
  payload: Record<string, unknown>,
  facts: ExternalAudienceFacts,
): { userIds: string[]; roles: string[]; excludeUserIds: string[] } {
  const nobody = { userIds: [], roles: [], excludeUserIds: [] };
  const leader = payload.recipientUserId ?? payload.leaderUserId ?? facts.externalLeader;
  switch (type) {
    case 'external_review.opinion_requested':
    case 'external_review.reminder':
      return { ...nobody, userIds: ids(payload.memberUserId) };
    case 'external_review.escalated':
      return { userIds: ids(payload.chairUserId), roles: ['hq_admin'], excludeUserIds: [] };
    case 'external_response.escalated':
      return { userIds: ids(leader), roles: ['hq_admin'], excludeUserIds: [] };
    case 'external_response.approval_requested':
      return {
        userIds: [],
        roles: [str(payload.stepRole) ?? facts.externalStepRole ?? 'hq_approver'],
        excludeUserIds: ids(facts.approvalSubmittedBy),
      };
    case 'external_response.opened':
    case 'external_response.reminder':
    case 'external_response.returned':
    case 'external_response.approved':
      return { ...nobody, userIds: ids(leader) };
    default:
      return nobody;
  }
}

/**
 * Whether a Japanese subject already names its fiscal year through the round's title
 * (「令和8年度 外部評価（第1回）」, 「2026年度 外部評価」): then it does not lead with the year again.
 * Otherwise a 外部評価 mail leads with the year as every other mail does (`2026年度 ` / `FY2026 – `).
 */
export function headlineNamesYear(fiscalYear: number | null, headline: string, l: 'ja' | 'en'): boolean {
  if (fiscalYear === null || l === 'en') return false;
  return headline.includes(eraOfFiscalYear(fiscalYear).ja) || headline.includes(`${fiscalYear}年度`);
}

const safeId = (value: unknown): string | null =>
  typeof value === 'string' && /^[\w-]+$/.test(value) ? value : null;

const count = (value: unknown): number => (Array.isArray(value) ? value.length : 0);

/** What a 外部評価 message says, before the facts every mail has (the item, the fiscal year). */
export function externalMessage(
  type: string,
  payload: Record<string, unknown>,
  context: { reviewTitle: string | null; round: LocalizedText | null },
  formatDue: (l: 'ja' | 'en') => string,
): { headline: LocalizedText; lines: LocalizedText[]; path: string } {
  const p = payload;
  const title = str(p.title) ?? str(p.reviewTitle) ?? context.reviewTitle;
  const w = EXTERNAL_WORDS;
  // 「令和8年度 外部評価（第1回）」 / "…": the round by its title, or 外部評価 when it is not known.
  const round: LocalizedText = title ? { ja: `「${title}」`, en: `“${title}”` } : w.review;
  const reviewLine: LocalizedText[] = title
    ? [{ ja: `外部評価: ${title}`, en: `Review round: ${title}` }]
    : [];
  const reviewPath = safeId(p.reviewId) ? `/external-reviews/${p.reviewId}` : '/tasks';
  const responsePath = safeId(p.responseId) ? `/external-responses/${p.responseId}` : '/tasks';
  const due = (label: LocalizedText): LocalizedText => ({
    ja: `${label.ja}: ${formatDue('ja')}`,
    en: `${label.en}: ${formatDue('en')}`,
  });
  const opinionDue = due({ ja: '意見の提出期限', en: 'Opinions due' });
  const responseDue = due({ ja: '提出期限', en: 'Due' });
  const days =
    typeof p.reminderKey === 'string' ? Number(/^before-(\d+)d$/.exec(p.reminderKey)?.[1] ?? NaN) : NaN;
  const soon = Number.isFinite(days);
  const response = (l: 'ja' | 'en') =>
    context.round
      ? l === 'ja'
        ? `${w.response.ja} ${context.round.ja}`
        : `${w.response.en}, ${context.round.en}`
      : w.response[l];
  switch (type) {
    case 'external_review.opinion_requested':
      return {
        headline: {
          ja: `${round.ja}への意見の提出をお願いします`,
          en: `${title ? `Review round ${round.en}` : w.review.en}: please give your opinions`,
        },
        lines: [
          ...reviewLine,
          {
            ja: `対象の改革項目: ${Number(p.itemCount) || 0}件`,
            en: `Items under review: ${Number(p.itemCount) || 0}`,
          },
          ...(p.chair === true
            ? [
                {
                  ja: 'あなたは委員長です。各改革項目の委員会の評価（結果と理由）の記録をお願いします',
                  en: 'You chair the committee: please also record its ruling (result and reason) on each item',
                },
              ]
            : []),
          opinionDue,
        ],
        path: reviewPath,
      };
    case 'external_review.reminder':
      return {
        headline: soon
          ? {
              ja: `${round.ja}の意見の提出期限が${days}日後です`,
              en: `Your opinions on ${round.en} are due in ${days} day${days === 1 ? '' : 's'}`,
            }
          : {
              ja: `${round.ja}の意見の提出期限を過ぎています`,
              en: `Your opinions on ${round.en} are overdue`,
            },
        lines: [
          ...reviewLine,
          {
            ja: `意見が未提出の改革項目: ${count(p.missingItemIds)}件`,
            en: `Items still without your opinion: ${count(p.missingItemIds)}`,
          },
          opinionDue,
        ],
        path: reviewPath,
      };
    case 'external_review.escalated':
      return {
        headline: {
          ja: `期限超過: ${round.ja}の意見が未提出の委員がいます`,
          en: `Overdue: members have not given their opinions on ${round.en}`,
        },
        lines: [
          ...reviewLine,
          {
            ja: `意見が未提出の委員: ${count(p.missingMemberUserIds)}名`,
            en: `Members still missing opinions: ${count(p.missingMemberUserIds)}`,
          },
          opinionDue,
        ],
        path: reviewPath,
      };
    case 'external_response.opened': {
      const ruling = p.ruling as { resultLabel?: LocalizedText } | undefined;
      return {
        headline: {
          ja: `外部評価を受けて${w.response.ja}の作成・提出をお願いします`,
          en: `Please draft the ${w.response.en.toLowerCase()} to the external review`,
        },
        lines: [
          ...reviewLine,
          ...(ruling?.resultLabel
            ? [
                {
                  ja: `${w.ruling.ja}: ${ruling.resultLabel.ja}`,
                  en: `${w.ruling.en}: ${ruling.resultLabel.en}`,
                },
              ]
            : []),
          responseDue,
        ],
        path: responsePath,
      };
    }
    case 'external_response.reminder':
      return {
        headline: soon
          ? {
              ja: `${w.response.ja}の提出期限が${days}日後です`,
              en: `The ${w.response.en.toLowerCase()} is due in ${days} day${days === 1 ? '' : 's'}`,
            }
          : {
              ja: `${w.response.ja}の提出期限を過ぎています`,
              en: `The ${w.response.en.toLowerCase()} is overdue`,
            },
        lines: [...reviewLine, responseDue],
        path: responsePath,
      };
    case 'external_response.escalated':
      return {
        headline: {
          ja: `期限超過: ${w.response.ja}が未提出です（本部に報告されました）`,
          en: `Overdue: the ${w.response.en.toLowerCase()} has not been submitted (HQ has been told)`,
        },
        lines: [...reviewLine, responseDue],
        path: responsePath,
      };
    case 'external_response.approval_requested':
      return {
        headline: { ja: `承認依頼: ${response('ja')}`, en: `Approval requested: ${response('en')}` },
        lines: reviewLine,
        path: responsePath,
      };
    case 'external_response.returned':
      return {
        headline: { ja: `${response('ja')}が差し戻されました`, en: `${response('en')} was returned` },
        lines: [
          ...reviewLine,
          {
            ja: `本部のコメント: ${str(p.comment) ?? '（なし）'}`,
            en: `HQ's comment: ${str(p.comment) ?? '(none)'}`,
          },
        ],
        path: responsePath,
      };
    default: {
      const effect = typeof p.expectedEffect === 'number' ? p.expectedEffect : null;
      return {
        headline: { ja: `${response('ja')}が承認されました`, en: `${response('en')} was approved` },
        lines: [
          ...reviewLine,
          ...(effect !== null
            ? [
                {
                  ja: `${w.expectedEffect.ja}: ${effect.toLocaleString('ja-JP')}円`,
                  en: `${w.expectedEffect.en}: JPY ${effect.toLocaleString('en-US')}`,
                },
              ]
            : []),
        ],
        path: responsePath,
      };
    }
  }
}
