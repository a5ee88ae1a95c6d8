// Over 400 lines because validatePlanTable is one pass over the rows that builds the tree and every problem together; splitting it would thread its state through many functions.
import { type ColumnBinding, type ColumnLayout, type ColumnMapping, resolveColumns } from './column-mapping';
import { problems as messages, planError, planWarning } from './plan-import.messages';
import type {
  ImportedEffectTarget,
  ImportedGoal,
  ImportedIndicator,
  ImportedItem,
  ImportedPlan,
  IndicatorDirection,
  IndicatorKind,
  ParsePlanFileOptions,
  PlanField,
  PlanImportProblem,
  PlanImportResult,
} from './plan-import.types';
import { resolveMetadata } from './plan-metadata';
import type { RawRow, RawTable } from './table-readers';
import {
  cleanCell,
  normalizeCode,
  parseDirection,
  parseIndicatorKind,
  parseNumberCell,
  splitLabel,
} from './value-parsers';

export const DEFAULT_MAX_ROWS = 5000;

/** Longest accepted text per field (characters). */
export const MAX_LENGTHS: Readonly<Record<PlanField, number>> = {
  code: 40,
  title: 200,
  summary: 4000,
  background: 4000,
  goal: 300,
  theme: 300,
  workingGroup: 100,
  indicator: 200,
  unit: 30,
  baseline: 50,
  target: 50,
  direction: 30,
  indicatorKind: 30,
  budget: 50,
  effectSpending: 50,
  effectRevenue: 50,
  effectCost: 50,
  effectNet: 50,
};

/** Japanese names of the fields for messages (English messages use the field id). */
const FIELD_LABELS_JA: Readonly<Record<PlanField, string>> = {
  code: '番号',
  title: '改革項目名',
  summary: '概要',
  background: '現状と課題',
  goal: '目標',
  theme: 'テーマ',
  workingGroup: '所管',
  indicator: '指標名',
  unit: '単位',
  baseline: '現状値',
  target: '目標値',
  direction: '方向',
  indicatorKind: '指標区分',
  budget: '予算額',
  effectSpending: '歳出削減見込額',
  effectRevenue: '歳入確保見込額',
  effectCost: '取組経費',
  effectNet: '効果額目標',
};

type EffectPart = 'spendingReduction' | 'revenueGain' | 'cost' | 'net';

const EFFECT_PART_OF: Readonly<Partial<Record<PlanField, EffectPart>>> = {
  effectSpending: 'spendingReduction',
  effectRevenue: 'revenueGain',
  effectCost: 'cost',
  effectNet: 'net',
};

/** What one fiscal year's 効果額 cells said, before the net is derived. */
type EffectCells = Partial<Record<EffectPart, { value: number; row: number; column: string }>>;

const DEFAULT_GOAL_CODE = 'default';
const DEFAULT_GOAL_TITLE = '（目標なし） / (no goal)';

interface GoalBuilder {
  readonly key: string;
  code?: string;
  readonly title: string;
  readonly isDefault: boolean;
  readonly row: number;
  readonly themes: ThemeBuilder[];
}

interface ThemeBuilder {
  readonly key: string;
  code?: string;
  readonly title: string;
  readonly isDefault: boolean;
  readonly goal: GoalBuilder;
  readonly row: number;
  readonly items: ItemBuilder[];
}

interface ItemBuilder {
  code?: string;
  readonly codeAutoAssigned: boolean;
  readonly title: string;
  summary?: string;
  background?: string;
  workingGroup?: string;
  budget?: number;
  /** By fiscal year; `null` key = a year-less column (every year of the plan period). */
  readonly effects: Map<number | null, EffectCells>;
  readonly indicators: ImportedIndicator[];
  readonly theme: ThemeBuilder;
  readonly row: number;
}

/** Reads one row's cells through the column layout. */
class RowView {
  constructor(
    private readonly layout: ColumnLayout,
    readonly raw: RawRow,
  ) {}

  binding(field: PlanField): ColumnBinding | undefined {
    return this.layout.byField.get(field);
  }

