import { randomUUID } from 'node:crypto';
import {
  decideVerificationUpdate,
  submitVerificationFindingsUpdate,
  verificationStateQuery,
  verificationWorkflowId,
} from '@pdca/contracts';
import { eraOfFiscalYear, fiscalYearOf, jstInstant } from '@pdca/domain';
import {
  citySettingsOf,
  ItemRepository,
  SettingsRepository,
  TenantRepository,
  UserRepository,
} from '@pdca/persistence/repositories';
import { ItemBudgetRepository } from '@pdca/persistence/repositories/item-budget.repository';
import { VerificationStartRepository } from '@pdca/persistence/repositories/verification-start.repository';
import { startVerificationRound } from '@pdca/temporal/verification-start';
import { asActor, type DemoCyclesOptions } from './demo-cycles';
import { DEMO_EMAIL_DOMAIN, DEMO_TENANT } from './demo-seed';

export interface DemoVerificationResult {
  status: 'started' | 'exists';
  roundId: string;
  title: string;
  /** The items under verification (their codes). */
  itemCodes: string[];
  teamEmail: string;
}

/** `令和8年度 事業検証`: the demo round of a fiscal year. */
export const demoVerificationTitle = (fiscalYear: number): string =>
  `${eraOfFiscalYear(fiscalYear).ja} 事業検証`;

/** A day `days` from `now`, at 17:00 JST. */
function dueIn(now: Date, days: number): string {
  const due = new Date(now.getTime() + days * 86_400_000 + 9 * 3_600_000);
  return jstInstant(due.getUTCFullYear(), due.getUTCMonth() + 1, due.getUTCDate(), 17).toISOString();
}

/**
 * The demo's 事業検証 (#26): one round of the current fiscal year on the plan's first three items,
 * the demo leader (leader@) as its 検証チーム, findings due in three weeks and HQ's decisions in six,
 * at 17:00 JST — started through the same code as POST /verification-rounds (the context and the
 * items by VerificationStartRepository, the workflow by startVerificationRound), as the demo admin.
 * Once: a round of that title in the year is left alone. Undefined when the demo tenant, its admin,
 * its leader or an item is missing.
 */
export async function startDemoVerification(
  options: DemoCyclesOptions,
): Promise<DemoVerificationResult | undefined> {
  const { dataSource } = options;
  const domain = options.emailDomain ?? DEMO_EMAIL_DOMAIN;
  const tenant = await new TenantRepository(dataSource).findByCode(options.tenantCode ?? DEMO_TENANT.code);
  if (!tenant) return undefined;
  const users = new UserRepository(dataSource);
  const admin = await users.findByEmail(`admin@${domain}`);
  const leader = await users.findByEmail(`leader@${domain}`);
  if (!admin || !leader) return undefined;
  const now = options.now ?? new Date();
  const fiscalYear = fiscalYearOf(now);
  const title = demoVerificationTitle(fiscalYear);
  const items = (await new ItemRepository(dataSource).list({ tenantId: tenant.id, limit: 3, offset: 0 }))
    .items;
  if (items.length === 0) return undefined;
  const done = { title, teamEmail: leader.email };
  const [existing]: Array<{ id: string; codes: string[] }> = await dataSource.query(
    `SELECT r.id, array_agg(i.code ORDER BY v.position) AS codes FROM verification_rounds r
       JOIN verification_items v ON v.round_id = r.id JOIN items i ON i.id = v.item_id
      WHERE r.tenant_id = $1 AND r.fiscal_year = $2 AND r.title = $3 GROUP BY r.id, r.created_at
      ORDER BY r.created_at LIMIT 1`,
    [tenant.id, fiscalYear, title],
  );
  if (existing) return { status: 'exists', roundId: existing.id, itemCodes: existing.codes, ...done };
  const starts = new VerificationStartRepository(dataSource);
  const started = await starts.roundContext(tenant.id);
  if (!started) return undefined;
  const chosen = items.map((i) => i.id);
  const roundItems = await starts.roundItems(tenant.id, fiscalYear, chosen, randomUUID);
  const roundId = randomUUID();
  await startVerificationRound(options.client, options.taskQueue, {
    roundId,
    tenantId: tenant.id,
    tenantCode: started.tenantCode,
    fiscalYear,
    title,
    criteria: { itemIds: chosen },
    items: roundItems,
    teamUserIds: [leader.id],
    findingsDueAt: dueIn(now, 21),
    decisionDueAt: dueIn(now, 42),
    createdBy: asActor(admin),
    timeScale: options.timeScale,
    context: started.context,
  });
  const codes = new Map(items.map((i) => [i.id, i.code]));
  return {
    status: 'started',
    roundId,
    itemCodes: roundItems.map((i) => codes.get(i.itemId) ?? '?'),
    ...done,
  };
}

