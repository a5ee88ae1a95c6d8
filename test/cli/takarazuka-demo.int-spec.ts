/**
 * The Takarazuka demo (#24): `pdca tenant create --preset takarazuka` turns 施策評価 on at
 * 個別方針 with the city's 担当部評価 A/B/C, `pdca import` loads 宝塚市行財政経営方針 (方針 → 個別方針
 * → 推進項目), and opening a fiscal year starts one 施策評価 per 個別方針, 予定 until its items'
 * evaluations are approved or the city's date (1 July of the next year by default) comes; 方針1's
 * opens as soon as the third of its 推進項目 has its evaluation approved, and not before.
 */
import { policyEvaluationWorkflowId } from '@pdca/contracts';
import { jstInstant, type Role } from '@pdca/domain';
import { UserRepository } from '@pdca/persistence/repositories';
import bcrypt from 'bcryptjs';
import { TemporalClientService } from '../../apps/api/src/temporal/temporal-client.service';
import { openPolicyEvaluations } from '../../apps/worker/src/policy-evaluation.activities';
import { type ApiWithWorker, startApiWithWorker } from '../api/api-test-app';
import { eventually, runYearToAct } from '../api/cycle-helpers';
import { type FixtureUser, login, PASSWORD, uniqueCode } from '../api/fixtures';
import { SAMPLES } from '../api/plans-fixtures';
import { assertCliBuilt, pdca } from '../support/pdca-cli';
import { insertWorkingGroup } from '../support/plan-fixtures';

const FY = 2027;
const code = uniqueCode('takarazuka');
let api: ApiWithWorker;

beforeAll(async () => {
  assertCliBuilt();
  api = await startApiWithWorker('takarazuka-demo');
}, 60_000);

afterAll(async () => {
  await api?.close();
});

let tenantId: string;

it('pdca tenant create --preset takarazuka: 施策評価 on at 個別方針, 担当部評価 A/B/C', async () => {
  const res = await pdca(['tenant', 'create', '--code', code, '--name', '宝塚市', '--preset', 'takarazuka']);
  expect(res).toMatchObject({ code: 0, err: '' });
  const [tenant] = await api.dataSource.query('SELECT id, settings FROM tenants WHERE code = $1', [code]);
  tenantId = tenant.id;
  const { levels, policyEvaluation } = tenant.settings;
  expect(policyEvaluation.level).toBe(2);
  expect(levels[policyEvaluation.level - 1].name.ja).toBe('個別方針');
  expect(
    policyEvaluation.scale.map((g: { code: string; label: { ja: string } }) => `${g.code} ${g.label.ja}`),
  ).toEqual(['A 順調', 'B おおむね順調', 'C 課題あり']);
});

it('the 行財政経営方針 sample imports into it, and the year opens a 施策評価 per 個別方針, 予定', async () => {
  const imported = await pdca(['import', `${SAMPLES}/takarazuka-policy-2021.json`, '--tenant', code]);
  expect(imported.code).toBe(0);
  expect(imported.out).toContain('状態 / Status: 新規作成 / created');

  const { client } = api.app.get(TemporalClientService);
  const started = await openPolicyEvaluations(api.dataSource, client, api.taskQueue, {
    tenantId,
    tenantCode: code,
    fiscalYear: FY,
    timeScale: 1,
    businessStartMs: Date.now(),
  });
  try {
    // The sample's second level: 方針2's three 個別方針, and one default 個別方針 under each other 方針.
    const expectedNodes = ['方針1', '方針2-1', '方針2-2', '方針2-3', '方針3', '方針4', '方針5'];
    expect(started).toBe(expectedNodes.length);
    const rows = async () =>
      api.dataSource.query(
        `SELECT n.code, e.status, e.scheduled_open_at FROM policy_evaluations e
           JOIN plan_nodes n ON n.id = e.node_id WHERE e.tenant_id = $1 AND e.fiscal_year = $2 ORDER BY n.code`,
        [tenantId, FY],
      );
    let seen = await rows();
    for (let i = 0; i < 300 && seen.length < expectedNodes.length; i++) {
      await new Promise((r) => setTimeout(r, 100));
      seen = await rows();
    }
    expect(seen.map((r: { code: string }) => r.code)).toEqual(expectedNodes);
    // No item has a cycle yet: every one waits for its items, or 1 July FY+1 (00:00 JST) at the latest.
    const july = jstInstant(FY + 1, 7, 1).toISOString();
    for (const row of seen) {
      expect(row.status).toBe('scheduled');
      expect(new Date(row.scheduled_open_at).toISOString()).toBe(july);
    }
    // Opening again starts nothing new (one evaluation per node and year).
    await openPolicyEvaluations(api.dataSource, client, api.taskQueue, {
      tenantId,
      tenantCode: code,
      fiscalYear: FY,
      timeScale: 1,
      businessStartMs: Date.now(),
    });
    expect(await rows()).toHaveLength(expectedNodes.length);
  } finally {
    await terminateYear(FY);
  }
});

