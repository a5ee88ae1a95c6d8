/**
 * #23 through HTTP: GET /items/{itemId}/evaluation-sheet — who may export it (HQ, admins, auditors,
 * and a leader only for the items of the groups they lead), what a bad query answers (400 naming
 * the field in ja and en), 404 for an item the tenant does not have, and the two files' types:
 * an inline HTML page with a closed Content-Security-Policy and an xlsx attachment.
 */
import ExcelJS from 'exceljs';
import { type ApiTestApp, bearer, startApiApp } from './api-test-app';
import { type ApiFixture, createApiFixture } from './fixtures';

let api: ApiTestApp;
let fx: ApiFixture;

beforeAll(async () => {
  api = await startApiApp();
  fx = await createApiFixture(api);
});

afterAll(async () => {
  await api?.close();
});

const sheetOf = (itemId: string, token: string, query: Record<string, string | number | boolean>) =>
  api.http().get(`/api/v1/items/${itemId}/evaluation-sheet`).query(query).set(bearer(token));

it('serves the auditor a print-ready HTML page inline, closed to scripts and outside requests', async () => {
  const { main } = fx.tenant.items;
  const res = await sheetOf(main.id, fx.tenant.users.auditor.token, { fiscalYear: 2025 }).expect(200);
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(res.headers['content-disposition']).toMatch(/^inline; filename="evaluation-sheet-1-1-2025\.html"/);
  expect(res.headers['content-security-policy']).toContain("default-src 'none'");
  expect(res.headers['content-security-policy']).not.toContain('script-src');
  expect(res.text).toContain('<title>改革項目 評価シート 令和7年度（2025年度）</title>');
  expect(res.text).toContain('行政手続のオンライン化');
  // Its place in the plan: the primary parent the item was written with (items.theme_id).
  expect(res.text).toContain('1 持続可能な行政運営 › 1-A デジタル化の推進');
  expect(res.text).not.toContain('<script');
  // The internal sheet names the leader; the publication sheet names nobody.
  expect(res.text).toContain(fx.tenant.users.leader.displayName);
  const pub = await sheetOf(main.id, fx.tenant.users.auditor.token, { fiscalYear: 2025, publication: true });
  expect(pub.status).toBe(200);
  for (const user of Object.values(fx.tenant.users)) expect(pub.text).not.toContain(user.displayName);
});

it('downloads the xlsx as an attachment with a Japanese file name, for HQ, admins and the item’s leader', async () => {
  const { main } = fx.tenant.items;
  const { hqApprover, hqAdmin, admin, leader } = fx.tenant.users;
  for (const user of [hqApprover, hqAdmin, admin, leader]) {
    const res = await sheetOf(main.id, user.token, { fiscalYear: 2025, format: 'xlsx' })
      .responseType('blob')
      .expect(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers['content-disposition']).toContain(
      'attachment; filename="evaluation-sheet-1-1-2025.xlsx"',
    );
    expect(res.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('評価シート_1-1_行政手続のオンライン化_2025年度.xlsx')}`,
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as ExcelJS.Buffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['評価シート']);
    // Printed, every page names the item and its page of pages.
    expect(book.worksheets[0]!.headerFooter.oddFooter).toBe('&L1-1 行政手続のオンライン化&R&P / &N');
  }
  const en = await sheetOf(main.id, leader.token, { fiscalYear: 2025, lang: 'en', format: 'html' }).expect(
    200,
  );
  expect(en.text).toContain('<html lang="en">');
  expect(en.text).toContain(
    '<tr data-field="department"><th>Department / working group</th><td>DX推進WG</td>',
  );
  expect(en.text).toContain('<tr data-field="gradeReason"><th>Reasons for the progress grade</th><td>—</td>');
});

it('refuses a leader the items of a group they do not lead (403 in ja and en), members included', async () => {
  const { main, other } = fx.tenant.items;
  const { otherLeader, member, leader } = fx.tenant.users;
  for (const [token, itemId] of [
    [otherLeader.token, main.id],
    [member.token, main.id],
    [leader.token, other.id],
  ] as const) {
    const res = await sheetOf(itemId, token, { fiscalYear: 2025 }).expect(403);
    expect(res.body.code).toBe('NOT_ITEM_LEADER');
    expect(res.body.messageJa).toContain('評価シート');
    expect(res.body.messageEn).toContain('evaluation sheet');
  }
  await sheetOf(other.id, otherLeader.token, { fiscalYear: 2025 }).expect(200);
});

it('answers 400 naming fiscalYear or format, and 404 for an item of no such id or of another city', async () => {
  const { main } = fx.tenant.items;
  const token = fx.tenant.users.auditor.token;
  const fieldsOf = (body: { details?: Array<{ field: string; messageJa: string; messageEn: string }> }) =>
    (body.details ?? []).map((d) => d.field);
  const missing = await sheetOf(main.id, token, {}).expect(400);
  expect(fieldsOf(missing.body)).toContain('fiscalYear');
  expect(missing.body.details[0].messageJa).toContain('fiscalYear');
  for (const fiscalYear of [1999, 2101, '2025.5', 'abc']) {
    const res = await sheetOf(main.id, token, { fiscalYear }).expect(400);
    expect(fieldsOf(res.body)).toEqual(['fiscalYear']);
  }
  const format = await sheetOf(main.id, token, { fiscalYear: 2025, format: 'pdf' }).expect(400);
  expect(fieldsOf(format.body)).toEqual(['format']);
  expect(format.body.details[0].messageEn).toContain('html');
  const lang = await sheetOf(main.id, token, { fiscalYear: 2025, lang: 'fr' }).expect(400);
  expect(fieldsOf(lang.body)).toEqual(['lang']);

  await sheetOf('00000000-0000-4000-8000-000000000000', token, { fiscalYear: 2025 }).expect(404);
  const foreign = await sheetOf(fx.otherTenant.items.main.id, token, { fiscalYear: 2025 }).expect(404);
  expect(foreign.body.messageJa).toContain('改革項目');
  await api.http().get(`/api/v1/items/${main.id}/evaluation-sheet`).query({ fiscalYear: 2025 }).expect(401);
});
