import type { ValidationProblem } from '@pdca/domain/validation-problem';
import type { ErrorDetail } from '../api/client';
import { ApiError } from '../api/client';
import type { Lang } from '../lib/format';

/** Server problems by field path (`targets[0].target`), in the chosen language. */
export type FieldErrors = ReadonlyMap<string, string>;

/**
 * How a form names its fields, by path, in the chosen language: `targets[0].target` →
 * 「指標1『オンライン申請率』の目標値」. A problem with a named field is said in those words.
 */
export type FieldLabels = ReadonlyMap<string, string>;

const NO_LABELS: FieldLabels = new Map();

/**
 * What the form found before sending (libs/domain's own validators, run on the body): thrown
 * instead of sending, so the user sees the same field messages without a request.
 */
export class ClientCheckError extends Error {
  constructor(readonly problems: readonly ValidationProblem[]) {
    super(problems.map((p) => p.field).join(', '));
  }
}

interface Problem {
  field: string;
  rule: string;
  ja: string;
  en: string;
}

function problemsOf(error: unknown): Problem[] {
  if (error instanceof ClientCheckError)
    return error.problems.map((p) => ({ field: p.field, rule: p.rule, ...p.message }));
  if (!(error instanceof ApiError) || !error.body?.details) return [];
  return error.body.details
    .filter((d: ErrorDetail) => d.severity !== 'warning')
    .map((d: ErrorDetail) => ({ field: d.field, rule: d.rule, ja: d.messageJa, en: d.messageEn }));
}

// Messages that do not say which field they are about (libs/domain's checkText, checkList and
// checkFiniteNumber: 「入力してください。」), so the form's name for the field goes in front.
const UNNAMED_RULES = new Set(['required', 'number', 'type', 'max_length', 'max_items']);
const UNNAMED = {
  ja: /^(入力してください|数値で|文字列で|\d+文字以内|\d+件以内|一覧の形式)/,
  en: /^(This field is required|Enter a number|Enter text|Use at most|Expected a list)/,
};

const upperFirst = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/**
 * One problem in the words of the form: the raw path a shape check names (`targets[0].target
 * を入力してください。`) becomes the field's label, and a message that names no field gets the
 * label in front (「指標1『オンライン申請率』の目標値を入力してください。」 / "Target for indicator
 * 1 “Online application rate” is required."). A field without a label keeps the message as sent.
 */
export function labelledMessage(
  problem: { field: string; rule: string; ja: string; en: string },
  label: string | undefined,
  lang: Lang,
): string {
  const message = lang === 'ja' ? problem.ja : problem.en;
  if (!label) return message;
  if (message.includes(problem.field)) {
    const replaced = message.split(problem.field).join(label);
    return replaced.startsWith(label) ? upperFirst(replaced) : replaced;
  }
  if (!UNNAMED_RULES.has(problem.rule) || !UNNAMED[lang].test(message)) return message;
  if (lang === 'ja')
    return message.startsWith('入力してください') ? `${label}を${message}` : `${label}は${message}`;
  return problem.rule === 'required'
    ? `${upperFirst(label)} is required.`
    : `${upperFirst(label)}: ${lowerFirst(message)}`;
}

/**
 * The problems of a failed submission (the 400's `details`, or what the form found before
 * sending), grouped by field: the form shows each next to the field it names, in its words.
 * Several problems with one field are joined.
 */
export function fieldErrorsOf(error: unknown, lang: Lang, labels: FieldLabels = NO_LABELS): FieldErrors {
  const map = new Map<string, string>();
  for (const problem of problemsOf(error)) {
    const message = labelledMessage(problem, labels.get(problem.field), lang);
    const previous = map.get(problem.field);
    map.set(problem.field, previous ? `${previous} ${message}` : message);
  }
  return map;
}

/**
 * The sentence for the top of the form (what failed overall), or null when nothing failed. A form
 * that names its fields lists the ones to look at in its words, not as paths, in the order of its
 * labels (the form's order), whatever order the server found them in.
 */
export function summaryOf(error: unknown, lang: Lang, labels: FieldLabels = NO_LABELS): string | null {
  if (!error) return null;
  const problems = problemsOf(error);
  if (problems.length > 0 && (labels.size > 0 || error instanceof ClientCheckError)) {
    // In the order the form shows its fields (its labels' order), the unnamed ones after.
    const rank = new Map([...labels.keys()].map((field, i) => [field, i]));
    const ordered = problems
      .map((p, i) => ({ p, at: rank.get(p.field) ?? labels.size + i }))
      .sort((a, b) => a.at - b.at)
      .map(({ p }) => p);
    const names = [...new Set(ordered.map((p) => labels.get(p.field) ?? p.field))];
    return lang === 'ja'
      ? `入力内容を確認してください：${names.join('、')}`
      : `Check the following: ${names.join('; ')}.`;
  }
  if (error instanceof ApiError && error.body)
    return lang === 'ja' ? error.body.messageJa : error.body.messageEn;
  return lang === 'ja'
    ? '通信できませんでした。もう一度お試しください。'
    : 'The server could not be reached. Try again.';
}

/**
 * Fields the form does not show (e.g. `payload`, or an indicator id the user cannot edit) still
 * must reach the user: the ones not in `shown` are listed with the summary, by their message
 * (already in the form's words where the form names the field), never by a raw path such as
 * `payload` or `indicators[0].indicatorId`, which means nothing to the reader.
 */
export function unshownErrors(errors: FieldErrors, shown: readonly string[]): string[] {
  return [...new Set([...errors].filter(([field]) => !shown.includes(field)).map(([, message]) => message))];
}

/**
 * What the user typed in a number field, as the API receives it. Full-width digits and thousands
 * separators are accepted (`１２,０００` → 12000); an empty field is null (the server says it is
 * required); anything else is sent as typed so the server's rule, not a second copy of it here,
 * explains what is wrong.
 */
export function numberInput(text: string): number | string | null {
  const normalised = text.normalize('NFKC').replace(/[,\s]/g, '');
  if (normalised === '') return null;
  const value = Number(normalised);
  return Number.isFinite(value) && /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(normalised) ? value : text;
}

/** Units a Japanese budget document writes after an amount, in yen (円 is often left out: 300万). */
const YEN_UNITS: ReadonlyArray<readonly [string, number]> = [
  ['百万円', 1_000_000],
  ['万円', 10_000],
  ['千円', 1_000],
  ['円', 1],
  ['百万', 1_000_000],
  ['万', 10_000],
  ['千', 1_000],
];

/**
 * A yen amount as typed: like numberInput, and also as budget documents write it — `3,600千円`,
 * `1.2百万円`, `50万円`, `300万`, `¥12,000`, `12,000円` (an official copies figures from a sheet in 千円). The
 * result is yen; a fraction of a yen is left for the server to refuse.
 */
export function moneyInput(text: string): number | string | null {
  const normalised = text
    .normalize('NFKC')
    .replace(/[,\s]/g, '')
    .replace(/^[¥\\]/, '');
  const unit = YEN_UNITS.find(([suffix]) => normalised.endsWith(suffix) && normalised.length > suffix.length);
  if (!unit) return numberInput(text.normalize('NFKC').replace(/^\s*[¥\\]/, ''));
  const value = numberInput(normalised.slice(0, -unit[0].length));
  // Scaled in integer steps where possible so 1.2百万円 is exactly 1,200,000.
  return typeof value === 'number' ? Math.round(value * unit[1] * 1e6) / 1e6 : text;
}
