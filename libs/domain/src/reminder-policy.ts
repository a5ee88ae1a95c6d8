import type { SubmissionKind } from './stages';

const DAY_MS = 24 * 60 * 60 * 1000;

/** When to remind the assignee of a task and what happens once it is overdue. */
export interface ReminderPolicy {
  /** Whole days before the due instant at which to remind, e.g. [7, 1]. */
  readonly remindDaysBefore: readonly number[];
  /** At the due instant, escalate to HQ (otherwise only the assignee hears it is overdue). */
  readonly escalateWhenOverdue: boolean;
  /** Repeat the overdue reminder every this many days after the due instant; null: never. */
  readonly overdueRepeatEveryDays: number | null;
  /** How many repeats at most (the first overdue notice is not counted). */
  readonly maxOverdueReminders: number;
}

export type ReminderPolicies = Readonly<Record<SubmissionKind, ReminderPolicy>>;

/** Tenant overrides per task kind, merged field by field onto the defaults. */
export type ReminderPolicyOverrides = Readonly<Partial<Record<SubmissionKind, Partial<ReminderPolicy>>>>;

export const DEFAULT_REMINDER_POLICY: ReminderPolicy = {
  remindDaysBefore: [7, 1],
  escalateWhenOverdue: true,
  overdueRepeatEveryDays: 7,
  maxOverdueReminders: 4,
};

export const DEFAULT_REMINDER_POLICIES: ReminderPolicies = {
  plan: DEFAULT_REMINDER_POLICY,
  review: DEFAULT_REMINDER_POLICY,
  execution_report: DEFAULT_REMINDER_POLICY,
  evaluation: DEFAULT_REMINDER_POLICY,
  action: DEFAULT_REMINDER_POLICY,
};

function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function policyProblems(policy: ReminderPolicy): string[] {
  const problems: string[] = [];
  if (
    !Array.isArray(policy.remindDaysBefore) ||
    !policy.remindDaysBefore.every((d) => isIntegerIn(d, 1, 365))
  ) {
    problems.push('remindDaysBefore must be whole days 1–365');
  }
  if (typeof policy.escalateWhenOverdue !== 'boolean') problems.push('escalateWhenOverdue must be a boolean');
  if (policy.overdueRepeatEveryDays !== null && !isIntegerIn(policy.overdueRepeatEveryDays, 1, 365)) {
    problems.push('overdueRepeatEveryDays must be null or whole days 1–365');
  }
  if (!isIntegerIn(policy.maxOverdueReminders, 0, 52))
    problems.push('maxOverdueReminders must be an integer 0–52');
  return problems;
}

/**
 * The policy for every task kind with tenant overrides merged onto `base` (the defaults unless given).
 * @throws RangeError naming each invalid setting.
 */
export function resolveReminderPolicies(
  overrides: ReminderPolicyOverrides = {},
  base: ReminderPolicies = DEFAULT_REMINDER_POLICIES,
): ReminderPolicies {
  const resolved = {} as Record<SubmissionKind, ReminderPolicy>;
  const problems: string[] = [];
  for (const kind of Object.keys(base) as SubmissionKind[]) {
    const policy = { ...base[kind], ...overrides[kind] };
    resolved[kind] = policy;
    problems.push(...policyProblems(policy).map((p) => `${kind}.${p}`));
  }
  if (problems.length > 0) throw new RangeError(`invalid reminder policy: ${problems.join('; ')}`);
  return resolved;
}

export type ReminderEventType = 'reminder' | 'escalation' | 'overdue_reminder';

/**
 * One scheduled notification. `key` is relative to the due date (`before-7d`, `overdue`,
 * `overdue-repeat-2`) so it survives a moved deadline; see {@link nextReminder}.
 */
export interface ReminderEvent {
  readonly key: string;
  readonly at: Date;
  readonly type: ReminderEventType;
}

const OVERDUE_REPEAT_PREFIX = 'overdue-repeat-';

/**
 * All notifications for a task due at `dueAt`, sorted by time: a `reminder` per remindDaysBefore
 * entry; at the due instant `overdue` (type `escalation`, or `overdue_reminder` when escalation is
 * off: the task is overdue either way); then up to maxOverdueReminders `overdue-repeat-N`.
 * Days are calendar days of 24 hours (JST has no DST).
 */
export function reminderSchedule(policy: ReminderPolicy, dueAt: Date): ReminderEvent[] {
  const problems = policyProblems(policy);
  if (problems.length > 0) throw new RangeError(`invalid reminder policy: ${problems.join('; ')}`);
  const dueMs = dueAt.getTime();
  if (!Number.isFinite(dueMs)) throw new RangeError('dueAt must be a valid Date');

  const daysBefore = [...new Set(policy.remindDaysBefore)].sort((a, b) => b - a);
  const events: ReminderEvent[] = daysBefore.map((days) => ({
    key: `before-${days}d`,
    at: new Date(dueMs - days * DAY_MS),
    type: 'reminder',
  }));
  events.push({
    key: 'overdue',
    at: new Date(dueMs),
    type: policy.escalateWhenOverdue ? 'escalation' : 'overdue_reminder',
  });
  if (policy.overdueRepeatEveryDays !== null) {
    for (let n = 1; n <= policy.maxOverdueReminders; n++) {
      events.push({
        key: `${OVERDUE_REPEAT_PREFIX}${n}`,
        at: new Date(dueMs + n * policy.overdueRepeatEveryDays * DAY_MS),
        type: 'overdue_reminder',
      });
    }
  }
  return events;
}

/**
 * The next notification to send, or null when nothing is left. Sleep until its `at`, send it, add
 * its key to the sent set, then ask again (also ask again whenever the due date changes).
 *
 * Rules for events whose time is already past at `now` and that were never sent:
 * - `before-*` reminders are skipped: after a deadline is moved closer, a burst of stale
 *   "due in 7 days" messages would be wrong and noisy.
 * - `overdue` still fires: the task is overdue and HQ must hear about it.
 * - of the past `overdue-repeat-*` events only the latest fires; earlier ones are superseded.
 *
 * Moving a deadline never repeats a key in `alreadySentKeys`. Decision: when the due date moves
 * from 10 June to 30 June after `before-7d` went out, there is no second 7-day reminder before
 * 30 June (reminders already sent are not repeated; people were told the deadline changed when it
 * changed); `before-1d` still comes on 29 June. A returned or new task starts with an empty set.
 */
export function nextReminder(
  policy: ReminderPolicy,
  dueAt: Date,
  alreadySentKeys: ReadonlySet<string>,
  now: Date,
): ReminderEvent | null {
  const nowMs = now.getTime();
  if (!Number.isFinite(nowMs)) throw new RangeError('now must be a valid Date');
  const schedule = reminderSchedule(policy, dueAt);
  const latestPastRepeat = schedule
    .filter((e) => e.key.startsWith(OVERDUE_REPEAT_PREFIX) && e.at.getTime() <= nowMs)
    .at(-1);
  const due = schedule.find((event) => {
    if (alreadySentKeys.has(event.key)) return false;
    if (event.at.getTime() >= nowMs) return true;
    if (event.type === 'reminder') return false;
    if (event.key.startsWith(OVERDUE_REPEAT_PREFIX)) return event === latestPastRepeat;
    return true;
  });
  return due ?? null;
}
