import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@pdca/config';
import {
  type Actor,
  type CycleState,
  submitActionUpdate,
  submitEvaluationUpdate,
  submitExecutionReportUpdate,
  submitPlanUpdate,
  submitReviewUpdate,
  withdrawUpdate,
} from '@pdca/contracts';
import { ROLES, type Role } from '@pdca/domain';
import {
  CycleContextRepository,
  CycleReadRepository,
  ENDED_CYCLE_STATUSES,
  ItemRepository,
  PlanRepository,
} from '@pdca/persistence/repositories';
import { cycleStartRequest } from '@pdca/temporal';
import type { UpdateDefinition } from '@temporalio/common';
import { apiError, notFound } from '../common/errors/localized-error';
import { outsidePlanPeriod } from '../common/errors/plan-period';
import type { AuthUser } from '../common/http/request-context';
import { ExternalResponsesService } from '../external-responses/external-responses.service';
import type { ApiOptions } from '../infrastructure/api-options';
import { API_OPTIONS, APP_CONFIG } from '../infrastructure/tokens';
import { ITEM } from '../items/items.service';
import { CycleCommandsService } from '../temporal/cycle-commands.service';
import { type CycleDto, mapCycle } from './cycle.dto';
import type {
  ActionSubmissionDto,
  EvaluationSubmissionDto,
  ExecutionReportDto,
  PlanSubmissionDto,
  ReviewSubmissionDto,
  StartCycleDto,
  WithdrawCycleDto,
} from './cycle-payloads.dto';

export const CYCLE = { en: 'the cycle', ja: 'サイクル' };
const REVIEW_TASK = { en: 'the review task', ja: '進捗報告タスク' };
const DEFAULT_START_WAIT_MS = 15_000;

export function actorOf(user: AuthUser): Actor {
  return {
    userId: user.id,
    displayName: user.displayName,
    roles: user.roles.filter((role): role is Role => (ROLES as readonly string[]).includes(role)),
  };
}

/** Plain JSON for the workflow (DTO instances carry no behaviour, but keep the payload boring). */
function plain<T>(dto: T): T {
  return JSON.parse(JSON.stringify(dto)) as T;
}

@Injectable()
export class CyclesService {
  private readonly startWaitMs: number;

  constructor(
    private readonly cycles: CycleReadRepository,
    private readonly contexts: CycleContextRepository,
    private readonly items: ItemRepository,
    private readonly plans: PlanRepository,
    private readonly commands: CycleCommandsService,
    private readonly responses: ExternalResponsesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(API_OPTIONS) options: ApiOptions,
  ) {
    this.startWaitMs = options.cycleStartWaitMs ?? DEFAULT_START_WAIT_MS;
  }

  async get(user: AuthUser, cycleId: string): Promise<CycleDto> {
    const cycle = await this.findView(user.tenantId, cycleId);
    if (!cycle) throw notFound(CYCLE);
    return cycle;
  }

  /**
   * Starts the item's cycle for a fiscal year. Safe to repeat: a running cycle is answered as it
   * is (created = false); a cycle that already ended is a 409 (a year's cycle runs once).
   */
  async start(
    user: AuthUser,
    itemId: string,
    dto: StartCycleDto,
  ): Promise<{ created: boolean; cycle: CycleDto }> {
    const item = await this.items.findById(user.tenantId, itemId);
    if (!item) throw notFound(ITEM);
    if (item.removedAt) throw itemRemoved(item.removedReason);
    const plan = await this.plans.findPlan(user.tenantId, item.planId);
    const { fiscalYear } = dto;
    const outside = plan ? outsidePlanPeriod(fiscalYear, plan) : null;
    if (outside) throw outside;

    const subject = {
      tenantId: user.tenantId,
      tenantCode: user.tenantCode,
      itemId: item.id,
      itemCode: item.code,
      fiscalYear,
      timeScale: this.config.timeScale,
      startedBy: actorOf(user),
    };
    const { cycleId } = cycleStartRequest(subject).input;
    // The read model answers "already started" without a Temporal round trip; the start itself
    // (USE_EXISTING, REJECT_DUPLICATE) is the authority on a cycle that has ended.
    const existing = await this.findView(user.tenantId, cycleId);
    if (existing && ENDED_CYCLE_STATUSES.includes(existing.status)) throw this.alreadyEnded(fiscalYear);
    // A new cycle gets the item's facts with its start, so its first workflow task records it.
    const context = existing
      ? undefined
      : await this.contexts.load({ tenantId: user.tenantId, itemId: item.id, fiscalYear });
    const request = cycleStartRequest({ ...subject, context });
    if ((await this.commands.start(request, this.startWaitMs)) === 'closed')
      throw this.alreadyEnded(fiscalYear);
    if (existing) return { created: false, cycle: existing };
    return { created: true, cycle: await this.recordedCycle(user.tenantId, cycleId) };
  }

  submitPlan(user: AuthUser, cycleId: string, dto: PlanSubmissionDto): Promise<CycleState> {
    return this.command(user, cycleId, submitPlanUpdate, (actor) => [actor, plain(dto)]);
  }

  async submitReview(
    user: AuthUser,
    cycleId: string,
    taskId: string,
    dto: ReviewSubmissionDto,
  ): Promise<CycleState> {
    const task = await this.cycles.findTaskTarget(user.tenantId, taskId);
    if (!task || task.cycleId !== cycleId || task.kind !== 'review') {
      // Check the cycle first so a wrong cycle id says "cycle", not "task".
      if (!(await this.cycles.workflowIdOfCycle(user.tenantId, cycleId))) throw notFound(CYCLE);
      throw notFound(REVIEW_TASK);
    }
    return this.commandOn(user, task.workflowId, submitReviewUpdate, (actor) => [actor, taskId, plain(dto)]);
  }

