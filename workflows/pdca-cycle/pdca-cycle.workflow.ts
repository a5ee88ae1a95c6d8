/**
 * One reform item's PDCA cycle for one fiscal year: PLAN → DO → CHECK → ACT → budget reflection.
 * This file is wiring only: the cycle's state and rules are the CycleMachine (cycle-machine.ts,
 * no Temporal import); here its commands become Update handlers with validators, its timers
 * become Temporal timers, and each step it accepts becomes one projection (read model + ledger +
 * outbox in one PostgreSQL transaction) before the Update answers, so the API reads its own write.
 */

import {
  type Actor,
  AWAITING_APPROVAL_KEY,
  answerWithdrawalQuestionUpdate,
  CYCLE_ACTIVITY_OPTIONS,
  type CycleActivities,
  type CycleOutcome,
  type CycleState,
  type CycleWorkflowInput,
  cycleStartedUpdate,
  cycleStateQuery,
  decideUpdate,
  FISCAL_YEAR_KEY,
  ITEM_CODE_KEY,
  moveDeadlineUpdate,
  openTaskUpdate,
  type ProjectionEvent,
  previousYearDecidedSignal,
  reassignUpdate,
  STAGE_KEY,
  submitActionUpdate,
  submitEvaluationUpdate,
  submitExecutionReportUpdate,
  submitPlanUpdate,
  submitReviewUpdate,
  TENANT_KEY,
  withdrawUpdate,
} from '@pdca/contracts';
import { businessNow, createClock, type GateKind } from '@pdca/domain';
import type { UpdateDefinition } from '@temporalio/common';
import {
  allHandlersFinished,
  condition,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { reject } from '../command-rejection';
import { initialCycleState } from './cycle-facts';
import { type CycleEnvironment, CycleMachine } from './cycle-machine';
import { closeYear, reflectApprovedDecision } from './cycle-year-end';
import { handOverToNextYear, OVERLAPPING_FISCAL_YEARS_PATCH } from './next-year';
import { ReminderClock } from './reminder-clock';

/** Tasks of newer cycles are `scheduled` until their opening date (#15); older ones open at once. */
export const TASK_OPENING_DATES_PATCH = 'task-opening-dates';
/**
 * A regular activity: scheduled by a recorded workflow task, its event's number is durable before
 * anything is written (a local activity is not: docs/performance.md, "Local projections").
 */
const { loadCycleContext, projectCycleEvent } = proxyActivities<CycleActivities>(CYCLE_ACTIVITY_OPTIONS);

export async function pdcaCycleWorkflow(input: CycleWorkflowInput): Promise<CycleOutcome> {
  // Each patch is checked once, in the first activation: a cycle's whole run keeps one behaviour.
  const overlappingYears = patched(OVERLAPPING_FISCAL_YEARS_PATCH);
  const openingDates = patched(TASK_OPENING_DATES_PATCH);

  const { workflowId, runId } = workflowInfo();
  const realStartMs = Date.now();
  const clock = createClock(realStartMs, input.businessStartMs ?? realStartMs, input.timeScale);
  const env: CycleEnvironment = {
    workflowId,
    runId,
    openingDates,
    now: () => businessNow(clock, Date.now()),
    newId: uuid4,
    reject,
  };

  // Projections are applied strictly in sequence; an Update answers once its own has committed.
  let projections: Promise<unknown> = Promise.resolve();
  const project = (event: ProjectionEvent): Promise<void> => {
    const applied = projections.then(() => projectCycleEvent(event));
    projections = applied.catch(() => undefined);
    return applied.then(() => undefined);
  };
  const showVisibility = (m: CycleMachine) => {
    for (const change of m.takeVisibilityChanges()) {
      upsertSearchAttributes([
        { key: STAGE_KEY, value: change.stage },
        { key: AWAITING_APPROVAL_KEY, value: change.awaitingApproval },
      ]);
    }
  };
  const begin = (m: CycleMachine): Promise<void> => {
    const event = m.start(input.startedBy);
    showVisibility(m);
    upsertSearchAttributes([
      { key: TENANT_KEY, value: m.state.tenantCode },
      { key: ITEM_CODE_KEY, value: m.state.itemCode },
      { key: FISCAL_YEAR_KEY, value: m.state.fiscalYear },
    ]);
    return project(event);
  };

  // The machine exists from the first instant when the starter sent the context (no handler ever
  // waits for it); cycles started without one read it first, and their handlers wait as they always did.
  const legacyStart = !input.context;
  let machine = input.context ? new CycleMachine(input, input.context, env) : undefined;
  let started = machine ? begin(machine) : undefined;
  const machineReady = async (): Promise<CycleMachine> => {
    if (legacyStart) await condition(() => machine !== undefined);
    return machine!;
  };

  // ---- Handlers: the validator rejects a bad command before anything is written; the handler
  // checks again (state may have moved between the two) and applies it.
  function command<A extends unknown[]>(
    update: UpdateDefinition<CycleState, A>,
    check: (m: CycleMachine, ...args: A) => unknown,
    apply: (m: CycleMachine, ...args: A) => ProjectionEvent,
  ): void {
    setHandler(
      update,
      async (...args: A) => {
        const m = await machineReady();
        const event = apply(m, ...args);
        showVisibility(m);
        await project(event);
        return m.view();
      },
      { validator: (...args: A) => void (machine && check(machine, ...args)) },
    );
  }
  const gate = <P>(update: UpdateDefinition<CycleState, [Actor, P]>, kind: GateKind) =>
    command(
      update,
      (m, actor, payload) => m.assertGateSubmission(kind, actor, payload),
      (m, actor, payload) => m.submitGate(kind, actor, payload),
    );
  gate(submitPlanUpdate, 'plan');
  gate(submitExecutionReportUpdate, 'execution_report');
  gate(submitEvaluationUpdate, 'evaluation');
  gate(submitActionUpdate, 'action');
  command(
    submitReviewUpdate,
    (m, ...a) => m.assertReview(...a),
    (m, ...a) => m.submitReview(...a),
  );
  command(
    decideUpdate,
    (m, ...a) => m.assertDecision(...a),
    (m, ...a) => m.decide(...a),
  );
  command(
    moveDeadlineUpdate,
    (m, ...a) => m.assertDeadlineChange(...a),
    (m, ...a) => m.moveDeadline(...a),
  );
  command(
    openTaskUpdate,
    (m, ...a) => m.assertEarlyOpening(...a),
    (m, ...a) => m.openTask(...a),
  );
  command(
    withdrawUpdate,
    (m, ...a) => m.assertWithdraw(...a),
    (m, ...a) => m.withdraw(...a),
  );
  command(
    reassignUpdate,
    (m, ...a) => m.assertReassignment(...a),
    (m, ...a) => m.reassign(...a),
  );
  command(
    answerWithdrawalQuestionUpdate,
    (m, ...a) => m.assertWithdrawalAnswer(...a),
    (m, ...a) => m.answerWithdrawalQuestion(...a),
  );
  setHandler(previousYearDecidedSignal, async (carried) => {
    const event = (await machineReady()).previousYearDecided(carried);
    if (event) await project(event);
  });
  setHandler(cycleStartedUpdate, async () => {
    const m = await machineReady();
    await started;
    return m.view();
  });
  setHandler(
    cycleStateQuery,
    () => machine?.view() ?? initialCycleState(input, workflowId, env.now().toISOString(), ''),
  );

  // ---- The cycle: started, then its timers run until HQ approves the Act decision or it closes.
  if (!machine) {
    machine = new CycleMachine(input, await loadCycleContext(input), env);
    started = begin(machine);
  }
  const m = machine;
  await started;
  const timers = new ReminderClock(
    clock,
    () => m.closed,
    () => m.taskVersion,
  );
  const reminders = timers.run(
    () => m.nextReminder(),
    (due) => project(m.sendReminder(due)),
  );
  const openings = openingDates
    ? timers.run(
        () => m.nextOpening(),
        (due) => project(m.openScheduledTask(due)),
        (due) => due.at,
      )
    : Promise.resolve();
  await condition(() => m.closed || m.reflecting);

  if (m.reflecting && m.state.action) {
    const reflected = reflectApprovedDecision(m);
    await project(reflected.event);
    const next = await handOverToNextYear(m.state, reflected, overlappingYears, input.timeScale, env.now());
    const closing = closeYear(m, reflected, next);
    showVisibility(m);
    await project(closing);
  }

  await reminders;
  await openings;
  await projections;
  await condition(allHandlersFinished); // in-flight Updates finish (their projections land) first
  await projections;
  return {
    status: m.state.status,
    decision: m.state.action?.payload.decision ?? null,
    nextCycleWorkflowId: m.state.nextCycleWorkflowId,
  };
}
