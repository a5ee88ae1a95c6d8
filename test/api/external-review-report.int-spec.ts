/**
 * 外部評価報告書 (#25) through HTTP: a review round seeded as its workflows would project it (opinions of
 * two members, the chair's ruling, an approved 市の対応方針 and one not yet approved) reads back from
 * the HTML and the xlsx figure by figure; 公表用 leaves the members' names out unless the city chose
 * to publish them; a 公表版 of the year freezes each round's report, its hashes in the ledger entry;
 * the answers are what the OpenAPI document says.
 */
import { createHash, randomUUID } from 'node:crypto';
import { DEFAULT_EXTERNAL_REVIEW_SETTINGS } from '@pdca/domain/external-review-settings';
import { UserRepository } from '@pdca/persistence/repositories';
import bcrypt from 'bcryptjs';
import ExcelJS from 'exceljs';
import type { Client } from 'pg';
import { conformanceProblems, type OpenApiDocument } from '../support/openapi-conformance';
import { asOwner } from '../support/owner-database';
import { type ApiTestApp, startApiApp } from './api-test-app';
import { as, FY } from './cycle-helpers';
import { type ApiFixture, createApiFixture, type FixtureUser, login, PASSWORD } from './fixtures';

const CHAIR = '外部 委員長';
const MEMBER = '外部 委員二';
const OPINION_CHAIR = '窓口の予約制は利用者の声を聞いて見直すべきである。';
const OPINION_MEMBER = 'オンライン化は順調であり、現行どおり進めてよい。';
const OPINION_OTHER = '施設の再編は<縮小>の方向で検討されたい。';
const RULING_REASON = '利用者の満足度を踏まえ、予約制の運用を見直すこと。';
const RESPONSE = '予約枠を拡大し、予約なしでも受け付ける窓口を残す。';
const EFFECT = 3_600_000;
const TIMING = '令和10年度から';

let api: ApiTestApp;
let fx: ApiFixture;
let chair: FixtureUser;
let member: FixtureUser;
let outsider: FixtureUser;
let reviewId: string;
let firstId: string;
let doc: OpenApiDocument & {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
};

const hashed = bcrypt.hashSync(PASSWORD, 4);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function reviewer(name: string): Promise<FixtureUser> {
  const email = `rv-${randomUUID().slice(0, 8)}@${fx.tenant.code}.example.test`;
  const created = await new UserRepository(api.dataSource).create({
    tenantId: fx.tenant.id,
    email,
    displayName: name,
    passwordHash: hashed,
    roles: ['external_reviewer'],
  });
  return {
    id: created.id,
    email,
    displayName: name,
    roles: ['external_reviewer'],
    token: await login(api, email),
  };
}

/** A round as its workflows project it, written as the schema owner. */
async function insertRound(
  owner: Client,
  round: { title: string; createdAt: string; itemIds: string[]; memberIds: string[]; chairId: string },
): Promise<string> {
  const id = randomUUID();
  const t = fx.tenant;
  await owner.query(
    `INSERT INTO external_reviews (id, tenant_id, fiscal_year, title, chair_user_id, due_at, status, workflow_id,
       created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, '2027-09-30T08:00:00Z', 'ruled', $6, $7, $8, $8)`,
    [
      id,
      t.id,
      FY,
      round.title,
      round.chairId,
      `ext-review/${t.code}/${id}`,
      t.users.hqAdmin.id,
      round.createdAt,
    ],
  );
  for (const userId of round.memberIds) {
    await owner.query(
      'INSERT INTO external_review_members (review_id, user_id, tenant_id) VALUES ($1, $2, $3)',
      [id, userId, t.id],
    );
  }
  for (const [position, itemId] of round.itemIds.entries()) {
    await owner.query(
      'INSERT INTO external_review_items (review_id, item_id, tenant_id, position) VALUES ($1, $2, $3, $4)',
      [id, itemId, t.id, position],
    );
  }
  return id;
}

