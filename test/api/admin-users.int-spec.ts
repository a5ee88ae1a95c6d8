/**
 * User administration over HTTP: listing (admin, hq_admin), creating and changing users (admin),
 * each change with exactly one audit-ledger entry in the same transaction and none for a refused
 * request; passwords and hashes never leave the server.
 */
import { randomUUID } from 'node:crypto';
import { type ApiTestApp, bearer, startApiApp } from './api-test-app';
import { as } from './cycle-helpers';
import { type ApiFixture, createApiFixture, type FixtureTenant, login } from './fixtures';

let api: ApiTestApp;
let fx: ApiFixture;
let t: FixtureTenant;

const NEW_PASSWORD = 'ひらつか-reform-2027';

beforeAll(async () => {
  api = await startApiApp();
  fx = await createApiFixture(api);
  t = fx.tenant;
});

afterAll(async () => {
  await api?.close();
});

interface LedgerRow {
  seq: string;
  action: string;
  actor_type: string;
  actor_id: string;
  actor_name: string;
  actor_role: string;
  payload: Record<string, unknown>;
  comment: string | null;
}

async function ledger(tenantId: string): Promise<LedgerRow[]> {
  return api.dataSource.query(
    `SELECT seq, action, actor_type, actor_id, actor_name, actor_role, payload, comment
       FROM audit_log WHERE tenant_id = $1 ORDER BY seq`,
    [tenantId],
  );
}

/** Runs `request` and answers the ledger entries it added to the tenant's ledger. */
async function ledgerAdded(tenantId: string, request: () => Promise<unknown>): Promise<LedgerRow[]> {
  const before = (await ledger(tenantId)).length;
  await request();
  return (await ledger(tenantId)).slice(before);
}

const newEmail = (key: string) => `${key}-${randomUUID().slice(0, 8)}@${t.code}.example.test`;

function expectNoSecrets(body: unknown) {
  const text = JSON.stringify(body);
  // No field named like a password or hash (`signInMethod: "password"` is a value, not a secret).
  expect(text).not.toMatch(/"[^"]*(password|hash)[^"]*":/i);
  expect(text).not.toContain('$2');
  expect(text).not.toContain(NEW_PASSWORD);
}

describe('GET /users', () => {
  it('lists the tenant’s users for admin and hq_admin, without password hashes', async () => {
    for (const caller of [t.users.admin, t.users.hqAdmin]) {
      const res = await as(api, caller).get('/users?limit=200').expect(200);
      expect(res.body).toMatchObject({ limit: 200, offset: 0 });
      const emails = res.body.items.map((u: { email: string }) => u.email);
      for (const u of Object.values(t.users)) expect(emails).toContain(u.email);
      for (const u of Object.values(fx.otherTenant.users)) expect(emails).not.toContain(u.email);
      expect(res.body.total).toBe(res.body.items.length);
      expect(res.body.items.find((u: { id: string }) => u.id === t.users.leader.id)).toEqual({
        id: t.users.leader.id,
        email: t.users.leader.email,
        displayName: t.users.leader.displayName,
        roles: ['wg_leader'],
        active: true,
        signInMethod: 'password',
      });
      expectNoSecrets(res.body);
    }
  });

  it('filters by role and pages', async () => {
    const leaders = await as(api, t.users.hqAdmin).get('/users?role=hq_approver').expect(200);
    expect(leaders.body.items.map((u: { id: string }) => u.id).sort()).toEqual(
      [t.users.hqApprover.id, t.users.leaderApprover.id].sort(),
    );
    const page = await as(api, t.users.admin).get('/users?limit=2&offset=1').expect(200);
    expect(page.body).toMatchObject({ limit: 2, offset: 1 });
    expect(page.body.items).toHaveLength(2);
    expect(page.body.total).toBeGreaterThanOrEqual(8);
  });

  it('is 400 for an unknown role or a bad window', async () => {
    const res = await as(api, t.users.admin).get('/users?role=mayor&limit=0').expect(400);
    expect(res.body.details.map((d: { field: string; rule: string }) => `${d.field}:${d.rule}`)).toEqual(
      expect.arrayContaining(['role:isIn', 'limit:min']),
    );
  });

  it('is 403 for leaders, approvers and auditors, 401 without a token', async () => {
    for (const caller of [t.users.leader, t.users.hqApprover, t.users.auditor]) {
      const res = await as(api, caller).get('/users').expect(403);
      expect(res.body.code).toBe('ROLE_REQUIRED');
    }
    await api.http().get('/api/v1/users').expect(401);
  });
});

