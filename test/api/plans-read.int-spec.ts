/**
 * GET /api/v1/plans and GET /api/v1/plans/:planId: any role of the tenant, never another tenant's
 * plans (404 like an id that does not exist), the tree goals → themes → items with the current cycle.
 */
import { randomUUID } from 'node:crypto';
import { type ApiTestApp, bearer, startApiApp } from './api-test-app';
import { type ApiFixture, createApiFixture } from './fixtures';
import { sample, uploadPlan } from './plans-fixtures';

let api: ApiTestApp;
let fx: ApiFixture;
let importedPlanId: string;

beforeAll(async () => {
  api = await startApiApp();
  fx = await createApiFixture(api);
  const res = await uploadPlan(
    api,
    fx.tenant.users.hqAdmin.token,
    sample('machida-reform.csv'),
    'machida-reform.csv',
  ).expect(201);
  importedPlanId = res.body.planId;
});

afterAll(async () => {
  await api?.close();
});

const get = (path: string, token: string) => api.http().get(`/api/v1${path}`).set(bearer(token));

describe('GET /plans', () => {
  it('lists the tenant’s plans, oldest first, with the size of each tree, for any role', async () => {
    for (const user of Object.values(fx.tenant.users)) {
      const res = await get('/plans', user.token).expect(200);
      expect(res.body).toMatchObject({ total: 2, limit: 50, offset: 0 });
      expect(res.body.items).toEqual([
        expect.objectContaining({
          id: fx.tenant.planId,
          title: '第3次行財政改革計画',
          periodStartFy: 2024,
          periodEndFy: 2030,
          goalCount: 1,
          themeCount: 1,
          itemCount: 3,
        }),
        expect.objectContaining({ id: importedPlanId, goalCount: 3, themeCount: 0, itemCount: 8 }),
      ]);
    }
  });

  it('never shows another tenant’s plans, and pages', async () => {
    const other = await get('/plans', fx.otherTenant.users.auditor.token).expect(200);
    expect(other.body.items.map((p: { id: string }) => p.id)).toEqual([fx.otherTenant.planId]);
    const page = await get('/plans?limit=1&offset=1', fx.tenant.users.leader.token).expect(200);
    expect(page.body).toMatchObject({ total: 2, limit: 1, offset: 1, items: [{ id: importedPlanId }] });
    const bad = await get('/plans?limit=0', fx.tenant.users.leader.token).expect(400);
    expect(bad.body.details[0]).toMatchObject({ field: 'limit', rule: 'min' });
  });

  it('needs a token', async () => {
    await api.http().get('/api/v1/plans').expect(401);
    await api.http().get(`/api/v1/plans/${fx.tenant.planId}`).expect(401);
  });
});

describe('GET /plans/:planId', () => {
  it('answers the tree: goals → themes → items with working group and current cycle', async () => {
    const res = await get(`/plans/${fx.tenant.planId}`, fx.tenant.users.leader.token).expect(200);
    expect(res.body).toMatchObject({
      id: fx.tenant.planId,
      title: '第3次行財政改革計画',
      counts: { goals: 1, themes: 1, items: 3, indicators: 6 },
      unassignedItems: [],
    });
    expect(res.body.goals).toEqual([
      {
        id: expect.any(String),
        code: '1',
        title: '持続可能な行政運営',
        isDefault: false,
        themes: [
          {
            id: expect.any(String),
            code: '1-A',
            title: 'デジタル化の推進',
            isDefault: false,
            items: [
              {
                id: fx.tenant.items.main.id,
                code: '1-1',
                title: '行政手続のオンライン化',
                workingGroup: {
                  id: fx.tenant.items.main.workingGroupId,
                  name: 'DX推進WG',
                  leaderUserId: fx.tenant.users.leader.id,
                },
                indicatorCount: 2,
                currentCycle: null,
                parents: [
                  { nodeId: expect.any(String), code: '1-A', title: 'デジタル化の推進', isPrimary: true },
                ],
                removal: null,
              },
              expect.objectContaining({ code: '1-2' }),
              expect.objectContaining({ code: '1-3' }),
            ],
          },
        ],
      },
    ]);
  });

  it('shows an imported two-level plan in its own words, with the 基本方針’s indicators on it', async () => {
    const res = await get(`/plans/${importedPlanId}`, fx.tenant.users.auditor.token).expect(200);
    expect(res.body.counts).toEqual({
      goals: 3,
      themes: 0,
      levels: [3],
      items: 8,
      indicators: 0,
      nodeIndicators: 12,
    });
    expect(res.body.source).toContain('shared/seeds/004');
    expect(res.body.levels).toEqual([
      { level: 1, name: { ja: '基本方針', en: 'Basic policy' }, isItem: false },
      { level: 2, name: { ja: '改革項目', en: 'Reform item' }, isItem: true },
    ]);
    const finance = res.body.nodes[2];
    expect(finance).toMatchObject({
      level: 1,
      levelName: { ja: '基本方針' },
      title: '次世代につなぐ財政基盤を確立する',
      children: [],
    });
    expect(finance.description).toMatch(/^税金の減少など/);
    expect(finance.indicators.slice(0, 2)).toMatchObject([
      { name: '経常収支比率', direction: 'lower_is_better', kind: 'outcome' },
      { name: '実質公債費比率', direction: 'lower_is_better' },
    ]);
    expect(finance.items.map((i: { code: string }) => i.code)).toEqual(['3-1', '3-2']);
    expect(res.body.nodes[0].items[0]).toMatchObject({
      code: '1-1',
      title: '情報の双方向性を高める',
      indicatorCount: 0,
      parents: [{ code: '1', isPrimary: true }],
    });
  });

  it('answers 404 for another tenant’s plan and for an unknown id, 400 for a malformed one', async () => {
    const cross = await get(`/plans/${fx.otherTenant.planId}`, fx.tenant.users.admin.token).expect(404);
    expect(cross.body).toMatchObject({ code: 'NOT_FOUND', messageEn: 'The plan was not found.' });
    await get(`/plans/${importedPlanId}`, fx.otherTenant.users.admin.token).expect(404);
    await get(`/plans/${randomUUID()}`, fx.tenant.users.admin.token).expect(404);
    const bad = await get('/plans/not-a-uuid', fx.tenant.users.admin.token).expect(400);
    expect(bad.body.details[0]).toMatchObject({ field: 'planId', rule: 'isUuid' });
  });
});
