/**
 * A city's settings over HTTP (#22): GET for anyone signed in, PUT for HQ's administrators,
 * validated whole with 400s naming the field, one ledger entry with before and after, nothing
 * written twice. The decisions are the city's own list, each applying its configured budget rule,
 * and a fiscal year that is running keeps the list it started with.
 */
import { cycleWorkflowId } from '@pdca/contracts';
import { CITY_PRESETS, type CitySettings, DEFAULT_CITY_SETTINGS } from '@pdca/domain';
import { recordHistoryIfAsked } from '../support/cycle-client';
import { type ApiWithWorker, startApiWithWorker } from './api-test-app';
import {
  approverAs,
  as,
  evaluationBody,
  eventually,
  FY,
  openScheduledEarly,
  planBody,
  startCycle,
} from './cycle-helpers';
import { type ApiFixture, createApiFixture, type FixtureItem, type FixtureTenant } from './fixtures';

let api: ApiWithWorker;
let fx: ApiFixture;
let t: FixtureTenant;

const takarazuka = CITY_PRESETS.find((p) => p.key === 'takarazuka')!.settings;
const hiratsuka = CITY_PRESETS.find((p) => p.key === 'hiratsuka')!.settings;

beforeAll(async () => {
  api = await startApiWithWorker('api-city-settings');
  fx = await createApiFixture(api);
  t = fx.tenant;
});

afterAll(async () => {
  await api?.close();
});

interface LedgerRow {
  action: string;
  actor_role: string | null;
  payload: Record<string, unknown>;
  comment: string | null;
}

const ledger = (tenantId: string): Promise<LedgerRow[]> =>
  api.dataSource.query(
    'SELECT action, actor_role, payload, comment FROM audit_log WHERE tenant_id = $1 ORDER BY seq',
    [tenantId],
  );

async function ledgerAdded(tenantId: string, request: () => Promise<unknown>): Promise<LedgerRow[]> {
  const before = (await ledger(tenantId)).length;
  await request();
  return (await ledger(tenantId)).slice(before);
}

describe('GET and PUT /settings', () => {
  it('shows every role the defaults, and lists the seeds’ presets', async () => {
    const res = await as(api, t.users.leader).get('/settings').expect(200);
    expect(res.body).toMatchObject({ scope: 'city', cityKeys: [], settings: DEFAULT_CITY_SETTINGS });
    const presets = (await as(api, t.users.auditor).get('/settings/presets').expect(200)).body;
    expect(presets.map((p: { key: string }) => p.key)).toEqual([
      'standard',
      'takarazuka',
      'hiratsuka',
      'gyoda',
      'machida',
    ]);
    expect(presets[4].settings.levels.map((l: { name: { ja: string } }) => l.name.ja)).toEqual([
      '基本方針',
      '改革項目',
    ]);
  });

  it('refuses bad settings with 400s naming the field and the rule, writing nothing', async () => {
    const bad = {
      ...hiratsuka,
      levels: [...hiratsuka.levels, ...hiratsuka.levels],
      decisions: [hiratsuka.decisions[0], { ...hiratsuka.decisions[1], budgetRule: 'double' }],
      colour: 'blue',
    };
    const added = await ledgerAdded(t.id, async () => {
      const res = await as(api, t.users.hqAdmin).put('/settings', { settings: bad }).expect(400);
      const fields = res.body.details.map((d: { field: string; rule: string }) => `${d.field} ${d.rule}`);
      expect(fields).toEqual(
        expect.arrayContaining([
          'settings.levels level_count',
          'settings.decisions[1].budgetRule one_of',
          'settings.colour unknown_setting',
        ]),
      );
      expect(res.body.details[0].messageJa).toMatch(/[ぁ-ん]/);
    });
    expect(added).toEqual([]);
    // A city's settings are complete; a plan's may be partial.
    const partial = await as(api, t.users.hqAdmin)
      .put('/settings', { settings: { levels: hiratsuka.levels } })
      .expect(400);
    expect(partial.body.details.map((d: { field: string }) => d.field)).toContain('settings.decisions');
  });

  it('is HQ administration’s: a leader or an approver gets 403', async () => {
    for (const user of [t.users.leader, t.users.hqApprover, t.users.auditor]) {
      await as(api, user).put('/settings', { settings: hiratsuka }).expect(403);
    }
  });

  it('writes one ledger entry with before and after, and nothing when repeated', async () => {
    const other = fx.otherTenant;
    const added = await ledgerAdded(other.id, async () => {
      const res = await as(api, other.users.hqAdmin)
        .put('/settings', { settings: hiratsuka, reason: '平塚市の評価方法に合わせる' })
        .expect(200);
      expect(res.body).toMatchObject({ changed: true, scope: 'city', settings: hiratsuka });
      expect(res.body.appliesFrom.ja).toContain('開始時の設定のまま');
    });
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({
      action: 'settings.updated',
      actor_role: 'hq_admin',
      comment: '平塚市の評価方法に合わせる',
      payload: { scope: 'city', before: {}, after: hiratsuka },
    });
    const again = await ledgerAdded(other.id, async () => {
      const res = await as(api, other.users.hqAdmin).put('/settings', { settings: hiratsuka }).expect(200);
      expect(res.body.changed).toBe(false);
    });
    expect(again).toEqual([]);
    // The other city is untouched.
    expect((await as(api, t.users.leader).get('/settings').expect(200)).body.cityKeys).toEqual([]);
    expect((await as(api, other.users.leader).get('/settings').expect(200)).body.settings).toEqual(hiratsuka);
  });

  it('keeps one plan’s overrides apart from the city’s', async () => {
    const other = fx.otherTenant;
    const levels = [{ name: { ja: '目指す姿', en: 'Aim' } }, { name: { ja: 'アクション', en: 'Action' } }];
    const res = await as(api, other.users.hqAdmin)
      .put(`/settings?planId=${other.planId}`, { settings: { levels } })
      .expect(200);
    expect(res.body).toMatchObject({ scope: 'plan', planKeys: ['levels'] });
    expect(res.body.settings.levels).toEqual(levels);
    expect(res.body.settings.decisions).toEqual(hiratsuka.decisions);
    const city = (await as(api, other.users.auditor).get('/settings').expect(200)).body;
    expect(city.settings.levels).toEqual(hiratsuka.levels);
    // Another city's plan is not found.
    await as(api, t.users.hqAdmin).get(`/settings?planId=${other.planId}`).expect(404);
  });
});

