import {
  normalizeCode,
  parseAchievementFormula,
  parseDirection,
  parseFiscalYear,
  parseNumberCell,
  parsePeriod,
  parseReviewCadence,
  splitLabel,
} from './value-parsers';

describe('parseNumberCell', () => {
  it.each([
    ['1234', 1234],
    ['1,234', 1234],
    ['１，２３４', 1234],
    ['¥1,234', 1234],
    ['￥１，２３４円', 1234],
    ['\\12,000', 12000],
    ['12.5%', 12.5],
    ['▲500', -500],
    ['△1,000', -1000],
    ['-3', -3],
    ['1,234千円', 1_234_000],
    ['1.1千円', 1100],
    ['3億', 300_000_000],
    [' 42 ', 42],
    ['0', 0],
  ])('reads %p as %p', (text, value) => {
    expect(parseNumberCell(text)).toEqual({ ok: true, value });
  });

  it.each(['', 'abc', '1,23', '12,34,567', '1.2.3', '約100', '100人', '--1', '¥', 'Infinity', 'NaN'])(
    'refuses %p',
    (text) => {
      expect(parseNumberCell(text).ok).toBe(false);
    },
  );
});

describe('parseDirection', () => {
  it.each([
    ['高いほど良い', 'higher'],
    ['higher', 'higher'],
    ['Higher is better', 'higher'],
    ['↑', 'higher'],
    ['増加', 'higher'],
    ['低いほど良い', 'lower'],
    ['LOWER', 'lower'],
    ['ｌｏｗｅｒ', 'lower'],
    ['削減', 'lower'],
    ['↓', 'lower'],
  ])('reads %p as %p', (text, direction) => {
    expect(parseDirection(text)).toBe(direction);
  });

  it.each(['', 'sideways', '維持', '高め'])('does not recognise %p', (text) => {
    expect(parseDirection(text)).toBeUndefined();
  });
});

describe('parseReviewCadence', () => {
  it.each([
    ['毎月', 'monthly'],
    ['月次', 'monthly'],
    ['四半期', 'quarterly'],
    ['quarterly', 'quarterly'],
    ['半期', 'half_yearly'],
    ['半年ごと', 'half_yearly'],
    ['年２回', 'half_yearly'],
    ['half_yearly', 'half_yearly'],
    ['Half-yearly', 'half_yearly'],
    ['年1回', 'yearly'],
    ['年１回', 'yearly'],
    ['年次', 'yearly'],
    ['yearly', 'yearly'],
    ['annual', 'yearly'],
  ])('reads %p as %p', (text, cadence) => {
    expect(parseReviewCadence(text)).toBe(cadence);
  });

  it.each(['', '随時', 'weekly', '年3回'])('does not recognise %p', (text) => {
    expect(parseReviewCadence(text)).toBeUndefined();
  });
});

describe('parseAchievementFormula', () => {
  it.each([
    ['実績÷目標', 'ratio'],
    ['実績／目標', 'ratio'],
    ['ratio', 'ratio'],
    ['基準値からの進捗', 'progress'],
    ['progress', 'progress'],
    ['Progress from the baseline', 'progress'],
    ['(実績−基準値)÷(目標−基準値)', 'progress'],
  ])('reads %p as %p', (text, formula) => {
    expect(parseAchievementFormula(text)).toBe(formula);
  });

  it.each(['', '目標÷実績', 'average'])('does not recognise %p', (text) => {
    expect(parseAchievementFormula(text)).toBeUndefined();
  });
});

describe('parseFiscalYear / parsePeriod', () => {
  it.each([
    ['2024', 2024],
    ['2024年度', 2024],
    ['FY2024', 2024],
    ['令和6年度', 2024],
    ['R6', 2024],
    ['令和元年度', 2019],
    ['平成30年度', 2018],
  ])('reads the fiscal year %p as %p', (text, fy) => {
    expect(parseFiscalYear(text)).toBe(fy);
  });

  it.each([
    ['2024-2027', 2024, 2027],
    ['2024–2027', 2024, 2027],
    ['２０２４～２０２７', 2024, 2027],
    ['令和6年度～令和9年度', 2024, 2027],
    ['令和6年度～9年度', 2024, 2027],
    ['R6-R9', 2024, 2027],
    ['2024年度から2027年度まで', 2024, 2027],
  ])('reads the period %p', (text, startFy, endFy) => {
    expect(parsePeriod(text)).toEqual({ startFy, endFy });
  });

  it.each(['2024', 'soon', '2024-2025-2026'])('refuses the period %p', (text) => {
    expect(parsePeriod(text)).toBeUndefined();
  });
});

describe('splitLabel', () => {
  it.each([
    ['目標1 効率的・効果的な行政サービスの推進', '目標1', '効率的・効果的な行政サービスの推進'],
    ['〔目標1〕 効率的・効果的な行政サービスの推進', '目標1', '効率的・効果的な行政サービスの推進'],
    ['【方針2-1】財政基盤', '方針2-1', '財政基盤'],
    ['方針2-1 財政基盤', '方針2-1', '財政基盤'],
    ['改革テーマ1\u3000行政サービスの向上', '改革テーマ1', '行政サービスの向上'],
    ['第1の柱 スマート自治体への転換', '第1の柱', 'スマート自治体への転換'],
    ['1. 市民のくらしをもっと便利に', '1', '市民のくらしをもっと便利に'],
    ['１－１ 時間や場所に関係なく', '1-1', '時間や場所に関係なく'],
  ])('splits %p', (label, code, title) => {
    expect(splitLabel(label)).toEqual({ code, title });
  });

  it.each([
    '共創で、新たな価値を創造する',
    '①組織のビジョンや使命を共有しつつ',
    '2025年の崖 への対応',
    '「2025年」の目標',
    'DX（デジタルトランスフォーメーション）の推進',
  ])('keeps %p as a title without code', (label) => {
    expect(splitLabel(label)).toEqual({ title: label });
  });
});

describe('normalizeCode', () => {
  it('folds width, dashes and spaces but keeps katakana long vowels', () => {
    expect(normalizeCode(' １－２ ')).toBe('1-2');
    expect(normalizeCode('1ー2')).toBe('1-2');
    expect(normalizeCode('改革テーマ1')).toBe('改革テーマ1');
  });
});
