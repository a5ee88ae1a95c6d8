/**
 * The world a workflow-benchmark run works in: a tenant with a leader, two HQ approvers and an HQ
 * administrator, one working group, one plan (FY2024–2030) and as many items as asked for, in
 * bulk. Items carry no indicators (targets and actuals may then be empty), which keeps the load
 * quick without changing the command path.
 */
import { randomBytes } from 'node:crypto';
import type { Actor } from '@pdca/contracts';
import type { Role } from '@pdca/domain';
import bcrypt from 'bcryptjs';
import { Client } from 'pg';

export interface BenchUser {
  actor: Actor;
  email: string;
  password: string;
}

export interface BenchTenant {
  tenantId: string;
  tenantCode: string;
  leader: BenchUser;
  hq: BenchUser;
  admin: BenchUser;
  itemIds: string[];
}

export interface BenchTenantOptions {
  /** The plan's period (default FY2024–2030). */
  planYears?: readonly [number, number];
  /** The items' 進捗報告 cadence (default monthly). */
  cadence?: 'monthly' | 'quarterly';
}

export async function createBenchTenant(
  databaseUrl: string,
  itemCount: number,
  label: string,
  options: BenchTenantOptions = {},
): Promise<BenchTenant> {
  const [startFy, endFy] = options.planYears ?? [2024, 2030];
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const code = `bench-${label}-${Date.now().toString(36)}`;
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO tenants (code, name, settings) VALUES ($1, $2, '{}') RETURNING id`,
      [code, `ベンチマーク市 ${code}`],
    );
    const tenantId = rows[0].id;
    const password = randomBytes(12).toString('base64url');
    // Cost 4: the bench measures commands, not logins.
    const hash = bcrypt.hashSync(password, 4);
    const user = async (key: string, displayName: string, roles: Role[]): Promise<BenchUser> => {
      const email = `${key}@${code}.bench.invalid`;
      const inserted = await db.query<{ id: string }>(
        `INSERT INTO users (tenant_id, email, display_name, password_hash, roles) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [tenantId, email, displayName, hash, roles],
      );
      return { actor: { userId: inserted.rows[0].id, displayName, roles }, email, password };
    };
    const leader = await user('leader', '改革 リーダー', ['wg_leader']);
    const hq = await user('hq', '本部 承認者', ['hq_approver']);
    const admin = await user('admin', '本部 管理者', ['hq_admin', 'admin']);
    const wg = await db.query<{ id: string }>(
      `INSERT INTO working_groups (tenant_id, name, leader_user_id, member_user_ids) VALUES ($1, 'DX推進WG', $2, '{}') RETURNING id`,
      [tenantId, leader.actor.userId],
    );
    const plan = await db.query<{ id: string }>(
      `INSERT INTO plans (tenant_id, title, period_start_fy, period_end_fy) VALUES ($1, '行財政改革計画', $2, $3) RETURNING id`,
      [tenantId, startFy, endFy],
    );
    const items = await db.query<{ id: string }>(
      `INSERT INTO items (tenant_id, plan_id, code, title, summary, working_group_id, review_cadence, budget_current_amount)
       SELECT $1, $2, 'B-' || n, '行政手続のオンライン化 ' || n, 'ベンチマーク', $3, $5, 10000000
         FROM generate_series(1, $4::int) AS n
       RETURNING id`,
      [tenantId, plan.rows[0].id, wg.rows[0].id, itemCount, options.cadence ?? 'monthly'],
    );
    return { tenantId, tenantCode: code, leader, hq, admin, itemIds: items.rows.map((r) => r.id) };
  } finally {
    await db.end();
  }
}