async function seed(): Promise<void> {
  const t = fx.tenant;
  const { main, other, selfApproval } = t.items;
  await asOwner(async (owner) => {
    // An earlier round of the year (第1回), numbered and dated in its title by the city, its one
    // item not yet ruled on and without opinions: the one under test is 第2回.
    firstId = await insertRound(owner, {
      title: '令和9年度 外部評価（第1回）',
      createdAt: '2027-05-01T00:00:00Z',
      itemIds: [selfApproval.id],
      memberIds: [chair.id],
      chairId: chair.id,
    });
    reviewId = await insertRound(owner, {
      title: '行政手続の外部評価',
      createdAt: '2027-07-01T00:00:00Z',
      // Chosen out of plan order: the report prints them by code all the same.
      itemIds: [other.id, main.id],
      memberIds: [chair.id, member.id],
      chairId: chair.id,
    });
    const opinion = (itemId: string, userId: string, result: string, text: string) =>
      owner.query(
        `INSERT INTO external_review_opinions (id, tenant_id, review_id, item_id, member_user_id, opinion, result,
           revision, submitted_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, now(), now())`,
        [randomUUID(), t.id, reviewId, itemId, userId, text, result],
      );
    await opinion(main.id, member.id, 'as_is', OPINION_MEMBER);
    await opinion(main.id, chair.id, 'revise', OPINION_CHAIR);
    await opinion(other.id, chair.id, 'reduce', OPINION_OTHER);
    const rule = (itemId: string, result: string, reason: string) =>
      owner.query(
        `UPDATE external_review_items SET ruling_result = $3, ruling_reason = $4, ruled_by = $5, ruled_at = now()
          WHERE review_id = $1 AND item_id = $2`,
        [reviewId, itemId, result, reason, chair.id],
      );
    await rule(main.id, 'revise', RULING_REASON);
    await rule(other.id, 'reduce', '規模を縮小すること。');
    const response = (itemId: string, status: string, submission: object | null) =>
      owner.query(
        `INSERT INTO external_responses (id, tenant_id, review_id, item_id, fiscal_year, workflow_id, status,
           leader_user_id, open_at, due_at, round, submission, approved_at, started_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now(), now() + interval '30 days', 1, $9,
           CASE WHEN $7 = 'approved' THEN now() END, now(), now())`,
        [
          randomUUID(),
          t.id,
          reviewId,
          itemId,
          FY,
          `ext-response/${t.code}/${reviewId}/${itemId}`,
          status,
          t.users.leader.id,
          submission,
        ],
      );
    await response(main.id, 'approved', { response: RESPONSE, expectedEffect: EFFECT, timing: TIMING });
    // Submitted but not approved: the report says 未承認 and prints none of it.
    await response(other.id, 'submitted', {
      response: '未承認の対応方針',
      expectedEffect: 1000,
      timing: '未定',
    });
  });
}

beforeAll(async () => {
  api = await startApiApp();
  fx = await createApiFixture(api);
  chair = await reviewer(CHAIR);
  member = await reviewer(MEMBER);
  outsider = await reviewer('外部 委員外');
  await seed();
  doc = (await api.http().get('/api/docs-json').expect(200)).body;
}, 60_000);

afterAll(async () => {
  await api?.close();
});

const htmlText = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** The section of a block in the printed page. */
function block(html: string, key: string): string {
  const match = new RegExp(`<section data-block="${key}"[^>]*>([\\s\\S]*?)</section>`).exec(html);
  if (!match) throw new Error(`no block ${key}`);
  return match[1]!;
}

/** A label/value row's value in a block. */
function field(html: string, key: string, name: string): string {
  const match = new RegExp(`<tr data-field="${name}"><th>[^<]*</th><td[^>]*>([\\s\\S]*?)</td>`).exec(
    block(html, key),
  );
  if (!match) throw new Error(`no field ${name} in ${key}`);
  return htmlText(match[1]!);
}

/** An opinions row: the member as printed, the proposed result, the opinion. */
function opinionRows(html: string, index: number): string[][] {
  const rows = [
    ...block(html, `opinions${index}`).matchAll(/<tr data-row="[^"]*"><th>([^<]*)<\/th>([\s\S]*?)<\/tr>/g),
  ];
  return rows.map((r) => [
    htmlText(r[1]!),
    ...[...r[2]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => htmlText(c[1]!)),
  ]);
}

