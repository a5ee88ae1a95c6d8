import { type ChildProcess, spawn } from 'node:child_process';
import readline from 'node:readline';

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const TAIL_LINES = 40;

/**
 * A Node process we start and own (the API, the worker): its output lines are shown with a
 * `[name] ` prefix, the last ones are kept for error reports, and `stop()` ends it for sure.
 */
export class ManagedChild {
  readonly exited: Promise<ChildExit>;
  readonly startedAt = Date.now();
  private readonly process: ChildProcess;
  private readonly lines: string[] = [];
  private exit: ChildExit | undefined;

  constructor(
    readonly name: string,
    entry: string,
    options: { cwd: string; env: Record<string, string | undefined> },
  ) {
    this.process = spawn(process.execPath, ['--enable-source-maps', entry], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.exited = new Promise((resolve) => {
      this.process.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
      // spawn() itself failed (it never ran): report it as an exit so nobody waits forever.
      this.process.once('error', (err) => {
        this.remember(`failed to start: ${err.message}`, process.stderr);
        if (this.process.pid === undefined) {
          this.exit = { code: 127, signal: null };
          resolve(this.exit);
        }
      });
    });
    this.pipe(this.process.stdout, process.stdout);
    this.pipe(this.process.stderr, process.stderr);
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  /** The last lines it printed, for an error report. */
  tail(): string[] {
    return [...this.lines];
  }

  describeExit(): string {
    if (!this.exit) return 'is running';
    return this.exit.signal ? `was killed by ${this.exit.signal}` : `exited with code ${this.exit.code}`;
  }

  /** SIGTERM, then SIGKILL after the grace period. */
  async stop(graceMs: number): Promise<void> {
    if (!this.running) return;
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.kill(), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  kill(): void {
    if (this.running) this.process.kill('SIGKILL');
  }

  private pipe(from: NodeJS.ReadableStream | null, to: NodeJS.WriteStream): void {
    if (!from) return;
    readline.createInterface({ input: from, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) => {
      this.remember(line, to);
    });
  }

  private remember(line: string, to: NodeJS.WriteStream): void {
    this.lines.push(line);
    if (this.lines.length > TAIL_LINES) this.lines.shift();
    // A child that already tags its lines with its own name is not tagged twice.
    const prefix = `[${this.name}] `;
    to.write(line.startsWith(prefix) ? `${line}\n` : `${prefix}${line}\n`);
  }
}
