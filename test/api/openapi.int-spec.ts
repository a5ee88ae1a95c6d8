/**
 * The OpenAPI document describes every endpoint (schemas, bearer auth, tags), and is used to
 * prove that an auditor is refused every write — new endpoints are covered automatically.
 */
import { randomUUID } from 'node:crypto';
import { SELF_SERVICE_WRITES } from '../support/self-service-writes';
import { type ApiTestApp, bearer, startApiApp } from './api-test-app';
import { type ApiFixture, createApiFixture } from './fixtures';

interface Operation {
  tags?: string[];
  security?: Array<Record<string, string[]>>;
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}
type PathItem = Record<string, Operation>;

let api: ApiTestApp;
let fx: ApiFixture;
let doc: {
  openapi: string;
  paths: Record<string, PathItem>;
  components: { securitySchemes: Record<string, unknown> };
};

const PUBLIC = new Set([
  'POST /api/v1/auth/login',
  'GET /health',
  // OpenID Connect sign-in: before anyone has a token.
  'GET /api/v1/auth/providers',
  'GET /api/v1/auth/oidc/{tenantCode}/start',
  'GET /api/v1/auth/oidc/callback',
]);

beforeAll(async () => {
  api = await startApiApp();
  fx = await createApiFixture(api, { login: false });
  doc = (await api.http().get('/api/docs-json').expect(200)).body;
});

afterAll(async () => {
  await api?.close();
});

function operations(): Array<{ method: string; path: string; op: Operation }> {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  );
}

it('serves the Swagger UI and the JSON document', async () => {
  const ui = await api.http().get('/api/docs/').expect(200);
  expect(ui.headers['content-type']).toMatch(/text\/html/);
  expect(doc.openapi).toMatch(/^3\./);
  expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
});

it('documents every endpoint of the contract', () => {
  const listed = operations().map(({ method, path }) => `${method} ${path}`);
  expect(listed).toEqual(
    expect.arrayContaining([
      'GET /health',
      'POST /api/v1/auth/login',
      'GET /api/v1/items',
      'GET /api/v1/items/{itemId}',
      'POST /api/v1/items/{itemId}/cycles',
      'GET /api/v1/cycles/{cycleId}',
      'POST /api/v1/cycles/{cycleId}/plan',
      'POST /api/v1/cycles/{cycleId}/reviews/{taskId}',
      'POST /api/v1/cycles/{cycleId}/execution-report',
      'POST /api/v1/cycles/{cycleId}/evaluation',
      'POST /api/v1/cycles/{cycleId}/action',
      'POST /api/v1/cycles/{cycleId}/withdraw',
      'GET /api/v1/approvals',
      'POST /api/v1/approvals/{approvalId}/decision',
      'GET /api/v1/tasks',
      'PATCH /api/v1/tasks/{taskId}/deadline',
      'POST /api/v1/tasks/{taskId}/open',
      'GET /api/v1/budget-reflections',
      'GET /api/v1/users',
      'POST /api/v1/users',
      'PATCH /api/v1/users/{userId}',
      'GET /api/v1/working-groups',
      'PATCH /api/v1/working-groups/{workingGroupId}',
    ]),
  );
});

it('gives every operation a tag, a success schema, an error schema and (unless public) bearer auth', () => {
  for (const { method, path, op } of operations()) {
    const name = `${method} ${path}`;
    expect({ name, tags: op.tags?.length ?? 0 }).toEqual({ name, tags: 1 });
    const success = Object.entries(op.responses).find(([code]) => code.startsWith('2'));
    // 204 No Content (sign-out) and redirects (OIDC) have no body to describe.
    expect({
      name,
      schema:
        success?.[0] === '204' ||
        Object.keys(op.responses).some((code) => code.startsWith('3')) || // a redirect (OIDC)
        Boolean(success?.[1].content?.['application/json']?.schema) ||
        // A file download (進捗管理表): its media types, each with a schema.
        (Object.keys(success?.[1].content ?? {}).length > 0 &&
          Object.values(success?.[1].content ?? {}).every((c) => Boolean(c.schema))),
    }).toEqual({
      name,
      schema: true,
    });
    const errors = Object.keys(op.responses).filter((code) => /^[45]/.test(code));
    expect({ name, errors: errors.length > 0 }).toEqual({ name, errors: true });
    if (!PUBLIC.has(name))
      expect({ name, security: op.security }).toEqual({ name, security: [{ bearer: [] }] });
    // Sign-out takes no body: the token says whose session ends.
    if (method !== 'GET' && method !== 'DELETE' && name !== 'POST /api/v1/auth/logout') {
      expect({ name, body: Boolean(op.requestBody?.content['application/json']?.schema) }).toEqual({
        name,
        body: true,
      });
    }
  }
});