function report(user: FixtureUser, query = '', id = reviewId) {
  return as(api, user).get(`/external-reviews/${id}/report${query ? `?${query}` : ''}`);
}

async function workbookTexts(
  bytes: Buffer,
): Promise<{ texts: string[]; numbers: Array<{ value: number; numFmt: string }> }> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  const sheet = book.getWorksheet('外部評価報告書');
  if (!sheet) throw new Error('no sheet 外部評価報告書');
  const texts: string[] = [];
  const numbers: Array<{ value: number; numFmt: string }> = [];
  sheet.eachRow((row) =>
    row.eachCell((cell) => {
      if (typeof cell.value === 'number') numbers.push({ value: cell.value, numFmt: cell.numFmt });
      else if (typeof cell.value === 'string') texts.push(cell.value);
    }),
  );
  return { texts, numbers };
}

it('prints every opinion, the ruling and the approved response in the HTML, for HQ', async () => {
  const res = await report(fx.tenant.users.hqAdmin).expect(200);
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(res.headers['content-security-policy']).toContain("default-src 'none'");
  const html = res.text;
  expect(html).toContain('外部評価報告書 令和9年度（2027年度）');
  // 名称 as the city wrote it; 第n回 beside it under the report's title, where the title has none.
  expect(field(html, 'round', 'title')).toBe('行政手続の外部評価');
  expect(html).toContain('<p>第2回 行政手続の外部評価</p>');
  expect(field(html, 'round', 'fiscalYear')).toBe('令和9年度（2027年度）');
  expect(field(html, 'round', 'members')).toBe(`${CHAIR}、${MEMBER}`);
  expect(field(html, 'round', 'chair')).toBe(CHAIR);
  expect(field(html, 'round', 'itemCount')).toBe('2');
  expect(field(html, 'round', 'dueAt')).toBe('2027年9月30日');
  // The word the screens use for the round's status.
  expect(field(html, 'round', 'status')).toBe('委員会の評価済み');
  // Item 1-1: both members (the chair first), the ruling, the approved response with its figures.
  expect(block(html, 'item0')).toContain('1-1 行政手続のオンライン化');
  expect(opinionRows(html, 0)).toEqual([
    [CHAIR, '見直し', OPINION_CHAIR],
    [MEMBER, '現行どおり', OPINION_MEMBER],
  ]);
  expect(field(html, 'item0', 'ruling')).toBe('見直し');
  expect(field(html, 'item0', 'rulingReason')).toBe(RULING_REASON);
  expect(field(html, 'response0', 'responseStatus')).toBe('承認済み');
  expect(field(html, 'response0', 'response')).toBe(RESPONSE);
  expect(field(html, 'response0', 'expectedEffect')).toBe('3,600千円');
  expect(field(html, 'response0', 'timing')).toBe(TIMING);
  // Item 1-2: one opinion (escaped), a ruling, a response not yet approved: 未承認 and nothing of it.
  expect(opinionRows(html, 1)).toEqual([[CHAIR, '縮小', OPINION_OTHER]]);
  expect(html).toContain('&lt;縮小&gt;');
  expect(field(html, 'item1', 'ruling')).toBe('縮小');
  expect(field(html, 'response1', 'responseStatus')).toBe('未承認');
  expect(field(html, 'response1', 'response')).toBe('—');
  expect(html).not.toContain('未承認の対応方針');
});

it('prints a title that numbers and dates itself as written, and an item not yet ruled on as such', async () => {
  const html = (await report(fx.tenant.users.hqAdmin, '', firstId).expect(200)).text;
  expect(field(html, 'round', 'title')).toBe('令和9年度 外部評価（第1回）');
  expect(html).toContain('<p>令和9年度 外部評価（第1回）</p>');
  expect(html).not.toContain('第1回 令和9年度');
  expect(field(html, 'item0', 'ruling')).toBe('未評価');
  // No 市の対応方針 is asked for before the committee's ruling: not 「未承認」.
  expect(field(html, 'response0', 'responseStatus')).toBe('委員会の評価前');
  // No opinions: one row across the table, not a squeezed label in the members' column.
  expect(opinionRows(html, 0)).toEqual([]);
  expect(block(html, 'opinions0')).toContain('<td colspan="3">意見はありません。</td>');
  const { texts } = await workbookTexts(
    (await report(fx.tenant.users.hqAdmin, 'format=xlsx', firstId).responseType('blob').expect(200))
      .body as Buffer,
  );
  expect(texts).toEqual(
    expect.arrayContaining(['令和9年度 外部評価（第1回）', '意見はありません。', '委員会の評価前']),
  );
  expect(texts.some((t) => t.includes('第1回 令和9年度'))).toBe(false);
});

