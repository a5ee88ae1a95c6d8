import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { COMMANDS } from '@pdca/contracts';
import { CurrentUser, Endpoint } from '../common/auth/endpoint.decorator';
import { UuidParamPipe } from '../common/errors/validation';
import { CycleStateDto } from '../common/http/cycle-state.dto';
import type { AuthUser } from '../common/http/request-context';
import { ApprovalDecisionDto, ApprovalListQueryDto, ApprovalPageDto } from './approvals.dto';
import { ApprovalsService } from './approvals.service';

@ApiTags('approvals')
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
      'Nobody may decide on their own submission (403, code OWN_SUBMISSION). Returns the new cycle state.',
    ok: CycleStateDto,
    errors: [400, 404, [409, 'Already decided (NOT_PENDING) or cycle closed.']],
  })
  decide(
    @CurrentUser() user: AuthUser,
    @Param('approvalId', UuidParamPipe) approvalId: string,
    @Body() dto: ApprovalDecisionDto,
  ): Promise<CycleStateDto> {
    return this.approvals.decide(user, approvalId, dto);
  }
}
