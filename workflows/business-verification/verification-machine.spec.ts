import type { Actor, VerificationInput } from '@pdca/contracts';
import {
  DEFAULT_APPROVAL_POLICY,
  DEFAULT_FISCAL_CALENDAR,
  DEFAULT_REMINDER_POLICY,
  type DecisionSetting,
  jstInstant,
} from '@pdca/domain';
import { VerificationMachine } from './verification-machine';

const team: Actor = { userId: 'team', displayName: '検証 チーム', roles: ['wg_leader'] };
const hq: Actor = { userId: 'hq', displayName: '本部 承認者', roles: ['hq_approver'] };
const admin: Actor = { userId: 'admin', displayName: '本部 管理者', roles: ['hq_admin'] };

const decisions: DecisionSetting[] = [
  {
    code: 'continue',
    label: { ja: '継続', en: 'Continue' },
    order: 1,
    endsItem: false,
    carriesOver: false,
    budgetRule: 'keep',
  },
  {
    code: 'reduce',
    label: { ja: '縮小', en: 'Reduce' },
    order: 2,
    endsItem: false,
    carriesOver: false,
    budgetRule: 'decrease',
  },
  {
    code: 'abolish',
    label: { ja: '廃止', en: 'Abolish' },
    order: 3,
    endsItem: true,
    carriesOver: false,
    budgetRule: 'zero',
  },
  {
    code: 'undecided',
    label: { ja: '方向性未決定', en: 'Undecided' },
    order: 4,
    endsItem: false,
    carriesOver: true,
    budgetRule: 'none',
  },
];

function machine(itemIds = ['i1']) {
  const clock = { now: jstInstant(2026, 10, 1, 10) };
  let ids = 0;
  const input: VerificationInput = {
    roundId: 'r1',
    tenantId: 't1',
    tenantCode: 't',
    fiscalYear: 2026,
    title: '令和8年度 事業検証',
    criteria: { itemIds },
    items: itemIds.map((itemId) => ({
      verificationItemId: `v-${itemId}`,
      itemId,
      currentAmount: 1_000_000,
      carriedFrom: null,
    })),
    teamUserIds: ['team'],
    findingsDueAt: jstInstant(2026, 10, 30, 17).toISOString(),
    decisionDueAt: jstInstant(2026, 11, 30, 17).toISOString(),
    createdBy: admin,
    timeScale: 1,
    context: {
      decisions,
      approvalPolicy: DEFAULT_APPROVAL_POLICY,
      reminderPolicy: DEFAULT_REMINDER_POLICY,
      calendar: DEFAULT_FISCAL_CALENDAR,
    },
  };
  const m = new VerificationMachine(input, {
    workflowId: 'verification/t/r1',
    runId: 'run',
    now: () => clock.now,
    newId: () => `id-${++ids}`,
    reject: (r) => {
      throw new Error((r as { code?: string }).code ?? r.type);
    },
  });
  return { m, clock };
}

const pendingOf = (m: VerificationMachine, itemId = 'i1') =>
  m.state.items.find((i) => i.itemId === itemId)!.approvals.find((a) => a.status === 'pending')!.id;

it('asks the team at the start, by the HQ admin, with no findings in the mails', () => {
  const { m } = machine(['i1', 'i2']);
  const event = m.start();
  expect(event).toMatchObject({ type: 'verification.created', actor: { userId: 'admin', role: 'hq_admin' } });
  expect(event.outbox).toEqual([
    {
      type: 'verification.findings_requested',
      payload: expect.objectContaining({
        recipientUserId: 'team',
        itemCount: 2,
        roundId: 'r1',
        fiscalYear: 2026,
      }),
    },
  ]);
});

