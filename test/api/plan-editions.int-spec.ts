/**
 * #23 published editions (公表版) through HTTP: HQ freezes a fiscal year of the Hiratsuka sample; every
 * file downloads with the SHA-256 the POST answered and the `edition.published` ledger entry holds;
 * after the plan is re-imported with a corrected title the freshly generated report differs while
 * the edition keeps its bytes; a second edition supersedes the first; only HQ's administrator may
 * freeze; and the database itself refuses to change or delete an edition's rows.
 */
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { asOwner } from '../support/owner-database';
import { type ApiTestApp, bearer, startApiApp } from './api-test-app';
import { type CityTenant, createCityTenant, sample, uploadPlan } from './plans-fixtures';

const HIRATSUKA = 'hiratsuka-2024-2027.tsv';
const FY = 2025;
const TITLE = '令和7年度 行財政改革 取組状況（公表版）';
const OLD_TITLE = '窓口サービスのDX推進';
const CORRECTED_TITLE = '窓口サービスのDX推進（名称訂正）';

let api: ApiTestApp;
let city: CityTenant;
let planId: string;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface EditionFile {
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  href: string;
}

function freeze(token: string, body: object) {
  return api.http().post(`/api/v1/plans/${planId}/editions`).set(bearer(token)).send(body);
}

function download(href: string, token = city.tokens.auditor) {
  return api.http().get(href).set(bearer(token)).responseType('blob').expect(200);
}

function progressReportCsv() {
  return api
    .http()
    .get(`/api/v1/plans/${planId}/progress-report`)
    .query({ fiscalYear: FY, format: 'csv', publication: true })
    .set(bearer(city.tokens.auditor))
    .responseType('blob')
    .expect(200);
}

async function ledgerEntries(): Promise<Array<{ payload: Record<string, unknown>; comment: string }>> {
  return api.dataSource.query(
    `SELECT payload, comment FROM audit_log WHERE tenant_id = $1 AND action = 'edition.published' ORDER BY seq`,
    [city.id],
  );
}

beforeAll(async () => {
  api = await startApiApp();
  city = await createCityTenant(api, '平塚市', 'editions');
  const res = await uploadPlan(api, city.tokens.hqAdmin, sample(HIRATSUKA), HIRATSUKA).expect(201);
  planId = res.body.planId;
});

afterAll(async () => {
  await api?.close();
});

