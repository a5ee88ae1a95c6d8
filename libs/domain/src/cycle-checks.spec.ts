import { DEFAULT_APPROVAL_POLICY } from './approval-policy';
import {
  type CheckContext,
  type CheckedCycle,
  checkDeadlineChange,
  checkDecision,
  checkEarlyOpening,
  checkGateSubmission,
  checkReviewSubmission,
  checkWithdraw,
} from './cycle-checks';

const ctx: CheckContext = {
  leaderUserId: 'leader',
  memberUserIds: ['member'],
  allowMembersToSubmit: false,
  approvalPolicy: DEFAULT_APPROVAL_POLICY,
  indicatorIds: ['ind-1'],
  budgetCurrentAmount: 1_000_000,
  reviewPeriodCount: 4,
};
const leader = { userId: 'leader', roles: ['wg_leader'] as const };
const hq = { userId: 'hq', roles: ['hq_approver'] as const };
const admin = { userId: 'admin', roles: ['hq_admin'] as const };
const plan = { targets: [{ indicatorId: 'ind-1', target: 10 }], activities: ['a'], budgetRequest: 1_000_000 };

const cycle = (over: Partial<CheckedCycle> = {}): CheckedCycle => ({
  stage: 'PLAN',
  status: 'awaiting_submission',
  tasks: [{ id: 't-plan', kind: 'plan', status: 'open', periodIndex: null }],
  approvals: [],
  ...over,
});

describe('checkGateSubmission', () => {
  it('accepts the leader’s valid plan', () => {
    expect(checkGateSubmission(cycle(), ctx, leader, 'plan', plan)).toBeNull();
  });

  it('refuses, in order: closed cycle, someone else, wrong stage, already submitted, bad payload', () => {
    expect(checkGateSubmission(cycle({ status: 'withdrawn' }), ctx, leader, 'plan', plan)?.type).toBe(
      'CLOSED',
    );
    expect(
      checkGateSubmission(cycle(), ctx, { userId: 'member', roles: ['wg_leader'] }, 'plan', plan)?.type,
    ).toBe('NOT_ALLOWED');
    expect(checkGateSubmission(cycle(), ctx, leader, 'evaluation', {})?.type).toBe('WRONG_STAGE');
    const submitted = cycle({
      tasks: [{ id: 't-plan', kind: 'plan', status: 'submitted', periodIndex: null }],
    });
    expect(checkGateSubmission(submitted, ctx, leader, 'plan', plan)?.type).toBe('NOT_PENDING');
    const bad = checkGateSubmission(cycle(), ctx, leader, 'plan', { ...plan, budgetRequest: -1 });
    expect(bad?.type).toBe('INVALID_PAYLOAD');
    expect(bad?.problems?.map((p) => p.field)).toEqual(['budgetRequest']);
  });

  it('lets members submit only when the tenant allows it', () => {
    const member = { userId: 'member', roles: ['wg_leader'] as const };
    expect(
      checkGateSubmission(cycle(), { ...ctx, allowMembersToSubmit: true }, member, 'plan', plan),
    ).toBeNull();
  });

  it('refuses the execution report while reviews are open, naming how many', () => {
    const doing = cycle({
      stage: 'DO',
      tasks: [
        { id: 'r1', kind: 'review', status: 'done', periodIndex: 1 },
        { id: 'r2', kind: 'review', status: 'open', periodIndex: 2 },
        { id: 'x', kind: 'execution_report', status: 'open', periodIndex: null },
      ],
    });
    const sut = checkGateSubmission(doing, ctx, leader, 'execution_report', {
      summary: 'done',
      achievements: [],
    });
    expect(sut?.type).toBe('WRONG_STAGE');
    expect(sut?.message.en).toContain('1 periodic review(s)');
  });

  it('measures the Act proposal against the context’s budget', () => {
    const acting = cycle({
      stage: 'ACT',
      tasks: [{ id: 'a', kind: 'action', status: 'open', periodIndex: null }],
    });
    const expand = { decision: 'expand', rationale: 'r', budgetProposal: 900_000 };
    expect(checkGateSubmission(acting, ctx, leader, 'action', expand)?.problems?.[0]?.rule).toBe(
      'must_exceed_current',
    );
    expect(
      checkGateSubmission(acting, { ...ctx, budgetCurrentAmount: 800_000 }, leader, 'action', expand),
    ).toBeNull();
  });
});

describe('checkReviewSubmission', () => {
  const doing = cycle({ stage: 'DO', tasks: [{ id: 'r2', kind: 'review', status: 'open', periodIndex: 2 }] });
  const review = { periodIndex: 2, progress: 50, status: 'on_track' };

  it('accepts the matching period and refuses another one', () => {
    expect(checkReviewSubmission(doing, ctx, leader, 'r2', review)).toBeNull();
    expect(
      checkReviewSubmission(doing, ctx, leader, 'r2', { ...review, periodIndex: 3 })?.problems?.[0]?.rule,
    ).toBe('matches_task');
    expect(checkReviewSubmission(doing, ctx, leader, 'nope', review)?.type).toBe('NOT_FOUND');
  });
});

describe('checkDecision', () => {
  const pending = cycle({
    status: 'awaiting_approval',
    approvals: [
      {
        id: 'ap',
        submissionKind: 'plan',
        round: 1,
        stepIndex: 0,
        status: 'pending',
        submittedBy: 'leader',
        decidedBy: null,
      },
    ],
  });

  it('lets HQ approve, never the submitter, and needs a comment to return', () => {
    expect(checkDecision(pending, ctx, hq, { approvalId: 'ap', decision: 'approve' })).toBeNull();
    expect(
      checkDecision(
        pending,
        ctx,
        { userId: 'leader', roles: ['hq_approver'] },
        { approvalId: 'ap', decision: 'approve' },
      )?.type,
    ).toBe('OWN_SUBMISSION');
    expect(
      checkDecision(pending, ctx, hq, { approvalId: 'ap', decision: 'return' })?.problems?.[0]?.field,
    ).toBe('comment');
    expect(
      checkDecision(pending, ctx, hq, { approvalId: 'ap', decision: 'approve', rating: 'A' })?.problems?.[0]
        ?.rule,
    ).toBe('evaluation_only');
  });
});

