/**
 * The layering rules in .dependency-cruiser.cjs (run by `npm run lint`) fail on each forbidden
 * import and pass the allowed ones. The fixtures are a small tree written to a temporary folder at
 * test time, with the same folder names as the repository (so the real tree never holds them), and
 * a link to the repository's node_modules so npm imports resolve as they do here.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const REPO = resolve(__dirname, '../..');
const CONFIG = join(REPO, '.dependency-cruiser.cjs');
const DEPCRUISE = join(REPO, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
// The linter is a separate Node process that parses every fixture: give it what it needs on a
// busy machine, not Jest's default 5 s.
const RUN_TIMEOUT_MS = 120_000;

const FIXTURES: Record<string, string> = {
  // The targets.
  'apps/api/src/thing.ts': 'export const thing = 1;\n',
  'libs/persistence/src/index.ts': 'export const repository = 1;\n',
  'libs/contracts/src/index.ts':
    "import type { Actor } from '../../domain/src';\nexport type Input = Actor;\n",
  'libs/contracts/src/leaky.ts': "export { repository } from '../../persistence/src';\n",
  'libs/temporal/src/cycle-start-request.ts': "export { localOnly } from '../../domain/src';\n",
  'libs/temporal/src/client.ts': "export const client = 'client';\n",
  'libs/domain/src/index.ts': "export type Actor = string;\nexport { localOnly } from './local';\n",
  'libs/domain/src/local.ts':
    "import { isHoliday } from '@holiday-jp/holiday_jp';\nexport const localOnly = isHoliday;\n",

  // (b) libs → apps, written as relative paths from two depths, and as `import type`.
  'libs/reports/src/uses-app.ts': "export { thing } from '../../../apps/api/src/thing';\n",
  'libs/reports/src/deep/uses-app-type.ts':
    "import type { thing } from '../../../../apps/api/src/thing';\nexport type T = typeof thing;\n",

  // (a) workflows → anything but the sandbox-safe set.
  'workflows/pdca-cycle/uses-persistence.ts': "export { repository } from '../../libs/persistence/src';\n",
  'workflows/uses-temporal-client.ts': "export { client } from '../libs/temporal/src/client';\n",
  'workflows/uses-node.ts': "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
  'workflows/reaches-persistence.ts': "export { repository } from '../libs/contracts/src/leaky';\n",

  // (c) libs/domain → I/O or another lib.
  'libs/domain/src/uses-fs.ts':
    "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
  'libs/domain/src/uses-bare-builtin.ts':
    "import * as net from 'net';\nexport const connect = net.connect;\n",
  'libs/domain/src/uses-pg.ts': "import { Pool } from 'pg';\nexport const pool = Pool;\n",
  'libs/domain/src/uses-contracts.ts': "export type { Input } from '../../contracts/src';\n",
  'libs/domain/src/uses-require.ts':
    "const cp = require('node:child_process');\nexport const spawn = cp.spawn;\n",
  'libs/domain/src/uses-missing.ts': "export { gone } from './gone';\n",

  // Allowed: what workflow code may import, and a spec beside a workflow.
  'workflows/pdca-cycle/allowed.ts': [
    "import { sleep } from '@temporalio/workflow';",
    "import { ApplicationFailure } from '@temporalio/common';",
    "import type { Input } from '../../libs/contracts/src';",
    "import { localOnly } from '../../libs/domain/src';",
    "import { localOnly as viaRequest } from '../../libs/temporal/src/cycle-start-request';",
    "import { other } from '../other';",
    'export const all = [sleep, ApplicationFailure, localOnly, viaRequest, other];',
    'export type I = Input;',
    '',
  ].join('\n'),
  'workflows/other.ts': "export const other = 'other';\n",
  'workflows/other.spec.ts': "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
  // Allowed: libs importing each other.
  'libs/reports/src/uses-lib.ts': "export { repository } from '../../persistence/src';\n",

  // The same rules for imports written as @pdca/<lib> names: dependency-cruiser resolves them
  // through tsconfig.json "paths" (a copy of the repository's, so its paths are the ones tested).
  'tsconfig.json': readFileSync(join(REPO, 'tsconfig.json'), 'utf8'),
  'workflows/pdca-cycle/uses-persistence-by-name.ts': "export { repository } from '@pdca/persistence';\n",
  'libs/domain/src/uses-contracts-by-name.ts': "export type { Input } from '@pdca/contracts';\n",
  'workflows/allowed-by-name.ts': [
    "import type { Input } from '@pdca/contracts';",
    "import { localOnly } from '@pdca/domain';",
    "import { localOnly as viaRequest } from '@pdca/temporal/cycle-start-request';",
    'export const all = [localOnly, viaRequest];',
    'export type I = Input;',
    '',
  ].join('\n'),
};

interface Violation {
  from: string;
  to: string;
  rule: { name: string; severity: string };
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function depcruise(cwd: string, outputType: string): Promise<Run> {
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      [DEPCRUISE, '--config', CONFIG, '--output-type', outputType, 'libs', 'workflows'],
      { cwd, timeout: RUN_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          fail(error);
          return;
        }
        done({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

describe('layering rules (.dependency-cruiser.cjs)', () => {
  let root: string;
  let violations: Violation[];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'pdca-layering-'));
    symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
    for (const [path, text] of Object.entries(FIXTURES)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    // The json reporter always exits 0; the err-long run below checks the exit status.
    violations = JSON.parse((await depcruise(root, 'json')).stdout).summary.violations;
  }, RUN_TIMEOUT_MS);

  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const found = (from: string) =>
    violations
      .filter((v) => v.from === from)
      .map((v) => `${v.rule.name}: ${v.to}`)
      .sort();

  it('fails libs → apps, whatever the depth of the relative path, `import type` included', () => {
    expect(found('libs/reports/src/uses-app.ts')).toEqual(['libs-not-apps: apps/api/src/thing.ts']);
    expect(found('libs/reports/src/deep/uses-app-type.ts')).toEqual(['libs-not-apps: apps/api/src/thing.ts']);
  });

  it('fails workflows → libs/persistence, the rest of libs/temporal, and Node built-ins', () => {
    expect(found('workflows/pdca-cycle/uses-persistence.ts')).toEqual([
      'workflows-sandbox-only-transitively: libs/persistence/src/index.ts',
      'workflows-sandbox-only: libs/persistence/src/index.ts',
    ]);
    expect(found('workflows/uses-temporal-client.ts')).toEqual([
      'workflows-sandbox-only-transitively: libs/temporal/src/client.ts',
      'workflows-sandbox-only: libs/temporal/src/client.ts',
    ]);
    expect(found('workflows/uses-node.ts')).toEqual([
      'workflows-sandbox-only-transitively: fs',
      'workflows-sandbox-only: fs',
    ]);
  });

  it('fails workflows that reach libs/persistence through an allowed lib', () => {
    expect(found('workflows/reaches-persistence.ts')).toEqual([
      'workflows-sandbox-only-transitively: libs/persistence/src/index.ts',
    ]);
  });

  it('fails libs/domain → Node built-ins (with or without node:, import or require), pg, other libs and the unresolvable', () => {
    expect(found('libs/domain/src/uses-fs.ts')).toEqual(['domain-no-node-builtins: fs']);
    expect(found('libs/domain/src/uses-bare-builtin.ts')).toEqual(['domain-no-node-builtins: net']);
    expect(found('libs/domain/src/uses-require.ts')).toEqual(['domain-no-node-builtins: child_process']);
    expect(found('libs/domain/src/uses-pg.ts')).toEqual([
      expect.stringMatching(/^domain-pure-packages-only: \S*node_modules\/pg\//),
    ]);
    expect(found('libs/domain/src/uses-contracts.ts')).toEqual([
      'domain-no-other-code: libs/contracts/src/index.ts',
    ]);
    expect(found('libs/domain/src/uses-missing.ts')).toEqual(['domain-no-unresolvable: ./gone']);
  });

  it('fails the same imports written as @pdca/<lib> names (tsconfig.json "paths") and passes the allowed ones', () => {
    expect(found('workflows/pdca-cycle/uses-persistence-by-name.ts')).toEqual([
      'workflows-sandbox-only-transitively: libs/persistence/src/index.ts',
      'workflows-sandbox-only: libs/persistence/src/index.ts',
    ]);
    expect(found('libs/domain/src/uses-contracts-by-name.ts')).toEqual([
      'domain-no-other-code: libs/contracts/src/index.ts',
    ]);
    expect(found('workflows/allowed-by-name.ts')).toEqual([]);
  });

  it('passes the allowed imports', () => {
    for (const from of [
      'workflows/pdca-cycle/allowed.ts',
      'workflows/other.ts',
      'workflows/other.spec.ts',
      'libs/reports/src/uses-lib.ts',
      'libs/domain/src/index.ts',
      'libs/domain/src/local.ts',
      'libs/contracts/src/index.ts',
      'libs/temporal/src/cycle-start-request.ts',
    ]) {
      expect({ from, violations: found(from) }).toEqual({ from, violations: [] });
    }
  });

  it('reports nothing but the forbidden imports above', () => {
    expect(violations).toHaveLength(18);
  });

  it(
    "fails `depcruise` (as `npm run lint` runs it) with each rule's message",
    async () => {
      const run = await depcruise(root, 'err-long');
      expect(run.code).not.toBe(0);
      const output = run.stdout.replace(/\s+/g, ' ');
      const rules: { name: string; comment: string }[] = require(CONFIG).forbidden;
      // Every rule is exercised above, and each one's message reaches the console.
      expect(rules.map((rule) => rule.name).sort()).toEqual(
        [...new Set(violations.map((v) => v.rule.name))].sort(),
      );
      for (const rule of rules) {
        expect(output).toContain(`error ${rule.name}: `);
        expect(output).toContain(rule.comment);
      }
    },
    RUN_TIMEOUT_MS,
  );
});
