/**
 * Size limits of POST /api/v1/plans/import (IMPORT_MAX_BYTES, IMPORT_MAX_ROWS): refused with 413,
 * a sentence in both languages naming the limit, and nothing written.
 */
import { type ApiTestApp, startApiApp } from './api-test-app';
import { createCityTenant, NO_ROWS, postPlanBody, rowCounts, sample, uploadPlan } from './plans-fixtures';

let api: ApiTestApp;

beforeAll(async () => {
  api = await startApiApp({ IMPORT_MAX_BYTES: '4096', IMPORT_MAX_ROWS: '5' });
});

afterAll(async () => {
  await api?.close();
});

it('refuses a multipart upload over IMPORT_MAX_BYTES with 413 FILE_TOO_LARGE', async () => {
  const city = await createCityTenant(api, '平塚市');
  const res = await uploadPlan(api, city.tokens.hqAdmin, sample('hiratsuka-2024-2027.tsv'), 'h.tsv').expect(
    413,
  );
  expect(res.body).toMatchObject({
    statusCode: 413,
    code: 'FILE_TOO_LARGE',
    messageEn: 'The file is larger than the import limit of 4 KiB (IMPORT_MAX_BYTES); nothing was imported.',
    messageJa: 'ファイルが取込の上限（4 KiB）を超えています。取込は行っていません。',
    details: [expect.objectContaining({ rule: 'file_too_large', severity: 'error' })],
  });
  expect(await rowCounts(api, city.id)).toEqual(NO_ROWS);
});

it('refuses a raw body over IMPORT_MAX_BYTES with 413 too', async () => {
  const city = await createCityTenant(api, '宝塚市');
  const res = await postPlanBody(
    api,
    city.tokens.hqAdmin,
    sample('takarazuka-dx-2023.csv'),
    'text/csv',
  ).expect(413);
  expect(res.body.code).toBe('FILE_TOO_LARGE');
  expect(await rowCounts(api, city.id)).toEqual(NO_ROWS);
});

it('refuses more data rows than IMPORT_MAX_ROWS with 413 TOO_MANY_ROWS', async () => {
  const city = await createCityTenant(api, '平塚市');
  const rows = Array.from({ length: 6 }, (_, i) => `${i + 1}\t目標1 試験\t項目${i + 1}`);
  const file = Buffer.from(['番号\t目標\t実施計画事業', ...rows].join('\n'), 'utf8');
  const res = await uploadPlan(api, city.tokens.hqAdmin, file, 'rows.tsv', {
    planTitle: '行数の多い計画',
  }).expect(413);
  expect(res.body).toMatchObject({
    code: 'TOO_MANY_ROWS',
    details: [expect.objectContaining({ rule: 'too_many_rows' })],
  });
  expect(res.body.messageEn).toMatch(/too many data rows.*the limit is 5.*Nothing was imported/);
  expect(res.body.messageJa).toContain('上限 5行');
  expect(await rowCounts(api, city.id)).toEqual(NO_ROWS);

  // Five rows are fine.
  const five = Buffer.from(['番号\t目標\t実施計画事業', ...rows.slice(0, 5)].join('\n'), 'utf8');
  await uploadPlan(api, city.tokens.hqAdmin, five, 'rows.tsv', { planTitle: '行数の多い計画' }).expect(201);
});

it('reads a mapping of the documented maximum length in Japanese (no 431 from a 16 KB header limit)', async () => {
  const city = await createCityTenant(api, '藤沢市');
  // 10,000 characters (MAPPING_MAX_LENGTH), 9 bytes each once percent-encoded: a 90 KB request line.
  const mapping = JSON.stringify({ ['改'.repeat(9_980)]: 'code' });
  expect(mapping.length).toBeLessThanOrEqual(10_000);
  const res = await uploadPlan(api, city.tokens.hqAdmin, Buffer.from('a\tb\n'), 'tiny.tsv', { mapping });
  expect(res.status).toBe(400);
  expect(res.body.code).toBeDefined();
});
