// Small parts of the plan's charts: the axis tick of a node's name, and the data table that says
// when it scrolls sideways.
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n';
import { nameLines } from './axis-labels';

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
  const lineHeight = 16;
  return (
    <g transform={`translate(${props.x ?? 0},${props.y ?? 0})`} className="name-tick">
      <title>{`${node.code} ${node.title}`.trim()}</title>
      <text textAnchor="end" fill="#666" fontSize={14}>
        {lines.map((line, i) => (
          <tspan key={line} x={-6} dy={i === 0 ? (lines.length === 1 ? 5 : -3) : lineHeight}>
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
