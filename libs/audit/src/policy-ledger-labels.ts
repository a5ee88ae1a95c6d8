import { type LocalizedText, reportFiscalYear } from '@pdca/domain';

/**
 * The 施策評価's ledger entries (#24) in words: 「令和7年度（2025年度）の施策評価を提出（担当部評価 B）」.
 * Null for any other action (ledger-labels.ts describes those).
 */
export function describePolicyAction(action: string, p: Record<string, unknown>): LocalizedText | null {
  const fy = typeof p.fiscalYear === 'number' ? reportFiscalYear(p.fiscalYear) : null;
  const what = { ja: `${fy ? fy.ja : ''}の施策評価`, en: `policy evaluation${fy ? ` of ${fy.en}` : ''}` };
  const round = typeof p.round === 'number' && p.round > 1 ? p.round : null;
  switch (action) {
    case 'node.owner_assigned': {
      const code = typeof p.nodeCode === 'string' ? p.nodeCode : '';
      return { ja: `施策「${code}」の担当者を設定`, en: `owner of node ${code} assigned` };
    }
    case 'policy_evaluation.started':
      return { ja: `${what.ja}を開始（予定）`, en: `${what.en} started (scheduled)` };
    case 'policy_evaluation.opened':
      return p.openedBy === 'date'
        ? { ja: `${what.ja}を受付開始（期日到来）`, en: `${what.en} opened (its date came)` }
        : {
            ja: `${what.ja}を受付開始（全改革項目の評価承認）`,
            en: `${what.en} opened (every item’s evaluation approved)`,
          };
    case 'policy_evaluation.reminder':
      return { ja: `${what.ja}のリマインダー送信`, en: `reminder sent for the ${what.en}` };
    case 'policy_evaluation.escalated':
      return {
        ja: `${what.ja}の期限超過を本部へエスカレーション`,
        en: `${what.en} overdue, escalated to HQ`,
      };
    case 'policy_evaluation.owner_changed':
      return { ja: `${what.ja}の担当者を変更`, en: `${what.en}: owner changed` };
    case 'policy_evaluation.submitted': {
      const s =
        typeof p.submission === 'object' && p.submission !== null
          ? (p.submission as { rating?: unknown })
          : {};
      const rating = typeof s.rating === 'string' ? s.rating : '?';
      return {
        ja: `${what.ja}を${round ? `再提出（第${round}回・` : '提出（'}担当部評価 ${rating}）`,
        en: `${what.en} ${round ? `resubmitted (round ${round}, ` : 'submitted ('}rating ${rating})`,
      };
    }
    case 'policy_evaluation.approved':
      return { ja: `${what.ja}を承認`, en: `${what.en} approved` };
    case 'policy_evaluation.returned':
      return { ja: `${what.ja}を差戻し`, en: `${what.en} returned` };
    default:
      return null;
  }
}
