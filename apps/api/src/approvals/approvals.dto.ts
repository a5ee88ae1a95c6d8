import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { APPROVAL_STATUSES } from '../../../../libs/contracts/src';
import type { ApprovalListEntry } from '../../../../libs/persistence/src/repositories';
import { InboxEntryContextDto, mapInboxEntryContext } from '../common/http/inbox-entry-context.dto';
import { PageOf, PaginationQueryDto } from '../common/http/pagination.dto';
import { ApprovalDto, mapApproval } from '../cycles/cycle.dto';

export class ApprovalListQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: APPROVAL_STATUSES })
  @IsOptional()
  @IsIn(APPROVAL_STATUSES)
  status?: (typeof APPROVAL_STATUSES)[number];
}

export class ApprovalInboxEntryDto extends IntersectionType(ApprovalDto, InboxEntryContextDto) {}

export class ApprovalPageDto extends PageOf(ApprovalInboxEntryDto) {}

export function mapApprovalEntry(entry: ApprovalListEntry): ApprovalInboxEntryDto {
  return { ...mapApproval(entry), ...mapInboxEntryContext(entry) };
}
