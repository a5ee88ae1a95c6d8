/**
 * `npm run bench [-- ledger|workflow|all] [options]`: the project's benchmarks, outside the
 * product CLI. Prints a table per benchmark and writes the figures as JSON to bench-results/
 * (not committed), so two runs can be compared.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '@pdca/devstack';
import { DefaultLogger, Runtime, type WorkerOptions } from '@temporalio/worker';
import { type BenchOutput, consoleOutput } from './bench-output';
import { DEFAULT_LEDGER_ENTRIES, runLedgerBench } from './ledger.bench';
import {
  DEFAULT_WORKFLOW_OPTIONS,
  runWorkflowBench,
  SMOKE_WORKFLOW_OPTIONS,
  type WorkflowBenchOptions,
} from './workflow.bench';
import { renderWorkflowTable } from './workflow-table';

const USAGE = `usage: npm run bench -- [ledger|workflow|all] [options]   (default: all)
       npm run bench -- outbox [--rate N] [--seconds N]
       npm run bench -- topology [options]   (npm run bench -- topology --help)
       npm run bench -- soak [--minutes N] [--docs] …   (npm run bench -- soak --help)

outbox     the outbox relay: rows committed at N per second (default 50) for the given time
           (default 20 s), delivered to an in-process SMTP server; the lag from commit to SMTP
           acceptance (p50, p95, p99, max). Not part of 'all'.

ledger     the audit ledger: bulk append, CSV/JSON export over HTTP, chain verification
workflow   the floor (bare Temporal Update) beside the product's commands through HTTP, N open
           cycles on one worker, whole fiscal years on the time-skipping server

options:
  --entries N            ledger entries (default ${DEFAULT_LEDGER_ENTRIES.toLocaleString('en-US')})
  --iterations N         sequential commands per shape; ×2 at concurrency 8, ×4 at 32 (default ${DEFAULT_WORKFLOW_OPTIONS.iterations})
  --cycles N             open cycles in the scale step, 0 skips it (default ${DEFAULT_WORKFLOW_OPTIONS.cycles.toLocaleString('en-US')})
  --year-items A,B       items per whole-year run on the time-skipping server, '' skips (default ${DEFAULT_WORKFLOW_OPTIONS.yearItems.join(',')})
  --temporal-store S     file (SQLite on disk, as npm start) or memory (as the tests) (default file)
  --sqlite-pragma K=V    passed to temporal server start-dev (repeatable) instead of the product's
                         (journal_mode=wal synchronous=normal); 'none' for SQLite's own defaults
  --dynamic-config K=V   a Temporal dev-server dynamic config value (repeatable; V as JSON)
  --worker-option K=V    a worker option (repeatable): maxCachedWorkflows, maxConcurrentWorkflowTaskExecutions,
                         maxConcurrentActivityTaskExecutions, reuseV8Context, …
  --worker-pool N        the worker's PostgreSQL pool size (default: the product's)
  --smoke                a tiny run (few iterations, small N) as npm test runs it
  --out DIR              where the JSON goes (default bench-results/)
  --label NAME           added to the JSON file name`;

interface Parsed {
  which: 'ledger' | 'workflow' | 'all';
  entries: number;
  workflow: WorkflowBenchOptions;
  outDir: string;
  label?: string;
}

const positive = (value: string | undefined, flag: string, allowZero = false): number => {
  if (!/^\d+$/.test(value ?? '') || (!allowZero && Number(value) === 0)) {
    throw new Error(`${flag} needs a whole number${allowZero ? '' : ' above 0'}, not ${value ?? 'nothing'}`);
  }
  return Number(value);
};

const scalar = (v: string): string | number | boolean =>
  v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v;

const pair = (value: string | undefined, flag: string): [string, string] => {
  const match = /^([A-Za-z_][A-Za-z0-9_.]*)=(.+)$/.exec(value ?? '');
  if (!match) throw new Error(`${flag} needs NAME=VALUE, not ${value ?? 'nothing'}`);
  return [match[1], match[2]];
};

function parseArgs(args: string[]): Parsed {
  let which: Parsed['which'] = 'all';
  let entries = DEFAULT_LEDGER_ENTRIES;
  let smoke = false;
  const set: Partial<WorkflowBenchOptions> = {};
  let pragmas: Record<string, string> | undefined;
  const workerOptions: Record<string, unknown> = {};
  const dynamicConfig: Record<string, string | number | boolean> = {};
  let outDir = path.join(projectRoot(), 'bench-results');
  let label: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === 'ledger' || arg === 'workflow' || arg === 'all') which = arg;
    else if (arg === '--entries') entries = positive(args[++i], arg);
    else if (arg === '--iterations') set.iterations = positive(args[++i], arg);
    else if (arg === '--cycles') set.cycles = positive(args[++i], arg, true);
    else if (arg === '--year-items') {
      const list = args[++i] ?? '';
      set.yearItems = list === '' ? [] : list.split(',').map((n) => positive(n, arg));
    } else if (arg === '--temporal-store') {
      const store = args[++i];
      if (store !== 'file' && store !== 'memory')
        throw new Error(`--temporal-store is file or memory, not ${store}`);
      set.temporalStore = store;
    } else if (arg === '--sqlite-pragma') {
      const value = args[++i];
      if (value === 'none') pragmas = {};
      else {
        const [k, v] = pair(value, arg);
        pragmas = { ...pragmas, [k]: v };
      }
    } else if (arg === '--dynamic-config') {
      const [k, v] = pair(args[++i], arg);
      dynamicConfig[k] = scalar(v);
    } else if (arg === '--worker-option') {
      const [k, v] = pair(args[++i], arg);
      workerOptions[k] = scalar(v);
    } else if (arg === '--worker-pool') set.workerPoolSize = positive(args[++i], arg);
    else if (arg === '--smoke') smoke = true;
    else if (arg === '--out') outDir = path.resolve(args[++i] ?? '.');
    else if (arg === '--label') label = args[++i];
    else throw new Error(`unknown option ${arg}`);
  }
  const base = smoke ? SMOKE_WORKFLOW_OPTIONS : DEFAULT_WORKFLOW_OPTIONS;
  if (smoke) entries = Math.min(entries, 2_000);
  return {
    which,
    entries,
    outDir,
    label,
    workflow: {
      ...base,
      ...set,
      sqlitePragmas: pragmas,
      dynamicConfig,
      workerOptions: workerOptions as Partial<WorkerOptions>,
    },
  };
}

function writeJson(
  outDir: string,
  kind: string,
  label: string | undefined,
  data: unknown,
  output: BenchOutput,
) {
  fs.mkdirSync(outDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(outDir, `${kind}-${stamp}${label ? `-${label}` : ''}.json`);
  fs.writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  output.out(`written ${path.relative(process.cwd(), file) || file}\n`);
}

export async function main(args: string[], output: BenchOutput = consoleOutput): Promise<number> {
  if (args[0] === 'topology') {
    const { runTopologyBench, TOPOLOGY_USAGE } = await import('./topology.bench');
    if (args.includes('--help')) {
      output.out(`${TOPOLOGY_USAGE}\n`);
      return 0;
    }
    return runTopologyBench(args.slice(1), output);
  }
  if (args[0] === 'soak') {
    const { runSoakBench, SOAK_USAGE } = await import('./soak.bench');
    if (args.includes('--help')) {
      output.out(`${SOAK_USAGE}\n`);
      return 0;
    }
    return runSoakBench(args.slice(1), output);
  }
  if (args[0] === 'outbox') {
    const { runOutboxBench } = await import('./outbox.bench');
    return runOutboxBench(args.slice(1), output);
  }
  let parsed: Parsed;
  try {
    parsed = parseArgs(args);
  } catch (err) {
    output.err(`bench: ${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  try {
    if (parsed.which !== 'workflow') {
      const ledger = await runLedgerBench(parsed.entries, output);
      writeJson(parsed.outDir, 'ledger', parsed.label, ledger, output);
    }
    if (parsed.which !== 'ledger') {
      const result = await runWorkflowBench(parsed.workflow, output);
      output.out(`\n${renderWorkflowTable(result)}\n`);
      writeJson(parsed.outDir, 'workflow', parsed.label, result, output);
    }
    return 0;
  } catch (err) {
    output.err(`bench: failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}

if (require.main === module) {
  if (
    (process.argv.includes('--help') || process.argv.includes('-h')) &&
    !['topology', 'soak'].includes(process.argv[2])
  ) {
    process.stdout.write(`${USAGE}\n`);
  } else {
    // The SDK logs every worker state change at INFO (the time-skipping step's worker runs here).
    Runtime.install({ logger: new DefaultLogger('WARN') });
    main(process.argv.slice(2)).then((code) => process.exit(code));
  }
}
