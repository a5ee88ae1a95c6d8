/** `1.2 s`, or `850 ms` below a second: the elapsed time shown after each start and stop step. */
export function formatElapsed(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export const say = (message: string): void => {
  process.stdout.write(`[pdca] ${message}\n`);
};

export const complain = (message: string): void => {
  process.stderr.write(`[pdca] ✖ ${message}\n`);
};

/** Runs one step and prints `[pdca] ✔ <what it reports> (1.2 s)` when it succeeds. */
export async function step<T>(run: () => Promise<T>, report: (result: T) => string): Promise<T> {
  const started = Date.now();
  const result = await run();
  say(`✔ ${report(result)} (${formatElapsed(Date.now() - started)})`);
  return result;
}

/** Hides the password of a connection string before it is printed. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}
