import fs from 'node:fs';
import path from 'node:path';

/**
 * What a data directory's postmaster.pid says: the postmaster's pid (line 1) and port (line 4).
 * Undefined when there is no such file (PostgreSQL is stopped) or it cannot be read.
 */
export function readPostmasterPid(dataDir: string): { pid: number; port: number | undefined } | undefined {
  let lines: string[];
  try {
    lines = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return { pid, port: Number.isInteger(port) && port > 0 ? port : undefined };
}

/** The PostgreSQL running on `dataDir` (its pid file names a live process and a port), if any. */
export function runningPostmaster(dataDir: string): { pid: number; port: number } | undefined {
  const found = readPostmasterPid(dataDir);
  if (found?.port === undefined) return undefined;
  return isAlive(found.pid) ? { pid: found.pid, port: found.port } : undefined;
}

/** A process with this pid exists (EPERM: it does, as another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
