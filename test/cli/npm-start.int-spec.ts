/**
 * `pdca start` (what `npm start` runs after the build) as a user runs it: the whole stack comes up
 * on embedded defaults and answers /health; Ctrl-C leaves no process behind; the next start finds
 * the data of the first. Runs the compiled CLI, so `npm test` builds first.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { canListen, freePort } from '@pdca/devstack';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'apps', 'cli', 'src', 'main.js');

interface RunningStack {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

let dataDir: string;
let ports: { api: number; temporal: number; ui: number };

beforeAll(async () => {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does)`);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdca-start-'));
  ports = { api: await freePort(), temporal: await freePort(), ui: await freePort() };
});

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function start(): RunningStack {
  const env = { ...process.env };
  // The test stack's servers are not this stack's: it starts its own.
  delete env.DATABASE_URL;
  delete env.TEMPORAL_ADDRESS;
  const child = spawn(process.execPath, [CLI, 'start'], {
    cwd: ROOT,
    env: {
      ...env,
      PDCA_DATA_DIR: dataDir,
      PORT: String(ports.api),
      TEMPORAL_PORT: String(ports.temporal),
      TEMPORAL_UI_PORT: String(ports.ui),
      PDCA_DEMO: 'true',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk) => {
    text += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    text += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

async function waitForOutput(
  stack: RunningStack,
  pattern: RegExp,
  timeoutMs = 100_000,
): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = stack.output().match(pattern);
    if (match) return match;
    if (stack.child.exitCode !== null) throw new Error(`pdca start exited early:\n${stack.output()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}:\n${stack.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions
type Json = any;

async function api(pathname: string, init?: RequestInit): Promise<{ status: number; body: Json }> {
  const response = await fetch(`http://127.0.0.1:${ports.api}${pathname}`, init);
  return { status: response.status, body: await response.json() };
}

async function login(email: string): Promise<string> {
  const { status, body } = await api('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'pdca-demo' }),
  });
  expect(status).toBe(200);
  return body.accessToken;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function stopWith(stack: RunningStack, signal: NodeJS.Signals, pids: number[]): Promise<void> {
  stack.child.kill(signal);
  expect(await stack.exited).toBe(0);
  for (const pid of pids) expect(alive(pid)).toBe(false);
  expect(fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  expect(await canListen(ports.temporal)).toBe(true);
  expect(await canListen(ports.api)).toBe(true);
}

it('starts the whole system with demo data, stops cleanly on Ctrl-C and keeps the data for the next start', async () => {
  const first = start();
  try {
    const [, pidList] = await waitForOutput(first, /worker and API started \(pids ([\d, ]+)\)/);
    await waitForOutput(first, /ready in /);
    const health = await api('/health');
    expect(health).toEqual({
      status: 200,
      body: expect.objectContaining({ status: 'ok', postgres: expect.objectContaining({ up: true }) }),
    });
    expect(health.body.temporal.up).toBe(true);
    const admin = await login('admin@hiratsuka.example');
    const items = await api('/api/v1/items?limit=50', { headers: { authorization: `Bearer ${admin}` } });
    expect(items.body.total).toBe(19);
    expect(first.output()).toMatch(/demo cycles: FY\d{4} cycle running for 19 items/);

    await stopWith(first, 'SIGINT', pidList.split(', ').map(Number));
  } finally {
    if (first.child.exitCode === null) first.child.kill('SIGKILL');
  }

  const second = start();
  try {
    const [, pidList] = await waitForOutput(second, /worker and API started \(pids ([\d, ]+)\)/);
    await waitForOutput(second, /ready in /);
    expect(second.output()).toMatch(/demo data already there/);
    const admin = await login('admin@hiratsuka.example');
    // The cycles started at the first start carry on: the worker projects them after the restart.
    const withCycles = async () => {
      const items = await api('/api/v1/items?limit=50', { headers: { authorization: `Bearer ${admin}` } });
      return items.body.items.filter((i: { currentCycle: unknown }) => i.currentCycle !== null).length;
    };
    const deadline = Date.now() + 30_000;
    while ((await withCycles()) < 19 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(await withCycles()).toBe(19);
    await stopWith(second, 'SIGTERM', pidList.split(', ').map(Number));
  } finally {
    if (second.child.exitCode === null) second.child.kill('SIGKILL');
  }
});

it('restarts a worker killed with SIGKILL, says so, and a command then works', async () => {
  const stack = start();
  try {
    const [, pidList] = await waitForOutput(stack, /worker and API started \(pids ([\d, ]+)\)/);
    await waitForOutput(stack, /ready in /);
    const [workerPid, apiPid] = pidList.split(', ').map(Number);
    const killedAt = Date.now();
    process.kill(workerPid, 'SIGKILL');
    await waitForOutput(
      stack,
      /the worker process was killed by SIGKILL unexpectedly; restarting it in 1(\.0)? s/,
      20_000,
    );
    const [, newPid] = await waitForOutput(stack, /✔ worker restarted \(pid (\d+)\)/, 20_000);
    expect(Number(newPid)).not.toBe(workerPid);
    expect(alive(Number(newPid))).toBe(true);
    expect(alive(apiPid)).toBe(true);
    // A workflow Update needs a polling worker: moving a deadline goes through the new one.
    const admin = await login('admin@hiratsuka.example');
    const headers = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };
    const tasks = await api('/api/v1/tasks?status=open&limit=5', { headers });
    expect(tasks.status).toBe(200);
    const task = tasks.body.items[0];
    const dueAt = new Date(Date.now() + 40 * 86_400_000).toISOString();
    let moved = { status: 0, body: {} as Json };
    // The restarted worker needs a moment to poll again; the API answers 503/504 meanwhile.
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
      moved = await api(`/api/v1/tasks/${task.id}/deadline`, {
        method: 'PATCH',
        headers,
        body: JSON.stringify({ dueAt, reason: '作業者の再起動後の確認' }),
      });
      if (moved.status === 200) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(moved.status).toBe(200);
    process.stdout.write(`[npm-start] worker killed → command answered 200 in ${Date.now() - killedAt} ms\n`);
    expect(stack.child.exitCode).toBeNull();
    await stopWith(stack, 'SIGINT', [Number(newPid), apiPid]);
  } finally {
    if (stack.child.exitCode === null) stack.child.kill('SIGKILL');
  }
});
