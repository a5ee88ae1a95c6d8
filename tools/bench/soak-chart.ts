/** The soak run's samples as a Markdown table and as an SVG chart drawn here (no chart library). */

export interface SoakSample {
  /** Minutes since the load started. */
  minute: number;
  /** Resident memory per process (api-1, worker-2, relay-1 …), MB. */
  rssMb: Record<string, number>;
  /** PostgreSQL backends on the run's database. */
  connections: number;
  /** Commands answered 2xx since the last sample, and their latency (ms). */
  commands: number;
  p50: number;
  p99: number;
  /** A bare Temporal Update on the same server at the same moment (20 sequential). */
  floor: { p50: number; p99: number };
  /** Outbox events committed since the last sample: commit → fanned out by the relay (ms). */
  outboxLagP50: number;
  outboxLagMax: number;
  /** Of those, not fanned out yet when sampled. */
  outboxWaiting: number;
}

export interface SoakMeta {
  date: string;
  minutes: number;
  rate: number;
  cycles: number;
  commands: number;
  problems: string[];
}

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '—');

export function renderSoakTable(samples: SoakSample[], meta: SoakMeta): string {
  const names = Object.keys(samples[0]?.rssMb ?? {});
  const head = [
    'min',
    ...names.map((n) => `${n} MB`),
    'PG conns',
    'commands',
    'p50 / p99 ms',
    'floor p50 / p99 ms',
    'outbox lag p50 / max ms',
    'outbox waiting',
  ];
  const rows = samples.map((s) => [
    s.minute.toFixed(1),
    ...names.map((n) => (s.rssMb[n] ?? 0).toFixed(0)),
    String(s.connections),
    String(s.commands),
    `${ms(s.p50)} / ${ms(s.p99)}`,
    `${ms(s.floor.p50)} / ${ms(s.floor.p99)}`,
    `${ms(s.outboxLagP50)} / ${ms(s.outboxLagMax)}`,
    String(s.outboxWaiting),
  ]);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    `Run of ${meta.date} UTC: ${meta.minutes} minute(s) at ${meta.rate} commands/s at most, ${meta.cycles} cycles driven to their end, ${meta.commands} commands; exactly-once check: ${meta.problems.length === 0 ? 'no problem' : `${meta.problems.length} problem(s)`}.`,
    '',
    line(head),
    line(head.map(() => '---')),
    ...rows.map(line),
  ].join('\n');
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#17becf'];

interface Series {
  name: string;
  values: number[];
}

function panel(top: number, title: string, xs: number[], series: Series[]): string {
  const left = 60;
  const width = 620;
  const height = 130;
  const finite = series.flatMap((s) => s.values).filter(Number.isFinite);
  const max = Math.max(1, ...finite) * 1.1;
  const xMax = Math.max(1, ...xs);
  const x = (v: number) => left + (v / xMax) * width;
  const y = (v: number) => top + 20 + height - (v / max) * height;
  const parts = [
    `<text x="${left}" y="${top + 12}" font-size="13" font-weight="bold">${title}</text>`,
    `<line x1="${left}" y1="${top + 20 + height}" x2="${left + width}" y2="${top + 20 + height}" stroke="#888"/>`,
    `<line x1="${left}" y1="${top + 20}" x2="${left}" y2="${top + 20 + height}" stroke="#888"/>`,
    `<text x="${left - 6}" y="${top + 24}" font-size="11" text-anchor="end">${max.toFixed(0)}</text>`,
    `<text x="${left - 6}" y="${top + 20 + height}" font-size="11" text-anchor="end">0</text>`,
    `<text x="${left + width}" y="${top + 34 + height}" font-size="11" text-anchor="end">${xMax.toFixed(1)} min</text>`,
  ];
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const points = s.values
      .map((v, j) => (Number.isFinite(v) ? `${x(xs[j]).toFixed(1)},${y(v).toFixed(1)}` : null))
      .filter(Boolean)
      .join(' ');
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${points}"/>`);
    parts.push(
      `<text x="${left + width + 8}" y="${top + 32 + i * 14}" font-size="11" fill="${color}">${s.name}</text>`,
    );
  });
  return parts.join('\n');
}

export function renderSoakSvg(samples: SoakSample[], meta: SoakMeta): string {
  const xs = samples.map((s) => s.minute);
  const names = Object.keys(samples[0]?.rssMb ?? {});
  const panels = [
    panel(
      30,
      'RSS per process (MB)',
      xs,
      names.map((n) => ({ name: n, values: samples.map((s) => s.rssMb[n] ?? Number.NaN) })),
    ),
    panel(200, 'Command latency (ms) beside the bare Temporal Update', xs, [
      { name: 'p50', values: samples.map((s) => s.p50) },
      { name: 'p99', values: samples.map((s) => s.p99) },
      { name: 'floor p50', values: samples.map((s) => s.floor.p50) },
      { name: 'floor p99', values: samples.map((s) => s.floor.p99) },
    ]),
    panel(370, 'PostgreSQL connections', xs, [
      { name: 'connections', values: samples.map((s) => s.connections) },
    ]),
    panel(540, 'Outbox lag, commit → fanned out (ms)', xs, [
      { name: 'p50', values: samples.map((s) => s.outboxLagP50) },
      { name: 'max', values: samples.map((s) => s.outboxLagMax) },
    ]),
  ];
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="800" height="720" font-family="sans-serif" role="img">',
    // The chart's name for screen readers (and biome's a11y rule): what the picture shows.
    `<title>Soak run of ${meta.date}: RSS per process, PostgreSQL connections, command latency and outbox lag per minute</title>`,
    '<rect width="800" height="720" fill="white"/>',
    `<text x="10" y="16" font-size="13">Soak, ${meta.date} UTC: ${meta.minutes} min at ≤ ${meta.rate} commands/s, ${meta.cycles} cycles, ${meta.commands} commands</text>`,
    ...panels,
    '</svg>',
    '',
  ].join('\n');
}