  text(field: PlanField): string {
    const binding = this.binding(field);
    return binding ? this.cell(binding) : '';
  }

  cell(binding: ColumnBinding): string {
    return cleanCell(this.raw.cells[binding.index] ?? '');
  }

  column(field: PlanField): string {
    return this.binding(field)?.header ?? field;
  }

  isEmpty(): boolean {
    return this.layout.bindings.every((binding) => this.cell(binding) === '');
  }
}

function firstFree(candidate: string, used: Set<string>): string {
  let code = candidate;
  for (let n = 2; used.has(code); n++) code = `${candidate}#${n}`;
  used.add(code);
  return code;
}

function labelKey(cell: string): string {
  const label = splitLabel(cell);
  return label.code ?? label.title;
}

/** Whether the goal/theme cells written on a row (empty = not written) agree with the item's. */
function sameBlock(item: ItemBuilder, goalCell: string, themeCell: string): boolean {
  return (
    (goalCell === '' || labelKey(goalCell) === item.theme.goal.key) &&
    (themeCell === '' || labelKey(themeCell) === item.theme.key)
  );
}

/** Errors before warnings, then in reading order: by row, then by the column's position. */
function sortProblems(list: readonly PlanImportProblem[], headers: readonly string[]): PlanImportProblem[] {
  const rank = (p: PlanImportProblem) => (p.severity === 'error' ? 0 : 1);
  const position = (p: PlanImportProblem) => (p.column === null ? -1 : headers.indexOf(p.column));
  return [...list].sort(
    (a, b) => rank(a) - rank(b) || (a.row ?? 0) - (b.row ?? 0) || position(a) - position(b),
  );
}

function baseName(fileName: string): string {
  return cleanCell(
    fileName
      .split(/[\\/]/)
      .pop()!
      .replace(/\.[^.]+$/, ''),
  );
}

/**
 * Checks the whole table and builds the plan tree; every problem of every row is reported
 * (the build goes on after an error so that the next rows are checked too). Pure and total:
 * whatever the table holds, it returns a result and never throws.
 */
