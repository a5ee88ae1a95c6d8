/**
 * `npm run bench -- soak --minutes 60` (#27): the topology of `bench -- topology` (two APIs, two
 * workers, one relay) under a steady, modest load — cycles driven through every stage at `--rate`
 * commands a second — sampled every `--sample-seconds` (60): each process's RSS, PostgreSQL's
 * connections, the commands' p50/p99 beside the bare-Temporal floor (a trivial workflow's Update on
 * the same server, as the workflow benchmark measures it), and the outbox lag (commit → fanned out).
 * A leak shows as a slope. At the end the exactly-once counts of the load run are checked too.
 * `--docs` writes the table into docs/performance.md (between its soak markers) and the chart
 * docs/soak.svg.
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '@pdca/devstack';
import { Connection, Client as TemporalClient } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { Client } from 'pg';
import type { BenchOutput } from './bench-output';
import { percentile } from './latency-stats';
import { renderSoakSvg, renderSoakTable, type SoakSample } from './soak-chart';
import { wholeNumber, withTopology } from './topology.bench';
import { countOutcomes, exactlyOnceProblems } from './topology-counts';
import { CycleDriver, loadTenant, Sender } from './topology-load';
import type { Topology } from './topology-stack';
import { FLOOR_WORKFLOW_TYPE, floorStopSignal, floorUpdate } from './workflows/floor.workflow';

export const SOAK_USAGE = `usage: npm run bench -- soak [options]

The topology of 'bench -- topology' (no kills) under a steady load, sampled at intervals.

  --minutes N          how long the load runs (default 60)
  --rate N             commands per second at most (default 5: about 300 items' year in an hour)
  --concurrency N      cycles driven at once (default 4)
  --sample-seconds N   time between samples (default 60)
  --docs               write the table into docs/performance.md and the chart to docs/soak.svg
  --out DIR            where the JSON goes (default bench-results/)`;

interface SoakArgs {
  minutes: number;
  rate: number;
  concurrency: number;
  sampleSeconds: number;
  docs: boolean;
  outDir: string;
}

function parse(args: string[]): SoakArgs {
  const parsed: SoakArgs = {
    minutes: 60,
    rate: 5,
    concurrency: 4,
    sampleSeconds: 60,
    docs: false,
    outDir: path.join(projectRoot(), 'bench-results'),
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--minutes') parsed.minutes = wholeNumber(args[++i], arg);
    else if (arg === '--rate') parsed.rate = wholeNumber(args[++i], arg);
    else if (arg === '--concurrency') parsed.concurrency = wholeNumber(args[++i], arg);
    else if (arg === '--sample-seconds') parsed.sampleSeconds = wholeNumber(args[++i], arg, 5);
    else if (arg === '--docs') parsed.docs = true;
    else if (arg === '--out') parsed.outDir = path.resolve(args[++i] ?? '.');
    else throw new Error(`unknown option ${arg}`);
  }
  return parsed;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resident memory of a process in MB (Linux /proc), 0 when it is gone. */
function rssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** A trivial workflow answering Updates on its own task queue of the same server: the floor. */
async function startFloor(topology: Topology) {
  const taskQueue = `${topology.taskQueue}-floor`;
  const native = await NativeConnection.connect({ address: topology.temporalAddress });
  const worker = await Worker.create({
    connection: native,
    taskQueue,
    workflowsPath: require.resolve('./workflows/floor.workflow'),
  });
  const running = worker.run();
  const connection = await Connection.connect({ address: topology.temporalAddress });
  const client = new TemporalClient({ connection, namespace: 'default' });
  const handle = await client.workflow.start(FLOOR_WORKFLOW_TYPE, {
    workflowId: `soak-floor-${taskQueue}`,
    taskQueue,
    args: [],
  });
  return {
    /** `count` sequential Updates: their p50 and p99 (ms). */
    async measure(count: number): Promise<{ p50: number; p99: number }> {
      const times: number[] = [];
      for (let i = 0; i < count; i++) {
        const started = performance.now();
        await handle.executeUpdate(floorUpdate, { args: [i] });
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      return { p50: percentile(times, 50), p99: percentile(times, 99) };
    },
    async stop() {
      await handle.signal(floorStopSignal);
      worker.shutdown();
      await running;
      await connection.close();
      await native.close();
    },
  };
}

export async function runSoakBench(args: string[], output: BenchOutput): Promise<number> {
  let parsed: SoakArgs;
  try {
    parsed = parse(args);
  } catch (err) {
    output.err(`bench: ${(err as Error).message}\n\n${SOAK_USAGE}\n`);
    return 2;
  }
  const log = (line: string) => output.out(`bench soak: ${line}\n`);
  try {
    return await withTopology({ apis: 2, workers: 2 }, output, async (topology) => {
      // Enough items for the whole run: about 19 commands a cycle.
      const items = Math.ceil((parsed.rate * parsed.minutes * 60) / 19) + 2 * parsed.concurrency;
      const { tenant, tokens } = await loadTenant(topology, items, 'soak');
      const sender = new Sender(topology.apiBases(), parsed.rate, 60_000);
      const driver = new CycleDriver(sender, tokens);
      const floor = await startFloor(topology);
      const db = new Client({ connectionString: topology.ownerUrl });
      await db.connect();
      const startedAt = new Date();
      const samples: SoakSample[] = [];
      try {
        const endAt = Date.now() + parsed.minutes * 60_000;
        const queue = [...tenant.itemIds];
        let cycles = 0;
        const lane = async () => {
          while (Date.now() < endAt) {
            const itemId = queue.shift();
            if (!itemId) break;
            await driver.drive(itemId);
            cycles++;
          }
        };
        const lanes = Promise.all(Array.from({ length: parsed.concurrency }, lane));
        let windowStart = Date.now();
        const sample = async () => {
          const now = Date.now();
          const commands = sender.latencies.filter((l) => l.at >= windowStart && l.at < now).map((l) => l.ms);
          commands.sort((a, b) => a - b);
          const lag = await db.query<{ p50: number | null; max: number | null; waiting: number }>(
            `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM published_at - created_at) * 1000)
                      FILTER (WHERE published_at IS NOT NULL) AS p50,
                    max(extract(epoch FROM coalesce(published_at, now()) - created_at) * 1000) AS max,
                    count(*) FILTER (WHERE published_at IS NULL)::int AS waiting
               FROM outbox WHERE created_at >= to_timestamp($1 / 1000.0)`,
            [windowStart],
          );
          const connections = await db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database()`,
          );
          const s: SoakSample = {
            minute: (now - startedAt.getTime()) / 60_000,
            rssMb: Object.fromEntries(topology.pids().map(({ name, pid }) => [name, rssMb(pid)])),
            connections: connections.rows[0].n,
            commands: commands.length,
            p50: percentile(commands, 50),
            p99: percentile(commands, 99),
            floor: await floor.measure(20),
            outboxLagP50: Number(lag.rows[0].p50 ?? Number.NaN),
            outboxLagMax: Number(lag.rows[0].max ?? Number.NaN),
            outboxWaiting: lag.rows[0].waiting,
          };
          samples.push(s);
          windowStart = now;
          log(
            `${s.minute.toFixed(1)} min: ${s.commands} commands p50 ${s.p50.toFixed(0)} / p99 ${s.p99.toFixed(0)} ms (floor ${s.floor.p50.toFixed(0)} / ${s.floor.p99.toFixed(0)}), ` +
              `${s.connections} connections, outbox lag p50 ${s.outboxLagP50.toFixed(0)} ms, RSS ${Object.entries(
                s.rssMb,
              )
                .map(([n, mb]) => `${n} ${mb.toFixed(0)}`)
                .join(', ')} MB`,
          );
        };
        await sample();
        while (Date.now() < endAt) {
          await sleep(Math.min(parsed.sampleSeconds * 1000, Math.max(0, endAt - Date.now())));
          await sample();
        }
        await lanes;
        const counted = await countOutcomes(topology, tenant, 120_000, topology.apiBases()[0], tokens.admin);
        const problems = [
          ...driver.problems,
          ...exactlyOnceProblems(
            counted,
            driver.effectiveByCycle,
            driver.finalState,
            cycles,
            driver.effective,
          ),
        ];
        const meta = {
          date: startedAt.toISOString().slice(0, 16).replace('T', ' '),
          minutes: parsed.minutes,
          rate: parsed.rate,
          cycles,
          commands: driver.effective,
          problems,
        };
        const table = renderSoakTable(samples, meta);
        output.out(`\n${table}\n`);
        for (const p of problems) output.out(`  problem: ${p}\n`);
        fs.mkdirSync(parsed.outDir, { recursive: true });
        const file = path.join(parsed.outDir, `soak-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
        fs.writeFileSync(
          file,
          `${JSON.stringify({ kind: 'soak', options: parsed, ...meta, samples }, null, 2)}\n`,
        );
        output.out(`written ${path.relative(process.cwd(), file) || file}\n`);
        if (parsed.docs) writeDocs(table, renderSoakSvg(samples, meta), output);
        return problems.length === 0 ? 0 : 1;
      } finally {
        await db.end();
        await floor.stop();
      }
    });
  } catch (err) {
    output.err(`bench: failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}

const START = '<!-- soak:start (written by npm run bench -- soak --docs) -->';
const END = '<!-- soak:end -->';

function writeDocs(table: string, svg: string, output: BenchOutput): void {
  const docs = path.join(projectRoot(), 'docs');
  fs.writeFileSync(path.join(docs, 'soak.svg'), svg);
  const file = path.join(docs, 'performance.md');
  const text = fs.readFileSync(file, 'utf8');
  const block = `${START}\n${table}\n\n![The soak run: RSS, latency beside the floor, connections and outbox lag](soak.svg)\n${END}`;
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  const next =
    from >= 0 && to > from
      ? `${text.slice(0, from)}${block}${text.slice(to + END.length)}`
      : `${text.trimEnd()}\n\n## Soak: the topology for an hour (#27)\n\n${block}\n`;
  fs.writeFileSync(file, next);
  output.out('written docs/performance.md (soak table) and docs/soak.svg\n');
}
