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
  goal: ['目標', '基本目標', '基本方針', '柱', 'ビジョン', '第1階層', 'goal', 'pillar', 'level 1'],
  theme: [
    'テーマ',
    '改革テーマ',
    '方針',
    '改革',
    '目指す姿',
    '施策',
    '取組方針',
    '第2階層',
    'theme',
    'level 2',
  ],
  level3: ['第3階層', '階層3', 'level 3', 'level3'],
  alsoUnder: ['再掲先', '再掲', '再掲する目指す姿', 'also under', 'also_under', 'additional parents'],
  // Node fields are recognised by their form, `<level>の説明` (see NODE_SUFFIXES); these are the
  // level-less spellings a mapping may name.
  nodeDescription: ['nodeDescription', 'node description'],
  nodeVision: ['nodeVision', 'node vision'],
  nodeBackground: ['nodeBackground', 'node background'],
  nodeIndicator: ['nodeIndicator', 'node indicator'],
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
  projectCost: ['事業費', '事業費見込', '事業費（見込）', 'project cost'],
  staffFte: ['人工', '従事人工', '人工数', '職員人工', 'staff fte', 'fte', 'person-years'],
  fundingGeneral: ['一般財源', 'general revenue', 'funding general'],
  fundingNationalPrefectural: [
    '国・県支出金',
    '国県支出金',
    '国・県補助金',
    'national/prefectural funds',
    'national prefectural funds',
  ],
  fundingOther: ['その他', 'その他財源', '財源その他', 'その他の財源', 'other funding', 'funding other'],
  projectKind: ['事業区分', '事業の区分', 'project kind'],
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

/** A node's own columns: which node they belong to is the binding's level (0 = the plan). */
export const NODE_FIELDS: ReadonlySet<PlanField> = new Set([
  'nodeDescription',
  'nodeVision',
  'nodeBackground',
  'nodeIndicator',
]);

/**
 * `<level>の説明` / `<level> description` and the like, on the normalised header; the level is what
 * the prefix names (a level name of the plan, a goal/theme/level-3 alias, or 計画 / plan). Longer
 * suffixes first. A bare 3年後の姿 is the top level's (行田市's pillars); a bare 主要目標 the plan's.
 */
const NODE_SUFFIXES: ReadonlyArray<readonly [string, PlanField]> = [
  ['の3年後の姿', 'nodeVision'],
  ['の目指す姿', 'nodeVision'],
  ['の現状と課題', 'nodeBackground'],
  ['の主要目標', 'nodeIndicator'],
  ['の説明', 'nodeDescription'],
  ['の指標', 'nodeIndicator'],
  ['3年後の姿', 'nodeVision'],
  ['目指す姿', 'nodeVision'],
  ['現状と課題', 'nodeBackground'],
  ['主要目標', 'nodeIndicator'],
  ['description', 'nodeDescription'],
  ['indicators', 'nodeIndicator'],
  ['indicator', 'nodeIndicator'],
  ['background', 'nodeBackground'],
  ['vision', 'nodeVision'],
  ['説明', 'nodeDescription'],
  ['指標', 'nodeIndicator'],
];

const PLAN_WORDS = new Set(['計画', 'plan', 'プラン', '全体', '市全体']);
const BARE_NODE_LEVEL: Readonly<Record<string, number>> = { '3年後の姿': 1, 主要目標: 0 };
const LEVEL_OF_FIELD: Readonly<Partial<Record<PlanField, number>>> = { goal: 1, theme: 2, level3: 3 };

/** The node level a prefix names: the plan's own level names first, then the built-in aliases. */
function levelOfPrefix(prefix: string, levelNames: readonly string[]): number | undefined {
  const named = levelNames.slice(0, -1).findIndex((name) => normalizeHeaderKey(name) === prefix);
  if (named !== -1) return named + 1;
  if (PLAN_WORDS.has(prefix)) return 0;
  const field = lookupAlias(prefix);
  return field ? LEVEL_OF_FIELD[field] : undefined;
}

function classifyNodeField(
  key: string,
  levelNames: readonly string[],
): { field: PlanField; level: number } | undefined {
  for (const [suffix, field] of NODE_SUFFIXES) {
    if (!key.endsWith(suffix)) continue;
    const prefix = key.slice(0, -suffix.length);
    const level = prefix === '' ? BARE_NODE_LEVEL[suffix] : levelOfPrefix(prefix, levelNames);
    // The plan itself has indicators (主要目標) but no texts of its own here.
    if (level !== undefined && (level > 0 || field === 'nodeIndicator')) return { field, level };
  }
  return undefined;
}

