import { setImmediate } from 'node:timers/promises';

/**
 * Lets the API serve what arrived meanwhile (other requests) before the next step of an import that
 * holds the event loop for tens of milliseconds. Two turns, because code resumed by I/O (a query's
 * answer, the parse worker's message) gets its first setImmediate before the loop polls for I/O again.
 */
export async function letOthersIn(): Promise<void> {
  await setImmediate();
  await setImmediate();
}
