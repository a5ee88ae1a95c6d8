import {
  DEFAULT_REMINDER_POLICIES,
  DEFAULT_REMINDER_POLICY,
  nextReminder,
  type ReminderPolicy,
  reminderSchedule,
  resolveReminderPolicies,
} from './reminder-policy';

const jst = (local: string): Date => new Date(`${local}+09:00`);
const DUE = jst('2025-06-10T17:00');
const NONE: ReadonlySet<string> = new Set();

describe('reminderSchedule', () => {
  it('with the defaults reminds 7 and 1 days before, escalates at the due instant, repeats weekly 4 times', () => {
    const sut = reminderSchedule(DEFAULT_REMINDER_POLICY, DUE);
    expect(sut.map((e) => [e.key, e.type, e.at.toISOString()])).toEqual([
      ['before-7d', 'reminder', jst('2025-06-03T17:00').toISOString()],
      ['before-1d', 'reminder', jst('2025-06-09T17:00').toISOString()],
      ['overdue', 'escalation', DUE.toISOString()],
      ['overdue-repeat-1', 'overdue_reminder', jst('2025-06-17T17:00').toISOString()],
      ['overdue-repeat-2', 'overdue_reminder', jst('2025-06-24T17:00').toISOString()],
      ['overdue-repeat-3', 'overdue_reminder', jst('2025-07-01T17:00').toISOString()],
      ['overdue-repeat-4', 'overdue_reminder', jst('2025-07-08T17:00').toISOString()],
    ]);
  });

  it('sorts and de-duplicates the days before; without escalation the overdue notice goes to the assignee', () => {
    const policy: ReminderPolicy = {
      remindDaysBefore: [1, 14, 1, 3],
      escalateWhenOverdue: false,
      overdueRepeatEveryDays: null,
      maxOverdueReminders: 4,
    };
    expect(reminderSchedule(policy, DUE).map((e) => `${e.key}:${e.type}`)).toEqual([
      'before-14d:reminder',
      'before-3d:reminder',
      'before-1d:reminder',
      'overdue:overdue_reminder',
    ]);
  });

  it('rejects fractional days', () => {
    expect(() => reminderSchedule({ ...DEFAULT_REMINDER_POLICY, remindDaysBefore: [0.5] }, DUE)).toThrow(
      /remindDaysBefore/,
    );
  });
});

describe('resolveReminderPolicies', () => {
  it('merges tenant overrides per task kind onto the defaults', () => {
    const sut = resolveReminderPolicies({
      review: { remindDaysBefore: [3] },
      action: { maxOverdueReminders: 1 },
    });
    expect(sut.review).toEqual({ ...DEFAULT_REMINDER_POLICY, remindDaysBefore: [3] });
    expect(sut.action.maxOverdueReminders).toBe(1);
    expect(sut.action.remindDaysBefore).toEqual([7, 1]);
    expect(sut.plan).toEqual(DEFAULT_REMINDER_POLICIES.plan);
  });

  it('names the task kind of an invalid override', () => {
    expect(() => resolveReminderPolicies({ evaluation: { overdueRepeatEveryDays: 0 } })).toThrow(
      /evaluation\.overdueRepeatEveryDays/,
    );
  });
});

describe('nextReminder', () => {
  const policy = DEFAULT_REMINDER_POLICY;

  it('returns the first event not yet sent', () => {
    expect(nextReminder(policy, DUE, NONE, jst('2025-05-01T09:00'))?.key).toBe('before-7d');
    expect(nextReminder(policy, DUE, new Set(['before-7d']), jst('2025-06-03T17:00'))?.key).toBe('before-1d');
  });

  it('fires an event exactly at its time', () => {
    const sut = nextReminder(policy, DUE, NONE, jst('2025-06-03T17:00'));
    expect(sut).toEqual({ key: 'before-7d', at: jst('2025-06-03T17:00'), type: 'reminder' });
  });

  it('skips stale before-reminders when the deadline moves closer, without a burst', () => {
    // The task was due 30 June; on 8 June it is moved to 10 June: 3 June (7 days before) has passed.
    const sut = nextReminder(policy, DUE, NONE, jst('2025-06-08T10:00'));
    expect(sut?.key).toBe('before-1d');
    expect(sut?.at).toEqual(jst('2025-06-09T17:00'));
  });

  it('does not repeat a reminder already sent when the deadline moves later', () => {
    // before-7d went out on 3 June for 10 June; on 5 June the due date moves to 30 June.
    const moved = jst('2025-06-30T17:00');
    const sut = nextReminder(policy, moved, new Set(['before-7d']), jst('2025-06-05T10:00'));
    expect(sut).toEqual({ key: 'before-1d', at: jst('2025-06-29T17:00'), type: 'reminder' });
  });

  it('still escalates when the due instant passed unnoticed', () => {
    const sut = nextReminder(policy, DUE, new Set(['before-7d']), jst('2025-06-11T09:00'));
    expect(sut).toEqual({ key: 'overdue', at: DUE, type: 'escalation' });
  });

  it('sends only the latest of several missed overdue repeats', () => {
    const sent = new Set(['before-7d', 'before-1d', 'overdue']);
    const sut = nextReminder(policy, DUE, sent, jst('2025-06-25T09:00'));
    expect(sut?.key).toBe('overdue-repeat-2');
    const after = nextReminder(policy, DUE, new Set([...sent, 'overdue-repeat-2']), jst('2025-06-25T09:01'));
    expect(after?.key).toBe('overdue-repeat-3');
    expect(after?.at).toEqual(jst('2025-07-01T17:00'));
  });

  it('returns null once everything was sent or superseded', () => {
    const keys = reminderSchedule(policy, DUE).map((e) => e.key);
    expect(nextReminder(policy, DUE, new Set(keys), jst('2025-06-01T00:00'))).toBeNull();
    expect(
      nextReminder(policy, DUE, new Set(['overdue', 'overdue-repeat-4']), jst('2025-09-01T00:00')),
    ).toBeNull();
  });
});
