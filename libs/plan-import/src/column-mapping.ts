import { planError, planWarning } from './plan-import.messages';
import type { ColumnTarget, PlanField, PlanImportProblem } from './plan-import.types';
import { cleanCell, nfkc, parseFiscalYear } from './value-parsers';

/**
 * Built-in header aliases (see README). Matching is on the normalised header: NFKC (full-width →
 * half-width), lower case, spaces/underscores/hyphens/dots removed, annotations in brackets
 * dropped (`基本方針 (政策レベル)` → 基本方針) and a trailing 案 dropped when that helps (`指標案` → 指標).
 */
export const COLUMN_ALIASES: Readonly<Record<PlanField, readonly string[]>> = {
  code: [
    '番号',
    '項目番号',
    '事業番号',
    '改革項目番号',
    '取組番号',
    'No',
    'No.',
    '№',
    'コード',
    'code',
    'item code',
    'id',
    'number',
  ],
  title: [
    '改革項目',
    '改革項目名',
    '改革項目名称',
    '事業名',
    '実施計画事業',
    '取組項目',
    '取組項目例',
    '取組名',
    '推進項目',
    '主な推進項目',
    '主な取組',
    'アクション',
    '項目名',
    'title',
    'item',
    'item title',
    'name',
  ],
  summary: [
    '取組の概要',
    '取組内容',
    '説明',
    '内容',
    '概要',
    '事業概要',
    '詳細',
    '改革項目の説明',
    'summary',
    'description',
    'details',
  ],
  background: ['現状と課題', '課題', '背景', 'background', 'issues', 'current issues'],
  goal: ['目標', '基本目標', '基本方針', '柱', 'ビジョン', 'goal', 'pillar'],
  theme: ['テーマ', '改革テーマ', '方針', '改革', '目指す姿', '施策', '取組方針', 'theme'],
  workingGroup: [
    '所管',
    '担当',
    '所管課',
    '担当課',
    '所管部署',
    '担当部署',
    'ワーキンググループ',
    'WG',
    '所管WG',
    '担当WG',
    'working group',
    'working_group',
    'wg',
    'owner',
    'department',
  ],
  indicator: ['指標', '指標名', '成果指標', '評価指標', 'KPI', 'indicator', 'indicator name'],
  unit: ['単位', 'unit'],
  baseline: ['現状値', '基準値', '現在値', 'baseline', 'current value'],
  target: ['目標値', '目標数値', 'target', 'target value'],
  direction: ['方向', '評価の方向', '望ましい方向', 'direction', 'polarity'],
  indicatorKind: ['指標区分', '指標の区分', '指標の種類', '指標種別', '区分', 'indicator kind', 'kind'],
  achievementFormula: [
    '達成率の算式',
    '目標達成率の算式',
    '達成率算式',
    '算式',
    'achievement formula',
    'formula',
  ],
  reviewCadence: ['報告頻度', '進捗報告の頻度', '報告の頻度', '報告周期', 'review cadence', 'cadence'],
  budget: [
    '予算額',
    '現行予算',
    '予算',
    '当初予算額',
    '現行予算額',
    'budget',
    'current budget',
    'budget amount',
  ],
  effectSpending: [
    '歳出削減',
    '歳出削減額',
    '歳出削減見込額',
    '歳出削減目標',
    '削減見込額',
    'spending reduction',
    'spending cut',
  ],
  effectRevenue: [
    '歳入確保',
    '歳入確保額',
    '歳入確保見込額',
    '歳入確保目標',
    'revenue gain',
    'revenue gained',
  ],
  effectCost: ['取組経費', '所要経費', '取組に要する経費', 'cost', 'measure cost', 'cost of the measure'],
  effectNet: [
    '効果額',
    '効果額目標',
    '効果見込額',
    '財政効果',
    '財政効果額',
    '財政効果目標',
    'effect',
    'effect target',
    'net effect',
    'fiscal effect',
  ],
};

/** Fields whose columns come one per fiscal year (目標値(2027年度), 効果額目標(2025年度)). */
const YEAR_FIELDS: ReadonlySet<PlanField> = new Set([
  'target',
  'effectSpending',
  'effectRevenue',
  'effectCost',
  'effectNet',
]);

