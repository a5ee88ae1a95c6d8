import { nameLines, yearTick } from './axis-labels';

describe('the labels on the plan charts’ axes', () => {
  it('names a year in full where it fits, shorter on a phone, never leaving a year unnamed', () => {
    expect(yearTick(2025, 'ja')).toBe('令和7年度');
    expect(yearTick(2030, 'ja', 120)).toBe('令和12年度');
    expect(yearTick(2025, 'ja', 70)).toBe('R7年度');
    expect(yearTick(2030, 'ja', 31)).toBe('R12');
    expect(yearTick(2025, 'en', 120)).toBe('FY2025');
    expect(yearTick(2025, 'en', 31)).toBe("'25");
  });

  it('puts a node’s code and as much of its title as fits on two lines', () => {
    // 240 px: 16 characters a line — code and title on one.
    expect(nameLines('改革テーマ1', '行政サービスの向上', 240)).toEqual(['改革テーマ1 行政サービスの向上']);
    // 128 px (a phone): 8 characters a line — the code, then the title cut with 「…」.
    expect(nameLines('改革テーマ1', '行政サービスの向上', 128)).toEqual(['改革テーマ1', '行政サービスの…']);
    expect(nameLines('1-A', 'デジタル化の推進', 128)).toEqual(['1-A', 'デジタル化の推進']);
  });
});
