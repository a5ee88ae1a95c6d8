/**
 * The wiring a task workflow of its own shares (施策評価, 市の対応方針): projections applied one
 * after another in the order the machine produced them, the started Update, the state query, the
 * submission and decision Updates with their validators, and the reminder loop until the task is
 * approved. Deterministic workflow code.
 */
import type { Actor, ApprovalDecision } from '@pdca/contracts';
import type { BusinessClock, ReminderEvent } from '@pdca/domain';
import type { QueryDefinition, UpdateDefinition } from '@temporalio/common';
import { allHandlersFinished, condition, setHandler } from '@temporalio/workflow';
import { ReminderClock } from '../pdca-cycle/reminder-clock';

export interface Projector<E> {
  project(event: E): Promise<void>;
  /** Settles when every projection asked for so far has been applied (or failed). */
  drained(): Promise<unknown>;
}

export function serialProjector<E>(apply: (event: E) => Promise<unknown>): Projector<E> {
  let projections: Promise<unknown> = Promise.resolve();
  return {
    project(event) {
      const applied = projections.then(() => apply(event));
      projections = applied.catch(() => undefined);
      return applied.then(() => undefined);
    },
    drained: () => projections,
  };
}

export interface ChainTaskMachine<S, P, E> {
  readonly closed: boolean;
  readonly version: number;
  view(): S;
  assertSubmission(actor: Actor, payload: unknown): void;
  submit(actor: Actor, payload: P): E;
  assertDecision(actor: Actor, decision: ApprovalDecision): unknown;
  decide(actor: Actor, decision: ApprovalDecision): E;
  nextReminder(): ReminderEvent | null;
  sendReminder(event: ReminderEvent): E;
}

export interface ChainTaskHandlers<S, P> {
  started: UpdateDefinition<S, []>;
  state: QueryDefinition<S>;
  submit: UpdateDefinition<S, [Actor, P]>;
  decide: UpdateDefinition<S, [Actor, ApprovalDecision]>;
}

export function setChainTaskHandlers<S, P, E>(
  defs: ChainTaskHandlers<S, P>,
  m: ChainTaskMachine<S, P, E>,
  p: Projector<E>,
  started: Promise<void>,
): void {
  setHandler(defs.started, async () => {
    await started;
    return m.view();
  });
  setHandler(defs.state, () => m.view());
  setHandler(
    defs.submit,
    async (actor, payload) => {
      await p.project(m.submit(actor, payload));
      return m.view();
    },
    { validator: (actor, payload) => m.assertSubmission(actor, payload) },
  );
  setHandler(
    defs.decide,
    async (actor, decision) => {
      await p.project(m.decide(actor, decision));
      return m.view();
    },
    { validator: (actor, decision) => void m.assertDecision(actor, decision) },
  );
}

/** The submitter's task: reminders until it is submitted, HQ's chain until approved; then ends cleanly. */
export async function remindUntilApproved<S, P, E>(
  clock: BusinessClock,
  m: ChainTaskMachine<S, P, E>,
  p: Projector<E>,
): Promise<void> {
  const timers = new ReminderClock(
    clock,
    () => m.closed,
    () => m.version,
  );
  await timers.run(
    () => m.nextReminder(),
    (due) => p.project(m.sendReminder(due)),
    (due) => due.at,
  );
  await p.drained();
  await condition(allHandlersFinished);
  await p.drained();
}
