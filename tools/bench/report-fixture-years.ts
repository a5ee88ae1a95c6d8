/**
 * The bench plan's years: per item the cycles of FY2024–2026 as the workflow's projection leaves
 * them, with HQ's rated approvals, the budget reflections of the decided years and four 進捗報告 a
 * year in the hash-chained ledger.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DECIDED_YEARS, effect, insertRows, resultOf, targetOf, YEARS_RUN } from './report-fixture-rows';

export interface People {
  tenantId: string;
  leader: string;
  hq: string;
}

/** The cycles of FY2024–2026 with their approvals, ledger reviews and budget reflections. */
export async function insertYears(
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
      const targets = own.map((i, k) => ({ indicatorId: i.id, target: targetOf(k, fy) }));
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
              actuals: targets.map((t, k) => ({
                indicatorId: t.indicatorId,
                actual: resultOf(k, fy).actual,
              })),
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
            ...resultOf(k, fy),
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
