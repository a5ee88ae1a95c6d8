/**
 * `npm run bench:report [-- --items N]`: what a reform office downloads for a whole plan of N items
 * (default 300) after three years of work — the 進捗管理表 over all four years of the plan period
 * (xlsx and CSV) and every item's 評価シート (HTML and xlsx, one at a time as an edition renders
 * them) — read from a throw-away database (bench-database.ts) seeded by report-fixture.ts.
 * Each step prints its time, the bytes written and the peak RSS and heap seen while it ran (sampled
 * every 5 ms, after a full GC before the step, so one step's garbage does not count for the next).
 */
import { Writable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import { rollUpPlan } from '@pdca/domain';
import { EvaluationSheetRepository, PlanReportRepository } from '@pdca/persistence/repositories';
import { evaluationSheetHtml, evaluationSheetXlsx } from '@pdca/reports/evaluation-sheet';
import { progressReportCsv, writeProgressReportXlsx } from '@pdca/reports/progress-report';
import type { DataSource } from 'typeorm';
import { benchDatabase } from './bench-database';
import { consoleOutput } from './bench-output';
import { createReportBenchPlan, REPORT_FY, type ReportBenchPlan } from './report-fixture';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

class CountingSink extends Writable {
  bytes = 0;
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.bytes += chunk.length;
    done();
  }
}

/** Writes `write`'s output into a sink that only counts; answers the bytes. */
async function countBytes(write: (sink: Writable) => Promise<void>): Promise<number> {
  const sink = new CountingSink();
  const finished = new Promise((resolve) => sink.on('finish', resolve));
  await write(sink);
  await finished;
  return sink.bytes;
}

export interface BenchRow {
  step: string;
  ms: number;
  bytes: number | null;
  peakRssMiB: number;
  peakHeapMiB: number;
  /** Heap in use at the peak above what it was after the GC before the step. */
  heapGrowthMiB: number;
}

const MiB = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;

/** Runs one step, sampling memory while it runs. */
export async function measure(step: string, run: () => Promise<number | null>): Promise<BenchRow> {
  gc();
  const before = process.memoryUsage().heapUsed;
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  };
  const sampler = setInterval(sample, 5);
  const started = performance.now();
  try {
    const bytes = await run();
    sample();
    return {
      step,
      ms: Math.round(performance.now() - started),
      bytes,
      peakRssMiB: MiB(peakRss),
      peakHeapMiB: MiB(peakHeap),
      heapGrowthMiB: MiB(peakHeap - before),
    };
  } finally {
    clearInterval(sampler);
  }
}

/** The 進捗管理表 steps: read (every year), then xlsx and CSV, each from a fresh read. */
async function progressReportSteps(db: DataSource, plan: ReportBenchPlan): Promise<BenchRow[]> {
  const repository = new PlanReportRepository(db);
  const load = async () => {
    const data = await repository.load(plan.tenantId, plan.planId, REPORT_FY);
    if (!data) throw new Error('the bench plan is missing');
    return data;
  };
  const rows: BenchRow[] = [];
  rows.push(await measure('進捗管理表 read (4 queries, all years)', async () => (await load()) && null));
  rows.push(
    await measure('進捗管理表 read + xlsx', async () => {
      const data = await load();
      const rollup = rollUpPlan(data.items, REPORT_FY, data.plan.periodStartFy, data.plan.periodEndFy);
      const options = { fiscalYear: REPORT_FY, publication: false };
      return countBytes((sink) => writeProgressReportXlsx(data, rollup, options, sink));
    }),
  );
  rows.push(
    await measure('進捗管理表 read + CSV', async () => {
      const data = await load();
      return Buffer.byteLength(progressReportCsv(data, { fiscalYear: REPORT_FY, publication: false }));
    }),
  );
  return rows;
}

/** The 評価シート steps: every item's sheet read in one go, then written one at a time. */
async function evaluationSheetSteps(db: DataSource, plan: ReportBenchPlan): Promise<BenchRow[]> {
  const repository = new EvaluationSheetRepository(db);
  const load = async () => {
    const sheets = await repository.loadPlan(plan.tenantId, plan.planId, REPORT_FY);
    if (sheets.length !== plan.itemIds.length) throw new Error(`${sheets.length} sheets read`);
    return sheets;
  };
  const options = { publication: true };
  const n = plan.itemIds.length;
  const rows: BenchRow[] = [];
  rows.push(await measure(`評価シート ×${n} read (loadPlan)`, async () => (await load()) && null));
  rows.push(
    await measure(`評価シート ×${n} read + HTML`, async () => {
      let bytes = 0;
      for (const data of await load()) bytes += Buffer.byteLength(evaluationSheetHtml(data, options));
      return bytes;
    }),
  );
  rows.push(
    await measure(`評価シート ×${n} read + xlsx`, async () => {
      let bytes = 0;
      for (const data of await load()) bytes += (await evaluationSheetXlsx(data, options)).length;
      return bytes;
    }),
  );
  return rows;
}

export async function runProgressReportBench(itemCount: number): Promise<BenchRow[]> {
  const database = await benchDatabase(consoleOutput);
  try {
    const { createDataSource } = await import('@pdca/persistence/data-source');
    const db = createDataSource(database.url, { poolSize: 4, applicationName: 'pdca-bench-report' });
    await db.initialize();
    try {
      let plan: ReportBenchPlan | undefined;
      const seeded = await measure(`seed ${itemCount} items × 3 years`, async () => {
        plan = await createReportBenchPlan(db, itemCount);
        return null;
      });
      return [seeded, ...(await progressReportSteps(db, plan!)), ...(await evaluationSheetSteps(db, plan!))];
    } finally {
      await db.destroy();
    }
  } finally {
    await database.drop();
  }
}

if (require.main === module) {
  const at = process.argv.indexOf('--items');
  const count = at > 0 ? Number(process.argv[at + 1]) : 300;
  if (!Number.isInteger(count) || count < 1) throw new Error('--items needs a whole number above 0');
  runProgressReportBench(count).then(
    (rows) => {
      console.log(
        `進捗管理表 and 評価シート of a ${count}-item plan, FY2024–2027 (asked for FY${REPORT_FY}), from PostgreSQL`,
      );
      console.table(rows);
      process.exit(0);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
