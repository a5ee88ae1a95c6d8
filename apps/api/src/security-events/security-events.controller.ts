import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SecurityEventRepository } from '@pdca/persistence/repositories';
import { CurrentUser, Endpoint } from '../common/auth/endpoint.decorator';
import { loadPage } from '../common/http/pagination.dto';
import type { AuthUser } from '../common/http/request-context';
import { mapSecurityEvent, SecurityEventPageDto, SecurityEventQueryDto } from './security-events.dto';

@ApiTags('audit')
@Controller('security-events')
export class SecurityEventsController {
  constructor(private readonly events: SecurityEventRepository) {}

  @Get()
  @Endpoint({
    summary: 'The security log: sign-ins, failed sign-ins and sign-outs of the tenant',
    action: { en: 'read the security log', ja: 'セキュリティログの取得' },
    roles: ['admin', 'auditor'],
    description:
      'Newest first. Never a password, token or secret. Deactivations and role changes from the directory are in the audit ledger.',
    ok: SecurityEventPageDto,
    errors: [400],
  })
  async list(
    @CurrentUser() user: AuthUser,
    @Query() query: SecurityEventQueryDto,
  ): Promise<SecurityEventPageDto> {
    return loadPage(
      query,
      (window) =>
        this.events.list({ tenantId: user.tenantId, kind: query.kind, userId: query.userId, ...window }),
      mapSecurityEvent,
    );
  }
}
