/**
 * Abusive uploads get a 413 in both languages, quickly, and the API keeps answering /health while
 * they are handled: zip bombs of several shapes (refused while inflating, before SheetJS parses),
 * and a CSV header of 100,000 columns.
 */
import { zipBombs } from '../support/zip-bombs';
import { type ApiTestApp, startApiApp } from './api-test-app';
import { type CityTenant, createCityTenant, NO_ROWS, rowCounts, uploadPlan } from './plans-fixtures';

let api: ApiTestApp;
let city: CityTenant;

beforeAll(async () => {
  api = await startApiApp();
  city = await createCityTenant(api, '平塚市', 'abuse');
});

afterAll(async () => {
  await api?.close();
});

/** Polls /health while `work` runs; returns every probe's round-trip time. */
async function healthDuring<T>(work: Promise<T>): Promise<{ result: T; probes: number[] }> {
  const probes: number[] = [];
  let done = false;
  const poller = (async () => {
    while (!done) {
      const started = Date.now();
      const res = await api.http().get('/health');
      expect([200, 503]).toContain(res.status);
      probes.push(Date.now() - started);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const result = await work.finally(() => {
    done = true;
  });
  await poller;
  return { result, probes };
}

const bombs = zipBombs();
const header = Array.from({ length: 100_000 }, (_, i) => `列${i}`).join(',');
const uploads: Array<[string, Buffer, string, string]> = [
  ['a shared-strings bomb', bombs.sharedStrings, 'plan.xlsx', 'FILE_TOO_LARGE'],
  ['a many-cells bomb', bombs.manyCells, 'plan.xlsx', 'TOO_MANY_CELLS'],
  ['a bomb of many lying entries', bombs.manyEntries, 'plan.xlsx', 'FILE_TOO_LARGE'],
  ['an overlapping-entries bomb', bombs.overlapping, 'plan.xlsx', 'FILE_TOO_LARGE'],
  ['a 100,000-column CSV', Buffer.from(`${header}\n1,2,3\n`), 'plan.csv', 'TOO_MANY_COLUMNS'],
];

it.each(uploads)('refuses %s with 413 while /health answers', async (_name, file, fileName, code) => {
  const { result, probes } = await healthDuring(
    uploadPlan(api, city.tokens.hqAdmin, file, fileName, { planTitle: '攻撃' }).then((r) => r),
  );
  expect(result.status).toBe(413);
  expect(result.body).toMatchObject({ code, messageJa: expect.stringContaining('上限') });
  expect(result.body.messageEn).toMatch(/Nothing was imported/);
  expect(probes.length).toBeGreaterThan(0);
  // Generous for a loaded 2-core machine; before the limits a bomb blocked the event loop 10–95 s.
  expect(Math.max(...probes)).toBeLessThan(5_000);
  expect(await rowCounts(api, city.id)).toEqual(NO_ROWS);
});
