import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '@pdca/domain';
import { TenantRepository, UserRepository } from '@pdca/persistence/repositories';
import bcrypt from 'bcryptjs';
import type { ApiTestApp } from './api-test-app';
import { login, PASSWORD, uniqueCode } from './fixtures';

export const SAMPLES = join(__dirname, '..', '..', 'samples');

export function sample(file: string): Buffer {
  return readFileSync(join(SAMPLES, file));
}

/**
 * What each sample yields (the same numbers as libs/plan-import/src/plan-samples.spec.ts): its level
 * names, nodes on the top level (goals) and below (themes), items, the items' indicators and the
 * nodes' own (Machida's sit on its 基本方針).
 */
export const SAMPLE_COUNTS = [
  {
    file: 'hiratsuka-2024-2027.tsv',
    city: '平塚市',
    levels: ['目標', '改革テーマ', '実施計画事業'],
    goals: 2,
    themes: 4,
    items: 19,
    indicators: 20,
    nodeIndicators: 0,
  },
  {
    file: 'machida-reform.csv',
    city: '町田市',
    levels: ['基本方針', '改革項目'],
    goals: 3,
    themes: 0,
    items: 8,
    indicators: 0,
    nodeIndicators: 12,
  },
  {
    file: 'gyoda-2022.xlsx',
    city: '行田市',
    levels: ['柱', '改革', '取組項目'],
    goals: 4,
    themes: 8,
    items: 20,
    indicators: 0,
    nodeIndicators: 0,
  },
  {
    file: 'takarazuka-policy-2021.json',
    city: '宝塚市',
    levels: ['方針', '個別方針', '推進項目'],
    goals: 5,
    themes: 7,
    items: 29,
    indicators: 0,
    nodeIndicators: 0,
  },
  {
    file: 'takarazuka-dx-2023.csv',
    city: '宝塚市',
    levels: ['ビジョン', '目指す姿', 'アクション'],
    goals: 3,
    themes: 11,
    items: 11,
    indicators: 0,
    nodeIndicators: 0,
  },
] as const;

export interface CityTenant {
  id: string;
  code: string;
  name: string;
  tokens: Record<'hqAdmin' | 'admin' | 'leader' | 'auditor' | 'hqApprover', string>;
}

const HASH = bcrypt.hashSync(PASSWORD, 4);

/** A tenant named like the city of a sample (so no city-mismatch warning), with a user per role. */
export async function createCityTenant(api: ApiTestApp, name: string, prefix = 'city'): Promise<CityTenant> {
  const code = uniqueCode(prefix);
  const tenant = await new TenantRepository(api.dataSource).create({ code, name });
  const users = new UserRepository(api.dataSource);
  const user = async (key: string, roles: Role[]) => {
    const email = `${key}@${code}.example.test`;
    await users.create({
      tenantId: tenant.id,
      email,
      displayName: `${name} ${key}`,
      passwordHash: HASH,
      roles,
    });
    return login(api, email);
  };
  return {
    id: tenant.id,
    code,
    name,
    tokens: {
      hqAdmin: await user('hq-admin', ['hq_admin']),
      admin: await user('admin', ['admin']),
      leader: await user('leader', ['wg_leader']),
      auditor: await user('auditor', ['auditor']),
      hqApprover: await user('hq', ['hq_approver']),
    },
  };
}

export interface RowCounts {
  plans: number;
  nodes: number;
  items: number;
  indicators: number;
  groups: number;
  cycles: number;
}

/** rowCounts of a tenant the import wrote nothing for. */
export const NO_ROWS: RowCounts = { plans: 0, nodes: 0, items: 0, indicators: 0, groups: 0, cycles: 0 };

export async function rowCounts(api: ApiTestApp, tenantId: string): Promise<RowCounts> {
  const [row] = await api.dataSource.query(
    `SELECT (SELECT count(*) FROM plans WHERE tenant_id = $1) AS plans,
            (SELECT count(*) FROM plan_nodes WHERE tenant_id = $1) AS nodes,
            (SELECT count(*) FROM items WHERE tenant_id = $1) AS items,
            (SELECT count(*) FROM indicators WHERE tenant_id = $1) AS indicators,
            (SELECT count(*) FROM working_groups WHERE tenant_id = $1) AS groups,
            (SELECT count(*) FROM cycles WHERE tenant_id = $1) AS cycles`,
    [tenantId],
  );
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as unknown as RowCounts;
}

/** POST /plans/import as a multipart upload. */
export function uploadPlan(
  api: ApiTestApp,
  token: string,
  file: Buffer,
  fileName: string,
  query: Record<string, string | number | boolean> = {},
) {
  return api
    .http()
    .post('/api/v1/plans/import')
    .query(query)
    .set({ Authorization: `Bearer ${token}` })
    .attach('file', file, fileName);
}

/** POST /plans/import with the file (or a JSON plan) as the request body itself, not multipart. */
export function postPlanBody(
  api: ApiTestApp,
  token: string,
  body: Buffer | object,
  contentType?: string,
  query: Record<string, string> = {},
) {
  const request = api
    .http()
    .post('/api/v1/plans/import')
    .query(query)
    .set({ Authorization: `Bearer ${token}` });
  return (contentType ? request.set('Content-Type', contentType) : request).send(body);
}

/** A city tenant (平塚市) with the Hiratsuka sample imported (2024–2027, 効果額 targets): its plan's id. */
export async function hiratsukaCity(
  api: ApiTestApp,
  prefix: string,
): Promise<{ city: CityTenant; planId: string }> {
  const city = await createCityTenant(api, '平塚市', prefix);
  const file = 'hiratsuka-2024-2027.tsv';
  const res = await uploadPlan(api, city.tokens.hqAdmin, sample(file), file).expect(201);
  return { city, planId: res.body.planId as string };
}
