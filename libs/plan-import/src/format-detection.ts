import { planError } from './plan-import.messages';
import type { LocalizedText, PlanFileFormat, PlanImportProblem } from './plan-import.types';

export type FormatDecision =
  | { readonly ok: true; readonly format: PlanFileFormat | 'text' }
  | { readonly ok: false; readonly problem: PlanImportProblem };

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP_MAGIC = [0x50, 0x4b, 0x05, 0x06];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(buffer: Uint8Array, bytes: readonly number[]): boolean {
  return buffer.length >= bytes.length && bytes.every((byte, i) => buffer[i] === byte);
}

function extensionOf(fileName: string | undefined): string | undefined {
  const match = /\.([A-Za-z0-9]{1,5})$/.exec(fileName ?? '');
  return match ? match[1]!.toLowerCase() : undefined;
}

const EXTENSION_FORMATS: Readonly<Record<string, PlanFileFormat>> = {
  csv: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  json: 'json',
  xlsx: 'xlsx',
};

const MACRO_EXTENSIONS = new Set(['xlsm', 'xltm', 'xlam', 'xlsb']);

function macroRefused(): PlanImportProblem {
  return planError(
    'macro_enabled',
    {},
    {
      ja: 'マクロ有効ブック（.xlsm など）は受け付けません。マクロなしの Excel ブック（.xlsx）として保存し直してください。',
      en: 'Macro-enabled workbooks (.xlsm etc.) are refused. Save the workbook as a plain Excel workbook (.xlsx).',
    },
  );
}

function unsupported(message: LocalizedText): PlanImportProblem {
  return planError('unsupported_format', {}, message);
}

/**
 * The VBA part's name is stored uncompressed in the zip directory, so a byte search finds it
 * without unpacking anything (a workbook renamed from .xlsm to .xlsx still carries it).
 */
function containsVbaProject(buffer: Uint8Array): boolean {
  return Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength).includes(
    'vbaProject.bin',
    0,
    'latin1',
  );
}

/**
 * Format from the caller's option, else the file name's extension, else the content. A zip is
 * always treated as a workbook whatever its name says (renamed files are common), and workbook
 * kinds we refuse are refused by name and by content.
 */
export function detectFormat(buffer: Uint8Array, format?: PlanFileFormat, fileName?: string): FormatDecision {
  const extension = extensionOf(fileName);
  const knownExtension = extension !== undefined && Object.hasOwn(EXTENSION_FORMATS, extension);
  if (extension && MACRO_EXTENSIONS.has(extension)) return { ok: false, problem: macroRefused() };
  if (startsWith(buffer, OLE_MAGIC) || extension === 'xls') {
    return {
      ok: false,
      problem: planError(
        'legacy_or_encrypted_workbook',
        {},
        {
          ja: '古い形式の Excel ファイル（.xls）またはパスワード付きのブックは読み取れません。パスワードを外して .xlsx 形式で保存し直してください。',
          en: 'Old-format Excel files (.xls) and password-protected workbooks cannot be read. Remove the password and save as .xlsx.',
        },
      ),
    };
  }
  if (!format && extension && !knownExtension && !['dat', 'text', 'txt'].includes(extension)) {
    return {
      ok: false,
      problem: unsupported({
        ja: `拡張子「.${extension}」のファイルは取り込めません。CSV・TSV・JSON・Excel（.xlsx）のいずれかを指定してください。`,
        en: `Files with the extension ".${extension}" cannot be imported. Use CSV, TSV, JSON or Excel (.xlsx).`,
      }),
    };
  }
  const zip = startsWith(buffer, ZIP_MAGIC) || startsWith(buffer, EMPTY_ZIP_MAGIC);
  if (zip) {
    if (containsVbaProject(buffer)) return { ok: false, problem: macroRefused() };
    return { ok: true, format: 'xlsx' };
  }
  if (startsWith(buffer, [0x25, 0x50, 0x44, 0x46])) {
    return {
      ok: false,
      problem: unsupported({
        ja: 'PDF ファイルは取り込めません。計画の表を CSV または Excel（.xlsx）で用意してください。',
        en: 'PDF files cannot be imported. Provide the plan table as CSV or Excel (.xlsx).',
      }),
    };
  }
  const chosen = format ?? (knownExtension ? EXTENSION_FORMATS[extension!] : undefined);
  if (chosen === 'xlsx') {
    // Named .xlsx (or asked for) but not a zip: a truncated download, or a CSV renamed by hand.
    return { ok: true, format: 'xlsx' };
  }
  if (chosen) return { ok: true, format: chosen };
  return { ok: true, format: 'text' };
}

/** For text whose format was not given: JSON by its first character, else the header's delimiter. */
export function sniffTextFormat(text: string): 'csv' | 'tsv' | 'json' {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return 'json';
  const headerLine =
    text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .find((line) => line !== '' && !line.startsWith('#') && !line.startsWith('"#')) ?? '';
  const tabs = headerLine.split('\t').length - 1;
  const commas = headerLine.split(',').length - 1;
  return tabs > 0 && tabs >= commas ? 'tsv' : 'csv';
}