describe('HQ commands', () => {
  const now = new Date('2026-06-01T00:00:00Z');

  it('needs HQ admin, a future date and a reason to move a deadline', () => {
    const change = { taskId: 't-plan', dueAt: '2026-07-01T08:00:00Z', reason: '議会日程' };
    expect(checkDeadlineChange(cycle(), admin, change, now)).toBeNull();
    expect(checkDeadlineChange(cycle(), hq, change, now)?.type).toBe('NOT_ALLOWED');
    const past = checkDeadlineChange(
      cycle(),
      admin,
      { ...change, dueAt: '2026-05-01T00:00:00Z', reason: '' },
      now,
    );
    expect(past?.problems?.map((p) => `${p.field}:${p.rule}`)).toEqual(['dueAt:future', 'reason:required']);
  });

  it('needs a reason to withdraw', () => {
    expect(checkWithdraw(cycle(), admin, { reason: '事業統合' })).toBeNull();
    expect(checkWithdraw(cycle(), admin, { reason: ' ' })?.type).toBe('INVALID_PAYLOAD');
  });
});

describe('opening dates', () => {
  const openAt = '2027-03-31T15:00:00.000Z'; // 1 April 2027 00:00 JST
  const scheduled = cycle({
    stage: 'DO',
    tasks: [
      { id: 'r3', kind: 'review', status: 'done', periodIndex: 3 },
      { id: 'r4', kind: 'review', status: 'scheduled', periodIndex: 4, openAt },
      { id: 'x', kind: 'execution_report', status: 'scheduled', periodIndex: null, openAt },
    ],
  });
  const review = { periodIndex: 4, progress: 100, status: 'on_track' };

  it('refuses a scheduled review and report with NOT_YET_OPEN naming the JST opening date', () => {
    const rejected = checkReviewSubmission(scheduled, ctx, leader, 'r4', review);
    expect(rejected).toMatchObject({ type: 'NOT_YET_OPEN', openAt });
    expect(rejected?.message.ja).toContain('2027年4月1日');
    expect(rejected?.message.en).toContain('1 April 2027');
    const report = checkGateSubmission(scheduled, ctx, leader, 'execution_report', { summary: 'x' });
    expect(report).toMatchObject({ type: 'NOT_YET_OPEN', openAt });
    expect(report?.message.en).toBe(
      'The execution report opens on 1 April 2027; it cannot be submitted before then.',
    );
  });

  it('an opened report still waits for a scheduled review', () => {
    const opened = cycle({
      stage: 'DO',
      tasks: [
        { id: 'r4', kind: 'review', status: 'scheduled', periodIndex: 4, openAt },
        { id: 'x', kind: 'execution_report', status: 'open', periodIndex: null, openAt },
      ],
    });
    expect(checkGateSubmission(opened, ctx, leader, 'execution_report', { summary: 'x' })?.type).toBe(
      'WRONG_STAGE',
    );
  });

  it('HQ may open a scheduled task early with a reason; nobody else, nothing open twice', () => {
    expect(checkEarlyOpening(scheduled, admin, { taskId: 'r4', reason: '議会報告の前倒し' })).toBeNull();
    expect(checkEarlyOpening(scheduled, leader, { taskId: 'r4', reason: 'x' })?.type).toBe('NOT_ALLOWED');
    expect(checkEarlyOpening(scheduled, admin, { taskId: 'r3', reason: 'x' })?.type).toBe('NOT_PENDING');
    expect(checkEarlyOpening(scheduled, admin, { taskId: 'nope', reason: 'x' })?.type).toBe('NOT_FOUND');
    const noReason = checkEarlyOpening(scheduled, admin, { taskId: 'r4', reason: ' ' });
    expect(noReason?.type).toBe('INVALID_PAYLOAD');
    expect(noReason?.problems?.[0]).toMatchObject({ field: 'reason', rule: 'required' });
  });

  it('a scheduled task’s deadline may be moved', () => {
    const change = { taskId: 'r4', dueAt: '2027-05-01T08:00:00Z', reason: '日程変更' };
    expect(checkDeadlineChange(scheduled, admin, change, new Date('2026-12-01T00:00:00Z'))).toBeNull();
  });

  it('never to or before its opening date: dueAt is named with the date it opens', () => {
    const now = new Date('2026-12-01T00:00:00Z');
    for (const dueAt of ['2027-03-01T08:00:00Z', openAt]) {
      const rejected = checkDeadlineChange(
        scheduled,
        admin,
        { taskId: 'r4', dueAt, reason: '日程変更' },
        now,
      );
      expect(rejected?.type).toBe('INVALID_PAYLOAD');
      expect(rejected?.problems).toEqual([
        {
          field: 'dueAt',
          rule: 'after_opening',
          message: {
            ja: '新しい期限は受付開始日（2027年4月1日）より後にしてください。',
            en: 'The new deadline must be after the task opens (1 April 2027).',
          },
        },
      ]);
    }
    const justAfter = { taskId: 'r4', dueAt: '2027-03-31T15:00:01.000Z', reason: '日程変更' };
    expect(checkDeadlineChange(scheduled, admin, justAfter, now)).toBeNull();
  });
});
