/**
 * What a user sends cannot wedge a cycle or break the ledger: unpaired surrogates and NUL are
 * refused at the API boundary with a 400 naming the field, other text is stored NFC (exactly what
 * the ledger hashed), deep nesting is a 400 before class-transformer, a signed token with a
 * strange `sub` is a 401, and a failed projection shows in /health.
 */
import { JwtService } from '@nestjs/jwt';
import { freePort } from '@pdca/devstack';
import { FailedProjectionRepository } from '@pdca/persistence/repositories';
import { uniqueSuffix } from '../support/test-worker';
import { type ApiWithWorker, bearer, startApiApp, startApiWithWorker } from './api-test-app';
import { as, FY, startCycle } from './cycle-helpers';
import { type ApiFixture, createApiFixture, type FixtureTenant } from './fixtures';

let api: ApiWithWorker;
let fx: ApiFixture;
let t: FixtureTenant;

beforeAll(async () => {
  api = await startApiWithWorker('api-hygiene');
  fx = await createApiFixture(api);
  t = fx.tenant;
});

afterAll(async () => {
  await api?.close();
});

const expectFieldRefused = (
  body: { details: unknown[]; messageJa: string; messageEn: string },
  field: string,
  rule: string,
) => {
  expect(body.details).toEqual([
    expect.objectContaining({
      field,
      rule,
      messageJa: expect.stringContaining(field),
      messageEn: expect.stringContaining(field),
    }),
  ]);
};

describe('text at the API boundary', () => {
  it('refuses a lone surrogate in a withdrawal reason and a deadline reason, and the cycle carries on', async () => {
    const cycle = await startCycle(api, t.users.hqAdmin, t.items.other, FY);
    const admin = as(api, t.users.hqAdmin);
    const planTask = cycle.tasks[0];
    const started = Date.now();
    const bad = await admin.post(`/cycles/${cycle.id}/withdraw`, { reason: '事業統合\ud800' }).expect(400);
    expectFieldRefused(bad.body, 'reason', 'wellFormedText');
    const nul = await admin
      .patch(`/tasks/${planTask.id}/deadline`, { dueAt: `${FY}-06-01T08:00:00Z`, reason: 'a\u0000b' })
      .expect(400);
    expectFieldRefused(nul.body, 'reason', 'noNulCharacter');
    // Answered at once, not after the 30 s Update timeout of a wedged cycle.
    expect(Date.now() - started).toBeLessThan(10_000);
    const moved = await admin
      .patch(`/tasks/${planTask.id}/deadline`, { dueAt: `${FY}-06-01T08:00:00Z`, reason: '議会日程の変更' })
      .expect(200);
    expect(moved.body.tasks.find((x: { id: string }) => x.id === planTask.id).dueAt).toBe(
      `${FY}-06-01T08:00:00.000Z`,
    );
  });

  it('refuses a lone surrogate in review notes and a query parameter', async () => {
    const res = await as(api, t.users.leader)
      .post(
        `/cycles/${'0'.repeat(8)}-0000-8000-8000-${'0'.repeat(12)}/reviews/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`,
        {
          periodIndex: 1,
          progress: 10,
          status: 'on_track',
          notes: '\udfff',
        },
      )
      .expect(400);
    expectFieldRefused(res.body, 'notes', 'wellFormedText');
    const query = await as(api, t.users.admin).get('/users?role=%00').expect(400);
    expectFieldRefused(query.body, 'role', 'noNulCharacter');
  });

  it('gives 400, not 500, for broken user names, and stores names NFC so the ledger verifies', async () => {
    const admin = as(api, t.users.admin);
    const email = `nfc-${uniqueSuffix()}@${t.code}.example.test`;
    const broken = await admin
      .post('/users', {
        email,
        displayName: '田中\ud800',
        roles: ['wg_leader'],
        password: 'correct horse battery',
      })
      .expect(400);
    expectFieldRefused(broken.body, 'displayName', 'wellFormedText');
    const decomposed = 'ヴィラ 花子'.normalize('NFD');
    const created = await admin
      .post('/users', {
        email,
        displayName: decomposed,
        roles: ['wg_leader'],
        password: 'correct horse battery',
      })
      .expect(201);
    expect(created.body.displayName).toBe('ヴィラ 花子'.normalize('NFC'));
    const patched = await admin.patch(`/users/${created.body.id}`, { displayName: 'x\ud800y' }).expect(400);
    expectFieldRefused(patched.body, 'displayName', 'wellFormedText');
    const nullRoles = await admin.patch(`/users/${created.body.id}`, { roles: null }).expect(400);
    expect(nullRoles.body.details).toEqual([expect.objectContaining({ field: 'roles' })]);
    const [row] = await api.dataSource.query('SELECT display_name FROM users WHERE id = $1', [
      created.body.id,
    ]);
    expect(row.display_name).toBe('ヴィラ 花子'.normalize('NFC'));
    const verify = await as(api, t.users.auditor).get('/audit/verify').expect(200);
    expect(verify.body.ok).toBe(true);
  });
});