/** Amount fields: a (千円)/(万円)/(百万円) header unit multiplies their cells. */
const AMOUNT_FIELDS: ReadonlySet<PlanField> = new Set([
  'budget',
  'effectSpending',
  'effectRevenue',
  'effectCost',
  'effectNet',
]);

export const PLAN_FIELDS = Object.keys(COLUMN_ALIASES) as PlanField[];

const IGNORE_WORDS = new Set(['ignore', 'skip', '-', '無視', '対象外']);

const ANNOTATION = /[([【［]([^)\]】］]*)[)\]】］]/g;

/** The comparable key of a header or alias. */
export function normalizeHeaderKey(header: string): string {
  return nfkc(cleanCell(header))
    .replace(ANNOTATION, '')
    .toLowerCase()
    .replace(/[\s\u3000_\-.:：・]+/g, '');
}

const ALIAS_LOOKUP: ReadonlyMap<string, PlanField> = (() => {
  const lookup = new Map<string, PlanField>();
  for (const field of PLAN_FIELDS) {
    lookup.set(field.toLowerCase(), field);
    for (const alias of COLUMN_ALIASES[field]) lookup.set(normalizeHeaderKey(alias), field);
  }
  return lookup;
})();

function lookupAlias(key: string): PlanField | undefined {
  return ALIAS_LOOKUP.get(key) ?? (key.endsWith('案') ? ALIAS_LOOKUP.get(key.slice(0, -1)) : undefined);
}

/** Reads a mapping target written as a field name, an alias (`番号`) or `ignore`. */
export function parseColumnTarget(raw: string): ColumnTarget | undefined {
  const key = normalizeHeaderKey(raw);
  if (IGNORE_WORDS.has(key) || IGNORE_WORDS.has(cleanCell(raw))) return 'ignore';
  return lookupAlias(key);
}

const YEAR_IN_KEY = /(?:fy)?(\d{4})(?:年度?)?|(令和|平成|r|h)(\d{1,2}|元)(?:年度?)?/;

function yearAnnotation(header: string): number | undefined {
  for (const match of nfkc(header).matchAll(ANNOTATION)) {
    const fy = parseFiscalYear(match[1]!);
    if (fy !== undefined) return fy;
  }
  return undefined;
}

const AMOUNT_UNITS: ReadonlyArray<readonly [RegExp, number]> = [
  [/百万円/, 1e6],
  [/千円/, 1e3],
  [/万円/, 1e4],
];

function amountMultiplier(header: string): number {
  for (const [pattern, multiplier] of AMOUNT_UNITS) if (pattern.test(nfkc(header))) return multiplier;
  return 1;
}

interface ClassifiedHeader {
  readonly field: PlanField;
  readonly fiscalYear?: number;
}

/** Field of one header by the built-in aliases, `undefined` when unknown. */
export function classifyHeader(header: string): ClassifiedHeader | undefined {
  const key = normalizeHeaderKey(header);
  const direct = lookupAlias(key);
  if (direct) return { field: direct, fiscalYear: yearAnnotation(header) };
  // 2027年度目標値, target_2027, R9目標値: a year written into the header itself.
  const year = YEAR_IN_KEY.exec(key);
  if (year) {
    const field = lookupAlias(key.replace(year[0], ''));
    const fiscalYear = parseFiscalYear(year[0]);
    if (field && fiscalYear !== undefined) return { field, fiscalYear };
  }
  return undefined;
}

export interface ColumnBinding {
  readonly index: number;
  /** Header as written in the file. */
  readonly header: string;
  readonly field: PlanField;
  /** For target and 効果額 columns with a year (目標値(2027年度), 効果額目標(2025年度)). */
  readonly fiscalYear?: number;
  /** For budget columns with (千円)/(万円)/(百万円) in the header. */
  readonly multiplier: number;
}

export interface ColumnLayout {
  readonly bindings: readonly ColumnBinding[];
  /** Columns without a header text; data under them is reported once. */
  readonly unnamedColumns: readonly number[];
  readonly byField: ReadonlyMap<PlanField, ColumnBinding>;
  readonly targets: readonly ColumnBinding[];
  /** 効果額 columns (歳出削減/歳入確保/取組経費/効果額), with or without a year. */
  readonly effects: readonly ColumnBinding[];
}

