import { GLOSSARY, type LocalizedText, SUBMISSION_KIND_LABELS, type SubmissionKind } from '@pdca/domain';
import { externalMessage, headlineNamesYear, isExternalEventType } from './external-review-notifications';
import type { Language } from './notification-kinds';
import { isPolicyEventType, policyMessage } from './policy-notifications';
import { isVerificationEventType, verificationMessage } from './verification-notifications';

/** What one notification says, in one language: for the mail and for the in-app list. */
export interface RenderedNotification {
  subject: string;
  /** Short line for lists (the subject without the 【行財政改革】 prefix). */
  title: string;
  text: string;
  html: string;
  link: string;
  /** The headline and the facts lines, for a mail that lists several notifications (a batch). */
  headline: string;
  facts: string[];
  /** The fiscal year it is about (a digest's subject names the years of its entries). */
  fiscalYear: number | null;
}

export interface RenderInput {
  type: string;
  payload: Record<string, unknown>;
  /** The item the event names, with the plan it belongs to (for a link to the plan's page). */
  item: { code: string; title: string; planId?: string | null } | null;
  /**
   * The submission's round (第2回) when the event names an approval: read from the approval row
   * by the relay; otherwise the payload's `round` (a return) is used.
   */
  round?: number | null;
  /** A 外部評価 event's round title (external_reviews.title), read by the relay. */
  reviewTitle?: string | null;
  language: Language;
  /** The recipient, so an escalation reads differently for the assignee and for HQ. */
  recipientUserId: string | null;
  publicUrl: string;
}

const PREFIX: LocalizedText = { ja: '【行財政改革】', en: '[Reform plan] ' };
const WEEKDAYS_JA = ['日', '月', '火', '水', '木', '金', '土'];
const WEEKDAYS_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const JST_OFFSET_MS = 9 * 3_600_000;

/** `2025年4月30日(水) 17:00` / `Wed 30 Apr 2025, 17:00 JST`. */
export function formatJst(iso: string, language: Language): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  const d = new Date(ms + JST_OFFSET_MS);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return language === 'ja'
    ? `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日(${WEEKDAYS_JA[d.getUTCDay()]}) ${hh}:${mm}`
    : `${WEEKDAYS_EN[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS_EN[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${hh}:${mm} JST`;
}

const text = (value: unknown, language: Language): string | null => {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as LocalizedText)[language] === 'string')
    return (value as LocalizedText)[language];
  return null;
};

const yen = (value: unknown, language: Language): string =>
  typeof value === 'number'
    ? language === 'ja'
      ? `${value.toLocaleString('ja-JP')}円`
      : `JPY ${value.toLocaleString('en-US')}`
    : '—';

function kindLabel(payload: Record<string, unknown>, language: Language): string {
  const kind = (payload.taskKind ?? payload.submissionKind) as SubmissionKind | undefined;
  return (
    text(payload.taskTitle, language) ??
    (kind && SUBMISSION_KIND_LABELS[kind] ? SUBMISSION_KIND_LABELS[kind][language] : '')
  );
}

/** `before-7d` → 7; anything else → null. */
export function daysBefore(reminderKey: unknown): number | null {
  const match = typeof reminderKey === 'string' ? /^before-(\d+)d$/.exec(reminderKey) : null;
  return match ? Number(match[1]) : null;
}

interface Message {
  headline: LocalizedText;
  lines: LocalizedText[];
  path: string;
}

const id = (value: unknown): string | null =>
  typeof value === 'string' && /^[\w-]+$/.test(value) ? encodeURIComponent(value) : null;

/**
 * Where a mail points, as routes of the web app (apps/web/src/App.tsx) that every role the mail
 * goes to can open: the task page (any signed-in user may read a cycle), the approval page, the
 * plan's page or the item's page (/audit/items, HQ admins and auditors).
 */
export function linkPaths(payload: Record<string, unknown>, planId?: string | null) {
  const cycle = id(payload.cycleId);
  const task = id(payload.taskId);
  const approval = id(payload.approvalId);
  const item = id(payload.itemId);
  const plan = id(planId);
  return {
    task: cycle && task ? `/cycles/${cycle}/tasks/${task}` : '/tasks',
    approval: cycle && approval ? `/cycles/${cycle}/approvals/${approval}` : '/approvals',
    plan: plan ? `/plans/${plan}` : '/plans',
    item: item ? `/audit/items/${item}` : '/audit',
  };
}

/** 第2回 / round 2, or nothing when the round is unknown. */
function roundOf(input: RenderInput): LocalizedText | null {
  const round = input.round ?? input.payload.round;
  return typeof round === 'number' && round > 0 ? { ja: `第${round}回`, en: `round ${round}` } : null;
}

