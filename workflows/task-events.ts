/**
 * What the pure machines of the tasks of their own (施策評価, 外部評価, 市の対応方針) share: the
 * head of each step event they record and a task's fields before anything has happened to it.
 * Pure (no Temporal import).
 */
import type { ProjectionActor } from '@pdca/contracts';

/** The workflow's identity and business clock, as a machine is given them. */
export interface StepEventSource {
  workflowId: string;
  runId: string;
  now: () => Date;
}

/** The head of a step event: whose workflow, its seq and type, when (business time), in which tenant, by whom. */
export function stepEventHead(
  env: StepEventSource,
  seq: number,
  type: string,
  tenantId: string,
  actor: ProjectionActor,
) {
  return {
    workflowId: env.workflowId,
    runId: env.runId,
    seq,
    type,
    occurredAt: env.now().toISOString(),
    tenantId,
    actor,
  };
}

/** The messages of a step, each naming what `names` names (the step's own payload wins). */
export function namedOutbox(
  outbox: ReadonlyArray<{ type: string; payload: Record<string, unknown> }> | undefined,
  names: Record<string, unknown>,
): Array<{ type: string; payload: Record<string, unknown> }> {
  return (outbox ?? []).map((m) => ({ type: m.type, payload: { ...names, ...m.payload } }));
}

/** A task's reminder fields before any reminder. */
export function unremindedTask() {
  return { overdue: false, escalatedAt: null, remindersSent: [] as string[], lastRemindedAt: null };
}

/** A task's submission and approval fields before any submission. */
export function unsubmittedTask() {
  return {
    round: 0,
    submission: null,
    submittedBy: null,
    submittedAt: null,
    approvals: [],
    approvedAt: null,
  };
}
