/**
 * #25 外部評価: a review round on the time-skipping server with a real worker writing real
 * PostgreSQL. Two items, two members (one the chair): opinions, one of them replaced by a second
 * (revision 2); the member still missing an opinion is reminded before the due date and reported
 * to the chair and HQ at it, the one who gave theirs is not; the chair rules on both items (a
 * member's ruling and a second ruling are refused); the round is ruled and the city's response was
 * started for each item as a child that outlives the round.
 */
import { randomUUID } from 'node:crypto';
import {
  type Actor,
  EXTERNAL_RESPONSE_WORKFLOW_TYPE,
  type ExternalReviewInput,
  type ExternalReviewState,
  externalResponseWorkflowId,
  externalReviewWorkflowId,
  recordExternalRulingUpdate,
  submitExternalOpinionUpdate,
} from '@pdca/contracts';
import { DEFAULT_REMINDER_POLICY, jstInstant } from '@pdca/domain';
import { DEFAULT_EXTERNAL_REVIEW_RESULTS } from '@pdca/domain/external-review-settings';
import { startExternalReview } from '@pdca/temporal/external-review-start';
import type { DataSource } from 'typeorm';
import { recordHistoryIfAsked, rejectionOf } from '../support/cycle-client';
import { createCycleFixture } from '../support/cycle-fixtures';
import { openDataSource, uniqueSuffix } from '../support/test-worker';
import { businessSleeper, eventually, withTimeSkippingWorker } from '../support/time-skipping';

let db: DataSource;
beforeAll(async () => {
  db = await openDataSource();
});
afterAll(async () => {
  await db?.destroy();
});

const DAY = 86_400_000;
const START = jstInstant(2026, 9, 1, 9).getTime();
const DUE = jstInstant(2026, 9, 30, 17).getTime();

async function world() {
  const f = await createCycleFixture(db);
  const [{ plan_id: planId, working_group_id: wg }] = await db.query(
    'SELECT plan_id, working_group_id FROM items WHERE id = $1',
    [f.itemId],
  );
  const [{ id: item2 }] = await db.query(
    `INSERT INTO items (tenant_id, plan_id, code, title, working_group_id) VALUES ($1, $2, '1-2', '公共施設の再編', $3) RETURNING id`,
    [f.tenantId, planId, wg],
  );
  const reviewer = async (key: string, displayName: string): Promise<Actor> => {
    const [{ id }] = await db.query(
      `INSERT INTO users (tenant_id, email, display_name, password_hash, roles) VALUES ($1, $2, $3, 'x', '{external_reviewer}') RETURNING id`,
      [f.tenantId, `${key}-${uniqueSuffix()}@example.test`, displayName],
    );
    return { userId: id, displayName, roles: ['external_reviewer'] };
  };
  return {
    f,
    item2,
    chair: await reviewer('chair', '委員長 一郎'),
    member: await reviewer('member', '委員 花子'),
  };
}

