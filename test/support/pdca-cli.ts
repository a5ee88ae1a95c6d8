/**
 * The compiled `pdca` command (dist/, so `npm test` builds first) run as an operator runs it,
 * against the integration database of the environment: its exit code and what it printed.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.join(__dirname, '..', '..');
export const PDCA_CLI = path.join(ROOT, 'dist', 'apps', 'cli', 'src', 'main.js');

/** Throws when the CLI has not been built (a clear message instead of ENOENT). */
export function assertCliBuilt(): void {
  if (!fs.existsSync(PDCA_CLI)) {
    throw new Error(`${PDCA_CLI} is missing: run \`npm run build\` first (npm test does)`);
  }
}

export async function pdca(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [PDCA_CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      timeout: 60_000,
    });
    return { code: 0, out: stdout, err: stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw err;
    return { code: e.code, out: e.stdout ?? '', err: e.stderr ?? '' };
  }
}
