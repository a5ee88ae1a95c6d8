import type { ServerResponse } from 'node:http';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { progressReportCsv, writeProgressReportXlsx } from '@pdca/reports/progress-report';
import { CurrentUser, Endpoint } from '../common/auth/endpoint.decorator';
import { UuidParamPipe } from '../common/errors/validation';
import type { AuthUser } from '../common/http/request-context';
import { PlanRollupDto, PlanSummaryQueryDto, ProgressReportQueryDto } from './plan-reports.dto';
import { PlanReportsService } from './plan-reports.service';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('plans')
@Controller('plans')
export class PlanReportsController {
  constructor(private readonly reports: PlanReportsService) {}

  @Get(':planId/summary')
  @Endpoint({
    summary:
      'Roll-ups of a plan for a fiscal year: 効果額 target vs actual, items per grade, stage, rating, decision',
    action: { en: 'load the plan summary', ja: '計画の集計の取得' },
    description:
      'Per plan, goal and theme, for the fiscal year and cumulative from the plan’s first year. Targets: the PLAN submission’s effectTarget, else the plan import’s; actuals: the CHECK evaluation’s effects once HQ approved it.',
    ok: PlanRollupDto,
    errors: [[404, 'No such plan in your tenant.']],
  })
  summary(
    @CurrentUser() user: AuthUser,
    @Param('planId', UuidParamPipe) planId: string,
    @Query() query: PlanSummaryQueryDto,
  ): Promise<PlanRollupDto> {
    return this.reports.summary(user, planId, query.fiscalYear);
  }

  @Get(':planId/progress-report')
  @Endpoint({
    summary: '進捗管理表 of a plan for a fiscal year, as Excel (.xlsx) or CSV',
    action: { en: 'export the progress report', ja: '進捗管理表の出力' },
    roles: ['auditor', 'hq_approver', 'hq_admin', 'admin'],
    description:
      'One row per item (code, title, its place in the plan by the plan’s own level names, department, stage, grade, ratings and decision of the year with the reasons written for them, budget, 効果額 target and actual of every fiscal year of the plan period, 目標値 / 累計 / 進捗率 against the whole period, each indicator’s target and actual per year) and a totals sheet 集計 per node of every level (the same 効果額 figures; items per grade, stage and decision). One header row in the language `lang` names (`ja` by default, or `en`; sheet names and labels too). Excel: frozen panes, amounts in yen shown in 千円. CSV: UTF-8 with BOM, amounts in yen. `publication=true` gives the 公表用 version without personal names.',
    ok: {
      description: 'The file (Content-Disposition: attachment).',
      content: {
        [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } },
        'text/csv': { schema: { type: 'string' } },
      },
    },
    errors: [[404, 'No such plan in your tenant.']],
  })
  async progressReport(
    @CurrentUser() user: AuthUser,
    @Param('planId', UuidParamPipe) planId: string,
    @Query() query: ProgressReportQueryDto,
    @Res() res: ServerResponse,
  ): Promise<void> {
    const { data, rollup } = await this.reports.load(user, planId, query.fiscalYear);
    const lang = query.lang ?? 'ja';
    const options = { fiscalYear: query.fiscalYear, publication: query.publication ?? false, lang };
    const format = query.format ?? 'xlsx';
    const name = `progress-report-${query.fiscalYear}${options.publication ? '-public' : ''}.${format}`;
    const title =
      lang === 'en'
        ? `${data.plan.title}_FY${query.fiscalYear}_progress-report${options.publication ? '-public' : ''}.${format}`
        : `${data.plan.title}_${query.fiscalYear}年度_進捗管理表${options.publication ? '（公表用）' : ''}.${format}`;
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(title)}`,
    );
    if (format === 'csv') {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.end(progressReportCsv(data, options));
      return;
    }
    res.setHeader('Content-Type', XLSX_TYPE);
    await writeProgressReportXlsx(data, rollup, options, res);
  }
}
