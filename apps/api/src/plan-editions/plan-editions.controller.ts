import type { ServerResponse } from 'node:http';
import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { reportFiscalYear } from '@pdca/domain';
import { CurrentUser, Endpoint } from '../common/auth/endpoint.decorator';
import { UuidParamPipe } from '../common/errors/validation';
import type { AuthUser, HttpResponse } from '../common/http/request-context';
import { SHEET_CSP } from '../evaluation-sheets/evaluation-sheets.controller';
import { CSV_TYPE, editionFileLabel, HTML_TYPE, XLSX_TYPE } from './edition-files';
import {
  EditionListQueryDto,
  editionLabel,
  PlanEditionDto,
  PublishEditionDto,
  PublishEditionResultDto,
} from './plan-editions.dto';
import { EDITION_PUBLISHER_ROLES, EDITION_READER_ROLES, PlanEditionsService } from './plan-editions.service';

@ApiTags('plans')
@Controller('plans/:planId/editions')
export class PlanEditionsController {
  constructor(private readonly editions: PlanEditionsService) {}

  @Post()
  @Endpoint({
    summary: 'Freeze a fiscal year’s 進捗管理表 and 評価シート as a published edition (公表版)',
    action: { en: 'publish the edition', ja: '公表版の作成' },
    roles: EDITION_PUBLISHER_ROLES,
    description: [
      'Generates the year’s files for publication (no personal names, Japanese) in this request and stores their bytes, which never change afterwards (the database refuses updates and deletes).',
      'The plan’s next edition of the year (editionNumber 2, 3 …) supersedes the previous one.',
      'Written with one `edition.published` ledger entry carrying every file’s SHA-256, and an outbox event, in one transaction.',
      'Repeating the request (same fiscal year, title and reason as the latest edition of the year) answers that edition with 200 and `created: false`, writing nothing.',
    ].join(' '),
    ok: { type: PublishEditionResultDto, description: 'A repeated request: the edition it made.' },
    created: { type: PublishEditionResultDto, description: 'Frozen.' },
    errors: [[400, 'fiscalYear outside the plan period or range; title or reason missing or too long.'], 404],
  })
  async publish(
    @CurrentUser() user: AuthUser,
    @Param('planId', UuidParamPipe) planId: string,
    @Body() dto: PublishEditionDto,
    @Res({ passthrough: true }) res: HttpResponse,
  ): Promise<PublishEditionResultDto> {
    const result = await this.editions.publish(user, planId, dto);
    res.status(result.created ? 201 : 200);
    return result;
  }

  @Get()
  @Endpoint({
    summary: 'The plan’s published editions (公表版), newest first, with their files and SHA-256',
    action: { en: 'list the editions', ja: '公表版の一覧の取得' },
    roles: EDITION_READER_ROLES,
    ok: { type: [PlanEditionDto], description: 'Newest first.' },
    errors: [400, 404],
  })
  list(
    @CurrentUser() user: AuthUser,
    @Param('planId', UuidParamPipe) planId: string,
    @Query() query: EditionListQueryDto,
  ): Promise<PlanEditionDto[]> {
    return this.editions.list(user, planId, query.fiscalYear);
  }

  @Get(':editionId/files/:name')
  @Endpoint({
    summary: 'One frozen file of an edition, byte for byte as published',
    action: { en: 'download the edition’s file', ja: '公表版のファイルの取得' },
    roles: EDITION_READER_ROLES,
    description:
      'ETag is the file’s SHA-256 (If-None-Match answers 304); Content-Disposition names the file in Japanese (filename*).',
    ok: {
      description: 'The file (Content-Disposition: attachment).',
      content: {
        [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } },
        [CSV_TYPE]: { schema: { type: 'string' } },
        [HTML_TYPE]: { schema: { type: 'string' } },
      },
    },
    errors: [400, [404, 'No such plan, edition or file in your tenant.']],
  })
  async file(
    @CurrentUser() user: AuthUser,
    @Param('planId', UuidParamPipe) planId: string,
    @Param('editionId', UuidParamPipe) editionId: string,
    @Param('name') name: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() res: ServerResponse,
  ): Promise<void> {
    const file = await this.editions.file(user, planId, editionId, name);
    const etag = `"${file.sha256}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
    if (ifNoneMatch?.split(',').some((tag) => tag.trim() === etag)) {
      res.statusCode = 304;
      res.end();
      return;
    }
    const extension = file.name.slice(file.name.lastIndexOf('.'));
    const fy = reportFiscalYear(file.fiscalYear).ja;
    const title = `${file.planTitle}_${fy}_${editionLabel(file.editionNumber).ja}_${editionFileLabel(file.name)}（公表用）${extension}`;
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Length', String(file.size));
    // A frozen 評価シート opened in a browser draws its styles and nothing else, as the live one does.
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (file.contentType === HTML_TYPE) res.setHeader('Content-Security-Policy', SHEET_CSP);
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${file.name}"; filename*=UTF-8''${encodeURIComponent(title)}`,
    );
    res.end(file.bytes);
  }
}
