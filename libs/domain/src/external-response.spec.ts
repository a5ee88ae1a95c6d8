import { followUpProblems, validateExternalResponse } from './external-response';

const valid = {
  response: '利用状況を踏まえ、施設の統廃合を検討する。',
  expectedEffect: 12_000_000,
  timing: '令和8年度から',
};
const fields = (input: unknown) => validateExternalResponse(input).map((p) => `${p.field}:${p.rule}`);

describe('市の対応方針 (the city’s response)', () => {
  it('takes a response, an expected effect in whole yen and a timing; the effect and the answer are optional', () => {
    expect(validateExternalResponse(valid)).toEqual([]);
    expect(validateExternalResponse({ response: 'x', timing: 'y' })).toEqual([]);
    expect(
      validateExternalResponse({ ...valid, expectedEffect: 0, returnAnswer: '金額の根拠を追記しました。' }),
    ).toEqual([]);
  });

  it('names each field and its rule, in Japanese and English', () => {
    expect(fields({ response: ' ', timing: '', expectedEffect: -1, extra: 1 })).toEqual([
      'extra:unknown_field',
      'response:required',
      'timing:required',
      'expectedEffect:integer_yen',
    ]);
    const [timing] = validateExternalResponse({ ...valid, timing: 'あ'.repeat(101) });
    expect(timing).toMatchObject({ field: 'timing', rule: 'max_length' });
    expect(timing!.message.ja).toContain('100文字以内');
    expect(timing!.message.en).toContain('at most 100');
    expect(fields({ ...valid, response: 'a'.repeat(4001) })).toEqual(['response:max_length']);
    expect(fields({ ...valid, timing: 'a'.repeat(100), response: 'a'.repeat(4000) })).toEqual([]);
    expect(fields({ ...valid, expectedEffect: 1.5 })).toEqual(['expectedEffect:integer_yen']);
    expect(fields({ ...valid, expectedEffect: '100' })).toEqual(['expectedEffect:integer_yen']);
    expect(fields({ ...valid, expectedEffect: 1e13 })).toEqual([]);
    expect(fields({ ...valid, expectedEffect: 1e13 + 1 })).toEqual(['expectedEffect:integer_yen']);
    expect(fields({ ...valid, returnAnswer: 'a'.repeat(2001) })).toEqual(['returnAnswer:max_length']);
    expect(fields([])).toEqual(['body:object']);
  });

  it('requires a follow-up text of at most 4000 characters, naming `text`', () => {
    expect(followUpProblems('計画どおり統廃合を実施した。')).toEqual([]);
    expect(followUpProblems('').map((p) => `${p.field}:${p.rule}`)).toEqual(['text:required']);
    expect(followUpProblems('a'.repeat(4001)).map((p) => `${p.field}:${p.rule}`)).toEqual([
      'text:max_length',
    ]);
  });
});
