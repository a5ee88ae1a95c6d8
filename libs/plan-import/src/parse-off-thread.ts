/**
 * parsePlanFile in a worker thread. Reading a workbook and validating every row is seconds of CPU
 * for a large file; on the API's event loop that would hold up every other request (`/health`
 * included), and a file that slipped past the size guards and needed more heap than the process
 * has would take the API down. Here each parse gets a thread of its own with a heap limit and a time limit:
 * a file that reaches either is refused (413, like the size limits) and only that thread is
 * stopped. A bounded number run at once and a bounded number wait; one more is refused with
 * PlanParseBusyError (503, nothing was done, retry).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { problems } from './plan-import.messages';
import type { ParsePlanFileOptions, PlanImportResult } from './plan-import.types';

export interface PlanParseLimits {
  /** Files read at once, one worker thread each. */
  readonly workers: number;
  /** Files that may wait for a free worker. */
  readonly queue: number;
  /** A parse still running this long after the worker started reading is stopped (ms). */
  readonly timeLimitMs: number;
  /** Old-generation heap of each worker thread (MB). */
  readonly heapMb: number;
}

/**
 * A file at the default size and row limits takes 1–4 s (more on a loaded machine) and under 64 MB
 * of heap to read on 2 cores (test/support/large-plan.ts): the limits leave ample room.
 */
export const DEFAULT_PARSE_LIMITS: PlanParseLimits = {
  workers: 2,
  queue: 8,
  timeLimitMs: 30_000,
  heapMb: 256,
};

/**
 * The worker's first message: its modules are loaded and it starts reading. The time limit counts
 * from here, so it bounds the work the file causes, not the thread's start-up.
 */
export const READING = 'reading';

/** What the worker thread receives (plan-parse.worker.ts). */
export interface PlanParseJob {
  readonly input: Uint8Array;
  readonly options: ParsePlanFileOptions;
}

/** Every worker is busy and the queue is full: nothing was read; try again shortly. */
export class PlanParseBusyError extends Error {
  constructor(readonly limits: Pick<PlanParseLimits, 'workers' | 'queue'>) {
    super(`${limits.workers} plan files are being read and ${limits.queue} more are waiting.`);
    this.name = 'PlanParseBusyError';
  }
}

export class PlanParsePool {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limits: PlanParseLimits = DEFAULT_PARSE_LIMITS) {}

  /** Same result as parsePlanFile(input, options); throws only PlanParseBusyError or a worker crash. */
  async parse(input: Uint8Array, options: ParsePlanFileOptions = {}): Promise<PlanImportResult> {
    await this.acquire();
    try {
      return await parseInWorker(input, options, this.limits);
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.running < this.limits.workers) {
      this.running++;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.limits.queue) return Promise.reject(new PlanParseBusyError(this.limits));
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Hands the slot to the next waiting parse, if any. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}

let shared = new PlanParsePool();

/** Sets the limits of parsePlanFileOffThread (the API does, from IMPORT_PARSE_*); call at start-up. */
export function configurePlanParsing(limits: PlanParseLimits): void {
  shared = new PlanParsePool(limits);
}

/** parsePlanFile off the event loop, in the shared pool. */
export function parsePlanFileOffThread(
  input: Uint8Array,
  options: ParsePlanFileOptions = {},
): Promise<PlanImportResult> {
  return shared.parse(input, options);
}

async function parseInWorker(
  input: Uint8Array,
  options: ParsePlanFileOptions,
  limits: PlanParseLimits,
): Promise<PlanImportResult> {
  const job: PlanParseJob = { input, options };
  const worker = await startWorker(job, limits.heapMb);
  try {
    return await new Promise<PlanImportResult>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const timeUp = () => {
        const max = limits.timeLimitMs;
        resolve({
          ok: false,
          problems: [problems.parseTimeLimit(max)],
          tooLarge: { limit: 'parseTime', max, actual: max },
        });
      };
      worker.on('message', (message: typeof READING | PlanImportResult) => {
        if (message === READING) timer = setTimeout(timeUp, limits.timeLimitMs);
        else {
          clearTimeout(timer);
          resolve(message);
        }
      });
      worker.once('error', (error: Error & { code?: string }) => {
        clearTimeout(timer);
        if (error.code !== 'ERR_WORKER_OUT_OF_MEMORY') return reject(error);
        const max = limits.heapMb;
        resolve({
          ok: false,
          problems: [problems.parseMemoryLimit(max)],
          tooLarge: { limit: 'parseMemory', max, actual: max },
        });
      });
      worker.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`The plan file reader stopped (exit code ${code}) without an answer.`));
      });
    });
  } finally {
    // Stops a worker that ran out of time; the slot is free only once its memory is.
    await worker.terminate();
  }
}

async function startWorker(job: PlanParseJob, heapMb: number): Promise<Worker> {
  const resourceLimits = { maxOldGenerationSizeMb: heapMb };
  const entry = join(__dirname, `plan-parse.worker${extname(__filename)}`);
  if (entry.endsWith('.js')) return new Worker(entry, { workerData: job, resourceLimits });
  return new Worker(FROM_SOURCES, {
    eval: true,
    workerData: { ...job, entry, domainDir: DOMAIN_DIR, compiled: await compiledSources() },
    resourceLimits,
  });
}

/**
 * Under Jest this module runs from its TypeScript sources, which a worker thread cannot load; and
 * @swc/core (Jest's compiler) crashes the process when a worker that loaded it exits. So this
 * library's sources (with their subfolders) are compiled here, with swc as Jest does, and the
 * worker runs them as given.
 */
const FROM_SOURCES = `
const { workerData } = require('node:worker_threads');
require.extensions['.ts'] = (module, filename) => {
  const code = workerData.compiled[filename];
  if (code === undefined) throw new Error(filename + ' was not compiled for the plan file reader');
  module._compile(code, filename);
};
// The pure rules the reader shares with the API (@pdca/domain/item-costs …): their sources, as tsconfig's paths say.
const Module = require('node:module');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request.startsWith('@pdca/domain/')) return workerData.domainDir + request.slice(12) + '.ts';
  return resolveFilename.call(this, request, ...rest);
};
require(workerData.entry);
`;

let compiled: Promise<Record<string, string>> | undefined;

/** libs/domain/src beside this library's sources (Jest runs from the sources only). */
const DOMAIN_DIR = join(__dirname, '..', '..', 'domain', 'src');

function compiledSources(): Promise<Record<string, string>> {
  compiled ??= import('@swc/core').then(({ transformSync }) => {
    // Subfolders too (validation/): the worker loads whatever the parser imports; and libs/domain's
    // pure rules, which the parser imports by name.
    const sources = (dir: string, recursive: boolean) =>
      readdirSync(dir, { recursive, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
        .map((f) => join(dir, f));
    const files = [...sources(__dirname, true), ...sources(DOMAIN_DIR, false)];
    return Object.fromEntries(
      files.map((filename) => {
        const { code } = transformSync(readFileSync(filename, 'utf8'), {
          filename,
          swcrc: false,
          jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
          module: { type: 'commonjs' },
        });
        return [filename, code];
      }),
    );
  });
  return compiled;
}
