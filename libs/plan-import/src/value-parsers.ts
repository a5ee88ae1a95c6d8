import type { AchievementFormulaSetting, CityReviewCadence } from '@pdca/domain/city-settings';
import type { IndicatorDirection, IndicatorKind } from './plan-import.types';

/** Full-width → half-width letters/digits, half-width kana → full-width, compatibility forms unfolded. */
export function nfkc(text: string): string {
  return text.normalize('NFKC');
}

/** Trims ASCII and ideographic spaces plus stray BOMs and non-breaking spaces. */
export function cleanCell(text: string): string {
  return text.replace(/^[\s\u3000\uFEFF\u00A0]+|[\s\u3000\uFEFF\u00A0]+$/g, '');
}

export type NumberParse = { readonly ok: true; readonly value: number } | { readonly ok: false };

const SUFFIX_MULTIPLIERS: Readonly<Record<string, number>> = { 千: 1e3, 万: 1e4, 百万: 1e6, 億: 1e8 };

/**
 * Reads a number as Japanese tables write it: full-width digits, thousands separators (1,234),
 * currency marks (¥ ￥ 円, and \ for a yen sign that went through Shift_JIS), a percent sign, Japanese minus signs (▲ △ −) and 千/万/百万/億 unit
 * suffixes (`1,234千円` → 1234000). Anything else is not a number.
 */
export function parseNumberCell(raw: string): NumberParse {
  let text = nfkc(cleanCell(raw)).replace(/\s+/g, '');
  if (text === '') return { ok: false };
  let sign = 1;
  if (/^[▲△\-−‐]/.test(text)) {
    sign = -1;
    text = text.slice(1);
  } else if (text.startsWith('+')) {
    text = text.slice(1);
  }
  // Shift_JIS has no ¥: Japanese Excel writes the yen sign as byte 0x5C, which decodes as a backslash.
  text = text.replace(/^[¥$\\]/, '').replace(/円$/, '');
  let multiplier = 1;
  const suffix = /(百万|千|万|億)$/.exec(text);
  if (suffix) {
    multiplier = SUFFIX_MULTIPLIERS[suffix[1]!]!;
    text = text.slice(0, -suffix[1]!.length);
  }
  text = text.replace(/%$/, '');
  if (text.includes(',')) {
    if (!/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) return { ok: false };
    text = text.replace(/,/g, '');
  }
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(text)) return { ok: false };
  const value = sign * Number(text) * multiplier;
  if (!Number.isFinite(value)) return { ok: false };
  // 1.1 * 1000 must stay 1100, not 1100.0000000000002.
  return { ok: true, value: multiplier === 1 ? value : Number(value.toPrecision(15)) };
}

const DIRECTION_WORDS: ReadonlyArray<readonly [IndicatorDirection, readonly string[]]> = [
  [
    'higher',
    [
      'higher',
      'higherisbetter',
      'high',
      'up',
      'increase',
      'maximize',
      'maximise',
      'max',
      '+',
      '↑',
      '↗',
      '高いほど良い',
      '高いほどよい',
      '高い方が良い',
      '高いほうが良い',
      '多いほど良い',
      '多いほどよい',
      '大きいほど良い',
      '上昇',
      '増加',
      '向上',
      '拡大',
      '増',
      '高',
      '上',
    ],
  ],
  [
    'lower',
    [
      'lower',
      'lowerisbetter',
      'low',
      'down',
      'decrease',
      'minimize',
      'minimise',
      'min',
      '-',
      '↓',
      '↘',
      '低いほど良い',
      '低いほどよい',
      '低い方が良い',
      '低いほうが良い',
      '少ないほど良い',
      '少ないほどよい',
      '小さいほど良い',
      '低下',
      '減少',
      '削減',
      '縮小',
      '減',
      '低',
      '下',
    ],
  ],
];