describe('POST /users', () => {
  it('creates a user (201) who can sign in; one user.created entry, without the password', async () => {
    const email = newEmail('Tanaka');
    let res: { status: number; body: Record<string, unknown> } | undefined;
    const added = await ledgerAdded(t.id, async () => {
      res = await as(api, t.users.admin).post('/users', {
        email,
        displayName: '  田中 花子 ',
        roles: ['hq_approver', 'wg_leader', 'wg_leader'],
        password: NEW_PASSWORD,
      });
    });
    expect(res?.status).toBe(201);
    expect(res?.body).toEqual({
      id: expect.any(String),
      email,
      displayName: '田中 花子',
      roles: ['wg_leader', 'hq_approver'],
      active: true,
      signInMethod: 'password',
    });
    expectNoSecrets(res?.body);

    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({
      action: 'user.created',
      actor_type: 'user',
      actor_id: t.users.admin.id,
      actor_name: t.users.admin.displayName,
      actor_role: 'admin',
      payload: { userId: res?.body.id, email, displayName: '田中 花子', roles: ['wg_leader', 'hq_approver'] },
    });
    expectNoSecrets(added[0].payload);

    const token = await login(api, email.toUpperCase(), NEW_PASSWORD);
    const me = await api.http().get('/api/v1/auth/me').set(bearer(token)).expect(200);
    expect(me.body).toMatchObject({ id: res?.body.id, tenantId: t.id, roles: ['wg_leader', 'hq_approver'] });
  });

  it('is 409 for an email in use — any case, any tenant — and writes nothing', async () => {
    const added = await ledgerAdded(t.id, async () => {
      for (const email of [t.users.leader.email.toUpperCase(), fx.otherTenant.users.leader.email]) {
        const res = await as(api, t.users.admin)
          .post('/users', { email, displayName: '重複', roles: ['wg_leader'], password: NEW_PASSWORD })
          .expect(409);
        expect(res.body).toMatchObject({
          code: 'EMAIL_TAKEN',
          messageEn: expect.stringMatching(/exists already/),
          messageJa: expect.any(String),
        });
      }
    });
    expect(added).toEqual([]);
  });

  it('answers alike for an email taken here and one taken in another tenant (same status, body and headers)', async () => {
    const answer = async (email: string) => {
      const res = await as(api, t.users.admin).post('/users', {
        email,
        displayName: '重複',
        roles: ['wg_leader'],
        password: NEW_PASSWORD,
      });
      const headers = { ...res.headers };
      for (const volatile of ['date', 'x-request-id', 'x-correlation-id', 'etag', 'content-length'])
        delete headers[volatile];
      const { correlationId: _c, requestId: _r, ...body } = res.body;
      return { status: res.status, body, headers: Object.keys(headers).sort() };
    };
    const here = await answer(t.users.leader.email);
    const elsewhere = await answer(fx.otherTenant.users.leader.email);
    expect(here.status).toBe(409);
    expect(elsewhere).toEqual(here);
    // Nothing in the answer names or hints at the other tenant.
    expect(JSON.stringify(elsewhere.body)).not.toMatch(new RegExp(fx.otherTenant.code, 'i'));
    expect(JSON.stringify(elsewhere.body)).not.toMatch(/tenant|city|自治体|他の/i);
  });

  it('settles a race for one email with the unique index: one 201, the others 409, one ledger entry', async () => {
    const email = newEmail('race');
    let statuses: number[] = [];
    const added = await ledgerAdded(t.id, async () => {
      const answers = await Promise.all(
        [email, email.toUpperCase(), email].map((e) =>
          as(api, t.users.admin).post('/users', {
            email: e,
            displayName: '同時登録',
            roles: ['auditor'],
            password: NEW_PASSWORD,
          }),
        ),
      );
      statuses = answers.map((a) => a.status).sort();
      for (const a of answers.filter((x) => x.status === 409)) expect(a.body.code).toBe('EMAIL_TAKEN');
    });
    expect(statuses).toEqual([201, 409, 409]);
    expect(added.map((e) => e.action)).toEqual(['user.created']);
  });

  it('is 400 for a weak password, unknown or no roles, a bad email and unknown fields; nothing is written', async () => {
    const admin = as(api, t.users.admin);
    const rules = async (body: object) => {
      const res = await admin.post('/users', body).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      const password = (body as { password?: string }).password;
      if (password) expect(JSON.stringify(res.body)).not.toContain(password);
      return res.body.details.map((d: { field: string; rule: string }) => `${d.field}:${d.rule}`);
    };
    const added = await ledgerAdded(t.id, async () => {
      const valid = {
        email: newEmail('v'),
        displayName: '検証',
        roles: ['wg_leader'],
        password: NEW_PASSWORD,
      };
      expect(await rules({ ...valid, password: 'short-pass1' })).toEqual(['password:minLength']);
      expect(await rules({ ...valid, roles: ['wg_leader', 'mayor'] })).toEqual(['roles:isIn']);
      expect(await rules({ ...valid, roles: [] })).toEqual(['roles:arrayMinSize']);
      expect(await rules({ ...valid, email: 'not-an-email', displayName: '   ', isAdmin: true })).toEqual(
        expect.arrayContaining(['email:isEmail', 'displayName:isNotEmpty', 'isAdmin:whitelistValidation']),
      );
      expect(await rules({})).toEqual(
        expect.arrayContaining([
          'email:isDefined',
          'displayName:isDefined',
          'roles:isDefined',
          'password:isDefined',
        ]),
      );
      // bcrypt would silently ignore everything after 72 bytes: 30 kanji are 90 bytes.
      expect(await rules({ ...valid, password: '改'.repeat(30) })).toEqual(['password:maxBytes']);
    });
    expect(added).toEqual([]);
  });

  it('is 403 for hq_admin (reads only) and auditors, 401 without a token', async () => {
    const body = { email: newEmail('x'), displayName: 'x', roles: ['wg_leader'], password: NEW_PASSWORD };
    for (const caller of [t.users.hqAdmin, t.users.auditor, t.users.leader]) {
      const res = await as(api, caller).post('/users', body).expect(403);
      expect(res.body.code).toBe('ROLE_REQUIRED');
    }
    await api.http().post('/api/v1/users').send(body).expect(401);
  });
});

