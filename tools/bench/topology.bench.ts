/**
 * `npm run bench -- topology [options]` (#27): two APIs, two workers and one relay from dist/ over
 * one PostgreSQL and one Temporal (topology-stack.ts), then the load run with its kills
 * (topology-load.ts) and its summary; `--serve` keeps the processes up until Ctrl-C instead.
 * Every process is stopped on exit, on SIGINT/SIGTERM and after a failure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '@pdca/devstack';
import type { BenchOutput } from './bench-output';
import { renderTopologySummary, runTopologyLoad } from './topology-load';
import { startTopology, type Topology } from './topology-stack';

export const TOPOLOGY_USAGE = `usage: npm run bench -- topology [options]

Starts PostgreSQL (embedded, or a database of its own on DATABASE_URL's server), the Temporal dev
server, 2 APIs, 2 workers and 1 relay (dist/, one process and one log each), drives cycles through
every stage over HTTP with one API and one worker killed (SIGKILL) and started again, and counts
what the commands left behind.

  --cycles N        cycles driven to their end (default 100)
  --concurrency N   cycles driven at once (default 8)
  --rate N          commands per second at most, over both APIs (default 20)
  --api-kills N     SIGKILLs of an API (default 1)
  --worker-kills N  SIGKILLs of a worker (default 1)
  --apis N          API processes (default 2)
  --workers N       worker processes (default 2)
  --serve           start the processes, print where they are, wait for Ctrl-C (no load)
  --out DIR         where the JSON goes (default bench-results/)`;

interface TopologyArgs {
  cycles: number;
  concurrency: number;
  rate: number;
  apiKills: number;
  workerKills: number;
  apis: number;
  workers: number;
  serve: boolean;
  outDir: string;
}

export function wholeNumber(value: string | undefined, flag: string, min = 1): number {
  if (!/^\d+$/.test(value ?? '') || Number(value) < min)
    throw new Error(`${flag} needs a whole number of at least ${min}, not ${value ?? 'nothing'}`);
  return Number(value);
}

function parse(args: string[]): TopologyArgs {
  const parsed: TopologyArgs = {
    cycles: 100,
    concurrency: 8,
    rate: 20,
    apiKills: 1,
    workerKills: 1,
    apis: 2,
    workers: 2,
    serve: false,
    outDir: path.join(projectRoot(), 'bench-results'),
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--cycles') parsed.cycles = wholeNumber(args[++i], arg);
    else if (arg === '--concurrency') parsed.concurrency = wholeNumber(args[++i], arg);
    else if (arg === '--rate') parsed.rate = wholeNumber(args[++i], arg);
    else if (arg === '--api-kills') parsed.apiKills = wholeNumber(args[++i], arg, 0);
    else if (arg === '--worker-kills') parsed.workerKills = wholeNumber(args[++i], arg, 0);
    else if (arg === '--apis') parsed.apis = wholeNumber(args[++i], arg);
    else if (arg === '--workers') parsed.workers = wholeNumber(args[++i], arg);
    else if (arg === '--serve') parsed.serve = true;
    else if (arg === '--out') parsed.outDir = path.resolve(args[++i] ?? '.');
    else throw new Error(`unknown option ${arg}`);
  }
  return parsed;
}

/**
 * Runs `body` over a started topology and stops it afterwards — also on SIGINT/SIGTERM (then the
 * process exits 130) and when `body` or the start fails.
 */
export async function withTopology<T>(
  options: Omit<Parameters<typeof startTopology>[0], 'log'>,
  output: BenchOutput,
  body: (topology: Topology) => Promise<T>,
): Promise<T> {
  const log = (line: string) => output.out(`bench topology: ${line}\n`);
  let topology: Topology | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= topology?.stop() ?? Promise.resolve();
    return stopping;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping every process …`);
    stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    topology = await startTopology({ ...options, log });
    output.out(`\n${topology.describe()}\n\n`);
    return await body(topology);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    log('stopping every process …');
    await stop();
  }
}

export async function runTopologyBench(args: string[], output: BenchOutput): Promise<number> {
  let parsed: TopologyArgs;
  try {
    parsed = parse(args);
  } catch (err) {
    output.err(`bench: ${(err as Error).message}\n\n${TOPOLOGY_USAGE}\n`);
    return 2;
  }
  try {
    return await withTopology({ apis: parsed.apis, workers: parsed.workers }, output, async (topology) => {
      if (parsed.serve) {
        output.out('serving: Ctrl-C stops every process\n');
        await new Promise<void>(() => {});
      }
      const result = await runTopologyLoad(topology, {
        cycles: parsed.cycles,
        concurrency: parsed.concurrency,
        rate: parsed.rate,
        apiKills: parsed.apiKills,
        workerKills: parsed.workerKills,
        log: (line) => output.out(`bench topology: ${line}\n`),
      });
      output.out(`\n${renderTopologySummary(result)}\n`);
      fs.mkdirSync(parsed.outDir, { recursive: true });
      const file = path.join(
        parsed.outDir,
        `topology-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
      );
      const { tenant: _tenant, ...figures } = result;
      fs.writeFileSync(
        file,
        `${JSON.stringify({ kind: 'topology', options: parsed, ...figures }, null, 2)}\n`,
      );
      output.out(`written ${path.relative(process.cwd(), file) || file}\n`);
      return result.problems.length === 0 ? 0 : 1;
    });
  } catch (err) {
    output.err(`bench: failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}
