/**
 * What the cycle workflow asks of the outside world. The workflow imports these types only; the
 * worker provides the implementations (apps/worker/src/activities).
 */

import type {
  AchievementFormulaSetting,
  ApprovalPolicy,
  CitySettings,
  Direction,
  FiscalCalendarPolicy,
  ReminderPolicies,
  Role,
} from '@pdca/domain';
import type { ActivityOptions } from '@temporalio/common';
import type {
  ApprovalState,
  BudgetReflectionState,
  CarriedOver,
  CycleWorkflowInput,
  TaskState,
} from './cycle-workflow.contract';

export interface CycleIndicator {
  id: string;
  name: string;
  unit: string;
  direction: Direction;
  baseline: number | null;
  /** Target per fiscal year ("2025": 120). */
  targets: Record<string, number>;
  /**
   * The 目標達成率 formula in force: the indicator's own, else the city's default (absent in
   * contexts recorded before #22: progress, the product's behaviour until then).
   */
  achievementFormula?: AchievementFormulaSetting;
}

/** The parts of a city's settings (libs/domain city-settings.ts) a cycle decides with. */
export type CycleCitySettings = Pick<CitySettings, 'decisions' | 'ratings' | 'achievementFormula'>;

/** The item and tenant facts a cycle runs on, read once when the cycle starts. */
export interface CycleContext {
  tenantId: string;
  tenantCode: string;
  itemId: string;
  itemCode: string;
  itemTitle: string;
  leaderUserId: string | null;
  memberUserIds: string[];
  /** Whether working-group members (not only the leader) may submit. */
  allowMembersToSubmit: boolean;
  approvalPolicy: ApprovalPolicy;
  reminderPolicies: ReminderPolicies;
  /** The tenant's calendar with the item's review cadence applied. */
  calendar: FiscalCalendarPolicy;
  indicators: CycleIndicator[];
  /** The item's budget of this cycle's fiscal year (item_budgets; the item's amount when unset). */
  budgetCurrentAmount: number;
  planPeriodEndFy: number | null;
  /** Set once an Act decision abolished or completed the item (absent in contexts recorded before). */
  lastFiscalYear?: number | null;
  /** The tenant's progress grade codes (absent in contexts recorded before #12: the default scale). */
  gradeCodes?: string[];
  /**
   * The city's settings in force when the cycle started (absent in contexts recorded before #22:
   * the product's defaults). A running year keeps them whatever the city changes later.
   */
  citySettings?: CycleCitySettings;
}

/** The read-model row of a cycle, written whole with every event. */
export interface CycleRow {
  fiscalYear: number;
  stage: string;
  status: string;
  awaitingApproval: boolean;
  plan: unknown;
  executionReport: unknown;
  evaluation: unknown;
  decision: unknown;
  hqRating: string | null;
  carriedOver: CarriedOver | null;
  startedAt: string;
  closedAt: string | null;
  closeReason: string | null;
  /**
   * The decisions and scales the year runs on: sent with cycle.started only (the projection keeps
   * what it has when an event sends none); absent before #22.
   */
  citySettings?: Pick<CitySettings, 'decisions' | 'ratings'> | null;
}

export type ProjectionActor =
  | { type: 'user'; userId: string; displayName: string; role: Role }
  | { type: 'system' };

/**
 * One workflow event, applied to PostgreSQL in one transaction: the cycle row, the changed tasks
 * and approvals, the budget reflection, one audit-ledger entry and the outbox messages.
 * Idempotent on (workflowId, seq).
 */
export interface ProjectionEvent {
  workflowId: string;
  runId: string;
  seq: number;
  type: string;
  /** ISO instant, business time. */
  occurredAt: string;
  tenantId: string;
  itemId: string;
  cycleId: string;
  actor: ProjectionActor;
  taskId: string | null;
  approvalId: string | null;
  comment: string | null;
  /** What the ledger records about the event (the submitted payload, the decision, the change). */
  payload: Record<string, unknown>;
  cycle: CycleRow;
  tasks: TaskState[];
  approvals: ApprovalState[];
  budgetReflection: (BudgetReflectionState & { id: string; sourceFiscalYear: number }) | null;
  outbox: Array<{ type: string; payload: Record<string, unknown> }>;
}

export interface CycleActivities {
  loadCycleContext(input: CycleWorkflowInput): Promise<CycleContext>;
  /** Returns false when the event had been applied before (a retried activity). */
  projectCycleEvent(event: ProjectionEvent): Promise<boolean>;
}

export interface CycleOutcome {
  status: string;
  decision: string | null;
  nextCycleWorkflowId: string | null;
}

/** ApplicationFailure type of a projection event PostgreSQL refuses as data: never retried. */
export const PROJECTION_DATA_ERROR = 'PROJECTION_DATA_ERROR';

/**
 * How often a failing activity is tried. Transient faults (PostgreSQL restarting, a lost
 * connection) are retried with backoff up to 30 s for about an hour (120 attempts); a data error is
 * not retried at all. Either way the end is bounded and the worker records the event in
 * failed_projections, so a projection never loops.
 */
export const CYCLE_ACTIVITY_MAX_ATTEMPTS = 120;

const CYCLE_ACTIVITY_RETRY = {
  initialInterval: '1 second',
  maximumInterval: '30 seconds',
  maximumAttempts: CYCLE_ACTIVITY_MAX_ATTEMPTS,
  nonRetryableErrorTypes: [PROJECTION_DATA_ERROR],
} as const;

/** The options the cycle workflow proxies its activities with (kept here so the worker knows the bound). */
export const CYCLE_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: {
    ...CYCLE_ACTIVITY_RETRY,
    nonRetryableErrorTypes: [...CYCLE_ACTIVITY_RETRY.nonRetryableErrorTypes],
  },
};
