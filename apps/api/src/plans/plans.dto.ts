import { ApiProperty, PickType } from '@nestjs/swagger';
import { type LocalizedText, type PlanLevel, planLevelsOf } from '@pdca/domain';
import type { PlanEntity } from '@pdca/persistence';
import type {
  PlanOwnIndicator,
  PlanSummary,
  PlanTreeItem,
  PlanTreeNode,
} from '@pdca/persistence/repositories';
import { ItemHeadDto } from '../common/http/item-head.dto';
import { LocalizedTextDto } from '../common/http/localized-text.dto';
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
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The group’s leader, who may export the 評価シート of its items.',
  })
  leaderUserId: string | null;
}

export class PlanItemParentDto {
  @ApiProperty({ format: 'uuid' })
  nodeId: string;
  @ApiProperty({ example: '1-1' })
  code: string;
  @ApiProperty({ example: '時間や場所に関係なく、市の手続きや相談ができている' })
  title: string;
  @ApiProperty({ description: 'The node the item is filed under; the others list it again (再掲).' })
  isPrimary: boolean;
}

export class PlanItemRemovalDto {
  @ApiProperty({ format: 'date-time' }) removedAt: string;
  @ApiProperty({ example: '事業統合のため計画から削除' }) reason: string;
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
  @ApiProperty({
    type: [PlanItemParentDto],
    description: 'Every node the item sits under, the primary one first (再掲: several).',
  })
  parents: PlanItemParentDto[];
  @ApiProperty({
    type: PlanItemRemovalDto,
    nullable: true,
    description:
      'Set when HQ removed the item from the plan (POST /items/{itemId}/removal); its history stays.',
  })
  removal: PlanItemRemovalDto | null;
}

export class PlanTreeLevelDto {
  @ApiProperty({ example: 1, description: '1 = the top level; the last level is the reform item.' })
  level: number;
  @ApiProperty({ type: LocalizedTextDto, example: { ja: '基本方針', en: 'Basic policy' } })
  name: LocalizedText;
  @ApiProperty({ description: 'The level of the reform items (the last one).' })
  isItem: boolean;
}

export class PlanNodeIndicatorDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: '経常収支比率' })
  name: string;
  @ApiProperty({ example: '%' })
  unit: string;
  @ApiProperty({ type: Number, nullable: true })
  baseline: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The final target.' })
  target: number | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, example: { '2027': 90 } })
  targets: Record<string, number>;
  @ApiProperty({ enum: ['higher_is_better', 'lower_is_better'] })
  direction: 'higher_is_better' | 'lower_is_better';
  @ApiProperty({ enum: ['outcome', 'activity'], nullable: true })
  kind: 'outcome' | 'activity' | null;
}

export class PlanNodeDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: '1' })
  code: string;
  @ApiProperty({ example: '次世代につなぐ財政基盤を確立する' })
  title: string;
  @ApiProperty({ description: 'Made up for items whose row named nothing on this level.' })
  isDefault: boolean;
  @ApiProperty({ example: 1, description: '1 = the top level.' })
  level: number;
  @ApiProperty({
    type: LocalizedTextDto,
    description: 'The plan’s name of this level (基本方針, 柱, 目指す姿 …).',
  })
  levelName: LocalizedText;
  @ApiProperty({ description: '方針の説明 and the like; empty when none.' })
  description: string;
  @ApiProperty({ description: '3年後の姿 / 目指す姿; empty when none.' })
  vision: string;
  @ApiProperty({ description: '現状と課題; empty when none.' })
  background: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description:
      'The node’s owner (施策評価: the responsible 部長), set with PUT /plan-nodes/{nodeId}/owner.',
  })
  ownerUserId: string | null;
  @ApiProperty({
    type: [PlanNodeIndicatorDto],
    description: 'The node’s own indicators (a 基本方針’s 指標).',
  })
  indicators: PlanNodeIndicatorDto[];
  @ApiProperty({ type: () => [PlanNodeDto], description: 'The nodes of the next level under this one.' })
  children: PlanNodeDto[];
  @ApiProperty({
    type: [PlanTreeItemDto],
    description:
      'Items under this node: filed here (primary) or listed again (再掲; see the item’s parents).',
  })
  items: PlanTreeItemDto[];
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
  @ApiProperty({
    type: [PlanTreeLevelDto],
    description: 'The plan’s levels from the top, in its own words (the city’s settings, or the plan’s).',
  })
  levels: PlanTreeLevelDto[];
  @ApiProperty({ type: [PlanNodeDto], description: 'The top-level nodes, each with its subtree and items.' })
  nodes: PlanNodeDto[];
  @ApiProperty({
    type: [PlanNodeIndicatorDto],
    description: 'The plan’s own indicators (city-wide 主要目標).',
  })
  indicators: PlanNodeIndicatorDto[];
  @ApiProperty({
    type: [PlanGoalDto],
    description:
      'The first two levels as goals → themes → items (their primary items), as before plans had their own levels; `nodes` has every level.',
  })
  goals: PlanGoalDto[];
  @ApiProperty({ type: [PlanTreeItemDto], description: 'Items that hang under no node of this plan.' })
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

