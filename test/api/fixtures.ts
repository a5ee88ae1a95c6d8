import type { Role } from '@pdca/domain';
import { TenantRepository, UserRepository } from '@pdca/persistence/repositories';
import bcrypt from 'bcryptjs';
import type { DataSource } from 'typeorm';
import {
  insertIndicator,
  insertItem,
  insertPlan,
  insertPlanNode,
  insertWorkingGroup,
} from '../support/plan-fixtures';
import type { ApiTestApp } from './api-test-app';

export const PASSWORD = 'correct horse battery staple';
// Cost 4 keeps fixtures fast; the login code path is the same whatever the cost.
const PASSWORD_HASH = bcrypt.hashSync(PASSWORD, 4);

export interface FixtureUser {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  token: string;
}

export interface FixtureItem {
  id: string;
  code: string;
  indicatorIds: string[];
  workingGroupId: string;
}

export interface FixtureTenant {
  id: string;
  code: string;
  planId: string;
  users: {
    /** Leads the working group of `items.main`. */
    leader: FixtureUser;
    /** Member (not leader) of the main working group. */
    member: FixtureUser;
    /** A wg_leader of another group in the same tenant. */
    otherLeader: FixtureUser;
    /** Leads `items.selfApproval`'s group and is also an HQ approver: separation-of-duties cases. */
    leaderApprover: FixtureUser;
    hqApprover: FixtureUser;
    hqAdmin: FixtureUser;
    auditor: FixtureUser;
    admin: FixtureUser;
  };
  items: { main: FixtureItem; other: FixtureItem; selfApproval: FixtureItem };
}

export interface ApiFixture {
  tenant: FixtureTenant;
  /** A second city: nothing of it may be visible to the first one's users and vice versa. */
  otherTenant: FixtureTenant;
}

export interface FixtureOptions {
  /** Plan period (default 2024–2030). */
  periodStartFy?: number;
  periodEndFy?: number;
  reviewCadence?: 'monthly' | 'quarterly' | 'half_yearly' | 'yearly';
  budget?: number;
  /** Whether to sign every user in through POST /auth/login (default true). */
  login?: boolean;
}

