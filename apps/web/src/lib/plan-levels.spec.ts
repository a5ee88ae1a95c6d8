import { planCountsText } from './plan-levels';

const machida = {
  levels: [
    { ja: '基本方針', en: 'Basic policy' },
    { ja: '改革項目', en: 'Reform item' },
  ],
  counts: { goals: 3, themes: 0, levels: [3], items: 8, indicators: 0, nodeIndicators: 12 },
};

describe('planCountsText', () => {
  it('counts a two-level plan in its own level names, with the 基本方針’s indicators', () => {
    expect(planCountsText(machida, 'ja')).toBe('基本方針 3件・改革項目 8件・指標 12件');
    expect(planCountsText(machida, 'en')).toBe('Basic policy: 3, Reform item: 8, indicators: 12');
  });

  it('counts each level of a four-level plan', () => {
    const report = {
      levels: ['方針', '個別方針', '推進項目', '取組'].map((ja) => ({ ja, en: ja })),
      counts: { goals: 1, themes: 4, levels: [1, 2, 2], items: 3, indicators: 1, nodeIndicators: 2 },
    };
    expect(planCountsText(report, 'ja')).toBe('方針 1件・個別方針 2件・推進項目 2件・取組 3件・指標 3件');
  });
});