function mapTreeItem(item: PlanTreeItem, nodesById: ReadonlyMap<string, PlanTreeNode>): PlanTreeItemDto {
  return {
    id: item.id,
    code: item.code,
    title: item.title,
    workingGroup: item.workingGroup,
    indicatorCount: item.indicatorCount,
    currentCycle: item.currentCycle,
    removal: item.removal,
    parents: item.parents.flatMap((parent) => {
      const node = nodesById.get(parent.nodeId);
      return node
        ? [{ nodeId: node.id, code: node.code, title: node.title, isPrimary: parent.isPrimary }]
        : [];
    }),
  };
}

function mapIndicator({ nodeId: _node, ...indicator }: PlanOwnIndicator): PlanNodeIndicatorDto {
  return indicator;
}

export interface PlanTreeRows {
  nodes: PlanTreeNode[];
  items: PlanTreeItem[];
  indicators: PlanOwnIndicator[];
  /** The plan's levels (resolveCitySettings of the tenant's and the plan's settings). */
  levels: readonly PlanLevel[];
}

/** The plan's tree from the flat rows (nodes and items both come in plan order). */
export function mapPlanTree(plan: PlanEntity, rows: PlanTreeRows): PlanTreeDto {
  const { nodes, items, indicators, levels } = rows;
  const nodesById = new Map(nodes.map((n) => [n.id, n]));
  const childrenOf = groupBy(
    nodes.filter((n) => n.parentId !== null),
    (n) => n.parentId!,
  );
  const itemsUnder = new Map<string, PlanTreeItem[]>();
  for (const item of items) {
    for (const parent of item.parents)
      itemsUnder.set(parent.nodeId, [...(itemsUnder.get(parent.nodeId) ?? []), item]);
  }
  const indicatorsOf = groupBy(
    indicators.filter((i) => i.nodeId !== null),
    (i) => i.nodeId!,
  );
  const nodeLevels = Math.max(0, ...nodes.map((n) => n.level));
  const planLevels = planLevelsOf(levels, nodes.length === 0 ? levels.length : nodeLevels + 1);
  const levelName = (level: number): LocalizedText => planLevels[level - 1]!.name;
  const mapNode = (node: PlanTreeNode): PlanNodeDto => ({
    id: node.id,
    code: node.code,
    title: node.title,
    isDefault: node.isDefault,
    level: node.level,
    levelName: levelName(node.level),
    description: node.description,
    vision: node.vision,
    background: node.background,
    ownerUserId: node.ownerUserId,
    indicators: (indicatorsOf.get(node.id) ?? []).map(mapIndicator),
    children: (childrenOf.get(node.id) ?? []).map(mapNode),
    items: (itemsUnder.get(node.id) ?? []).map((item) => mapTreeItem(item, nodesById)),
  });
  const tops = nodes.filter((n) => n.parentId === null);
  const primaryOf = (nodeId: string) => items.filter((i) => i.themeId === nodeId);
  const goalDtos: PlanGoalDto[] = tops.map((goal) => ({
    id: goal.id,
    code: goal.code,
    title: goal.title,
    isDefault: goal.isDefault,
    themes: (childrenOf.get(goal.id) ?? []).map((theme) => ({
      id: theme.id,
      code: theme.code,
      title: theme.title,
      isDefault: theme.isDefault,
      items: primaryOf(theme.id).map((item) => mapTreeItem(item, nodesById)),
    })),
  }));
  const source = plan.source as { document?: unknown };
  return {
    id: plan.id,
    title: plan.title,
    periodStartFy: plan.periodStartFy,
    periodEndFy: plan.periodEndFy,
    source: typeof source?.document === 'string' ? source.document : null,
    counts: {
      goals: tops.length,
      themes: nodes.length - tops.length,
      levels: Array.from({ length: nodeLevels }, (_, i) => nodes.filter((n) => n.level === i + 1).length),
      items: items.length,
      indicators: items.reduce((sum, i) => sum + i.indicatorCount, 0),
      nodeIndicators: indicators.length,
    },
    levels: planLevels.map((level, i) => ({
      level: i + 1,
      name: level.name,
      isItem: i + 1 === planLevels.length,
    })),
    nodes: tops.map(mapNode),
    indicators: indicators.filter((i) => i.nodeId === null).map(mapIndicator),
    goals: goalDtos,
    unassignedItems: items.filter((i) => i.parents.length === 0).map((item) => mapTreeItem(item, nodesById)),
    createdAt: plan.createdAt.toISOString(),
    updatedAt: plan.updatedAt.toISOString(),
  };
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) map.set(key(row), [...(map.get(key(row)) ?? []), row]);
  return map;
}
