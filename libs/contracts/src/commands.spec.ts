import { describeAction } from '@pdca/audit/ledger-labels';
import { COMMANDS, commandNamed, ITEM_COMMANDS } from './commands';
import * as contract from './cycle-workflow.contract';

describe('COMMANDS', () => {
  const updateNames = Object.values(contract as Record<string, unknown>)
    .filter(
      (value): value is { type: 'update'; name: string } => (value as { type?: unknown })?.type === 'update',
    )
    .map((update) => update.name);

  it('has one row per Update of the cycle workflow', () => {
    expect(Object.keys(COMMANDS).sort()).toEqual([...updateNames].sort());
  });

  it('names submissions as the domain does', () => {
    expect(COMMANDS.submitPlan.action).toEqual({ ja: '取組計画の提出', en: 'submit the action plan' });
    expect(COMMANDS.submitReview.action).toEqual({ ja: '進捗報告の提出', en: 'submit the progress review' });
  });

  it('records only ledger actions the audit labels describe', () => {
    for (const { audit } of [...Object.values(COMMANDS), ...Object.values(ITEM_COMMANDS)]) {
      for (const action of audit) {
        const text = describeAction({
          action,
          actorType: 'system',
          actorName: null,
          actorRole: null,
          payload: {},
        });
        expect(text.en).not.toBe(action);
      }
    }
  });

  it('knows nothing of names it has no row for', () => {
    expect(commandNamed('decide')).toBe(COMMANDS.decide);
    expect(commandNamed('toString')).toBeUndefined();
  });
});
