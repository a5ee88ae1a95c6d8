/**
 * One review round of the external review committee (`ext-review/<tenant>/<reviewId>`, #25).
 * Wiring only: the rules are ReviewMachine's. The members' opinions and the chair's rulings are
 * Updates with validators, each projected (read model + ledger + outbox) before it answers; the
 * reminder loop reminds the members missing an opinion and escalates at the due date. Each ruling
 * starts the city's response (市の対応方針) as a child workflow that outlives the round (ABANDON);
 * the round ends when every item is ruled and every response has started.
 */
import {
  CYCLE_ACTIVITY_OPTIONS,
  EXTERNAL_RESPONSE_WORKFLOW_TYPE,
  type ExternalReviewActivities,
  type ExternalReviewInput,
  type ExternalReviewProjectionEvent,
  type ExternalReviewState,
  externalResponseWorkflowId,
  externalReviewStartedUpdate,
  externalReviewStateQuery,
  FISCAL_YEAR_KEY,
  recordExternalRulingUpdate,
  submitExternalOpinionUpdate,
  TENANT_KEY,
} from '@pdca/contracts';
import { businessNow, createClock } from '@pdca/domain';
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  startChild,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { ReminderClock } from '../pdca-cycle/reminder-clock';
import { ReviewMachine, type ReviewRejection } from './review-machine';

const { projectExternalReviewEvent, externalResponseContext } =
  proxyActivities<ExternalReviewActivities>(CYCLE_ACTIVITY_OPTIONS);

/** A refused command: typed as the cycle's (the API maps the type to its status), `code` named finer. */
function reject(rejection: ReviewRejection): never {
  throw ApplicationFailure.create({
    type: rejection.type,
    message: rejection.message.en,
    nonRetryable: true,
    details: [
      { message: rejection.message, problems: rejection.problems, code: rejection.code ?? rejection.type },
    ],
  });
}

export async function externalReviewWorkflow(input: ExternalReviewInput): Promise<ExternalReviewState> {
  const { workflowId, runId } = workflowInfo();
  const realStartMs = Date.now();
  const clock = createClock(realStartMs, input.businessStartMs ?? realStartMs, input.timeScale);
  const now = () => businessNow(clock, Date.now());
  const m = new ReviewMachine(input, { workflowId, runId, now, newId: uuid4, reject });

  let projections: Promise<unknown> = Promise.resolve();
  const project = (event: ExternalReviewProjectionEvent): Promise<void> => {
    const applied = projections.then(() => projectExternalReviewEvent(event));
    projections = applied.catch(() => undefined);
    return applied.then(() => undefined);
  };
  // The responses start one after the other, each after its ruling is in PostgreSQL.
  let responses: Promise<unknown> = Promise.resolve();
  const startResponse = (itemId: string): Promise<void> => {
    const started = responses.then(async () => {
      const context = await externalResponseContext({ tenantId: input.tenantId, itemId });
      const response = m.responseInput(itemId, context);
      await startChild(EXTERNAL_RESPONSE_WORKFLOW_TYPE, {
        workflowId: externalResponseWorkflowId(input.tenantCode, input.reviewId, itemId),
        args: [response],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        typedSearchAttributes: [
          { key: TENANT_KEY, value: input.tenantCode },
          { key: FISCAL_YEAR_KEY, value: input.fiscalYear },
        ],
      });
    });
    responses = started.catch(() => undefined);
    return started;
  };
  const started = project(m.start());

  setHandler(externalReviewStartedUpdate, async () => {
    await started;
    return m.view();
  });
  setHandler(externalReviewStateQuery, () => m.view());
  setHandler(
    submitExternalOpinionUpdate,
    async (actor, payload) => {
      await started;
      await project(m.submitOpinion(actor, payload));
      return m.view();
    },
    { validator: (actor, payload) => m.assertOpinion(actor, payload) },
  );
  setHandler(
    recordExternalRulingUpdate,
    async (actor, payload) => {
      await started;
      await project(m.recordRuling(actor, payload));
      // The ruling answers once the city's response has started: its task is there to read.
      await startResponse(payload.itemId);
      return m.view();
    },
    { validator: (actor, payload) => m.assertRuling(actor, payload) },
  );

  await started;
  const timers = new ReminderClock(
    clock,
    () => m.closed,
    () => m.version,
  );
  await timers.run(
    () => m.nextReminder(),
    (due) => project(m.sendReminder(due)),
    (due) => due.at,
  );
  await condition(allHandlersFinished);
  await projections;
  await responses;
  return m.view();
}