/** Amount fields: a (千円)/(万円)/(百万円) header unit multiplies their cells. */
const AMOUNT_FIELDS: ReadonlySet<PlanField> = new Set([
  'budget',
  'projectCost',
  'fundingGeneral',
  'fundingNationalPrefectural',
  'fundingOther',
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

/** A mapping target, also a node field with its level (`基本方針の指標`, `plan indicator`). */
function parseMappingTarget(
  raw: string,
  levelNames: readonly string[],
): { field: PlanField; level?: number } | 'ignore' | undefined {
  const target = parseColumnTarget(raw);
  if (target === 'ignore') return target;
  if (target && !NODE_FIELDS.has(target)) return { field: target };
  return (
    classifyNodeField(normalizeHeaderKey(raw), levelNames) ??
    (target ? { field: target, level: 1 } : undefined)
  );
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
  /** Node fields: the level whose node the column describes (0 = the plan). */
  readonly level?: number;
}

/**
 * Field of one header, `undefined` when unknown: the plan's level names (`levelNames`, from the
 * top, the last being the item) name its level columns, then the built-in aliases, then the node
 * fields' form (`基本方針の説明`).
 */
export function classifyHeader(
  header: string,
  levelNames: readonly string[] = [],
): ClassifiedHeader | undefined {
  const key = normalizeHeaderKey(header);
  const named = levelNames.findIndex((name) => normalizeHeaderKey(name) === key);
  if (named !== -1 && levelNames.length >= 2) {
    return { field: named === levelNames.length - 1 ? 'title' : LEVEL_FIELD_NAMES[named]! };
  }
  const direct = lookupAlias(key);
  if (direct && NODE_FIELDS.has(direct)) return { field: direct, level: 1 };
  if (direct) return { field: direct, fiscalYear: yearAnnotation(header) };
  const node = classifyNodeField(key, levelNames);
  if (node) return node;
  // 2027年度目標値, target_2027, R9目標値: a year written into the header itself.
  const year = YEAR_IN_KEY.exec(key);
  if (year) {
    const field = lookupAlias(key.replace(year[0], ''));
    const fiscalYear = parseFiscalYear(year[0]);
    if (field && fiscalYear !== undefined) return { field, fiscalYear };
  }
  return undefined;
}

const LEVEL_FIELD_NAMES: readonly PlanField[] = ['goal', 'theme', 'level3'];

export interface ColumnBinding {
  readonly index: number;
  /** Header as written in the file. */
  readonly header: string;
  readonly field: PlanField;
  /** For target and 効果額 columns with a year (目標値(2027年度), 効果額目標(2025年度)). */
  readonly fiscalYear?: number;
  /** For budget columns with (千円)/(万円)/(百万円) in the header. */
  readonly multiplier: number;
  /** For node fields: the level of the node the column describes (0 = the plan itself). */
  readonly level?: number;
}

export interface ColumnLayout {
  readonly bindings: readonly ColumnBinding[];
  /** Columns without a header text; data under them is reported once. */
  readonly unnamedColumns: readonly number[];
  readonly byField: ReadonlyMap<PlanField, ColumnBinding>;
  readonly targets: readonly ColumnBinding[];
  /** 効果額 columns (歳出削減/歳入確保/取組経費/効果額), with or without a year. */
  readonly effects: readonly ColumnBinding[];
  /** A node's own columns (説明, 目指す姿, 現状と課題, 指標), each with its level. */
  readonly nodeFields: readonly ColumnBinding[];
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
  levelNames: readonly string[] = [],
): ColumnLayout {
  const explicit = new Map<
    string,
    { target: { field: PlanField; level?: number } | 'ignore'; used: boolean; raw: string }
  >();
  for (const mapping of [...mappings].reverse()) {
    for (const [rawHeader, rawTarget] of Object.entries(mapping)) {
      const target = typeof rawTarget === 'string' ? parseMappingTarget(rawTarget, levelNames) : undefined;
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
  const nodeFields: ColumnBinding[] = [];

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
      classified = { ...mapped.target, fiscalYear: yearAnnotation(header) };
    } else {
      classified = classifyHeader(header, levelNames);
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
      ...(NODE_FIELDS.has(classified.field) ? { level: classified.level ?? 1 } : {}),
    };
    const isYearField = YEAR_FIELDS.has(binding.field);
    const isNodeField = NODE_FIELDS.has(binding.field);
    const first = isYearField
      ? yearColumns.find((t) => t.field === binding.field && t.fiscalYear === binding.fiscalYear)
      : isNodeField
        ? nodeFields.find((n) => n.field === binding.field && n.level === binding.level)
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
    } else if (isNodeField) {
      nodeFields.push(binding);
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

  return { bindings, unnamedColumns, byField, targets, effects, nodeFields };
}
