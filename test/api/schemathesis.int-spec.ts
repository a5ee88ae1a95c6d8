/**
 * Schemathesis (the OpenAPI fuzzer, from PyPI into .tools/venv by scripts/setup-temporal.js) against
 * the running API's own document, /api/docs-json (read once into a file: five runs starting at
 * once on a busy machine timed out fetching it), with its default checks, once per role with that
 * role's token: the document must be the contract the server enforces (types, formats, bounds,
 * every status code it answers) and no request may give a 5xx. A bounded number of examples per
 * operation and a fixed seed keep it quick and reproducible (SCHEMATHESIS_SEED=<n> tries others,
 * SCHEMATHESIS_EXAMPLES=<n> more examples).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Role } from '@pdca/domain';
import { type RunningWorker, startWorker, uniqueSuffix } from '../support/test-worker';
import { type ApiTestApp, startApiApp } from './api-test-app';
import { type ApiFixture, createApiFixture, type FixtureUser } from './fixtures';

const SCHEMATHESIS =
  process.env.SCHEMATHESIS_PATH ?? path.join(__dirname, '..', '..', '.tools', 'venv', 'bin', 'schemathesis');
const CONFIG = path.join(__dirname, 'schemathesis.toml');
const EXAMPLES = Number(process.env.SCHEMATHESIS_EXAMPLES ?? 5);
const SEED = process.env.SCHEMATHESIS_SEED ?? '20261202';

/**
 * Not fuzzed with the role's token: signing out ends the very session the run uses (it is covered
 * by the auth tests), and the OpenID Connect redirects leave the API (test/api/oidc-sign-in).
 */
const EXCLUDED_PATHS = [
  '/api/v1/auth/logout',
  '/api/v1/auth/oidc/{tenantCode}/start',
  '/api/v1/auth/oidc/callback',
];

let api: ApiTestApp;
let worker: RunningWorker;
let fx: ApiFixture;
let baseUrl: string;
let reportDir: string;
let documentFile: string;

beforeAll(async () => {
  if (!fs.existsSync(SCHEMATHESIS)) {
    throw new Error(`${SCHEMATHESIS} is missing: run \`npm run setup:temporal\` (npm ci does)`);
  }
  const taskQueue = `schemathesis-${uniqueSuffix()}`;
  // Every role's run logs in many times from one address: the per-address limit is not under test.
  api = await startApiApp(
    { TEMPORAL_TASK_QUEUE: taskQueue },
    { loginRateLimits: { perIp: { limit: 100_000, windowMs: 60_000 } }, updateTimeoutMs: 10_000 },
  );
  worker = await startWorker(api.dataSource, taskQueue);
  fx = await createApiFixture(api);
  const address = api.app.getHttpServer().address() as { port: number };
  baseUrl = `http://127.0.0.1:${address.port}`;
  reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdca-schemathesis-'));
  const document = await api.http().get('/api/docs-json').expect(200);
  documentFile = path.join(reportDir, 'openapi.json');
  fs.writeFileSync(documentFile, JSON.stringify(document.body));
});

afterAll(async () => {
  await worker?.stop();
  await api?.close();
  if (reportDir) fs.rmSync(reportDir, { recursive: true, force: true });
});

interface Outcome {
  code: number;
  output: string;
}

function schemathesis(user: FixtureUser): Promise<Outcome> {
  const args = [
    '--config-file',
    CONFIG,
    'run',
    documentFile,
    '--url',
    baseUrl,
    '--header',
    `Authorization: Bearer ${user.token}`,
    '--max-examples',
    String(EXAMPLES),
    '--seed',
    SEED,
    // One worker thread per run (hypothesis under threads trips over CPython 3.11's AST recursion
    // check now and then); the roles run side by side instead.
    '--workers',
    '1',
    // A request unanswered for this long counts as "server unavailable". Generous: the API runs in
    // the Jest worker beside five fuzzers, and on a loaded 2-core machine (four engineers' builds
    // beside CI, load average 11–17) answers took tens of seconds.
    '--request-timeout',
    '60',
    '--no-color',
    ...EXCLUDED_PATHS.flatMap((p) => ['--exclude-path', p]),
    '--report',
    'junit',
    '--report-dir',
    path.join(reportDir, user.roles.join('-')),
  ];
  return new Promise((resolve) => {
    execFile(
      SCHEMATHESIS,
      args,
      // cwd: its cache (.schemathesis/) goes to the temporary directory, not into the worktree.
      {
        cwd: reportDir,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, SCHEMATHESIS_TELEMETRY: 'false', NO_COLOR: '1' },
      },
      (err, stdout, stderr) => {
        const code = err ? Number((err as { code?: number }).code ?? 1) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

const ROLES: Array<[Role, (f: ApiFixture) => FixtureUser]> = [
  ['admin', (f) => f.tenant.users.admin],
  ['hq_admin', (f) => f.tenant.users.hqAdmin],
  ['hq_approver', (f) => f.tenant.users.hqApprover],
  ['wg_leader', (f) => f.tenant.users.leader],
  ['auditor', (f) => f.tenant.users.auditor],
];

it('finds nothing with the token of any role', async () => {
  const started = Date.now();
  const outcomes = await Promise.all(
    ROLES.map(async ([role, pick]) => {
      const outcome = await schemathesis(pick(fx));
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const summary = outcome.output.match(/^.*\d+ generated.*$/m)?.[0]?.trim() ?? '(no summary)';
      process.stdout.write(`[schemathesis ${role}] ${seconds} s: ${summary}\n`);
      if (outcome.code !== 0) {
        const log = path.join(os.tmpdir(), `pdca-schemathesis-${role}-${process.pid}.log`);
        fs.writeFileSync(log, outcome.output);
        process.stdout.write(`[schemathesis ${role}] full output: ${log}\n`);
      }
      return { role, ...outcome };
    }),
  );
  const failed = outcomes.filter((o) => o.code !== 0);
  if (failed.length > 0) {
    throw new Error(
      failed.map((o) => `schemathesis with the ${o.role} token: exit ${o.code}\n${o.output}`).join('\n\n'),
    );
  }
  // About 3 minutes on a quiet CI machine; 8.5 minutes under load average 11–17 (2026-12-07). When
  // the test's time ran out, afterAll closed the API under the running fuzzers, and every role then
  // reported "Server Unavailable" instead of the timeout.
}, 1_200_000);
