/**
 * What the cycle's timers do when they fire: a reminder, an overdue reminder or an escalation to
 * HQ (by the tenant's reminder policy), and a scheduled task opening on its date. Steps of the
 * CycleMachine; the workflow sleeps until the earliest one (cycle-tasks.ts finds it).
 */
import type { ProjectionEvent } from '@pdca/contracts';
import { SYSTEM, taskFacts } from './cycle-facts';
import type { CycleMachine } from './cycle-machine';
import type { DueOpening, DueReminder } from './cycle-tasks';

export function sendReminder(machine: CycleMachine, { task, event }: DueReminder): ProjectionEvent {
  const at = machine.nowIso();
  task.remindersSent.push(event.key);
  task.lastRemindedAt = at;
  const facts = {
    ...taskFacts(machine.state, machine.ctx, task),
    reminderKey: event.key,
    scheduledFor: event.at.toISOString(),
  };
  if (event.type === 'escalation') {
    task.overdue = true;
    task.escalatedAt = at;
    return machine.record('task.escalated', {
      actor: SYSTEM,
      taskId: task.id,
      payload: { reminderKey: event.key, dueAt: task.dueAt },
      tasks: [task],
      outbox: [
        { type: 'task.escalated', payload: { ...facts, escalateToRoles: ['hq_approver', 'hq_admin'] } },
      ],
    });
  }
  if (event.type === 'overdue_reminder') task.overdue = true;
  return machine.record('task.reminder', {
    actor: SYSTEM,
    taskId: task.id,
    payload: { reminderKey: event.key, dueAt: task.dueAt, overdue: task.overdue },
    tasks: [task],
    outbox: [
      {
        type: 'task.reminder',
        payload: { ...facts, overdue: task.overdue, recipientUserId: task.assigneeUserId },
      },
    ],
  });
}

/** A scheduled task opens on its date; its reminders count from then. */
export function openScheduledTask(machine: CycleMachine, { task }: DueOpening): ProjectionEvent {
  task.status = 'open';
  machine.tasksChanged();
  const facts = taskFacts(machine.state, machine.ctx, task);
  return machine.record('task.opened', {
    actor: SYSTEM,
    taskId: task.id,
    payload: { openAt: task.openAt, dueAt: task.dueAt },
    tasks: [task],
    outbox: [{ type: 'task.opened', payload: { ...facts, openAt: task.openAt, early: false } }],
  });
}