/** `undefined` when the text is not a recognised direction. */
export function parseDirection(raw: string): IndicatorDirection | undefined {
  const key = nfkc(cleanCell(raw))
    .toLowerCase()
    .replace(/[\s_-]+(?=.)/g, '')
    .replace(/[。.]$/, '');
  for (const [direction, words] of DIRECTION_WORDS) {
    if (words.includes(key)) return direction;
  }
  return undefined;
}

const ERA_OFFSETS: Readonly<Record<string, number>> = { 令和: 2018, r: 2018, 平成: 1988, h: 1988 };

/** A fiscal year written as 2024, 2024年度, FY2024, 令和6年度, R6 or 令和元年度. */
export function parseFiscalYear(raw: string): number | undefined {
  const text = nfkc(cleanCell(raw)).toLowerCase().replace(/\s+/g, '');
  const western = /^(?:fy)?(\d{4})(?:年度?|fy)?$/.exec(text);
  if (western) return Number(western[1]);
  const era = /^(令和|平成|r|h)(\d{1,2}|元)(?:年度?)?$/.exec(text);
  if (era) return ERA_OFFSETS[era[1]!]! + (era[2] === '元' ? 1 : Number(era[2]));
  return undefined;
}

/** `2024-2027`, `2024–2027`, `令和6年度～令和9年度`, `R6-R9`, `2024年度から2027年度`. */
export function parsePeriod(raw: string): { startFy: number; endFy: number } | undefined {
  const parts = nfkc(cleanCell(raw))
    .replace(/[()]/g, ' ')
    .split(/\s*(?:[-–—~〜～]|から|まで|to)\s*/)
    .filter((part) => part !== '');
  if (parts.length !== 2) return undefined;
  const startFy = parseFiscalYear(parts[0]!);
  // "令和6年度～9年度": the era carries over to the end year.
  const era = /^(令和|平成|r|h)/i.exec(parts[0]!);
  const endFy = parseFiscalYear(parts[1]!) ?? (era ? parseFiscalYear(era[1] + parts[1]!) : undefined);
  if (startFy === undefined || endFy === undefined) return undefined;
  return { startFy, endFy };
}

// A numbered token: an optional short word, a number with -/. parts, an optional 柱/章/節/項/号
// (目標1, 改革テーマ1, 方針2-1, 第1の柱, 1-1). "2025年の崖" is a title, not a code.
const CODE_TOKEN = /^[^\d\s]{0,8}\d+(?:[-.]\d+)*(?:の柱|柱|章|節|項|号)?$/u;

// 〔目標1〕, 【方針1】, [1], (1), <1>, and their full-width forms.
const BRACKETED_LABEL = /^[〔【[(（<＜]([^〕】\])）>＞]{1,16})[〕】\])）>＞][\s\u3000]*(.+)$/su;

/**
 * Splits a goal/theme label into a code and a title: `目標1 効率的…` → 目標1, `〔目標1〕効率的…` → 目標1,
 * `方針2-1 財政基盤` → 方針2-1, `1. 市民の…` → 1. An unbracketed code must be followed by a space,
 * so `①組織の…` stays a title. Labels without a leading numbered token have no code (`code`
 * undefined) and keep the whole text as title. The title is only trimmed; the code is NFKC-normalised.
 */
export function splitLabel(raw: string): { code?: string; title: string } {
  const label = cleanCell(raw);
  const bracketed = BRACKETED_LABEL.exec(label);
  if (bracketed && CODE_TOKEN.test(nfkc(cleanCell(bracketed[1]!)))) {
    return { code: normalizeCode(bracketed[1]!), title: cleanCell(bracketed[2]!) };
  }
  const token = /^(\S{1,16}?)[.．、:：]?[\s\u3000]+(.+)$/su.exec(label);
  if (token && CODE_TOKEN.test(nfkc(token[1]!))) {
    return { code: normalizeCode(token[1]!).replace(/[.:、]$/, ''), title: cleanCell(token[2]!) };
  }
  return { title: label };
}

