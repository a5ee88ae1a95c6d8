import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, Endpoint } from '../common/auth/endpoint.decorator';
import { UuidParamPipe } from '../common/errors/validation';
import type { AuthUser } from '../common/http/request-context';
import { PolicyEvaluationDto } from './policy-evaluation-detail.dto';
import {
  AssignNodeOwnerDto,
  NodeOwnerResultDto,
  PolicyEvaluationListQueryDto,
  PolicyEvaluationPageDto,
  PolicyEvaluationSubmissionDto,
  StartPolicyEvaluationsDto,
  StartPolicyEvaluationsResultDto,
} from './policy-evaluations.dto';
import { POLICY_ADMIN_ROLES, PolicyEvaluationsService } from './policy-evaluations.service';

@ApiTags('policy-evaluations')
@Controller('policy-evaluations')
export class PolicyEvaluationsController {
  constructor(private readonly evaluations: PolicyEvaluationsService) {}

  @Get()
  @Endpoint({
    summary: 'The 施策評価 (policy evaluations) with their status and result',
    action: { en: 'list the policy evaluations', ja: '施策評価一覧の取得' },
    description: 'HQ, auditors and admins see the tenant’s; a wg_leader sees the ones they own.',
    ok: PolicyEvaluationPageDto,
    errors: [400],
  })
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: PolicyEvaluationListQueryDto,
  ): Promise<PolicyEvaluationPageDto> {
    return this.evaluations.list(user, query);
  }

  @Post('start')
  @HttpCode(HttpStatus.OK)
  @Endpoint({
    summary: 'Start a fiscal year’s 施策評価 of every node of the evaluated level',
    action: { en: 'start the policy evaluations', ja: '施策評価の開始' },
    roles: POLICY_ADMIN_ROLES,
    description:
      'The year’s opening does this by itself; this is for a city turning 施策評価 on mid-year. Idempotent: running evaluations are kept, closed ones never start again.',
    ok: StartPolicyEvaluationsResultDto,
    errors: [400],
  })
  start(
    @CurrentUser() user: AuthUser,
    @Body() dto: StartPolicyEvaluationsDto,
  ): Promise<StartPolicyEvaluationsResultDto> {
    return this.evaluations.start(user, dto.fiscalYear);
  }

  @Get(':evaluationId')
  @Endpoint({
    summary: 'One 施策評価 with, side by side, its items’ results and the node’s own indicators',
    action: { en: 'read the policy evaluation', ja: '施策評価の取得' },
    ok: PolicyEvaluationDto,
    errors: [404, [403, 'A wg_leader who is not the owner (NOT_OWNER).']],
  })
  get(
    @CurrentUser() user: AuthUser,
    @Param('evaluationId', UuidParamPipe) evaluationId: string,
  ): Promise<PolicyEvaluationDto> {
    return this.evaluations.get(user, evaluationId);
  }

  @Post(':evaluationId')
  @HttpCode(HttpStatus.OK)
  @Endpoint({
    summary: 'The owner submits the 施策評価 (担当部評価, 評価の理由, indicators, 課題, 今後の方向性)',
    action: { en: 'submit the policy evaluation', ja: '施策評価の提出' },
    roles: ['wg_leader'],
    description:
      'Only the node’s owner (403 NOT_ALLOWED otherwise). It then goes up the city’s approval chain: HQ decides with POST /approvals/{approvalId}/decision.',
    ok: PolicyEvaluationDto,
    errors: [
      [400, 'A field is unknown or breaks a rule (named in details, ja and en).'],
      404,
      [409, 'Not open yet (NOT_YET_OPEN, with openAt) or submitted already (WRONG_STAGE).'],
    ],
  })
  submit(
    @CurrentUser() user: AuthUser,
    @Param('evaluationId', UuidParamPipe) evaluationId: string,
    @Body() dto: PolicyEvaluationSubmissionDto,
  ): Promise<PolicyEvaluationDto> {
    return this.evaluations.submit(user, evaluationId, dto);
  }
}

@ApiTags('policy-evaluations')
@Controller('plan-nodes')
export class PlanNodeOwnersController {
  constructor(private readonly evaluations: PolicyEvaluationsService) {}

  @Put(':nodeId/owner')
  @Endpoint({
    summary: 'Name the owner of a node of the evaluated level (施策評価)',
    action: { en: 'assign the node’s owner', ja: '施策の担当者の設定' },
    roles: POLICY_ADMIN_ROLES,
    description:
      'Writes plan_nodes.owner_user_id and a `node.owner_assigned` ledger entry (before/after, the reason as comment) in one transaction; running evaluations of the node go to the new owner. Repeating it changes nothing.',
    ok: NodeOwnerResultDto,
    errors: [
      [400, 'Invalid fields, a user not in the tenant or without wg_leader.'],
      404,
      [409, 'The node is not on the evaluated level, or 施策評価 is off (NOT_EVALUATED_LEVEL).'],
    ],
  })
  assign(
    @CurrentUser() user: AuthUser,
    @Param('nodeId', UuidParamPipe) nodeId: string,
    @Body() dto: AssignNodeOwnerDto,
  ): Promise<NodeOwnerResultDto> {
    return this.evaluations.assignOwner(user, nodeId, dto);
  }
}
