import { ApiProperty, PickType } from '@nestjs/swagger';
import { CYCLE_STATUSES, STAGES } from '@pdca/domain';

/**
 * The fields that say which item and which fiscal year's cycle an answer is about, documented once.
 * A DTO takes the ones it has: `extends PickType(ItemHeadDto, ['itemId', 'itemCode'])`, or
 * `IntersectionType(ItemHeadDto, OtherDto)` for all of them.
 */
export class ItemHeadDto {
  @ApiProperty({ format: 'uuid' })
  itemId: string;
  @ApiProperty({ example: '1-1' })
  itemCode: string;
  @ApiProperty()
  itemTitle: string;
  @ApiProperty({ example: 2025 })
  fiscalYear: number;
  @ApiProperty({ enum: STAGES })
  stage: string;
  @ApiProperty({ enum: CYCLE_STATUSES })
  status: string;
}

/** The item alone (its id, code and title). */
export class ItemRefDto extends PickType(ItemHeadDto, ['itemId', 'itemCode', 'itemTitle'] as const) {}

/** The cycle's fiscal year, stage and status. */
export class CycleHeadDto extends PickType(ItemHeadDto, ['fiscalYear', 'stage', 'status'] as const) {}
