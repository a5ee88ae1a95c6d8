import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CYCLE_STATUSES, STAGES } from '../../../../libs/domain/src';
import type { ApprovalListEntry } from '../../../../libs/persistence/src/repositories';
import { PaginationQueryDto } from '../common/http/pagination.dto';
import { ApprovalDto, mapApproval } from '../cycles/cycle.dto';

export const APPROVAL_STATUSES = ['pending', 'approved', 'returned', 'cancelled'] as const;

export class ApprovalListQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: APPROVAL_STATUSES })
  @IsOptional()
  @IsIn(APPROVAL_STATUSES)
  status?: (typeof APPROVAL_STATUSES)[number];
}

export class ApprovalInboxEntryDto extends ApprovalDto {
  @ApiProperty({ format: 'uuid' })
  itemId: string;
  @ApiProperty({ example: '1-1' })
  itemCode: string;
  @ApiProperty()
  itemTitle: string;
  @ApiProperty({ example: 2025 })
  fiscalYear: number;
  @ApiProperty({ enum: STAGES })
  cycleStage: string;
  @ApiProperty({ enum: CYCLE_STATUSES })
  cycleStatus: string;
}

export class ApprovalPageDto {
  @ApiProperty({ type: [ApprovalInboxEntryDto] })
  items: ApprovalInboxEntryDto[];
  @ApiProperty()
  total: number;
  @ApiProperty()
  limit: number;
  @ApiProperty()
  offset: number;
}

export function mapApprovalEntry(entry: ApprovalListEntry): ApprovalInboxEntryDto {
  return {
    ...mapApproval(entry),
    itemId: entry.itemId,
    itemCode: entry.itemCode,
    itemTitle: entry.itemTitle,
    fiscalYear: entry.fiscalYear,
    cycleStage: entry.cycleStage,
    cycleStatus: entry.cycleStatus,
  };
}
