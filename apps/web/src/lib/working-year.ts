// The fiscal year people work in (#28 point 9): lists that show one year open on it, whatever
// later years already have cycles.
const JST_OFFSET_MS = 9 * 3_600_000;

/** The Japanese fiscal year (1 April – 31 March, Japan time) that `now` falls in. */
export function fiscalYearNow(now: Date = new Date()): number {
  const jst = new Date(now.getTime() + JST_OFFSET_MS);
  return jst.getUTCMonth() >= 3 ? jst.getUTCFullYear() : jst.getUTCFullYear() - 1;
}

/**
 * The year a year-by-year view opens on: this fiscal year when any item has a cycle in it (the
 * year in DO); otherwise, of the years whose cycles are the items' latest, the one nearest to
 * now (the earlier of two as near). `undefined` while loading or when no cycle exists.
 */
export function workingYear(current: number, hasCurrent: boolean, latestYears: readonly number[]) {
  if (hasCurrent) return current;
  const distance = (y: number) => Math.abs(y - current) * 2 + (y > current ? 1 : 0);
  return [...latestYears].sort((a, b) => distance(a) - distance(b))[0];
}
