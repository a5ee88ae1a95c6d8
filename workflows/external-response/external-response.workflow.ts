/**
 * 市の対応方針 of one item in one review round (`ext-response/<tenant>/<reviewId>/<itemId>`),
 * started by the round's workflow when the chair rules on the item. Wiring only: the rules are
 * ResponseMachine's, the wiring 施策評価's (task-workflow.ts). The leader's task opens at once with
 * reminders; the submission and HQ's chain are Updates with validators; each accepted step is
 * projected (read model + ledger + outbox) before the Update answers.
 */
import {
  CYCLE_ACTIVITY_OPTIONS,
  decideExternalResponseUpdate,
  type ExternalResponseActivities,
  type ExternalResponseInput,
  type ExternalResponseProjectionEvent,
  type ExternalResponseState,
  externalResponseStartedUpdate,
  externalResponseStateQuery,
  submitExternalResponseUpdate,
} from '@pdca/contracts';
import { businessNow, createClock } from '@pdca/domain';
import { proxyActivities, uuid4, workflowInfo } from '@temporalio/workflow';
import { reject } from '../command-rejection';
import {
  remindUntilApproved,
  serialProjector,
  setChainTaskHandlers,
} from '../policy-evaluation/task-workflow';
import { ResponseMachine } from './response-machine';

const { projectExternalResponseEvent } = proxyActivities<ExternalResponseActivities>(CYCLE_ACTIVITY_OPTIONS);

export async function externalResponseWorkflow(input: ExternalResponseInput): Promise<ExternalResponseState> {
  const { workflowId, runId } = workflowInfo();
  const realStartMs = Date.now();
  const clock = createClock(realStartMs, input.businessStartMs ?? realStartMs, input.timeScale);
  const now = () => businessNow(clock, Date.now());
  const m = new ResponseMachine(input, { workflowId, runId, now, newId: uuid4, reject });

  const p = serialProjector<ExternalResponseProjectionEvent>(projectExternalResponseEvent);
  const started = p.project(m.open());
  setChainTaskHandlers(
    {
      started: externalResponseStartedUpdate,
      state: externalResponseStateQuery,
      submit: submitExternalResponseUpdate,
      decide: decideExternalResponseUpdate,
    },
    m,
    p,
    started,
  );
  await started;
  await remindUntilApproved(clock, m, p);
  return m.view();
}