it('refuses findings from outside the team, on another item, or against the budget rule, naming the field', () => {
  const { m } = machine();
  m.start();
  expect(() => m.submitFindings(hq, { itemId: 'i1', findings: '所見', decision: 'continue' })).toThrow(
    'NOT_TEAM_MEMBER',
  );
  expect(() => m.submitFindings(team, { itemId: 'i9', findings: '所見', decision: 'continue' })).toThrow(
    'INVALID_PAYLOAD',
  );
  let problems: unknown;
  const { m: m2 } = machine();
  const strict = new VerificationMachine(m2.input, {
    ...m2.env,
    reject: (r) => {
      problems = r.problems;
      throw new Error(r.type);
    },
  });
  expect(() =>
    strict.submitFindings(team, {
      itemId: 'i1',
      findings: '所見',
      decision: 'reduce',
      budgetProposal: 2_000_000,
    }),
  ).toThrow('INVALID_PAYLOAD');
  expect(problems).toEqual([
    expect.objectContaining({ field: 'budgetProposal', rule: 'must_be_below_current' }),
  ]);
});

it('reaches the next fiscal year’s budget when decided before the formulation window closes, the year after when later', () => {
  const early = machine();
  early.m.start();
  early.m.submitFindings(team, {
    itemId: 'i1',
    findings: '所見',
    decision: 'reduce',
    budgetProposal: 600_000,
  });
  early.clock.now = jstInstant(2027, 1, 31, 16);
  const decided = early.m.decide(hq, { approvalId: pendingOf(early.m), decision: 'approve' });
  expect(decided.budgetReflection).toMatchObject({
    fiscalYear: 2027,
    sourceFiscalYear: 2026,
    proposedAmount: 600_000,
    delta: -400_000,
    verificationItemId: 'v-i1',
  });
  expect(early.m.closed).toBe(true);

  const late = machine();
  late.m.start();
  late.m.submitFindings(team, { itemId: 'i1', findings: '所見', decision: 'abolish' });
  late.clock.now = jstInstant(2027, 2, 1, 10);
  const after = late.m.decide(hq, { approvalId: pendingOf(late.m), decision: 'approve' });
  expect(after.budgetReflection).toMatchObject({ fiscalYear: 2028, proposedAmount: 0, endsItem: true });
});

it('leaves an undecided item without a reflection, carried over', () => {
  const { m } = machine();
  m.start();
  m.submitFindings(team, { itemId: 'i1', findings: '所見', decision: 'undecided' });
  const event = m.decide(hq, { approvalId: pendingOf(m), decision: 'approve' });
  expect(event.budgetReflection).toBeNull();
  expect(event.payload).toMatchObject({
    decision: 'undecided',
    carriesOver: true,
    budget: null,
    roundDecided: true,
  });
  expect(m.state.items[0]).toMatchObject({ decision: 'undecided', carriesOver: true });
});

it('reminds the team before its due date and HQ before its own, escalating to HQ admins at each', () => {
  const { m, clock } = machine(['i1', 'i2']);
  m.start();
  const first = m.nextReminder()!;
  expect(first.stage).toBe('findings');
  clock.now = first.event.at;
  expect(m.sendReminder(first).outbox.map((o) => o.type)).toEqual(['verification.reminder']);
  m.submitFindings(team, { itemId: 'i1', findings: '所見', decision: 'continue' });
  m.submitFindings(team, { itemId: 'i2', findings: '所見', decision: 'continue' });
  // Nothing waits for the team any more: HQ's reminders come next.
  const hqDue = m.nextReminder()!;
  expect(hqDue.stage).toBe('decision');
  let due = hqDue;
  while (due.event.type !== 'escalation') {
    clock.now = due.event.at;
    m.sendReminder(due);
    due = m.nextReminder()!;
  }
  clock.now = due.event.at;
  const escalated = m.sendReminder(due);
  expect(escalated.type).toBe('verification.escalated');
  expect(escalated.outbox.map((o) => o.type)).toEqual([
    'verification.decision_reminder',
    'verification.decision_reminder',
    'verification.escalated',
  ]);
  expect(escalated.outbox.at(-1)!.payload).toMatchObject({
    stage: 'decision',
    escalateToRoles: ['hq_admin'],
    pendingCount: 2,
  });
});
