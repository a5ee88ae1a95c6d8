import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { BUDGET_AMOUNT_LIMIT, BUDGET_REASON_MAX_LENGTH } from '@pdca/domain/budget-chain';
import type {
  ChainAmount,
  ChainItem,
  ChainReflection,
  ChainYear,
  ItemBudgetChain,
} from '@pdca/persistence/repositories/item-budget.repository';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsString, Max, MaxLength, Min } from 'class-validator';
import { AtLeastOneField } from '../common/http/at-least-one-field';
import { type ExportLang, ExportLangQuery } from '../common/http/export-lang';
import { IsFiscalYear, MAX_FISCAL_YEAR, MIN_FISCAL_YEAR } from '../common/http/fiscal-year';
import { LocalizedTextDto } from '../common/http/localized-text.dto';
import { OptionalNotNull } from '../common/http/optional';
import { PageOf, PaginationQueryDto } from '../common/http/pagination.dto';
import { Trim } from '../common/http/trim';

/** An amount in whole yen, 0 or more (a negative or fractional one is a 400 naming the field). */
function IsBudgetAmount(): PropertyDecorator {
  return (target, key) => {
    Max(BUDGET_AMOUNT_LIMIT)(target, key);
    Min(0)(target, key);
    IsInt()(target, key);
  };
}

export class ChainAmountDto {
  @ApiProperty({ description: 'Yen.', example: 12_000_000 })
  amount: number;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  setById: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Who set it (display name).' })
  setBy: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  setAt: string | null;
  @ApiProperty({
    description:
      'requested: plan (the PLAN submission’s 当初予算額（案）) | import (the plan file); assessed/adopted: manual | import (the finance file); reflected: cycle (an approved 今後の方向性) | verification (本部の決定 of 事業検証).',
    example: 'manual',
  })
  source: string;
  @ApiProperty({ nullable: true, type: String })
  reason: string | null;
}

export class ChainReflectionDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ enum: ['cycle', 'verification'] })
  origin: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  cycleId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  verificationItemId: string | null;
  @ApiProperty({ description: 'The fiscal year the decision was made for.' })
  sourceFiscalYear: number;
  @ApiProperty({ description: 'The decision’s code in the city’s decision list.', example: 'reduce' })
  decision: string;
  @ApiProperty({ type: LocalizedTextDto })
  decisionLabel: LocalizedTextDto;
  @ApiProperty({ description: 'Yen: the budget the decision started from.' })
  currentAmount: number;
  @ApiProperty({ description: 'Yen: 予算への反映額, what the decision proposes for the year.' })
  proposedAmount: number;
  @ApiProperty({ description: 'proposedAmount − currentAmount, yen.' })
  delta: number;
  @ApiProperty({ type: LocalizedTextDto })
  ruleDescription: LocalizedTextDto;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  approvalId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Who approved the decision.' })
  decidedBy: string | null;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class ChainBudgetDto {
  @ApiProperty({ description: 'Yen.' })
  amount: number;
  @ApiProperty({ enum: ['import', 'reflection', 'adopted'] })
  source: string;
}

export class ChainYearDto {
  @ApiProperty({ example: 2027 })
  fiscalYear: number;
  @ApiProperty({ type: ChainAmountDto, nullable: true, description: '当初予算額（案）.' })
  requested: ChainAmountDto | null;
  @ApiProperty({ type: ChainAmountDto, nullable: true, description: '査定額 (財政課).' })
  assessed: ChainAmountDto | null;
  @ApiProperty({ type: ChainAmountDto, nullable: true, description: '当初予算額 (議決).' })
  adopted: ChainAmountDto | null;
  @ApiProperty({
    type: ChainAmountDto,
    nullable: true,
    description:
      '予算への反映額: the latest decision’s proposal for the year (all of them in `reflections`).',
  })
  reflected: ChainAmountDto | null;
  @ApiProperty({
    type: [ChainReflectionDto],
    description: 'The decisions behind 予算への反映額, oldest first.',
  })
  reflections: ChainReflectionDto[];
  @ApiProperty({
    type: ChainBudgetDto,
    nullable: true,
    description:
      'The year’s budget as the cycles read it: 当初予算額 once adopted (a later reflection or plan import does not overwrite it), else the latest reflection, else the plan import.',
  })
  budget: ChainBudgetDto | null;
}

