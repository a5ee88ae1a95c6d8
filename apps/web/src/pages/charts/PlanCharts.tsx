// The plan's charts (recharts, SVG: it prints sharp). This module is imported lazily, by the board
// and the printable report only, so the charting library stays out of the initial JavaScript.
// Each chart is a picture with a one-line summary for screen readers (role="img"); the figures
// themselves are in the <table> under it.
import { STAGE_LABELS, STAGES } from '@pdca/domain/stages';
import { type ReactElement, type ReactNode, useId, useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  XAxis,
  YAxis,
} from 'recharts';
import type { PlanRollup } from '../../api/queries';
import { useI18n } from '../../i18n';
import { formatMoney, type Lang, punct } from '../../lib/format';
import { TableHead } from '../../tables';
import { NARROW_CHART, yearTick } from './axis-labels';
import { gradeChartLevel, gradeKeys, nodesAt, STAGE_KEYS, type StageKey } from './chart-data';
import { ChartTable, NameTick } from './chart-parts';

export interface PlanChartsProps {
  summary: PlanRollup;
  /** Overdue open tasks per stage; null leaves the chart out (the tasks are still loading). */
  overdue: Record<(typeof STAGES)[number], number> | null;
}

const HEIGHT = 280;
// Blue for targets, green for actuals (the app's key and ok colours); grades from best to worst.
const COLOURS = { target: '#7f9cf5', actual: '#197a4b', cumTarget: '#0017c1', cumActual: '#0b5d36' };
const GRADE_COLOURS = ['#197a4b', '#5a9e2f', '#c99700', '#d9730d', '#c5000f', '#7a3e9d'];
const NONE_COLOUR = '#949494';
/** No animation: the final figures at once, on the screen, in a screenshot and on paper. */
const STILL = { isAnimationActive: false } as const;

/** Axis ticks in 百万円 (ja) or ¥M (en): budget documents' short form. */
function moneyTick(lang: Lang) {
  const f = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
  return (yen: number) => (lang === 'ja' ? `${f.format(yen / 1e6)}百万円` : `¥${f.format(yen / 1e6)}M`);
}

/**
 * One chart with its heading, summary and data table; `chart` is drawn for the width it gets (short
 * axis labels on a phone). A chart with nothing to draw says so instead (its table still lists the
 * zeros). `wide`: the whole row of the board's grid, for a table with many columns.
 */
function ChartBlock(props: {
  testId: string;
  title: string;
  summary: string;
  chart: (width: number) => ReactElement;
  table: ReactNode;
  empty?: boolean;
  wide?: boolean;
  height?: number;
}) {
  const { t } = useI18n();
  const id = useId();
  const [width, setWidth] = useState(600);
  const height = props.height ?? HEIGHT;
  return (
    <section
      className={`chart-block${props.wide ? ' wide' : ''}`}
      aria-labelledby={id}
      data-testid={props.testId}
    >
      <h3 id={id}>{props.title}</h3>
      {props.empty ? (
        <p className="chart chart-empty">{t('charts.none')}</p>
      ) : (
        <div className="chart" role="img" aria-label={props.summary}>
          <ResponsiveContainer
            width="100%"
            height={height}
            initialDimension={{ width: 600, height }}
            onResize={(w) => setWidth(w)}
          >
            {props.chart(width)}
          </ResponsiveContainer>
        </div>
      )}
      <ChartTable caption={props.title}>{props.table}</ChartTable>
    </section>
  );
}

export default function PlanCharts({ summary, overdue }: PlanChartsProps) {
  return (
    <div className="chart-grid" data-testid="plan-charts">
      <EffectChart summary={summary} />
      <GradeChart summary={summary} />
      <StageChart summary={summary} />
      {overdue && <OverdueChart overdue={overdue} />}
    </div>
  );
}

