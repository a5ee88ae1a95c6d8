import { ApiProperty, PickType } from '@nestjs/swagger';
import type { PlanEntity } from '@pdca/persistence';
import type { PlanSummary, PlanTreeItem, PlanTreeNode } from '@pdca/persistence/repositories';
import { ItemHeadDto } from '../common/http/item-head.dto';
import { PageOf, PaginationQueryDto } from '../common/http/pagination.dto';
import { PlanCountsDto } from './plan-import.dto';

// The plan list and a plan's tree (GET /plans, GET /plans/{planId}); the import's shapes are in plan-import.dto.ts.
export class PlanListQueryDto extends PaginationQueryDto {}

export class PlanSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: '平塚市行財政改革計画（2024-2027）' })
  title: string;
  @ApiProperty({ type: Number, nullable: true, example: 2024 })
  periodStartFy: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 2027 })
  periodEndFy: number | null;
  @ApiProperty({ example: 2 })
  goalCount: number;
  @ApiProperty({ example: 4 })
  themeCount: number;
  @ApiProperty({ example: 19 })
  itemCount: number;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class PlanPageDto extends PageOf(PlanSummaryDto) {}

export class PlanItemCycleDto extends PickType(ItemHeadDto, ['stage', 'status'] as const) {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: 2026 })
  fiscalYear: number;
  @ApiProperty()
  awaitingApproval: boolean;
}

export class PlanWorkingGroupRefDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: '窓口・デジタルWG' })
  name: string;
}

export class PlanTreeItemDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: '1-1' })
  code: string;
  @ApiProperty({ example: '窓口サービスのDX推進' })
  title: string;
  @ApiProperty({ type: PlanWorkingGroupRefDto, nullable: true })
  workingGroup: PlanWorkingGroupRefDto | null;
  @ApiProperty({ example: 1 })
  indicatorCount: number;
  @ApiProperty({
    type: PlanItemCycleDto,
    nullable: true,
    description: 'The latest fiscal year’s cycle, if any.',
  })
  currentCycle: PlanItemCycleDto | null;
}

export class PlanThemeDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: '改革テーマ1' })
  code: string;
  @ApiProperty({ example: '行政サービスの向上' })
  title: string;
  @ApiProperty()
  isDefault: boolean;
  @ApiProperty({ type: [PlanTreeItemDto] })
  items: PlanTreeItemDto[];
}

export class PlanGoalDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: '目標1' })
  code: string;
  @ApiProperty({ example: '効率的・効果的な行政サービスの推進' })
  title: string;
  @ApiProperty()
  isDefault: boolean;
  @ApiProperty({ type: [PlanThemeDto] })
  themes: PlanThemeDto[];
}

export class PlanTreeDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty()
  title: string;
  @ApiProperty({ type: Number, nullable: true })
  periodStartFy: number | null;
  @ApiProperty({ type: Number, nullable: true })
  periodEndFy: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'The source document (`# source:`).' })
  source: string | null;
  @ApiProperty({ type: PlanCountsDto, description: 'Nodes and items of the plan (indicators counted too).' })
  counts: PlanCountsDto;
  @ApiProperty({ type: [PlanGoalDto], description: 'Goals/policies → themes → items, in plan order.' })
  goals: PlanGoalDto[];
  @ApiProperty({ type: [PlanTreeItemDto], description: 'Items that hang under no theme of this plan.' })
  unassignedItems: PlanTreeItemDto[];
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export function mapPlanSummary(plan: PlanSummary): PlanSummaryDto {
  return {
    ...plan,
    createdAt: plan.createdAt.toISOString(),
    updatedAt: plan.updatedAt.toISOString(),
  };
}

function mapTreeItem(item: PlanTreeItem): PlanTreeItemDto {
  return {
    id: item.id,
    code: item.code,
    title: item.title,
    workingGroup: item.workingGroup,
    indicatorCount: item.indicatorCount,
    currentCycle: item.currentCycle,
  };
}

/** Goals → themes → items from the flat rows (nodes and items both come in plan order). */
export function mapPlanTree(plan: PlanEntity, nodes: PlanTreeNode[], items: PlanTreeItem[]): PlanTreeDto {
  const goals = nodes.filter((n) => n.kind === 'goal' && n.parentId === null);
  const themesOf = new Map<string, PlanTreeNode[]>();
  for (const node of nodes) {
    if (node.kind !== 'theme' || node.parentId === null) continue;
    themesOf.set(node.parentId, [...(themesOf.get(node.parentId) ?? []), node]);
  }
  const itemsOf = new Map<string, PlanTreeItem[]>();
  for (const item of items) {
    if (item.themeId) itemsOf.set(item.themeId, [...(itemsOf.get(item.themeId) ?? []), item]);
  }
  const placed = new Set<string>();
  const goalDtos: PlanGoalDto[] = goals.map((goal) => ({
    id: goal.id,
    code: goal.code,
    title: goal.title,
    isDefault: goal.isDefault,
    themes: (themesOf.get(goal.id) ?? []).map((theme) => {
      const themeItems = itemsOf.get(theme.id) ?? [];
      for (const item of themeItems) placed.add(item.id);
      return {
        id: theme.id,
        code: theme.code,
        title: theme.title,
        isDefault: theme.isDefault,
        items: themeItems.map(mapTreeItem),
      };
    }),
  }));
  const source = plan.source as { document?: unknown };
  return {
    id: plan.id,
    title: plan.title,
    periodStartFy: plan.periodStartFy,
    periodEndFy: plan.periodEndFy,
    source: typeof source?.document === 'string' ? source.document : null,
    counts: {
      goals: goals.length,
      themes: goalDtos.reduce((sum, g) => sum + g.themes.length, 0),
      items: items.length,
      indicators: items.reduce((sum, i) => sum + i.indicatorCount, 0),
    },
    goals: goalDtos,
    unassignedItems: items.filter((i) => !placed.has(i.id)).map(mapTreeItem),
    createdAt: plan.createdAt.toISOString(),
    updatedAt: plan.updatedAt.toISOString(),
  };
}
