import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { COMMANDS } from '@pdca/contracts';
import { CurrentUser, Endpoint, type EndpointOptions } from '../common/auth/endpoint.decorator';
import { UuidParamPipe } from '../common/errors/validation';
import { CycleStateDto } from '../common/http/cycle-state.dto';
import type { AuthUser, HttpResponse } from '../common/http/request-context';
import { CycleDto } from './cycle.dto';
import {
  ActionSubmissionDto,
  EvaluationSubmissionDto,
  ExecutionReportDto,
  PlanSubmissionDto,
  ReviewSubmissionDto,
  StartCycleDto,
  WithdrawCycleDto,
} from './cycle-payloads.dto';
import { CyclesService } from './cycles.service';

/** What every cycle command answers: the cycle state after it, or why it was refused. */
const COMMAND_ANSWERS = {
  ok: { type: CycleStateDto, description: 'The cycle state after the command.' },
  errors: [
    [
      400,
      'Invalid body (shape) or payload (business rules, code INVALID_PAYLOAD); details list field and rule.',
    ],
    [404, 'No such cycle in your tenant.'],
    [409, 'The cycle’s stage does not take this command now (WRONG_STAGE, NOT_PENDING, CLOSED).'],
  ],
} satisfies Pick<EndpointOptions, 'ok' | 'errors'>;

@ApiTags('cycles')
@Controller()
export class CyclesController {
  constructor(private readonly cycles: CyclesService) {}

  @Post('items/:itemId/cycles')
  @Endpoint({
    summary: 'Start the item’s PDCA cycle for a fiscal year',
    action: { en: 'start the cycle', ja: 'サイクルの開始' },
    roles: ['hq_admin', 'admin'],
    description: '201 with the new cycle, or 200 with the same cycle when it already runs (safe to repeat).',
    ok: { type: CycleDto, description: 'Already running: the same cycle.' },
    created: { type: CycleDto, description: 'Started.' },
    errors: [
      400,
      [404, 'No such item in your tenant.'],
      [
        409,
        'This fiscal year’s cycle has already ended (CLOSED), or the item was removed from its plan (ITEM_REMOVED).',
      ],
      [503, 'Temporal unreachable or no worker recorded the cycle.'],
    ],
  })
  async start(
    @CurrentUser() user: AuthUser,
    @Param('itemId', UuidParamPipe) itemId: string,
    @Body() dto: StartCycleDto,
    @Res({ passthrough: true }) res: HttpResponse,
  ): Promise<CycleDto> {
    const { created, cycle } = await this.cycles.start(user, itemId, dto);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return cycle;
  }

  @Get('cycles/:cycleId')
  @Endpoint({
    summary: 'Full cycle state: stage, status, tasks, approvals, evaluation, decision, budget reflection',
    action: { en: 'load the cycle', ja: 'サイクルの取得' },
    externalReviewers: { cycle: 'cycleId' },
    ok: CycleDto,
    errors: [404],
  })
  get(@CurrentUser() user: AuthUser, @Param('cycleId', UuidParamPipe) cycleId: string): Promise<CycleDto> {
    return this.cycles.get(user, cycleId);
  }

  @Post('cycles/:cycleId/plan')
  @HttpCode(HttpStatus.OK)
  @Endpoint({
    summary: 'Submit (or resubmit after a return) the plan',
    action: COMMANDS.submitPlan.action,
    roles: COMMANDS.submitPlan.roles,
    description: 'Only the leader of the item’s working group.',
    ...COMMAND_ANSWERS,
  })
  submitPlan(
    @CurrentUser() user: AuthUser,
    @Param('cycleId', UuidParamPipe) cycleId: string,
    @Body() dto: PlanSubmissionDto,
  ): Promise<CycleStateDto> {
    return this.cycles.submitPlan(user, cycleId, dto);
  }

  @Post('cycles/:cycleId/reviews/:taskId')
  @HttpCode(HttpStatus.OK)
  @Endpoint({
    summary: 'Submit a periodic progress review (DO stage)',
    action: COMMANDS.submitReview.action,
    roles: COMMANDS.submitReview.roles,
    description: 'Only the leader of the item’s working group. `taskId` is the open review task.',
    ...COMMAND_ANSWERS,
  })
  submitReview(
    @CurrentUser() user: AuthUser,
    @Param('cycleId', UuidParamPipe) cycleId: string,
    @Param('taskId', UuidParamPipe) taskId: string,
    @Body() dto: ReviewSubmissionDto,
  ): Promise<CycleStateDto> {
    return this.cycles.submitReview(user, cycleId, taskId, dto);
  }

  @Post('cycles/:cycleId/execution-report')
  @HttpCode(HttpStatus.OK)
  @Endpoint({
    summary: 'Submit the execution report that closes the DO stage',
    action: COMMANDS.submitExecutionReport.action,
    roles: COMMANDS.submitExecutionReport.roles,
    ...COMMAND_ANSWERS,
  })
  submitExecutionReport(
    @CurrentUser() user: AuthUser,
    @Param('cycleId', UuidParamPipe) cycleId: string,
    @Body() dto: ExecutionReportDto,
  ): Promise<CycleStateDto> {
    return this.cycles.submitExecutionReport(user, cycleId, dto);
  }

  @Post('cycles/:cycleId/evaluation')
  @HttpCode(HttpStatus.OK)
  @Endpoint({
    summary: 'Submit the evaluation: indicator actuals, self-rating, analysis (CHECK stage)',
    action: COMMANDS.submitEvaluation.action,
    roles: COMMANDS.submitEvaluation.roles,
    ...COMMAND_ANSWERS,
  })
  submitEvaluation(
    @CurrentUser() user: AuthUser,
    @Param('cycleId', UuidParamPipe) cycleId: string,
    @Body() dto: EvaluationSubmissionDto,
  ): Promise<CycleStateDto> {
    return this.cycles.submitEvaluation(user, cycleId, dto);
  }

  @Post('cycles/:cycleId/action')
  @HttpCode(HttpStatus.OK)
  @Endpoint({
    summary: 'Submit the Act decision, next-year budget proposal and rationale (ACT stage)',
    action: COMMANDS.submitAction.action,
    roles: COMMANDS.submitAction.roles,
    ...COMMAND_ANSWERS,
  })
  submitAction(
    @CurrentUser() user: AuthUser,
    @Param('cycleId', UuidParamPipe) cycleId: string,
    @Body() dto: ActionSubmissionDto,
  ): Promise<CycleStateDto> {
    return this.cycles.submitAction(user, cycleId, dto);
  }

  @Post('cycles/:cycleId/withdraw')
  @HttpCode(HttpStatus.OK)
  @Endpoint({
    summary: 'Withdraw (cancel) a running cycle',
    action: COMMANDS.withdraw.action,
    roles: COMMANDS.withdraw.roles,
    ...COMMAND_ANSWERS,
  })
  withdraw(
    @CurrentUser() user: AuthUser,
    @Param('cycleId', UuidParamPipe) cycleId: string,
    @Body() dto: WithdrawCycleDto,
  ): Promise<CycleStateDto> {
    return this.cycles.withdraw(user, cycleId, dto);
  }
}
