import { type LocalizedText, reportFiscalYear } from '@pdca/domain';
import { BUDGET_CHAIN_LABELS } from '@pdca/domain/budget-chain';
import { formatMoney } from '@pdca/domain/format';
import { isRecord } from './ledger-words';

/**
 * The budget chain's ledger entries (#26) in words: 「改革項目「1-1」令和9年度（2027年度）の査定額を
 * 11,500千円に、当初予算額を11,000千円に設定（ファイル取込）」. Null for any other action
 * (ledger-labels.ts describes those).
 */
export function describeBudgetAction(action: string, p: Record<string, unknown>): LocalizedText | null {
  if (action !== 'item_budget.amounts_set') return null;
  const fy = typeof p.budgetYear === 'number' ? reportFiscalYear(p.budgetYear) : null;
  const code = typeof p.itemCode === 'string' ? p.itemCode : null;
  const after = isRecord(p.after) ? p.after : {};
  const parts = (['assessed', 'adopted'] as const)
    .filter((kind) => typeof after[kind] === 'number')
    .map((kind) => ({
      ja: `${BUDGET_CHAIN_LABELS[kind].ja}を${formatMoney(after[kind] as number, 'ja')}に`,
      en: `${BUDGET_CHAIN_LABELS[kind].en.toLowerCase()} ${formatMoney(after[kind] as number, 'en')}`,
    }));
  const imported = p.source === 'import';
  return {
    ja: `${code ? `改革項目「${code}」` : ''}${fy ? `${fy.ja}の` : ''}${parts.map((x) => x.ja).join('、')}設定${imported ? '（ファイル取込）' : ''}`,
    en: `${parts.map((x) => x.en).join(', ') || 'budget amounts'} set${code ? ` for item ${code}` : ''}${fy ? ` (${fy.en})` : ''}${imported ? ' by file import' : ''}`,
  };
}