it('writes the same in a styled xlsx a clerk can edit, 効果見込額 as a number in 千円', async () => {
  const res = await report(fx.tenant.users.auditor, 'format=xlsx').responseType('blob').expect(200);
  expect(res.headers['content-type']).toBe(
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );
  expect(res.headers['content-disposition']).toMatch(/^attachment; filename="external-review-report-/);
  const { texts, numbers } = await workbookTexts(res.body as Buffer);
  for (const t of [
    '外部評価報告書 令和9年度（2027年度）',
    '第2回 行政手続の外部評価',
    CHAIR,
    MEMBER,
    OPINION_CHAIR,
    OPINION_MEMBER,
    OPINION_OTHER,
    '見直し',
    '現行どおり',
    RULING_REASON,
    RESPONSE,
    TIMING,
    '未承認',
  ]) {
    expect({ t, found: texts.includes(t) }).toEqual({ t, found: true });
  }
  expect(numbers).toEqual(
    expect.arrayContaining([{ value: EFFECT, numFmt: expect.stringContaining('千円') }]),
  );
  expect(texts).not.toContain('未承認の対応方針');
});

it('leaves the members’ names out for publication, unless the city publishes them', async () => {
  const html = (await report(fx.tenant.users.hqApprover, 'publication=true').expect(200)).text;
  expect(html).not.toContain(CHAIR);
  expect(html).not.toContain(MEMBER);
  expect(field(html, 'round', 'members')).toBe('2名');
  expect(opinionRows(html, 0)).toEqual([
    ['委員A', '見直し', OPINION_CHAIR],
    ['委員B', '現行どおり', OPINION_MEMBER],
  ]);
  const book = await workbookTexts(
    (
      await report(fx.tenant.users.hqApprover, 'publication=true&format=xlsx')
        .responseType('blob')
        .expect(200)
    ).body as Buffer,
  );
  expect(book.texts.some((t) => t.includes(CHAIR) || t.includes(MEMBER))).toBe(false);
  expect(book.texts).toEqual(expect.arrayContaining(['委員A', '委員B', RESPONSE]));
  // English headings name them the same way.
  const en = (await report(fx.tenant.users.hqApprover, 'publication=true&lang=en').expect(200)).text;
  expect(opinionRows(en, 0).map((r) => r[0])).toEqual(['Member A', 'Member B']);
  expect(field(en, 'round', 'fiscalYear')).toBe('FY2027 (Reiwa 9)');

  await setPublishNames(true);
  try {
    const named = (await report(fx.tenant.users.hqApprover, 'publication=true').expect(200)).text;
    expect(opinionRows(named, 0).map((r) => r[0])).toEqual([CHAIR, MEMBER]);
  } finally {
    await setPublishNames(false);
  }
});

async function setPublishNames(publishMemberNames: boolean): Promise<void> {
  await asOwner((owner) =>
    owner.query(
      `UPDATE tenants SET settings = jsonb_set(coalesce(settings, '{}'::jsonb), '{externalReview}', $2::jsonb) WHERE id = $1`,
      [fx.tenant.id, JSON.stringify({ ...DEFAULT_EXTERNAL_REVIEW_SETTINGS, publishMemberNames })],
    ),
  );
}

it('is for HQ, auditors and the round’s members: others 403, no such round 404, a bad query 400', async () => {
  await report(member).expect(200);
  // While an item waits for its ruling a member could still read the others' 意見 before giving
  // their own: members wait for the committee's last ruling, HQ and auditors do not.
  const reopen = (status: string) =>
    asOwner((owner) =>
      owner.query('UPDATE external_reviews SET status = $2 WHERE id = $1', [reviewId, status]),
    );
  await reopen('open');
  try {
    const early = await report(member).expect(409);
    expect(early.body.code).toBe('ROUND_NOT_RULED');
    expect(early.body.messageJa).toContain('外部評価報告書');
    expect(conformanceProblems(doc, 'ErrorResponseDto', early.body)).toEqual([]);
    await report(fx.tenant.users.auditor).expect(200);
  } finally {
    await reopen('ruled');
  }
  const notMember = await report(outsider).expect(403);
  expect(notMember.body.code).toBe('NOT_ROUND_MEMBER');
  expect(notMember.body.messageJa).toContain('外部評価報告書');
  expect(conformanceProblems(doc, 'ErrorResponseDto', notMember.body)).toEqual([]);
  expect((await report(fx.tenant.users.leader).expect(403)).body.code).toBe('ROLE_REQUIRED');
  const missing = await as(api, fx.tenant.users.auditor)
    .get(`/external-reviews/${randomUUID()}/report`)
    .expect(404);
  expect(conformanceProblems(doc, 'ErrorResponseDto', missing.body)).toEqual([]);
  // Another city's auditor finds nothing.
  await as(api, fx.otherTenant.users.auditor).get(`/external-reviews/${reviewId}/report`).expect(404);
  const bad = await report(fx.tenant.users.auditor, 'format=pdf').expect(400);
  expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(['format']);
  expect(conformanceProblems(doc, 'ErrorResponseDto', bad.body)).toEqual([]);
  const documented = doc.paths['/api/v1/external-reviews/{reviewId}/report']!.get!.responses;
  expect(Object.keys(documented['200']!.content ?? {})).toEqual([
    'text/html',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ]);
  expect(Object.keys(documented)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404', '409']));
});

it('is frozen in the year’s edition (公表用) as external-review-<n>.html and .xlsx, hashed in the ledger', async () => {
  const res = await as(api, fx.tenant.users.hqAdmin)
    .post(`/plans/${fx.tenant.planId}/editions`, {
      fiscalYear: FY,
      title: '令和9年度 公表版',
      reason: '外部評価の公表',
    })
    .expect(201);
  expect(conformanceProblems(doc, 'PublishEditionResultDto', res.body)).toEqual([]);
  const files = res.body.files as Array<{ name: string; sha256: string; href: string; contentType: string }>;
  const reports = files.filter((f) => f.name.startsWith('external-review-')).map((f) => f.name);
  expect(reports).toEqual([
    'external-review-1.html',
    'external-review-1.xlsx',
    'external-review-2.html',
    'external-review-2.xlsx',
  ]);
  const [entry] = await api.dataSource.query(
    `SELECT payload FROM audit_log WHERE tenant_id = $1 AND action = 'edition.published' ORDER BY seq DESC LIMIT 1`,
    [fx.tenant.id],
  );
  const ledgerFiles = entry.payload.files as Array<{ name: string; sha256: string }>;
  for (const name of reports) {
    const file = files.find((f) => f.name === name)!;
    const got = await as(api, fx.tenant.users.auditor)
      .get(file.href.replace(/^\/api\/v1/, ''))
      .responseType('blob')
      .expect(200);
    const bytes = got.body as Buffer;
    expect({ name, sha256: sha256(bytes) }).toEqual({ name, sha256: file.sha256 });
    expect(ledgerFiles.find((f) => f.name === name)?.sha256).toBe(sha256(bytes));
  }
  const second = files.find((f) => f.name === 'external-review-2.html')!;
  const frozen = (
    await as(api, fx.tenant.users.auditor)
      .get(second.href.replace(/^\/api\/v1/, ''))
      .responseType('blob')
      .expect(200)
  ).body.toString('utf8') as string;
  expect(field(frozen, 'response0', 'response')).toBe(RESPONSE);
  expect(field(frozen, 'item0', 'rulingReason')).toBe(RULING_REASON);
  expect(frozen).not.toContain(CHAIR);
  expect(frozen).not.toContain(MEMBER);
  expect(frozen).toContain('公表用');
});
