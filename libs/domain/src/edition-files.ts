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

/** The code part and format of a sheet's file name (`evaluation-sheet-1-2.html` → 1-2, html), or null. */
export function sheetFileOf(name: string): { code: string; format: 'html' | 'xlsx' } | null {
  const match = /^evaluation-sheet-(.+)\.(html|xlsx)$/.exec(name);
  return match ? { code: match[1]!, format: match[2] as 'html' | 'xlsx' } : null;
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
