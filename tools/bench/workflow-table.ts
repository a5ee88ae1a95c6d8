import { DEV_SERVER_SQLITE_PRAGMAS } from '@pdca/devstack';
import type { BreakdownPart } from './command-breakdown';
import type { LatencySummary } from './latency-stats';
import type { CommandRow, WorkflowBenchResult } from './workflow.bench';

const pragmaText = (pragmas: Readonly<Record<string, string>>) =>
  Object.entries(pragmas)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(1)}` : '–');
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const s = (n: number) => `${(n / 1000).toFixed(1)} s`;

function table(header: string[], body: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

const latencyCells = (l: LatencySummary) => [
  String(l.count),
  ms(l.p50),
  ms(l.p90),
  ms(l.p99),
  l.perSecond.toFixed(1),
];

function commandTable(rows: CommandRow[]): string {
  const floors = new Map<number, LatencySummary>();
  for (const row of rows) floors.set(row.concurrency, row.floor);
  const body: string[][] = [];
  for (const [concurrency, floor] of floors) {
    body.push([`floor: bare Update`, String(concurrency), ...latencyCells(floor), '1.00']);
    for (const row of rows.filter((r) => r.concurrency === concurrency)) {
      body.push([row.shape, String(concurrency), ...latencyCells(row.product), row.ratioP50.toFixed(2)]);
    }
  }
  return table(['command', 'conc.', 'n', 'p50 ms', 'p90 ms', 'p99 ms', 'per s', '× floor p50'], body);
}

/** Where a sequential command's p50 goes: the server's part (with the projection) and the rest. */
function breakdownTable(b: NonNullable<WorkflowBenchResult['breakdown']>): string {
  const row = (name: string, total: number, part: BreakdownPart) => [
    name,
    ms(total),
    ms(part.serverP50),
    ms(part.activityP50),
    ms(total - part.serverP50),
    String(part.count),
  ];
  return [
    'Where the sequential time goes (p50 ms, from the workflow histories; the rest is client, HTTP, API and RPCs):',
    table(
      ['', 'client p50', 'server: Update', 'of it: activities', 'rest', 'Updates'],
      [row('floor: bare Update', b.floorP50, b.floor), row('product commands', b.productP50, b.product)],
    ),
  ].join('\n');
}

/** The run as a terminal table: commands beside the floor, scale, whole years, the machine. */
export function renderWorkflowTable(result: WorkflowBenchResult): string {
  const parts: string[] = [];
  const m = result.machine;
  parts.push(
    `workflow benchmark, ${result.startedAt}: ${m.cpus} × ${m.cpuModel}, ${mb(m.totalMemory)}, load ${m.loadAverage.map((l) => l.toFixed(1)).join(' ')}, node ${m.node}`,
  );
  const o = result.options;
  parts.push(
    `Temporal dev server store: ${o.temporalStore}; pragmas: ${
      o.sqlitePragmas === undefined
        ? `the product's (${pragmaText(DEV_SERVER_SQLITE_PRAGMAS)})`
        : pragmaText(o.sqlitePragmas) || "SQLite's defaults"
    }${result.pragmasApplied ? ` (journal_mode in the file: ${result.pragmasApplied.journalMode}, -wal file: ${result.pragmasApplied.walFilePresent ? 'yes' : 'no'})` : ''}; dynamic config: ${JSON.stringify(o.dynamicConfig)}; worker options: ${JSON.stringify(o.workerOptions)}; worker pool: ${o.workerPoolSize ?? 'default'}`,
  );
  parts.push(
    '',
    'Commands: the product through HTTP beside the bare Update (same server, worker, task queue)',
  );
  parts.push(commandTable(result.commands));
  if (result.breakdown) parts.push('', breakdownTable(result.breakdown));
  parts.push(
    '',
    `bare workflow start (floor of "start a cycle"): ${result.floorStart.map((f) => `conc. ${f.concurrency} p50 ${ms(f.p50)} ms, ${f.perSecond.toFixed(1)}/s`).join('; ')}`,
  );
  const scale = result.scale;
  if (scale) {
    parts.push(
      '',
      `Scale: ${scale.cycles.toLocaleString('en-US')} open cycles on one worker: started in ${s(scale.startMs)}, all recorded after ${s(scale.recordedMs)} (${scale.cyclesPerSecond.toFixed(1)} cycles/s)`,
    );
    parts.push(
      table(
        ['worker memory', 'RSS', 'heap used', 'heap total', 'RSS after GC', 'heap after GC'],
        [
          ['before any cycle', scale.workerBaseline],
          ['with the cycles open', scale.workerOpen],
        ].map(([label, r]) => {
          const report = r as ScaleMemory;
          return [
            label as string,
            mb(report.before.rss),
            mb(report.before.heapUsed),
            mb(report.before.heapTotal),
            mb(report.afterGc.rss),
            mb(report.afterGc.heapUsed),
          ];
        }),
      ),
    );
    parts.push('Commands while they are open (sequential)');
    parts.push(commandTable(scale.openCommands));
  }
  if (result.years.length > 0) {
    parts.push(
      '',
      'Time: whole fiscal years on the time-skipping server (plan, 12 reviews, report, evaluation, act, budget)',
    );
    parts.push(
      table(
        ['items', 'wall time', 'Updates', 'Updates/s'],
        result.years.map((y) => [
          String(y.items),
          s(y.ms),
          String(y.updates),
          (y.updates / (y.ms / 1000)).toFixed(1),
        ]),
      ),
    );
  }
  parts.push('', `total ${s(result.totalMs)}`);
  return parts.join('\n');
}

type ScaleMemory = NonNullable<WorkflowBenchResult['scale']>['workerOpen'];
