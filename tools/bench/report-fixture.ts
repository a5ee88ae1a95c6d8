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

export const REPORT_PERIOD = { fromFy: 2024, toFy: 2027 } as const;
/** The year the reports are asked for: the last one with an approved evaluation. */
export const REPORT_FY = 2026;
const DECIDED_YEARS = [2024, 2025];
const YEARS_RUN = [2024, 2025, 2026];

export interface ReportBenchPlan {
  tenantId: string;
  planId: string;
  itemIds: string[];
}

/** Inserts `rows` (objects of the given columns) in one statement through jsonb_to_recordset. */
async function insertRows(
  db: DataSource,
  table: string,
  columns: Readonly<Record<string, string>>,
  rows: ReadonlyArray<Record<string, unknown>>,
): Promise<void> {
  const names = Object.keys(columns);
  const types = names.map((name) => `${name} ${columns[name]}`).join(', ');
  for (let at = 0; at < rows.length; at += 500) {
    await db.query(
      `INSERT INTO ${table} (${names.join(', ')})
       SELECT ${names.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${types})`,
      [JSON.stringify(rows.slice(at, at + 500))],
    );
  }
}

const effect = (n: number, fy: number) => ({
  spendingReduction: 2_000_000 + ((n * 7919 + fy) % 1000) * 1000,
  revenueGain: 300_000,
  cost: 500_000,
});

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
    [0, 1, 2].map((k) => ({
      id: randomUUID(),
      tenant_id: tenantId,
      item_id: item.id,
      name: ['電子申請率', '窓口平均待ち時間', 'オンライン手続数'][k],
      unit: ['%', '分', '手続'][k],
      kind: k === 0 ? 'outcome' : 'activity',
      direction: k === 1 ? 'lower_is_better' : 'higher_is_better',
      baseline: [20, 30, 10][k],
      targets: { 2024: 30 + k, 2025: 40 + k, 2026: 50 + k, 2027: 60 + k },
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
      targets: 'jsonb',
      sort: 'int',
    },
    indicators,
  );
  await insertYears(db, { tenantId, leader, hq }, items, indicators);
  return { tenantId, planId, itemIds: items.map((i) => i.id) };
}

interface People {
  tenantId: string;
  leader: string;
  hq: string;
}

