// Small parts of the plan's charts: the axis labels of node names and years, and the data table
// that says when it scrolls sideways.
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n';
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

/** About the width of one full-width character of the axis labels (12 px font). */
const CHAR_PX = 12;

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

/** The tick of a node axis: two lines (nameLines) and the full name as its tooltip (<title>). */
export function NameTick(props: {
  x?: number;
  y?: number;
  payload?: { value: string };
  names: ReadonlyMap<string, { code: string; title: string }>;
  axisWidth: number;
}) {
  const key = props.payload?.value ?? '';
  const node = props.names.get(key) ?? { code: key, title: '' };
  const lines = nameLines(node.code, node.title, props.axisWidth);
  const lineHeight = 14;
  return (
    <g transform={`translate(${props.x ?? 0},${props.y ?? 0})`} className="name-tick">
      <title>{`${node.code} ${node.title}`.trim()}</title>
      <text textAnchor="end" fill="#666" fontSize={12}>
        {lines.map((line, i) => (
          <tspan key={line} x={-6} dy={i === 0 ? (lines.length === 1 ? 4 : -3) : lineHeight}>
            {line}
          </tspan>
        ))}
      </text>
    </g>
  );
}

/**
 * A chart's data table in its own box: when the table is wider than the box (a phone), the box
 * scrolls sideways, takes the keyboard's focus and says so under the table.
 */
export function ChartTable({ caption, children }: { caption: string; children: ReactNode }) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const [overflowing, setOverflowing] = useState(false);
  useEffect(() => {
    const el = box.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const update = () => setOverflowing(el.scrollWidth > el.clientWidth + 1);
    const observer = new ResizeObserver(update);
    observer.observe(el);
    const table = el.querySelector('table');
    if (table) observer.observe(table);
    update();
    return () => observer.disconnect();
  }, []);
  return (
    <>
      <div
        ref={box}
        className={`chart-table-box${overflowing ? ' overflowing' : ''}`}
        data-testid="chart-table-box"
        {...(overflowing ? { tabIndex: 0, role: 'region', 'aria-label': caption } : {})}
      >
        <table className="data-table chart-table">
          <caption>{caption}</caption>
          {children}
        </table>
      </div>
      {overflowing && (
        <p className="scroll-cue" data-testid="scroll-cue">
          {t('charts.scrollCue')}
        </p>
      )}
    </>
  );
}
