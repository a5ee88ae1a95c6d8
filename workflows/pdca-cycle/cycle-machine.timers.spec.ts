/**
 * The CycleMachine's timers (#21): which reminder or opening falls due next, what sending a
 * reminder, an overdue reminder or an escalation records, scheduled tasks opening on their date,
 * and the task version the workflow's timer loops watch.
 */
import { resolveReminderPolicies } from '@pdca/domain';
import {
  decidePending,
  hqAdmin,
  leader,
  planPayload,
  reachDo,
  refuse,
  reviewPayload,
  startCycle,
  taskOfKind,
} from './cycle-machine.fixture';

const PLAN_DUE = '2026-04-30T08:00:00.000Z';
const Q1_OPENS = '2026-06-30T15:00:00.000Z';

const due = (key: string, at: string, type: string) => ({ key, at: new Date(at), type });

describe('nextReminder', () => {
  it('is the plan task’s 7-day reminder by default', () => {
    const { machine } = startCycle();
    const next = machine.nextReminder();
    expect(next?.task).toBe(taskOfKind(machine, 'plan'));
    expect(next?.event).toEqual(due('before-7d', '2026-04-23T08:00:00.000Z', 'reminder'));
  });

  it('follows the tenant’s policy for the task kind', () => {
    const { machine } = startCycle({
      context: { reminderPolicies: resolveReminderPolicies({ plan: { remindDaysBefore: [14, 3] } }) },
    });
    expect(machine.nextReminder()?.event).toEqual(due('before-14d', '2026-04-16T08:00:00.000Z', 'reminder'));
  });

  it('picks the earliest reminder of all open tasks', () => {
    const plain = startCycle({ openingDates: false });
    reachDo(plain);
    expect(plain.machine.nextReminder()?.task).toBe(taskOfKind(plain.machine, 'review', 1));
    expect(plain.machine.nextReminder()?.event).toEqual(
      due('before-7d', '2026-07-03T08:00:00.000Z', 'reminder'),
    );

    // The execution report's policy reminds a year ahead: 20 April 2026 comes before the review's.
    const early = startCycle({
      openingDates: false,
      context: {
        reminderPolicies: resolveReminderPolicies({ execution_report: { remindDaysBefore: [365] } }),
      },
    });
    reachDo(early);
    expect(early.machine.nextReminder()?.task).toBe(taskOfKind(early.machine, 'execution_report'));
    expect(early.machine.nextReminder()?.event).toEqual(
      due('before-365d', '2026-04-20T08:00:00.000Z', 'reminder'),
    );
  });

  it('leaves out submitted and scheduled tasks', () => {
    const cycle = startCycle();
    cycle.machine.submitGate('plan', leader, planPayload());
    expect(cycle.machine.nextReminder()).toBeNull();
    decidePending(cycle.machine);
    expect(cycle.machine.state.tasks.filter((t) => t.status === 'scheduled')).toHaveLength(5);
    expect(cycle.machine.nextReminder()).toBeNull();
  });

  it('skips a 7-day reminder whose time has passed but still sends the overdue one', () => {
    const cycle = startCycle();
    cycle.clock.set('2026-05-01T00:00:00.000Z');
    expect(cycle.machine.nextReminder()?.event).toEqual(due('overdue', PLAN_DUE, 'escalation'));
  });
});