describe('PATCH /users/:userId', () => {
  let userId: string;
  let email: string;

  beforeAll(async () => {
    email = newEmail('sato');
    const res = await as(api, t.users.admin)
      .post('/users', { email, displayName: '佐藤 一郎', roles: ['wg_leader'], password: NEW_PASSWORD })
      .expect(201);
    userId = res.body.id;
  });

  it('changes name and roles (200), with one user.updated entry listing old and new values', async () => {
    let body: unknown;
    const added = await ledgerAdded(t.id, async () => {
      body = (
        await as(api, t.users.admin)
          .patch(`/users/${userId}`, { displayName: '佐藤 一郎（本部）', roles: ['hq_admin', 'wg_leader'] })
          .expect(200)
      ).body;
    });
    expect(body).toEqual({
      id: userId,
      email,
      displayName: '佐藤 一郎（本部）',
      roles: ['wg_leader', 'hq_admin'],
      active: true,
      signInMethod: 'password',
    });
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({
      action: 'user.updated',
      actor_id: t.users.admin.id,
      actor_role: 'admin',
      payload: {
        userId,
        email,
        changes: {
          displayName: { from: '佐藤 一郎', to: '佐藤 一郎（本部）' },
          roles: { from: ['wg_leader'], to: ['wg_leader', 'hq_admin'] },
        },
      },
    });
    // The new role counts at once (the guard reloads the user on every request).
    const token = await login(api, email, NEW_PASSWORD);
    await api.http().get('/api/v1/users').set(bearer(token)).expect(200);
  });

  it('writes nothing when the values are already those (200)', async () => {
    const added = await ledgerAdded(t.id, async () => {
      await as(api, t.users.admin)
        .patch(`/users/${userId}`, { roles: ['wg_leader', 'hq_admin'] })
        .expect(200);
    });
    expect(added).toEqual([]);
  });

  it('refuses to let an admin remove their own admin role (409), but lets them rename themselves', async () => {
    const added = await ledgerAdded(t.id, async () => {
      const res = await as(api, t.users.admin)
        .patch(`/users/${t.users.admin.id}`, { roles: ['hq_admin'] })
        .expect(409);
      expect(res.body).toMatchObject({
        code: 'OWN_ADMIN_ROLE',
        messageEn: expect.stringMatching(/your own admin role/),
        messageJa: expect.stringMatching(/システム管理者/),
      });
    });
    expect(added).toEqual([]);
    await as(api, t.users.admin)
      .patch(`/users/${t.users.admin.id}`, { roles: ['admin', 'hq_admin'] })
      .expect(200);
    const me = await as(api, t.users.admin).get('/auth/me').expect(200);
    expect(me.body.roles).toEqual(['hq_admin', 'admin']);
  });

  it('is 400 for nothing to change, bad values and a malformed id; nothing is written', async () => {
    const admin = as(api, t.users.admin);
    const added = await ledgerAdded(t.id, async () => {
      const empty = await admin.patch(`/users/${userId}`, {}).expect(400);
      expect(empty.body.details.map((d: { field: string }) => d.field)).toEqual(['displayName', 'roles']);
      const bad = await admin
        .patch(`/users/${userId}`, { roles: ['root'], displayName: '', email: 'x@y.z' })
        .expect(400);
      expect(bad.body.details.map((d: { field: string; rule: string }) => `${d.field}:${d.rule}`)).toEqual(
        expect.arrayContaining(['roles:isIn', 'displayName:isNotEmpty', 'email:whitelistValidation']),
      );
      const id = await admin.patch('/users/not-a-uuid', { displayName: 'x' }).expect(400);
      expect(id.body.details).toEqual([expect.objectContaining({ field: 'userId', rule: 'isUuid' })]);
    });
    expect(added).toEqual([]);
  });

  it('is 404 for another tenant’s user and for an unknown id', async () => {
    for (const id of [fx.otherTenant.users.leader.id, randomUUID()]) {
      const res = await as(api, t.users.admin).patch(`/users/${id}`, { displayName: '乗っ取り' }).expect(404);
      expect(res.body.code).toBe('NOT_FOUND');
    }
    const other = await as(api, fx.otherTenant.users.admin)
      .patch(`/users/${userId}`, { roles: ['admin'] })
      .expect(404);
    expect(other.body.code).toBe('NOT_FOUND');
  });

  it('is 403 for hq_admin and auditors, 401 without a token', async () => {
    for (const caller of [t.users.hqAdmin, t.users.auditor]) {
      const res = await as(api, caller)
        .patch(`/users/${userId}`, { roles: ['admin'] })
        .expect(403);
      expect(res.body.code).toBe('ROLE_REQUIRED');
    }
    await api
      .http()
      .patch(`/api/v1/users/${userId}`)
      .send({ roles: ['admin'] })
      .expect(401);
  });
});

it('keeps the tenant’s ledger chain intact with the administrative entries', async () => {
  const res = await as(api, t.users.auditor).get('/audit/verify').expect(200);
  expect(res.body).toMatchObject({ ok: true });
  expect(res.body.entries).toBeGreaterThanOrEqual(3);
});