export function validatePlanTable(
  table: RawTable,
  options: ParsePlanFileOptions = {},
  earlierProblems: readonly PlanImportProblem[] = [],
): PlanImportResult {
  const problems: PlanImportProblem[] = [...earlierProblems];
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  if (table.rows.length > maxRows) {
    return {
      ok: false,
      problems: [messages.tooManyRows(table.rows.length, maxRows, false)],
      tooLarge: { limit: 'rows', max: maxRows, actual: table.rows.length },
    };
  }

  const meta = resolveMetadata(table.metadata, options, problems);
  const mappings: ColumnMapping[] = [];
  if (options.mapping) mappings.push(options.mapping);
  if (meta.mapping) mappings.push(meta.mapping);
  const layout = resolveColumns(table.headers, table.headerRow, mappings, problems);

  if (!layout.byField.has('title')) {
    problems.push(
      planError(
        'column_missing',
        { row: table.headerRow },
        {
          ja: '改革項目名の列がありません。見出しを「改革項目」「事業名」「実施計画事業」「取組項目」「title」のいずれかにするか、列の対応付けで title を指定してください。',
          en: 'There is no item title column. Name it 改革項目, 事業名, 実施計画事業, 取組項目 or title, or map a column to title.',
        },
      ),
    );
    return { ok: false, problems: sortProblems(problems, table.headers) };
  }

  const hasCodeColumn = layout.byField.has('code');
  const fillDown = options.fillDown ?? table.format !== 'json';
  const goals = new Map<string, GoalBuilder>();
  const themes = new Map<string, ThemeBuilder>();
  const itemsByCode = new Map<string, ItemBuilder>();
  const allItems: ItemBuilder[] = [];
  const reportedUnnamed = new Set<number>();
  let current: ItemBuilder | undefined;
  let lastGoalCell = '';
  let lastThemeCell = '';

  const goalFor = (cell: string, row: RawRow, view: RowView): GoalBuilder => {
    if (cell === '') {
      let goal = goals.get('');
      if (!goal) {
        goal = {
          key: '',
          code: DEFAULT_GOAL_CODE,
          title: DEFAULT_GOAL_TITLE,
          isDefault: true,
          row: row.row,
          themes: [],
        };
        goals.set('', goal);
      }
      return goal;
    }
    const label = splitLabel(cell);
    const key = label.code ?? label.title;
    const existing = goals.get(key);
    if (existing) {
      if (existing.title !== label.title) {
        problems.push(
          planError(
            'hierarchy_conflict',
            { row: row.row, column: view.column('goal'), value: cell },
            {
              ja: `目標「${key}」の名称が${existing.row}行目（${existing.title}）と異なります。`,
              en: `Goal "${key}" has a different title than on row ${existing.row} ("${existing.title}").`,
            },
          ),
        );
      }
      return existing;
    }
    const goal: GoalBuilder = {
      key,
      code: label.code,
      title: label.title,
      isDefault: false,
      row: row.row,
      themes: [],
    };
    goals.set(key, goal);
    return goal;
  };

  const themeFor = (cell: string, goal: GoalBuilder, row: RawRow, view: RowView): ThemeBuilder => {
    if (cell === '') {
      const key = `\u0000${goal.key}`;
      let theme = themes.get(key);
      if (!theme) {
        theme = { key, title: goal.title, isDefault: true, goal, row: row.row, items: [] };
        themes.set(key, theme);
        goal.themes.push(theme);
      }
      return theme;
    }
    const label = splitLabel(cell);
    const key = label.code ?? label.title;
    const existing = themes.get(key);
    if (existing) {
      if (existing.goal !== goal) {
        problems.push(
          planError(
            'hierarchy_conflict',
            { row: row.row, column: view.column('theme'), value: cell },
            {
              ja: `テーマ「${key}」は${existing.row}行目で目標「${existing.goal.title}」の下にあり、別の目標「${goal.title}」の下には置けません（テーマの番号は計画内で一意にしてください）。`,
              en: `Theme "${key}" sits under goal "${existing.goal.title}" on row ${existing.row}; it cannot also sit under goal "${goal.title}" (theme codes must be unique within the plan).`,
            },
          ),
        );
      } else if (existing.title !== label.title) {
        problems.push(
          planError(
            'hierarchy_conflict',
            { row: row.row, column: view.column('theme'), value: cell },
            {
              ja: `テーマ「${key}」の名称が${existing.row}行目（${existing.title}）と異なります。`,
              en: `Theme "${key}" has a different title than on row ${existing.row} ("${existing.title}").`,
            },
          ),
        );
      }
      return existing;
    }
    const theme: ThemeBuilder = {
      key,
      code: label.code,
      title: label.title,
      isDefault: false,
      goal,
      row: row.row,
      items: [],
    };
    themes.set(key, theme);
    goal.themes.push(theme);
    return theme;
  };

  const mergeInto = (
    item: ItemBuilder,
    field: 'summary' | 'background' | 'workingGroup',
    value: string,
    view: RowView,
  ) => {
    if (value === '') return;
    if (item[field] === undefined) item[field] = value;
    else if (item[field] !== value) {
      problems.push(
        planError(
          'continuation_conflict',
          { row: view.raw.row, column: view.column(field), value },
          {
            ja: `${item.row}行目の改革項目「${item.title}」の続きの行ですが、${FIELD_LABELS_JA[field]}が異なります。続きの行では空欄にするか同じ内容にしてください。`,
            en: `This row continues item "${item.title}" from row ${item.row} but has a different ${field}. Leave it empty or repeat the same value.`,
          },
        ),
      );
    }
  };

  const numberCell = (view: RowView, binding: ColumnBinding | undefined): number | undefined => {
    if (!binding) return undefined;
    const text = view.cell(binding);
    if (text === '') return undefined;
    const parsed = parseNumberCell(text);
    if (!parsed.ok) {
      problems.push(messages.notANumber(view.raw.row, binding.header, text));
      return undefined;
    }
    return parsed.value * binding.multiplier;
  };

  /** 効果額 cells: whole yen after the header unit, parts ≥ 0; every bad amount is listed. */
  const readEffects = (view: RowView, item: ItemBuilder | undefined): void => {
    for (const binding of layout.effects) {
      const value = numberCell(view, binding);
      if (value === undefined) continue;
      const part = EFFECT_PART_OF[binding.field]!;
      if (!Number.isSafeInteger(value) || (part !== 'net' && value < 0)) {
        problems.push(
          planError(
            'amount_invalid',
            { row: view.raw.row, column: binding.header, value: view.cell(binding) },
            {
              ja:
                part === 'net'
                  ? `効果額「${view.cell(binding)}」は整数（円）になりません。単位（千円など）と小数点を確認してください。`
                  : `${FIELD_LABELS_JA[binding.field]}「${view.cell(binding)}」は0以上の整数（円）で入力してください（単位（千円など）と小数点を確認してください）。`,
              en:
                part === 'net'
                  ? `Effect "${view.cell(binding)}" is not a whole number of yen. Check the unit (千円 etc.) and decimals.`
                  : `${binding.field} "${view.cell(binding)}" must be a whole number of yen, 0 or more (check the unit, 千円 etc., and decimals).`,
            },
          ),
        );
        continue;
      }
      if (
        binding.fiscalYear === undefined &&
        (meta.periodStartFy === undefined || meta.periodEndFy === undefined)
      ) {
        problems.push(
          planError(
            'effect_year_missing',
            { row: view.raw.row, column: binding.header },
            {
              ja: `列「${binding.header}」に年度がなく、計画期間もないため、どの年度の効果額か分かりません。見出しに年度を書く（例: 効果額目標(2025年度)）か、# period: で計画期間を指定してください。`,
              en: `Column "${binding.header}" has no fiscal year and the plan has no period, so the year of the effect is unknown. Put the year in the header (e.g. 効果額目標(2025年度)) or set "# period:".`,
            },
          ),
        );
        continue;
      }
      if (!item) continue;
      const key = binding.fiscalYear ?? null;
      const cells = item.effects.get(key) ?? {};
      const earlier = cells[part];
      if (earlier && earlier.value !== value) {
        problems.push(
          planError(
            'continuation_conflict',
            { row: view.raw.row, column: binding.header, value: view.cell(binding) },
            {
              ja: `${item.row}行目の改革項目「${item.title}」の続きの行ですが、${FIELD_LABELS_JA[binding.field]}が${earlier.row}行目と異なります。`,
              en: `This row continues item "${item.title}" from row ${item.row} but has a different ${binding.field} than row ${earlier.row}.`,
            },
          ),
        );
        continue;
      }
      cells[part] = { value, row: view.raw.row, column: binding.header };
      item.effects.set(key, cells);
    }
  };

  const readIndicator = (view: RowView, item: ItemBuilder | undefined): void => {
    const name = view.text('indicator');
    const unit = view.text('unit');
    const directionText = view.text('direction');
    const baseline = numberCell(view, view.binding('baseline'));
    const targetsByFy: Record<number, number> = {};
    let target: number | undefined;
    let anyTargetText = false;
    for (const binding of layout.targets) {
      if (view.cell(binding) !== '') anyTargetText = true;
      const value = numberCell(view, binding);
      if (value === undefined) continue;
      if (binding.fiscalYear === undefined) target = value;
      else {
        targetsByFy[binding.fiscalYear] = value;
        if (
          meta.periodStartFy !== undefined &&
          meta.periodEndFy !== undefined &&
          (binding.fiscalYear < meta.periodStartFy || binding.fiscalYear > meta.periodEndFy)
        ) {
          problems.push(
            planWarning(
              'target_outside_period',
              { row: view.raw.row, column: binding.header },
              {
                ja: `目標年度 ${binding.fiscalYear} は計画期間（${meta.periodStartFy}～${meta.periodEndFy}年度）の外です。`,
                en: `Target year ${binding.fiscalYear} is outside the plan period (FY${meta.periodStartFy}–${meta.periodEndFy}).`,
              },
            ),
          );
        }
      }
    }
    let direction: IndicatorDirection | undefined;
    if (directionText !== '') {
      direction = parseDirection(directionText);
      if (!direction) {
        problems.push(
          planError(
            'direction_invalid',
            { row: view.raw.row, column: view.column('direction'), value: directionText },
            {
              ja: `方向「${directionText}」を読み取れません。「高いほど良い」「低いほど良い」（higher / lower）のいずれかにしてください。`,
              en: `Direction "${directionText}" is not recognised. Use 高いほど良い / 低いほど良い (higher / lower).`,
            },
          ),
        );
      }
    }
    const kindText = view.text('indicatorKind');
    let kind: IndicatorKind | undefined;
    if (kindText !== '') {
      kind = parseIndicatorKind(kindText);
      if (!kind) {
        problems.push(
          planError(
            'indicator_kind_invalid',
            { row: view.raw.row, column: view.column('indicatorKind'), value: kindText },
            {
              ja: `指標区分「${kindText}」を読み取れません。「成果指標」「活動指標」（outcome / activity）のいずれかにしてください。`,
              en: `Indicator kind "${kindText}" is not recognised. Use 成果指標 / 活動指標 (outcome / activity).`,
            },
          ),
        );
      }
    }
    const hasIndicatorData =
      name !== '' ||
      unit !== '' ||
      directionText !== '' ||
      kindText !== '' ||
      view.text('baseline') !== '' ||
      anyTargetText;
    if (!hasIndicatorData || !item) return;
    let indicatorName = name;
    if (indicatorName === '') {
      if (layout.byField.has('indicator')) {
        problems.push(
          planError(
            'indicator_name_required',
            { row: view.raw.row, column: view.column('indicator') },
            {
              ja: '目標値・現状値などがある行には指標名を入力してください。',
              en: 'A row with indicator values (target, baseline, …) needs an indicator name.',
            },
          ),
        );
        return;
      }
      // No indicator column at all: the item is its own single indicator.
      indicatorName = item.title;
    }
    if (directionText === '' && !meta.direction) {
      // A silent default rewarded a worsening 経常収支比率: the file must say which way is better.
      problems.push(
        planError(
          'direction_required',
          {
            row: view.raw.row,
            column: view.binding('direction')?.header ?? view.column('indicator'),
            value: indicatorName,
          },
          {
            ja: `指標「${indicatorName}」の方向（高いほど良い／低いほど良い）がありません。方向の列に入力するか、ファイル先頭に「# direction: higher」のように既定の方向を書いてください。`,
            en: `Indicator "${indicatorName}" has no direction (higher / lower is better). Fill in the direction column or set a file default such as "# direction: higher".`,
          },
        ),
      );
    }
    direction ??= directionText === '' ? meta.direction : undefined;
    const years = Object.keys(targetsByFy).map(Number);
    const finalTarget = target ?? (years.length > 0 ? targetsByFy[Math.max(...years)] : undefined);
    item.indicators.push({
      name: indicatorName,
      ...(unit ? { unit } : {}),
      ...(baseline !== undefined ? { baseline } : {}),
      ...(finalTarget !== undefined ? { target: finalTarget } : {}),
      targetsByFy,
      ...(direction ? { direction } : {}),
      ...(kind ? { kind } : {}),
      sourceRow: view.raw.row,
    });
  };

  for (const raw of table.rows) {
    const view = new RowView(layout, raw);
    for (const index of layout.unnamedColumns) {
      if (!reportedUnnamed.has(index) && cleanCell(raw.cells[index] ?? '') !== '') {
        reportedUnnamed.add(index);
        problems.push(
          planWarning(
            'cell_without_header',
            { row: raw.row, column: `(${index + 1})` },
            {
              ja: `${index + 1}列目には見出しがないため、この列の値は無視します。`,
              en: `Column ${index + 1} has no header; its values are ignored.`,
            },
          ),
        );
      }
    }
    if (view.isEmpty()) continue;

    for (const binding of layout.bindings) {
      const text = view.cell(binding);
      const max = MAX_LENGTHS[binding.field];
      if (text.length > max) problems.push(messages.maxLength(raw.row, binding.header, text, max));
    }

    const goalCellRaw = view.text('goal');
    const themeCellRaw = view.text('theme');
    const goalCell = goalCellRaw || (fillDown ? lastGoalCell : '');
    // A new goal starts a new block: its first row's empty theme does not inherit the old one.
    const goalChanged = goalCellRaw !== '' && goalCellRaw !== lastGoalCell;
    const themeCell = themeCellRaw || (fillDown && !goalChanged ? lastThemeCell : '');
    lastGoalCell = goalCell;
    lastThemeCell = themeCell;

    const title = view.text('title');
    const codeText = view.text('code');
    const code = codeText === '' ? '' : normalizeCode(codeText);

    let item: ItemBuilder | undefined;
    let continuation = false;
    const known = code === '' ? undefined : itemsByCode.get(code);
    if (title === '') {
      if (known) {
        item = known;
        continuation = true;
      } else if (code === '' && current) {
        item = current;
        continuation = true;
      } else {
        problems.push(
          messages.required(raw.row, view.column('title'), { ja: '改革項目名', en: 'The item title' }),
        );
      }
    } else if (known) {
      if (known.title === title) {
        item = known;
        continuation = true;
      } else {
        problems.push(
          planError(
            'duplicate_code',
            { row: raw.row, column: view.column('code'), value: codeText },
            {
              ja: `番号「${code}」は${known.row}行目の「${known.title}」で使われています。番号は計画内で一意にしてください。`,
              en: `Code "${code}" is already used by "${known.title}" on row ${known.row}. Codes must be unique within the plan.`,
            },
          ),
        );
      }
    } else if (
      !hasCodeColumn &&
      current &&
      current.title === title &&
      sameBlock(current, goalCellRaw, themeCellRaw)
    ) {
      // No code column: a repeated title right below continues the item (one row per indicator).
      item = current;
      continuation = true;
    } else if (hasCodeColumn && code === '') {
      problems.push(messages.required(raw.row, view.column('code'), { ja: '番号', en: 'The code' }));
    } else {
      const goal = goalFor(goalCell, raw, view);
      const theme = themeFor(themeCell, goal, raw, view);
      item = {
        ...(code === '' ? {} : { code }),
        codeAutoAssigned: !hasCodeColumn,
        title,
        effects: new Map(),
        indicators: [],
        theme,
        row: raw.row,
      };
      theme.items.push(item);
      allItems.push(item);
      if (code !== '') itemsByCode.set(code, item);
    }

    if (item && continuation) {
      // Only cells written on this row count: filled-down values are the block's, not the row's.
      const goalDiffers = goalCellRaw !== '' && labelKey(goalCellRaw) !== item.theme.goal.key;
      const themeDiffers = themeCellRaw !== '' && labelKey(themeCellRaw) !== item.theme.key;
      if (goalDiffers || themeDiffers) {
        const field = goalDiffers ? 'goal' : 'theme';
        problems.push(
          planError(
            'hierarchy_conflict',
            { row: raw.row, column: view.column(field), value: goalDiffers ? goalCellRaw : themeCellRaw },
            {
              ja: `${item.row}行目の改革項目「${item.title}」の続きの行ですが、${FIELD_LABELS_JA[field]}が異なります。`,
              en: `This row continues item "${item.title}" from row ${item.row} but names a different ${field}.`,
            },
          ),
        );
      }
    }

    if (item) {
      mergeInto(item, 'summary', view.text('summary'), view);
      mergeInto(item, 'background', view.text('background'), view);
      mergeInto(item, 'workingGroup', view.text('workingGroup'), view);
      const budget = numberCell(view, view.binding('budget'));
      if (budget !== undefined) {
        if (item.budget === undefined) item.budget = budget;
        else if (item.budget !== budget) {
          problems.push(
            planError(
              'continuation_conflict',
              { row: raw.row, column: view.column('budget'), value: view.text('budget') },
              {
                ja: `${item.row}行目の改革項目「${item.title}」の続きの行ですが、予算額が異なります。`,
                en: `This row continues item "${item.title}" from row ${item.row} but has a different budget.`,
              },
            ),
          );
        }
      }
      current = item;
    } else {
      // Still check the numbers and direction of a rejected row, so all its problems show at once.
      numberCell(view, view.binding('budget'));
    }
    readEffects(view, item);
    readIndicator(view, item);
  }

  // Each item's targets per year: year-less columns fill every year of the period, a year column wins.
  const effectTargets = new Map<ItemBuilder, Record<number, ImportedEffectTarget>>();
  for (const item of allItems) {
    if (item.effects.size === 0) continue;
    const years: Record<number, ImportedEffectTarget> = {};
    const everyYear = item.effects.get(null);
    const yearsOfPeriod =
      everyYear && meta.periodStartFy !== undefined && meta.periodEndFy !== undefined
        ? Array.from({ length: meta.periodEndFy - meta.periodStartFy + 1 }, (_, i) => meta.periodStartFy! + i)
        : [];
    const explicitYears = [...item.effects.keys()].filter((k): k is number => k !== null);
    for (const fy of new Set([...yearsOfPeriod, ...explicitYears])) {
      const cells: EffectCells = { ...everyYear, ...item.effects.get(fy) };
      const target = effectTargetOfCells(cells, item, problems);
      if (target) years[fy] = target;
    }
    effectTargets.set(item, years);
  }

  if (allItems.length === 0 && !problems.some((p) => p.severity === 'error')) {
    problems.push(
      planError(
        'file_empty',
        { row: table.headerRow },
        { ja: '見出し行の下にデータ行がありません。', en: 'There are no data rows below the header.' },
      ),
    );
  }

  let title = meta.title;
  if (!title && options.fileName) {
    title = baseName(options.fileName);
    problems.push(
      planWarning(
        'plan_title_missing',
        {},
        {
          ja: `計画名が指定されていないため、ファイル名「${title}」を計画名にします（# plan: … で指定できます）。`,
          en: `No plan title was given; the file name "${title}" is used (set it with "# plan: …").`,
        },
      ),
    );
  }
  if (!title) {
    problems.push(
      planError(
        'plan_title_missing',
        {},
        {
          ja: '計画名がありません。ファイル先頭に「# plan: 計画名」と書くか、取込時に指定してください。',
          en: 'The plan has no title. Add "# plan: <title>" at the top of the file or pass it with the import.',
        },
      ),
    );
  }

  if (problems.some((p) => p.severity === 'error') || !title) {
    return { ok: false, problems: sortProblems(problems, table.headers) };
  }

  if (!hasCodeColumn && allItems.length > 0) {
    problems.push(
      planWarning(
        'code_auto_assigned',
        { row: table.headerRow },
        {
          ja: '番号の列がないため、改革項目の番号を「テーマ番号-連番」で自動採番しました。行の並びを変えると番号が変わるため、再取込する場合は番号の列を追加してください。',
          en: 'There is no code column, so item codes were assigned as <theme code>-<sequence>. Reordering rows changes them: add a code column before re-importing.',
        },
      ),
    );
  }

  const plan: ImportedPlan = {
    title,
    ...(meta.tenantName ? { tenantName: meta.tenantName } : {}),
    ...(meta.periodStartFy !== undefined ? { periodStartFy: meta.periodStartFy } : {}),
    ...(meta.periodEndFy !== undefined ? { periodEndFy: meta.periodEndFy } : {}),
    ...(meta.source ? { source: meta.source } : {}),
    metadata: meta.other,
    notes: meta.notes,
    goals: assignCodesAndFreeze([...goals.values()], itemsByCode, effectTargets),
  };
  return {
    ok: true,
    plan,
    warnings: sortProblems(problems, table.headers),
    source: {
      format: table.format,
      dataRows: table.rows.length,
      ...(table.sheetName ? { sheetName: table.sheetName } : {}),
    },
  };
}