export type ColumnMapping = Readonly<Record<string, string>>;

/**
 * Decides which column feeds which field. `mappings` are applied in order of precedence (the
 * caller's option first, then the file's `# mapping:` line); built-in aliases come last.
 */
export function resolveColumns(
  headers: readonly string[],
  headerRow: number | null,
  mappings: readonly ColumnMapping[],
  problems: PlanImportProblem[],
): ColumnLayout {
  const explicit = new Map<string, { target: ColumnTarget; used: boolean; raw: string }>();
  for (const mapping of [...mappings].reverse()) {
    for (const [rawHeader, rawTarget] of Object.entries(mapping)) {
      const target = typeof rawTarget === 'string' ? parseColumnTarget(rawTarget) : undefined;
      if (!target) {
        problems.push(
          planError(
            'mapping_invalid',
            { row: null, column: rawHeader, value: String(rawTarget) },
            {
              ja: `列の対応付け「${rawHeader} → ${String(rawTarget)}」の項目名が不明です。使える項目: ${PLAN_FIELDS.join(', ')}, ignore`,
              en: `Column mapping "${rawHeader} → ${String(rawTarget)}" names an unknown field. Known fields: ${PLAN_FIELDS.join(', ')}, ignore.`,
            },
          ),
        );
        continue;
      }
      explicit.set(normalizeHeaderKey(rawHeader), { target, used: false, raw: rawHeader });
    }
  }

  const bindings: ColumnBinding[] = [];
  const unnamedColumns: number[] = [];
  const byField = new Map<PlanField, ColumnBinding>();
  const targets: ColumnBinding[] = [];
  const effects: ColumnBinding[] = [];
  const yearColumns: ColumnBinding[] = [];

  headers.forEach((rawHeader, index) => {
    const header = cleanCell(rawHeader);
    if (header === '') {
      unnamedColumns.push(index);
      return;
    }
    const mapped = explicit.get(normalizeHeaderKey(header));
    let classified: ClassifiedHeader | undefined;
    if (mapped) {
      mapped.used = true;
      if (mapped.target === 'ignore') return;
      classified = { field: mapped.target, fiscalYear: yearAnnotation(header) };
    } else {
      classified = classifyHeader(header);
    }
    if (!classified) {
      problems.push(
        planWarning(
          'column_unknown',
          { row: headerRow, column: header },
          {
            ja: `列「${header}」は取り込み対象ではないため無視します（列の対応付けで指定できます）。`,
            en: `Column "${header}" is not recognised and is ignored (a column mapping can assign it).`,
          },
        ),
      );
      return;
    }
    const binding: ColumnBinding = {
      index,
      header,
      field: classified.field,
      ...(YEAR_FIELDS.has(classified.field) && classified.fiscalYear !== undefined
        ? { fiscalYear: classified.fiscalYear }
        : {}),
      multiplier: AMOUNT_FIELDS.has(classified.field) ? amountMultiplier(header) : 1,
    };
    const isYearField = YEAR_FIELDS.has(binding.field);
    const first = isYearField
      ? yearColumns.find((t) => t.field === binding.field && t.fiscalYear === binding.fiscalYear)
      : byField.get(binding.field);
    if (first) {
      problems.push(
        planError(
          'column_duplicate',
          { row: headerRow, column: header },
          {
            ja: `列「${header}」と列「${first?.header}」が同じ項目（${binding.field}）を表しています。どちらかを列の対応付けで ignore にしてください。`,
            en: `Columns "${header}" and "${first?.header}" both map to ${binding.field}. Map one of them to "ignore".`,
          },
        ),
      );
      return;
    }
    bindings.push(binding);
    if (isYearField) {
      yearColumns.push(binding);
      (binding.field === 'target' ? targets : effects).push(binding);
    } else {
      byField.set(binding.field, binding);
    }
  });

  for (const entry of explicit.values()) {
    if (!entry.used) {
      problems.push(
        planWarning(
          'mapping_invalid',
          { row: headerRow, column: entry.raw },
          {
            ja: `列の対応付けに指定された列「${entry.raw}」がファイルにありません。`,
            en: `The column mapping names "${entry.raw}", which is not in the file.`,
          },
        ),
      );
    }
  }

  return { bindings, unnamedColumns, byField, targets, effects };
}
