import type { ServerResponse } from 'node:http';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, Endpoint } from '../common/auth/endpoint.decorator';
import { UuidParamPipe } from '../common/errors/validation';
import type { AuthUser } from '../common/http/request-context';
import { SHEET_OK, sendSheet, sheetOptions } from '../evaluation-sheets/evaluation-sheets.controller';
import { EvaluationSheetQueryDto } from '../evaluation-sheets/evaluation-sheets.dto';
import { PolicyEvaluationSheetsService } from './policy-evaluation-sheets.service';

/** 施策評価シート (#24): the item 評価シート's query, formats, headers and CSP, for a node. */
@ApiTags('policy-evaluations')
@Controller('plan-nodes')
export class PolicyEvaluationSheetsController {
  constructor(private readonly sheets: PolicyEvaluationSheetsService) {}

  @Get(':nodeId/policy-evaluation-sheet')
  @Endpoint({
    summary: '施策評価シート of a node for a fiscal year, as a print-ready A4 page (html) or Excel (xlsx)',
    action: { en: 'export the policy evaluation sheet', ja: '施策評価シートの出力' },
    roles: ['hq_approver', 'hq_admin', 'admin', 'auditor', 'wg_leader'],
    description:
      'The node’s place in the plan (with the plan’s level names), its 担当部長, the status, 担当部評価 as symbol and label (B（概ね順調）), 評価の理由, each node indicator’s target (主要目標) and actual of the year with the owner’s reason, 施策実現のための課題, 今後の方向性, HQ’s decisions with their comments and dates, and the items under the node with their 一次評価（所管）, 二次評価（本部）, 進捗評価, 今後の方向性 and 効果額 (見込額, 実績額) as their own 評価シート prints them. Fiscal years as 令和7年度（2025年度）. Same formats, headers and CSP as `GET /items/{itemId}/evaluation-sheet`; `publication=true` leaves out every personal name (the 担当部長, approvers). A `wg_leader` may export only the nodes they own (403 otherwise).',
    ok: SHEET_OK,
    errors: [
      [403, 'A wg_leader asked for a node they do not own.'],
      [404, 'No 施策評価 of that node in that fiscal year in your tenant.'],
    ],
  })
  async policyEvaluationSheet(
    @CurrentUser() user: AuthUser,
    @Param('nodeId', UuidParamPipe) nodeId: string,
    @Query() query: EvaluationSheetQueryDto,
    @Res() res: ServerResponse,
  ): Promise<void> {
    const options = sheetOptions(query);
    sendSheet(res, await this.sheets.renderForUser(user, nodeId, query.fiscalYear, options), options.format);
  }
}
