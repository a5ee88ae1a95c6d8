import { ForbiddenException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@pdca/config';
import {
  type ApprovalDecision,
  decidePolicyEvaluationUpdate,
  policyOwnerChangedSignal,
  submitPolicyEvaluationUpdate,
} from '@pdca/contracts';
import type { PolicyEvaluationSubmission, Role } from '@pdca/domain';
import {
  citySettingsOf,
  PlanNodeOwnerRepository,
  PolicyEvaluationReadRepository,
  PolicyEvaluationStartRepository,
  SettingsRepository,
  UserRepository,
} from '@pdca/persistence/repositories';
import { startPolicyEvaluation } from '@pdca/temporal';
import { ledgerActor } from '../common/auth/acting-role';
import { apiError, errorDetail, localized, notFound } from '../common/errors/localized-error';
import { validationException } from '../common/errors/validation';
import { loadPage } from '../common/http/pagination.dto';
import type { AuthUser } from '../common/http/request-context';
import { actorOf } from '../cycles/cycles.service';
import { APP_CONFIG } from '../infrastructure/tokens';
import { CycleCommandsService } from '../temporal/cycle-commands.service';
import { TemporalClientService } from '../temporal/temporal-client.service';
import {
  mapNodeIndicator,
  mapPolicyApproval,
  mapPolicyItem,
  mapPolicySummary,
  type PolicyEvaluationDto,
} from './policy-evaluation-detail.dto';
import type {
  AssignNodeOwnerDto,
  NodeOwnerResultDto,
  PolicyEvaluationListQueryDto,
  PolicyEvaluationPageDto,
  PolicyEvaluationSubmissionDto,
  StartPolicyEvaluationsResultDto,
} from './policy-evaluations.dto';

export const POLICY_ADMIN_ROLES: readonly Role[] = ['hq_admin', 'admin'];
/** Who reads every evaluation; a wg_leader reads the ones they own. */
const READS_ALL = ['hq_approver', 'hq_admin', 'auditor', 'admin'];
const NODE = { en: 'the plan node', ja: '施策' };
const EVALUATION = { en: 'the policy evaluation', ja: '施策評価' };

@Injectable()
export class PolicyEvaluationsService {
  constructor(
    private readonly reads: PolicyEvaluationReadRepository,
    private readonly starts: PolicyEvaluationStartRepository,
    private readonly owners: PlanNodeOwnerRepository,
    private readonly settings: SettingsRepository,
    private readonly users: UserRepository,
    private readonly commands: CycleCommandsService,
    private readonly temporal: TemporalClientService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Names a node's owner (row and `node.owner_assigned` ledger entry in one transaction), then
   * tells the node's running evaluations, whose task goes to the new owner.
   */
  async assignOwner(user: AuthUser, nodeId: string, dto: AssignNodeOwnerDto): Promise<NodeOwnerResultDto> {
    const node = await this.owners.findNode(user.tenantId, nodeId);
    if (!node) throw notFound(NODE);
    const stored = await this.settings.read(user.tenantId, node.planId);
    const { level } = citySettingsOf(stored.tenantSettings, stored.plan?.overrides).policyEvaluation;
    if (level !== node.level) {
      throw apiError(
        HttpStatus.CONFLICT,
        level === null
          ? {
              ja: '施策評価が設定されていません（policyEvaluation.level）。',
              en: 'Policy evaluation is off (policyEvaluation.level).',
            }
          : {
              ja: `施策評価の対象は第${level}階層です。この階層には担当者を設定できません。`,
              en: `Policy evaluation is on level ${level}; this node is on level ${node.level}.`,
            },
        { code: 'NOT_EVALUATED_LEVEL' },
      );
    }
    const [owner] = await this.users.findInTenant(user.tenantId, [dto.ownerUserId]);
    if (!owner?.roles.includes('wg_leader')) {
      throw validationException([
        errorDetail('ownerUserId', owner ? 'wg_leader_role' : 'unknown_user', {
          ja: owner
            ? `${owner.displayName}さんはWGリーダー（wg_leader）のロールを持っていません。先にロールを付与してください。`
            : 'この自治体の利用者を指定してください。',
          en: owner
            ? `${owner.displayName} does not hold the wg_leader role; give it first.`
            : 'Name a user of your city.',
        }),
      ]);
    }
    const assigned = await this.owners.assign(
      user.tenantId,
      nodeId,
      dto.ownerUserId,
      ledgerActor(user, POLICY_ADMIN_ROLES),
      dto.reason,
    );
    if (!assigned) throw notFound(NODE);
    const running = await this.reads.runningOfNode(user.tenantId, nodeId);
    for (const workflowId of running) {
      await this.temporal.client.workflow
        .getHandle(workflowId)
        .signal(policyOwnerChangedSignal, { ownerUserId: dto.ownerUserId });
    }
    const n = assigned.node;
    return {
      nodeId: n.id,
      planId: n.planId,
      code: n.code,
      title: n.title,
      level: n.level,
      ownerUserId: dto.ownerUserId,
      changed: assigned.changed,
      evaluationsUpdated: running.length,
    };
  }

  /** Starts a year's 施策評価 of every evaluated node by hand (a city turning it on mid-year); idempotent. */
  async start(user: AuthUser, fiscalYear: number): Promise<StartPolicyEvaluationsResultDto> {
    const tenantCode = await this.starts.tenantCode(user.tenantId);
    const nodes = await this.starts.nodesToEvaluate(user.tenantId, fiscalYear);
    const result = { fiscalYear, running: 0, closed: 0 };
    for (const node of nodes) {
      const outcome = await startPolicyEvaluation(this.temporal.client, this.temporal.taskQueue, {
        tenantId: user.tenantId,
        tenantCode: tenantCode!,
        nodeId: node.nodeId,
        fiscalYear,
        timeScale: this.config.timeScale,
        context: node.context,
      });
      result[outcome === 'started' ? 'running' : 'closed']++;
    }
    return result;
  }

  list(user: AuthUser, query: PolicyEvaluationListQueryDto): Promise<PolicyEvaluationPageDto> {
    const onlyMine = query.mine === true || !user.roles.some((r) => READS_ALL.includes(r));
    return loadPage(
      query,
      (window) =>
        this.reads.list({
          tenantId: user.tenantId,
          fiscalYear: query.fiscalYear,
          nodeId: query.nodeId,
          ownerUserId: onlyMine ? user.id : undefined,
          ...window,
        }),
      mapPolicySummary,
    );
  }

  async get(user: AuthUser, evaluationId: string): Promise<PolicyEvaluationDto> {
    const row = await this.reads.find(user.tenantId, evaluationId);
    if (!row) throw notFound(EVALUATION);
    if (!user.roles.some((r) => READS_ALL.includes(r)) && row.ownerUserId !== user.id) {
      throw new ForbiddenException(
        localized(
          {
            ja: 'この施策評価の担当者ではありません。',
            en: 'You are not the owner of this policy evaluation.',
          },
          { code: 'NOT_OWNER' },
        ),
      );
    }
    const [approvals, items, indicators] = await Promise.all([
      this.reads.approvalsOf(user.tenantId, [row.id]),
      this.reads.itemsOf(user.tenantId, row.nodeId, row.fiscalYear),
      this.reads.nodeIndicators(user.tenantId, row.nodeId),
    ]);
    return {
      ...mapPolicySummary(row),
      submission: row.submission ? { ...row.submission, indicators: [...row.submission.indicators] } : null,
      submittedBy: row.submittedBy,
      submittedByName: row.submittedByName,
      approvals: approvals.map(mapPolicyApproval),
      items: items.map(mapPolicyItem),
      nodeIndicators: indicators.map((i) => mapNodeIndicator(i, row.fiscalYear)),
    };
  }

  /** The owner submits; who may, and what, is the workflow's answer (403 NOT_ALLOWED, 400 INVALID_PAYLOAD). */
  async submit(
    user: AuthUser,
    evaluationId: string,
    dto: PolicyEvaluationSubmissionDto,
  ): Promise<PolicyEvaluationDto> {
    const row = await this.reads.find(user.tenantId, evaluationId);
    if (!row) throw notFound(EVALUATION);
    const payload: PolicyEvaluationSubmission = JSON.parse(JSON.stringify(dto));
    await this.commands.update(row.workflowId, submitPolicyEvaluationUpdate, [actorOf(user), payload]);
    return this.get(user, evaluationId);
  }

  /** HQ's decision on a policy evaluation's approval step; null when the approval is not one. */
  async decide(
    user: AuthUser,
    approvalId: string,
    decision: ApprovalDecision,
  ): Promise<PolicyEvaluationDto | null> {
    const target = await this.reads.findApprovalTarget(user.tenantId, approvalId);
    if (!target) return null;
    const state = await this.commands.update(target.workflowId, decidePolicyEvaluationUpdate, [
      actorOf(user),
      decision,
    ]);
    return this.get(user, state.evaluationId);
  }
}
