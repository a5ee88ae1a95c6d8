import { CLEAN_TEXT_PATTERN, caseInsensitive } from './openapi-constraints';

describe('caseInsensitive', () => {
  it('spells out the i flag for OpenAPI patterns, which have no flags', () => {
    const sut = new RegExp(caseInsensitive('^(system|[0-9a-f]{8})$'));
    expect(sut.test('SYSTEM')).toBe(true);
    expect(sut.test('System')).toBe(true);
    expect(sut.test('ABCDEF01')).toBe(true);
    expect(sut.test('abcdef01')).toBe(true);
    expect(sut.test('ghijklmn')).toBe(false);
    expect(caseInsensitive('\\d{2}[^a]')).toBe('\\d{2}[^aA]');
  });
});

describe('CLEAN_TEXT_PATTERN', () => {
  it('refuses NUL and lone surrogates, and takes any other text, astral characters included', () => {
    const sut = new RegExp(CLEAN_TEXT_PATTERN);
    for (const ok of ['', '平塚市', 'a\u200fb', '😀 emoji', '\t\n']) expect(sut.test(ok)).toBe(true);
    for (const bad of ['a\u0000b', '\ud800', 'x\udc00y', '\ud83d']) expect(sut.test(bad)).toBe(false);
  });
});
