import type { ColumnMapping } from './column-mapping';
import { planError, planWarning } from './plan-import.messages';
import type {
  ImportedLevelName,
  IndicatorDirection,
  LocalizedText,
  ParsePlanFileOptions,
  PlanImportProblem,
} from './plan-import.types';
import { cleanCell, nfkc, parseDirection, parseFiscalYear, parsePeriod } from './value-parsers';

/** One `# key: value` line (row = its row in the file) or one key of a JSON `plan` object (row null). */
export interface MetadataEntry {
  readonly key: string;
  readonly value: unknown;
  readonly row: number | null;
}

export interface RawMetadata {
  readonly entries: readonly MetadataEntry[];
  /** `#` lines without a `key:` part. */
  readonly notes: readonly string[];
}

type MetadataKey =
  | 'title'
  | 'tenantName'
  | 'period'
  | 'periodStartFy'
  | 'periodEndFy'
  | 'source'
  | 'mapping'
  | 'direction'
  | 'levels';

const METADATA_ALIASES: Readonly<Record<MetadataKey, readonly string[]>> = {
  title: [
    'plan',
    'title',
    'plantitle',
    'plan title',
    'document',
    '計画',
    '計画名',
    '計画名称',
    '文書',
    '文書名',
    'タイトル',
  ],
  tenantName: [
    'city',
    'tenant',
    'tenantname',
    'municipality',
    '自治体',
    '自治体名',
    '市',
    '市名',
    '市町村',
    '団体',
    '団体名',
  ],
  period: ['period', 'plan period', '期間', '計画期間'],
  periodStartFy: ['start', 'startfy', 'periodstartfy', 'period start', '開始年度'],
  periodEndFy: ['end', 'endfy', 'periodendfy', 'period end', '終了年度'],
  source: ['source', 'seed', '出典', '出所', '原典', '元資料'],
  mapping: ['mapping', 'columns', 'column mapping', '列対応', '列の対応', '対応付け', '列の対応付け'],
  direction: ['direction', 'default direction', '方向', '評価の方向', '既定の方向', '指標の方向'],
  levels: ['levels', 'level names', '階層', '階層名', '計画の階層', 'レベル'],
};

/**
 * `基本方針 / 改革項目` or `方針 → 個別方針 → 推進項目`, a name optionally followed by its English
 * one in brackets (`基本方針 (Basic policy)`); in JSON also an array of names.
 */
function parseLevelNames(value: unknown): ImportedLevelName[] | undefined {
  const parts =
    typeof value === 'string'
      ? value.split(/[/／→>＞|｜]/)
      : Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? (value as string[])
        : undefined;
  if (!parts) return undefined;
  const names = parts.map((part) => {
    const text = cleanCell(part);
    const bracketed = /^(.+?)\s*[(（]([^()（）]+)[)）]$/u.exec(text);
    return bracketed ? { ja: cleanCell(bracketed[1]!), en: cleanCell(bracketed[2]!) } : { ja: text };
  });
  const valid = names.every(
    (n) => n.ja !== '' && n.ja.length <= 40 && (n.en === undefined || n.en.length <= 40),
  );
  return valid && names.length >= 2 && names.length <= 4 ? names : undefined;
}

function metadataKeyOf(raw: string): string {
  return nfkc(cleanCell(raw))
    .toLowerCase()
    .replace(/[\s\u3000_-]+/g, '');
}

const METADATA_LOOKUP: ReadonlyMap<string, MetadataKey> = (() => {
  const lookup = new Map<string, MetadataKey>();
  for (const [key, aliases] of Object.entries(METADATA_ALIASES) as [MetadataKey, readonly string[]][]) {
    for (const alias of aliases) lookup.set(metadataKeyOf(alias), key);
  }
  return lookup;
})();

/**
 * Splits the text of a comment line (without its leading #) into key and value. A key is short
 * and has no spaces inside, so prose that happens to contain a colon stays a note.
 */
