import { reflectBudget, validateBudgetProposal } from './budget-rules';
import { CITY_PRESETS } from './city-presets';
import { DEFAULT_CITY_SETTINGS, resolveCitySettings, validateCitySettings } from './city-settings';

const fields = (value: unknown, partial = false) =>
  validateCitySettings(value, partial).map((p) => `${p.field} ${p.rule}`);

describe('city settings', () => {
  it('accepts the defaults and every preset as they are', () => {
    expect(fields(DEFAULT_CITY_SETTINGS)).toEqual([]);
    for (const preset of CITY_PRESETS)
      expect([preset.key, fields(preset.settings)]).toEqual([preset.key, []]);
  });

  it('names the field and the rule of each problem, in Japanese and English', () => {
    const problems = validateCitySettings({
      ...DEFAULT_CITY_SETTINGS,
      levels: [{ name: { ja: '方針', en: 'Policy' } }],
      decisions: [
        {
          code: 'keep',
          label: { ja: '継続', en: 'Keep' },
          order: 1,
          endsItem: false,
          carriesOver: false,
          budgetRule: 'keep',
        },
        {
          code: 'keep',
          label: { ja: '', en: 'Again' },
          order: 0,
          endsItem: true,
          carriesOver: true,
          budgetRule: 'zero',
        },
      ],
      ratings: { self: DEFAULT_CITY_SETTINGS.ratings.self, hq: [] },
      reviewCadence: 'weekly',
      achievementFormula: 'magic',
      colour: 'blue',
    });
    expect(problems.map((p) => `${p.field} ${p.rule}`)).toEqual([
      'colour unknown_setting',
      'levels level_count',
      'decisions[1].label.ja label_length',
      'decisions[1].order order_range',
      'decisions[1].carriesOver ends_or_carries_over',
      'decisions[1].budgetRule carries_over_reflects_nothing',
      'decisions unique_code',
      'ratings.hq grade_count',
      'reviewCadence one_of',
      'achievementFormula one_of',
    ]);
    for (const p of problems) {
      expect(p.message.ja).toMatch(/[ぁ-んァ-ン一-龥]/);
      expect(p.message.en).toMatch(/[a-z]/);
    }
  });

  it('asks a city for every setting, a plan only for what it overrides', () => {
    expect(fields({ levels: DEFAULT_CITY_SETTINGS.levels })).toEqual([
      'decisions required',
      'ratings required',
      'reviewCadence required',
      'achievementFormula required',
    ]);
    expect(fields({ levels: DEFAULT_CITY_SETTINGS.levels }, true)).toEqual([]);
    expect(fields([], true)).toEqual(['settings object']);
  });

  it('resolves the city’s settings over the defaults, then a plan’s overrides; unreadable parts fall back', () => {
    const machida = CITY_PRESETS.find((p) => p.key === 'machida')!.settings;
    const planLevels = [
      { name: { ja: '目指す姿', en: 'Aim' } },
      { name: { ja: 'アクション', en: 'Action' } },
    ];
    const resolved = resolveCitySettings(
      { ...machida, reviewCadence: 'fortnightly' as never },
      { levels: planLevels },
    );
    expect(resolved.levels).toEqual(planLevels);
    expect(resolved.decisions).toEqual(machida.decisions);
    expect(resolved.reviewCadence).toBe(DEFAULT_CITY_SETTINGS.reviewCadence);
    expect(resolveCitySettings(null)).toEqual(DEFAULT_CITY_SETTINGS);
  });
});

describe('a city’s decision list and its budget rules', () => {
  const hiratsuka = CITY_PRESETS.find((p) => p.key === 'hiratsuka')!.settings.decisions;
  const takarazuka = CITY_PRESETS.find((p) => p.key === 'takarazuka')!.settings.decisions;

  it('applies each decision’s configured rule, named by its code', () => {
    expect(
      reflectBudget({ decision: 'keep_as_is', currentAmount: 1000, decisions: hiratsuka }),
    ).toMatchObject({
      proposedAmount: 1000,
      rule: 'keep_as_is.carry_over',
      ruleDescription: { ja: '現行どおり：現行額を据え置き' },
      touchesBudget: true,
    });
    expect(
      reflectBudget({ decision: 'revise', currentAmount: 1000, proposedAmount: 400, decisions: hiratsuka }),
    ).toMatchObject({ proposedAmount: 400, delta: -600, rule: 'revise.proposal' });
    expect(reflectBudget({ decision: 'merge', currentAmount: 1000, decisions: takarazuka })).toMatchObject({
      proposedAmount: 0,
      rule: 'merge.zero',
    });
    expect(
      reflectBudget({ decision: 'undecided', currentAmount: 1000, decisions: takarazuka }),
    ).toMatchObject({
      proposedAmount: 1000,
      delta: 0,
      rule: 'undecided.none',
      touchesBudget: false,
    });
  });

  it('checks a proposal by the rule, pointing to the city’s own zero decision', () => {
    const rules = (decision: string, proposed: number | null, list = takarazuka) =>
      validateBudgetProposal(decision, 1000, proposed, 'budgetProposal', list).map((p) => p.rule);
    expect(rules('keep_as_is', 1100, hiratsuka)).toEqual(['continue_out_of_tolerance']);
    expect(rules('revise', 5000, hiratsuka)).toEqual([]);
    expect(rules('undecided', 10)).toEqual(['must_be_absent']);
    expect(rules('merge', 10)).toEqual(['must_be_zero']);
    const [toZero] = validateBudgetProposal('reduce', 1000, 0, 'budgetProposal', takarazuka);
    expect(toZero.message.ja).toBe('0円にする場合は「統合」を選択してください。');
    expect(() => validateBudgetProposal('keep_as_is', 1000, null)).toThrow(RangeError);
  });
});
