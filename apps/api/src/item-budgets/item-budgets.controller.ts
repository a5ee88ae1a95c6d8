import type { ServerResponse } from 'node:http';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Put,
  Query,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Endpoint } from '../common/auth/endpoint.decorator';
import { UuidParamPipe } from '../common/errors/validation';
import { MAX_FISCAL_YEAR, MIN_FISCAL_YEAR } from '../common/http/fiscal-year';
import type { AuthUser } from '../common/http/request-context';
import { FiscalYearParamPipe } from '../plan-targets/fiscal-year-param.pipe';
import { type PlanUpload, PlanUploadInterceptor, UploadedPlanFile } from '../plans/plan-upload.interceptor';
import {
  BudgetStatusExportQueryDto,
  BudgetStatusPageDto,
  BudgetStatusQueryDto,
  FinanceImportResultDto,
  ItemBudgetChainDto,
  ItemBudgetWriteResultDto,
  PutItemBudgetDto,
} from './item-budgets.dto';
import { BUDGET_STATUS_READER_ROLES, BUDGET_WRITER_ROLES, ItemBudgetsService } from './item-budgets.service';

const FISCAL_YEAR_PARAM = {
  name: 'fiscalYear',
  schema: { type: 'integer' as const, minimum: MIN_FISCAL_YEAR, maximum: MAX_FISCAL_YEAR },
};

const BINARY_FILE = { type: 'string', format: 'binary' } as const;

/** The budget chain (#26): 当初予算額（案） → 査定額 → 当初予算額 beside 予算への反映額, per item and budget year. */
@ApiTags('budgets')
@Controller()
export class ItemBudgetsController {
  constructor(private readonly budgets: ItemBudgetsService) {}

  @Get('items/:itemId/budgets')
  @Endpoint({
    summary: 'An item’s budget chain per year: request, assessment, adopted budget and reflected amount',
    action: { en: 'load the item’s budgets', ja: '改革項目の予算の取得' },
    description:
      'Every year the item has anything for, oldest first: 当初予算額（案） (requested: the PLAN submission’s 当初予算額（案） of that year’s cycle, else the plan import’s amount), 査定額 (assessed) and 当初予算額 (adopted) as finance recorded them, 予算への反映額 (reflected: the latest decision’s proposal, with every decision behind it in `reflections` — approved 今後の方向性 and 事業検証’s 本部の決定 alike) and the budget the cycles read. Each amount with who set it, when, its source and reason.',
    ok: ItemBudgetChainDto,
    errors: [[404, 'No such item in your tenant.']],
  })
  chain(
    @CurrentUser() user: AuthUser,
    @Param('itemId', UuidParamPipe) itemId: string,
  ): Promise<ItemBudgetChainDto> {
    return this.budgets.chain(user, itemId);
  }

  @Put('items/:itemId/budgets/:fiscalYear')
  @ApiParam(FISCAL_YEAR_PARAM)
  @Endpoint({
    summary: 'Record 査定額 and/or 当初予算額 of an item for a budget year',
    action: { en: 'record the budget amounts', ja: '査定額・当初予算額の入力' },
    roles: BUDGET_WRITER_ROLES,
    description:
      'assessed (査定額) and/or adopted (当初予算額), whole yen ≥ 0, with a reason. Once 当初予算額 is set it is the item’s budget for that year: a later reflection (an approved decision) or plan import does not overwrite it, and the reflection still records its proposal (予算への反映額). One ledger entry item_budget.amounts_set (before, after, reason) and an outbox event in one transaction; the same amounts again write nothing (changed: false). 400s name the field and the rule in Japanese and English.',
    ok: ItemBudgetWriteResultDto,
    errors: [400, [404, 'No such item in your tenant.']],
  })
  put(
    @CurrentUser() user: AuthUser,
    @Param('itemId', UuidParamPipe) itemId: string,
    @Param('fiscalYear', FiscalYearParamPipe) fiscalYear: number,
    @Body() dto: PutItemBudgetDto,
  ): Promise<ItemBudgetWriteResultDto> {
    return this.budgets.put(user, itemId, fiscalYear, dto);
  }

