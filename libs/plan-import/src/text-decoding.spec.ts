import iconv from 'iconv-lite';
import { decodeText, looksLikeText } from './text-decoding';

const SAMPLE = '番号,改革項目,予算額\n1-1,窓口サービスのDX推進,"￥12,000"\n1-2,㎡と①と～の項目,0\n';

describe('decodeText', () => {
  it('reads UTF-8 without BOM', () => {
    expect(decodeText(Buffer.from(SAMPLE, 'utf8'))).toEqual({ ok: true, text: SAMPLE, encoding: 'utf-8' });
  });

  it('reads UTF-8 with BOM and drops the BOM', () => {
    const buffer = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE, 'utf8')]);
    expect(decodeText(buffer)).toEqual({ ok: true, text: SAMPLE, encoding: 'utf-8-bom' });
  });

  it('falls back to Shift_JIS (CP932, with ㎡ ① ～) when the bytes are not UTF-8', () => {
    expect(decodeText(iconv.encode(SAMPLE, 'cp932'))).toEqual({
      ok: true,
      text: SAMPLE,
      encoding: 'shift_jis',
    });
  });

  it('reads UTF-16LE with BOM (Excel "Unicode text")', () => {
    const buffer = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SAMPLE, 'utf16le')]);
    expect(decodeText(buffer)).toEqual({ ok: true, text: SAMPLE, encoding: 'utf-16le' });
  });

  it('honours an explicit encoding', () => {
    const sjis = iconv.encode(SAMPLE, 'cp932');
    expect(decodeText(sjis, 'shift_jis')).toMatchObject({ ok: true, text: SAMPLE });
    expect(decodeText(sjis, 'utf-8')).toMatchObject({ ok: false, problem: { rule: 'encoding_invalid' } });
  });

  it('calls binary data binary', () => {
    const binary = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37) % 256));
    expect(decodeText(binary)).toMatchObject({ ok: false, problem: { rule: 'binary_content' } });
  });

  it('tells text from binary', () => {
    expect(looksLikeText('a\tb\r\nc')).toBe(true);
    expect(looksLikeText('a\u0000b')).toBe(false);
    expect(looksLikeText('\u0001\u0002\u0003abc')).toBe(false);
  });
});
