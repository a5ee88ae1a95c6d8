import {
  ACT_DECISION_LABELS,
  type ActDecision,
  GLOSSARY,
  type LocalizedText,
  ROLE_LABELS,
  type Role,
  reportFiscalYear,
  SUBMISSION_KIND_LABELS,
  type SubmissionKind,
} from '@pdca/domain';
import { formatMoney, formatMoneyDelta } from '@pdca/domain/format';
import { describeBudgetAction } from './budget-ledger-labels';
import { describeExternalAction } from './external-ledger-labels';
import {
  amount,
  day,
  dayAndTime,
  inWords,
  isRecord,
  recordedLabel,
  reminderKeyLabel,
  text,
} from './ledger-words';
import { describePolicyAction } from './policy-ledger-labels';

/** The parts of a ledger entry a sentence is made of. */
export interface DescribableEntry {
  action: string;
  actorType: 'user' | 'system';
  actorName: string | null;
  actorRole: string | null;
  payload: unknown;
  /** The task's title from the read model, when the entry concerns a task. */
  taskTitle?: LocalizedText | null;
}

/**
 * Ledger entries in words an auditor reads without the code at hand, in both languages:
 * "取組計画を提出 — 改革 リーダー（WGリーダー）" / "action plan submitted by 改革 リーダー (Working-group leader)".
 * Concept words come from the domain's glossary and label tables (one word per concept).
 * Unknown actions (added to the workflow later) fall back to the action name itself.
 */
export function describeLedgerEntry(entry: DescribableEntry): LocalizedText {
  const what = describeAction(entry);
  const who = describeActor(entry);
  return { ja: `${what.ja} — ${who.ja}`, en: `${what.en} ${who.en}` };
}

/** "改革 リーダー（WGリーダー）" / "by 改革 リーダー (Working-group leader)"; the engine is "システム（自動）". */
export function describeActor(entry: Pick<DescribableEntry, 'actorType' | 'actorName' | 'actorRole'>) {
  if (entry.actorType === 'system') return { ja: 'システム（自動）', en: '(automatic)' };
  const role = roleLabel(entry.actorRole);
  const name = entry.actorName ?? '?';
  return role
    ? { ja: `${name}（${role.ja}）`, en: `by ${name} (${role.en})` }
    : { ja: name, en: `by ${name}` };
}

