import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Endpoint } from '../common/auth/endpoint.decorator';
import { UuidParamPipe } from '../common/errors/validation';
import { MAX_FISCAL_YEAR, MIN_FISCAL_YEAR } from '../common/http/fiscal-year';
import type { AuthUser } from '../common/http/request-context';
import { FiscalYearParamPipe } from './fiscal-year-param.pipe';
import {
  PlanTargetsDto,
  PlanTargetsQueryDto,
  PlanTargetWriteResultDto,
  PutIndicatorActualDto,
  PutIndicatorTargetsDto,
} from './plan-targets.dto';
import { ACTUAL_WRITER_ROLES, PlanTargetsService, TARGET_WRITER_ROLES } from './plan-targets.service';

const WRITE_RULES = [
  'Only an indicator of a plan or of one of its nodes (主要目標): an item’s indicator is a 404 (its actuals come with the CHECK evaluation), as is another tenant’s.',
  'Written with one ledger entry holding before and after and an outbox event, in one transaction; the same body again writes nothing (changed: false).',
  '400s name the field and the rule in Japanese and English.',
].join(' ');

/** The plan's own targets (主要目標): read by everyone of the tenant, written by HQ's administrators. */
@ApiTags('plans')
@Controller()
export class PlanTargetsController {
  constructor(private readonly targets: PlanTargetsService) {}

  @Get('plans/:planId/targets')
  @Endpoint({
    summary: '主要目標: the plan’s and its nodes’ indicators with yearly targets, actuals, 累計 and 進捗率',
    action: { en: 'load the plan’s targets', ja: '主要目標の取得' },
    description:
      'Per indicator: its node (code, title, the plan’s level name), unit, direction, accumulation (sum: 累計 = the years’ actuals added up; latest: the latest actual), 基準値, every year of the plan period (target, actual with 出典 and 時点, 目標達成率), 目標値（計画期間）, 累計 and 進捗率 as of `fiscalYear` (later actuals left out).',
    ok: PlanTargetsDto,
    errors: [[404, 'No such plan in your tenant.']],
  })
  list(
    @CurrentUser() user: AuthUser,
    @Param('planId', UuidParamPipe) planId: string,
    @Query() query: PlanTargetsQueryDto,
  ): Promise<PlanTargetsDto> {
    return this.targets.list(user, planId, query.fiscalYear);
  }

  @Put('indicators/:indicatorId/actuals/:fiscalYear')
  @ApiParam({
    name: 'fiscalYear',
    schema: { type: 'integer', minimum: MIN_FISCAL_YEAR, maximum: MAX_FISCAL_YEAR },
  })
  @Endpoint({
    summary: 'Record or correct a year’s actual of a plan/node indicator, with its source and date',
    action: { en: 'record the actual', ja: '実績の入力' },
    roles: ACTUAL_WRITER_ROLES,
    description: `HQ’s administrators, or a node’s owner (施策評価) for that node’s indicators (403 for any other wg_leader). The fiscal year must lie within the plan period; 時点 (asOf) not in the future and not before the year began. A correction replaces the value; the ledger entry indicator.actual_recorded keeps before and after. ${WRITE_RULES}`,
    ok: PlanTargetWriteResultDto,
    errors: [400, [404, 'No such plan or node indicator in your tenant.']],
  })
  recordActual(
    @CurrentUser() user: AuthUser,
    @Param('indicatorId', UuidParamPipe) indicatorId: string,
    @Param('fiscalYear', FiscalYearParamPipe) fiscalYear: number,
    @Body() dto: PutIndicatorActualDto,
  ): Promise<PlanTargetWriteResultDto> {
    return this.targets.recordActual(user, indicatorId, fiscalYear, dto);
  }

  @Put('indicators/:indicatorId/targets')
  @Endpoint({
    summary: 'Set a plan/node indicator’s whole-period target, yearly targets or accumulation',
    action: { en: 'set the targets', ja: '目標値の設定' },
    roles: TARGET_WRITER_ROLES,
    description: `Any of periodTarget (null: derived), targets (replacing the yearly ones; years within the plan period) and accumulation, with a reason. Ledger entry indicator.targets_updated. ${WRITE_RULES}`,
    ok: PlanTargetWriteResultDto,
    errors: [400, [404, 'No such plan or node indicator in your tenant.']],
  })
  updateTargets(
    @CurrentUser() user: AuthUser,
    @Param('indicatorId', UuidParamPipe) indicatorId: string,
    @Body() dto: PutIndicatorTargetsDto,
  ): Promise<PlanTargetWriteResultDto> {
    return this.targets.updateTargets(user, indicatorId, dto);
  }
}
