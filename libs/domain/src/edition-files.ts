/**
 * How a 公表版 names an item's 評価シート files (`evaluation-sheet-<code>.html` / `.xlsx`), shared by
 * the API that freezes them and the web page that lists them with the item's title.
 */

/**
 * An item code made a file-name part: ASCII letters, digits, `-` and `_` only (「1-2」 stays, 「Ⅱ-3」
 * becomes `_-3`); a code with no ASCII letter or digit at all is named by its place (`item5`).
 */
export function fileSafeCode(code: string, index: number): string {
  const safe = code.replace(/[^A-Za-z0-9_-]+/g, '_');
  return /[A-Za-z0-9]/.test(safe) ? safe : `item${index + 1}`;
}

export const EVALUATION_SHEET_PREFIX = 'evaluation-sheet';
/** A node's 施策評価シート (#24): `policy-evaluation-sheet-<node code>.html` / `.xlsx`. */
export const POLICY_SHEET_PREFIX = 'policy-evaluation-sheet';

/** A review round's 外部評価報告書 (#25): `external-review-<n>.html` / `.xlsx`, n its 第n回 of the year. */
export const EXTERNAL_REVIEW_PREFIX = 'external-review';

type SheetFile = { code: string; format: 'html' | 'xlsx' };

/** The code part and format of a file named `<prefix>-<code>.html|xlsx`, or null. */
function fileOf(prefix: string, name: string): SheetFile | null {
  if (!name.startsWith(`${prefix}-`)) return null;
  const match = /^(.+)\.(html|xlsx)$/.exec(name.slice(prefix.length + 1));
  return match ? { code: match[1]!, format: match[2] as 'html' | 'xlsx' } : null;
}

/** The code part and format of an item sheet's file name (`evaluation-sheet-1-2.html` → 1-2, html), or null. */
export function sheetFileOf(name: string): SheetFile | null {
  return fileOf(EVALUATION_SHEET_PREFIX, name);
}

/** The same of a node's 施策評価シート (`policy-evaluation-sheet-1-A.html` → 1-A, html). */
export function policySheetFileOf(name: string): SheetFile | null {
  return fileOf(POLICY_SHEET_PREFIX, name);
}

/** The same of a 外部評価報告書 (`external-review-2.html` → 2, html). */
export function externalReviewFileOf(name: string): SheetFile | null {
  return fileOf(EXTERNAL_REVIEW_PREFIX, name);
}

/**
 * Item codes in the order people count them: 1-2 before 1-10, 2-1 after both (runs of digits
 * compare as numbers, the rest character by character).
 */
export function compareItemCodes(a: string, b: string): number {
  const [x, y] = [a.match(/\d+|\D+/g) ?? [], b.match(/\d+|\D+/g) ?? []];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const [p, q] = [x[i]!, y[i]!];
    const diff = /^\d/.test(p) && /^\d/.test(q) ? Number(p) - Number(q) : p < q ? -1 : p > q ? 1 : 0;
    if (diff !== 0) return diff;
  }
  return x.length - y.length;
}