function message(input: RenderInput): Message {
  const p = input.payload;
  const ja = (l: Language) => kindLabel(p, l);
  const due = (l: Language) => (typeof p.dueAt === 'string' ? formatJst(p.dueAt, l) : '—');
  const dueLine: LocalizedText = { ja: `提出期限: ${due('ja')}`, en: `Due: ${due('en')}` };
  const paths = linkPaths(p, input.item?.planId);
  const round = roundOf(input);
  // 取組計画 第2回 / Action plan, round 2: the submission a decision or request is about.
  const kindRound = (l: Language) =>
    round ? (l === 'ja' ? `${ja('ja')} ${round.ja}` : `${ja('en')}, ${round.en}`) : ja(l);
  if (isPolicyEventType(input.type)) return policyMessage(input.type, p, round, due);
  if (isExternalEventType(input.type))
    return externalMessage(input.type, p, { reviewTitle: input.reviewTitle ?? null, round }, due);
  if (isVerificationEventType(input.type)) return verificationMessage(input.type, p, due);
  switch (input.type) {
    case 'task.assigned':
      if (p.taskStatus === 'scheduled' && typeof p.openAt === 'string') {
        // Nothing can be submitted before the opening date: this says what is coming, not "please submit".
        const opens = (l: Language) => formatJst(String(p.openAt), l);
        return {
          headline: {
            ja: `${ja('ja')}が予定されました（${opens('ja')}から受付）`,
            en: `Scheduled: ${ja('en')} (opens ${opens('en')})`,
          },
          lines: [{ ja: `受付開始: ${opens('ja')}`, en: `Opens: ${opens('en')}` }, dueLine],
          path: paths.task,
        };
      }
      return {
        headline: { ja: `${ja('ja')}の作成・提出をお願いします`, en: `New task: ${ja('en')}` },
        lines: [dueLine],
        path: paths.task,
      };
    case 'task.opened':
      // A scheduled task's opening date has come (or HQ opened it early): it can be submitted now.
      return {
        headline: {
          ja: `${ja('ja')}の受付が始まりました。提出をお願いします`,
          en: `${ja('en')} is open: please submit it`,
        },
        lines: [dueLine],
        path: paths.task,
      };
    case 'task.reminder': {
      const days = daysBefore(p.reminderKey);
      return {
        headline:
          days !== null
            ? {
                ja: `${ja('ja')}の提出期限が${days}日後です`,
                en: `${ja('en')} is due in ${days} day${days === 1 ? '' : 's'}`,
              }
            : { ja: `${ja('ja')}の提出期限を過ぎています`, en: `${ja('en')} is overdue` },
        lines: [dueLine],
        path: paths.task,
      };
    }
    case 'task.escalated':
      return input.recipientUserId !== null && input.recipientUserId === p.assigneeUserId
        ? {
            headline: {
              ja: `${ja('ja')}の提出期限を過ぎました（本部に報告されました）`,
              en: `${ja('en')} is overdue (HQ has been told)`,
            },
            lines: [dueLine],
            path: paths.task,
          }
        : {
            headline: {
              ja: `期限超過: ${ja('ja')}が未提出です`,
              en: `Overdue: ${ja('en')} has not been submitted`,
            },
            lines: [dueLine],
            path: paths.task,
          };
    case 'task.deadline_moved':
      return {
        headline: {
          ja: `${ja('ja')}の提出期限が${due('ja')}に変更されました`,
          en: `${ja('en')}: deadline moved to ${due('en')}`,
        },
        lines: [
          {
            ja: `変更前の期限: ${typeof p.previousDueAt === 'string' ? formatJst(p.previousDueAt, 'ja') : '—'}`,
            en: `Previous deadline: ${typeof p.previousDueAt === 'string' ? formatJst(p.previousDueAt, 'en') : '—'}`,
          },
          dueLine,
        ],
        path: paths.task,
      };
    case 'approval.requested': {
      const step = { ja: text(p.stepLabel, 'ja') ?? '', en: text(p.stepLabel, 'en') ?? '' };
      return {
        headline: {
          ja: `承認依頼: ${kindRound('ja')}（${step.ja}）`,
          en: `Approval requested: ${kindRound('en')} (${step.en})`,
        },
        lines: [],
        path: paths.approval,
      };
    }
    case 'submission.returned':
      return {
        headline: { ja: `${kindRound('ja')}が差し戻されました`, en: `${kindRound('en')} was returned` },
        lines: [
          {
            ja: `本部のコメント: ${text(p.comment, 'ja') ?? '（なし）'}`,
            en: `HQ's comment: ${text(p.comment, 'en') ?? '(none)'}`,
          },
          dueLine,
        ],
        path: paths.task,
      };
    case 'submission.approved': {
      const step = { ja: text(p.stepLabel, 'ja') ?? '', en: text(p.stepLabel, 'en') ?? '' };
      return {
        headline: {
          ja: `${kindRound('ja')}が承認されました（${step.ja}）`,
          en: `${kindRound('en')} was approved (${step.en})`,
        },
        lines: p.comment
          ? [{ ja: `コメント: ${String(p.comment)}`, en: `Comment: ${String(p.comment)}` }]
          : [],
        path: paths.approval,
      };
    }
    case 'cycle.closed':
      return {
        headline: {
          ja: `サイクルが${GLOSSARY.discontinued.ja}されました`,
          en: `The cycle was ${GLOSSARY.discontinued.en.toLowerCase()}`,
        },
        lines: [{ ja: `理由: ${String(p.reason ?? '—')}`, en: `Reason: ${String(p.reason ?? '—')}` }],
        // The leaders it is for read the plan's page; the item's page is HQ's and the auditors'.
        path: paths.plan,
      };
    case 'budget.reflected':
      return {
        headline: {
          ja: `${GLOSSARY.direction.ja}が${p.fiscalYear}年度予算に反映されました`,
          en: `The ${GLOSSARY.direction.en.toLowerCase()} was reflected in the FY${p.fiscalYear} budget`,
        },
        lines: [
          {
            ja: `現行額 ${yen(p.currentAmount, 'ja')} → 提案額 ${yen(p.proposedAmount, 'ja')}（増減 ${yen(p.delta, 'ja')}）`,
            en: `Current ${yen(p.currentAmount, 'en')} → proposed ${yen(p.proposedAmount, 'en')} (change ${yen(p.delta, 'en')})`,
          },
        ],
        path: paths.item,
      };
    default:
      return { headline: { ja: input.type, en: input.type }, lines: [], path: paths.plan };
  }
}