describe('deep nesting and forged-looking tokens', () => {
  it('answers 400 for deeply nested JSON on login and on a command, before class-transformer overflows', async () => {
    const deep = `${'['.repeat(2300)}${']'.repeat(2300)}`;
    const login = await api
      .http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send(`{"email":"a@b.example","password":${deep}}`)
      .expect(400);
    expect(login.body).toMatchObject({ code: 'TOO_DEEP', messageJa: expect.stringContaining('入れ子') });
    const users = await api
      .http()
      .post('/api/v1/users')
      .set(bearer(t.users.admin.token))
      .set('Content-Type', 'application/json')
      .send(`{"roles":${deep}}`)
      .expect(400);
    expect(users.body.code).toBe('TOO_DEEP');
  });

  it('answers 401 for a validly signed token whose sub is not a UUID', async () => {
    const jwt = new JwtService({ secret: process.env.JWT_SECRET });
    for (const sub of ['not-a-uuid', "1' OR '1'='1", '']) {
      const token = await jwt.signAsync({ sub, tid: fx.tenant.id, roles: ['admin'] }, { algorithm: 'HS256' });
      const res = await api.http().get('/api/v1/items').set(bearer(token)).expect(401);
      expect(res.body.code).toBe('INVALID_TOKEN');
    }
  });
});

describe('honest fault answers', () => {
  it('answers a command 503 only when Temporal was never reached (surely not applied)', async () => {
    const cycle = await startCycle(api, t.users.hqAdmin, t.items.selfApproval, FY);
    const port = await freePort();
    const broken = await startApiApp({
      TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
      TEMPORAL_TASK_QUEUE: api.taskQueue,
    });
    try {
      const res = await as(broken, t.users.hqAdmin).post(`/cycles/${cycle.id}/withdraw`, {
        reason: '事業統合',
      });
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('TEMPORAL_UNAVAILABLE');
    } finally {
      await broken.close();
    }
    // Nothing happened: the cycle still runs and accepts the command through a working API.
    const detail = await as(api, t.users.hqAdmin).get(`/cycles/${cycle.id}`).expect(200);
    expect(detail.body.status).not.toBe('withdrawn');
  });
});

describe('GET /health', () => {
  it('reports the worker (a poller on the task queue) and counts failed projections', async () => {
    const failures = new FailedProjectionRepository(api.dataSource);
    const before = (await api.http().get('/health').expect(200)).body;
    expect(before.worker).toEqual({ up: true, latencyMs: expect.any(Number), pollers: expect.any(Number) });
    expect(before.worker.pollers).toBeGreaterThanOrEqual(1);
    await failures.record({
      workflowId: `pdca/${t.code}/health-probe/${FY}`,
      runId: 'r',
      seq: 1,
      eventType: 'cycle.started',
      tenantId: t.id,
      cycleId: null,
      errorCode: '22P02',
      errorMessage: 'test',
      attempts: 1,
    });
    const after = (await api.http().get('/health').expect(200)).body;
    expect(after.projections.failed).toBe(before.projections.failed + 1);
  });

  it('answers 503 naming the worker when nothing polls the task queue', async () => {
    const lonely = await startApiApp({ TEMPORAL_TASK_QUEUE: `nobody-${uniqueSuffix()}` });
    try {
      const res = await lonely.http().get('/health').expect(503);
      expect(res.body).toMatchObject({
        status: 'degraded',
        postgres: { up: true },
        temporal: { up: true },
        worker: { up: false, pollers: 0, error: 'The worker did not answer (NO_POLLER)' },
      });
    } finally {
      await lonely.close();
    }
  });
});
