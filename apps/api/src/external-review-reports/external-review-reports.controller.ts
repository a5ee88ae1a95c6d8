import type { ServerResponse } from 'node:http';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiTags, OmitType } from '@nestjs/swagger';
import { CurrentUser, Endpoint } from '../common/auth/endpoint.decorator';
import { UuidParamPipe } from '../common/errors/validation';
import type { AuthUser } from '../common/http/request-context';
import { SHEET_OK, sendSheet, sheetOptions } from '../evaluation-sheets/evaluation-sheets.controller';
import { EvaluationSheetQueryDto } from '../evaluation-sheets/evaluation-sheets.dto';
import { ExternalReviewReportsService, REPORT_READER_ROLES } from './external-review-reports.service';

/** `GET /external-reviews/{reviewId}/report`: the 評価シート's query without its year (a round has one). */
export class ExternalReviewReportQueryDto extends OmitType(EvaluationSheetQueryDto, [
  'fiscalYear',
] as const) {}

/** 外部評価報告書 (#25): the item 評価シート's formats, headers and CSP, for a review round. */
@ApiTags('external-reviews')
@Controller('external-reviews')
export class ExternalReviewReportsController {
  constructor(private readonly reports: ExternalReviewReportsService) {}

  @Get(':reviewId/report')
  @Endpoint({
    summary: '外部評価報告書 of a review round, as a print-ready A4 page (html) or Excel (xlsx)',
    action: { en: 'export the external review report', ja: '外部評価報告書の出力' },
    roles: REPORT_READER_ROLES,
    externalReviewers: 'scoped',
    description:
      'The round (its title as the city wrote it, after 第n回 under the report’s title only when the title does not number itself; the fiscal year as 令和7年度（2025年度）, the members and the chair, the due date, its status as the screens say it: 意見受付中 / 委員会の評価済み), then per item in plan order (as GET /external-reviews/{reviewId} lists them): the committee’s ruling (委員会の評価, as the city’s result list names it) with its reason, each member’s 意見 with their 評価区分（案）, and 市の対応方針 with its 効果見込額 (yen shown in 千円) and 実施時期 once HQ approved it (others say 未承認 and nothing more, or 委員会の評価前 while the item waits for the ruling). Same formats, headers and CSP as `GET /items/{itemId}/evaluation-sheet`; `publication=true` names the members only when the city’s settings say `externalReview.publishMemberNames` (otherwise 委員A, 委員B …). A member of the round may export it once the committee has ruled on every item (before that 409 ROUND_NOT_RULED: the report holds every member’s 意見); other external reviewers get 403.',
    ok: SHEET_OK,
    errors: [
      [403, 'An external reviewer asked for a round they do not sit on (NOT_ROUND_MEMBER).'],
      [404, 'No such review round in your tenant.'],
      [409, 'A member asked before the committee ruled on every item (ROUND_NOT_RULED).'],
    ],
  })
  async report(
    @CurrentUser() user: AuthUser,
    @Param('reviewId', UuidParamPipe) reviewId: string,
    @Query() query: ExternalReviewReportQueryDto,
    @Res() res: ServerResponse,
  ): Promise<void> {
    const options = sheetOptions(query);
    sendSheet(res, await this.reports.renderForUser(user, reviewId, options), options.format);
  }
}
