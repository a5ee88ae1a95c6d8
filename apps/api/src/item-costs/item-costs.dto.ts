import { ApiProperty } from '@nestjs/swagger';
import {
  COST_BASES,
  type CostBasis,
  PROJECT_KIND_LABELS,
  PROJECT_KINDS,
  type ProjectKind,
} from '@pdca/domain/item-costs';
import type { ItemCostRow } from '@pdca/persistence/repositories';
import { LocalizedTextDto } from '../common/http/localized-text.dto';

/** One year's 見込 or 実績: the inputs, the unit cost used, what follows from them, and who set them. */
export class ItemCostEntryDto {
  @ApiProperty({
    enum: COST_BASES,
    description: 'estimate = 見込 (PLAN or plan import); actual = 実績 (CHECK).',
  })
  basis: CostBasis;
  @ApiProperty({ description: '事業費, whole yen.', example: 12000000 }) projectCost: number;
  @ApiProperty({ description: '人工 (person-years).', example: 1.5 }) staffFte: number;
  @ApiProperty({
    description: '人件費単価 the staff cost was computed with, yen per 人工.',
    example: 8000000,
  })
  unitCost: number;
  @ApiProperty({ description: '人件費 = round(人工 × 人件費単価), yen.', example: 12000000 })
  staffCost: number;
  @ApiProperty({ description: 'フルコスト = 事業費 + 人件費, yen.', example: 24000000 }) fullCost: number;
  @ApiProperty({ type: Number, nullable: true, description: '一般財源, yen (null: no 財源内訳 given).' })
  fundingGeneral: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '国・県支出金, yen.' })
  fundingNationalPrefectural: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'その他, yen.' }) fundingOther: number | null;
  @ApiProperty({
    enum: ['plan', 'check', 'import'],
    description: 'The PLAN or CHECK submission, or the plan import.',
  })
  source: 'plan' | 'check' | 'import';
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) setBy: string | null;
  @ApiProperty({ type: String, nullable: true }) setByName: string | null;
  @ApiProperty({ format: 'date-time' }) setAt: string;
}

export class ItemCostYearDto {
  @ApiProperty({ example: 2026 }) fiscalYear: number;
  @ApiProperty({ type: ItemCostEntryDto, nullable: true, description: '見込' })
  estimate: ItemCostEntryDto | null;
  @ApiProperty({ type: ItemCostEntryDto, nullable: true, description: '実績' })
  actual: ItemCostEntryDto | null;
}

export class ItemCostsDto {
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty({
    enum: PROJECT_KINDS,
    nullable: true,
    description:
      '事業区分: city_only 市単独 / top_up 上乗せ・横出し / subsidized 国・県補助 / statutory 法定受託.',
  })
  projectKind: ProjectKind | null;
  @ApiProperty({ type: LocalizedTextDto, nullable: true }) projectKindLabel: LocalizedTextDto | null;
  @ApiProperty({ description: 'The city’s 人件費単価 now (settings costs.staffUnitCost), yen per 人工.' })
  staffUnitCost: number;
  @ApiProperty({ type: [ItemCostYearDto], description: 'Newest fiscal year first.' })
  years: ItemCostYearDto[];
}

function mapEntry(row: ItemCostRow): ItemCostEntryDto {
  const { itemId: _item, fiscalYear: _year, ...entry } = row;
  return entry;
}

export function mapItemCosts(
  itemId: string,
  projectKind: string | null,
  staffUnitCost: number,
  rows: readonly ItemCostRow[],
): ItemCostsDto {
  const years = new Map<number, ItemCostYearDto>();
  for (const row of rows) {
    const year = years.get(row.fiscalYear) ?? { fiscalYear: row.fiscalYear, estimate: null, actual: null };
    year[row.basis] = mapEntry(row);
    years.set(row.fiscalYear, year);
  }
  const kind = (PROJECT_KINDS as readonly string[]).includes(projectKind ?? '')
    ? (projectKind as ProjectKind)
    : null;
  return {
    itemId,
    projectKind: kind,
    projectKindLabel: kind ? { ...PROJECT_KIND_LABELS[kind] } : null,
    staffUnitCost,
    years: [...years.values()].sort((a, b) => b.fiscalYear - a.fiscalYear),
  };
}
