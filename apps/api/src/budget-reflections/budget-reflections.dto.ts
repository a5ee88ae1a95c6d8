import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { BudgetReflectionListEntry } from '../../../../libs/persistence/src/repositories';
import { NumberQuery, PageOf, PaginationQueryDto } from '../common/http/pagination.dto';
import { BudgetReflectionDto, mapBudgetReflection } from '../cycles/cycle.dto';
import { MAX_FISCAL_YEAR, MIN_FISCAL_YEAR } from '../items/items.dto';

export class BudgetReflectionListQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: 'The budget year the adjustments apply to.', example: 2026 })
  @IsOptional()
  @NumberQuery()
  @IsInt()
  @Min(MIN_FISCAL_YEAR)
  @Max(MAX_FISCAL_YEAR)
  fiscalYear?: number;
}

export class BudgetReflectionEntryDto extends BudgetReflectionDto {
  @ApiProperty({ example: '1-1' })
  itemCode: string;
  @ApiProperty()
  itemTitle: string;
}

export class BudgetReflectionPageDto extends PageOf(BudgetReflectionEntryDto) {}

export function mapBudgetReflectionEntry(entry: BudgetReflectionListEntry): BudgetReflectionEntryDto {
  return { ...mapBudgetReflection(entry), itemCode: entry.itemCode, itemTitle: entry.itemTitle };
}
