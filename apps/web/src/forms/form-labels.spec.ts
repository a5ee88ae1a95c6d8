import { effectLabels, formLabels, indicatorLabels } from './form-labels';

// A stand-in for i18n's `t`: the key with its values, so the test reads what was asked for.
const t = (key: string, values: Record<string, unknown> = {}) =>
  key === 'feedback.indicatorTarget'
    ? `指標${values.n}『${values.name}』の目標値`
    : key === 'feedback.effectPart'
      ? `${values.group}の${values.part}`
      : key === 'effect.cost'
        ? '取組経費'
        : key;

describe('a form’s names for its fields', () => {
  it('names each indicator row by its number and name, for the entry, its value and its id', () => {
    const labels = new Map(
      indicatorLabels(
        t,
        'targets',
        'target',
        ['オンライン申請率', '窓口平均待ち時間'],
        'feedback.indicatorTarget',
      ),
    );
    expect(labels.get('targets[0].target')).toBe('指標1『オンライン申請率』の目標値');
    expect(labels.get('targets[1]')).toBe('指標2『窓口平均待ち時間』の目標値');
    expect(labels.get('targets[1].indicatorId')).toBe('指標2『窓口平均待ち時間』の目標値');
    expect(labels.size).toBe(6);
  });

  it('names a 効果額’s parts under the group', () => {
    const labels = new Map(effectLabels(t, 'effectTarget', '効果額の見込額'));
    expect(labels.get('effectTarget')).toBe('効果額の見込額');
    expect(labels.get('effectTarget.cost')).toBe('効果額の見込額の取組経費');
  });

  it('adds the answer to the return', () => {
    expect(formLabels(t, [['summary', '実施内容']]).get('returnAnswer')).toBe('feedback.returnAnswer');
  });
});
