import { randomUUID } from 'node:crypto';
import { eraOfFiscalYear, fiscalYearOf, jstInstant, ROLES, type Role } from '@pdca/domain';
import { ItemRepository, TenantRepository, UserRepository } from '@pdca/persistence/repositories';
import { VerificationStartRepository } from '@pdca/persistence/repositories/verification-start.repository';
import { startVerificationRound } from '@pdca/temporal/verification-start';
import type { DemoCyclesOptions } from './demo-cycles';
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
    createdBy: {
      userId: admin.id,
      displayName: admin.displayName,
      roles: admin.roles.filter((role): role is Role => (ROLES as readonly string[]).includes(role)),
    },
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
