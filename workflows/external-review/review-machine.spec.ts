import type { Actor, ExternalReviewInput } from '@pdca/contracts';
import { DEFAULT_REMINDER_POLICY } from '@pdca/domain';
import { DEFAULT_EXTERNAL_REVIEW_RESULTS } from '@pdca/domain/external-review-settings';
import { ReviewMachine, type ReviewRejection } from './review-machine';

const chair: Actor = { userId: 'chair', displayName: '委員長', roles: ['external_reviewer'] };
const member: Actor = { userId: 'm2', displayName: '委員', roles: ['external_reviewer'] };
const hq: Actor = { userId: 'hq', displayName: '本部 管理者', roles: ['hq_admin'] };

function machine() {
  const clock = { now: new Date('2026-09-01T00:00:00Z') };
  let ids = 0;
  const input: ExternalReviewInput = {
    reviewId: 'r1',
    tenantId: 't1',
    tenantCode: 't',
    fiscalYear: 2025,
    title: '令和7年度 外部評価（第1回）',
    itemIds: ['i1', 'i2'],
    memberUserIds: ['chair', 'm2'],
    chairUserId: 'chair',
    dueAt: '2026-09-30T08:00:00.000Z',
    createdBy: hq,
    timeScale: 1,
    context: {
      results: [...DEFAULT_EXTERNAL_REVIEW_RESULTS],
      reminderPolicy: DEFAULT_REMINDER_POLICY,
      publishMemberNames: false,
    },
  };
  const m = new ReviewMachine(input, {
    workflowId: 'ext-review/t/r1',
    runId: 'run',
    now: () => clock.now,
    newId: () => `id-${++ids}`,
    reject: (r: ReviewRejection) => {
      throw new Error(r.code ?? r.type);
    },
  });
  return { m, clock };
}

it('asks every member at the start, by the HQ admin, with no text in the mails', () => {
  const { m } = machine();
  const event = m.start();
  expect(event).toMatchObject({ type: 'external_review.created', actor: { userId: 'hq', role: 'hq_admin' } });
  expect(event.outbox.map((o) => [o.type, o.payload.memberUserId, o.payload.itemCount])).toEqual([
    ['external_review.opinion_requested', 'chair', 2],
    ['external_review.opinion_requested', 'm2', 2],
  ]);
  expect(event.outbox[0]!.payload).toMatchObject({ tenantId: 't1', reviewId: 'r1', fiscalYear: 2025 });
});

it('takes a member’s opinion, replaces it with a second one, and refuses others', () => {
  const { m } = machine();
  expect(() => m.submitOpinion(hq, { itemId: 'i1', opinion: '意見', result: 'revise' })).toThrow(
    'NOT_MEMBER',
  );
  expect(() => m.submitOpinion(member, { itemId: 'i9', opinion: '意見', result: 'revise' })).toThrow(
    'INVALID_PAYLOAD',
  );
  expect(() => m.submitOpinion(member, { itemId: 'i1', opinion: '意見', result: 'S' })).toThrow(
    'INVALID_PAYLOAD',
  );
  const first = m.submitOpinion(member, { itemId: 'i1', opinion: '見直すべき', result: 'revise' });
  expect(first).toMatchObject({ itemId: 'i1', opinion: { revision: 1, opinion: '見直すべき' } });
  const second = m.submitOpinion(member, { itemId: 'i1', opinion: '縮小が妥当', result: 'reduce' });
  expect(second.payload).toMatchObject({ revision: 2, replaced: true, result: 'reduce' });
  expect(m.state.opinions).toEqual([
    expect.objectContaining({ itemId: 'i1', memberUserId: 'm2', result: 'reduce', revision: 2 }),
  ]);
  expect(JSON.stringify(m.state)).not.toContain('縮小が妥当');
});

it('lets only the chair rule, once per item, and is ruled when every item is', () => {
  const { m } = machine();
  const ruling = { itemId: 'i1', result: 'revise', reason: '成果指標の見直しが必要' };
  expect(() => m.recordRuling(member, ruling)).toThrow('NOT_CHAIR');
  expect(() => m.recordRuling(chair, { ...ruling, reason: '' })).toThrow('INVALID_PAYLOAD');
  const ruled = m.recordRuling(chair, ruling);
  expect(ruled).toMatchObject({ type: 'external_review.ruled', itemId: 'i1', comment: ruling.reason });
  expect(ruled.outbox).toEqual([
    expect.objectContaining({
      type: 'external_review.ruled',
      payload: expect.objectContaining({ itemId: 'i1', result: 'revise' }),
    }),
  ]);
  expect(() => m.recordRuling(chair, ruling)).toThrow('ALREADY_RULED');
  expect(() => m.submitOpinion(member, { itemId: 'i1', opinion: '遅れた意見', result: 'as_is' })).toThrow(
    'ALREADY_RULED',
  );
  expect(m.state.status).toBe('open');
  const input = m.responseInput('i1', {
    itemCode: '1-1',
    itemTitle: '項目',
    leaderUserId: 'leader',
    approvalPolicy: { steps: [] } as never,
    reminderPolicy: DEFAULT_REMINDER_POLICY,
    dueDays: 30,
  });
  expect(input).toMatchObject({
    responseId: 'id-1',
    reviewId: 'r1',
    itemId: 'i1',
    ruling: { result: 'revise', resultLabel: { ja: '見直し' } },
  });
  m.recordRuling(chair, { itemId: 'i2', result: 'as_is', reason: '妥当' });
  expect(m.state.status).toBe('ruled');
  expect(m.closed).toBe(true);
});

it('reminds only the members missing an opinion, and escalates to the chair and HQ at the due date', () => {
  const { m, clock } = machine();
  m.submitOpinion(chair, { itemId: 'i1', opinion: '意見', result: 'as_is' });
  m.submitOpinion(chair, { itemId: 'i2', opinion: '意見', result: 'as_is' });
  m.submitOpinion(member, { itemId: 'i1', opinion: '意見', result: 'revise' });
  expect(m.missingOpinions()).toEqual([{ memberUserId: 'm2', itemIds: ['i2'] }]);
  const before = m.nextReminder()!;
  expect(before).toMatchObject({ key: 'before-7d', at: new Date('2026-09-23T08:00:00.000Z') });
  clock.now = before.at;
  const reminder = m.sendReminder(before);
  expect(reminder.type).toBe('external_review.reminder_sent');
  expect(reminder.outbox.map((o) => [o.type, o.payload.memberUserId, o.payload.missingItemIds])).toEqual([
    ['external_review.reminder', 'm2', ['i2']],
  ]);
  // The 1-day reminder passed unsent (stale): at the due instant the overdue notice comes.
  clock.now = new Date('2026-09-30T08:00:00.000Z');
  const overdue = m.nextReminder()!;
  expect(overdue.key).toBe('overdue');
  const escalated = m.sendReminder(overdue);
  expect(escalated.type).toBe('external_review.escalated');
  expect(escalated.outbox.at(-1)).toMatchObject({
    type: 'external_review.escalated',
    payload: { chairUserId: 'chair', missingMemberUserIds: ['m2'], escalateToRoles: ['hq_admin'] },
  });
  expect(m.state).toMatchObject({ overdue: true });
  // Once nobody is missing an opinion, no more reminders.
  m.submitOpinion(member, { itemId: 'i2', opinion: '意見', result: 'revise' });
  expect(m.nextReminder()).toBeNull();
});