let counter = 0;
/** Tenant codes unique per test file and call, so every file can share the one database. */
export function uniqueCode(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${process.pid.toString(36)}-${counter}`.toLowerCase();
}

/**
 * Two tenants, each with a user per role, two working groups, a plan with three items (two
 * indicators each) — created through the repositories — and access tokens from POST /auth/login.
 */
export async function createApiFixture(api: ApiTestApp, options: FixtureOptions = {}): Promise<ApiFixture> {
  const tenant = await createTenant(api, uniqueCode('api'), options);
  const otherTenant = await createTenant(api, uniqueCode('api-other'), options);
  return { tenant, otherTenant };
}

async function createTenant(api: ApiTestApp, code: string, options: FixtureOptions): Promise<FixtureTenant> {
  const db: DataSource = api.dataSource;
  const tenants = new TenantRepository(db);
  const users = new UserRepository(db);

  const tenant = await tenants.create({ code, name: `テスト市 ${code}` });
  const user = async (key: string, displayName: string, roles: Role[]) => {
    const created = await users.create({
      tenantId: tenant.id,
      email: `${key}@${code}.example.test`,
      displayName,
      passwordHash: PASSWORD_HASH,
      roles,
    });
    return { id: created.id, email: created.email, displayName, roles, token: '' };
  };
  const fixtureUsers = {
    leader: await user('leader', '改革 リーダー', ['wg_leader']),
    member: await user('member', '改革 メンバー', ['wg_leader']),
    otherLeader: await user('other-leader', '別WG リーダー', ['wg_leader']),
    leaderApprover: await user('leader-approver', '兼務 リーダー', ['wg_leader', 'hq_approver']),
    hqApprover: await user('hq', '本部 承認者', ['hq_approver']),
    hqAdmin: await user('hq-admin', '本部 事務局', ['hq_admin']),
    auditor: await user('auditor', '監査 委員', ['auditor']),
    admin: await user('admin', 'システム 管理者', ['admin']),
  };

  const mainGroup = await insertWorkingGroup(db, {
    tenantId: tenant.id,
    name: 'DX推進WG',
    leaderUserId: fixtureUsers.leader.id,
    memberUserIds: [fixtureUsers.member.id],
  });
  const otherGroup = await insertWorkingGroup(db, {
    tenantId: tenant.id,
    name: '公共施設WG',
    leaderUserId: fixtureUsers.otherLeader.id,
  });
  const sodGroup = await insertWorkingGroup(db, {
    tenantId: tenant.id,
    name: '兼務WG',
    leaderUserId: fixtureUsers.leaderApprover.id,
  });

  const plan = await insertPlan(db, {
    tenantId: tenant.id,
    title: '第3次行財政改革計画',
    periodStartFy: options.periodStartFy ?? 2024,
    periodEndFy: options.periodEndFy ?? 2030,
  });
  const goal = await insertPlanNode(db, {
    tenantId: tenant.id,
    planId: plan.id,
    kind: 'goal',
    code: '1',
    title: '持続可能な行政運営',
  });
  const theme = await insertPlanNode(db, {
    tenantId: tenant.id,
    planId: plan.id,
    parentId: goal.id,
    kind: 'theme',
    code: '1-A',
    title: 'デジタル化の推進',
  });

  const item = async (
    code: string,
    title: string,
    workingGroupId: string,
    sort: number,
  ): Promise<FixtureItem> => {
    const created = await insertItem(db, {
      tenantId: tenant.id,
      planId: plan.id,
      themeId: theme.id,
      code,
      title,
      summary: `${title}の概要`,
      workingGroupId,
      reviewCadence: options.reviewCadence ?? 'quarterly',
      budgetCurrentAmount: options.budget ?? 10_000_000,
      sort,
    });
    const online = await insertIndicator(db, {
      tenantId: tenant.id,
      itemId: created.id,
      name: 'オンライン申請率',
      unit: '%',
      baseline: 20,
      direction: 'higher_is_better',
      targets: { '2025': 50, '2026': 60 },
      sort: 0,
    });
    const waiting = await insertIndicator(db, {
      tenantId: tenant.id,
      itemId: created.id,
      name: '窓口平均待ち時間',
      unit: '分',
      baseline: 30,
      direction: 'lower_is_better',
      targets: { '2025': 15, '2026': 12 },
      sort: 1,
    });
    return { id: created.id, code, indicatorIds: [online.id, waiting.id], workingGroupId };
  };
  const fixtureItems = {
    main: await item('1-1', '行政手続のオンライン化', mainGroup.id, 1),
    other: await item('1-2', '公共施設の再編', otherGroup.id, 2),
    selfApproval: await item('1-3', '兼務者の改革項目', sodGroup.id, 3),
  };

  if (options.login ?? true) {
    for (const u of Object.values(fixtureUsers)) u.token = await login(api, u.email);
  }
  return { id: tenant.id, code, planId: plan.id, users: fixtureUsers, items: fixtureItems };
}

export async function login(api: ApiTestApp, email: string, password = PASSWORD): Promise<string> {
  const res = await api.http().post('/api/v1/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}

/** One more user of `tenant` with `roles` (e.g. an external_reviewer, who may hold no other role), signed in. */
export async function createFixtureUser(
  api: ApiTestApp,
  tenant: Pick<FixtureTenant, 'id' | 'code'>,
  key: string,
  displayName: string,
  roles: Role[],
): Promise<FixtureUser> {
  const email = uniqueCode(key).concat(`@${tenant.code}.example.test`);
  const created = await new UserRepository(api.dataSource).create({
    tenantId: tenant.id,
    email,
    displayName,
    passwordHash: PASSWORD_HASH,
    roles,
  });
  return { id: created.id, email, displayName, roles, token: await login(api, email) };
}