  @Post('budgets/:fiscalYear/import')
  // 200, not 201: an import records amounts (the same file again changes nothing), it creates no resource.
  @HttpCode(HttpStatus.OK)
  @ApiParam(FISCAL_YEAR_PARAM)
  @Endpoint({
    summary: 'Import the finance system’s file (CSV or Excel) of 査定額 / 当初予算額 for a budget year',
    action: { en: 'import the finance file', ja: '財政課ファイルの取込' },
    roles: BUDGET_WRITER_ROLES,
    description:
      'A CSV or .xlsx file (multipart field `file`, or the raw body), or JSON `{rows: [{…}]}` keyed by the same headings. Columns: 項目コード (or 事業コード; the item’s code), 査定額 and/or 当初予算額 (yen; a header ending in （千円） reads thousands), 理由 (optional; else 財政課ファイル取込 and the file name). The plan importer’s readers and limits (IMPORT_MAX_BYTES, rows, encodings, Excel guards). The whole file is checked first: any bad row (unknown code, negative or fractional amount, duplicate code) refuses the whole file with every problem’s row and column (code INVALID_FINANCE_FILE) and nothing is written. Then one transaction: each changed item gets its item_budget.amounts_set ledger entry (naming the file and row); the same file again changes nothing.',
    ok: FinanceImportResultDto,
    errors: [
      [
        400,
        'The file has problems (INVALID_FINANCE_FILE; `details` has row, column, rule) or is unreadable.',
      ],
      [413, 'Over IMPORT_MAX_BYTES or the row limit.'],
      [415, 'A urlencoded form.'],
    ],
  })
  @ApiOperation({
    summary: '',
    requestBody: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: { type: 'object', required: ['file'], properties: { file: BINARY_FILE } },
        },
        'application/json': {
          schema: {
            type: 'object',
            required: ['rows'],
            properties: {
              rows: {
                type: 'array',
                description:
                  'One object per row, keyed by the file’s headings (項目コード, 査定額, 当初予算額, 理由).',
                items: { type: 'object', additionalProperties: true },
              },
            },
          },
          example: { rows: [{ 項目コード: '1-1', 査定額: 11500000, 当初予算額: 11000000, 理由: '議決' }] },
        },
        'text/csv': { schema: { type: 'string' } },
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: BINARY_FILE },
      },
    },
  })
  @UseInterceptors(PlanUploadInterceptor)
  import(
    @CurrentUser() user: AuthUser,
    @Param('fiscalYear', FiscalYearParamPipe) fiscalYear: number,
    @UploadedPlanFile() upload: PlanUpload,
  ): Promise<FinanceImportResultDto> {
    return this.budgets.import(user, fiscalYear, upload);
  }

  @Get('budget-status')
  @Endpoint({
    summary: '予算反映状況: per budget year, every item’s decisions → 予算への反映額 → 査定額 → 当初予算額',
    action: { en: 'load the budget reflection status', ja: '予算反映状況の取得' },
    roles: BUDGET_STATUS_READER_ROLES,
    description:
      'The items (not removed) with anything for the budget year — a budget, request, amount or decision — in plan and code order, paged.',
    ok: BudgetStatusPageDto,
    errors: [400],
  })
  status(@CurrentUser() user: AuthUser, @Query() query: BudgetStatusQueryDto): Promise<BudgetStatusPageDto> {
    return this.budgets.status(user, query);
  }

  @Get('budget-status/export')
  @Endpoint({
    summary: '予算反映状況 of a budget year as Excel (.xlsx)',
    action: { en: 'export the budget reflection status', ja: '予算反映状況の出力' },
    roles: BUDGET_STATUS_READER_ROLES,
    description:
      'One sheet, one header row in `lang`: 項目コード, 改革項目, 今後の方向性 (the decisions behind 予算への反映額 with their years), 予算への反映額, 当初予算額（案）, 査定額, 当初予算額 and the current budget, in yen. At most 5,000 items.',
    ok: {
      description: 'The file (Content-Disposition: attachment).',
      content: {
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: BINARY_FILE },
      },
    },
    errors: [400],
  })
  async export(
    @CurrentUser() user: AuthUser,
    @Query() query: BudgetStatusExportQueryDto,
    @Res() res: ServerResponse,
  ): Promise<void> {
    await this.budgets.statusXlsx(user, query, res);
  }
}
