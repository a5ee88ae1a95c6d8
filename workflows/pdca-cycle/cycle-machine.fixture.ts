/**
 * A deterministic world for the CycleMachine's unit tests (cycle-machine*.spec.ts): a clock the
 * test moves by hand, ids from a counter, rejections thrown as a `Rejected` error that carries
 * the rejection, one item with two indicators, its people and payloads that pass validation, and
 * drivers that take a cycle through its stages. No Jest globals here: this file is not a spec,
 * so the build compiles it without Jest's types.
 */
import type {
  Actor,
  ApprovalState,
  CycleContext,
  CycleWorkflowInput,
  ProjectionEvent,
  TaskState,
} from '@pdca/contracts';
import {
  type ActDecision,
  type ActionSubmission,
  type CommandRejection,
  type EvaluationSubmission,
  type ExecutionReport,
  type PlanSubmission,
  planOpenDate,
  type ReviewSubmission,
} from '@pdca/domain';
import { type CycleEnvironment, CycleMachine } from './cycle-machine';
import { cycleContext, cycleInput, hq, IND_RATE, IND_WAIT, leader } from './cycle-machine.world';

export * from './cycle-machine.world';

export const DAY_MS = 24 * 60 * 60 * 1000;
/** 1 February 2026, 00:00 JST: FY2026's cycles open (the default start of a test cycle). */
export const FY2026_START = '2026-01-31T15:00:00.000Z';

/** Business time that only moves when the test moves it. */
export class TestClock {
  private ms: number;

  constructor(start: string) {
    this.ms = Date.parse(start);
  }

  now = (): Date => new Date(this.ms);

  set(iso: string): void {
    this.ms = Date.parse(iso);
  }

  advanceDays(days: number): void {
    this.ms += days * DAY_MS;
  }

  iso(): string {
    return new Date(this.ms).toISOString();
  }
}

/** What the test environment's `reject` throws. */
export class Rejected extends Error {
  constructor(readonly rejection: CommandRejection) {
    super(`${rejection.type}: ${rejection.message.en}`);
    this.name = 'Rejected';
  }
}

/** The rejection `command` throws; an Error when it is accepted instead. */
export function rejectionOf(command: () => unknown): CommandRejection {
  try {
    command();
  } catch (error) {
    if (error instanceof Rejected) return error.rejection;
    throw error;
  }
  throw new Error('expected the command to be rejected, but it was accepted');
}

export interface CycleOptions {
  fiscalYear?: number;
  /** Business time of the start; default the year's plan-open date (1 February, 00:00 JST). */
  start?: string;
  openingDates?: boolean;
  context?: Partial<CycleContext>;
  input?: Partial<CycleWorkflowInput>;
  startedBy?: Actor;
}

export interface TestCycle {
  machine: CycleMachine;
  clock: TestClock;
  env: CycleEnvironment;
  /** The cycle.started event. */
  started: ProjectionEvent;
  /** Every event the machine recorded, in order (the workflow would project them so). */
  events: ProjectionEvent[];
}

/** Keeps every event `machine` records from now on. */
function collectEvents(machine: CycleMachine): ProjectionEvent[] {
  const events: ProjectionEvent[] = [];
  const record = machine.record.bind(machine);
  machine.record = (type, step) => {
    const event = record(type, step);
    events.push(event);
    return event;
  };
  return events;
}

/** A machine in a deterministic environment, started (FY2026 unless told). */
export function startCycle(options: CycleOptions = {}): TestCycle {
  const fiscalYear = options.fiscalYear ?? 2026;
  const clock = new TestClock(options.start ?? planOpenDate(fiscalYear).toISOString());
  let ids = 0;
  const env: CycleEnvironment = {
    workflowId: `wf-item-1-${fiscalYear}`,
    runId: 'run-1',
    openingDates: options.openingDates ?? true,
    now: clock.now,
    newId: () => `id-${++ids}`,
    reject: (rejection) => {
      throw new Rejected(rejection);
    },
  };
  const machine = new CycleMachine(cycleInput(fiscalYear, options.input), cycleContext(options.context), env);
  const events = collectEvents(machine);
  const started = machine.start(options.startedBy);
  return { machine, clock, env, started, events };
}

/** What a refused command must leave as it was (JSON copies, compared with toEqual). */
export function machineSnapshot(machine: CycleMachine) {
  return JSON.parse(
    JSON.stringify({
      state: machine.state,
      ctx: machine.ctx,
      taskVersion: machine.taskVersion,
      closed: machine.closed,
      reflecting: machine.reflecting,
    }),
  );
}

/**
 * Runs a command that must be refused: its rejection, and the machine before and after it (the
 * search-attribute changes it left included; `after` must equal `before`).
 */