describe('freezing, correcting and superseding', () => {
  let first: { id: string; files: EditionFile[] };
  const firstBytes = new Map<string, Buffer>();

  it('freezes the year: 201 with the files and their SHA-256, one ledger entry carrying the same', async () => {
    const res = await freeze(city.tokens.hqAdmin, {
      fiscalYear: FY,
      title: TITLE,
      reason: '市議会への報告とホームページ掲載のため',
    }).expect(201);
    first = res.body;
    expect(res.body).toMatchObject({
      planId,
      fiscalYear: FY,
      fiscalYearLabel: { ja: '令和7年度（2025年度）' },
      editionNumber: 1,
      editionLabel: { ja: '第1版' },
      title: TITLE,
      supersedes: null,
      created: true,
    });
    const names = first.files.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['progress-report.xlsx', 'progress-report.csv']));
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9._-]+$/);
    // …and one 評価シート per item (the sample's 19), as a print page and a workbook.
    const sheets = names.filter((n) => n.startsWith('evaluation-sheet-'));
    expect(sheets).toHaveLength(19 * 2);
    expect(sheets).toEqual(
      expect.arrayContaining(['evaluation-sheet-1-1.html', 'evaluation-sheet-1-1.xlsx']),
    );

    const [entry, ...others] = await ledgerEntries();
    expect(others).toEqual([]);
    expect(entry!.comment).toBe('市議会への報告とホームページ掲載のため');
    expect(entry!.payload).toMatchObject({
      editionId: first.id,
      planId,
      fiscalYear: FY,
      editionNumber: 1,
      title: TITLE,
      reason: '市議会への報告とホームページ掲載のため',
      supersedesEditionId: null,
    });
    const ledgerFiles = entry!.payload.files as Array<{ name: string; sha256: string }>;
    expect(ledgerFiles.map((f) => f.name)).toEqual(names);

    for (const file of first.files) {
      const got = await download(file.href);
      const bytes = got.body as Buffer;
      firstBytes.set(file.name, bytes);
      // The hash computed here from the bytes served: equal to the POST's answer and to the ledger's.
      expect({ name: file.name, sha256: sha256(bytes) }).toEqual({ name: file.name, sha256: file.sha256 });
      expect(ledgerFiles.find((f) => f.name === file.name)?.sha256).toBe(sha256(bytes));
      expect(bytes.length).toBe(file.size);
      expect(got.headers.etag).toBe(`"${sha256(bytes)}"`);
      expect(got.headers['content-type']).toBe(file.contentType);
      expect(got.headers['x-content-type-options']).toBe('nosniff');
      if (file.name.endsWith('.html'))
        expect(got.headers['content-security-policy']).toContain("default-src 'none'");
      expect(got.headers['content-disposition']).toContain(`filename="${file.name}"`);
      expect(decodeURIComponent(got.headers['content-disposition'].split("UTF-8''")[1])).toContain(
        '令和7年度（2025年度）_第1版_',
      );
    }
    // 公表用, in Japanese: the table's header and items, no leader's name.
    const csv = firstBytes.get('progress-report.csv')!.toString('utf8');
    expect(csv.startsWith('\uFEFF番号,')).toBe(true);
    expect(csv).toContain(OLD_TITLE);
    expect(csv).not.toContain('平塚市 leader');
    // The ETag answers a conditional request with 304.
    const xlsx = first.files.find((f) => f.name === 'progress-report.xlsx')!;
    await api
      .http()
      .get(xlsx.href)
      .set(bearer(city.tokens.hqApprover))
      .set('If-None-Match', `"${xlsx.sha256}"`)
      .expect(304);
  });

  it('answers a repeated request with the same edition, writing nothing', async () => {
    const again = await freeze(city.tokens.hqAdmin, {
      fiscalYear: FY,
      title: TITLE,
      reason: '市議会への報告とホームページ掲載のため',
    }).expect(200);
    expect(again.body).toMatchObject({ id: first.id, editionNumber: 1, created: false });
    expect(again.body.files).toEqual(first.files);
    expect(await ledgerEntries()).toHaveLength(1);
  });

  it('keeps the edition’s bytes after the plan changes, and a new edition supersedes it', async () => {
    const corrected = sample(HIRATSUKA).toString('utf8').replace(OLD_TITLE, CORRECTED_TITLE);
    expect(corrected).toContain(CORRECTED_TITLE);
    const reimport = await uploadPlan(api, city.tokens.hqAdmin, Buffer.from(corrected), HIRATSUKA).expect(
      200,
    );
    expect(reimport.body.changed).toEqual([{ code: '1-1', fields: ['title'] }]);

    // The report generated now shows the correction; the frozen file still shows what was published.
    const fresh = ((await progressReportCsv()).body as Buffer).toString('utf8');
    expect(fresh).toContain(CORRECTED_TITLE);
    for (const file of first.files) {
      const again = (await download(file.href)).body as Buffer;
      expect({ name: file.name, same: again.equals(firstBytes.get(file.name)!) }).toEqual({
        name: file.name,
        same: true,
      });
    }
    const frozenCsv = firstBytes.get('progress-report.csv')!.toString('utf8');
    expect(frozenCsv).not.toContain(CORRECTED_TITLE);
    const frozenSheet = firstBytes.get('evaluation-sheet-1-1.html')!.toString('utf8');
    expect(frozenSheet).toContain(OLD_TITLE);
    expect(frozenSheet).not.toContain(CORRECTED_TITLE);
    expect(fresh).not.toBe(frozenCsv);

    const second = await freeze(city.tokens.hqAdmin, {
      fiscalYear: FY,
      title: TITLE,
      reason: '改革項目1-1の名称を訂正',
    }).expect(201);
    expect(second.body).toMatchObject({
      editionNumber: 2,
      editionLabel: { ja: '第2版', en: 'Edition 2' },
      supersedes: { id: first.id, editionNumber: 1 },
    });
    const secondCsv = second.body.files.find((f: EditionFile) => f.name === 'progress-report.csv');
    const secondBytes = (await download(secondCsv.href)).body as Buffer;
    expect(secondBytes.toString('utf8')).toContain(CORRECTED_TITLE);
    const secondSheet = second.body.files.find((f: EditionFile) => f.name === 'evaluation-sheet-1-1.html');
    expect(((await download(secondSheet.href)).body as Buffer).toString('utf8')).toContain(CORRECTED_TITLE);
    expect(secondCsv.sha256).not.toBe(first.files.find((f) => f.name === 'progress-report.csv')!.sha256);
    const entries = await ledgerEntries();
    expect(entries).toHaveLength(2);
    expect(entries[1]!.payload).toMatchObject({ editionNumber: 2, supersedesEditionId: first.id });

    // Listed newest first, for every reader role; a year filter.
    for (const token of [
      city.tokens.auditor,
      city.tokens.hqApprover,
      city.tokens.admin,
      city.tokens.hqAdmin,
    ]) {
      const list = await api.http().get(`/api/v1/plans/${planId}/editions`).set(bearer(token)).expect(200);
      expect(list.body.map((e: { editionNumber: number }) => e.editionNumber)).toEqual([2, 1]);
      expect(list.body[1].files).toEqual(first.files);
    }
    const none = await api
      .http()
      .get(`/api/v1/plans/${planId}/editions`)
      .query({ fiscalYear: 2026 })
      .set(bearer(city.tokens.auditor))
      .expect(200);
    expect(none.body).toEqual([]);
  });

  it('refuses to change or delete an edition, as the app (no grant) and even as the owner (trigger)', async () => {
    const statements = [
      [`UPDATE plan_editions SET title = 'x' WHERE id = $1`, 'plan_editions'],
      ['DELETE FROM plan_editions WHERE id = $1', 'plan_editions'],
      [`UPDATE plan_edition_files SET bytes = '\\x00'::bytea WHERE edition_id = $1`, 'plan_edition_files'],
      ['DELETE FROM plan_edition_files WHERE edition_id = $1', 'plan_edition_files'],
    ] as const;
    const app = new Client({ connectionString: process.env.DATABASE_URL });
    await app.connect();
    try {
      for (const [sql, table] of statements) {
        await expect(app.query(sql, [first.id])).rejects.toThrow(`permission denied for table ${table}`);
      }
    } finally {
      await app.end();
    }
    await asOwner(async (owner) => {
      for (const [sql, table] of statements) {
        await expect(owner.query(sql, [first.id])).rejects.toThrow(`${table} is immutable`);
      }
      await expect(owner.query('TRUNCATE plan_edition_files')).rejects.toThrow('is immutable');
    });
    const xlsx = first.files.find((f) => f.name === 'progress-report.xlsx')!;
    expect(sha256((await download(xlsx.href)).body as Buffer)).toBe(xlsx.sha256);
  });
});

