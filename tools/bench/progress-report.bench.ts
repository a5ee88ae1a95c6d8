/**
 * `npm run bench:report [-- --items N]`: writes the 進捗管理表 of N items (default 1,000, three
 * indicators each) as xlsx and CSV, and prints the time and size. No database: the
 * report's three queries are indexed reads; this measures the writer, the part that grows with N.
 */
import { Writable } from 'node:stream';
import { DEFAULT_PROGRESS_GRADE_SCALE, rollUpPlan } from '@pdca/domain';
import type { PlanReportData, ReportItem } from '@pdca/persistence/repositories/plan-report.repository';
import { progressReportCsv, writeProgressReportXlsx } from '@pdca/reports/progress-report';

function syntheticReport(count: number): PlanReportData {
  const grades = ['S', 'A', 'B', 'C'];
  const items: ReportItem[] = Array.from({ length: count }, (_, n) => ({
    itemId: `item-${n}`,
    code: `${Math.floor(n / 100) + 1}-${n % 100}`,
    title: `改革項目 ${n + 1}: 窓口サービスのデジタル化と業務の見直し`,
    goalCode: `目標${(n % 3) + 1}`,
    goalTitle: `目標${(n % 3) + 1} 持続可能な行財政運営`,
    themeCode: `テーマ${(n % 12) + 1}`,
    themeTitle: `改革テーマ${(n % 12) + 1}`,
    workingGroup: `WG${n % 20}`,
    leaderName: `職員 ${n % 50}`,
    stage: 'ACT',
    status: 'completed',
    grade: grades[n % 4]!,
    selfRating: 'B',
    hqRating: 'B',
    rating: 'B',
    decision: 'continue',
    budgetCurrent: 10_000_000 + n * 1000,
    budgetReflected: 9_000_000 + n * 1000,
    budgetReflectedFy: 2026,
    effectsByYear: {
      2025: {
        target: { spendingReduction: 3_000_000, revenueGain: 500_000, cost: 800_000, net: 2_700_000 },
        actual: { spendingReduction: 2_000_000 + n, revenueGain: 400_000, cost: 700_000 },
      },
    },
    indicators: [0, 1, 2].map((k) => ({
      name: `指標${k + 1}`,
      unit: '%',
      kind: k === 0 ? ('outcome' as const) : ('activity' as const),
      direction: 'higher_is_better' as const,
      baseline: 10,
      target: 50,
      actual: 30 + k,
      achievementRate: 50 + k,
      achievementFormula: 'progress_from_baseline' as const,
    })),
  }));
  return {
    plan: {
      id: 'bench',
      title: 'ベンチマーク計画',
      periodStartFy: 2024,
      periodEndFy: 2027,
      tenantName: 'ベンチ市',
    },
    gradeScale: DEFAULT_PROGRESS_GRADE_SCALE,
    items,
  };
}

class CountingSink extends Writable {
  bytes = 0;
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.bytes += chunk.length;
    done();
  }
}

async function runProgressReportBench(count: number) {
  const data = syntheticReport(count);
  const options = { fiscalYear: 2025, publication: false };
  const started = performance.now();
  const rollup = rollUpPlan(data.items, 2025, 2024);
  const sink = new CountingSink();
  const finished = new Promise((resolve) => sink.on('finish', resolve));
  await writeProgressReportXlsx(data, rollup, options, sink);
  await finished;
  const xlsxMs = performance.now() - started;
  const csvStarted = performance.now();
  const csv = progressReportCsv(data, options);
  const csvMs = performance.now() - csvStarted;
  return {
    items: count,
    xlsxMs: Math.round(xlsxMs),
    xlsxBytes: sink.bytes,
    csvMs: Math.round(csvMs),
    csvBytes: Buffer.byteLength(csv),
  };
}

if (require.main === module) {
  const at = process.argv.indexOf('--items');
  const count = at > 0 ? Number(process.argv[at + 1]) : 1000;
  if (!Number.isInteger(count) || count < 1) throw new Error('--items needs a whole number above 0');
  runProgressReportBench(count).then(
    (result) => {
      console.log('進捗管理表 export (writer only, synthetic data)');
      console.table([result]);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
