/**
 * `npm run build && node dist/tools/bench/edition.bench.js [--items N]`: freezing one fiscal year of
 * a plan of N items (default 300) as a published edition (公表版) — the 進捗管理表 (xlsx, CSV) and
 * every item's 評価シート (html, xlsx), generated and written in one go exactly as
 * POST /plans/{planId}/editions does (the API's own services, without HTTP) — on the report bench's
 * plan (report-fixture.ts) in a throw-away database. Prints the time, the files' total size and the
 * peak RSS and heap (measure() of progress-report.bench.ts).
 */
import {
  EvaluationSheetRepository,
  ItemRepository,
  PlanEditionRepository,
  PlanReportRepository,
  PlanTargetRepository,
  PolicyEvaluationSheetRepository,
} from '@pdca/persistence/repositories';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../../apps/api/src/common/http/request-context';
import { EvaluationSheetsService } from '../../apps/api/src/evaluation-sheets/evaluation-sheets.service';
import { ExternalReviewReportsService } from '../../apps/api/src/external-review-reports/external-review-reports.service';
import { PlanEditionsService } from '../../apps/api/src/plan-editions/plan-editions.service';
import { PlanReportsService } from '../../apps/api/src/plan-reports/plan-reports.service';
import { PolicyEvaluationSheetsService } from '../../apps/api/src/policy-evaluation-sheets/policy-evaluation-sheets.service';
import { benchDatabase } from './bench-database';
import { consoleOutput } from './bench-output';
import { type BenchRow, measure } from './progress-report.bench';
import { createReportBenchPlan, REPORT_FY } from './report-fixture';

/** HQ's administrator of the bench tenant (the report fixture makes a leader and an approver only). */
async function hqAdmin(db: DataSource, tenantId: string): Promise<AuthUser> {
  const [user] = await db.query(
    `INSERT INTO users (tenant_id, email, display_name, password_hash, roles)
     VALUES ($1, $2, '本部 事務局', 'x', '{hq_admin}') RETURNING id`,
    [tenantId, `hq-admin-${Date.now().toString(36)}@bench.invalid`],
  );
  return {
    id: user.id,
    tenantId,
    tenantCode: 'bench',
    email: '',
    displayName: '本部 事務局',
    roles: ['hq_admin'],
    active: true,
    mustChangePassword: false,
    tokenVersion: 0,
    directoryUser: false,
  };
}

export async function runEditionBench(itemCount: number): Promise<{ rows: BenchRow[]; files: number }> {
  const database = await benchDatabase(consoleOutput);
  try {
    const { createDataSource } = await import('@pdca/persistence/data-source');
    const db = createDataSource(database.url, { poolSize: 4, applicationName: 'pdca-bench-edition' });
    await db.initialize();
    try {
      const plan = await createReportBenchPlan(db, itemCount);
      const user = await hqAdmin(db, plan.tenantId);
      const sut = new PlanEditionsService(
        new PlanEditionRepository(db),
        new PlanReportsService(
          new PlanReportRepository(db),
          new PlanTargetRepository(db),
          new PolicyEvaluationSheetRepository(db),
        ),
        new EvaluationSheetsService(new EvaluationSheetRepository(db), new ItemRepository(db)),
        new PolicyEvaluationSheetsService(new PolicyEvaluationSheetRepository(db)),
        new ExternalReviewReportsService(db),
      );
      let files = 0;
      const freeze = (reason: string) =>
        measure(`freeze FY${REPORT_FY} (${reason})`, async () => {
          const edition = await sut.publish(user, plan.planId, {
            fiscalYear: REPORT_FY,
            title: '令和8年度 行財政改革 取組状況（公表版）',
            reason,
          });
          files = edition.files.length;
          return edition.files.reduce((sum, f) => sum + f.size, 0);
        });
      return { rows: [await freeze('第1版'), await freeze('第2版')], files };
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
  runEditionBench(count).then(
    ({ rows, files }) => {
      console.log(`公表版 of a ${count}-item plan, FY${REPORT_FY}: ${files} files per edition`);
      console.table(rows);
      process.exit(0);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
