import { spawn } from 'node:child_process';
import { SUPERVISED_ENV } from './start-options';

const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Why `pdca start` is two processes: Ctrl-C in a terminal sends SIGINT to every process of the
 * foreground process group at once. PostgreSQL and Temporal would then stop at the same moment as
 * the API and the worker still using them, and the ordered shutdown (API and worker, then Temporal,
 * then PostgreSQL) could not happen. So this thin front process starts the stack in its own session
 * (`detached`), where the terminal's signals do not reach it, and relays each stop signal to it: the
 * first one stops it in order, a second one forces it. When the front dies (even by SIGKILL) the IPC
 * channel closes and the stack shuts itself down, so nothing is left behind.
 *
 * Resolves to the exit code of the stack.
 */
export function runStackInOwnSession(args: readonly string[]): Promise<number> {
  const stack = spawn(process.execPath, [...process.execArgv, process.argv[1], 'start', ...args], {
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [SUPERVISED_ENV]: '1' },
  });
  let relayed = 0;
  const relay = (signal: NodeJS.Signals) => {
    relayed++;
    if (stack.exitCode === null && stack.signalCode === null) stack.kill(signal);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, relay);

  return new Promise((resolve) => {
    stack.once('error', (err) => {
      process.stderr.write(`[pdca] ✖ could not start the stack process: ${err.message}\n`);
      resolve(1);
    });
    stack.once('exit', (code, signal) => {
      for (const s of STOP_SIGNALS) process.off(s, relay);
      if (code !== null) return resolve(code);
      // Killed by a signal: expected after a forced stop, a failure otherwise.
      if (relayed === 0) process.stderr.write(`[pdca] ✖ the stack process was killed by ${signal}\n`);
      resolve(relayed > 0 ? 0 : 1);
    });
  });
}
