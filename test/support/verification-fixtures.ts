import { randomUUID } from 'node:crypto';
import type { Actor, VerificationInput } from '@pdca/contracts';
import { VerificationStartRepository } from '@pdca/persistence/repositories/verification-start.repository';
import type { DataSource } from 'typeorm';
import type { CycleFixture } from './cycle-fixtures';

/** 宝塚市's directions with 方向性未決定 (carriesOver): what a 事業検証 decides from. */
export const VERIFICATION_DECISIONS = [
  {
    code: 'expand',
    label: { ja: '拡充', en: 'Expand' },
    order: 1,
    endsItem: false,
    carriesOver: false,
    budgetRule: 'increase',
  },
  {
    code: 'continue',
    label: { ja: '継続', en: 'Continue' },
    order: 2,
    endsItem: false,
    carriesOver: false,
    budgetRule: 'keep',
  },
  {
    code: 'reduce',
    label: { ja: '縮小', en: 'Reduce' },
    order: 3,
    endsItem: false,
    carriesOver: false,
    budgetRule: 'decrease',
  },
  {
    code: 'abolish',
    label: { ja: '廃止', en: 'Abolish' },
    order: 4,
    endsItem: true,
    carriesOver: false,
    budgetRule: 'zero',
  },
  {
    code: 'undecided',
    label: { ja: '方向性未決定', en: 'Undecided (examined again)' },
    order: 5,
    endsItem: false,
    carriesOver: true,
    budgetRule: 'none',
  },
];

/** Another item in the fixture's plan and working group (code, title, this year's budget). */
export async function addItem(
  db: DataSource,
  f: Pick<CycleFixture, 'tenantId' | 'itemId'>,
  code: string,
  title: string,
  budget: number,
): Promise<string> {
  const [{ id }] = await db.query(
    `INSERT INTO items (tenant_id, plan_id, code, title, summary, working_group_id, review_cadence, budget_current_amount, sort)
     SELECT tenant_id, plan_id, $2, $3, 'サンプル', working_group_id, review_cadence, $4, $5 FROM items WHERE id = $1
     RETURNING id`,
    [f.itemId, code, title, budget, Number(code.replace(/\D/g, '')) || 0],
  );
  return id;
}

/**
 * A round's input as POST /verification-rounds builds it, through the same repository: the city's
 * context, the items carried over undecided from earlier rounds first, then `chosen`.
 */
export async function verificationInput(
  db: DataSource,
  f: Pick<CycleFixture, 'tenantId' | 'tenantCode'>,
  round: {
    fiscalYear: number;
    title: string;
    chosen: string[];
    team: Actor[];
    createdBy: Actor;
    findingsDueAt: Date;
    decisionDueAt: Date;
    businessStartMs?: number;
  },
): Promise<VerificationInput> {
  const starts = new VerificationStartRepository(db);
  const started = (await starts.roundContext(f.tenantId))!;
  return {
    roundId: randomUUID(),
    tenantId: f.tenantId,
    tenantCode: started.tenantCode,
    fiscalYear: round.fiscalYear,
    title: round.title,
    criteria: { itemIds: round.chosen },
    items: await starts.roundItems(f.tenantId, round.fiscalYear, round.chosen, randomUUID),
    teamUserIds: round.team.map((a) => a.userId),
    findingsDueAt: round.findingsDueAt.toISOString(),
    decisionDueAt: round.decisionDueAt.toISOString(),
    createdBy: round.createdBy,
    timeScale: 1,
    ...(round.businessStartMs !== undefined ? { businessStartMs: round.businessStartMs } : {}),
    context: started.context,
  };
}
