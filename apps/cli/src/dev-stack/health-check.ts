import http from 'node:http';

/** The HTTP status of one GET, or undefined when nothing answered within the timeout. */
export function probe(url: string, timeoutMs = 2000): Promise<number | undefined> {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.once('timeout', () => request.destroy());
    request.once('error', () => resolve(undefined));
  });
}

/**
 * Polls until the URL answers 200. Resolves to true when it did, false when `giveUp()` said to
 * stop waiting (a child died, the user pressed Ctrl-C) or the deadline passed.
 */
export async function waitForHealthy(
  url: string,
  timeoutMs: number,
  giveUp: () => boolean,
  intervalMs = 300,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !giveUp()) {
    if ((await probe(url)) === 200) return true;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return false;
}
