import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as iconv from 'iconv-lite';
import { largePlanWorkbook } from '../../../test/support/large-plan';
import { zipBombs } from '../../../test/support/zip-bombs';
import {
  PlanParseBusyError,
  type PlanParseLimits,
  PlanParsePool,
  parsePlanFileOffThread,
} from './parse-off-thread';
import { parsePlanFile } from './plan-file.parser';
import type { ParsePlanFileOptions } from './plan-import.types';

const SAMPLES = join(__dirname, '..', '..', '..', 'samples');
const small = readFileSync(join(SAMPLES, 'hiratsuka-2024-2027.tsv'));

// Every test here starts worker threads (the first also compiles this library for them) and waits
// for what they answer: half a second to several seconds each on an idle 2-core machine, many more
// on a busy one. Jest's default 5 s is a clock, not an outcome; each test gets room for a couple of
// parses at the pool's own 30 s time limit (PlanParsePool bounds a stuck parse, not this number).
const WAITS_FOR_WORKERS_MS = 120_000;

describe('parsePlanFileOffThread', () => {
  const files: Array<[string, Buffer, ParsePlanFileOptions]> = [
    ...readdirSync(SAMPLES)
      .filter((f) => /\.(csv|tsv|json|xlsx)$/.test(f))
      .map((f): [string, Buffer, ParsePlanFileOptions] => [
        f,
        readFileSync(join(SAMPLES, f)),
        { fileName: f },
      ]),
    ['a Shift_JIS csv', iconv.encode('番号,改革項目名\n1,窓口改革\n', 'cp932'), { planTitle: '計画' }],
    ['a file with row problems', Buffer.from('番号,改革項目名,予算額\n1,,abc\n'), { fileName: 'p.csv' }],
    ['a zip bomb', zipBombs().sharedStrings, { fileName: 'p.xlsx' }],
    ['too many rows', small, { fileName: 'p.tsv', maxRows: 3 }],
  ];

  it.each(files)(
    'answers exactly what parsePlanFile answers for %s',
    async (_name, bytes, options) => {
      expect(await parsePlanFileOffThread(bytes, options)).toStrictEqual(parsePlanFile(bytes, options));
    },
    WAITS_FOR_WORKERS_MS,
  );
});

interface Refusal {
  rule: string;
  limit: string;
  max: number;
  message: object;
}

describe('PlanParsePool', () => {
  const limits = { workers: 1, queue: 1, timeLimitMs: 30_000, heapMb: 256 };

  // The large workbook takes 1–4 s to read on a 2-core machine, the small sample some 20 ms; the
  // 24,000 short rows need 64–96 MB of heap, the small sample fits in 24 MB.
  const cases: Array<[string, Partial<PlanParseLimits>, () => Buffer, Refusal]> = [
    [
      'a parse at its time limit (413 parseTime)',
      { timeLimitMs: 200 },
      () => largePlanWorkbook(),
      {
        rule: 'parse_time_limit',
        limit: 'parseTime',
        max: 200,
        message: { ja: expect.stringContaining('0.2秒') },
      },
    ],
    [
      'a worker that outgrows its heap (413 parseMemory)',
      { heapMb: 32 },
      () => largePlanWorkbook({ rows: 24_000, summaryLength: 10 }),
      {
        rule: 'parse_memory_limit',
        limit: 'parseMemory',
        max: 32,
        message: { en: expect.stringContaining('32 MB') },
      },
    ],
  ];

  it.each(cases)(
    'stops %s, then reads the next file',
    async (_name, limit, file, refusal) => {
      const { rule, limit: kind, max, message } = refusal;
      const pool = new PlanParsePool({ ...limits, ...limit });
      expect(await pool.parse(file(), { fileName: 'p.xlsx', maxRows: 30_000 })).toMatchObject({
        ok: false,
        problems: [{ rule, message }],
        tooLarge: { limit: kind, max },
      });
      expect(await pool.parse(small, { fileName: 'p.tsv' })).toMatchObject({ ok: true });
    },
    WAITS_FOR_WORKERS_MS,
  );

  it(
    'queues up to its bound and refuses the next parse at once',
    async () => {
      const pool = new PlanParsePool(limits);
      const running = pool.parse(small, { fileName: 'p.tsv' });
      const waiting = pool.parse(small, { fileName: 'p.tsv' });
      await expect(pool.parse(small, { fileName: 'p.tsv' })).rejects.toBeInstanceOf(PlanParseBusyError);
      expect(await running).toMatchObject({ ok: true });
      expect(await waiting).toMatchObject({ ok: true });
      expect(await pool.parse(small, { fileName: 'p.tsv' })).toMatchObject({ ok: true });
    },
    WAITS_FOR_WORKERS_MS,
  );
});
