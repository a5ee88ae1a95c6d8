import { Injectable } from '@nestjs/common';
import { type CycleState, moveDeadlineUpdate, openTaskUpdate } from '@pdca/contracts';
import { CycleReadRepository, PolicyEvaluationReadRepository } from '@pdca/persistence/repositories';
import { notFound } from '../common/errors/localized-error';
import { loadPage } from '../common/http/pagination.dto';
import type { AuthUser } from '../common/http/request-context';
import { CyclesService } from '../cycles/cycles.service';
import {
  POLICY_INBOX_MAX,
  policyFirstPage,
  policyTaskEntry,
  policyTaskStatuses,
} from '../policy-evaluations/policy-inbox';
import {
  type MoveDeadlineDto,
  mapTaskEntry,
  type OpenTaskEarlyDto,
  type TaskInboxEntryDto,
  type TaskListQueryDto,
  type TaskPageDto,
} from './tasks.dto';

const TASK = { en: 'the task', ja: 'タスク' };
const SEES_ALL_TASKS = ['hq_approver', 'hq_admin', 'auditor', 'admin'];

@Injectable()
export class TasksService {
  constructor(
    private readonly cycleReads: CycleReadRepository,
    private readonly cycles: CyclesService,
    private readonly policyReads: PolicyEvaluationReadRepository,
  ) {}

  /** The 施策評価 an owner has to write come first, then the items' tasks by due date. */
  async list(user: AuthUser, query: TaskListQueryDto): Promise<TaskPageDto> {
    const onlyMine = query.mine === true || !user.roles.some((role) => SEES_ALL_TASKS.includes(role));
    const assigneeUserId = onlyMine ? user.id : undefined;
    const policy = await this.policyReads.list({
      tenantId: user.tenantId,
      ownerUserId: assigneeUserId,
      statuses: policyTaskStatuses(query.status),
      offset: 0,
      limit: POLICY_INBOX_MAX,
    });
    return loadPage(
      query,
      (window) =>
        policyFirstPage(policy.items.map(policyTaskEntry), window, async (rest) => {
          const page = await this.cycleReads.listTasks({
            tenantId: user.tenantId,
            assigneeUserId,
            status: query.status,
            ...rest,
          });
          return { items: page.items.map(mapTaskEntry), total: page.total };
        }),
      (entry) => entry as TaskInboxEntryDto,
    );
  }

  async moveDeadline(user: AuthUser, taskId: string, dto: MoveDeadlineDto): Promise<CycleState> {
    const task = await this.cycleReads.findTaskTarget(user.tenantId, taskId);
    if (!task) throw notFound(TASK);
    return this.cycles.commandOn(user, task.workflowId, moveDeadlineUpdate, (actor) => [
      actor,
      { taskId, dueAt: new Date(dto.dueAt).toISOString(), reason: dto.reason },
    ]);
  }

  async openEarly(user: AuthUser, taskId: string, dto: OpenTaskEarlyDto): Promise<CycleState> {
    const task = await this.cycleReads.findTaskTarget(user.tenantId, taskId);
    if (!task) throw notFound(TASK);
    return this.cycles.commandOn(user, task.workflowId, openTaskUpdate, (actor) => [
      actor,
      { taskId, reason: dto.reason },
    ]);
  }
}