/** Codes compare after NFKC (１－１ = 1-1) with dash look-alikes folded and spaces removed. */
export function normalizeCode(raw: string): string {
  return (
    nfkc(cleanCell(raw))
      .replace(/[‐‑‒–—―−－]/g, '-')
      // ー is a dash only between digits (1ー1); in 改革テーマ1 it is part of the word.
      .replace(/(?<=\d)ー(?=\d)/g, '-')
      .replace(/\s+/g, '')
  );
}

const INDICATOR_KIND_WORDS: ReadonlyArray<readonly [IndicatorKind, readonly string[]]> = [
  ['outcome', ['outcome', 'outcomes', '成果', '成果指標', 'アウトカム', 'アウトカム指標', 'kpi(成果)']],
  ['activity', ['activity', 'output', 'outputs', '活動', '活動指標', 'アウトプット', 'アウトプット指標']],
];

/** 成果指標 / 活動指標 (outcome / activity); `undefined` when not recognised. */
export function parseIndicatorKind(raw: string): IndicatorKind | undefined {
  const key = nfkc(cleanCell(raw)).toLowerCase().replace(/\s+/g, '');
  for (const [kind, words] of INDICATOR_KIND_WORDS) if (words.includes(key)) return kind;
  return undefined;
}

/** The key a choice cell is compared by: NFKC, lower case, no spaces, underscores, hyphens or ・. */
function choiceKey(raw: string): string {
  return nfkc(cleanCell(raw))
    .toLowerCase()
    .replace(/[\s\u3000_\-・]+/g, '');
}

/** A parser of a cell that must be one of a few values, each written in several words. */
function choiceParser<T>(
  words: ReadonlyArray<readonly [T, readonly string[]]>,
): (raw: string) => T | undefined {
  const lookup = new Map<string, T>();
  for (const [value, list] of words) for (const word of list) lookup.set(choiceKey(word), value);
  return (raw) => lookup.get(choiceKey(raw));
}

/** 報告頻度: 毎月 / 四半期 / 半期 / 年1回 (monthly, quarterly, half_yearly, yearly); `undefined` when not recognised. */
export const parseReviewCadence = choiceParser<CityReviewCadence>([
  ['monthly', ['monthly', 'month', '毎月', '月次', '月1回', '月ごと', '月毎', '月']],
  [
    'quarterly',
    ['quarterly', 'quarter', '四半期', '四半期ごと', '四半期毎', '年4回', '3か月ごと', '3ヶ月ごと'],
  ],
  [
    'half_yearly',
    [
      'half_yearly',
      'half-yearly',
      'half yearly',
      'semiannual',
      'semi-annual',
      'semiannually',
      '半期',
      '半期ごと',
      '半期毎',
      '半年',
      '半年ごと',
      '半年毎',
      '年2回',
      '上半期・下半期',
    ],
  ],
  ['yearly', ['yearly', 'annual', 'annually', 'year', '年1回', '年次', '年度', '毎年', '年度末', '年']],
]);

/**
 * 達成率の算式: 実績÷目標 (ratio) or 基準値からの進捗 (progress); `undefined` when not recognised.
 * NFKC turns ／ into /, so 実績／目標 reads too.
 */
export const parseAchievementFormula = choiceParser<AchievementFormulaSetting>([
  [
    'ratio',
    [
      'ratio',
      'actual/target',
      'actual÷target',
      '実績÷目標',
      '実績/目標',
      '実績÷目標値',
      '実績値÷目標値',
      '実績値/目標値',
      '比率',
    ],
  ],
  [
    'progress',
    [
      'progress',
      'progress from baseline',
      'progress from the baseline',
      '基準値からの進捗',
      '基準値からの進捗率',
      '現状値からの進捗',
      '進捗',
      '進捗率',
      '(実績-基準値)÷(目標-基準値)',
      '(実績−基準値)÷(目標−基準値)',
    ],
  ],
]);