it('refuses an auditor every write operation (403), whatever the body', async () => {
  const token = await loginAuditor();
  const writes = operations().filter(
    ({ method, path }) =>
      method !== 'GET' && !PUBLIC.has(`${method} ${path}`) && !SELF_SERVICE_WRITES.has(`${method} ${path}`),
  );
  expect(writes.length).toBeGreaterThanOrEqual(9);
  for (const { method, path } of writes) {
    const url = path.replace(/\{[^}]+\}/g, () => randomUUID());
    const res = await api
      .http()
      [method.toLowerCase() as 'post' | 'patch' | 'put' | 'delete'](url)
      .set(bearer(token))
      .send({});
    expect({ op: `${method} ${path}`, status: res.status, code: res.body.code }).toEqual({
      op: `${method} ${path}`,
      status: 403,
      code: 'ROLE_REQUIRED',
    });
  }
  // …but may end their own session.
  await api.http().post('/api/v1/auth/logout').set(bearer(token)).send({}).expect(204);
});

async function loginAuditor(): Promise<string> {
  const res = await api
    .http()
    .post('/api/v1/auth/login')
    .send({ email: fx.tenant.users.auditor.email, password: 'correct horse battery staple' })
    .expect(200);
  return res.body.accessToken;
}

it('says what the server enforces: uuid path ids, integer paging and years, 400 and 503 answers', () => {
  const raw = doc as unknown as {
    paths: Record<
      string,
      Record<
        string,
        {
          parameters?: Array<{ in: string; name: string; schema: { type: string; format?: string } }>;
          requestBody?: unknown;
          responses: Record<string, unknown>;
        }
      >
    >;
    components: { schemas: Record<string, { properties?: Record<string, { type?: string }> }> };
  };
  let pathParams = 0;
  for (const [path, operations] of Object.entries(raw.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      for (const p of operation.parameters ?? []) {
        if (p.in === 'path' && p.name === 'fiscalYear') {
          // A year in the path (an indicator's actual of that year): a whole number within the range.
          expect({ path, schema: p.schema }).toEqual({
            path,
            schema: { type: 'integer', minimum: 2000, maximum: 2100 },
          });
        } else if (p.in === 'path') {
          pathParams++;
          expect({ path, name: p.name, schema: p.schema }).toEqual({
            path,
            name: p.name,
            schema: { type: 'string', format: 'uuid' },
          });
        }
        if (['limit', 'offset', 'fiscalYear'].includes(p.name))
          expect({ path, method, type: p.schema.type }).toEqual({ path, method, type: 'integer' });
      }
      if (operation.parameters?.length || operation.requestBody)
        expect(Object.keys(operation.responses)).toContain('400');
      expect(Object.keys(operation.responses)).toContain('503');
    }
  }
  expect(pathParams).toBeGreaterThan(10);
  const start = Object.values(raw.components.schemas).filter((s) => s.properties?.fiscalYear);
  expect(start.length).toBeGreaterThan(0);
  for (const schema of start) expect(schema.properties?.fiscalYear?.type).toBe('integer');
  // A working group's members: a list, never null (the server refuses null: "no members" is []);
  // the leader may be null (no leader).
  const group = raw.components.schemas.UpdateWorkingGroupDto?.properties as
    | Record<string, { nullable?: boolean; type?: string }>
    | undefined;
  expect(group?.memberUserIds).toMatchObject({ type: 'array' });
  expect(group?.memberUserIds?.nullable).toBeUndefined();
  expect(group?.leaderUserId?.nullable).toBe(true);
});
