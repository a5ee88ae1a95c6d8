/**
 * A cycle's tasks: which a stage creates, when each opens, and which reminder or opening falls
 * due next. Pure functions; the machine owns the state they read and the workflow the timers.
 */
import type { CycleContext, TaskState } from '@pdca/contracts';
import {
  type LocalizedText,
  nextReminder,
  type ReminderEvent,
  type Stage,
  type StageDueDates,
  SUBMISSION_KIND_LABELS,
  type SubmissionKind,
} from '@pdca/domain';

export interface TaskClock {
  now(): Date;
  newId(): string;
  /** Whether tasks wait for their opening date (cycles started before #15 open every task at once). */
  openingDates: boolean;
}

export interface TaskSpec {
  kind: SubmissionKind;
  dueAt: Date;
  periodIndex: number | null;
  label?: LocalizedText;
  opensAt?: Date | null;
}

/** The tasks a stage hands its working group, with their due and opening dates. */
export function stageTaskSpecs(stage: Stage, due: StageDueDates): TaskSpec[] {
  switch (stage) {
    case 'PLAN':
      return [{ kind: 'plan', dueAt: due.plan, periodIndex: null }];
    case 'DO':
      return [
        ...due.reviews.map((period) => ({
          kind: 'review' as const,
          dueAt: period.dueAt,
          periodIndex: period.index,
          label: period.label,
          opensAt: period.openAt,
        })),
        {
          kind: 'execution_report',
          dueAt: due.executionReport,
          periodIndex: null,
          opensAt: due.opens.executionReport,
        },
      ];
    case 'CHECK':
      return [
        { kind: 'evaluation', dueAt: due.evaluation, periodIndex: null, opensAt: due.opens.evaluation },
      ];
    case 'ACT':
      return [{ kind: 'action', dueAt: due.action, periodIndex: null }];
  }
}

/** A new task for the leader; scheduled (予定) until its opening date, open at once if that has passed. */
export function newTask(spec: TaskSpec, assigneeUserId: string | null, clock: TaskClock): TaskState {
  const kindLabel = SUBMISSION_KIND_LABELS[spec.kind];
  const now = clock.now();
  const createdAt = now.toISOString();
  const opensAt = spec.opensAt ?? null;
  const scheduled = clock.openingDates && !!opensAt && opensAt.getTime() > now.getTime();
  return {
    id: clock.newId(),
    kind: spec.kind,
    periodIndex: spec.periodIndex,
    title: spec.label
      ? { ja: `${kindLabel.ja}（${spec.label.ja}）`, en: `${kindLabel.en} (${spec.label.en})` }
      : { ...kindLabel },
    assigneeUserId,
    dueAt: spec.dueAt.toISOString(),
    openAt: clock.openingDates ? (scheduled ? opensAt!.toISOString() : createdAt) : null,
    status: scheduled ? 'scheduled' : 'open',
    overdue: false,
    escalatedAt: null,
    remindersSent: [],
    lastRemindedAt: null,
    submittedAt: null,
    submittedBy: null,
    createdAt,
  };
}

export interface DueReminder {
  task: TaskState;
  event: ReminderEvent;
}

/** The earliest reminder or escalation of any open task, by the tenant's reminder policies. */
export function earliestReminder(
  tasks: readonly TaskState[],
  ctx: CycleContext,
  at: Date,
): DueReminder | null {
  let best: DueReminder | null = null;
  for (const task of tasks) {
    if (task.status !== 'open') continue;
    const event = nextReminder(
      ctx.reminderPolicies[task.kind],
      new Date(task.dueAt),
      new Set(task.remindersSent),
      at,
    );
    if (event && (!best || event.at.getTime() < best.event.at.getTime())) best = { task, event };
  }
  return best;
}

export interface DueOpening {
  task: TaskState;
  at: Date;
}

/** The scheduled task that opens first. */
export function earliestOpening(tasks: readonly TaskState[]): DueOpening | null {
  let best: DueOpening | null = null;
  for (const task of tasks) {
    if (task.status !== 'scheduled' || !task.openAt) continue;
    const at = new Date(task.openAt);
    if (!best || at.getTime() < best.at.getTime()) best = { task, at };
  }
  return best;
}

/** Tasks a personnel change or a close still concerns. */
export const isLive = (task: TaskState): boolean =>
  task.status === 'open' || task.status === 'submitted' || task.status === 'scheduled';