describe('sendReminder', () => {
  it('reminds 7 and 1 days before, escalates to HQ when overdue, then reminds weekly', () => {
    const cycle = startCycle();
    const { machine, clock } = cycle;
    const task = taskOfKind(machine, 'plan');
    const sendNext = () => {
      const next = machine.nextReminder()!;
      clock.set(next.event.at.toISOString());
      return machine.sendReminder(next);
    };

    const first = sendNext();
    const firstCopy = structuredClone(first);
    expect(first).toMatchObject({
      seq: 2,
      type: 'task.reminder',
      occurredAt: '2026-04-23T08:00:00.000Z',
      actor: { type: 'system' },
      taskId: task.id,
      payload: { reminderKey: 'before-7d', dueAt: PLAN_DUE, overdue: false },
    });
    expect(first.outbox).toEqual([
      {
        type: 'task.reminder',
        payload: expect.objectContaining({
          taskId: task.id,
          reminderKey: 'before-7d',
          scheduledFor: '2026-04-23T08:00:00.000Z',
          overdue: false,
          recipientUserId: leader.userId,
        }),
      },
    ]);
    expect(task).toMatchObject({ remindersSent: ['before-7d'], lastRemindedAt: '2026-04-23T08:00:00.000Z' });

    expect(sendNext().payload).toMatchObject({ reminderKey: 'before-1d', overdue: false });
    expect(task.overdue).toBe(false);

    const escalated = sendNext();
    expect(escalated).toMatchObject({
      type: 'task.escalated',
      occurredAt: PLAN_DUE,
      payload: { reminderKey: 'overdue', dueAt: PLAN_DUE },
    });
    expect(escalated.outbox).toEqual([
      {
        type: 'task.escalated',
        payload: expect.objectContaining({
          reminderKey: 'overdue',
          escalateToRoles: ['hq_approver', 'hq_admin'],
        }),
      },
    ]);
    expect(task).toMatchObject({ overdue: true, escalatedAt: PLAN_DUE });

    const weekly = sendNext();
    expect(weekly).toMatchObject({
      type: 'task.reminder',
      occurredAt: '2026-05-07T08:00:00.000Z',
      payload: { reminderKey: 'overdue-repeat-1', overdue: true },
    });
    expect(task.remindersSent).toEqual(['before-7d', 'before-1d', 'overdue', 'overdue-repeat-1']);
    // The first event kept its own copy of the task.
    expect(first).toEqual(firstCopy);
    expect(first.tasks[0].remindersSent).toEqual(['before-7d']);
  });

  it('marks the task overdue without escalating when the policy does not escalate', () => {
    const cycle = startCycle({
      context: { reminderPolicies: resolveReminderPolicies({ plan: { escalateWhenOverdue: false } }) },
    });
    cycle.clock.set('2026-05-01T00:00:00.000Z');
    const next = cycle.machine.nextReminder()!;
    expect(next.event).toEqual(due('overdue', PLAN_DUE, 'overdue_reminder'));
    const event = cycle.machine.sendReminder(next);
    expect(event.type).toBe('task.reminder');
    expect(event.payload).toEqual({ reminderKey: 'overdue', dueAt: PLAN_DUE, overdue: true });
    expect(taskOfKind(cycle.machine, 'plan')).toMatchObject({ overdue: true, escalatedAt: null });
  });

  it('never sends a key twice, not even after the deadline moved', () => {
    const cycle = startCycle();
    const { machine, clock } = cycle;
    clock.set('2026-04-23T08:00:00.000Z');
    machine.sendReminder(machine.nextReminder()!);
    expect(machine.nextReminder()?.event.key).toBe('before-1d');

    machine.moveDeadline(hqAdmin, {
      taskId: taskOfKind(machine, 'plan').id,
      dueAt: '2026-05-15T08:00:00.000Z',
      reason: '連休のため',
    });
    // before-7d of the new date (8 May) is not sent again; before-1d comes on 14 May.
    expect(machine.nextReminder()?.event).toEqual(due('before-1d', '2026-05-14T08:00:00.000Z', 'reminder'));
    clock.set('2026-05-14T08:00:00.000Z');
    machine.sendReminder(machine.nextReminder()!);
    expect(taskOfKind(machine, 'plan').remindersSent).toEqual(['before-7d', 'before-1d']);
  });
});

