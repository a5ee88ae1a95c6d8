/**
 * #25 外部評価 on the auditor's item timeline, through HTTP with a real worker: HQ creates a round
 * with two items, the members give their opinions (one replaced), the chair rules on one item, the
 * item's leader submits the city's response and HQ approves it. GET /audit/items/{itemId}/history
 * then shows, in the ledger's order and in words, the round's creation (one entry for both items,
 * found through its payload), each opinion by its member, the ruling by the chair and the response's
 * opening, submission and approval — no opinion's text in any sentence; the other item shows the
 * creation and its opinions but no ruling; a member sees the others' opinions only where they gave
 * their own; the ledger verifies.
 */
import { conformanceProblems, type OpenApiDocument } from '../support/openapi-conformance';
import { type ApiTestApp, startApiWithWorker } from './api-test-app';
import { as, eventually } from './cycle-helpers';
import { type ApiFixture, createApiFixture, createFixtureUser, type FixtureUser } from './fixtures';

let api: ApiTestApp;
let fx: ApiFixture;
let doc: OpenApiDocument;
let chair: FixtureUser;
let member: FixtureUser;

interface TimelineEntry {
  source: 'ledger' | 'temporal';
  kind: string;
  labelJa: string;
  labelEn: string;
  actor: { userId: string | null; role: string | null; type: string } | null;
  comment: string | null;
  ledger?: { seq: number };
}

beforeAll(async () => {
  api = await startApiWithWorker('api-ext-timeline');
  fx = await createApiFixture(api);
  doc = (await api.http().get('/api/docs-json').expect(200)).body;
  const reviewer = (key: string, name: string) =>
    createFixtureUser(api, fx.tenant, key, name, ['external_reviewer']);
  chair = await reviewer('chair', '委員長 一郎');
  member = await reviewer('member', '山田 太郎');
});

afterAll(async () => {
  await api?.close();
});

