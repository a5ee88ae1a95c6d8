import type { ServerResponse } from 'node:http';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Role } from '@pdca/domain';
import { CurrentUser, Endpoint } from '../common/auth/endpoint.decorator';
import { UuidParamPipe } from '../common/errors/validation';
import type { AuthUser } from '../common/http/request-context';
import {
  AuditHistoryQueryDto,
  AuditLogEntryDto,
  AuditLogQueryDto,
  AuditVerifyDto,
  AuditVerifyQueryDto,
  CycleHistoryDto,
  ItemHistoryDto,
} from './audit.dto';
import { AuditService } from './audit.service';

/** The whole tenant's ledger: auditors and system administrators. */
const LEDGER_READERS: readonly Role[] = ['auditor', 'admin'];
/** One item's or cycle's history: also HQ administration, who run the process day to day. */
const HISTORY_READERS: readonly Role[] = ['auditor', 'admin', 'hq_admin'];

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('verify')
  @Endpoint({
    summary: 'Verify the tenant’s hash-chained audit ledger end to end',
    action: { en: 'verify the audit ledger', ja: '監査台帳の検証' },
    roles: LEDGER_READERS,
    description:
      'Recomputes every entry’s SHA-256 in sequence order and reports the first broken link: a changed entry (hash_mismatch), a missing one (seq_gap), a broken link (prev_hash_mismatch), or a head that does not match the last entry (head_mismatch, missing_tail).',
    ok: AuditVerifyDto,
    errors: [400],
  })
  verify(@CurrentUser() user: AuthUser, @Query() query: AuditVerifyQueryDto): Promise<AuditVerifyDto> {
    return this.audit.verify(user, query);
  }

  @Get('cycles/:cycleId/history')
  @Endpoint({
    summary: 'One cycle’s complete history: ledger and Temporal event history in one timeline',
    action: { en: 'load the cycle history', ja: 'サイクル履歴の取得' },
    roles: HISTORY_READERS,
    ok: CycleHistoryDto,
    errors: [400, [404, 'No such cycle in your tenant.']],
  })
  cycleHistory(
    @CurrentUser() user: AuthUser,
    @Param('cycleId', UuidParamPipe) cycleId: string,
    @Query() query: AuditHistoryQueryDto,
  ): Promise<CycleHistoryDto> {
    return this.audit.cycleHistory(user, cycleId, query);
  }

  @Get('items/:itemId/history')
  @Endpoint({
    summary: 'An item’s complete history across all its fiscal years',
    action: { en: 'load the item history', ja: '改革項目履歴の取得' },
    externalReviewers: { item: 'itemId' },
    roles: HISTORY_READERS,
    ok: ItemHistoryDto,
    errors: [400, [404, 'No such item in your tenant.']],
  })
  itemHistory(
    @CurrentUser() user: AuthUser,
    @Param('itemId', UuidParamPipe) itemId: string,
    @Query() query: AuditHistoryQueryDto,
  ): Promise<ItemHistoryDto> {
    return this.audit.itemHistory(user, itemId, query);
  }

  @Get('log')
  @Endpoint({
    summary: 'Export the ledger, filtered, as a stream (JSON array, NDJSON or CSV for Excel)',
    action: { en: 'export the audit log', ja: '監査ログの出力' },
    roles: LEDGER_READERS,
    description:
      'Streamed in sequence order with constant memory, however large the range. Each entry carries its hashed content, prevHash and hash, so an export can be re-verified offline.',
    ok: { type: AuditLogEntryDto, isArray: true },
    errors: [400],
  })
  @ApiProduces('application/json', 'application/x-ndjson', 'text/csv')
  exportLog(
    @CurrentUser() user: AuthUser,
    @Query() query: AuditLogQueryDto,
    @Res() res: ServerResponse,
  ): Promise<void> {
    return this.audit.exportLog(user, query, res);
  }
}
