import { ApiProperty, PickType } from '@nestjs/swagger';
import { CYCLE_STATUSES, STAGES } from '@pdca/domain';
import type { InboxEntryContext } from '@pdca/persistence/repositories';
import { ItemHeadDto } from './item-head.dto';

/**
 * Where an inbox entry (a task or an approval) comes from: its item and its cycle's year, stage and
 * status. Combined with the entry's own DTO: `IntersectionType(TaskDto, InboxEntryContextDto)`.
 */
export class InboxEntryContextDto extends PickType(ItemHeadDto, [
  'itemId',
  'itemCode',
  'itemTitle',
  'fiscalYear',
] as const) {
  // cycleStage/cycleStatus, not stage/status: the entry's own DTO has a status (and an approval a stage).
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
