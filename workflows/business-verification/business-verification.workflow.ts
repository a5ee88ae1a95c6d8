/**
 * One 事業検証 round (`verification/<tenant>/<roundId>`, #26). Wiring only: the rules are
 * VerificationMachine's. The team's findings and HQ's decisions are Updates with validators, each
 * projected (read model + ledger + outbox, the budget reflection with the last approval) before it
 * answers; the reminder loop reminds the team and HQ and escalates at the due dates. The round
 * ends when HQ has decided every item.
 */
import {
  CYCLE_ACTIVITY_OPTIONS,
  decideVerificationUpdate,
  submitVerificationFindingsUpdate,
  type VerificationActivities,
  type VerificationInput,
  type VerificationProjectionEvent,
  type VerificationState,
  verificationStartedUpdate,
  verificationStateQuery,
} from '@pdca/contracts';
import { businessNow, createClock } from '@pdca/domain';
import {
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { reject } from '../command-rejection';
import { ReminderClock } from '../pdca-cycle/reminder-clock';
import { serialProjector } from '../policy-evaluation/task-workflow';
import { type DueVerificationReminder, VerificationMachine } from './verification-machine';

const { projectVerificationEvent } = proxyActivities<VerificationActivities>(CYCLE_ACTIVITY_OPTIONS);

export async function businessVerificationWorkflow(input: VerificationInput): Promise<VerificationState> {
  const { workflowId, runId } = workflowInfo();
  const realStartMs = Date.now();
  const clock = createClock(realStartMs, input.businessStartMs ?? realStartMs, input.timeScale);
  const now = () => businessNow(clock, Date.now());
  const m = new VerificationMachine(input, { workflowId, runId, now, newId: uuid4, reject });

  const p = serialProjector<VerificationProjectionEvent>(projectVerificationEvent);
  const started = p.project(m.start());
  setHandler(verificationStartedUpdate, async () => {
    await started;
    return m.view();
  });
  setHandler(verificationStateQuery, () => m.view());
  setHandler(
    submitVerificationFindingsUpdate,
    async (actor, payload) => {
      await started;
      await p.project(m.submitFindings(actor, payload));
      return m.view();
    },
    { validator: (actor, payload) => void m.assertFindings(actor, payload) },
  );
  setHandler(
    decideVerificationUpdate,
    async (actor, decision) => {
      await started;
      await p.project(m.decide(actor, decision));
      return m.view();
    },
    { validator: (actor, decision) => m.assertDecision(actor, decision) },
  );

  await started;
  const timers = new ReminderClock(
    clock,
    () => m.closed,
    () => m.version,
  );
  await timers.run<DueVerificationReminder>(
    () => m.nextReminder(),
    (due) => p.project(m.sendReminder(due)),
    (due) => due.event.at,
  );
  await p.drained();
  await condition(allHandlersFinished);
  await p.drained();
  return m.view();
}
