import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AppConfig } from '@pdca/config';
import { projectRoot } from '@pdca/devstack/project-root';
import type { Role } from '@pdca/domain';
import {
  PlanImportRepository,
  TenantRepository,
  UserRepository,
  WorkingGroupRepository,
} from '@pdca/persistence/repositories';
import { importPlanFile, type PlanImportReport } from '@pdca/plan-import/store';
import bcrypt from 'bcryptjs';
import type { DataSource } from 'typeorm';

/** The demo city of `npm start`: 平塚市 with its 2024–2027 reform plan (samples/). */
export const DEMO_TENANT = { code: 'hiratsuka', name: '平塚市' } as const;
const DEMO_PLAN_FILE = 'hiratsuka-2024-2027.tsv';
export const DEMO_EMAIL_DOMAIN = 'hiratsuka.example';

export interface DemoUserSpec {
  /** Local part of the email address. */
  key: string;
  displayName: string;
  roles: Role[];
  /** What the user is for, shown at start-up. */
  purpose: string;
}

const DEMO_USERS: readonly DemoUserSpec[] = [
  {
    key: 'admin',
    displayName: '平塚 管理者',
    roles: ['admin', 'hq_admin'],
    purpose: 'imports plans, starts cycles',
  },
  {
    key: 'hq',
    displayName: '本部 承認者',
    roles: ['hq_approver'],
    purpose: 'HQ approver (行財政経営戦略本部)',
  },
  { key: 'hq2', displayName: '本部 第二承認者', roles: ['hq_approver'], purpose: 'second HQ approver' },
  {
    key: 'leader',
    displayName: 'WG リーダー',
    roles: ['wg_leader'],
    purpose: 'leads every working group: the 19 plan tasks',
  },
  {
    key: 'leader2',
    displayName: 'WG リーダー２',
    roles: ['wg_leader'],
    purpose: 'leads none yet: hand them a group (web app: 管理 > WGとメンバー)',
  },
  {
    key: 'auditor',
    displayName: '監査 委員',
    roles: ['auditor'],
    purpose: 'reads everything, changes nothing',
  },
  {
    key: 'zaisei',
    displayName: '財政 課長',
    roles: ['finance'],
    purpose: '財政課 (finance division): records 査定額 and 当初予算額 (予算反映状況)',
  },
  {
    key: 'iinkai',
    displayName: '外部 委員長',
    roles: ['external_reviewer'],
    purpose: '外部評価委員 (external reviewer): chairs the demo review round, sees only its item',
  },
];

export interface DemoSeedOptions {
  tenantCode?: string;
  tenantName?: string;
  emailDomain?: string;
  /** Directory holding DEMO_PLAN_FILE (default: the repository's samples/). */
  samplesDir?: string;
  /** bcrypt cost (default 10; tests may lower it). */
  bcryptCost?: number;
}

export interface DemoUser {
  email: string;
  roles: Role[];
  purpose: string;
}

export type DemoSeedResult =
  | { status: 'disabled' }
  | { status: 'exists'; tenantId: string; users: DemoUser[] }
  | {
      status: 'seeded';
      tenantId: string;
      users: DemoUser[];
      report: PlanImportReport;
      /** Working group name → leader email. */
      leaders: Record<string, string>;
    };

export type DemoSeedConfig = Pick<
  AppConfig,
  'demoMode' | 'demoPassword' | 'importMaxBytes' | 'importMaxRows'
>;

function demoUsers(emailDomain = DEMO_EMAIL_DOMAIN): DemoUser[] {
  return DEMO_USERS.map((u) => ({ email: `${u.key}@${emailDomain}`, roles: u.roles, purpose: u.purpose }));
}

/**
 * Demo data for `npm start`, only in demo mode (PDCA_DEMO=true) and only when the demo tenant does
 * not exist yet: the tenant 平塚市, its plan imported from samples/ THROUGH THE SAME IMPORT CODE as
 * POST /plans/import and `pdca import`, and one demo user per role (is_demo, password DEMO_PASSWORD).
 * All in one transaction: an interrupted seed leaves nothing, and the next start tries again.
 */
export async function seedDemoData(
  dataSource: DataSource,
  config: DemoSeedConfig,
  options: DemoSeedOptions = {},
): Promise<DemoSeedResult> {
  // Demo users (with a published password) must never appear outside demo mode.
  if (!config.demoMode) return { status: 'disabled' };
  const code = options.tenantCode ?? DEMO_TENANT.code;
  const name = options.tenantName ?? DEMO_TENANT.name;
  const domain = options.emailDomain ?? DEMO_EMAIL_DOMAIN;
  const users = demoUsers(domain);
  const existing = await new TenantRepository(dataSource).findByCode(code);
  if (existing) {
    await addMissingDemoUsers(dataSource, existing.id, domain, config.demoPassword, options.bcryptCost ?? 10);
    return { status: 'exists', tenantId: existing.id, users };
  }

  const file = await readFile(
    path.join(options.samplesDir ?? path.join(projectRoot(), 'samples'), DEMO_PLAN_FILE),
  );
  const cost = options.bcryptCost ?? 10;
  const hashes = await Promise.all(DEMO_USERS.map(() => bcrypt.hash(config.demoPassword, cost)));

  return dataSource.transaction(async (tx) => {
    const tenant = await new TenantRepository(tx).create({ code, name });
    const run = await importPlanFile(new PlanImportRepository(tx), {
      tenant: { id: tenant.id, name: tenant.name },
      file,
      fileName: DEMO_PLAN_FILE,
      limits: { maxBytes: config.importMaxBytes, maxRows: config.importMaxRows },
    });
    if (!run.ok) {
      const problems = run.problems.map((p) => `row ${p.row ?? '-'}: ${p.message.en}`).join('; ');
      throw new Error(`the demo plan ${DEMO_PLAN_FILE} could not be imported: ${problems}`);
    }
    const userRepository = new UserRepository(tx);
    const ids = new Map<string, string>();
    for (const [index, spec] of DEMO_USERS.entries()) {
      const created = await userRepository.create({
        tenantId: tenant.id,
        email: `${spec.key}@${domain}`,
        displayName: spec.displayName,
        passwordHash: hashes[index],
        roles: spec.roles,
        isDemo: true,
      });
      ids.set(spec.key, created.id);
    }
    // `leader` leads every group, so a newcomer signing in as leader@ finds all the plan tasks in
    // one inbox; `leader2` leads none, for trying a reassignment (HQ admin → working groups).
    const groups = new WorkingGroupRepository(tx);
    const leaders: Record<string, string> = {};
    for (const group of await groups.listWithItemCounts(tenant.id)) {
      await groups.setLeader(tenant.id, group.id, ids.get('leader')!);
      leaders[group.name] = `leader@${domain}`;
    }
    return { status: 'seeded', tenantId: tenant.id, users, report: run.report, leaders };
  });
}

/**
 * A demo tenant seeded before a demo user was added to DEMO_USERS (the 外部評価委員 of #25) gets
 * that user on the next start; the others are left as they are.
 */
async function addMissingDemoUsers(
  dataSource: DataSource,
  tenantId: string,
  domain: string,
  password: string,
  cost: number,
): Promise<void> {
  const repository = new UserRepository(dataSource);
  for (const spec of DEMO_USERS) {
    const email = `${spec.key}@${domain}`;
    if (await repository.findByEmail(email)) continue;
    await repository.create({
      tenantId,
      email,
      displayName: spec.displayName,
      passwordHash: await bcrypt.hash(password, cost),
      roles: spec.roles,
      isDemo: true,
    });
  }
}
