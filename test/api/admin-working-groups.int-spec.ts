/**
 * Working-group administration over HTTP with a real worker: the list, and assigning a leader and
 * members — validation, roles, tenants, one ledger entry per change (none for a refused request),
 * running cycles handed to the new leader (who may then submit while the old one may not), a
 * cycle that cannot take the change reported without failing the request, and new cycles reading
 * the group at start.
 */
import { randomUUID } from 'node:crypto';
import { type ApiTestApp, startApiWithWorker } from './api-test-app';
import { as, eventually, FY, planBody, startCycle } from './cycle-helpers';
import { type ApiFixture, createApiFixture, type FixtureTenant, type FixtureUser, login } from './fixtures';

const PASSWORD = 'successor-password-2027';
let api: ApiTestApp;
let fx: ApiFixture;
let t: FixtureTenant;
/** A wg_leader created through POST /users: leads no group at first. */
let successor: FixtureUser;

/** The fixture's groups: main (leader + member), other (leader only), selfApproval (leaderApprover). */
const groupOf = (item: keyof FixtureTenant['items']) => t.items[item].workingGroupId;

beforeAll(async () => {
  api = await startApiWithWorker('api-working-groups');
  fx = await createApiFixture(api);
  t = fx.tenant;
  const email = `successor@${t.code}.example.test`;
  const created = await as(api, t.users.admin)
    .post('/users', { email, displayName: '後任 リーダー', roles: ['wg_leader'], password: PASSWORD })
    .expect(201);
  successor = { ...created.body, token: await login(api, email, PASSWORD) };
});

afterAll(async () => {
  await api?.close();
});

interface LedgerRow {
  action: string;
  actor_id: string;
  actor_role: string;
  cycle_id: string | null;
  payload: Record<string, unknown>;
  comment: string | null;
}

async function ledger(tenantId: string): Promise<LedgerRow[]> {
  return api.dataSource.query(
    `SELECT action, actor_id, actor_role, cycle_id, payload, comment FROM audit_log
      WHERE tenant_id = $1 ORDER BY seq`,
    [tenantId],
  );
}

/** The entries the API itself wrote while `request` ran (cycle entries come from the worker). */
async function administrativeEntriesOf(request: () => Promise<unknown>): Promise<LedgerRow[]> {
  const before = (await ledger(t.id)).length;
  await request();
  return (await ledger(t.id)).slice(before).filter((e) => e.cycle_id === null);
}

describe('GET /working-groups', () => {
  it('lists the tenant’s groups with leader, members and item count, for any role', async () => {
    for (const caller of [t.users.leader, t.users.auditor, t.users.hqApprover]) {
      const res = await as(api, caller).get('/working-groups').expect(200);
      expect(res.body).toMatchObject({ total: 3, limit: 50, offset: 0 });
      expect(res.body.items.map((g: { id: string }) => g.id).sort()).toEqual(
        [groupOf('main'), groupOf('other'), groupOf('selfApproval')].sort(),
      );
      expect(res.body.items.find((g: { id: string }) => g.id === groupOf('main'))).toEqual({
        id: groupOf('main'),
        name: 'DX推進WG',
        leader: { id: t.users.leader.id, displayName: t.users.leader.displayName },
        members: [{ id: t.users.member.id, displayName: t.users.member.displayName }],
        itemCount: 1,
      });
    }
  });

  it('pages, and is 400 for a bad window and 401 without a token', async () => {
    const page = await as(api, t.users.leader).get('/working-groups?limit=1&offset=2').expect(200);
    expect(page.body).toMatchObject({ total: 3, limit: 1, offset: 2 });
    expect(page.body.items).toHaveLength(1);
    const bad = await as(api, t.users.leader).get('/working-groups?limit=500').expect(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'limit', rule: 'max' })]);
    await api.http().get('/api/v1/working-groups').expect(401);
  });
});

