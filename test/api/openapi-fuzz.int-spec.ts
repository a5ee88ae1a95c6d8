/**
 * A fuzz test generated from the running API's OpenAPI document (fast-check): a few thousand
 * requests across every operation and every role (and no token), with values built from each
 * operation's own schemas and then spoiled — lone surrogates, NUL, right-to-left marks, 100 KB
 * strings, deep nesting, wrong types, unknown fields, real and made-up ids. Nothing may answer 5xx;
 * afterwards no projection is stuck (failed_projections stays empty) and the ledger verifies.
 * Schemathesis (schemathesis.int-spec.ts) checks conformance; this one is about abuse.
 */
import fc from 'fast-check';
import { type RunningWorker, startWorker, uniqueSuffix } from '../support/test-worker';
import { type ApiTestApp, bearer, startApiApp } from './api-test-app';
import { startCycle } from './cycle-helpers';
import { type ApiFixture, createApiFixture, type FixtureUser } from './fixtures';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);

type Schema = {
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  $ref?: string;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  maxLength?: number;
};
type Parameter = { in: string; name: string; schema?: Schema };
type Operation = {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};
interface Target {
  method: string;
  path: string;
  op: Operation;
}

/** Not fuzzed: signing out ends the session the run uses; the OIDC redirects leave the API. */
const SKIPPED = new Set([
  'POST /api/v1/auth/logout',
  'GET /api/v1/auth/oidc/{tenantCode}/start',
  'GET /api/v1/auth/oidc/callback',
]);

const EVIL_STRINGS = [
  '\ud800',
  'a\udc00b',
  'x\u0000y',
  '\u0000',
  '\u202eevil\u202c',
  '\u200f\u061c العربية',
  'e\u0301', // NFD: normalised to NFC on the way in
  '😀'.repeat(50),
  'x'.repeat(100 * 1024),
  '改'.repeat(40 * 1024),
  '',
  ' ',
  '../../etc/passwd',
  "'; DROP TABLE audit_log; --",
  '<script>alert(1)</script>',
  '%00',
  '0',
  '-1',
  '1e309',
  'NaN',
  'null',
  'true',
];

let api: ApiTestApp;
let worker: RunningWorker;
let fx: ApiFixture;
let doc: {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};
let idPool: string[];
let cycleId: string;

beforeAll(async () => {
  const taskQueue = `fuzz-${uniqueSuffix()}`;
  api = await startApiApp(
    { TEMPORAL_TASK_QUEUE: taskQueue },
    { loginRateLimits: { perIp: { limit: 1_000_000, windowMs: 60_000 } }, updateTimeoutMs: 10_000 },
  );
  worker = await startWorker(api.dataSource, taskQueue);
  fx = await createApiFixture(api);
  doc = (await api.http().get('/api/docs-json').expect(200)).body;
  // Real ids of this tenant (and the other one's) next to made-up ones, so commands reach the workflow.
  const cycle = await startCycle(api, fx.tenant.users.admin, fx.tenant.items.main);
  cycleId = cycle.id;
  const t = fx.tenant;
  idPool = [
    t.items.main.id,
    t.items.other.id,
    t.planId,
    cycle.id,
    ...cycle.tasks.map((task) => task.id),
    t.users.leader.id,
    t.users.admin.id,
    fx.otherTenant.items.main.id,
    '00000000-0000-0000-0000-000000000000',
    crypto.randomUUID(),
  ];
});

afterAll(async () => {
  await worker?.stop();
  await api?.close();
});

function resolve(schema: Schema | undefined, depth = 0): Schema {
  if (!schema) return {};
  if (schema.$ref && depth < 10) {
    return resolve(doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')], depth + 1);
  }
  if (schema.allOf?.length) return resolve(schema.allOf[0], depth + 1);
  return schema;
}

const evil = fc.constantFrom(...EVIL_STRINGS);
const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.constant({ __proto__: { admin: true }, constructor: { prototype: { x: 1 } } }),
  fc.integer({ min: 2, max: 40 }).map((n) => nested(n)),
  evil,
);

function nested(depth: number): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

/** A value for `schema`: mostly valid, often spoiled. */
function valueFor(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  const valid = validOf(s, depth);
  return fc.oneof(
    { weight: 5, arbitrary: valid },
    { weight: 2, arbitrary: evil },
    { weight: 2, arbitrary: wrongType },
  );
}

function validOf(s: Schema, depth: number): fc.Arbitrary<unknown> {
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  if (s.anyOf?.length || s.oneOf?.length) return valueFor((s.anyOf ?? s.oneOf)![0], depth);
  switch (s.type) {
    case 'integer':
      return fc.oneof(fc.integer({ min: -5, max: 3000 }), fc.constantFrom(2027, 0, 1, 50, 2 ** 53));
    case 'number':
      return fc.double({ noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return depth > 3 ? fc.constant([]) : fc.array(valueFor(s.items, depth + 1), { maxLength: 4 });
    case 'object': {
      if (depth > 3 || !s.properties)
        return fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 });
      const entries = Object.entries(s.properties).map(
        ([k, v]) => [k, fc.option(valueFor(v, depth + 1), { nil: undefined, freq: 4 })] as const,
      );
      return fc
        .tuple(fc.record(Object.fromEntries(entries)), fc.option(fc.tuple(evil, evil), { freq: 4 }))
        .map(([record, extra]) => {
          const out: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(record)) if (v !== undefined) out[k] = v;
          if (extra) out[extra[0].slice(0, 64)] = extra[1];
          return out;
        });
    }
    default:
      if (s.format === 'uuid') return fc.constantFrom(...idPool);
      if (s.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
      if (s.format === 'email') return fc.emailAddress();
      return fc.string({ maxLength: Math.min(s.maxLength ?? 40, 40) });
  }
}

