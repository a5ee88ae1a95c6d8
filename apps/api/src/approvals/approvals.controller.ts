import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiExtraModels, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { COMMANDS } from '@pdca/contracts';
import { CurrentUser, Endpoint } from '../common/auth/endpoint.decorator';
import { UuidParamPipe } from '../common/errors/validation';
import { CycleStateDto } from '../common/http/cycle-state.dto';
import type { AuthUser } from '../common/http/request-context';
import { ExternalResponseDto } from '../external-responses/external-responses.dto';
import { PolicyEvaluationDto } from '../policy-evaluations/policy-evaluation-detail.dto';
import { VerificationRoundDto } from '../verification-rounds/verification-rounds.dto';
import { ApprovalDecisionDto, ApprovalListQueryDto, ApprovalPageDto } from './approvals.dto';
import { ApprovalsService } from './approvals.service';

@ApiTags('approvals')
@ApiExtraModels(CycleStateDto, PolicyEvaluationDto, ExternalResponseDto, VerificationRoundDto)
@Controller('approvals')
export class ApprovalsController {
  constructor(private readonly approvals: ApprovalsService) {}

  @Get()
  @Endpoint({
    summary: 'The approval inbox',
    action: { en: 'list the approvals', ja: '承認一覧の取得' },
    roles: ['hq_approver', 'hq_admin', 'auditor'],
    ok: ApprovalPageDto,
    errors: [400],
  })
  list(@CurrentUser() user: AuthUser, @Query() query: ApprovalListQueryDto): Promise<ApprovalPageDto> {
    return this.approvals.list(user, query);
  }

  @Post(':approvalId/decision')
  @HttpCode(HttpStatus.OK)
  @Endpoint({
    summary: 'Approve or return a submission',
    action: COMMANDS.decide.action,
    roles: COMMANDS.decide.roles,
    description:
      'Nobody may decide on their own submission (403, code OWN_SUBMISSION). An item’s approval answers with the new cycle state; a 施策評価’s (submissionKind policy_evaluation in the inbox) with the evaluation, a 市の対応方針’s (external_response) with the response, a 事業検証’s (verification) with the round (a rating is not taken there). A return needs a comment.',
    ok: {
      description: 'The cycle’s new state, the 施策評価, the 市の対応方針, or the 事業検証 round.',
      schema: {
        oneOf: [
          { $ref: getSchemaPath(CycleStateDto) },
          { $ref: getSchemaPath(PolicyEvaluationDto) },
          { $ref: getSchemaPath(ExternalResponseDto) },
          { $ref: getSchemaPath(VerificationRoundDto) },
        ],
      },
    },
    errors: [400, 404, [409, 'Already decided (NOT_PENDING) or cycle closed.']],
  })
  decide(
    @CurrentUser() user: AuthUser,
    @Param('approvalId', UuidParamPipe) approvalId: string,
    @Body() dto: ApprovalDecisionDto,
  ): Promise<CycleStateDto | PolicyEvaluationDto | ExternalResponseDto | VerificationRoundDto> {
    return this.approvals.decide(user, approvalId, dto);
  }
}
