/**
 * The reminders of a task of its own (a 施策評価, a 市の対応方針): while it waits for its
 * submitter (open or returned), the tenant's reminderPolicy before and after its due date, the
 * last one escalating to HQ. Pure; steps of the machine that owns the task.
 */
import { nextReminder, type ReminderEvent, type ReminderPolicy } from '@pdca/domain';
import { type PolicyStep, SYSTEM } from './policy-machine';

export interface RemindedTask {
  status: string;
  dueAt: string | null;
  overdue: boolean;
  escalatedAt: string | null;
  remindersSent: string[];
  lastRemindedAt: string | null;
}

/** The next reminder while the task waits for its submitter. */
export function nextTaskReminder(s: RemindedTask, policy: ReminderPolicy, now: Date): ReminderEvent | null {
  if ((s.status !== 'open' && s.status !== 'returned') || !s.dueAt) return null;
  return nextReminder(policy, new Date(s.dueAt), new Set(s.remindersSent), now);
}

/** Marks a reminder sent; returns its ledger action (`<prefix>.reminder` / `.escalated`) and step. */
export function reminderStep(
  s: RemindedTask,
  event: ReminderEvent,
  now: Date,
  prefix: string,
  recipientUserId: string | null,
): { type: string; step: PolicyStep } {
  s.remindersSent.push(event.key);
  s.lastRemindedAt = now.toISOString();
  if (event.type !== 'reminder') s.overdue = true;
  if (event.type === 'escalation') s.escalatedAt = s.lastRemindedAt;
  const type = event.type === 'escalation' ? `${prefix}.escalated` : `${prefix}.reminder`;
  const step: PolicyStep = {
    actor: SYSTEM,
    payload: { reminderKey: event.key, dueAt: s.dueAt, overdue: s.overdue },
    outbox: [
      {
        type,
        payload: {
          reminderKey: event.key,
          dueAt: s.dueAt,
          ...(event.type === 'escalation'
            ? { escalateToRoles: ['hq_approver', 'hq_admin'] }
            : { recipientUserId }),
        },
      },
    ],
  };
  return { type, step };
}
