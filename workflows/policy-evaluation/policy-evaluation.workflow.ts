/**
 * One node's 施策評価 for one fiscal year (`policy-eval/<tenant>/<nodeId>/<fy>`). Wiring only: the
 * rules are PolicyMachine's. While 予定 it waits for an `itemEvaluationApproved` signal (sent by the
 * worker when an item's CHECK evaluation is approved), for the city's opening date, or for a
 * coarse safety-net timer, and asks PostgreSQL (an activity) which items are still pending. Then
 * the owner's task with reminders, the submission and HQ's chain as Updates with validators; each
 * accepted step is projected (read model + ledger + outbox) before the Update answers.
 */
import {
  CYCLE_ACTIVITY_OPTIONS,
  decidePolicyEvaluationUpdate,
  itemEvaluationApprovedSignal,
  type PolicyEvaluationActivities,
  type PolicyEvaluationInput,
  type PolicyEvaluationState,
  type PolicyProjectionEvent,
  policyEvaluationStartedUpdate,
  policyEvaluationStateQuery,
  policyOwnerChangedSignal,
  submitPolicyEvaluationUpdate,
} from '@pdca/contracts';
import { businessNow, createClock, realDelayMsUntil } from '@pdca/domain';
import { condition, proxyActivities, setHandler, uuid4, workflowInfo } from '@temporalio/workflow';
import { reject } from '../command-rejection';
import { PolicyMachine } from './policy-machine';
import { remindUntilApproved, serialProjector, setChainTaskHandlers } from './task-workflow';

const { policyItemsPending, projectPolicyEvent } =
  proxyActivities<PolicyEvaluationActivities>(CYCLE_ACTIVITY_OPTIONS);

/** The safety net: readiness is checked at least this often (business days) even without a signal. */
const RECHECK_BUSINESS_MS = 7 * 24 * 3_600_000;

export async function policyEvaluationWorkflow(input: PolicyEvaluationInput): Promise<PolicyEvaluationState> {
  const { workflowId, runId } = workflowInfo();
  const realStartMs = Date.now();
  const clock = createClock(realStartMs, input.businessStartMs ?? realStartMs, input.timeScale);
  const now = () => businessNow(clock, Date.now());
  const m = new PolicyMachine(input, { workflowId, runId, now, newId: uuid4, reject });

  const p = serialProjector<PolicyProjectionEvent>(projectPolicyEvent);
  const project = p.project;
  const started = project(m.start());
  setChainTaskHandlers(
    {
      started: policyEvaluationStartedUpdate,
      state: policyEvaluationStateQuery,
      submit: submitPolicyEvaluationUpdate,
      decide: decidePolicyEvaluationUpdate,
    },
    m,
    p,
    started,
  );
  setHandler(policyOwnerChangedSignal, async ({ ownerUserId }) => {
    await started;
    const event = m.changeOwner(ownerUserId);
    if (event) await project(event);
  });
  let signals = 0;
  setHandler(itemEvaluationApprovedSignal, () => void signals++);

  await started;
  // ---- 予定: open when every item is approved or on the date, whichever comes first.
  while (m.state.status === 'scheduled') {
    const seen = signals;
    const pending = await policyItemsPending({
      tenantId: input.tenantId,
      nodeId: input.nodeId,
      fiscalYear: input.fiscalYear,
    });
    const reason = m.openingReason(pending);
    if (reason) {
      await project(m.open(reason, pending));
      break;
    }
    const untilDate = realDelayMsUntil(clock, new Date(m.state.scheduledOpenAt), Date.now());
    const safetyNet = realDelayMsUntil(clock, new Date(now().getTime() + RECHECK_BUSINESS_MS), Date.now());
    await condition(() => signals !== seen, Math.max(1, Math.min(untilDate, safetyNet)));
  }

  // ---- The owner's task: reminders until it is submitted; HQ's chain until approved.
  await remindUntilApproved(clock, m, p);
  return m.view();
}