export function refuse(machine: CycleMachine, command: () => unknown) {
  machine.takeVisibilityChanges();
  const before = { ...machineSnapshot(machine), visibility: [] };
  const rejection = rejectionOf(command);
  const after = { ...machineSnapshot(machine), visibility: machine.takeVisibilityChanges() };
  return { rejection, before, after };
}

// ---------------------------------------------------------------------------------------------
// Payloads that pass validation

export const planPayload = (): PlanSubmission => ({
  targets: [
    { indicatorId: IND_RATE, target: 60 },
    { indicatorId: IND_WAIT, target: 15 },
  ],
  activities: ['電子申請の対象手続を拡大', '窓口予約システムの導入'],
  budgetRequest: 10_000_000,
});

export const reviewPayload = (periodIndex: number): ReviewSubmission => ({
  periodIndex,
  progress: Math.min(100, periodIndex * 25),
  status: 'on_track',
  notes: '計画どおり進捗',
});

export const executionReportPayload = (): ExecutionReport => ({ summary: '年間計画どおり実施' });

/** 50 against 60 from a baseline of 20 → 75 %; 18 minutes against 15 from 30 → 80 %. */
export const evaluationPayload = (): EvaluationSubmission => ({
  actuals: [
    { indicatorId: IND_RATE, actual: 50 },
    { indicatorId: IND_WAIT, actual: 18 },
  ],
  selfRating: 'B',
  analysis: '申請率は伸びたが目標に届かなかった',
});

export const actionPayload = (decision: ActDecision, budgetProposal?: number): ActionSubmission => ({
  decision,
  rationale: '成果と課題を踏まえた方向性',
  ...(budgetProposal === undefined ? {} : { budgetProposal }),
});

// ---------------------------------------------------------------------------------------------
// Looking things up and driving a cycle

export const taskOfKind = (machine: CycleMachine, kind: TaskState['kind'], periodIndex?: number): TaskState =>
  machine.state.tasks.find(
    (t) => t.kind === kind && (periodIndex === undefined || t.periodIndex === periodIndex),
  )!;

export const pendingApprovals = (machine: CycleMachine): ApprovalState[] =>
  machine.state.approvals.filter((a) => a.status === 'pending');

/** Decides the one pending approval. */
export function decidePending(
  machine: CycleMachine,
  by: Actor = hq,
  decision: 'approve' | 'return' = 'approve',
  extra: { comment?: string; rating?: 'A' | 'B' | 'C' | 'D' } = {},
): ProjectionEvent {
  const [pending] = pendingApprovals(machine);
  return machine.decide(by, { approvalId: pending.id, decision, ...extra });
}

/** Opens every scheduled task whose date has come, as the workflow's opening timer would. */
export function openDueTasks(cycle: TestCycle): ProjectionEvent[] {
  const events: ProjectionEvent[] = [];
  for (let due = cycle.machine.nextOpening(); due; due = cycle.machine.nextOpening()) {
    if (due.at.getTime() > cycle.clock.now().getTime()) break;
    events.push(cycle.machine.openScheduledTask(due));
  }
  return events;
}

/** 1 April of the following year, 00:00 JST: the execution report and the evaluation open. */
export const afterYearEnd = (fiscalYear: number): string =>
  new Date(Date.UTC(fiscalYear + 1, 2, 31, 15)).toISOString();

/** PLAN approved: the cycle is in DO. */
export function reachDo(cycle: TestCycle): void {
  cycle.machine.submitGate('plan', leader, planPayload());
  decidePending(cycle.machine);
}

/** DO done (every review, the execution report approved on 1 April N+1): the cycle is in CHECK. */
export function reachCheck(cycle: TestCycle): void {
  reachDo(cycle);
  cycle.clock.set(afterYearEnd(cycle.machine.state.fiscalYear));
  openDueTasks(cycle);
  for (const task of cycle.machine.state.tasks.filter((t) => t.kind === 'review')) {
    cycle.machine.submitReview(leader, task.id, reviewPayload(task.periodIndex!));
  }
  cycle.machine.submitGate('execution_report', leader, executionReportPayload());
  decidePending(cycle.machine);
}

/** CHECK approved: the cycle is in ACT. */
export function reachAct(cycle: TestCycle): void {
  reachCheck(cycle);
  cycle.machine.submitGate('evaluation', leader, evaluationPayload());
  decidePending(cycle.machine);
}

/** The Act decision approved in June N+1: the cycle waits for its budget reflection. */
export function reachReflecting(cycle: TestCycle, action: ActionSubmission): void {
  reachAct(cycle);
  cycle.clock.set(`${cycle.machine.state.fiscalYear + 1}-06-15T01:00:00.000Z`);
  cycle.machine.submitGate('action', leader, action);
  decidePending(cycle.machine);
}