/** The cycles of FY2024–2026 with their approvals, ledger reviews and budget reflections. */
async function insertYears(
  db: DataSource,
  people: People,
  items: ReadonlyArray<{ id: string; budget_current_amount: number }>,
  indicators: ReadonlyArray<{ id: string; item_id: string; name: string; direction: string }>,
): Promise<void> {
  const { tenantId, leader, hq } = people;
  const cycles: Array<Record<string, unknown>> = [];
  const approvals: Array<Record<string, unknown>> = [];
  const reflections: Array<Record<string, unknown>> = [];
  const reviews: Array<Record<string, unknown>> = [];
  const at = (fy: number, month: number) => new Date(Date.UTC(fy, month - 1, 15)).toISOString();
  items.forEach((item, n) => {
    const own = indicators.filter((i) => i.item_id === item.id);
    for (const fy of YEARS_RUN) {
      const id = randomUUID();
      const decided = DECIDED_YEARS.includes(fy);
      const submitted = (payload: object, month: number) => ({
        round: 1,
        submittedBy: leader,
        submittedAt: at(fy + (month < 4 ? 1 : 0), month),
        payload,
      });
      const targets = own.map((i, k) => ({ indicatorId: i.id, target: 40 + k + (fy - 2025) * 10 }));
      cycles.push({
        id,
        tenant_id: tenantId,
        item_id: item.id,
        fiscal_year: fy,
        workflow_id: `bench-report-${id}`,
        stage: 'ACT',
        status: decided ? 'completed' : 'awaiting_submission',
        plan: submitted(
          { targets, activities: ['電子申請の対象手続を拡大する'], budgetRequest: 10_000_000 },
          4,
        ),
        execution_report: submitted({ summary: '計画どおり実施した。', issues: `第${n}項目の課題` }, 3),
        evaluation: {
          ...submitted(
            {
              actuals: targets.map((t) => ({ indicatorId: t.indicatorId, actual: t.target + 2 })),
              selfRating: 'B',
              analysis: '申請率が目標を上回った一方、待ち時間の短縮は遅れている。',
              grade: ['S', 'A', 'B', 'C'][n % 4],
              effects: effect(n + 1, fy),
            },
            4,
          ),
          results: targets.map((t, k) => ({
            indicatorId: t.indicatorId,
            name: own[k]!.name,
            direction: own[k]!.direction,
            target: t.target,
            actual: t.target + 2,
            achievementRate: 104.2,
            formula: 'actual_over_target',
          })),
          suggestedRating: 'A',
          hqRating: 'B',
        },
        decision: decided
          ? submitted({ decision: 'continue', rationale: '効果が確認できたため継続する。' }, 5)
          : null,
        hq_rating: 'B',
        started_at: at(fy - 1, 2),
      });
      const approval = randomUUID();
      approvals.push({
        id: approval,
        tenant_id: tenantId,
        cycle_id: id,
        stage: 'CHECK',
        submission_kind: 'evaluation',
        round: 1,
        step_index: 0,
        step_key: 'hq',
        step_label: { ja: '本部承認', en: 'HQ approval' },
        status: 'approved',
        submitted_by: leader,
        submitted_at: at(fy + 1, 4),
        decided_by: hq,
        decided_at: at(fy + 1, 5),
        comment: '概ね計画どおり。待ち時間の短縮に引き続き取り組むこと。',
        rating: 'B',
      });
      if (decided) {
        reflections.push({
          tenant_id: tenantId,
          cycle_id: id,
          item_id: item.id,
          source_fiscal_year: fy,
          fiscal_year: fy + 2,
          decision: 'continue',
          current_amount: item.budget_current_amount,
          proposed_amount: item.budget_current_amount,
          delta: 0,
          rule: 'continue.kept',
          rule_description: { ja: '現行の予算額を維持', en: 'The current amount is kept' },
          approval_id: approval,
          created_at: at(fy + 1, 6),
        });
      }
      for (const periodIndex of [1, 2, 3, 4]) {
        reviews.push({
          occurredAt: at(fy + (periodIndex === 4 ? 1 : 0), [7, 10, 1, 3][periodIndex - 1]!),
          actorType: 'user',
          actorId: leader,
          actorName: '改革 リーダー',
          actorRole: 'wg_leader',
          action: 'review.submitted',
          itemId: item.id,
          cycleId: id,
          taskId: null,
          approvalId: null,
          payload: {
            submission: {
              periodIndex,
              progress: periodIndex * 25,
              status: 'on_track',
              notes: `第${periodIndex}四半期: 予定どおり進んでいる。`,
            },
          },
          comment: null,
          workflowId: `bench-report-${id}`,
          runId: null,
          eventKey: null,
        });
      }
    }
  });
  const text = (names: string[]) => Object.fromEntries(names.map((name) => [name, 'text']));
  await insertRows(
    db,
    'cycles',
    {
      id: 'uuid',
      tenant_id: 'uuid',
      item_id: 'uuid',
      fiscal_year: 'int',
      ...text(['workflow_id', 'stage', 'status', 'hq_rating']),
      plan: 'jsonb',
      execution_report: 'jsonb',
      evaluation: 'jsonb',
      decision: 'jsonb',
      started_at: 'timestamptz',
    },
    cycles,
  );
  await insertRows(
    db,
    'approvals',
    {
      id: 'uuid',
      tenant_id: 'uuid',
      cycle_id: 'uuid',
      ...text(['stage', 'submission_kind', 'step_key', 'status', 'comment', 'rating']),
      round: 'int',
      step_index: 'int',
      step_label: 'jsonb',
      submitted_by: 'uuid',
      submitted_at: 'timestamptz',
      decided_by: 'uuid',
      decided_at: 'timestamptz',
    },
    approvals,
  );
  await insertRows(
    db,
    'budget_reflections',
    {
      tenant_id: 'uuid',
      cycle_id: 'uuid',
      item_id: 'uuid',
      source_fiscal_year: 'int',
      fiscal_year: 'int',
      ...text(['decision', 'rule']),
      current_amount: 'bigint',
      proposed_amount: 'bigint',
      delta: 'bigint',
      rule_description: 'jsonb',
      approval_id: 'uuid',
      created_at: 'timestamptz',
    },
    reflections,
  );
  const { appendLedgerEntries } = await import('@pdca/persistence/repositories');
  for (let from = 0; from < reviews.length; from += 1000) {
    const batch = reviews.slice(from, from + 1000);
    await db.transaction((manager) =>
      appendLedgerEntries(manager, tenantId, batch as unknown as Parameters<typeof appendLedgerEntries>[2]),
    );
  }
}