it('takes opinions, reminds the member missing one, and starts a response for each ruling', async () => {
  const { f, item2, chair, member } = await world();
  const item1 = f.itemId;
  const reviewId = randomUUID();
  const workflowId = externalReviewWorkflowId(f.tenantCode, reviewId);
  await withTimeSkippingWorker(db, 'ext-review', async ({ env, client, taskQueue }) => {
    const input: ExternalReviewInput = {
      reviewId,
      tenantId: f.tenantId,
      tenantCode: f.tenantCode,
      fiscalYear: 2025,
      title: '令和7年度 外部評価（第1回）',
      itemIds: [item1, item2],
      memberUserIds: [chair.userId, member.userId],
      chairUserId: chair.userId,
      dueAt: new Date(DUE).toISOString(),
      createdBy: f.hqAdmin,
      timeScale: 1,
      businessStartMs: START,
      context: {
        results: [...DEFAULT_EXTERNAL_REVIEW_RESULTS],
        reminderPolicy: DEFAULT_REMINDER_POLICY,
        publishMemberNames: false,
      },
    };
    const sleepUntil = businessSleeper(env, START, await env.currentTimeMs());
    let s: ExternalReviewState = await startExternalReview(client, taskQueue, input);
    expect(s).toMatchObject({ status: 'open', items: [{ itemId: item1 }, { itemId: item2 }] });
    const h = client.workflow.getHandle(workflowId);
    const opinion = (actor: Actor, itemId: string, text: string, result: string) =>
      h.executeUpdate(submitExternalOpinionUpdate, { args: [actor, { itemId, opinion: text, result }] });

    await opinion(chair, item1, '成果指標が施策の目的に合っていない。', 'revise');
    await opinion(chair, item2, '現行の手法で妥当。', 'as_is');
    await opinion(member, item1, '継続が妥当。', 'as_is');
    expect(await rejectionOf(opinion(member, item1, '区分が誤り', 'S'))).toBe('INVALID_PAYLOAD');
    expect(await rejectionOf(opinion(f.hqAdmin, item1, '本部の意見', 'as_is'))).toBe('NOT_ALLOWED');
    s = await opinion(member, item1, '対象を絞って縮小すべき。', 'reduce');
    expect(s.opinions.find((o) => o.memberUserId === member.userId)).toMatchObject({
      itemId: item1,
      result: 'reduce',
      revision: 2,
    });
    const [stored] = await db.query(
      'SELECT opinion, result, revision FROM external_review_opinions WHERE review_id = $1 AND member_user_id = $2',
      [reviewId, member.userId],
    );
    expect(stored).toEqual({ opinion: '対象を絞って縮小すべき。', result: 'reduce', revision: 2 });

    // The member still owes an opinion on item 2: reminded 7 and 1 days before, reported at the due date.
    const row = () => db.query('SELECT * FROM external_reviews WHERE id = $1', [reviewId]).then((r) => r[0]);
    await sleepUntil(DUE - 7 * DAY - 3_600_000);
    expect((await row()).reminders_sent).toBe(0);
    await sleepUntil(DUE + 3_600_000);
    const overdue = await eventually(row, (r) => r.reminders_sent === 3, 'two reminders and the escalation');
    expect(overdue.overdue).toBe(true);
    const outbox: Array<{ type: string; payload: Record<string, unknown> }> = await db.query(
      `SELECT type, payload FROM outbox WHERE tenant_id = $1 AND type LIKE 'external_review.%' ORDER BY id`,
      [f.tenantId],
    );
    const reminders = outbox.filter((o) => o.type === 'external_review.reminder');
    expect(
      reminders.map((o) => [o.payload.memberUserId, o.payload.reminderKey, o.payload.missingItemIds]),
    ).toEqual([
      [member.userId, 'before-7d', [item2]],
      [member.userId, 'before-1d', [item2]],
      [member.userId, 'overdue', [item2]],
    ]);
    expect(outbox.find((o) => o.type === 'external_review.escalated')?.payload).toMatchObject({
      reviewId,
      chairUserId: chair.userId,
      missingMemberUserIds: [member.userId],
      escalateToRoles: ['hq_admin'],
    });
    expect(outbox.filter((o) => o.type === 'external_review.opinion_requested')).toHaveLength(2);
    expect(JSON.stringify(outbox)).not.toContain('縮小すべき');

    // The chair rules on both items: a member may not, nor may the chair twice.
    const ruling = (actor: Actor, itemId: string, result: string, reason: string) =>
      h.executeUpdate(recordExternalRulingUpdate, { args: [actor, { itemId, result, reason }] });
    expect(await rejectionOf(ruling(member, item1, 'revise', '理由'))).toBe('NOT_ALLOWED');
    s = await ruling(chair, item1, 'revise', '成果指標を見直したうえで継続する。');
    expect(await rejectionOf(ruling(chair, item1, 'as_is', '再度'))).toBe('WRONG_STAGE');
    expect(await rejectionOf(opinion(member, item1, '遅れた意見', 'as_is'))).toBe('WRONG_STAGE');
    expect(s.status).toBe('open');
    s = await ruling(chair, item2, 'as_is', '現行どおりで妥当。');
    expect(s.status).toBe('ruled');
    const final = await h.result();
    expect(final.status).toBe('ruled');

    // Each ruling started the city's response, a child left running when the round ended.
    for (const item of final.items) {
      const child = await client.workflow
        .getHandle(externalResponseWorkflowId(f.tenantCode, reviewId, item.itemId))
        .describe();
      expect(child.type).toBe(EXTERNAL_RESPONSE_WORKFLOW_TYPE);
      expect(child.parentExecution?.workflowId).toBe(workflowId);
      expect(item.responseId).toMatch(/^[0-9a-f-]{36}$/);
    }
    recordHistoryIfAsked(workflowId, 'external-review', env.address);
  });

  expect(await db.query('SELECT status FROM external_reviews WHERE id = $1', [reviewId])).toEqual([
    { status: 'ruled' },
  ]);
  expect(
    await db.query(
      'SELECT item_id, position, ruling_result, ruled_by FROM external_review_items WHERE review_id = $1 ORDER BY position',
      [reviewId],
    ),
  ).toEqual([
    { item_id: item1, position: 1, ruling_result: 'revise', ruled_by: chair.userId },
    { item_id: item2, position: 2, ruling_result: 'as_is', ruled_by: chair.userId },
  ]);
  const ledger = await db.query(
    `SELECT action, item_id, actor_role, comment FROM audit_log WHERE payload->>'reviewId' = $1 AND action LIKE 'external_review.%' ORDER BY seq`,
    [reviewId],
  );
  expect(ledger.map((e: { action: string; item_id: string | null }) => [e.action, e.item_id])).toEqual([
    ['external_review.created', null],
    ['external_review.opinion_submitted', item1],
    ['external_review.opinion_submitted', item2],
    ['external_review.opinion_submitted', item1],
    ['external_review.opinion_submitted', item1],
    ['external_review.reminder_sent', null],
    ['external_review.reminder_sent', null],
    ['external_review.escalated', null],
    ['external_review.ruled', item1],
    ['external_review.ruled', item2],
  ]);
  expect(ledger[8]).toMatchObject({
    actor_role: 'external_reviewer',
    comment: '成果指標を見直したうえで継続する。',
  });
});