describe('openings', () => {
  it('opens the earliest scheduled task on its date; its reminders then count', () => {
    const cycle = startCycle();
    const { machine, clock } = cycle;
    reachDo(cycle);
    const q1 = taskOfKind(machine, 'review', 1);
    const next = machine.nextOpening();
    expect(next).toEqual({ task: q1, at: new Date(Q1_OPENS) });

    clock.set(Q1_OPENS);
    const version = machine.taskVersion;
    const event = machine.openScheduledTask(next!);
    expect(event).toMatchObject({
      type: 'task.opened',
      actor: { type: 'system' },
      taskId: q1.id,
      payload: { openAt: Q1_OPENS, dueAt: '2026-07-10T08:00:00.000Z' },
    });
    expect(event.outbox).toEqual([
      {
        type: 'task.opened',
        payload: expect.objectContaining({
          taskId: q1.id,
          openAt: Q1_OPENS,
          early: false,
          taskStatus: 'open',
        }),
      },
    ]);
    expect(q1.status).toBe('open');
    expect(machine.taskVersion).not.toBe(version);
    expect(machine.nextOpening()).toEqual({
      task: taskOfKind(machine, 'review', 2),
      at: new Date('2026-09-30T15:00:00.000Z'),
    });
    expect(machine.nextReminder()).toEqual({
      task: q1,
      event: due('before-7d', '2026-07-03T08:00:00.000Z', 'reminder'),
    });
  });

  it('opens at once a task whose opening date had passed when its stage began', () => {
    const cycle = startCycle({ start: '2026-08-01T00:00:00.000Z' });
    reachDo(cycle);
    expect(taskOfKind(cycle.machine, 'review', 1)).toMatchObject({
      status: 'open',
      openAt: '2026-08-01T00:00:00.000Z',
    });
    expect(taskOfKind(cycle.machine, 'review', 2).status).toBe('scheduled');
  });

  it('without opening dates (cycles before #15) every task opens with its stage', () => {
    const cycle = startCycle({ openingDates: false });
    expect(taskOfKind(cycle.machine, 'plan').openAt).toBeNull();
    reachDo(cycle);
    const doTasks = cycle.machine.state.tasks.slice(1);
    expect(doTasks.map((t) => [t.status, t.openAt])).toEqual(Array(5).fill(['open', null]));
    expect(cycle.machine.nextOpening()).toBeNull();
    const q3 = taskOfKind(cycle.machine, 'review', 3);
    expect(cycle.machine.submitReview(leader, q3.id, reviewPayload(3)).type).toBe('review.submitted');
  });
});

describe('taskVersion', () => {
  it('moves whenever a task changes and stays on a refused command', () => {
    const cycle = startCycle();
    const { machine } = cycle;
    const versions = [machine.taskVersion];
    const changed = () => {
      expect(machine.taskVersion).not.toBe(versions.at(-1));
      versions.push(machine.taskVersion);
    };
    machine.submitGate('plan', leader, planPayload());
    changed();
    refuse(machine, () => machine.submitGate('plan', leader, planPayload()));
    expect(machine.taskVersion).toBe(versions.at(-1));
    decidePending(machine);
    changed();
    const review = taskOfKind(machine, 'review', 1).id;
    refuse(machine, () => machine.submitReview(leader, review, reviewPayload(1)));
    expect(machine.taskVersion).toBe(versions.at(-1));
    machine.openTask(hqAdmin, { taskId: review, reason: '前倒し' });
    changed();
    machine.submitReview(leader, review, reviewPayload(1));
    changed();
    machine.moveDeadline(hqAdmin, {
      taskId: taskOfKind(machine, 'review', 2).id,
      dueAt: '2026-10-30T08:00:00.000Z',
      reason: '延長',
    });
    changed();
    machine.reassign(hqAdmin, { leaderUserId: 'u-leader-2', memberUserIds: [], reason: '異動' });
    changed();
    machine.withdraw(hqAdmin, { reason: '中止' });
    changed();
  });
});