export function readCommentLine(
  text: string,
  row: number | null,
  into: { entries: MetadataEntry[]; notes: string[] },
) {
  const body = cleanCell(text.replace(/^#+/, ''));
  if (body === '') return;
  const match = /^([^:：\s]{1,30}|[A-Za-z][A-Za-z _-]{0,29})\s*[:：]\s*(.*)$/su.exec(body);
  if (match) into.entries.push({ key: cleanCell(match[1]!), value: cleanCell(match[2]!), row });
  else into.notes.push(body);
}

/** `a=code; b=title` or `a→code, b→title` (also `:`), as written on a `# mapping:` line. */
function parseMappingText(text: string): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const pair of text.split(/[;；,，、]/)) {
    const match = /^(.+?)\s*(?:=|→|->|＝)\s*(.+)$/u.exec(cleanCell(pair));
    if (match) mapping[cleanCell(match[1]!)] = cleanCell(match[2]!);
  }
  return mapping;
}

export interface ResolvedMetadata {
  readonly title?: string;
  readonly tenantName?: string;
  readonly periodStartFy?: number;
  readonly periodEndFy?: number;
  readonly source?: string;
  readonly mapping?: ColumnMapping;
  /** `# direction: higher`: the direction of indicators whose row gives none. */
  readonly direction?: IndicatorDirection;
  /** `# levels: 基本方針 / 改革項目`: the plan's level names, from the top, the last being the item. */
  readonly levels?: readonly ImportedLevelName[];
  readonly other: Readonly<Record<string, string>>;
  readonly notes: readonly string[];
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return cleanCell(value) || undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function fiscalYearOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  return typeof value === 'string' ? parseFiscalYear(value) : undefined;
}

function isPlausibleFy(fy: number): boolean {
  return Number.isInteger(fy) && fy >= 1900 && fy <= 2200;
}

/**
 * Merges file metadata with the caller's options (options win; a different city in the file
 * than the caller's tenant is worth a warning, since it usually means the wrong file).
 */