/**
 * Codes for goals/themes/items the file did not number: goals 1, 2, …; themes <goal>-1, …; a
 * theme standing in for "no theme" takes its goal's code; items <theme>-1, … (plain 1, 2, … when
 * there is neither goal nor theme). Codes the file did give are never reused.
 */
/** Net from the parts (missing parts count as 0); a net column that disagrees with them is an error. */
function effectTargetOfCells(
  cells: EffectCells,
  item: ItemBuilder,
  problems: PlanImportProblem[],
): ImportedEffectTarget | undefined {
  const { spendingReduction, revenueGain, cost, net } = cells;
  if (!spendingReduction && !revenueGain && !cost) {
    return net ? { spendingReduction: null, revenueGain: null, cost: null, net: net.value } : undefined;
  }
  const s = spendingReduction?.value ?? 0;
  const r = revenueGain?.value ?? 0;
  const c = cost?.value ?? 0;
  if (net && net.value !== s + r - c) {
    problems.push(
      planError(
        'effect_mismatch',
        { row: net.row, column: net.column, value: String(net.value) },
        {
          ja: `改革項目「${item.title}」の効果額（${net.value}円）が、歳出削減＋歳入確保−取組経費（${s + r - c}円）と一致しません。`,
          en: `The effect of item "${item.title}" (${net.value} yen) does not equal spending reduced + revenue gained − cost (${s + r - c} yen).`,
        },
      ),
    );
  }
  return { spendingReduction: s, revenueGain: r, cost: c, net: s + r - c };
}