describe('the city’s decisions in the cycle', () => {
  /** Drives a started cycle through PLAN, DO and CHECK, answering its state in ACT. */
  async function driveToAct(cycleId: string, item: FixtureItem, leader = t.users.leader) {
    const lead = as(api, leader);
    const approve = approverAs(api, t.users.hqApprover);
    let state = (await lead.post(`/cycles/${cycleId}/plan`, planBody(item)).expect(200)).body;
    state = await openScheduledEarly(api, t.users.hqAdmin, await approve(state));
    for (const review of state.tasks.filter((k: { kind: string }) => k.kind === 'review')) {
      state = (
        await lead
          .post(`/cycles/${cycleId}/reviews/${review.id}`, {
            periodIndex: review.periodIndex,
            progress: 50,
            status: 'on_track',
            indicators: [],
          })
          .expect(200)
      ).body;
    }
    state = (await lead.post(`/cycles/${cycleId}/execution-report`, { summary: '実施した。' }).expect(200))
      .body;
    state = await openScheduledEarly(api, t.users.hqAdmin, await approve(state));
    state = (await lead.post(`/cycles/${cycleId}/evaluation`, evaluationBody(item)).expect(200)).body;
    state = await approve(state);
    expect(state.stage).toBe('ACT');
    return state;
  }

  const decisionProblem = async (res: { body: { details: Array<{ field: string; rule: string }> } }) =>
    res.body.details.map((d) => `${d.field} ${d.rule}`);

  it('applies each decision’s own rule; a year that was running keeps the list it started with', async () => {
    const { hqAdmin, leader, leaderApprover } = t.users;
    const { main, other, selfApproval } = t.items;
    // Started under the product's six decisions.
    const before = await startCycle(api, hqAdmin, main);

    const settings: CitySettings = { ...takarazuka, levels: DEFAULT_CITY_SETTINGS.levels };
    await as(api, hqAdmin).put('/settings', { settings }).expect(200);
    const undecidedCycle = await startCycle(api, hqAdmin, other);
    const mergeCycle = await startCycle(api, hqAdmin, selfApproval);
    // Each cycle says which list its year takes, so the web offers exactly those.
    const yearCodes = async (cycleId: string) =>
      (await as(api, leader).get(`/cycles/${cycleId}`).expect(200)).body.yearSettings.decisions.map(
        (d: { code: string }) => d.code,
      );
    expect(await yearCodes(before.id)).toEqual(DEFAULT_CITY_SETTINGS.decisions.map((d) => d.code));
    expect(await yearCodes(mergeCycle.id)).toEqual(takarazuka.decisions.map((d) => d.code));

    // The running year: Takarazuka's 統合 is not in its list, 継続 is.
    await driveToAct(before.id, main);
    const refused = await as(api, leader)
      .post(`/cycles/${before.id}/action`, { decision: 'merge', rationale: '統合する' })
      .expect(400);
    expect(await decisionProblem(refused)).toEqual(['decision enum']);
    await as(api, leader)
      .post(`/cycles/${before.id}/action`, { decision: 'continue', rationale: '継続する' })
      .expect(200);

    // Started after the change: an unknown code is refused naming `decision`; 方向性未決定 takes no amount.
    await driveToAct(undecidedCycle.id, other, t.users.otherLeader);
    const otherLead = as(api, t.users.otherLeader);
    const unknown = await otherLead
      .post(`/cycles/${undecidedCycle.id}/action`, { decision: 'continue_forever', rationale: 'x' })
      .expect(400);
    expect(await decisionProblem(unknown)).toEqual(['decision enum']);
    expect(unknown.body.details[0].messageJa).toContain('方向性未決定');
    const withAmount = await otherLead
      .post(`/cycles/${undecidedCycle.id}/action`, {
        decision: 'undecided',
        budgetProposal: 5_000_000,
        rationale: '検証チームで引き続き検討',
      })
      .expect(400);
    expect(await decisionProblem(withAmount)).toEqual(['budgetProposal must_be_absent']);
    let state = (
      await otherLead
        .post(`/cycles/${undecidedCycle.id}/action`, {
          decision: 'undecided',
          rationale: '検証チームで引き続き検討',
        })
        .expect(200)
    ).body;
    await approverAs(api, t.users.hqApprover)(state);

    // 統合 ends the item: budget 0, no next year.
    await driveToAct(mergeCycle.id, selfApproval, leaderApprover);
    state = (
      await as(api, leaderApprover)
        .post(`/cycles/${mergeCycle.id}/action`, { decision: 'merge', rationale: '類似事業と統合' })
        .expect(200)
    ).body;
    await approverAs(api, t.users.hqApprover)(state);

    const finished = async (cycleId: string) =>
      eventually(async () => {
        const res = await as(api, t.users.auditor).get(`/cycles/${cycleId}`).expect(200);
        return res.body.status === 'completed' || res.body.status === 'closed' ? res.body : undefined;
      });
    const undecided = await finished(undecidedCycle.id);
    expect(undecided.status).toBe('completed');
    expect(undecided.budgetReflection).toMatchObject({
      decision: 'undecided',
      rule: 'undecided.none',
      delta: 0,
    });
    const merged = await finished(mergeCycle.id);
    // A year run on a city's own list, for the replay test (RECORD_HISTORIES=1, this file only).
    recordHistoryIfAsked(cycleWorkflowId(t.code, selfApproval.id, FY), 'city-decision-list');
    expect(merged.status).toBe('closed');
    expect(merged.budgetReflection).toMatchObject({
      decision: 'merge',
      rule: 'merge.zero',
      proposedAmount: 0,
    });

    // item_budgets: 統合's zero is the target year's baseline; 方向性未決定 wrote nothing.
    const target = merged.budgetReflection.fiscalYear;
    const budgets: Array<{ item_id: string; amount: string }> = await api.dataSource.query(
      'SELECT item_id, amount FROM item_budgets WHERE item_id = ANY($1) AND fiscal_year = $2',
      [[other.id, selfApproval.id], target],
    );
    expect(budgets).toEqual([{ item_id: selfApproval.id, amount: '0' }]);
    const [item] = await api.dataSource.query('SELECT last_fiscal_year FROM items WHERE id = $1', [
      selfApproval.id,
    ]);
    expect(item.last_fiscal_year).toBe(target);
    // The ledger names the rule applied.
    const rules = (await ledger(t.id))
      .filter((e) => e.action === 'budget.reflected')
      .map((e) => e.payload.rule)
      .sort();
    expect(rules).toEqual(['merge.zero', 'undecided.none']);
    // The 方向性未決定 item goes on (the opener starts its next year); 統合 ended the item.
    const [goesOn] = await api.dataSource.query('SELECT last_fiscal_year FROM items WHERE id = $1', [
      other.id,
    ]);
    expect(goesOn.last_fiscal_year).toBeNull();
  });
});
