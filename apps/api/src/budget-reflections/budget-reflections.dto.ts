import { ApiPropertyOptional, IntersectionType, PickType } from '@nestjs/swagger';
import type { BudgetReflectionListEntry } from '@pdca/persistence/repositories';
import { IsOptional } from 'class-validator';
import { BudgetReflectionDto, mapBudgetReflection } from '../common/http/cycle-records.dto';
import { IsFiscalYear } from '../common/http/fiscal-year';
import { ItemHeadDto } from '../common/http/item-head.dto';
import { NumberQuery, PageOf, PaginationQueryDto } from '../common/http/pagination.dto';

export class BudgetReflectionListQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: 'The budget year the adjustments apply to.', example: 2026 })
  @IsOptional()
  @NumberQuery()
  @IsFiscalYear()
  fiscalYear?: number;
}

export class BudgetReflectionEntryDto extends IntersectionType(
  BudgetReflectionDto,
  PickType(ItemHeadDto, ['itemCode', 'itemTitle'] as const),
) {}

export class BudgetReflectionPageDto extends PageOf(BudgetReflectionEntryDto) {}

export function mapBudgetReflectionEntry(entry: BudgetReflectionListEntry): BudgetReflectionEntryDto {
  return { ...mapBudgetReflection(entry), itemCode: entry.itemCode, itemTitle: entry.itemTitle };
}