describe('who may freeze, and what is refused', () => {
  const body = { fiscalYear: FY, title: TITLE, reason: '公表のため' };

  it.each(['leader', 'auditor', 'hqApprover', 'admin'] as const)('%s: 403 in ja and en', async (who) => {
    const res = await freeze(city.tokens[who], body).expect(403);
    expect(res.body.messageJa).toEqual(expect.any(String));
    expect(res.body.messageEn).toEqual(expect.any(String));
  });

  it('a leader may not read the editions either', async () => {
    await api.http().get(`/api/v1/plans/${planId}/editions`).set(bearer(city.tokens.leader)).expect(403);
  });

  it.each([
    ['fiscalYear', 'plan_period', { ...body, fiscalYear: 2030 }],
    ['fiscalYear', 'max', { ...body, fiscalYear: 2200 }],
    ['fiscalYear', 'isDefined', { title: TITLE, reason: '公表のため' }],
    ['title', 'isNotEmpty', { ...body, title: '   ' }],
    ['title', 'maxLength', { ...body, title: 'あ'.repeat(201) }],
    ['reason', 'isDefined', { fiscalYear: FY, title: TITLE }],
    ['reason', 'maxLength', { ...body, reason: 'あ'.repeat(1001) }],
  ])('400 naming %s (%s)', async (field, rule, bad) => {
    const res = await freeze(city.tokens.hqAdmin, bad).expect(400);
    expect(res.body.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ field, rule, messageJa: expect.any(String) })]),
    );
  });

  it('404 for a plan, an edition or a file that is not there', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    await freeze(city.tokens.hqAdmin, body).expect(201);
    await api
      .http()
      .post(`/api/v1/plans/${missing}/editions`)
      .set(bearer(city.tokens.hqAdmin))
      .send(body)
      .expect(404);
    const [edition] = (
      await api.http().get(`/api/v1/plans/${planId}/editions`).set(bearer(city.tokens.auditor)).expect(200)
    ).body;
    await api
      .http()
      .get(`/api/v1/plans/${planId}/editions/${edition.id}/files/no-such-file.csv`)
      .set(bearer(city.tokens.auditor))
      .expect(404);
    await api
      .http()
      .get(`/api/v1/plans/${planId}/editions/${missing}/files/progress-report.csv`)
      .set(bearer(city.tokens.auditor))
      .expect(404);
  });
});

it('makes one edition of two identical requests at once (the plan row is locked while one is written)', async () => {
  const body = {
    fiscalYear: 2026,
    title: '令和8年度 行財政改革 取組状況（公表版）',
    reason: '同時送信の確認',
  };
  const answers = await Promise.all([freeze(city.tokens.hqAdmin, body), freeze(city.tokens.hqAdmin, body)]);
  expect(answers.map((a) => a.status).sort()).toEqual([200, 201]);
  expect(answers[0]!.body.id).toBe(answers[1]!.body.id);
  expect(answers.map((a) => a.body.editionNumber)).toEqual([1, 1]);
  const entries = (await ledgerEntries()).filter((e) => e.payload.fiscalYear === 2026);
  expect(entries).toHaveLength(1);
});
