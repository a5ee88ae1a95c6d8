import type { Schemas } from '../api/client';
import {
  budgetPreview,
  effectDraft,
  effectField,
  effectNet,
  evaluationView,
  initialPlanDraft,
  planBody,
} from './stage-forms';

const indicators: Schemas['IndicatorDto'][] = [
  {
    id: 'i-online',
    name: 'オンライン申請率',
    unit: '%',
    baseline: 20,
    direction: 'higher_is_better',
    targets: { '2026': 50 },
    achievementFormula: null,
  },
  {
    id: 'i-wait',
    name: '窓口平均待ち時間',
    unit: '分',
    baseline: null,
    direction: 'lower_is_better',
    targets: { '2026': 15 },
    achievementFormula: null,
  },
];

describe('PLAN form', () => {
  it('starts from the planned targets and the current budget', () => {
    expect(initialPlanDraft(indicators, 2026, null, 12_000_000)).toEqual({
      targets: { 'i-online': '50', 'i-wait': '15' },
      activities: [''],
      budgetRequest: '12000000',
    });
  });

  it('opens a returned plan as it was sent', () => {
    const sent = {
      targets: [{ indicatorId: 'i-wait', target: 12 }],
      activities: ['窓口予約'],
      budgetRequest: 9_000_000,
    };
    expect(initialPlanDraft(indicators, 2026, sent, 12_000_000)).toEqual({
      targets: { 'i-online': '50', 'i-wait': '12' },
      activities: ['窓口予約'],
      budgetRequest: '9000000',
    });
  });

  it('sends targets in indicator order and what was typed when it is not a number', () => {
    const body = planBody(indicators, {
      targets: { 'i-wait': '１２', 'i-online': '55' },
      activities: ['a'],
      budgetRequest: '1,000.5',
    });
    expect(body).toEqual({
      targets: [
        { indicatorId: 'i-online', target: 55 },
        { indicatorId: 'i-wait', target: 12 },
      ],
      activities: ['a'],
      budgetRequest: 1000.5,
    });
  });
});

describe('CHECK form', () => {
  it('computes each rate and the suggested rating with the domain rules', () => {
    const plan = { targets: [{ indicatorId: 'i-online', target: 60 }], activities: [], budgetRequest: 0 };
    // online: (50 − 20) / (60 − 20) = 75 %; waiting: 15 / 20 = 75 % → mean 75 → C.
    const view = evaluationView(indicators, plan, 2026, { 'i-online': '50', 'i-wait': '20' });
    expect(view.rows.map((r) => r.target)).toEqual([60, 15]);
    expect(view.rows.map((r) => r.result?.rate)).toEqual([75, 75]);
    expect(view.suggestion).toBe('C');
    expect(evaluationView(indicators, plan, 2026, { 'i-online': '60', 'i-wait': '15' }).suggestion).toBe('A');
  });

  it('computes with the indicator’s own formula and says which it used', () => {
    const 市税収納率: Schemas['IndicatorDto'] = {
      id: 'i-tax',
      name: '市税収納率',
      unit: '%',
      baseline: 98.9,
      direction: 'higher_is_better',
      targets: { '2026': 99.3 },
      achievementFormula: 'ratio',
    };
    const asSet = evaluationView([市税収納率], null, 2026, { 'i-tax': '99.0' }).rows[0]!.result;
    expect(asSet).toEqual({ rate: 99.7, formula: 'actual_over_target', capped: false });
    const fromBaseline = evaluationView([{ ...市税収納率, achievementFormula: 'progress' }], null, 2026, {
      'i-tax': '99.0',
    }).rows[0]!.result;
    expect(fromBaseline).toEqual({ rate: 25, formula: 'progress_from_baseline', capped: false });
  });

  it('suggests nothing until an actual is typed', () => {
    expect(evaluationView(indicators, null, 2026, {}).suggestion).toBeNull();
  });
});

describe('ACT form', () => {
  it('shows what the budget rule makes of the proposal', () => {
    const continued = budgetPreview('continue', 10_000_000, '');
    expect(continued).toMatchObject({
      reflection: { proposedAmount: 10_000_000, rule: 'continue.carry_over' },
    });
    const expand = budgetPreview('expand', 10_000_000, '9000000');
    expect(expand).toMatchObject({ problem: { en: expect.stringContaining('more than the current') } });
    expect(budgetPreview('expand', 10_000_000, 'abc')).toBeNull();
  });

  it('follows the rule of the city’s own decision, and knows no code outside its list', () => {
    const hiratsuka = [
      {
        code: 'keep_as_is',
        label: { ja: '現行どおり', en: 'Keep as is' },
        order: 1,
        endsItem: false,
        carriesOver: false,
        budgetRule: 'keep' as const,
      },
      {
        code: 'later',
        label: { ja: '方向性未決定', en: 'Undecided' },
        order: 2,
        endsItem: false,
        carriesOver: true,
        budgetRule: 'none' as const,
      },
    ];
    expect(budgetPreview('keep_as_is', 10_000_000, '10400000', hiratsuka)).toMatchObject({
      reflection: { proposedAmount: 10_400_000 },
    });
    expect(budgetPreview('keep_as_is', 10_000_000, '12000000', hiratsuka)).toMatchObject({
      problem: { ja: expect.stringContaining('現行どおり') },
    });
    expect(budgetPreview('later', 10_000_000, '', hiratsuka)).toMatchObject({
      reflection: { touchesBudget: false },
    });
    expect(budgetPreview('expand', 10_000_000, '12000000', hiratsuka)).toBeNull();
  });
});

describe('効果額 fields', () => {
  const typed = { spendingReduction: '3,000,000', revenueGain: '５０００００', cost: '800000' };

  it('sends nothing while all three are empty, all three once any is typed', () => {
    expect(effectField('effectTarget', effectDraft(null))).toEqual({});
    expect(effectField('effectTarget', { ...effectDraft(null), cost: '0' })).toEqual({
      effectTarget: { spendingReduction: null, revenueGain: null, cost: 0 },
    });
    expect(effectField('effects', typed)).toEqual({
      effects: { spendingReduction: 3_000_000, revenueGain: 500_000, cost: 800_000 },
    });
  });

  it('opens with what was sent', () => {
    expect(effectDraft({ spendingReduction: 3_000_000, revenueGain: 0, cost: 800_000 })).toEqual({
      spendingReduction: '3000000',
      revenueGain: '0',
      cost: '800000',
    });
  });

  it('shows the net 効果額 once all three are numbers', () => {
    expect(effectNet(typed)).toBe(2_700_000);
    expect(effectNet({ ...typed, cost: '' })).toBeNull();
    expect(effectNet({ ...typed, cost: 'たくさん' })).toBeNull();
    expect(effectNet({ ...typed, spendingReduction: '-1' })).toBeNull();
    expect(effectNet({ ...typed, cost: '9007199254740992' })).toBeNull();
  });
});
