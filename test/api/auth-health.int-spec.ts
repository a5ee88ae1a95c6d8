/**
 * GET /health, POST /auth/login, the bearer-token guard and the error format, over HTTP against
 * the real PostgreSQL and Temporal dev server.
 */
import { freePort } from '@pdca/devstack';
import { type RunningWorker, startWorker, uniqueSuffix } from '../support/test-worker';
import { type ApiTestApp, bearer, startApiApp } from './api-test-app';
import { type ApiFixture, createApiFixture, PASSWORD } from './fixtures';

let api: ApiTestApp;
let fx: ApiFixture;
let worker: RunningWorker;
const taskQueue = `auth-health-${uniqueSuffix()}`;

beforeAll(async () => {
  api = await startApiApp(
    { TEMPORAL_TASK_QUEUE: taskQueue },
    { loginRateLimits: { perAccount: { limit: 3, windowMs: 60_000 } } },
  );
  worker = await startWorker(api.dataSource, taskQueue);
  fx = await createApiFixture(api);
});

afterAll(async () => {
  await worker?.stop();
  await api?.close();
});

describe('GET /health', () => {
  it('answers 200 with all three parts up, outside /api/v1 and without a token', async () => {
    const res = await api.http().get('/health').expect(200);
    expect(res.body).toEqual({
      status: 'ok',
      postgres: { up: true, latencyMs: expect.any(Number) },
      temporal: { up: true, latencyMs: expect.any(Number) },
      worker: { up: true, latencyMs: expect.any(Number), pollers: 1 },
      projections: { failed: expect.any(Number) },
    });
    await api.http().get('/api/v1/health').expect(404);
  });

  it('answers 503 naming Temporal when nothing listens at its address', async () => {
    const port = await freePort();
    const broken = await startApiApp({ TEMPORAL_ADDRESS: `127.0.0.1:${port}` });
    try {
      const res = await broken.http().get('/health').expect(503);
      expect(res.body.status).toBe('degraded');
      expect(res.body.postgres.up).toBe(true);
      expect(res.body.temporal).toEqual({
        up: false,
        latencyMs: expect.any(Number),
        error: expect.stringMatching(/^Temporal did not answer/),
      });
      // The public answer names the part, not internal addresses.
      expect(JSON.stringify(res.body)).not.toContain(String(port));
    } finally {
      await broken.close();
    }
  });
});

describe('when PostgreSQL goes away', () => {
  it('answers reads with 503 (safe to retry) and no internals, and /health names PostgreSQL', async () => {
    const doomed = await startApiApp();
    const { hqAdmin } = fx.tenant.users;
    const token = (
      await doomed
        .http()
        .post('/api/v1/auth/login')
        .send({ email: hqAdmin.email, password: PASSWORD })
        .expect(200)
    ).body.accessToken;
    await doomed.dataSource.destroy();
    try {
      const res = await doomed
        .http()
        .get('/api/v1/items')
        .set(bearer(token))
        .set('X-Request-Id', 'db-gone-1')
        .expect(503);
      expect(res.body).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'The database is unavailable; try again shortly.',
        messageEn: 'The database is unavailable; try again shortly.',
        messageJa: 'データベースに接続できません。しばらくしてから再度お試しください。',
        code: 'DATABASE_UNAVAILABLE',
        correlationId: 'db-gone-1',
      });
      expect(res.headers['retry-after']).toBe('5');
      const health = await doomed.http().get('/health').expect(503);
      expect(health.body).toMatchObject({
        status: 'degraded',
        postgres: { up: false, error: expect.stringMatching(/^PostgreSQL did not answer/) },
        temporal: { up: true },
      });
    } finally {
      await doomed.close();
    }
  });
});