function EffectChart({ summary }: { summary: PlanRollup }) {
  const { t, lang } = useI18n();
  const money = (yen: number | null) => (yen === null ? '—' : formatMoney(yen, lang));
  // A year without any approved actual has none (「—」, as the Excel leaves it blank), nor has the
  // cumulative actual before the first one: the table says 「—」, the line starts at the first.
  let anyActual = false;
  const rows = summary.years.map((y) => {
    anyActual ||= y.itemsWithActual > 0;
    return {
      ...y,
      actual: y.itemsWithActual > 0 ? y.actual : null,
      cumulativeActual: anyActual ? y.cumulativeActual : null,
    };
  });
  const asked = rows.find((y) => y.fiscalYear === summary.fiscalYear);
  const last = summary.years.at(-1);
  const series = [
    ['target', 'yearTarget'],
    ['actual', 'yearActual'],
    ['cumulativeTarget', 'cumTarget'],
    ['cumulativeActual', 'cumActual'],
  ] as const;
  return (
    <ChartBlock
      testId="chart-effect"
      wide
      title={t('charts.effect')}
      summary={t('charts.effectSummary', {
        fy: yearTick(summary.fiscalYear, lang),
        actual: money(asked?.cumulativeActual ?? null),
        target: money(asked?.cumulativeTarget ?? null),
        whole: money(last?.cumulativeTarget ?? null),
      })}
      chart={(width) => (
        <ComposedChart data={rows} accessibilityLayer={false} margin={{ left: 12, right: 12 }}>
          <CartesianGrid stroke="#d9d9d9" vertical={false} />
          {/* Every year labelled: in full (令和7年度) when there is room, else R7年度 or R7. */}
          <XAxis
            dataKey="fiscalYear"
            interval={0}
            // The room of each year: the chart less its y axis and margins, shared by the years.
            tickFormatter={(fy: number) =>
              yearTick(fy, lang, (width - (lang === 'ja' ? 84 : 64) - 40) / summary.years.length)
            }
          />
          <YAxis tickFormatter={moneyTick(lang)} width={lang === 'ja' ? 84 : 64} />
          <Legend itemSorter={null} />
          <Bar dataKey="target" name={t('charts.yearTarget')} fill={COLOURS.target} {...STILL} />
          <Bar dataKey="actual" name={t('charts.yearActual')} fill={COLOURS.actual} {...STILL} />
          <Line
            dataKey="cumulativeTarget"
            name={t('charts.cumTarget')}
            stroke={COLOURS.cumTarget}
            strokeDasharray="6 4"
            strokeWidth={2}
            {...STILL}
          />
          <Line
            dataKey="cumulativeActual"
            name={t('charts.cumActual')}
            stroke={COLOURS.cumActual}
            strokeWidth={3}
            {...STILL}
          />
        </ComposedChart>
      )}
      table={
        <>
          <TableHead
            columns={[
              t('charts.fy'),
              ...series.map(([, label]) => ({ label: t(`charts.${label}`), num: true })),
            ]}
          />
          <tbody>
            {rows.map((y) => (
              <tr key={y.fiscalYear}>
                <th scope="row">{yearTick(y.fiscalYear, lang)}</th>
                {series.map(([key]) => (
                  <td key={key} className="num">
                    {money(y[key])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </>
      }
    />
  );
}

function GradeChart({ summary }: { summary: PlanRollup }) {
  const { t, lang, l } = useI18n();
  const level = gradeChartLevel(summary);
  const levelName = l(summary.levels[level - 1]) || t('charts.stage');
  const nodes = nodesAt(summary.nodes, level);
  const keys = gradeKeys(summary);
  const label = (code: string) => {
    const grade = summary.gradeScale.find((g) => g.code === code);
    return grade ? `${grade.symbol}${punct(lang).paren(l(grade.label))}` : t('charts.noGrade');
  };
  const rows = nodes.map((n) => ({ name: `${n.code} ${n.title}`, ...n.byGrade }));
  const names = new Map(nodes.map((n) => [`${n.code} ${n.title}`, n]));
  const counts = keys.map((k) => `${label(k)} ${summary.plan.byGrade[k] ?? 0}`).join(punct(lang).gap);
  return (
    <ChartBlock
      testId="chart-grades"
      wide
      empty={nodes.length === 0}
      // Room for two-line names: at least 44 px a bar.
      height={Math.max(HEIGHT, 80 + nodes.length * 44)}
      title={t('charts.grades', { level: levelName })}
      summary={t('charts.gradesSummary', { level: levelName, counts })}
      chart={(width) => {
        // The names take a third of a phone's chart, up to 220 px of a wide one.
        const axisWidth = width < NARROW_CHART ? 128 : Math.min(240, Math.round(width / 3));
        return (
          <BarChart data={rows} layout="vertical" accessibilityLayer={false} margin={{ right: 12 }}>
            <CartesianGrid stroke="#d9d9d9" horizontal={false} />
            <XAxis type="number" allowDecimals={false} />
            <YAxis
              type="category"
              dataKey="name"
              interval={0}
              width={axisWidth}
              tick={<NameTick names={names} axisWidth={axisWidth} />}
            />
            <Legend itemSorter={null} />
            {keys.map((k, i) => (
              <Bar
                key={k}
                dataKey={k}
                name={label(k)}
                stackId="grades"
                maxBarSize={56}
                fill={k === 'none' ? NONE_COLOUR : GRADE_COLOURS[i % GRADE_COLOURS.length]}
                {...STILL}
              />
            ))}
          </BarChart>
        );
      }}
      table={
        <>
          <TableHead
            columns={[
              levelName,
              ...keys.map((k) => ({ label: label(k), num: true })),
              { label: t('charts.total'), num: true },
            ]}
          />
          <tbody>
            {nodes.map((n) => (
              <tr key={n.code}>
                <th scope="row">{`${n.code} ${n.title}`}</th>
                {keys.map((k) => (
                  <td key={k} className="num">
                    {n.byGrade[k] ?? 0}
                  </td>
                ))}
                <td className="num">{n.items}</td>
              </tr>
            ))}
          </tbody>
        </>
      }
    />
  );
}

/** A chart of counts per stage (items, or overdue tasks): one bar each, and its table. */
function CountChart(props: {
  testId: string;
  title: string;
  summary: (total: number, counts: string) => string;
  column: string;
  colour: string;
  keys: readonly StageKey[];
  counts: Readonly<Record<string, number>>;
}) {
  const { t, lang, l } = useI18n();
  const name = (k: StageKey) => (k === 'not_started' ? t('charts.notStarted') : l(STAGE_LABELS[k]));
  const rows = props.keys.map((k) => ({ stage: name(k), count: props.counts[k] ?? 0 }));
  const total = rows.reduce((sum, r) => sum + r.count, 0);
  return (
    <ChartBlock
      testId={props.testId}
      title={props.title}
      summary={props.summary(total, rows.map((r) => `${r.stage} ${r.count}`).join(punct(lang).gap))}
      empty={total === 0}
      chart={() => (
        <BarChart data={rows} layout="vertical" accessibilityLayer={false} margin={{ right: 12 }}>
          <CartesianGrid stroke="#d9d9d9" horizontal={false} />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="stage" interval={0} width={lang === 'ja' ? 124 : 150} />
          <Bar dataKey="count" name={props.column} fill={props.colour} {...STILL} />
        </BarChart>
      )}
      table={
        <>
          <TableHead columns={[t('charts.stage'), { label: props.column, num: true }]} />
          <tbody>
            {rows.map((r) => (
              <tr key={r.stage}>
                <th scope="row">{r.stage}</th>
                <td className="num">{r.count}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t('charts.total')}</th>
              <td className="num">{total}</td>
            </tr>
          </tbody>
        </>
      }
    />
  );
}

function StageChart({ summary }: { summary: PlanRollup }) {
  const { t } = useI18n();
  return (
    <CountChart
      testId="chart-stages"
      title={t('charts.stages')}
      summary={(n, counts) => t('charts.stagesSummary', { n, counts })}
      column={t('charts.items')}
      colour={COLOURS.cumTarget}
      keys={STAGE_KEYS}
      counts={summary.plan.byStage}
    />
  );
}

function OverdueChart({ overdue }: { overdue: Record<string, number> }) {
  const { t } = useI18n();
  return (
    <CountChart
      testId="chart-overdue"
      title={t('charts.overdue')}
      summary={(n, counts) => t('charts.overdueSummary', { n, counts })}
      column={t('charts.tasks')}
      colour="#c5000f"
      keys={STAGES}
      counts={overdue}
    />
  );
}
