import { Controller, Get, Param, Post, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Endpoint } from '../common/auth/endpoint.decorator';
import { UuidParamPipe } from '../common/errors/validation';
import type { AuthUser, HttpResponse } from '../common/http/request-context';
import { PlanImportOptionsDto, PlanImportReportDto } from './plan-import.dto';
import {
  PLAN_FILE_FIELD,
  type PlanUpload,
  PlanUploadInterceptor,
  UploadedPlanFile,
} from './plan-upload.interceptor';
import { PlanListQueryDto, PlanPageDto, PlanTreeDto } from './plans.dto';
import { PlansService } from './plans.service';

const BINARY_FILE = { type: 'string', format: 'binary' } as const;

/** The request body documented per content type (Swagger's @ApiBody takes one schema for all). */
const IMPORT_REQUEST_BODY = {
  required: true,
  description:
    'The plan file: a multipart upload (field `file`, options as query parameters or form fields), or the raw file as the body (a JSON plan as application/json — up to 100 kB —, text/csv, text/tab-separated-values, an .xlsx, or application/octet-stream with `fileName`).',
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object',
        required: [PLAN_FILE_FIELD],
        properties: {
          [PLAN_FILE_FIELD]: {
            ...BINARY_FILE,
            description: 'CSV, TSV, JSON or .xlsx; UTF-8 (BOM optional) or Shift_JIS.',
          },
          dryRun: { type: 'boolean' },
          format: { type: 'string', enum: ['csv', 'tsv', 'json', 'xlsx'] },
          encoding: { type: 'string', enum: ['auto', 'utf-8', 'shift_jis', 'cp932', 'utf-16le'] },
          mapping: { type: 'string', description: 'JSON object: header → field.' },
          planTitle: { type: 'string' },
          periodStartFy: { type: 'integer' },
          periodEndFy: { type: 'integer' },
        },
      },
    },
    'application/json': {
      schema: {
        description:
          'A JSON plan file: `{ "plan": { "title", "city", "period", … }, "rows": [ { header: value } ] }` or an array of rows.',
        oneOf: [
          {
            type: 'object',
            properties: {
              plan: { type: 'object', additionalProperties: true },
              rows: { type: 'array', items: { type: 'object', additionalProperties: true } },
            },
          },
          { type: 'array', items: { type: 'object', additionalProperties: true } },
        ],
      },
    },
    'text/csv': { schema: { type: 'string' } },
    'text/tab-separated-values': { schema: { type: 'string' } },
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: BINARY_FILE },
    'application/octet-stream': { schema: BINARY_FILE },
  },
};

@ApiTags('plans')
@Controller('plans')
export class PlansController {
  constructor(private readonly plans: PlansService) {}

  @Post('import')
  @Endpoint({
    summary: 'Import a reform plan file (CSV, TSV, JSON, Excel): validate all of it, then write it',
    action: { en: 'import the plan', ja: '計画の取込' },
    roles: ['hq_admin', 'admin'],
    description: [
      'Validation first, writing second: any problem in the file answers 400 with every problem (row, column, rule, message in Japanese and English) in `details`, and nothing is written. Too large or too many rows: 413.',
      'Then one transaction: the plan by title, goals/themes by code, working groups by name (created without a leader), items by code with their indicators and budget. Re-importing the same file changes nothing (`unchanged` lists every item); items no longer in the file are reported in `removed`, never deleted; cycles are never touched.',
      '`dryRun=true` answers the same report plus the tree it would write, and writes nothing. 201 when a plan was created, 200 otherwise.',
    ].join('\n\n'),
    ok: { type: PlanImportReportDto, description: 'Imported into an existing plan, or a dry run.' },
    created: { type: PlanImportReportDto, description: 'Imported; the plan was created.' },
    errors: [
      [
        400,
        'The file has problems (code INVALID_PLAN_FILE; `details` has row, column, rule, severity), is damaged or binary, or an option is invalid.',
      ],
      [413, 'Over IMPORT_MAX_BYTES (FILE_TOO_LARGE) or IMPORT_MAX_ROWS data rows (TOO_MANY_ROWS).'],
      [415, 'A urlencoded form.'],
    ],
  })
  @ApiOperation({ summary: '', requestBody: IMPORT_REQUEST_BODY })
  @UseInterceptors(PlanUploadInterceptor)
  async import(
    @CurrentUser() user: AuthUser,
    @UploadedPlanFile() upload: PlanUpload,
    @Query() query: PlanImportOptionsDto,
    @Res({ passthrough: true }) res: HttpResponse,
  ): Promise<PlanImportReportDto> {
    const { created, report } = await this.plans.import(user, upload, query);
    res.status(created ? 201 : 200);
    return report;
  }

  @Get()
  @Endpoint({
    summary: 'The tenant’s reform plans',
    action: { en: 'list the plans', ja: '計画一覧の取得' },
    ok: PlanPageDto,
    errors: [400],
  })
  list(@CurrentUser() user: AuthUser, @Query() query: PlanListQueryDto): Promise<PlanPageDto> {
    return this.plans.list(user, query);
  }

  @Get(':planId')
  @Endpoint({
    summary: 'One plan as a tree: goals/policies → themes → items with their current cycle',
    action: { en: 'load the plan', ja: '計画の取得' },
    ok: PlanTreeDto,
    errors: [[404, 'No such plan in your tenant.']],
  })
  get(@CurrentUser() user: AuthUser, @Param('planId', UuidParamPipe) planId: string): Promise<PlanTreeDto> {
    return this.plans.get(user, planId);
  }
}
