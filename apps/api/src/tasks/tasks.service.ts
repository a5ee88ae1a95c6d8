import { Injectable } from '@nestjs/common';
import { type CycleState, moveDeadlineUpdate, openTaskUpdate } from '@pdca/contracts';
import {
  CycleReadRepository,
  ExternalResponseReadRepository,
  PolicyEvaluationReadRepository,
} from '@pdca/persistence/repositories';
import {
  ExternalReviewReadRepository,
  type OpinionTaskRow,
} from '@pdca/persistence/repositories/external-review-read.repository';
import {
  type FindingsTaskRow,
  VerificationReadRepository,
} from '@pdca/persistence/repositories/verification-read.repository';
import { notFound } from '../common/errors/localized-error';
import { loadPage } from '../common/http/pagination.dto';
import type { AuthUser } from '../common/http/request-context';
import { CyclesService } from '../cycles/cycles.service';
import { responseTaskEntry } from '../external-responses/external-response-map';
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

/** A review round as a member's task: its id is the round's; the items without their opinion counted. */
function opinionTaskEntry(r: OpinionTaskRow, userId: string) {
  return {
    id: r.reviewId,
    kind: 'external_opinion',
    periodIndex: null,
    title: {
      ja: `外部評価の意見（${r.title}、未提出${r.missingItems}件）`,
      en: `Opinions for the review round (${r.title}; ${r.missingItems} missing)`,
    },
    assigneeUserId: userId,
    dueAt: r.dueAt.toISOString(),
    openAt: r.dueAt.toISOString(),
    status: 'open',
    overdue: r.overdue,
    escalatedAt: null,
    remindersSent: 0,
    submittedAt: null,
    submittedBy: null,
    createdAt: r.dueAt.toISOString(),
    fiscalYear: r.fiscalYear,
    cycleId: null,
    itemId: null,
    itemCode: null,
    itemTitle: null,
    cycleStage: null,
    cycleStatus: null,
    policyEvaluationId: null,
    node: null,
  };
}
/** A 事業検証 round as a team member's task (#26): its id is the round's; the items waiting for findings counted. */
function findingsTaskEntry(r: FindingsTaskRow, userId: string) {
  return {
    ...opinionTaskEntry({ ...r, reviewId: r.roundId }, userId),
    kind: 'verification',
    title: {
      ja: `事業検証の検証結果（${r.title}、未入力${r.missingItems}件）`,
      en: `Findings for the verification round (${r.title}; ${r.missingItems} waiting)`,
    },
    createdAt: r.createdAt.toISOString(),
    verificationRoundId: r.roundId,
  };
}
const SEES_ALL_TASKS = ['hq_approver', 'hq_admin', 'auditor', 'admin'];

@Injectable()
export class TasksService {
  constructor(
    private readonly cycleReads: CycleReadRepository,
    private readonly cycles: CyclesService,
    private readonly policyReads: PolicyEvaluationReadRepository,
    private readonly responseReads: ExternalResponseReadRepository,
    private readonly reviewReads: ExternalReviewReadRepository,
    private readonly verificationReads: VerificationReadRepository,
  ) {}

  /** The 施策評価 an owner has to write come first, then the items' tasks by due date. */
  async list(user: AuthUser, query: TaskListQueryDto): Promise<TaskPageDto> {
    const onlyMine = query.mine === true || !user.roles.some((role) => SEES_ALL_TASKS.includes(role));
    const assigneeUserId = onlyMine ? user.id : undefined;
    const statuses = policyTaskStatuses(query.status);
    const window = { offset: 0, limit: POLICY_INBOX_MAX };
    const [policy, responses] = await Promise.all([
      this.policyReads.list({ tenantId: user.tenantId, ownerUserId: assigneeUserId, statuses, ...window }),
      // 市の対応方針 (kind external_response): the item's leader's task.
      this.responseReads.list({ tenantId: user.tenantId, leaderUserId: assigneeUserId, statuses, ...window }),
    ]);
    // A committee member's review rounds with items still missing their opinion (外部評価).
    const opinions =
      user.roles.includes('external_reviewer') && (query.status === undefined || query.status === 'open')
        ? await this.reviewReads.opinionTasks(user.tenantId, user.id)
        : [];
    // The 事業検証 rounds whose team the user is on, with items waiting for their findings (#26).
    const findings =
      query.status === undefined || query.status === 'open'
        ? await this.verificationReads.findingsTasks(user.tenantId, user.id)
        : [];
    const own = [
      ...opinions.map((r) => opinionTaskEntry(r, user.id)),
      ...findings.map((r) => findingsTaskEntry(r, user.id)),
      ...policy.items.map(policyTaskEntry),
      ...responses.items.map(responseTaskEntry),
    ];
    return loadPage(
      query,
      (window) =>
        policyFirstPage(own, window, async (rest) => {
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