const escapeHtml = (value: string): string =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** The fiscal year a mail is about: the cycle's (a budget reflection's source year). */
function fiscalYearOf(payload: Record<string, unknown>): number | null {
  const year = typeof payload.sourceFiscalYear === 'number' ? payload.sourceFiscalYear : payload.fiscalYear;
  return typeof year === 'number' ? year : null;
}

/** `2026年度 ` / `FY2026 – `: every subject and list line starts with the year it is about. */
const yearLead = (year: number | null, l: Language): string =>
  year === null ? '' : l === 'ja' ? `${year}年度 ` : `FY${year} – `;

const base = (publicUrl: string) => publicUrl.replace(/\/+$/, '');

/** The footer of every mail: where the settings are, with the link to that page. */
function footerOf(l: Language, publicUrl: string): string {
  const settings = `${base(publicUrl)}/notifications`;
  return l === 'ja'
    ? `このメールは行財政改革PDCAシステムから自動送信されています。通知の設定は画面の「通知設定」で変更できます: ${settings}`
    : `Sent automatically by the reform-plan PDCA system. Change your notification settings on the "Notification settings" page: ${settings}`;
}

const htmlFooter = (footer: string) =>
  `<p style="color:#666;font-size:smaller">${escapeHtml(footer).replace(
    /(https?:\/\/\S+)$/,
    (url) => `<a href="${url}">${url}</a>`,
  )}</p>`;

/** One notification in the recipient's language: subject, plain text, HTML and the web-app link. */
export function renderNotification(input: RenderInput): RenderedNotification {
  const l = input.language;
  const m = message(input);
  const p = input.payload;
  const code = input.item?.code ?? (typeof p.itemCode === 'string' ? p.itemCode : '');
  const itemTitle = input.item?.title ?? (typeof p.itemTitle === 'string' ? p.itemTitle : '');
  const itemText = [code, itemTitle].filter(Boolean).join(' ');
  const fiscalYear = fiscalYearOf(p);
  const headline = m.headline[l];
  // The year as every mail writes it (2026年度), once: not again before a round's title that says it.
  const lead =
    isExternalEventType(input.type) && headlineNamesYear(fiscalYear, headline, l)
      ? ''
      : yearLead(fiscalYear, l);
  const title = `${lead}${headline}${itemText ? (l === 'ja' ? `（${itemText}）` : ` (${itemText})`) : ''}`;
  const link = `${base(input.publicUrl)}${m.path}`;
  const facts: string[] = [
    // A 施策評価's event names its node where an item's names the 改革項目.
    ...(itemText
      ? [
          `${(isPolicyEventType(input.type) ? GLOSSARY.policyEvaluation : GLOSSARY.reformItem)[l]}: ${itemText}`,
        ]
      : []),
    ...(fiscalYear === null ? [] : [l === 'ja' ? `年度: ${fiscalYear}年度` : `Fiscal year: FY${fiscalYear}`]),
    ...m.lines.map((line) => line[l]),
  ];
  const open = l === 'ja' ? '詳細は次のページでご確認ください:' : 'Open it in the web app:';
  const footer = footerOf(l, input.publicUrl);
  const textBody = [headline, '', ...facts, '', open, link, '', '--', footer].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif">',
    `<p><strong>${escapeHtml(headline)}</strong></p>`,
    `<ul>${facts.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>`,
    `<p>${escapeHtml(open)} <a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`,
    htmlFooter(footer),
    '</body></html>',
  ].join('');
  return { subject: `${PREFIX[l]}${title}`, title, text: textBody, html, link, headline, facts, fiscalYear };
}

