import { Controller, Get, Param } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Role } from '@pdca/domain';
import { AuditReadRepository, PlanNodeOwnerRepository } from '@pdca/persistence/repositories';
import { AuditLogEntryDto } from '../audit/audit.dto';
import { mapAuditLogEntry } from '../audit/audit.service';
import { CurrentUser, Endpoint } from '../common/auth/endpoint.decorator';
import { notFound } from '../common/errors/localized-error';
import { UuidParamPipe } from '../common/errors/validation';
import type { AuthUser } from '../common/http/request-context';

/** As the other audit histories. */
const HISTORY_READERS: readonly Role[] = ['auditor', 'admin', 'hq_admin'];

export class NodeHistoryDto {
  @ApiProperty({ format: 'uuid' }) nodeId: string;
  @ApiProperty({ example: '1' }) nodeCode: string;
  @ApiProperty() nodeTitle: string;
  @ApiProperty({
    type: [AuditLogEntryDto],
    description:
      'The node’s ledger entries in order: node.owner_assigned and every year’s policy_evaluation.* (started, opened, reminder, submitted, returned, approved …), each with actor, role and comment.',
  })
  entries: AuditLogEntryDto[];
}

@ApiTags('audit')
@Controller('audit/nodes')
export class NodeHistoryController {
  constructor(
    private readonly ledger: AuditReadRepository,
    private readonly nodes: PlanNodeOwnerRepository,
  ) {}

  @Get(':nodeId/history')
  @Endpoint({
    summary: 'A plan node’s history: its owners and its 施策評価 of every year, from the ledger',
    action: { en: 'load the node history', ja: '施策の履歴の取得' },
    roles: HISTORY_READERS,
    ok: NodeHistoryDto,
    errors: [400, [404, 'No such node in your tenant.']],
  })
  async history(
    @CurrentUser() user: AuthUser,
    @Param('nodeId', UuidParamPipe) nodeId: string,
  ): Promise<NodeHistoryDto> {
    const node = await this.nodes.findNode(user.tenantId, nodeId);
    if (!node) throw notFound({ en: 'the plan node', ja: '施策' });
    const entries = await this.ledger.entriesOfNode(user.tenantId, nodeId);
    return { nodeId, nodeCode: node.code, nodeTitle: node.title, entries: entries.map(mapAuditLogEntry) };
  }
}