function pathValue(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...idPool) },
    { weight: 1, arbitrary: evil.map((e) => encode(e.slice(0, 2000))) },
    { weight: 1, arbitrary: fc.constantFrom('x', '0', '-1', '%2e%2e', 'null') },
  );
}

interface Request {
  target: Target;
  user: FixtureUser | null;
  pathValues: string[];
  query: Record<string, unknown>;
  body: unknown;
  rawBody: string | null;
}

function requestArb(targets: Target[], users: Array<FixtureUser | null>): fc.Arbitrary<Request> {
  return fc.constantFrom(...targets).chain((target) => {
    const params = target.op.parameters ?? [];
    const pathParams = params.filter((p) => p.in === 'path');
    const queryParams = params.filter((p) => p.in === 'query');
    const bodySchema = target.op.requestBody?.content?.['application/json']?.schema;
    return fc.record({
      target: fc.constant(target),
      user: fc.constantFrom(...users),
      pathValues: fc.tuple(...pathParams.map(() => pathValue())),
      query: fc.record(
        Object.fromEntries(
          queryParams.map((p) => [p.name, fc.option(valueFor(p.schema), { nil: undefined })]),
        ),
      ),
      body: bodySchema ? valueFor(bodySchema) : fc.option(wrongType, { nil: undefined }),
      // JSON that no parser should choke on: deep nesting, broken text, a huge array.
      rawBody: fc.option(
        fc.constantFrom(
          '['.repeat(5000),
          '{"a":'.repeat(3000),
          '{"x": "\\ud800"}',
          '{',
          '[1,2,',
          `[${'0,'.repeat(50_000)}0]`,
        ),
        { freq: 10 },
      ),
    }) as fc.Arbitrary<Request>;
  });
}

/** encodeURIComponent, except that a lone surrogate goes out as its (invalid UTF-8) WTF-8 bytes. */
function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return Array.from(text, (ch) => {
      const c = ch.charCodeAt(0);
      if (ch.length === 1 && c >= 0xd800 && c <= 0xdfff) {
        return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]
          .map((b) => `%${b.toString(16).toUpperCase()}`)
          .join('');
      }
      return encodeURIComponent(ch);
    }).join('');
  }
}

function queryString(query: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    const text = typeof v === 'string' ? v : JSON.stringify(v);
    parts.push(`${encode(k)}=${encode((text ?? 'null').slice(0, 4000))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

it('never answers 5xx to anything built from the OpenAPI document, and leaves no stuck projection', async () => {
  const targets: Target[] = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, op]) => ({ method: method.toUpperCase(), path, op }))
      .filter((t) => !SKIPPED.has(`${t.method} ${t.path}`)),
  );
  const u = fx.tenant.users;
  const users = [u.admin, u.hqAdmin, u.hqApprover, u.leader, u.auditor, null];
  const started = Date.now();
  const statuses = new Map<number, number>();
  const serverErrors: string[] = [];
  await fc.assert(
    fc.asyncProperty(requestArb(targets, users), async (r) => {
      let i = 0;
      const path = r.target.path.replace(/\{[^}]+\}/g, () => r.pathValues[i++]);
      let req = api.http()[r.target.method.toLowerCase() as 'get'](`${path}${queryString(r.query)}`);
      if (r.user) req = req.set(bearer(r.user.token));
      if (r.target.method !== 'GET' && r.target.method !== 'DELETE') {
        if (r.rawBody !== null) req = req.set('Content-Type', 'application/json').send(r.rawBody);
        else if (r.body !== undefined)
          req = req.set('Content-Type', 'application/json').send(JSON.stringify(r.body));
      }
      const res = await req;
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status >= 500) {
        serverErrors.push(
          `${r.target.method} ${path.slice(0, 200)} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`,
        );
      }
      return res.status < 500;
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: true },
  );
  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(
    `[fuzz] ${RUNS} requests over ${targets.length} operations in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries(statuses))}\n`,
  );
  expect(serverErrors).toEqual([]);

  // No cycle's projection is stuck: nothing of these tenants in the dead-letter table (other test
  // files share the database), and the fuzzed cycle still answers with its state.
  const [{ open }] = await api.dataSource.query(
    `SELECT count(*)::int AS open FROM failed_projections
      WHERE resolved_at IS NULL AND (tenant_id = ANY($1::uuid[]) OR workflow_id LIKE ANY($2::text[]))`,
    [
      [fx.tenant.id, fx.otherTenant.id],
      [`pdca/${fx.tenant.code}/%`, `pdca/${fx.otherTenant.code}/%`],
    ],
  );
  expect(open).toBe(0);
  await api.http().get(`/api/v1/cycles/${cycleId}`).set(bearer(fx.tenant.users.admin.token)).expect(200);
  // The ledger of both tenants still verifies.
  for (const tenant of [fx.tenant, fx.otherTenant]) {
    const verify = await api
      .http()
      .get('/api/v1/audit/verify')
      .set(bearer(tenant.users.auditor.token))
      .expect(200);
    expect(verify.body).toMatchObject({ ok: true });
  }
}, 180_000);