describe('PATCH /working-groups/:id — refused requests write nothing', () => {
  const reason = '人事異動';

  it('is 401 without a token and 403 for leaders, approvers and auditors', async () => {
    await api
      .http()
      .patch(`/api/v1/working-groups/${groupOf('other')}`)
      .send({ leaderUserId: successor.id, reason })
      .expect(401);
    const added = await administrativeEntriesOf(async () => {
      for (const caller of [t.users.leader, t.users.hqApprover, t.users.auditor]) {
        const res = await as(api, caller)
          .patch(`/working-groups/${groupOf('other')}`, { leaderUserId: successor.id, reason })
          .expect(403);
        expect(res.body.code).toBe('ROLE_REQUIRED');
      }
    });
    expect(added).toEqual([]);
  });

  it('is 404 for another tenant’s group and an unknown id', async () => {
    for (const id of [fx.otherTenant.items.main.workingGroupId, randomUUID()]) {
      const res = await as(api, t.users.hqAdmin)
        .patch(`/working-groups/${id}`, { leaderUserId: successor.id, reason })
        .expect(404);
      expect(res.body.code).toBe('NOT_FOUND');
    }
  });

  it('is 400 naming the field: users of another tenant or of nobody, a leader without wg_leader, bad shapes', async () => {
    const hq = as(api, t.users.hqAdmin);
    const url = `/working-groups/${groupOf('other')}`;
    const problems = async (body: object) => {
      const res = await hq.patch(url, body).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      return res.body.details.map((d: { field: string; rule: string }) => `${d.field}:${d.rule}`);
    };
    const added = await administrativeEntriesOf(async () => {
      expect(await problems({ leaderUserId: fx.otherTenant.users.leader.id, reason })).toEqual([
        'leaderUserId:unknown_user',
      ]);
      const notLeader = await hq.patch(url, { leaderUserId: t.users.hqApprover.id, reason }).expect(400);
      expect(notLeader.body.details).toEqual([
        expect.objectContaining({
          field: 'leaderUserId',
          rule: 'wg_leader_role',
          messageEn: expect.stringMatching(/wg_leader/),
          messageJa: expect.stringMatching(/WGリーダー/),
        }),
      ]);
      expect(
        await problems({
          memberUserIds: [t.users.member.id, randomUUID(), fx.otherTenant.users.member.id],
          reason,
        }),
      ).toEqual(['memberUserIds[1]:unknown_user', 'memberUserIds[2]:unknown_user']);
      expect(await problems({ reason })).toEqual(['leaderUserId:atLeastOne', 'memberUserIds:atLeastOne']);
      expect(await problems({ leaderUserId: successor.id })).toEqual(['reason:isDefined']);
      expect(await problems({ leaderUserId: successor.id, reason: '   ' })).toEqual(['reason:isNotEmpty']);
      expect(await problems({ leaderUserId: 'leader', memberUserIds: ['x'], reason, name: 'x' })).toEqual(
        expect.arrayContaining(['leaderUserId:isUuid', 'memberUserIds:isUuid', 'name:whitelistValidation']),
      );
      expect(await problems({ memberUserIds: null, reason })).toEqual(['memberUserIds:isArray']);
      const id = await hq.patch('/working-groups/wg-1', { leaderUserId: successor.id, reason }).expect(400);
      expect(id.body.details).toEqual([expect.objectContaining({ field: 'workingGroupId', rule: 'isUuid' })]);
    });
    expect(added).toEqual([]);
    const list = await as(api, t.users.hqAdmin).get('/working-groups').expect(200);
    expect(list.body.items.find((g: { id: string }) => g.id === groupOf('other')).leader.id).toBe(
      t.users.otherLeader.id,
    );
  });
});

