import type { Actor, ExternalResponseInput } from '@pdca/contracts';
import { type CommandRejection, DEFAULT_REMINDER_POLICY, TWO_STEP_APPROVAL_POLICY } from '@pdca/domain';
import { ResponseMachine } from './response-machine';

const leader: Actor = { userId: 'leader', displayName: '改革 リーダー', roles: ['wg_leader'] };
const other: Actor = { userId: 'other', displayName: '別 リーダー', roles: ['wg_leader'] };
const hq1: Actor = { userId: 'hq1', displayName: '推進 リーダー', roles: ['hq_approver'] };
const hq2: Actor = { userId: 'hq2', displayName: '本部長', roles: ['hq_approver'] };
const submission = { response: '施設の統廃合を検討する', expectedEffect: 5_000_000, timing: '令和8年度から' };

function machine(now = new Date('2026-02-10T01:00:00Z')) {
  const clock = { now };
  let ids = 0;
  const input: ExternalResponseInput = {
    responseId: 'r1',
    tenantId: 't1',
    tenantCode: 't',
    reviewId: 'rv1',
    reviewTitle: '令和7年度 外部評価',
    itemId: 'i1',
    fiscalYear: 2025,
    timeScale: 1,
    ruling: {
      result: 'revise',
      resultLabel: { ja: '見直し', en: 'Revise' },
      reason: '利用者が減っている',
      ruledBy: 'chair',
      ruledAt: now.toISOString(),
    },
    context: {
      itemCode: '1-1',
      itemTitle: '公民館の運営',
      leaderUserId: 'leader',
      approvalPolicy: TWO_STEP_APPROVAL_POLICY,
      reminderPolicy: DEFAULT_REMINDER_POLICY,
      dueDays: 30,
    },
  };
  const m = new ResponseMachine(input, {
    workflowId: 'ext-response/t/rv1/i1',
    runId: 'run',
    now: () => clock.now,
    newId: () => `id-${++ids}`,
    reject: (r: CommandRejection) => {
      throw new Error(r.type);
    },
  });
  return { m, clock };
}

it('opens at once for the leader, due 30 days later at 17:00 JST, and reminds 7 days before', () => {
  const { m, clock } = machine();
  const opened = m.open();
  expect(m.state.status).toBe('open');
  // 10 Feb 2026 10:00 JST + 30 days = 12 March 2026 17:00 JST.
  expect(m.state.dueAt).toBe('2026-03-12T08:00:00.000Z');
  expect(opened.outbox).toEqual([
    {
      type: 'external_response.opened',
      payload: expect.objectContaining({
        tenantId: 't1',
        reviewId: 'rv1',
        responseId: 'r1',
        itemId: 'i1',
        fiscalYear: 2025,
        leaderUserId: 'leader',
        dueAt: '2026-03-12T08:00:00.000Z',
        ruling: { result: 'revise', resultLabel: { ja: '見直し', en: 'Revise' } },
      }),
    },
  ]);
  // The committee's reason is not mailed.
  expect(JSON.stringify(opened.outbox)).not.toContain('利用者が減っている');
  expect(m.nextReminder()).toMatchObject({ key: 'before-7d', at: new Date('2026-03-05T08:00:00.000Z') });
  clock.now = new Date('2026-03-05T08:00:00.000Z');
  expect(m.sendReminder(m.nextReminder()!).type).toBe('external_response.reminder');
  expect(m.state.remindersSent).toEqual(['before-7d']);
});

it('takes the leader’s response through two steps; a return needs a comment; nobody approves their own', () => {
  const { m } = machine();
  m.open();
  expect(() => m.submit(other, submission)).toThrow('NOT_ALLOWED');
  expect(() => m.submit(leader, { ...submission, timing: '' })).toThrow('INVALID_PAYLOAD');
  const submitted = m.submit(leader, submission);
  expect(submitted.type).toBe('external_response.submitted');
  expect(submitted.outbox[0]).toMatchObject({
    type: 'external_response.approval_requested',
    payload: { stepKey: TWO_STEP_APPROVAL_POLICY.steps[0]!.key, stepRole: 'hq_approver', itemId: 'i1' },
  });
  expect(() => m.submit(leader, submission)).toThrow('WRONG_STAGE');
  const pending = () => m.state.approvals.find((a) => a.status === 'pending')!.id;
  expect(() => m.decide(leader, { approvalId: pending(), decision: 'approve' })).toThrow();
  expect(() => m.decide(hq1, { approvalId: pending(), decision: 'return' })).toThrow('INVALID_PAYLOAD');
  const returned = m.decide(hq1, { approvalId: pending(), decision: 'return', comment: '金額の根拠を' });
  expect(returned).toMatchObject({ type: 'external_response.returned', comment: '金額の根拠を' });
  expect(m.state.status).toBe('returned');
  m.submit(leader, { ...submission, returnAnswer: '根拠を追記しました' });
  expect(m.state.round).toBe(2);
  m.decide(hq1, { approvalId: pending(), decision: 'approve' });
  expect(() => m.decide(hq1, { approvalId: pending(), decision: 'approve' })).toThrow();
  const approved = m.decide(hq2, { approvalId: pending(), decision: 'approve' });
  expect(approved.type).toBe('external_response.approved');
  expect(approved.outbox[0]).toMatchObject({
    type: 'external_response.approved',
    payload: { recipientUserId: 'leader', expectedEffect: 5_000_000 },
  });
  expect(m.closed).toBe(true);
  expect(m.nextReminder()).toBeNull();
});
