/** The worker thread of parse-off-thread.ts: reads one file, posts the result and ends. */
import { parentPort, workerData } from 'node:worker_threads';
import { type PlanParseJob, READING } from './parse-off-thread';
import { parsePlanFile } from './plan-file.parser';

const { input, options } = workerData as PlanParseJob;
// A Buffer arrives as a plain Uint8Array; parse it as the Buffer it was (every caller passes one).
const bytes =
  input instanceof Uint8Array ? Buffer.from(input.buffer, input.byteOffset, input.byteLength) : input;
parentPort?.postMessage(READING);
parentPort?.postMessage(parsePlanFile(bytes, options));
