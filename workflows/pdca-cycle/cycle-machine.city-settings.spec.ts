/**
 * A city's own settings in the cycle (#22): the decision list and the 一次/二次評価 scales the year
 * started with (its context) decide what a submission may say and what approving it does.
 */
import { CITY_PRESETS } from '@pdca/domain';
import {
  decidePending,
  evaluationPayload,
  hq,
  leader,
  pendingApprovals,
  reachAct,
  reachCheck,
  reachReflecting,
  refuse,
  startCycle,
} from './cycle-machine.fixture';
import { closeYear, reflectApprovedDecision } from './cycle-year-end';

const takarazuka = { citySettings: { ...CITY_PRESETS.find((p) => p.key === 'takarazuka')!.settings } };

describe('a city’s own decision list (#22)', () => {
  const takarazuka = { citySettings: { ...CITY_PRESETS.find((p) => p.key === 'takarazuka')!.settings } };

  it('closes the item on a decision the city marks endsItem (統合), its budget zero', () => {
    const cycle = startCycle({ context: takarazuka });
    reachReflecting(cycle, { decision: 'merge', rationale: '類似事業と統合' });
    const reflected = reflectApprovedDecision(cycle.machine);
    expect(reflected).toMatchObject({ endsItem: true, continues: false });
    expect(cycle.machine.state.budgetReflection).toMatchObject({ rule: 'merge.zero', proposedAmount: 0 });
    expect(reflected.event.payload).toMatchObject({ decisionLabel: { ja: '統合', en: 'Merge' } });
    const closed = closeYear(cycle.machine, reflected, null);
    expect(cycle.machine.state).toMatchObject({ status: 'closed', closeReason: 'decision: merge' });
    expect(closed.payload).toMatchObject({ decision: 'merge', decisionLabel: { ja: '統合' } });
  });

  it('goes on without touching the budget when the direction stays undecided (方向性未決定)', () => {
    const cycle = startCycle({ context: takarazuka });
    reachReflecting(cycle, { decision: 'undecided', rationale: '検証チームで引き続き検討' });
    const reflected = reflectApprovedDecision(cycle.machine);
    expect(reflected).toMatchObject({ continues: true, carried: { carriesOver: true, endsItem: false } });
    expect(reflected.event.budgetReflection).toMatchObject({
      rule: 'undecided.none',
      touchesBudget: false,
      delta: 0,
    });
    closeYear(cycle.machine, reflected, 'wf-item-1-2027');
    expect(cycle.machine.state.status).toBe('completed');
  });

  it('refuses a code outside the list the year started with, naming decision', () => {
    const cycle = startCycle({ context: takarazuka });
    reachAct(cycle);
    for (const decision of ['keep_as_is', 'abolish_all']) {
      const { rejection, before, after } = refuse(cycle.machine, () =>
        cycle.machine.submitGate('action', leader, { decision, rationale: 'x' }),
      );
      expect(rejection.type).toBe('INVALID_PAYLOAD');
      expect(rejection.problems?.map((p) => p.field)).toEqual(['decision']);
      expect(after).toEqual(before);
    }
    // A context recorded before #22 has no list: the product's six, so 統合 is unknown there.
    const old = startCycle();
    reachAct(old);
    const { rejection } = refuse(old.machine, () =>
      old.machine.submitGate('action', leader, { decision: 'merge', rationale: 'x' }),
    );
    expect(rejection.problems?.map((p) => p.field)).toEqual(['decision']);
  });
});

describe('a city’s own 一次/二次評価 scales (#22)', () => {
  it('takes a grade of the city’s scales and refuses one outside them, naming the field', () => {
    const cycle = startCycle({ context: takarazuka });
    reachCheck(cycle);
    const { machine } = cycle;
    // Takarazuka's 担当部評価 is A/B/C: no D.
    const refused = refuse(machine, () =>
      machine.submitGate('evaluation', leader, { ...evaluationPayload(), selfRating: 'D' }),
    );
    expect(refused.rejection.problems?.map((p) => `${p.field} ${p.rule}`)).toEqual(['selfRating enum']);
    expect(refused.rejection.problems?.[0].message.ja).toContain('A（順調）');
    expect(refused.after).toEqual(refused.before);

    machine.submitGate('evaluation', leader, { ...evaluationPayload(), selfRating: 'C' });
    // The A–D suggestion does not fit an A/B/C scale: none is made.
    expect(machine.state.evaluation?.suggestedRating).toBeNull();
    const [pending] = pendingApprovals(machine);
    const wrongHq = refuse(machine, () =>
      machine.decide(hq, { approvalId: pending.id, decision: 'approve', rating: 'D' }),
    );
    expect(wrongHq.rejection.problems?.map((p) => p.field)).toEqual(['rating']);
    decidePending(machine, hq, 'approve', { rating: 'B' });
    expect(machine.state.evaluation?.hqRating).toBe('B');
    expect(machine.state.stage).toBe('ACT');
  });

  it('keeps A–D for a year whose context predates the settings', () => {
    const cycle = startCycle();
    reachCheck(cycle);
    cycle.machine.submitGate('evaluation', leader, { ...evaluationPayload(), selfRating: 'D' });
    expect(cycle.machine.state.evaluation?.suggestedRating).not.toBeNull();
  });
});

describe('the year’s settings in the read model (#22)', () => {
  it('sends the decisions and scales once, with cycle.started', () => {
    const cycle = startCycle({ context: takarazuka });
    expect(cycle.started.cycle.citySettings).toEqual({
      decisions: takarazuka.citySettings.decisions,
      ratings: takarazuka.citySettings.ratings,
    });
    reachCheck(cycle);
    const later = cycle.events.filter((e) => e.type !== 'cycle.started');
    expect(later.length).toBeGreaterThan(5);
    expect(later.every((e) => e.cycle.citySettings === undefined)).toBe(true);
    // A context from before #22 has none to send.
    expect(startCycle().started.cycle.citySettings).toBeUndefined();
  });
});
