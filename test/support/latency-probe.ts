import { Worker } from 'node:worker_threads';

/** One probe's answer: the round trip in ms and the status. */
export interface ProbeTime {
  ms: number;
  status: number;
}

/**
 * Requests each URL in turn, again and again, until `work` settles, and returns every round trip.
 * The requests are sent from a worker thread: a client on the test's own event loop — the one the
 * in-process API runs on — would stall with the server and never see it stall.
 */
export async function latenciesDuring<T>(
  urls: Record<string, { url: string; headers?: Record<string, string> }>,
  work: Promise<T>,
): Promise<{ result: T; times: Record<string, ProbeTime[]> }> {
  const poller = new Worker(POLLER, { eval: true, workerData: urls });
  const times = new Promise<Record<string, ProbeTime[]>>((resolve, reject) => {
    poller.once('message', resolve);
    poller.once('error', reject);
  });
  const result = await work.finally(() => poller.postMessage('stop'));
  return { result, times: await times };
}

const POLLER = `
const { parentPort, workerData } = require('node:worker_threads');
let stop = false;
parentPort.once('message', () => { stop = true; });
(async () => {
  const times = Object.fromEntries(Object.keys(workerData).map((name) => [name, []]));
  while (!stop) {
    for (const [name, { url, headers }] of Object.entries(workerData)) {
      const started = performance.now();
      const res = await fetch(url, { headers });
      await res.arrayBuffer();
      times[name].push({ ms: performance.now() - started, status: res.status });
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  parentPort.postMessage(times);
})();
`;
