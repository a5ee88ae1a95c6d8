import fs from 'node:fs';
import path from 'node:path';
import { isAlive } from '@pdca/devstack/postmaster-pid';

/**
 * One `pdca start` per data folder: a second one would find PostgreSQL's and Temporal's files in
 * use. The pid file says who holds the folder; a file left by a crashed run is taken over.
 */
export class StackLock {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'pdca-start.pid');
  }

  acquire(): void {
    const holder = this.holder();
    if (holder !== undefined) {
      throw new Error(
        `Another \`npm start\` (pid ${holder}) is already running on ${path.dirname(this.file)}. ` +
          'Use that one, or stop it first (Ctrl-C in its terminal).',
      );
    }
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    fs.writeFileSync(this.file, `${process.pid}\n`);
  }

  release(): void {
    try {
      if (Number(fs.readFileSync(this.file, 'utf8').trim()) === process.pid) fs.rmSync(this.file);
    } catch {
      // already gone
    }
  }

  /** The pid of a live `pdca start` holding the folder, if any. */
  private holder(): number | undefined {
    let pid: number;
    try {
      pid = Number(fs.readFileSync(this.file, 'utf8').trim());
    } catch {
      return undefined;
    }
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !isAlive(pid)) return undefined;
    // A recycled pid of some unrelated process does not count.
    try {
      const commandLine = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!commandLine.includes('start')) return undefined;
    } catch {
      // no /proc (macOS): trust the pid
    }
    return pid;
  }
}
