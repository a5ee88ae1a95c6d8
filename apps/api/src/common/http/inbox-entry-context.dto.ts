import { ApiProperty } from '@nestjs/swagger';
import { CYCLE_STATUSES, STAGES } from '../../../../../libs/domain/src';
import type { InboxEntryContext } from '../../../../../libs/persistence/src/repositories';

/**
 * Where an inbox entry (a task or an approval) comes from: its item and its cycle's year, stage and
 * status. Combined with the entry's own DTO: `IntersectionType(TaskDto, InboxEntryContextDto)`.
 */
export class InboxEntryContextDto {
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

export function mapInboxEntryContext(entry: InboxEntryContext): InboxEntryContextDto {
  return {
    itemId: entry.itemId,
    itemCode: entry.itemCode,
    itemTitle: entry.itemTitle,
    fiscalYear: entry.fiscalYear,
    cycleStage: entry.cycleStage,
    cycleStatus: entry.cycleStatus,
  };
}