/** Ends a year's evaluations of the tenant (they would wait for 1 July otherwise). */
async function terminateYear(fiscalYear: number) {
  const { client } = api.app.get(TemporalClientService);
  const nodes: Array<{ id: string }> = await api.dataSource.query(
    'SELECT node_id AS id FROM policy_evaluations WHERE tenant_id = $1 AND fiscal_year = $2',
    [tenantId, fiscalYear],
  );
  for (const node of nodes) {
    await client.workflow
      .getHandle(policyEvaluationWorkflowId(code, node.id, fiscalYear))
      .terminate('test over')
      .catch(() => undefined);
  }
}

it('方針1’s 施策評価 opens once the third of its 推進項目 has its evaluation approved', async () => {
  const fy = FY + 1;
  // The city's people (the CLI makes only the first admin) and a working group for the node's items.
  const users = new UserRepository(api.dataSource);
  const hash = bcrypt.hashSync(PASSWORD, 4);
  const person = async (key: string, displayName: string, roles: Role[]): Promise<FixtureUser> => {
    const email = `${key}@${code}.example.test`;
    const created = await users.create({ tenantId, email, displayName, passwordHash: hash, roles });
    return { id: created.id, email, displayName, roles, token: await login(api, email) };
  };
  const leader = await person('leader', '協働 推進リーダー', ['wg_leader']);
  const hqApprover = await person('hq', '本部長', ['hq_approver']);
  const hqAdmin = await person('hq-admin', '行財政改革担当', ['hq_admin']);
  const group = await insertWorkingGroup(api.dataSource, {
    tenantId,
    name: '協働WG',
    leaderUserId: leader.id,
  });
  const [node] = await api.dataSource.query(
    `SELECT id FROM plan_nodes WHERE tenant_id = $1 AND level = 2 AND code = '方針1'`,
    [tenantId],
  );
  // An UPDATE … RETURNING answers [rows, count].
  const [items]: [Array<{ id: string; code: string }>, number] = await api.dataSource.query(
    'UPDATE items SET working_group_id = $3 WHERE tenant_id = $1 AND theme_id = $2 RETURNING id, code',
    [tenantId, node.id, group.id],
  );
  expect(items).toHaveLength(3);

  const { client } = api.app.get(TemporalClientService);
  await openPolicyEvaluations(api.dataSource, client, api.taskQueue, {
    tenantId,
    tenantCode: code,
    fiscalYear: fy,
    timeScale: 1,
    businessStartMs: Date.now(),
  });
  const evaluation = async () =>
    (
      await api.dataSource.query(
        'SELECT status, opened_by FROM policy_evaluations WHERE tenant_id = $1 AND node_id = $2 AND fiscal_year = $3',
        [tenantId, node.id, fy],
      )
    )[0] as { status: string; opened_by: string | null } | undefined;
  try {
    await eventually(evaluation);
    const people = { leader, hqApprover, hqAdmin };
    const sorted = [...items].sort((a, b) => a.code.localeCompare(b.code));
    for (const [i, item] of sorted.entries()) {
      const state = await runYearToAct(
        api,
        people,
        { ...item, indicatorIds: [], workingGroupId: group.id },
        fy,
      );
      expect(state.stage).toBe('ACT');
      // Two of three approved: still 予定.
      if (i < 2) expect((await evaluation())?.status).toBe('scheduled');
    }
    const opened = await eventually(async () => {
      const row = await evaluation();
      return row?.status === 'open' ? row : undefined;
    }, 30_000);
    expect(opened.opened_by).toBe('items_approved');
  } finally {
    await terminateYear(fy);
  }
});