/** Event types whose mails to one person are sent as one when several arrive together (a batch). */
export const BATCHED_EVENT_TYPES = [
  'task.assigned',
  'task.opened',
  'policy_evaluation.opened',
  'external_response.opened',
] as const;

const BATCH_HEADLINES: Record<(typeof BATCHED_EVENT_TYPES)[number], (n: number) => LocalizedText> = {
  'task.assigned': (n) => ({ ja: `新しいタスクが${n}件あります`, en: `${n} new tasks` }),
  'task.opened': (n) => ({
    ja: `${n}件のタスクの受付が始まりました。提出をお願いします`,
    en: `${n} tasks are open: please submit them`,
  }),
  'policy_evaluation.opened': (n) => ({
    ja: `${GLOSSARY.policyEvaluation.ja}${n}件の受付が始まりました。提出をお願いします`,
    en: `${n} policy evaluations are open: please submit them`,
  }),
  // A committee rules on several items of one leader in one sitting: one mail for them.
  'external_response.opened': (n) => ({
    ja: `外部評価を受けて市の対応方針${n}件の作成・提出をお願いします`,
    en: `Please draft the city’s response to the external review on ${n} items`,
  }),
};

/**
 * One mail for several notifications of one kind and fiscal year to one person (e.g. the tasks of
 * the 19 cycles HQ started at once): each with its item, facts and its own link.
 */
export function renderBatch(
  type: string,
  fiscalYear: number | null,
  entries: RenderedNotification[],
  language: Language,
  publicUrl: string,
): { subject: string; text: string; html: string } {
  const l = language;
  const headline =
    type in BATCH_HEADLINES
      ? BATCH_HEADLINES[type as keyof typeof BATCH_HEADLINES](entries.length)[l]
      : l === 'ja'
        ? `お知らせが${entries.length}件あります`
        : `${entries.length} notifications`;
  const subject = `${PREFIX[l]}${yearLead(fiscalYear, l)}${headline}`;
  const footer = footerOf(l, publicUrl);
  const text = [
    headline,
    '',
    ...entries.flatMap((e, i) => [
      `${i + 1}. ${e.title}`,
      ...e.facts.map((f) => `   ${f}`),
      `   ${e.link}`,
      '',
    ]),
    '--',
    footer,
  ].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif">',
    `<p><strong>${escapeHtml(headline)}</strong></p><ol>`,
    ...entries.map(
      (e) =>
        `<li><p><a href="${escapeHtml(e.link)}">${escapeHtml(e.title)}</a></p><ul>${e.facts
          .map((f) => `<li>${escapeHtml(f)}</li>`)
          .join('')}</ul></li>`,
    ),
    '</ol>',
    htmlFooter(footer),
    '</body></html>',
  ].join('');
  return { subject, text, html };
}

/** One mail for a day's notifications (the 08:30 JST digest). */
export function renderDigest(
  entries: RenderedNotification[],
  language: Language,
  publicUrl: string,
): { subject: string; text: string; html: string } {
  // The years its entries are about: 2026年度 / 2026・2027年度 (FY2026 / FY2026, FY2027).
  const years = [...new Set(entries.map((e) => e.fiscalYear).filter((y): y is number => y !== null))].sort();
  const lead =
    years.length === 0
      ? ''
      : language === 'ja'
        ? `${years.join('・')}年度 `
        : `${years.map((y) => `FY${y}`).join(', ')} – `;
  const subject =
    language === 'ja'
      ? `${PREFIX.ja}${lead}本日のお知らせ（${entries.length}件）`
      : `${PREFIX.en}${lead}Today's notifications (${entries.length})`;
  const footer = footerOf(language, publicUrl);
  const text = [...entries.map((e) => `・${e.title}\n  ${e.link}`), '', '--', footer].join('\n');
  const html = `<!doctype html><html><body style="font-family:sans-serif"><ul>${entries
    .map((e) => `<li><a href="${escapeHtml(e.link)}">${escapeHtml(e.title)}</a></li>`)
    .join('')}</ul>${htmlFooter(footer)}</body></html>`;
  return { subject, text, html };
}