export function describeAction(entry: DescribableEntry): LocalizedText {
  const p = (isRecord(entry.payload) ? entry.payload : {}) as Record<string, unknown>;
  const task = entry.taskTitle
    ? { ja: `「${entry.taskTitle.ja}」`, en: ` for "${entry.taskTitle.en}"` }
    : null;
  switch (entry.action) {
    case 'cycle.started': {
      const fy = typeof p.fiscalYear === 'number' ? p.fiscalYear : null;
      return fy
        ? { ja: `${fy}年度のサイクルを開始`, en: `FY${fy} cycle started` }
        : { ja: 'サイクルを開始', en: 'cycle started' };
    }
    case 'plan.submitted':
    case 'execution_report.submitted':
    case 'evaluation.submitted':
    case 'action.submitted':
      return describeSubmission(entry.action.split('.')[0] as SubmissionKind, p);
    case 'review.submitted': {
      // The period is the task's own label (第1四半期 / 上半期 / 2025年4月), carried in its title.
      const review = GLOSSARY.progressReview;
      const late = p.late === true;
      return task
        ? {
            ja: `${task.ja}を提出${late ? '（期限後）' : ''}`,
            en: `progress review submitted${task.en}${late ? ' (late)' : ''}`,
          }
        : {
            ja: `${review.ja}を提出${late ? '（期限後）' : ''}`,
            en: `${review.en.toLowerCase()} submitted${late ? ' (late)' : ''}`,
          };
    }
    case 'approval.approved':
    case 'approval.returned': {
      const kind = kindLabel(p.submissionKind);
      const approved = entry.action === 'approval.approved';
      const rating = typeof p.rating === 'string' ? p.rating : null;
      const extraJa = rating ? `・${GLOSSARY.secondEvaluation.ja} ${rating}` : '';
      const extraEn = rating ? `, ${lowerFirst(GLOSSARY.secondEvaluation.en)} ${rating}` : '';
      return approved
        ? { ja: `本部承認（${kind.ja}${extraJa}）`, en: `approved (${kind.en.toLowerCase()}${extraEn})` }
        : { ja: `差戻し（${kind.ja}）`, en: `returned (${kind.en.toLowerCase()})` };
    }
    case 'task.reminder': {
      const key = reminderKeyLabel(p.reminderKey);
      return {
        ja: `リマインダー送信${task?.ja ?? ''}（${key.ja}）`,
        en: `reminder sent${task?.en ?? ''} (${key.en})`,
      };
    }
    case 'task.escalated':
      return {
        ja: `期限超過を本部へエスカレーション${task?.ja ?? ''}`,
        en: `overdue, escalated to HQ${task?.en ?? ''}`,
      };
    case 'task.opened': {
      // A task opens on a day of the calendar: the day, not midnight.
      const on = inWords(text(p.openAt), day);
      return { ja: `受付開始${task?.ja ?? ''}（${on.ja}）`, en: `opened${task?.en ?? ''} (${on.en})` };
    }
    case 'task.opened_early': {
      const on = inWords(text(p.scheduledFor), day);
      return {
        ja: `予定より前倒しで受付開始${task?.ja ?? ''}（予定日 ${on.ja}）`,
        en: `opened early${task?.en ?? ''} (scheduled for ${on.en})`,
      };
    }
    case 'task.deadline_moved': {
      // A deadline has its hour (17:00), so both ends keep it.
      const from = inWords(text(p.from), dayAndTime);
      const to = inWords(text(p.to), dayAndTime);
      return {
        ja: `期限を変更${task?.ja ?? ''}（${from.ja} → ${to.ja}）`,
        en: `deadline moved${task?.en ?? ''} (${from.en} → ${to.en})`,
      };
    }
    case 'budget.reflected': {
      const delta = inWords(amount(p.delta), formatMoneyDelta);
      const proposed = inWords(amount(p.proposedAmount), formatMoney);
      const fy = typeof p.fiscalYear === 'number' ? p.fiscalYear : '?';
      const decision = decisionLabel(p.decision, p.decisionLabel);
      return {
        ja: `予算へ反映: ${delta.ja}（${fy}年度 ${proposed.ja}、${decision.ja}）`,
        en: `budget reflected: ${delta.en} (FY${fy}: ${proposed.en}, ${decision.en.toLowerCase()})`,
      };
    }
    case 'cycle.completed':
      return { ja: GLOSSARY.yearEnded.ja, en: GLOSSARY.yearEnded.en.toLowerCase() };
    case 'cycle.previous_year_decided': {
      const fy = typeof p.fromFiscalYear === 'number' ? p.fromFiscalYear : '?';
      const decision = decisionLabel(p.decision, p.decisionLabel);
      return {
        ja: `${fy}年度の${GLOSSARY.direction.ja}を受領（${decision.ja}）`,
        en: `FY${fy} ${GLOSSARY.direction.en.toLowerCase()} received (${decision.en.toLowerCase()})`,
      };
    }
    case 'cycle.withdrawal_declined':
      return {
        ja: `サイクルの${GLOSSARY.discontinued.ja}を見送り`,
        en: 'cycle kept (not discontinued)',
      };
    case 'cycle.closed': {
      const decision = p.decision ? decisionLabel(p.decision, p.decisionLabel) : null;
      return decision
        ? { ja: `サイクル終了（${decision.ja}）`, en: `cycle closed (${decision.en.toLowerCase()})` }
        : { ja: 'サイクル終了', en: 'cycle closed' };
    }
    case 'cycle.withdrawn':
      return { ja: `サイクルを${GLOSSARY.discontinued.ja}`, en: 'cycle discontinued' };
    case 'cycle.reassigned':
      return { ja: '担当リーダーを変更', en: 'working-group leader reassigned' };
    case 'user.created':
      return p.source === 'oidc'
        ? { ja: '利用者を登録（組織ディレクトリから）', en: 'user created (from the directory)' }
        : { ja: '利用者を登録', en: 'user created' };
    case 'user.updated':
      return p.source === 'oidc'
        ? { ja: '利用者を変更（組織ディレクトリから）', en: 'user updated (from the directory)' }
        : { ja: '利用者を変更', en: 'user updated' };
    case 'user.deactivated':
      return { ja: '利用者を無効化', en: 'user deactivated' };
    case 'user.reactivated':
      return { ja: '利用者を再有効化', en: 'user reactivated' };
    case 'user.password_changed':
      return { ja: 'パスワードを変更', en: 'password changed' };
    case 'tenant.created':
      return { ja: '自治体（テナント）を登録', en: 'tenant created' };
    case 'working_group.updated':
      return { ja: 'ワーキンググループを変更', en: 'working group updated' };
    case 'settings.updated':
      return p.scope === 'plan'
        ? { ja: '計画の設定を変更', en: 'plan settings changed' }
        : { ja: '自治体の設定を変更', en: 'city settings changed' };
    case 'item.removed': {
      const code = typeof p.itemCode === 'string' ? p.itemCode : null;
      return code
        ? { ja: `改革項目「${code}」を計画から削除`, en: `item ${code} removed from the plan` }
        : { ja: '改革項目を計画から削除', en: 'item removed from the plan' };
    }
    case 'indicator.actual_recorded': {
      // 「経常収支比率 令和7年度（2025年度）の実績を訂正」: which figure of which year.
      const name = typeof p.indicatorName === 'string' ? p.indicatorName : '';
      const fy = typeof p.fiscalYear === 'number' ? reportFiscalYear(p.fiscalYear) : null;
      const corrected = p.before !== null && p.before !== undefined;
      return {
        ja: `${name ? `「${name}」` : '主要目標'}${fy ? ` ${fy.ja}` : ''}の実績を${corrected ? '訂正' : '入力'}`,
        en: `${corrected ? 'actual corrected' : 'actual recorded'}${name ? ` for ${name}` : ''}${fy ? ` (${fy.en})` : ''}`,
      };
    }
    case 'indicator.targets_updated': {
      const name = typeof p.indicatorName === 'string' ? p.indicatorName : '';
      return {
        ja: `${name ? `「${name}」` : '主要目標'}の目標値を変更`,
        en: `targets changed${name ? ` for ${name}` : ''}`,
      };
    }
    case 'edition.published': {
      // 「令和7年度（2025年度） 第2版を公表」: the year and the edition an auditor looks for.
      const fy = typeof p.fiscalYear === 'number' ? reportFiscalYear(p.fiscalYear) : null;
      const n = typeof p.editionNumber === 'number' ? p.editionNumber : null;
      return {
        ja: `${fy ? `${fy.ja} ` : ''}${n ? `第${n}版` : '公表版'}を公表`,
        en: `${n ? `edition ${n}` : 'edition'}${fy ? ` of ${fy.en}` : ''} published`,
      };
    }
    default:
      return (
        describePolicyAction(entry.action, p) ??
        describeExternalAction(entry.action, p) ??
        describeBudgetAction(entry.action, p) ?? { ja: entry.action, en: entry.action }
      );
  }
}

