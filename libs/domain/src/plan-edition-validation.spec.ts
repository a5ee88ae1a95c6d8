import { validatePlanEdition } from './validation';

const rules = (input: { title: unknown; reason: unknown }) =>
  validatePlanEdition(input).map((p) => `${p.field}:${p.rule}`);

describe('validatePlanEdition (公表版の表題・作成の理由)', () => {
  it('accepts a title and a reason', () => {
    expect(rules({ title: '令和8年度 取組状況（公表版）', reason: '市ホームページで公表するため' })).toEqual(
      [],
    );
  });

  it('requires both, counting blank text as empty', () => {
    expect(rules({ title: '  ', reason: '' })).toEqual(['title:required', 'reason:required']);
    expect(rules({ title: undefined, reason: '\n' })).toEqual(['title:required', 'reason:required']);
  });

  it('bounds the title at 200 and the reason at 1,000 characters, as the API does', () => {
    expect(rules({ title: 'あ'.repeat(200), reason: 'い'.repeat(1000) })).toEqual([]);
    expect(rules({ title: 'あ'.repeat(201), reason: 'い'.repeat(1001) })).toEqual([
      'title:max_length',
      'reason:max_length',
    ]);
  });
});
