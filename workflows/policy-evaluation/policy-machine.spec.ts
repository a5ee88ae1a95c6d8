import type { Actor, PolicyEvaluationInput } from '@pdca/contracts';
import {
  type CommandRejection,
  DEFAULT_POLICY_EVALUATION_SETTINGS,
  DEFAULT_REMINDER_POLICY,
  TWO_STEP_APPROVAL_POLICY,
} from '@pdca/domain';
import { PolicyMachine } from './policy-machine';

const owner: Actor = { userId: 'owner', displayName: '所管 部長', roles: ['wg_leader'] };
const hq1: Actor = { userId: 'hq1', displayName: '推進 リーダー', roles: ['hq_approver'] };
const hq2: Actor = { userId: 'hq2', displayName: '本部長', roles: ['hq_approver'] };
const submission = { rating: 'A', reason: '順調', indicators: [], issues: '特になし', direction: '継続' };

function machine(now = new Date('2026-04-10T00:00:00Z')) {
  const clock = { now };
  let ids = 0;
  const input: PolicyEvaluationInput = {
    evaluationId: 'e1',
    tenantId: 't1',
    tenantCode: 't',
    nodeId: 'n1',
    fiscalYear: 2025,
    timeScale: 1,
    context: {
      nodeCode: '1',
      nodeTitle: '行政のデジタル化',
      ownerUserId: 'owner',
      approvalPolicy: TWO_STEP_APPROVAL_POLICY,
      reminderPolicy: DEFAULT_REMINDER_POLICY,
      scale: [...DEFAULT_POLICY_EVALUATION_SETTINGS.scale],
      indicatorIds: [],
      scheduledOpenAt: '2026-06-30T15:00:00.000Z',
      dueDays: 30,
    },
  };
  const m = new PolicyMachine(input, {
    workflowId: 'policy-eval/t/n1/2025',
    runId: 'r',
    now: () => clock.now,
    newId: () => `id-${++ids}`,
    reject: (r: CommandRejection) => {
      throw new Error(r.type);
    },
  });
  return { m, clock };
}

it('stays 予定 while items are pending before the date, and opens on the date with them named', () => {
  const { m, clock } = machine();
  const pending = [{ itemId: 'i1', itemCode: '1-1', itemTitle: '項目' }];
  expect(m.openingReason(pending)).toBeNull();
  expect(() => m.submit(owner, submission)).toThrow('NOT_YET_OPEN');
  clock.now = new Date('2026-06-30T15:00:00Z');
  expect(m.openingReason(pending)).toBe('date');
  const event = m.open('date', pending);
  expect(event.payload).toMatchObject({ nodeId: 'n1', openedBy: 'date', itemsPending: pending });
  // 1 July 2026 JST + 30 days at 17:00 JST.
  expect(m.state.dueAt).toBe('2026-07-31T08:00:00.000Z');
});

it('opens as soon as no item is pending, and reminds 7 days before the due date', () => {
  const { m } = machine();
  expect(m.openingReason([])).toBe('items_approved');
  m.open('items_approved', []);
  expect(m.state.dueAt).toBe('2026-05-10T08:00:00.000Z');
  expect(m.nextReminder()).toMatchObject({ key: 'before-7d', at: new Date('2026-05-03T08:00:00.000Z') });
});

it('takes the owner’s submission through two steps, a return needing a comment, one person per step', () => {
  const { m } = machine();
  m.open('items_approved', []);
  expect(() => m.submit(hq1, submission)).toThrow('NOT_ALLOWED');
  m.submit(owner, submission);
  expect(m.nextReminder()).toBeNull();
  const first = () => m.state.approvals.find((a) => a.status === 'pending')!.id;
  expect(() => m.decide(owner, { approvalId: first(), decision: 'approve' })).toThrow('NOT_ALLOWED');
  expect(() => m.decide(hq1, { approvalId: first(), decision: 'return' })).toThrow('INVALID_PAYLOAD');
  const returned = m.decide(hq1, { approvalId: first(), decision: 'return', comment: '理由を具体的に' });
  expect(returned.type).toBe('policy_evaluation.returned');
  expect(m.state.status).toBe('returned');
  m.submit(owner, { ...submission, rating: 'B' });
  expect(m.state.round).toBe(2);
  m.decide(hq1, { approvalId: first(), decision: 'approve' });
  expect(() => m.decide(hq1, { approvalId: first(), decision: 'approve' })).toThrow('NOT_ALLOWED');
  const approved = m.decide(hq2, { approvalId: first(), decision: 'approve' });
  expect(approved.actor).toMatchObject({ type: 'user', userId: 'hq2', role: 'hq_approver' });
  expect(m.state.status).toBe('approved');
  expect(m.closed).toBe(true);
  expect(m.state.approvals.map((a) => `${a.round}/${a.stepKey}/${a.status}`)).toEqual([
    '1/promotion_leader/returned',
    '2/promotion_leader/approved',
    '2/hq_director/approved',
  ]);
});