  submitExecutionReport(user: AuthUser, cycleId: string, dto: ExecutionReportDto): Promise<CycleState> {
    return this.command(user, cycleId, submitExecutionReportUpdate, (actor) => [actor, plain(dto)]);
  }

  submitEvaluation(user: AuthUser, cycleId: string, dto: EvaluationSubmissionDto): Promise<CycleState> {
    return this.command(user, cycleId, submitEvaluationUpdate, (actor) => [actor, plain(dto)]);
  }

  submitAction(user: AuthUser, cycleId: string, dto: ActionSubmissionDto): Promise<CycleState> {
    return this.command(user, cycleId, submitActionUpdate, (actor) => [actor, plain(dto)]);
  }

  withdraw(user: AuthUser, cycleId: string, dto: WithdrawCycleDto): Promise<CycleState> {
    return this.command(user, cycleId, withdrawUpdate, (actor) => [actor, { reason: dto.reason }]);
  }

  /**
   * Runs an Update on a cycle of the caller's tenant; used by approvals and tasks too. Who may
   * submit or decide (the item's leader, or members where the tenant allows it; nobody on their
   * own submission) is the workflow's answer, so it reads the same from every client.
   */
  async command<Args extends [Actor, ...unknown[]]>(
    user: AuthUser,
    cycleId: string,
    definition: UpdateDefinition<CycleState, Args>,
    args: (actor: Actor) => Args,
  ): Promise<CycleState> {
    const workflowId = await this.cycles.workflowIdOfCycle(user.tenantId, cycleId);
    if (!workflowId) throw notFound(CYCLE);
    return this.commandOn(user, workflowId, definition, args);
  }

  /** As `command`, for a caller that has read the workflow id already (approvals, tasks). */
  commandOn<Args extends [Actor, ...unknown[]]>(
    user: AuthUser,
    workflowId: string,
    definition: UpdateDefinition<CycleState, Args>,
    args: (actor: Actor) => Args,
  ): Promise<CycleState> {
    return this.commands.update(workflowId, definition, args(actorOf(user)));
  }

  private async findView(tenantId: string, cycleId: string): Promise<CycleDto | null> {
    const cycle = await this.cycles.findCycle(tenantId, cycleId);
    if (!cycle) return null;
    const [tasks, approvals, reflection, deadlineChanges, submissions, previous, next] = await Promise.all([
      this.cycles.tasksOfCycle(tenantId, cycleId),
      this.cycles.approvalsOfCycle(tenantId, cycleId),
      this.cycles.budgetReflectionOfCycle(tenantId, cycleId),
      this.cycles.deadlineChangesOfCycle(tenantId, cycleId),
      this.cycles.submissionsOfCycle(tenantId, cycleId),
      // Lineage: fiscal years overlap, so an item's previous and next cycles may run alongside.
      this.cycles.findCycleForItemYear(tenantId, cycle.itemId, cycle.fiscalYear - 1),
      this.cycles.findCycleForItemYear(tenantId, cycle.itemId, cycle.fiscalYear + 1),
    ]);
    const [names, reviews, externalResponses] = await Promise.all([
      this.cycles.displayNamesOf(
        tenantId,
        approvals.flatMap((a) => (a.decidedBy ? [a.submittedBy, a.decidedBy] : [a.submittedBy])),
      ),
      this.cycles.reviewsOfCycle(tenantId, cycleId),
      // 市の対応方針 approved in review rounds of earlier fiscal years follow the item (#25).
      this.responses.carriedTo(tenantId, cycle.itemId, cycle.fiscalYear),
    ]);
    return mapCycle(cycle, tasks, approvals, reflection, {
      lineage: { previous, next },
      deadlineChanges,
      submissions,
      names,
      reviews,
      externalResponses,
    });
  }

  /** The start answered once its first projection committed, so the cycles row is there to read. */
  private async recordedCycle(tenantId: string, cycleId: string): Promise<CycleDto> {
    const view = await this.findView(tenantId, cycleId);
    if (view) return view;
    throw apiError(
      HttpStatus.SERVICE_UNAVAILABLE,
      {
        ja: 'サイクルを開始しましたが、まだ記録されていません。ワーカーが稼働しているか確認のうえ、再度お試しください（再実行しても重複しません）。',
        en: 'The cycle was started but has not been recorded yet; check that a worker is running, then repeat the request (it is safe to repeat).',
      },
      { code: 'NOT_RECORDED_YET' },
    );
  }

  private alreadyEnded(fiscalYear: number) {
    return apiError(
      HttpStatus.CONFLICT,
      {
        ja: `この改革項目の${fiscalYear}年度のサイクルは既に終了しています（同じ年度のサイクルは1回のみ実行できます）。`,
        en: `This item's cycle for fiscal year ${fiscalYear} has already ended; a year's cycle runs only once.`,
      },
      { code: 'CLOSED' },
    );
  }
}

/** HQ removed the item from its plan: no cycle starts for it any more. */
function itemRemoved(reason: string | null) {
  return apiError(
    HttpStatus.CONFLICT,
    {
      ja: `この改革項目は計画から削除されているため、サイクルを開始できません（削除理由: ${reason ?? '—'}）。`,
      en: `This reform item was removed from its plan, so no cycle can start for it (reason: ${reason ?? '—'}).`,
    },
    { code: 'ITEM_REMOVED' },
  );
}