describe('PATCH /working-groups/:id — changes', () => {
  it('sets leader and members of a group without running cycles: one ledger entry, new cycles read it', async () => {
    const reason = '人事異動（4月1日付）による交代';
    let body: Record<string, unknown> = {};
    const added = await administrativeEntriesOf(async () => {
      body = (
        await as(api, t.users.hqAdmin)
          .patch(`/working-groups/${groupOf('other')}`, {
            leaderUserId: successor.id,
            memberUserIds: [t.users.member.id, successor.id, t.users.member.id],
            reason: `  ${reason} `,
          })
          .expect(200)
      ).body;
    });
    expect(body).toEqual({
      workingGroup: {
        id: groupOf('other'),
        name: '公共施設WG',
        leader: { id: successor.id, displayName: '後任 リーダー' },
        members: [{ id: t.users.member.id, displayName: t.users.member.displayName }],
        itemCount: 1,
      },
      cyclesReassigned: 0,
      cyclesFailed: [],
    });
    expect(added).toEqual([
      {
        action: 'working_group.updated',
        actor_id: t.users.hqAdmin.id,
        actor_role: 'hq_admin',
        cycle_id: null,
        comment: reason,
        payload: {
          workingGroupId: groupOf('other'),
          name: '公共施設WG',
          from: { leaderUserId: t.users.otherLeader.id, memberUserIds: [] },
          to: { leaderUserId: successor.id, memberUserIds: [t.users.member.id] },
        },
      },
    ]);

    const cycle = await startCycle(api, t.users.hqAdmin, t.items.other);
    expect(cycle.tasks).toEqual([expect.objectContaining({ kind: 'plan', assigneeUserId: successor.id })]);
  });

  it('hands running cycles to the new leader: the new leader may submit, the old one may not', async () => {
    const cycle = await startCycle(api, t.users.hqAdmin, t.items.main);
    const reason = '病気休職のため後任へ交代';
    let body: Record<string, unknown> = {};
    const added = await administrativeEntriesOf(async () => {
      body = (
        await as(api, t.users.admin)
          .patch(`/working-groups/${groupOf('main')}`, { leaderUserId: successor.id, reason })
          .expect(200)
      ).body;
    });
    expect(body).toMatchObject({
      workingGroup: {
        leader: { id: successor.id },
        members: [{ id: t.users.member.id }],
      },
      cyclesReassigned: 1,
      cyclesFailed: [],
    });
    expect(added).toEqual([
      expect.objectContaining({
        action: 'working_group.updated',
        actor_id: t.users.admin.id,
        actor_role: 'admin',
      }),
    ]);

    const view = await as(api, t.users.auditor).get(`/cycles/${cycle.id}`).expect(200);
    expect(view.body.tasks).toEqual([
      expect.objectContaining({ kind: 'plan', status: 'open', assigneeUserId: successor.id }),
    ]);
    const inbox = await as(api, successor).get('/tasks?mine=true&status=open').expect(200);
    expect(inbox.body.items.map((task: { cycleId: string }) => task.cycleId)).toContain(cycle.id);

    const old = await as(api, t.users.leader)
      .post(`/cycles/${cycle.id}/plan`, planBody(t.items.main))
      .expect(403);
    expect(old.body.code).toBe('NOT_ALLOWED');
    const submitted = await as(api, successor)
      .post(`/cycles/${cycle.id}/plan`, planBody(t.items.main))
      .expect(200);
    expect(submitted.body).toMatchObject({
      status: 'awaiting_approval',
      plan: { submittedBy: successor.id },
    });

    const reassigned = await eventually(async () =>
      (await ledger(t.id)).find((e) => e.cycle_id === cycle.id && e.action === 'cycle.reassigned'),
    );
    expect(reassigned).toMatchObject({ actor_id: t.users.admin.id, actor_role: 'admin', comment: reason });
  });

  it('reports a cycle that cannot take the change and still changes the group and the other cycles', async () => {
    const running = await startCycle(api, t.users.hqAdmin, t.items.selfApproval);
    // A read-model row whose workflow Temporal does not know: its Update fails like a closed cycle's.
    const ghostId = randomUUID();
    await api.dataSource.query(
      `INSERT INTO cycles (id, tenant_id, item_id, fiscal_year, workflow_id, stage, status, started_at)
       VALUES ($1, $2, $3, $4, $5, 'PLAN', 'awaiting_submission', now())`,
      [ghostId, t.id, t.items.selfApproval.id, FY + 2, `pdca/${t.code}/${t.items.selfApproval.id}/ghost`],
    );
    const res = await as(api, t.users.hqAdmin)
      .patch(`/working-groups/${groupOf('selfApproval')}`, {
        leaderUserId: successor.id,
        memberUserIds: [t.users.leaderApprover.id],
        reason: '兼務解消',
      })
      .set('Accept-Language', 'ja')
      .expect(200);
    expect(res.body.cyclesReassigned).toBe(1);
    expect(res.body.cyclesFailed).toEqual([
      {
        cycleId: ghostId,
        itemId: t.items.selfApproval.id,
        itemCode: '1-3',
        fiscalYear: FY + 2,
        code: 'CLOSED',
        message: expect.stringMatching(/終了/),
        messageEn: expect.stringMatching(/closed/),
        messageJa: expect.stringMatching(/終了/),
      },
    ]);
    expect(res.body.workingGroup.leader.id).toBe(successor.id);
    const view = await as(api, t.users.auditor).get(`/cycles/${running.id}`).expect(200);
    expect(view.body.tasks[0].assigneeUserId).toBe(successor.id);
  });

  it('removes the leader (null) and members ([]) of a group, its running cycle included', async () => {
    const res = await as(api, t.users.hqAdmin)
      .patch(`/working-groups/${groupOf('other')}`, {
        leaderUserId: null,
        memberUserIds: [],
        reason: 'WG再編',
      })
      .expect(200);
    expect(res.body).toMatchObject({
      workingGroup: { id: groupOf('other'), leader: null, members: [] },
      cyclesReassigned: 1,
      cyclesFailed: [],
    });
  });

  it('keeps the tenant’s ledger chain intact', async () => {
    const res = await as(api, t.users.auditor).get('/audit/verify').expect(200);
    expect(res.body.ok).toBe(true);
  });
});
