import iconv from 'iconv-lite';
import { planError, problems } from './plan-import.messages';
import type { DetectedEncoding, EncodingOption, PlanImportProblem } from './plan-import.types';

export type DecodeResult =
  | { readonly ok: true; readonly text: string; readonly encoding: DetectedEncoding }
  | { readonly ok: false; readonly problem: PlanImportProblem };

function startsWith(buffer: Uint8Array, bytes: readonly number[]): boolean {
  return bytes.every((byte, i) => buffer[i] === byte);
}

function strictUtf8(buffer: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buffer);
  } catch {
    return undefined;
  }
}

/** C0 controls other than tab/LF/CR, DEL, and U+FFFD (what a lenient decoder makes of bad bytes). */
function isNotText(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f || code === 0xfffd;
}

/** Text, not binary: no NUL at all and (almost) no other control characters. */
export function looksLikeText(text: string): boolean {
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0) return false;
    if (isNotText(code)) bad++;
  }
  return bad === 0 || bad / text.length < 0.001;
}

const ENCODING_NAMES: Readonly<Record<DetectedEncoding, string>> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 (BOM)',
  shift_jis: 'Shift_JIS',
  'utf-16le': 'UTF-16LE',
  'utf-16be': 'UTF-16BE',
};

function invalidEncoding(name: string): PlanImportProblem {
  return planError(
    'encoding_invalid',
    {},
    {
      ja: `ファイルを ${name} として読み取れません。文字コードを確認してください（UTF-8 または Shift_JIS）。`,
      en: `The file cannot be read as ${name}. Check the character encoding (UTF-8 or Shift_JIS).`,
    },
  );
}

function finish(text: string, encoding: DetectedEncoding): DecodeResult {
  if (!looksLikeText(text)) return { ok: false, problem: problems.binary() };
  return { ok: true, text: text.replace(/^\uFEFF/, ''), encoding };
}

/**
 * Decodes a text upload. `auto`: a UTF-16 BOM (Excel's "Unicode text" export) wins; then strict
 * UTF-8 (with or without BOM); then Shift_JIS in its Windows form CP932, which Excel writes
 * (it has ①, ㎡ and NEC/IBM extensions that plain Shift_JIS lacks).
 */
export function decodeText(buffer: Uint8Array, option: EncodingOption = 'auto'): DecodeResult {
  if (option === 'utf-16le' || (option === 'auto' && startsWith(buffer, [0xff, 0xfe]))) {
    return finish(new TextDecoder('utf-16le').decode(buffer), 'utf-16le');
  }
  if (option === 'auto' && startsWith(buffer, [0xfe, 0xff])) {
    return finish(new TextDecoder('utf-16be').decode(buffer), 'utf-16be');
  }
  const hasBom = startsWith(buffer, [0xef, 0xbb, 0xbf]);
  if (option === 'utf-8' || option === 'auto') {
    const text = strictUtf8(buffer);
    if (text !== undefined) return finish(text, hasBom ? 'utf-8-bom' : 'utf-8');
    if (option === 'utf-8') return { ok: false, problem: invalidEncoding(ENCODING_NAMES['utf-8']) };
  }
  if (hasBom && option === 'auto')
    return { ok: false, problem: invalidEncoding(ENCODING_NAMES['utf-8-bom']) };
  const text = iconv.decode(Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength), 'cp932');
  if (text.includes('\uFFFD')) {
    // Invalid as UTF-8 and as Shift_JIS: mostly binary, sometimes another encoding (EUC-JP).
    return {
      ok: false,
      problem: looksLikeText(text.replace(/\uFFFD/g, ''))
        ? invalidEncoding('UTF-8 / Shift_JIS')
        : problems.binary(),
    };
  }
  return finish(text, 'shift_jis');
}
