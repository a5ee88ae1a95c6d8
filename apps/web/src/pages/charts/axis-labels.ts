// The labels on the plan's chart axes, for the room they get (pure: unit-tested).
import { eraOfFiscalYear, type Lang } from '../../lib/format';

/** A chart narrower than this (a phone) gives the names on its axis less room. */
export const NARROW_CHART = 480;

/**
 * A year on the axis for the room each year gets (px): 令和7年度 / FY2025 when it fits, else
 * R7年度, else R7 / '25 — every year of a seven-year plan keeps a label at 360 px (the table under
 * the chart gives each year in full).
 */
export function yearTick(fy: number, lang: Lang, room = Number.POSITIVE_INFINITY): string {
  if (lang === 'en') return room >= 56 ? `FY${fy}` : `'${String(fy).slice(-2)}`;
  if (room >= 90) return eraOfFiscalYear(fy).ja;
  return room >= 52 ? `R${fy - 2018}年度` : `R${fy - 2018}`;
}

/** About the width of one full-width character of the axis labels (14 px, as the other axes). */
const CHAR_PX = 14;

/**
 * A node's name on a category axis in at most two lines: its code, then as much of its title as
 * fits (… when cut); the whole name is the label's tooltip and stands in the table under the chart.
 */
export function nameLines(code: string, title: string, axisWidth: number): string[] {
  const fits = Math.max(4, Math.floor((axisWidth - 10) / CHAR_PX));
  const whole = `${code} ${title}`;
  if (whole.length <= fits) return [whole];
  const rest = title.length <= fits ? title : `${title.slice(0, fits - 1)}…`;
  return [code.length <= fits ? code : `${code.slice(0, fits - 1)}…`, rest];
}