function describeSubmission(kind: SubmissionKind, p: Record<string, unknown>): LocalizedText {
  const label = SUBMISSION_KIND_LABELS[kind];
  const name = { ja: label.ja, en: label.en.toLowerCase() };
  const round = typeof p.round === 'number' ? p.round : 1;
  const notes: LocalizedText[] = [];
  if (round > 1) notes.push({ ja: `第${round}回`, en: `round ${round}` });
  const submission = isRecord(p.submission) ? p.submission : {};
  if (kind === 'evaluation' && typeof submission.selfRating === 'string') {
    const rating = GLOSSARY.firstEvaluation;
    notes.push({
      ja: `${rating.ja} ${submission.selfRating}`,
      en: `${lowerFirst(rating.en)} ${submission.selfRating}`,
    });
  } else if (kind === 'action' && typeof submission.decision === 'string') {
    const decision = decisionLabel(submission.decision, p.decisionLabel);
    notes.push({ ja: decision.ja, en: decision.en.toLowerCase() });
  }
  const verb = round > 1 ? { ja: 'を再提出', en: 'resubmitted' } : { ja: 'を提出', en: 'submitted' };
  const ja = notes.length ? `（${notes.map((n) => n.ja).join('・')}）` : '';
  const en = notes.length ? ` (${notes.map((n) => n.en).join(', ')})` : '';
  return { ja: `${name.ja}${verb.ja}${ja}`, en: `${name.en} ${verb.en}${en}` };
}

function kindLabel(kind: unknown): LocalizedText {
  return typeof kind === 'string' && kind in SUBMISSION_KIND_LABELS
    ? SUBMISSION_KIND_LABELS[kind as SubmissionKind]
    : { ja: String(kind ?? '?'), en: String(kind ?? '?') };
}

/** The city's label recorded with the event (since #22), else the product's six, else the code. */
function decisionLabel(decision: unknown, recorded?: unknown): LocalizedText {
  const label = recordedLabel(recorded);
  if (label) return label;
  return typeof decision === 'string' && decision in ACT_DECISION_LABELS
    ? ACT_DECISION_LABELS[decision as ActDecision]
    : { ja: String(decision ?? '?'), en: String(decision ?? '?') };
}

function roleLabel(role: string | null): LocalizedText | null {
  if (!role) return null;
  return role in ROLE_LABELS ? ROLE_LABELS[role as Role] : { ja: role, en: role };
}

/** A glossary word inside an English sentence: "second evaluation (HQ)". */
function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