export interface DemoVerificationDecision {
  itemCode: string;
  /** The decision's code (the city's 縮小) and the 予算への反映額 it proposed. */
  decision: string;
  proposal: number;
  /** The budget year the decision reaches, which 財政課 then assessed and adopted at the proposal. */
  budgetYear: number;
}

/** The demo's users by their key (hq@, zaisei@ …), or undefined when one is missing. */
async function demoUser(options: DemoCyclesOptions, key: string) {
  return new UserRepository(options.dataSource).findByEmail(
    `${key}@${options.emailDomain ?? DEMO_EMAIL_DOMAIN}`,
  );
}

/**
 * One item of the demo round decided, so that the demo shows a reform decision in an item's budget
 * chain (#26): leader@ records 検証結果 with the city's 縮小 and 90% of the item's budget, HQ approves
 * each step of the city's chain (hq@; hq2@ takes a second step when the city has one), and 財政課 (zaisei@) assesses and adopts the proposal
 * in the budget year it reaches — 予算への反映額 → 査定額 → 当初予算額 on the item's 予算の経過. The
 * same commands as the screens (the workflow's Updates, the repository PUT /budgets uses). Left alone
 * when an item of the round already has findings (a restart of the demo); undefined when a demo user,
 * the city's 縮小 or an item with a budget is missing.
 */
export async function decideDemoVerification(
  options: DemoCyclesOptions & { roundId: string; waitMs?: number },
): Promise<DemoVerificationDecision | undefined> {
  const tenant = await new TenantRepository(options.dataSource).findByCode(
    options.tenantCode ?? DEMO_TENANT.code,
  );
  const [leader, hq, hq2, finance] = await Promise.all(
    ['leader', 'hq', 'hq2', 'zaisei'].map((key) => demoUser(options, key)),
  );
  if (!tenant || !leader || !hq || !hq2 || !finance) return undefined;
  const handle = options.client.workflow.getHandle(verificationWorkflowId(tenant.code, options.roundId));
  let state = await handle.query(verificationStateQuery);
  if (state.items.some((i) => i.submission !== null)) return undefined;
  const stored = await new SettingsRepository(options.dataSource).read(tenant.id, null);
  const reduce = citySettingsOf(stored.tenantSettings).decisions.find(
    (d) => d.budgetRule === 'decrease' && !d.endsItem && !d.carriesOver,
  );
  const item = state.items.find((i) => i.currentAmount >= 10_000);
  if (!reduce || !item) return undefined;
  const proposal = Math.floor((item.currentAmount * 0.9) / 1000) * 1000;
  state = await handle.executeUpdate(submitVerificationFindingsUpdate, {
    args: [
      asActor(leader),
      {
        itemId: item.itemId,
        findings: 'デモ：市単独の上乗せ分は対象者が減っており、一割縮小しても成果は保てる。',
        decision: reduce.code,
        budgetProposal: proposal,
      },
    ],
  });
  // Each step of the city's chain by another approver (nobody decides two steps or their own).
  for (const approver of [hq, hq2, hq, hq2]) {
    const pending = state.items
      .find((i) => i.itemId === item.itemId)
      ?.approvals.find((a) => a.status === 'pending');
    if (!pending) break;
    state = await handle.executeUpdate(decideVerificationUpdate, {
      args: [asActor(approver), { approvalId: pending.id, decision: 'approve', comment: 'デモ' }],
    });
  }
  const reflection = state.items.find((i) => i.itemId === item.itemId)?.budgetReflection;
  if (!reflection) return undefined;
  // The reflection reaches PostgreSQL through the workflow's projection, just after the Update.
  const deadline = Date.now() + (options.waitMs ?? 20_000);
  while (Date.now() < deadline) {
    const [row] = await options.dataSource.query('SELECT 1 FROM budget_reflections WHERE id = $1', [
      reflection.id,
    ]);
    if (row) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await new ItemBudgetRepository(options.dataSource).setAmounts({
    tenantId: tenant.id,
    itemId: item.itemId,
    budgetYear: reflection.fiscalYear,
    amounts: { assessed: proposal, adopted: proposal },
    reason: 'デモ：事業検証の本部の決定（縮小）のとおり査定・議決',
    actor: { userId: finance.id, displayName: finance.displayName, role: 'finance' },
  });
  const [{ code }] = await options.dataSource.query('SELECT code FROM items WHERE id = $1', [item.itemId]);
  return { itemCode: code, decision: reduce.code, proposal, budgetYear: reflection.fiscalYear };
}
