import { messages } from '../messages';
import { decisionOutcome } from './decision-outcome';

// i18n's `t` over the Japanese messages, enough for these sentences.
const t = (key: string, values: Record<string, unknown> = {}) => {
  const text = key.split('.').reduce<unknown>((at, k) => (at as Record<string, unknown>)[k], messages.ja);
  return String(text).replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name]));
};
const words = { t, l: (text: { ja: string }) => text.ja };
const state = (
  stage: string,
  extra: Partial<{ status: string; awaitingApproval: boolean; closedAt: string }> = {},
) => ({
  stage,
  status: 'active',
  awaitingApproval: false,
  closedAt: null,
  ...extra,
});

describe('what the approval page says HQ decided', () => {
  it('a return, with its comment', () => {
    expect(
      decisionOutcome(
        words,
        { decision: 'return', comment: '根拠を追記してください' },
        'PLAN',
        state('PLAN'),
      ),
    ).toBe('差し戻しました。コメント：根拠を追記してください');
    expect(decisionOutcome(words, { decision: 'return', comment: ' ' }, 'PLAN', undefined)).toBe(
      '差し戻しました。',
    );
  });

  it('an approval, naming where the cycle went', () => {
    expect(decisionOutcome(words, { decision: 'approve' }, 'PLAN', state('DO'))).toBe(
      '承認しました → 実行段階へ',
    );
    expect(
      decisionOutcome(words, { decision: 'approve' }, 'PLAN', state('PLAN', { awaitingApproval: true })),
    ).toBe('承認しました → 次の承認段階へ');
    expect(
      decisionOutcome(
        words,
        { decision: 'approve' },
        'ACT',
        state('ACT', { status: 'completed', closedAt: '2028-08-01T00:00:00Z' }),
      ),
    ).toMatch(/^承認しました → .+へ$/);
    expect(decisionOutcome(words, { decision: 'approve' }, 'DO', state('DO'))).toBe('承認しました。');
  });
});
