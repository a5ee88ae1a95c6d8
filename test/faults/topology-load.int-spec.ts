/**
 * Many processes, one truth (#27), the short run: two API processes, two worker processes and one
 * relay, all built (dist/) and each its own process, on a database of their own and the tests'
 * Temporal server (a task queue of their own). Two dozen cycles are driven through every stage by
 * HTTP over both APIs while one API and one worker are killed with SIGKILL and started again.
 * Then every command that took effect did so exactly once: one user ledger entry per command,
 * every cycle closed with one budget reflection, the same ledger entries, projected events,
 * outbox events and deliveries for every cycle, nothing left in the outbox, nothing failed to
 * project, and the ledger verifies. `npm run bench -- topology` is the long version.
 */

import { renderTopologySummary, runTopologyLoad } from '../../tools/bench/topology-load';
import { startTopology, type Topology } from '../../tools/bench/topology-stack';
import { ownerDatabaseUrl } from '../support/owner-database';
import { assertBuiltWorker } from '../support/worker-process';

const CYCLES = 24;
let topology: Topology | undefined;

beforeAll(async () => {
  assertBuiltWorker();
  topology = await startTopology({
    apis: 2,
    workers: 2,
    databaseServer: ownerDatabaseUrl(),
    temporalAddress: process.env.TEMPORAL_ADDRESS,
    // A worker bundles its workflows when it starts: on two busy cores that can take a minute.
    startTimeoutMs: 180_000,
    log: (line) => process.stdout.write(`[topology] ${line}\n`),
  });
  process.stdout.write(`[topology]\n${topology.describe()}\n`);
}, 600_000);

afterAll(async () => {
  await topology?.stop();
}, 120_000);

it('two APIs and two workers, one of each killed under load: every command took effect exactly once', async () => {
  const result = await runTopologyLoad(topology!, {
    cycles: CYCLES,
    concurrency: 6,
    rate: 20,
    apiKills: 1,
    workerKills: 1,
    // Outcomes, not clocks: a command gets a minute before it counts as cut, the relay two to drain.
    commandTimeoutMs: 60_000,
    drainTimeoutMs: 120_000,
    log: (line) => process.stdout.write(`[topology] ${line}\n`),
  });
  process.stdout.write(`[topology]\n${renderTopologySummary(result)}\n`);

  expect(result.problems).toEqual([]);
  expect(result.kills.map((k) => k.service.split('-')[0]).sort()).toEqual(['api', 'worker']);
  expect(result.answers.other).toBe(0);
  expect(result.counts).toMatchObject({
    cyclesClosed: CYCLES,
    budgetReflections: CYCLES,
    userLedgerEntries: result.commands,
    outboxUnpublished: 0,
    deliveriesDead: 0,
    failedProjections: 0,
    ledgerVerified: true,
  });
  // Both APIs took their share.
  for (const share of result.byApi) expect(share).toBeGreaterThan(result.requests / 4);
}, 900_000);
