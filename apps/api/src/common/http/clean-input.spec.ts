import { createValidationPipe } from '../errors/validation';
import { cleanInput, MAX_INPUT_DEPTH } from './clean-input';

function problem(fn: () => unknown): {
  status: number;
  body: {
    code: string;
    details: Array<{ field: string; rule: string; messageJa: string; messageEn: string }>;
  };
} {
  try {
    fn();
  } catch (err) {
    const e = err as { getStatus(): number; getResponse(): never };
    return { status: e.getStatus(), body: e.getResponse() };
  }
  throw new Error('expected a rejection');
}

describe('cleanInput (the text rule at the API boundary)', () => {
  it('refuses an unpaired surrogate and names the field, in Japanese and English', () => {
    const sut = problem(() => cleanInput({ review: { notes: ['ok', 'bad \ud800 text'] } }));
    expect(sut.status).toBe(400);
    expect(sut.body.details).toEqual([
      expect.objectContaining({ field: 'review.notes[1]', rule: 'wellFormedText' }),
    ]);
    expect(sut.body.details[0].messageJa).toContain('review.notes[1]');
    expect(sut.body.details[0].messageEn).toContain('surrogate');
  });

  it('refuses a trailing low surrogate and a NUL, also in keys and single parameters', () => {
    expect(problem(() => cleanInput({ reason: '\udc00' })).body.details[0].field).toBe('reason');
    expect(problem(() => cleanInput({ reason: 'a\u0000b' })).body.details[0].rule).toBe('noNulCharacter');
    expect(problem(() => cleanInput({ 'k\ud800': 1 })).body.details[0].rule).toBe('wellFormedText');
    expect(problem(() => cleanInput('x\u0000', 'q')).body.details[0].field).toBe('q');
  });

  it('keeps well-formed pairs (emoji) and NFC-normalises', () => {
    const decomposed = 'ガ'.normalize('NFD');
    expect(decomposed).not.toBe('ガ');
    expect(cleanInput({ a: [`${decomposed}😀`] })).toEqual({ a: ['ガ😀'] });
  });

  it('refuses nesting deeper than the limit without overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i += 1) deep = [deep];
    const sut = problem(() => cleanInput({ plan: deep }));
    expect(sut.status).toBe(400);
    expect(sut.body.code).toBe('TOO_DEEP');
    let ok: unknown = 1;
    for (let i = 0; i < MAX_INPUT_DEPTH - 1; i += 1) ok = [ok];
    expect(cleanInput(ok)).toEqual(ok);
  });

  it('runs inside the global validation pipe for body, query and params, not for custom arguments', async () => {
    const pipe = createValidationPipe();
    await expect(pipe.transform({ reason: '\ud800' }, { type: 'body' })).rejects.toMatchObject({
      status: 400,
    });
    await expect(pipe.transform('\u0000', { type: 'param', data: 'id' })).rejects.toMatchObject({
      status: 400,
    });
    await expect(pipe.transform({ q: 'e\u0301' }, { type: 'query' })).resolves.toEqual({ q: 'é' });
    const user = { name: '\ud800' };
    await expect(pipe.transform(user, { type: 'custom' })).resolves.toBe(user);
  });
});
