/**
 * The read endpoints without running cycles: items (lists, filters, detail), the inboxes and
 * budget reflections — roles, tenants, pagination and query validation.
 */
import { type ApiTestApp, bearer, startApiApp } from './api-test-app';
import { type ApiFixture, createApiFixture } from './fixtures';

let api: ApiTestApp;
let fx: ApiFixture;

beforeAll(async () => {
  api = await startApiApp();
  fx = await createApiFixture(api);
});

afterAll(async () => {
  await api?.close();
});

const get = (path: string, token: string) => api.http().get(`/api/v1${path}`).set(bearer(token));

describe('GET /items', () => {
  it('lists the tenant’s items with working group and (no) current cycle, in plan order', async () => {
    const res = await get('/items', fx.tenant.users.auditor.token).expect(200);
    expect(res.body).toMatchObject({ total: 3, limit: 50, offset: 0 });
    expect(res.body.items.map((i: { code: string }) => i.code)).toEqual(['1-1', '1-2', '1-3']);
    expect(res.body.items[0]).toEqual({
      id: fx.tenant.items.main.id,
      code: '1-1',
      title: '行政手続のオンライン化',
      summary: expect.any(String),
      planId: fx.tenant.planId,
      planTitle: '第3次行財政改革計画',
      themeId: expect.any(String),
      reviewCadence: 'quarterly',
      budgetCurrentAmount: 10_000_000,
      workingGroup: {
        id: fx.tenant.items.main.workingGroupId,
        name: 'DX推進WG',
        leaderUserId: fx.tenant.users.leader.id,
        memberUserIds: [fx.tenant.users.member.id],
      },
      currentCycle: null,
      removal: null,
    });
  });

  it('never shows another tenant’s items', async () => {
    const res = await get('/items', fx.otherTenant.users.leader.token).expect(200);
    const ids = res.body.items.map((i: { id: string }) => i.id);
    expect(ids).toHaveLength(3);
    expect(ids).not.toContain(fx.tenant.items.main.id);
  });

  it('mine=true: items whose working group you lead or belong to', async () => {
    const { leader, member, otherLeader, hqAdmin } = fx.tenant.users;
    const codes = async (token: string) =>
      (await get('/items?mine=true', token).expect(200)).body.items.map((i: { code: string }) => i.code);
    expect(await codes(leader.token)).toEqual(['1-1']);
    expect(await codes(member.token)).toEqual(['1-1']);
    expect(await codes(otherLeader.token)).toEqual(['1-2']);
    expect(await codes(hqAdmin.token)).toEqual([]);
    expect((await get('/items?mine=false', member.token).expect(200)).body.total).toBe(3);
  });

  it('paginates with limit and offset', async () => {
    const res = await get('/items?limit=1&offset=1', fx.tenant.users.leader.token).expect(200);
    expect(res.body).toMatchObject({ total: 3, limit: 1, offset: 1 });
    expect(res.body.items.map((i: { code: string }) => i.code)).toEqual(['1-2']);
  });

  it('filters by stage and fiscal year (no cycles yet → nothing)', async () => {
    const token = fx.tenant.users.leader.token;
    expect((await get('/items?stage=PLAN', token).expect(200)).body.total).toBe(0);
    expect((await get('/items?fiscalYear=2025', token).expect(200)).body.total).toBe(0);
  });

  it('answers 400 naming each bad query parameter and rule', async () => {
    const res = await get(
      '/items?stage=PLANNING&fiscalYear=abc&mine=yes&limit=1000&offset=-1&foo=1',
      fx.tenant.users.leader.token,
    ).expect(400);
    const rules = res.body.details.map((d: { field: string; rule: string }) => `${d.field}:${d.rule}`);
    expect(rules).toEqual(
      expect.arrayContaining([
        'stage:isIn',
        'fiscalYear:isInt',
        'mine:isBoolean',
        'limit:max',
        'offset:min',
        'foo:whitelistValidation',
      ]),
    );
    const stage = res.body.details.find((d: { field: string }) => d.field === 'stage');
    expect(stage.messageEn).toBe('stage must be one of: PLAN, DO, CHECK, ACT.');
    expect(stage.messageJa).toBe('stageは次のいずれかを指定してください: PLAN, DO, CHECK, ACT');
  });

  it('answers 401 without a token', async () => {
    await api.http().get('/api/v1/items').expect(401);
  });
});

