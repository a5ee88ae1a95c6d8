import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const DIST = path.join(__dirname, '..', '..', 'dist');
const WORKER = path.join(DIST, 'apps', 'worker', 'src', 'main.js');
/** The workflow code `npm run build` bundles once, which the built worker runs (apps/worker/src/workflow-bundle.ts). */
export const BUILT_WORKFLOW_BUNDLE = path.join(DIST, 'workflow-bundle.js');

export function assertBuiltWorker(): void {
  if (!fs.existsSync(WORKER))
    throw new Error(`${WORKER} is missing: run \`npm run build\` first (npm test does)`);
}

/** Every spawned worker's output goes on to `worker-<pid>.log` here, for a failure to point at. */
export const WORKER_LOG_DIR = path.join(os.tmpdir(), 'pdca-test-workers');

/** What each spawned worker has printed so far (stdout and stderr). */
const outputs = new WeakMap<ChildProcess, string>();

export function workerOutput(child: ChildProcess): string {
  return outputs.get(child) ?? '';
}

/** The built worker (dist/) as its own process, resolved once it polls. */
export function spawnWorkerProcess(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [WORKER], {
    env: { ...process.env, LOG_LEVEL: 'warn', RELAY_IN_WORKER: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  fs.mkdirSync(WORKER_LOG_DIR, { recursive: true });
  const log = fs.createWriteStream(path.join(WORKER_LOG_DIR, `worker-${child.pid}.log`));
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      outputs.set(child, output);
      if (output.includes('[worker] polling task queue')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk;
      outputs.set(child, output);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited (${code}):\n${output}`));
    });
  });
}

/** SIGKILL, resolved when it is gone. */
export function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
