import { GLOSSARY, type LocalizedText, SUBMISSION_KIND_LABELS, type SubmissionKind } from '@pdca/domain';
import type { Language } from './notification-kinds';

/** What one notification says, in one language: for the mail and for the in-app list. */
export interface RenderedNotification {
  subject: string;
  /** Short line for lists (the subject without the 【行財政改革】 prefix). */
  title: string;
  text: string;
  html: string;
  link: string;
}

export interface RenderInput {
  type: string;
  payload: Record<string, unknown>;
  item: { code: string; title: string } | null;
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

function message(input: RenderInput): Message {
  const p = input.payload;
  const ja = (l: Language) => kindLabel(p, l);
  const due = (l: Language) => (typeof p.dueAt === 'string' ? formatJst(p.dueAt, l) : '—');
  const dueLine: LocalizedText = { ja: `提出期限: ${due('ja')}`, en: `Due: ${due('en')}` };
  const itemPath = typeof p.itemId === 'string' ? `/items/${p.itemId}` : '/';
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
          path: '/tasks',
        };
      }
      return {
        headline: { ja: `${ja('ja')}の作成・提出をお願いします`, en: `New task: ${ja('en')}` },
        lines: [dueLine],
        path: '/tasks',
      };
    case 'task.opened':
      // A scheduled task's opening date has come (or HQ opened it early): it can be submitted now.
      return {
        headline: {
          ja: `${ja('ja')}の受付が始まりました。提出をお願いします`,
          en: `${ja('en')} is open: please submit it`,
        },
        lines: [dueLine],
        path: '/tasks',
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
        path: '/tasks',
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
            path: '/tasks',
          }
        : {
            headline: {
              ja: `期限超過: ${ja('ja')}が未提出です`,
              en: `Overdue: ${ja('en')} has not been submitted`,
            },
            lines: [dueLine],
            path: itemPath,
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
        path: '/tasks',
      };
    case 'approval.requested': {
      const step = { ja: text(p.stepLabel, 'ja') ?? '', en: text(p.stepLabel, 'en') ?? '' };
      return {
        headline: {
          ja: `承認依頼: ${ja('ja')}（${step.ja}）`,
          en: `Approval requested: ${ja('en')} (${step.en})`,
        },
        lines: [],
        path: '/approvals',
      };
    }
    case 'submission.returned':
      return {
        headline: { ja: `${ja('ja')}が差し戻されました`, en: `${ja('en')} was returned` },
        lines: [
          {
            ja: `本部のコメント: ${text(p.comment, 'ja') ?? '（なし）'}`,
            en: `HQ's comment: ${text(p.comment, 'en') ?? '(none)'}`,
          },
          dueLine,
        ],
        path: '/tasks',
      };
    case 'submission.approved': {
      const step = { ja: text(p.stepLabel, 'ja') ?? '', en: text(p.stepLabel, 'en') ?? '' };
      return {
        headline: {
          ja: `${ja('ja')}が承認されました（${step.ja}）`,
          en: `${ja('en')} was approved (${step.en})`,
        },
        lines: p.comment
          ? [{ ja: `コメント: ${String(p.comment)}`, en: `Comment: ${String(p.comment)}` }]
          : [],
        path: itemPath,
      };
    }
    case 'cycle.closed':
      return {
        headline: {
          ja: `${p.fiscalYear}年度のサイクルが${GLOSSARY.discontinued.ja}されました`,
          en: `The FY${p.fiscalYear} cycle was ${GLOSSARY.discontinued.en.toLowerCase()}`,
        },
        lines: [{ ja: `理由: ${String(p.reason ?? '—')}`, en: `Reason: ${String(p.reason ?? '—')}` }],
        path: itemPath,
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
        path: itemPath,
      };
    default:
      return { headline: { ja: input.type, en: input.type }, lines: [], path: itemPath };
  }
}

const escapeHtml = (value: string): string =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** One notification in the recipient's language: subject, plain text, HTML and the web-app link. */
export function renderNotification(input: RenderInput): RenderedNotification {
  const l = input.language;
  const m = message(input);
  const p = input.payload;
  const code = input.item?.code ?? (typeof p.itemCode === 'string' ? p.itemCode : '');
  const itemTitle = input.item?.title ?? (typeof p.itemTitle === 'string' ? p.itemTitle : '');
  const itemText = [code, itemTitle].filter(Boolean).join(' ');
  const title = `${m.headline[l]}${itemText ? (l === 'ja' ? `（${itemText}）` : ` (${itemText})`) : ''}`;
  const fiscalYear = typeof p.sourceFiscalYear === 'number' ? p.sourceFiscalYear : p.fiscalYear;
  const link = `${input.publicUrl.replace(/\/+$/, '')}${m.path}`;
  const facts: string[] = [
    ...(itemText ? [`${GLOSSARY.reformItem[l]}: ${itemText}`] : []),
    ...(typeof fiscalYear === 'number'
      ? [l === 'ja' ? `年度: ${fiscalYear}年度` : `Fiscal year: FY${fiscalYear}`]
      : []),
    ...m.lines.map((line) => line[l]),
  ];
  const open = l === 'ja' ? '詳細は次のページでご確認ください:' : 'Open it in the web app:';
  const footer =
    l === 'ja'
      ? 'このメールは行財政改革PDCAシステムから自動送信されています。通知の設定は画面の「通知設定」で変更できます。'
      : 'Sent automatically by the reform-plan PDCA system. Change your notification settings in the web app.';
  const textBody = [m.headline[l], '', ...facts, '', open, link, '', '--', footer].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif">',
    `<p><strong>${escapeHtml(m.headline[l])}</strong></p>`,
    `<ul>${facts.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>`,
    `<p>${escapeHtml(open)} <a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`,
    `<p style="color:#666;font-size:smaller">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('');
  return { subject: `${PREFIX[l]}${title}`, title, text: textBody, html, link };
}

/** One mail for a day's notifications (the 08:30 JST digest). */
export function renderDigest(
  entries: RenderedNotification[],
  language: Language,
  publicUrl: string,
): { subject: string; text: string; html: string } {
  const subject =
    language === 'ja'
      ? `${PREFIX.ja}本日のお知らせ（${entries.length}件）`
      : `${PREFIX.en}Today's notifications (${entries.length})`;
  const link = `${publicUrl.replace(/\/+$/, '')}/notifications`;
  const text = [
    ...entries.map((e) => `・${e.title}\n  ${e.link}`),
    '',
    language === 'ja' ? `一覧: ${link}` : `All notifications: ${link}`,
  ].join('\n');
  const html = `<!doctype html><html><body style="font-family:sans-serif"><ul>${entries
    .map((e) => `<li><a href="${escapeHtml(e.link)}">${escapeHtml(e.title)}</a></li>`)
    .join('')}</ul><p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p></body></html>`;
  return { subject, text, html };
}