export function resolveMetadata(
  raw: RawMetadata,
  options: ParsePlanFileOptions,
  problems: PlanImportProblem[],
): ResolvedMetadata {
  const found: { -readonly [K in keyof ResolvedMetadata]?: ResolvedMetadata[K] } = {};
  const other: Record<string, string> = {};
  let mapping: Record<string, string> | undefined;

  for (const entry of raw.entries) {
    const key = METADATA_LOOKUP.get(metadataKeyOf(entry.key));
    const invalid = (message: LocalizedText) =>
      problems.push(
        planError(
          'metadata_invalid',
          { row: entry.row, column: entry.key, value: String(entry.value) },
          message,
        ),
      );
    switch (key) {
      case 'title':
      case 'tenantName':
      case 'source': {
        const text = textOf(entry.value);
        if (text === undefined)
          invalid({
            ja: `「${entry.key}」には文字列を指定してください。`,
            en: `"${entry.key}" must be text.`,
          });
        else found[key] = text;
        break;
      }
      case 'period': {
        const period = typeof entry.value === 'string' ? parsePeriod(entry.value) : undefined;
        if (!period)
          invalid({
            ja: `計画期間「${String(entry.value)}」を読み取れません（例: 2024-2027、令和6年度～令和9年度）。`,
            en: `Cannot read the plan period "${String(entry.value)}" (e.g. 2024-2027, 令和6年度～令和9年度).`,
          });
        else {
          found.periodStartFy = period.startFy;
          found.periodEndFy = period.endFy;
        }
        break;
      }
      case 'periodStartFy':
      case 'periodEndFy': {
        const fy = fiscalYearOf(entry.value);
        if (fy === undefined)
          invalid({
            ja: `年度「${String(entry.value)}」を読み取れません。`,
            en: `Cannot read the fiscal year "${String(entry.value)}".`,
          });
        else found[key] = fy;
        break;
      }
      case 'direction': {
        const direction = typeof entry.value === 'string' ? parseDirection(entry.value) : undefined;
        if (!direction)
          invalid({
            ja: `既定の方向「${String(entry.value)}」を読み取れません。「高いほど良い」「低いほど良い」（higher / lower）のいずれかにしてください。`,
            en: `Cannot read the default direction "${String(entry.value)}". Use 高いほど良い / 低いほど良い (higher / lower).`,
          });
        else found.direction = direction;
        break;
      }
      case 'levels': {
        const levels = parseLevelNames(entry.value);
        if (!levels)
          invalid({
            ja: '計画の階層を読み取れません。上から順に2～4段階の名称を「/」で区切ってください（例: # levels: 基本方針 / 改革項目、最後が改革項目の段階）。',
            en: 'Cannot read the plan levels. List 2 to 4 level names from the top, separated by "/" (e.g. # levels: 基本方針 / 改革項目; the last is the reform item).',
          });
        else found.levels = levels;
        break;
      }
      case 'mapping': {
        const parsed =
          typeof entry.value === 'string'
            ? parseMappingText(entry.value)
            : entry.value !== null && typeof entry.value === 'object' && !Array.isArray(entry.value)
              ? Object.fromEntries(Object.entries(entry.value).map(([k, v]) => [k, String(v)]))
              : undefined;
        if (!parsed || Object.keys(parsed).length === 0)
          invalid({
            ja: '列の対応付けを読み取れません（例: # mapping: 改革項目=code; 改革項目名称案=title）。',
            en: 'Cannot read the column mapping (e.g. # mapping: 改革項目=code; 改革項目名称案=title).',
          });
        else mapping = { ...mapping, ...parsed };
        break;
      }
      default: {
        const text =
          textOf(entry.value) ?? (entry.value === undefined ? undefined : JSON.stringify(entry.value));
        if (text !== undefined) other[entry.key] = text;
      }
    }
  }

  if (options.tenantName && found.tenantName && cleanCell(options.tenantName) !== found.tenantName) {
    problems.push(
      planWarning(
        'metadata_mismatch',
        { row: null, column: null, value: found.tenantName },
        {
          ja: `ファイルに記載の自治体「${found.tenantName}」は取込先「${options.tenantName}」と異なります。`,
          en: `The file names the city "${found.tenantName}" but is being imported for "${options.tenantName}".`,
        },
      ),
    );
  }

  const periodStartFy = options.periodStartFy ?? found.periodStartFy;
  const periodEndFy = options.periodEndFy ?? found.periodEndFy;
  for (const fy of [periodStartFy, periodEndFy]) {
    if (fy !== undefined && !isPlausibleFy(fy)) {
      problems.push(
        planError(
          'period_invalid',
          { value: String(fy) },
          {
            ja: `年度 ${fy} は範囲外です（1900～2200）。`,
            en: `Fiscal year ${fy} is out of range (1900–2200).`,
          },
        ),
      );
    }
  }
  if (periodStartFy !== undefined && periodEndFy !== undefined && periodStartFy > periodEndFy) {
    problems.push(
      planError(
        'period_invalid',
        { value: `${periodStartFy}-${periodEndFy}` },
        {
          ja: `計画期間の開始年度（${periodStartFy}）が終了年度（${periodEndFy}）より後です。`,
          en: `The plan period starts (${periodStartFy}) after it ends (${periodEndFy}).`,
        },
      ),
    );
  }

  const title = options.planTitle ? cleanCell(options.planTitle) : found.title;
  const tenantName = options.tenantName ? cleanCell(options.tenantName) : found.tenantName;
  return {
    ...(title ? { title } : {}),
    ...(tenantName ? { tenantName } : {}),
    ...(periodStartFy !== undefined ? { periodStartFy } : {}),
    ...(periodEndFy !== undefined ? { periodEndFy } : {}),
    ...(found.source ? { source: found.source } : {}),
    ...(mapping ? { mapping } : {}),
    ...(found.direction ? { direction: found.direction } : {}),
    ...(found.levels ? { levels: found.levels } : {}),
    other,
    notes: raw.notes,
  };
}
