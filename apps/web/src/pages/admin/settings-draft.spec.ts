import { CITY_PRESETS, DEFAULT_CITY_SETTINGS, validateCitySettings } from '@pdca/domain';
import {
  controlId,
  draftOf,
  fieldPath,
  newDecision,
  settingsBody,
  shownFields,
  withFlag,
} from './settings-draft';

const hiratsuka = CITY_PRESETS.find((p) => p.key === 'hiratsuka')!.settings;

describe('the settings form’s draft', () => {
  it('sends back what it was given: every preset round-trips unchanged', () => {
    for (const preset of CITY_PRESETS) {
      const body = settingsBody(draftOf(preset.settings));
      expect(validateCitySettings(body)).toEqual([]);
      expect(body).toEqual({
        ...preset.settings,
        decisions: [...preset.settings.decisions].sort((a, b) => a.order - b.order),
      });
    }
  });

  it('lists rows in their order, and a grade’s order is its place', () => {
    const shuffled = {
      ...hiratsuka,
      decisions: [...hiratsuka.decisions].reverse(),
      ratings: { ...hiratsuka.ratings, self: [...hiratsuka.ratings.self].reverse() },
    };
    const draft = draftOf(shuffled);
    expect(draft.decisions.map((d) => d.code)).toEqual(hiratsuka.decisions.map((d) => d.code));
    expect(draft.ratings.self.map((g) => g.code)).toEqual(['A', 'B', 'C']);
    draft.ratings.self.reverse();
    expect(settingsBody(draft).ratings.self.map((g) => [g.code, g.order])).toEqual([
      ['C', 1],
      ['B', 2],
      ['A', 3],
    ]);
  });

  it('sends the order as typed, so the server names a bad one', () => {
    const draft = draftOf(DEFAULT_CITY_SETTINGS);
    draft.decisions[0]!.order = '１';
    draft.decisions[1]!.order = 'first';
    draft.decisions[2]!.order = '';
    const [a, b, c] = settingsBody(draft).decisions;
    expect([a!.order, b!.order, c!.order]).toEqual([1, 'first', null]);
  });

  it('adds a decision after the last one, and keeps an undecided decision away from the budget', () => {
    const draft = draftOf(hiratsuka);
    expect(newDecision(draft.decisions)).toMatchObject({ order: '5', code: '', budgetRule: 'adjust' });
    const keep = draft.decisions[0]!;
    expect(withFlag(keep, 'carriesOver', true)).toMatchObject({
      carriesOver: true,
      endsItem: false,
      budgetRule: 'none',
    });
    const ended = withFlag(withFlag(keep, 'carriesOver', true), 'endsItem', true);
    expect(ended).toMatchObject({ carriesOver: false, endsItem: true });
    expect(withFlag(ended, 'endsItem', false).endsItem).toBe(false);
  });

  it('names each control after the field path of a 400', () => {
    expect(controlId(fieldPath('decisions[1].budgetRule'))).toBe('set-decisions-1-budgetRule');
    expect(controlId('settings.ratings.self[0].label.ja')).toBe('set-ratings-self-0-label-ja');
    expect(controlId(fieldPath('levels'))).toBe('set-levels');
    const shown = shownFields(draftOf(hiratsuka));
    expect(shown).toContain('settings.decisions[3].budgetRule');
    expect(shown).toContain('settings.ratings.hq[2].symbol');
    expect(shown).toContain('settings.levels[2].name.en');
    expect(shown).not.toContain('settings.decisions[4].code');
    expect(shown).toContain('reason');
    expect(shown).toContain('settings.policyEvaluation.level');
    expect(shown).toContain('settings.policyEvaluation.scale[2].label.ja');
    expect(shown).not.toContain('settings.policyEvaluation.scale[3].code');
  });

  it('施策評価: the level as chosen (null: off) and a 担当部評価 grade’s order is its place', () => {
    const takarazuka = CITY_PRESETS.find((p) => p.key === 'takarazuka')!.settings;
    const draft = draftOf(takarazuka);
    expect(draft.policyEvaluation.level).toBe(2);
    draft.policyEvaluation.scale.reverse();
    draft.policyEvaluation.scale[0]!.code = ' C ';
    draft.policyEvaluation.level = null;
    const body = settingsBody(draft).policyEvaluation;
    expect(body.level).toBeNull();
    expect(body.scale.map((g) => [g.code, g.label.ja, g.order])).toEqual([
      ['C', '課題あり', 1],
      ['B', 'おおむね順調', 2],
      ['A', '順調', 3],
    ]);
  });
});