function assignCodesAndFreeze(
  goals: GoalBuilder[],
  itemsByCode: ReadonlyMap<string, ItemBuilder>,
  effectTargets: ReadonlyMap<ItemBuilder, Record<number, ImportedEffectTarget>>,
): ImportedGoal[] {
  const goalCodes = new Set(goals.flatMap((g) => (g.code ? [g.code] : [])));
  let goalSeq = 0;
  for (const goal of goals) if (!goal.code) goal.code = firstFree(String(++goalSeq), goalCodes);

  const themeCodes = new Set(goals.flatMap((g) => g.themes.flatMap((t) => (t.code ? [t.code] : []))));
  for (const goal of goals) {
    let themeSeq = 0;
    for (const theme of goal.themes) {
      if (theme.code) continue;
      theme.code = theme.isDefault
        ? firstFree(goal.code!, themeCodes)
        : firstFree(`${goal.code}-${++themeSeq}`, themeCodes);
    }
  }

  const itemCodes = new Set(itemsByCode.keys());
  for (const goal of goals) {
    for (const theme of goal.themes) {
      let itemSeq = 0;
      for (const item of theme.items) {
        if (item.code) continue;
        const prefix = theme.code === DEFAULT_GOAL_CODE ? '' : `${theme.code}-`;
        item.code = firstFree(`${prefix}${++itemSeq}`, itemCodes);
      }
    }
  }

  return goals.map((goal) => ({
    code: goal.code!,
    title: goal.title,
    isDefault: goal.isDefault,
    themes: goal.themes.map((theme) => ({
      code: theme.code!,
      title: theme.title,
      isDefault: theme.isDefault,
      items: theme.items.map(
        (item): ImportedItem => ({
          code: item.code!,
          codeAutoAssigned: item.codeAutoAssigned,
          title: item.title,
          ...(item.summary !== undefined ? { summary: item.summary } : {}),
          ...(item.background !== undefined ? { background: item.background } : {}),
          ...(item.workingGroup !== undefined ? { workingGroup: item.workingGroup } : {}),
          indicators: item.indicators,
          ...(item.budget !== undefined ? { budget: { currentAmount: item.budget } } : {}),
          ...(effectTargets.has(item) ? { effectTargets: effectTargets.get(item)! } : {}),
          sourceRow: item.row,
        }),
      ),
    })),
  }));
}
