/**
 * A plan as the reports read it after three years of work, written in bulk into a bench database:
 * a tenant, a four-year plan (FY2024–2027) of 3 goals × 4 themes and N items with three indicators
 * each, 効果額 targets of every year, and per item FY2024 and FY2025 decided and FY2026 through an
 * approved CHECK — each cycle with its PLAN, four 進捗報告 (in the ledger, as the workflow writes
 * them), execution report, evaluation with results, HQ's rated approval and, when decided, its
 * ACT decision and budget reflection. The rows are what the workflow's projection writes; going
 * through the workflow itself for 900 cycles would bench Temporal, not the reports.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { effect, INDICATORS, insertRows, REPORT_PERIOD, targetOf } from './report-fixture-rows';
import { insertYears } from './report-fixture-years';

export { REPORT_FY, REPORT_PERIOD } from './report-fixture-rows';

export interface ReportBenchPlan {
  tenantId: string;
  planId: string;
  itemIds: string[];
}

/** Writes the plan of `itemCount` items; answers its ids. */
export async function createReportBenchPlan(db: DataSource, itemCount: number): Promise<ReportBenchPlan> {
  const code = `bench-report-${Date.now().toString(36)}`;
  const [tenant] = await db.query(
    `INSERT INTO tenants (code, name, settings) VALUES ($1, 'ベンチマーク市', '{}') RETURNING id`,
    [code],
  );
  const tenantId: string = tenant.id;
  const user = async (key: string, name: string, roles: string[]) =>
    (
      await db.query(
        `INSERT INTO users (tenant_id, email, display_name, password_hash, roles)
         VALUES ($1, $2, $3, 'x', $4) RETURNING id`,
        [tenantId, `${key}@${code}.bench.invalid`, name, roles],
      )
    )[0].id as string;
  const leader = await user('leader', '改革 リーダー', ['wg_leader']);
  const hq = await user('hq', '本部 承認者', ['hq_approver']);
  const [wg] = await db.query(
    `INSERT INTO working_groups (tenant_id, name, leader_user_id, member_user_ids)
     VALUES ($1, '行政経営課', $2, '{}') RETURNING id`,
    [tenantId, leader],
  );
  const [plan] = await db.query(
    `INSERT INTO plans (tenant_id, title, period_start_fy, period_end_fy)
     VALUES ($1, 'ベンチマーク市行財政改革計画', $2, $3) RETURNING id`,
    [tenantId, REPORT_PERIOD.fromFy, REPORT_PERIOD.toFy],
  );
  const planId: string = plan.id;

  const themes: string[] = [];
  for (let g = 1; g <= 3; g++) {
    const [goal] = await db.query(
      `INSERT INTO plan_nodes (tenant_id, plan_id, kind, code, title, sort)
       VALUES ($1, $2, 'goal', $3, $4, $5) RETURNING id`,
      [tenantId, planId, String(g), `目標${g} 持続可能な行財政運営`, g],
    );
    for (let t = 1; t <= 4; t++) {
      const [theme] = await db.query(
        `INSERT INTO plan_nodes (tenant_id, plan_id, parent_id, kind, code, title, sort)
         VALUES ($1, $2, $3, 'theme', $4, $5, $6) RETURNING id`,
        [tenantId, planId, goal.id, `${g}-${t}`, `改革テーマ${g}-${t}`, t],
      );
      themes.push(theme.id);
    }
  }

  const items = Array.from({ length: itemCount }, (_, n) => {
    const targets = Object.fromEntries(
      [2024, 2025, 2026, 2027].map((fy) => {
        const e = effect(n, fy);
        return [fy, { ...e, net: e.spendingReduction + e.revenueGain - e.cost }];
      }),
    );
    return {
      id: randomUUID(),
      tenant_id: tenantId,
      plan_id: planId,
      theme_id: themes[n % themes.length],
      code: `${(n % 3) + 1}-${n + 1}`,
      title: `改革項目 ${n + 1}: 窓口サービスのデジタル化と業務の見直し`,
      summary: '申請手続をオンライン化し、窓口の待ち時間を短くする。'.repeat(4),
      working_group_id: wg.id,
      review_cadence: 'quarterly',
      budget_current_amount: 10_000_000 + n * 1000,
      effect_targets: targets,
      sort: n,
    };
  });
  await insertRows(
    db,
    'items',
    {
      id: 'uuid',
      tenant_id: 'uuid',
      plan_id: 'uuid',
      theme_id: 'uuid',
      code: 'text',
      title: 'text',
      summary: 'text',
      working_group_id: 'uuid',
      review_cadence: 'text',
      budget_current_amount: 'bigint',
      effect_targets: 'jsonb',
      sort: 'int',
    },
    items,
  );
  await insertRows(
    db,
    'item_parents',
    { tenant_id: 'uuid', item_id: 'uuid', node_id: 'uuid', is_primary: 'boolean' },
    items.map((i) => ({ tenant_id: tenantId, item_id: i.id, node_id: i.theme_id, is_primary: true })),
  );
  const indicators = items.flatMap((item) =>
    INDICATORS.map((indicator, k) => ({
      id: randomUUID(),
      tenant_id: tenantId,
      item_id: item.id,
      name: indicator.name,
      unit: indicator.unit,
      kind: k === 0 ? 'outcome' : 'activity',
      direction: indicator.direction,
      baseline: indicator.baseline,
      achievement_formula: 'ratio',
      targets: Object.fromEntries([2024, 2025, 2026, 2027].map((fy) => [fy, targetOf(k, fy)])),
      sort: k,
    })),
  );
  await insertRows(
    db,
    'indicators',
    {
      id: 'uuid',
      tenant_id: 'uuid',
      item_id: 'uuid',
      name: 'text',
      unit: 'text',
      kind: 'text',
      direction: 'text',
      baseline: 'numeric',
      achievement_formula: 'text',
      targets: 'jsonb',
      sort: 'int',
    },
    indicators,
  );
  await insertYears(db, { tenantId, leader, hq }, items, indicators);
  return { tenantId, planId, itemIds: items.map((i) => i.id) };
}
