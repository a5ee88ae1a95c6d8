import type { Actor } from '@pdca/contracts';
import type { ReviewCadence, Role } from '@pdca/domain';
import type { DataSource } from 'typeorm';
import { uniqueSuffix } from './test-worker';

export interface CycleFixture {
  tenantId: string;
  tenantCode: string;
  itemId: string;
  indicatorIds: string[];
  leader: Actor;
  member: Actor;
  hq: Actor;
  hq2: Actor;
  hqAdmin: Actor;
  auditor: Actor;
}

export interface CycleFixtureOptions {
  settings?: Record<string, unknown>;
  /** The item's own cadence (default monthly); null = the city's. */
  reviewCadence?: ReviewCadence | null;
  budget?: number;
  periodEndFy?: number;
}

/**
 * A tenant with one plan, one item (two indicators, a budget line), its working group and a user
 * per role: the smallest world a cycle can run in. Unique codes per call, so tests share one DB.
 */
export async function createCycleFixture(
  db: DataSource,
  options: CycleFixtureOptions = {},
): Promise<CycleFixture> {
  const suffix = uniqueSuffix();
  const tenantCode = `t-${suffix}`;
  const [{ id: tenantId }] = await db.query(
    `INSERT INTO tenants (code, name, settings) VALUES ($1, $2, $3) RETURNING id`,
    [tenantCode, `テスト市 ${suffix}`, JSON.stringify(options.settings ?? {})],
  );
  const user = async (key: string, displayName: string, roles: Role[]): Promise<Actor> => {
    const [{ id }] = await db.query(
      `INSERT INTO users (tenant_id, email, display_name, password_hash, roles) VALUES ($1, $2, $3, 'x', $4) RETURNING id`,
      [tenantId, `${key}-${suffix}@example.test`, displayName, roles],
    );
    return { userId: id, displayName, roles };
  };
  const leader = await user('leader', '改革 リーダー', ['wg_leader']);
  const member = await user('member', '改革 メンバー', ['wg_leader']);
  const hq = await user('hq', '本部 承認者', ['hq_approver']);
  const hq2 = await user('hq2', '本部 承認者2', ['hq_approver']);
  const hqAdmin = await user('admin', '本部 管理者', ['hq_admin', 'admin']);
  const auditor = await user('auditor', '監査 委員', ['auditor']);
  const [{ id: wgId }] = await db.query(
    `INSERT INTO working_groups (tenant_id, name, leader_user_id, member_user_ids) VALUES ($1, 'DX推進WG', $2, $3) RETURNING id`,
    [tenantId, leader.userId, [member.userId]],
  );
  const [{ id: planId }] = await db.query(
    `INSERT INTO plans (tenant_id, title, period_start_fy, period_end_fy) VALUES ($1, '行財政改革計画', 2024, $2) RETURNING id`,
    [tenantId, options.periodEndFy ?? 2027],
  );
  const [{ id: itemId }] = await db.query(
    `INSERT INTO items (tenant_id, plan_id, code, title, summary, working_group_id, review_cadence, budget_current_amount)
     VALUES ($1, $2, '1-1', '行政手続のオンライン化', 'サンプル', $3, $4, $5) RETURNING id`,
    [
      tenantId,
      planId,
      wgId,
      options.reviewCadence === undefined ? 'monthly' : options.reviewCadence,
      options.budget ?? 10_000_000,
    ],
  );
  const indicatorIds: string[] = [];
  for (const [sort, [name, direction, baseline]] of [
    ['オンライン申請率', 'higher_is_better', 20],
    ['窓口平均待ち時間', 'lower_is_better', 30],
  ].entries()) {
    const [{ id }] = await db.query(
      `INSERT INTO indicators (tenant_id, item_id, name, unit, baseline, direction, targets, sort)
       VALUES ($1, $2, $3, '', $4, $5, $6, $7) RETURNING id`,
      [
        tenantId,
        itemId,
        name,
        baseline,
        direction,
        JSON.stringify({ 2025: direction === 'higher_is_better' ? 50 : 15 }),
        sort,
      ],
    );
    indicatorIds.push(id);
  }
  return { tenantId, tenantCode, itemId, indicatorIds, leader, member, hq, hq2, hqAdmin, auditor };
}