describe('POST /api/v1/auth/login', () => {
  it('returns a bearer token and the user', async () => {
    const { leader } = fx.tenant.users;
    const res = await api
      .http()
      .post('/api/v1/auth/login')
      .send({ email: leader.email, password: PASSWORD })
      .expect(200);
    expect(res.body).toEqual({
      accessToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: expect.any(Number),
      user: {
        id: leader.id,
        email: leader.email,
        displayName: leader.displayName,
        tenantId: fx.tenant.id,
        tenantCode: fx.tenant.code,
        roles: ['wg_leader'],
        mustChangePassword: false,
        signInMethod: 'password',
      },
    });
    const [, payload] = res.body.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    expect(claims).toMatchObject({ sub: leader.id, tid: fx.tenant.id });
    expect(claims.exp - claims.iat).toBe(res.body.expiresIn);
    const header = JSON.parse(Buffer.from(res.body.accessToken.split('.')[0], 'base64url').toString());
    expect(header.alg).toBe('HS256');
  });

  it('matches the email case-insensitively', async () => {
    const email = fx.tenant.users.hqAdmin.email.toUpperCase();
    await api.http().post('/api/v1/auth/login').send({ email, password: PASSWORD }).expect(200);
  });

  it('answers 401 with one message for an unknown user and a wrong password', async () => {
    const unknown = await api
      .http()
      .post('/api/v1/auth/login')
      .send({ email: `nobody@${fx.tenant.code}.example.test`, password: PASSWORD })
      .expect(401);
    const wrong = await api
      .http()
      .post('/api/v1/auth/login')
      .send({ email: fx.tenant.users.auditor.email, password: 'wrong password' })
      .expect(401);
    for (const body of [unknown.body, wrong.body]) {
      expect(body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'The email address or password is incorrect.',
        messageEn: 'The email address or password is incorrect.',
        messageJa: 'メールアドレスまたはパスワードが正しくありません。',
        code: 'BAD_CREDENTIALS',
        correlationId: expect.any(String),
      });
    }
  });

  it('answers 400 listing each invalid field and rule, and rejects unknown fields', async () => {
    const res = await api
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'not-an-email', tenant: 'x' })
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const rules = res.body.details.map((d: { field: string; rule: string }) => `${d.field}:${d.rule}`);
    expect(rules).toEqual(
      expect.arrayContaining(['email:isEmail', 'password:isDefined', 'tenant:whitelistValidation']),
    );
    expect(res.body.message).toMatch(/invalid fields: .*email/);
    for (const detail of res.body.details) {
      expect(detail).toEqual({
        field: expect.any(String),
        rule: expect.any(String),
        message: expect.any(String),
        messageEn: expect.any(String),
        messageJa: expect.any(String),
      });
    }
  });

  it('answers 400 with a sentence for a body that is not JSON', async () => {
    const res = await api
      .http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email": ')
      .expect(400);
    expect(res.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      correlationId: expect.any(String),
    });
    expect(res.body.message).toMatch(/^The request body is not valid JSON/);
    expect(res.body.messageJa).toMatch(/JSON/);
  });

  it('answers 413 (not 500) for a body over the size limit', async () => {
    const res = await api
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'a@example.test', password: 'x'.repeat(200_000) })
      .expect(413);
    expect(res.body).toMatchObject({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'The request body is too large.',
    });
  });

  it('locks an account after repeated failures (429 with Retry-After), whatever the password', async () => {
    const { member } = fx.tenant.users;
    for (let i = 0; i < 3; i++) {
      await api.http().post('/api/v1/auth/login').send({ email: member.email, password: 'nope' }).expect(401);
    }
    const locked = await api
      .http()
      .post('/api/v1/auth/login')
      .send({ email: member.email.toUpperCase(), password: PASSWORD })
      .expect(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_ATTEMPTS' });
    expect(locked.body.message).toMatch(/this account/);
    // Other accounts from the same address are not affected.
    await api
      .http()
      .post('/api/v1/auth/login')
      .send({ email: fx.tenant.users.admin.email, password: PASSWORD })
      .expect(200);
  });

  it('limits login attempts per client address (429 with Retry-After)', async () => {
    const limited = await startApiApp({}, { loginRateLimits: { perIp: { limit: 2, windowMs: 60_000 } } });
    try {
      const send = (email: string) =>
        limited.http().post('/api/v1/auth/login').send({ email, password: 'x' });
      await send('a@example.test').expect(401);
      await send('b@example.test').expect(401);
      const res = await send('c@example.test').expect(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.body.message).toMatch(/this address/);
      expect(res.body.messageJa).toMatch(/接続元/);
    } finally {
      await limited.close();
    }
  });
});

describe('authentication and the error format', () => {
  it('answers 401 without a token, with a malformed one and with one signed by another key', async () => {
    const none = await api.http().get('/api/v1/items').expect(401);
    expect(none.body.code).toBe('UNAUTHENTICATED');
    const garbage = await api.http().get('/api/v1/items').set(bearer('not.a.jwt')).expect(401);
    expect(garbage.body.code).toBe('INVALID_TOKEN');
    const [h, p] = fx.tenant.users.leader.token.split('.');
    const forged = await api
      .http()
      .get('/api/v1/items')
      .set(bearer(`${h}.${p}.c2lnbmF0dXJl`))
      .expect(401);
    expect(forged.body.code).toBe('INVALID_TOKEN');
  });

  it('answers 401 for an expired token', async () => {
    const short = await startApiApp({ JWT_EXPIRES_IN_SECONDS: '60' });
    try {
      const { JwtService } = await import('@nestjs/jwt');
      const jwt = short.app.get(JwtService);
      const expired = await jwt.signAsync(
        { sub: fx.tenant.users.leader.id, tid: fx.tenant.id, roles: ['wg_leader'] },
        { expiresIn: -10 },
      );
      const res = await short.http().get('/api/v1/auth/me').set(bearer(expired)).expect(401);
      expect(res.body.code).toBe('TOKEN_EXPIRED');
    } finally {
      await short.close();
    }
  });

  it('GET /auth/me returns the caller', async () => {
    const res = await api
      .http()
      .get('/api/v1/auth/me')
      .set(bearer(fx.otherTenant.users.auditor.token))
      .expect(200);
    expect(res.body).toMatchObject({
      id: fx.otherTenant.users.auditor.id,
      tenantId: fx.otherTenant.id,
      roles: ['auditor'],
    });
  });

  it('echoes X-Request-Id as the correlation id, and makes one up otherwise', async () => {
    const res = await api.http().get('/api/v1/items').set('X-Request-Id', 'req-12345').expect(401);
    expect(res.headers['x-request-id']).toBe('req-12345');
    expect(res.body.correlationId).toBe('req-12345');
    const other = await api.http().get('/api/v1/items').set('X-Request-Id', 'bad id with spaces').expect(401);
    expect(other.body.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(other.headers['x-request-id']).toBe(other.body.correlationId);
  });

  it('answers in Japanese when Accept-Language prefers it, always carrying both texts', async () => {
    const res = await api.http().get('/api/v1/items').set('Accept-Language', 'ja,en;q=0.8').expect(401);
    expect(res.body.message).toBe(res.body.messageJa);
    expect(res.body.messageEn).toMatch(/Sign in/);
    const en = await api.http().get('/api/v1/items').set('Accept-Language', 'en-US,ja;q=0.5').expect(401);
    expect(en.body.message).toBe(en.body.messageEn);
  });

  it('answers unknown routes with the JSON error shape', async () => {
    const res = await api
      .http()
      .get('/api/v1/nothing-here')
      .set(bearer(fx.tenant.users.leader.token))
      .expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found', messageJa: expect.any(String) });
  });
});
