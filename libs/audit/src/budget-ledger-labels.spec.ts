import { describeLedgerEntry } from './ledger-labels';

const entry = (payload: Record<string, unknown>) => ({
  action: 'item_budget.amounts_set',
  actorType: 'user' as const,
  actorName: '財政 太郎',
  actorRole: 'finance',
  payload,
});

describe('item_budget.amounts_set in words', () => {
  it('names the item, the budget year, the amounts and the finance division', () => {
    const text = describeLedgerEntry(
      entry({ itemCode: '1-1', budgetYear: 2027, after: { assessed: 11_500_000, adopted: 11_000_000 } }),
    );
    expect(text.ja).toBe(
      '改革項目「1-1」令和9年度（2027年度）の査定額を11,500千円に、当初予算額を11,000千円に設定 — 財政 太郎（財政課）',
    );
    expect(text.en).toBe(
      'assessed amount ¥11,500,000, adopted budget ¥11,000,000 set for item 1-1 (FY2027 (Reiwa 9)) by 財政 太郎 (Finance division)',
    );
  });

  it('says when the amounts came from the finance file', () => {
    const text = describeLedgerEntry(
      entry({ itemCode: 'F-001', budgetYear: 2027, after: { adopted: 900 }, source: 'import' }),
    );
    expect(text.ja).toContain('当初予算額を900円に設定（ファイル取込）');
    expect(text.en).toContain('by file import');
  });
});