describe('GET /items/:itemId', () => {
  it('returns the item with indicators, plan path and no cycle yet', async () => {
    const { main } = fx.tenant.items;
    const res = await get(`/items/${main.id}`, fx.tenant.users.otherLeader.token).expect(200);
    expect(res.body).toMatchObject({
      id: main.id,
      code: '1-1',
      planPeriodStartFy: 2024,
      planPeriodEndFy: 2030,
      currentCycle: null,
      planPath: [
        { kind: 'goal', code: '1', title: '持続可能な行政運営' },
        { kind: 'theme', code: '1-A', title: 'デジタル化の推進' },
      ],
    });
    expect(res.body.indicators).toEqual([
      {
        id: main.indicatorIds[0],
        name: 'オンライン申請率',
        unit: '%',
        baseline: 20,
        direction: 'higher_is_better',
        targets: { '2025': 50, '2026': 60 },
        // None of its own: the city's default formula applies.
        achievementFormula: null,
      },
      expect.objectContaining({ id: main.indicatorIds[1], direction: 'lower_is_better' }),
    ]);
  });

  it('answers 404 for another tenant’s item, as for one that does not exist', async () => {
    const foreign = await get(`/items/${fx.otherTenant.items.main.id}`, fx.tenant.users.leader.token).expect(
      404,
    );
    const missing = await get(
      '/items/00000000-0000-4000-8000-000000000000',
      fx.tenant.users.leader.token,
    ).expect(404);
    expect(foreign.body.message).toBe('The reform item was not found.');
    expect(missing.body.message).toBe(foreign.body.message);
    expect(foreign.body.messageJa).toBe('改革項目が見つかりません。');
  });

  it('answers 400 for an id that is not a UUID', async () => {
    const res = await get('/items/1-1', fx.tenant.users.leader.token).expect(400);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'itemId', rule: 'isUuid' })]);
  });
});

describe('GET /cycles/:cycleId', () => {
  it('answers 404 for a cycle that does not exist in the tenant', async () => {
    await get('/cycles/00000000-0000-8000-8000-000000000000', fx.tenant.users.auditor.token).expect(404);
  });
});

describe('GET /approvals', () => {
  it('is for HQ and auditors: leaders and admins get 403', async () => {
    const { leader, admin, hqApprover, hqAdmin, auditor } = fx.tenant.users;
    const denied = await get('/approvals', leader.token).expect(403);
    expect(denied.body).toMatchObject({ code: 'ROLE_REQUIRED' });
    expect(denied.body.message).toMatch(/list the approvals/);
    await get('/approvals', admin.token).expect(403);
    for (const user of [hqApprover, hqAdmin, auditor]) {
      const res = await get('/approvals?status=pending', user.token).expect(200);
      expect(res.body).toEqual({ items: [], total: 0, limit: 50, offset: 0 });
    }
  });

  it('answers 400 for an unknown status', async () => {
    const res = await get('/approvals?status=waiting', fx.tenant.users.hqApprover.token).expect(400);
    expect(res.body.details[0]).toMatchObject({ field: 'status', rule: 'isIn' });
  });
});

describe('GET /tasks', () => {
  it('answers every role (empty inbox before any cycle runs)', async () => {
    for (const user of Object.values(fx.tenant.users)) {
      const res = await get('/tasks?mine=true&status=open', user.token).expect(200);
      expect(res.body.items).toEqual([]);
    }
  });

  it('answers 400 for an unknown status', async () => {
    await get('/tasks?status=late', fx.tenant.users.leader.token).expect(400);
  });
});

describe('GET /budget-reflections', () => {
  it('is for HQ roles, auditors and admins; leaders get 403', async () => {
    const { leader, admin, hqApprover, hqAdmin, auditor } = fx.tenant.users;
    await get('/budget-reflections', leader.token).expect(403);
    for (const user of [hqApprover, hqAdmin, auditor, admin]) {
      const res = await get('/budget-reflections?fiscalYear=2026', user.token).expect(200);
      expect(res.body.total).toBe(0);
    }
  });

  it('answers 400 for a fiscal year out of range', async () => {
    const res = await get('/budget-reflections?fiscalYear=1999', fx.tenant.users.auditor.token).expect(400);
    expect(res.body.details[0]).toMatchObject({ field: 'fiscalYear', rule: 'min' });
    expect(res.body.details[0].messageEn).toBe('fiscalYear must be at least 2000.');
  });
});
