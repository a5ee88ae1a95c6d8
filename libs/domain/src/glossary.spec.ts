import { eraOfFiscalYear, GLOSSARY, reportFiscalYear, term } from './glossary';

describe('glossary', () => {
  it('fills a word’s fiscal year in both languages', () => {
    expect(term('budgetReflectionOf', { fy: 2027 })).toEqual({
      ja: '2027年度予算への反映額',
      en: 'Amount reflected in the FY2027 budget',
    });
    expect(term('itemPlanTask', { fy: 2026 }).ja).toBe('2026年度取組計画の作成');
    // A word without placeholders, or a value not given, stays as it is.
    expect(term('actStage')).toEqual(GLOSSARY.actStage);
    expect(term('itemPlanTask').ja).toBe('{{fy}}年度取組計画の作成');
  });

  it.each([
    [2025, '令和7年度（2025年度）', 'FY2025 (Reiwa 7)'],
    [2019, '令和元年度（2019年度）', 'FY2019 (Reiwa 1)'],
    [2018, '平成30年度（2018年度）', 'FY2018 (Heisei 30)'],
  ])('titles FY%i as published reports do', (fy, ja, en) => {
    expect(reportFiscalYear(fy)).toEqual({ ja, en });
  });

  it('names the first year of an era 元年', () => {
    expect(eraOfFiscalYear(1989).ja).toBe('平成元年度');
  });
});