it('shows the round, the opinions, the ruling and the city’s response on the item’s timeline, in words', async () => {
  const { hqAdmin, hqApprover, auditor, leader } = fx.tenant.users;
  const { main, other } = fx.tenant.items;
  const dueAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const title = '令和7年度 外部評価（第1回）';
  const created = await as(api, hqAdmin)
    .post('/external-reviews', {
      fiscalYear: 2025,
      title,
      itemIds: [main.id, other.id],
      memberUserIds: [chair.id, member.id],
      chairUserId: chair.id,
      dueAt,
    })
    .expect(201);
  const reviewId = created.body.id as string;

  const opinionTexts = [
    '成果指標が目的に合っていない。',
    '継続が妥当。',
    '対象を絞って縮小すべき。',
    '現行どおり。',
  ];
  const opinion = (user: FixtureUser, itemId: string, text: string, result: string) =>
    as(api, user)
      .post(`/external-reviews/${reviewId}/opinions`, { itemId, opinion: text, result })
      .expect(200);
  await opinion(chair, main.id, opinionTexts[0]!, 'revise');
  await opinion(member, main.id, opinionTexts[1]!, 'as_is');
  await opinion(member, main.id, opinionTexts[2]!, 'reduce'); // replaces the member's first (第2版)
  await opinion(member, other.id, opinionTexts[3]!, 'as_is');
  const reason = '成果指標を見直したうえで継続する。';
  await as(api, chair)
    .post(`/external-reviews/${reviewId}/rulings`, { itemId: main.id, result: 'revise', reason })
    .expect(200);

  // The ruling starts the city's response for the item's leader; the leader submits, HQ approves.
  const lead = as(api, leader);
  const responseId = await eventually(async () => {
    const res = await lead.get(`/external-responses?itemId=${main.id}`).expect(200);
    return (res.body.items as Array<{ id: string }>)[0]?.id;
  });
  const submitted = (
    await lead
      .post(`/external-responses/${responseId}`, {
        response: '開館日を見直し、運営を委託する。',
        expectedEffect: 3_600_000,
        timing: '令和8年度から',
      })
      .expect(200)
  ).body;
  const step = submitted.approvals.find((a: { status: string }) => a.status === 'pending');
  const approved = (
    await as(api, hqApprover).post(`/approvals/${step.id}/decision`, { decision: 'approve' }).expect(200)
  ).body;
  expect(approved.status).toBe('approved');

  // The auditor's timeline of the ruled item.
  const auditorApi = as(api, auditor);
  const history = (await auditorApi.get(`/audit/items/${main.id}/history`).expect(200)).body;
  expect(conformanceProblems(doc, 'ItemHistoryDto', history)).toEqual([]);
  const external = (history.entries as TimelineEntry[]).filter(
    (e) => e.source === 'ledger' && e.kind.startsWith('external_'),
  );
  expect(external.map((e) => [e.kind, e.actor?.userId, e.actor?.role])).toEqual([
    ['external_review.created', hqAdmin.id, 'hq_admin'],
    ['external_review.opinion_submitted', chair.id, 'external_reviewer'],
    ['external_review.opinion_submitted', member.id, 'external_reviewer'],
    ['external_review.opinion_submitted', member.id, 'external_reviewer'],
    ['external_review.ruled', chair.id, 'external_reviewer'],
    ['external_response.opened', null, null],
    ['external_response.submitted', leader.id, 'wg_leader'],
    ['external_response.approved', hqApprover.id, 'hq_approver'],
  ]);
  const seqs = external.map((e) => e.ledger!.seq);
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  expect(external.map((e) => e.labelJa)).toEqual([
    expect.stringMatching(
      new RegExp(
        `^令和7年度（2025年度）の外部評価「${regexEscaped(title)}」の対象に選定（改革項目2件・委員2名・期限 \\d{4}年\\d+月\\d+日 \\d\\d:\\d\\d） — ${hqAdmin.displayName}（本部事務局）$`,
      ),
    ),
    '意見を提出（評価区分（案） 見直し） — 委員長 一郎（外部評価委員）',
    '意見を提出（評価区分（案） 現行どおり） — 山田 太郎（外部評価委員）',
    '意見を差し替え（評価区分（案） 縮小・第2版） — 山田 太郎（外部評価委員）',
    '委員会の評価を記録（見直し） — 委員長 一郎（外部評価委員）',
    expect.stringMatching(
      /^市の対応方針の作成を受付開始（委員会の評価 見直し・期限 .+） — システム（自動）$/,
    ),
    `市の対応方針を提出（効果見込額 3,600千円） — ${leader.displayName}（WGリーダー）`,
    `市の対応方針を承認（決定） — ${hqApprover.displayName}（本部承認者）`,
  ]);
  expect(external[4]!.comment).toBe(reason);
  expect(external[2]!.labelEn).toBe(
    'opinion submitted (proposed result: Keep as is) by 山田 太郎 (External reviewer)',
  );
  for (const e of external) {
    for (const text of opinionTexts) expect(`${e.labelJa} ${e.labelEn}`).not.toContain(text);
  }

  // The other item: the same creation entry and its own opinion, no ruling, no response.
  const otherHistory = (await auditorApi.get(`/audit/items/${other.id}/history`).expect(200)).body;
  const otherExternal = (otherHistory.entries as TimelineEntry[]).filter((e) =>
    e.kind.startsWith('external_'),
  );
  expect(otherExternal.map((e) => [e.kind, e.actor?.userId])).toEqual([
    ['external_review.created', hqAdmin.id],
    ['external_review.opinion_submitted', member.id],
  ]);
  expect(otherExternal[0]!.ledger!.seq).toBe(external[0]!.ledger!.seq);

  // A member reads the item's timeline under the round's rule: the others' 意見 (their entries name
  // the proposed result) only where they have given their own. The chair gave none on the other item.
  const opinionsSeenBy = async (user: FixtureUser, itemId: string) =>
    ((await as(api, user).get(`/audit/items/${itemId}/history`).expect(200)).body.entries as TimelineEntry[])
      .filter((e) => e.kind === 'external_review.opinion_submitted')
      .map((e) => e.actor?.userId);
  expect(await opinionsSeenBy(chair, other.id)).toEqual([]);
  expect(await opinionsSeenBy(member, other.id)).toEqual([member.id]);
  expect(await opinionsSeenBy(member, main.id)).toEqual([chair.id, member.id, member.id]);

  // The item's ledger export holds the same entries, worded the same.
  const exported = await auditorApi.get(`/audit/log?format=ndjson&itemId=${main.id}`).expect(200);
  const rows = exported.text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { action: string; seq: number; description: { ja: string } })
    .filter((r) => r.action.startsWith('external_'));
  expect(rows.map((r) => [r.seq, r.description.ja])).toEqual(external.map((e) => [e.ledger!.seq, e.labelJa]));

  // An item of no round has none of it; the ledger still verifies.
  const untouched = (
    await auditorApi.get(`/audit/items/${fx.tenant.items.selfApproval.id}/history`).expect(200)
  ).body;
  expect((untouched.entries as TimelineEntry[]).filter((e) => e.kind.startsWith('external_'))).toEqual([]);
  const verified = (await auditorApi.get('/audit/verify').expect(200)).body;
  expect(verified.ok).toBe(true);
});

it('finds the rounds that chose an item through the creation entries’ index, not by reading the ledger', async () => {
  // The shape of entriesOfItem's second branch, less its tenant filter: on this small table the
  // planner would pick the tenant's btree index instead; on a real ledger the GIN index is the narrow one.
  const plan = await api.dataSource.transaction(async (m) => {
    await m.query('SET LOCAL enable_seqscan = off');
    return m.query(
      `EXPLAIN SELECT a.seq FROM audit_log a WHERE a.action = 'external_review.created'
         AND a.payload->'itemIds' ? $1::text AND a.item_id IS DISTINCT FROM $1::uuid`,
      [fx.tenant.items.main.id],
    );
  });
  expect(plan.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n')).toContain(
    'audit_log_review_items_idx',
  );
});

function regexEscaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