export class ChainItemDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty()
  code: string;
  @ApiProperty()
  title: string;
  @ApiProperty({ format: 'uuid' })
  planId: string;
  @ApiProperty()
  removed: boolean;
}

export class ItemBudgetChainDto {
  @ApiProperty({ type: ChainItemDto })
  item: ChainItemDto;
  @ApiProperty({ type: [ChainYearDto], description: 'Every year with anything recorded, oldest first.' })
  years: ChainYearDto[];
}

@AtLeastOneField()
export class PutItemBudgetDto {
  @ApiPropertyOptional({
    description: '査定額, whole yen ≥ 0.',
    example: 11_500_000,
    maximum: BUDGET_AMOUNT_LIMIT,
  })
  @OptionalNotNull()
  @IsBudgetAmount()
  assessed?: number;

  @ApiPropertyOptional({
    description: '当初予算額, whole yen ≥ 0.',
    example: 11_500_000,
    maximum: BUDGET_AMOUNT_LIMIT,
  })
  @OptionalNotNull()
  @IsBudgetAmount()
  adopted?: number;

  @ApiProperty({ maxLength: BUDGET_REASON_MAX_LENGTH, description: 'Why, for the ledger.' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(BUDGET_REASON_MAX_LENGTH)
  reason: string;
}

export class ItemBudgetWriteResultDto {
  @ApiProperty({ description: 'false when the amounts were already so (nothing written).' })
  changed: boolean;
  @ApiProperty({ type: ChainYearDto })
  year: ChainYearDto;
}

export class FinanceImportResultDto {
  @ApiProperty({ example: 2027 })
  budgetYear: number;
  @ApiProperty({ format: 'uuid', description: 'Names the file in the ledger entries it wrote.' })
  importId: string;
  @ApiProperty({ description: 'Data rows read.' })
  rows: number;
  @ApiProperty({ description: 'Items whose amounts changed (one ledger entry each).' })
  changed: number;
  @ApiProperty({ description: 'Rows whose amounts were already so.' })
  unchanged: number;
}

/** The budget year of the 予算反映状況 (a query). */
export class BudgetYearQueryDto {
  @ApiProperty({
    minimum: MIN_FISCAL_YEAR,
    maximum: MAX_FISCAL_YEAR,
    example: 2027,
    description: 'The budget year.',
  })
  @Type(() => Number)
  @IsFiscalYear()
  fiscalYear: number;
}

export class BudgetStatusQueryDto extends IntersectionType(PaginationQueryDto, BudgetYearQueryDto) {}

export class BudgetStatusExportQueryDto extends BudgetYearQueryDto {
  @ExportLangQuery()
  lang?: ExportLang;
}

export class BudgetStatusEntryDto {
  @ApiProperty({ type: ChainItemDto })
  item: ChainItemDto;
  @ApiProperty({ type: ChainYearDto })
  year: ChainYearDto;
}

export class BudgetStatusPageDto extends PageOf(BudgetStatusEntryDto) {
  @ApiProperty({ example: 2027 })
  fiscalYear: number;
}

export function mapChainYear(year: ChainYear): ChainYearDto {
  return {
    fiscalYear: year.fiscalYear,
    requested: mapAmount(year.requested),
    assessed: mapAmount(year.assessed),
    adopted: mapAmount(year.adopted),
    reflected: mapAmount(year.reflected),
    reflections: year.reflections.map(mapReflection),
    budget: year.budget ? { ...year.budget } : null,
  };
}

function mapAmount(amount: ChainAmount | null): ChainAmountDto | null {
  return amount ? { ...amount } : null;
}

function mapReflection(r: ChainReflection): ChainReflectionDto {
  return { ...r };
}

export function mapChainItem(item: ChainItem): ChainItemDto {
  return { ...item };
}

export function mapChain(chain: ItemBudgetChain): ItemBudgetChainDto {
  return { item: mapChainItem(chain.item), years: chain.years.map(mapChainYear) };
}
