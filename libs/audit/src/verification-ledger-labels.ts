import { DEFAULT_DECISIONS, type LocalizedText } from '@pdca/domain';
import { formatMoney, formatMoneyDelta } from '@pdca/domain/format';
import { amount, dayAndTime, inWords, isRecord, recordedLabel, reminderKeyLabel, text } from './ledger-words';

/**
 * 事業検証's ledger entries (#26) in words: 「事業検証「…」を開始（改革項目3件・うち前年度からの持ち越し1件…）」,
 * 「検証結果を提出（方向性 縮小・反映額 8,000千円）」, 「本部の決定（縮小・2027年度予算へ -2,000千円）」.
 * Never the findings a person wrote: the entry's payload and the app show them to those who may
 * read them. Null for any other action.
 */
export function describeVerificationAction(action: string, p: Record<string, unknown>): LocalizedText | null {
  const round = typeof p.round === 'number' && p.round > 1 ? p.round : null;
  switch (action) {
    case 'verification.created': {
      const title = text(p.title);
      const items = Array.isArray(p.itemIds) ? p.itemIds.length : '?';
      const carried = Array.isArray(p.carriedOverItemIds) ? p.carriedOverItemIds.length : 0;
      const team = Array.isArray(p.teamUserIds) ? p.teamUserIds.length : '?';
      const due = inWords(text(p.findingsDueAt), dayAndTime);
      return {
        ja: `事業検証${title ? `「${title}」` : ''}を開始（改革項目${items}件${carried ? `・うち方向性未決定の持ち越し${carried}件` : ''}・検証チーム${team}名・検証結果の期限 ${due.ja}）`,
        en: `business verification${title ? ` “${title}”` : ''} opened (${items} item(s)${carried ? `, ${carried} carried over undecided` : ''}, team of ${team}, findings due ${due.en})`,
      };
    }
    case 'verification.submitted': {
      const submission = isRecord(p.submission) ? p.submission : {};
      const decision = decisionLabel(submission.decision, p.decisionLabel);
      const proposal = amount(submission.budgetProposal);
      const notesJa = [
        `方向性 ${decision.ja}`,
        ...(proposal !== null ? [`反映額 ${formatMoney(proposal, 'ja')}`] : []),
        ...(round ? [`第${round}回`] : []),
      ];
      const notesEn = [
        `decision: ${decision.en}`,
        ...(proposal !== null ? [`proposal ${formatMoney(proposal, 'en')}`] : []),
        ...(round ? [`round ${round}`] : []),
      ];
      return {
        ja: `検証結果を${round ? '再提出' : '提出'}（${notesJa.join('・')}）`,
        en: `findings ${round ? 'resubmitted' : 'submitted'} (${notesEn.join(', ')})`,
      };
    }
    case 'verification.returned':
      return { ja: '検証結果を差戻し', en: 'findings returned' };
    case 'verification.approved': {
      if (typeof p.nextStep === 'string') {
        return {
          ja: '検証結果を承認（次の承認段階へ）',
          en: 'findings approved (on to the next approval step)',
        };
      }
      const decision = decisionLabel(p.decision, p.decisionLabel);
      const budget = isRecord(p.budget) ? p.budget : null;
      if (p.carriesOver === true) {
        return {
          ja: `本部の決定（${decision.ja}・次年度の事業検証で再検証）`,
          en: `HQ’s decision (${decision.en}; examined again in next year’s round)`,
        };
      }
      if (!budget) return { ja: `本部の決定（${decision.ja}）`, en: `HQ’s decision (${decision.en})` };
      const fy = typeof budget.fiscalYear === 'number' ? budget.fiscalYear : '?';
      const delta = inWords(amount(budget.delta), formatMoneyDelta);
      return {
        ja: `本部の決定（${decision.ja}・${fy}年度予算へ ${delta.ja}）`,
        en: `HQ’s decision (${decision.en}; FY${fy} budget ${delta.en})`,
      };
    }
    case 'verification.reminder':
    case 'verification.escalated': {
      const key = reminderKeyLabel(p.reminderKey);
      const hq = p.stage === 'decision';
      const what = hq
        ? { ja: '本部の決定', en: 'HQ’s decisions' }
        : { ja: '検証結果の入力', en: 'the findings' };
      return action === 'verification.escalated'
        ? { ja: `${what.ja}の期限超過を本部へエスカレーション`, en: `${what.en} overdue, escalated to HQ` }
        : { ja: `${what.ja}のリマインダー送信（${key.ja}）`, en: `reminder sent for ${what.en} (${key.en})` };
    }
    default:
      return null;
  }
}

/** The 方向性 in words: the label recorded with the entry, else the product's default list, else the code. */
function decisionLabel(code: unknown, recorded?: unknown): LocalizedText {
  const label = recordedLabel(recorded);
  if (label) return label;
  const known = DEFAULT_DECISIONS.find((d) => d.code === code);
  return known ? known.label : { ja: String(code ?? '?'), en: String(code ?? '?') };
}
