import { randomUUID } from 'node:crypto';
import { eraOfFiscalYear, fiscalYearOf, jstInstant, ROLES, type Role } from '@pdca/domain';
import { ItemRepository, TenantRepository, UserRepository } from '@pdca/persistence/repositories';
import { ExternalReviewStartRepository } from '@pdca/persistence/repositories/external-review-start.repository';
import { startExternalReview } from '@pdca/temporal/external-review-start';
import type { DemoCyclesOptions } from './demo-cycles';
import { DEMO_EMAIL_DOMAIN, DEMO_TENANT } from './demo-seed';

/** The same as the cycles' (the demo's client, task queue and clock). */
export type DemoReviewOptions = DemoCyclesOptions;

export interface DemoReviewResult {
  status: 'started' | 'exists';
  reviewId: string;
  title: string;
  /** The item under review (its code). */
  itemCode: string;
  chairEmail: string;
}

/** How long the demo committee has for its opinions. */
const DUE_DAYS = 21;

/** `令和8年度 外部評価（第1回）`: the demo round of a fiscal year. */
export const demoReviewTitle = (fiscalYear: number): string =>
  `${eraOfFiscalYear(fiscalYear).ja} 外部評価（第1回）`;

/**
 * The demo's 外部評価 (#25): one review round of the current fiscal year on the plan's first item,
 * the demo committee member (iinkai@) as its only member and chair, due in three weeks at 17:00
 * JST — started through the same code as POST /external-reviews (the round's context read by
 * ExternalReviewStartRepository, its workflow started by startExternalReview, answering once it is
 * in PostgreSQL), as the demo admin. Once: a round of that title in the year is left alone.
 * Undefined when the demo tenant, its admin, its member or an item is missing.
 */
export async function startDemoReview(options: DemoReviewOptions): Promise<DemoReviewResult | undefined> {
  const { dataSource } = options;
  const domain = options.emailDomain ?? DEMO_EMAIL_DOMAIN;
  const tenant = await new TenantRepository(dataSource).findByCode(options.tenantCode ?? DEMO_TENANT.code);
  if (!tenant) return undefined;
  const users = new UserRepository(dataSource);
  const admin = await users.findByEmail(`admin@${domain}`);
  const chair = await users.findByEmail(`iinkai@${domain}`);
  if (!admin || !chair) return undefined;
  const now = options.now ?? new Date();
  const fiscalYear = fiscalYearOf(now);
  const title = demoReviewTitle(fiscalYear);
  const [first] = (await new ItemRepository(dataSource).list({ tenantId: tenant.id, limit: 1, offset: 0 }))
    .items;
  if (!first) return undefined;
  const done = { title, chairEmail: chair.email };
  const [existing]: Array<{ id: string; code: string }> = await dataSource.query(
    `SELECT r.id, i.code FROM external_reviews r
       JOIN external_review_items ri ON ri.review_id = r.id JOIN items i ON i.id = ri.item_id
      WHERE r.tenant_id = $1 AND r.fiscal_year = $2 AND r.title = $3 ORDER BY r.created_at LIMIT 1`,
    [tenant.id, fiscalYear, title],
  );
  if (existing) return { status: 'exists', reviewId: existing.id, itemCode: existing.code, ...done };
  const started = await new ExternalReviewStartRepository(dataSource).reviewContext(tenant.id);
  if (!started) return undefined;
  const due = new Date(now.getTime() + DUE_DAYS * 86_400_000 + 9 * 3_600_000);
  const reviewId = randomUUID();
  await startExternalReview(options.client, options.taskQueue, {
    reviewId,
    tenantId: tenant.id,
    tenantCode: started.tenantCode,
    fiscalYear,
    title,
    itemIds: [first.id],
    memberUserIds: [chair.id],
    chairUserId: chair.id,
    dueAt: jstInstant(due.getUTCFullYear(), due.getUTCMonth() + 1, due.getUTCDate(), 17).toISOString(),
    createdBy: {
      userId: admin.id,
      displayName: admin.displayName,
      roles: admin.roles.filter((role): role is Role => (ROLES as readonly string[]).includes(role)),
    },
    timeScale: options.timeScale,
    context: started.context,
  });
  return { status: 'started', reviewId, itemCode: first.code, ...done };
}
