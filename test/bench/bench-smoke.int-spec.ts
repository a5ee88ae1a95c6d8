/**
 * `npm run bench` must not rot: a tiny workflow run (2 commands per shape, 10 open cycles, one
 * whole year on the time-skipping server) of the built harness, on servers of its own (the
 * database is a throw-away one on the integration stack's PostgreSQL). Asserts the JSON it
 * writes, never a speed: targets live in the benchmark, not in tests.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const MAIN = path.join(__dirname, '..', '..', 'dist', 'tools', 'bench', 'main.js');
const PER_LEVEL: Record<number, number> = { 1: 2, 8: 4, 32: 8 };

it('runs the workflow benchmark end to end and writes its figures', async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'pdca-bench-smoke-'));
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [MAIN, 'workflow', '--smoke', '--out', out],
      {
        // The benchmark creates a database of its own: the owner's right, not the application's.
        env: { ...process.env, DATABASE_URL: process.env.DATABASE_OWNER_URL },
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    expect(stdout).toContain('floor: bare Update');
    const [file] = fs.readdirSync(out).filter((f) => f.startsWith('workflow-') && f.endsWith('.json'));
    const result = JSON.parse(fs.readFileSync(path.join(out, file), 'utf8'));
    const shapes = ['start a cycle', 'submit a plan', 'approve it', 'submit a review', 'move a deadline'];
    for (const concurrency of [1, 8, 32]) {
      const rows = result.commands.filter((r: { concurrency: number }) => r.concurrency === concurrency);
      expect(rows.map((r: { shape: string }) => r.shape)).toEqual(shapes);
      for (const row of rows) {
        expect(row.product.count).toBe(PER_LEVEL[concurrency]);
        expect(row.ratioP50).toBeCloseTo(row.product.p50 / row.floor.p50, 6);
      }
    }
    expect(result.scale).toMatchObject({ cycles: 10 });
    expect(result.scale.workerOpen.afterGc.rss).toBeGreaterThan(0);
    expect(result.pragmasApplied).toEqual({ journalMode: 'wal', walFilePresent: true });
    expect(result.years).toEqual([expect.objectContaining({ items: 1, updates: 20 })]);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}, 180_000);
