import { DataSource } from 'typeorm';
import { PlanEntity, PlanNodeEntity } from '../entities/plan.entity';
import type { Page } from './item.repository';

export interface PlanSummary {
  id: string;
  title: string;
  periodStartFy: number | null;
  periodEndFy: number | null;
  goalCount: number;
  themeCount: number;
  itemCount: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface PlanTreeNode {
  id: string;
  parentId: string | null;
  kind: 'goal' | 'theme';
  /** 1 = the top level. */
  level: number;
  code: string;
  title: string;
  isDefault: boolean;
  description: string;
  vision: string;
  background: string;
  /** The node's owner (施策評価: the responsible 部長), set by HQ; null when none. */
  ownerUserId: string | null;
}

/** An indicator of a node or of the plan itself (主要目標). */
export interface PlanOwnIndicator {
  id: string;
  /** Null for the plan's own. */
  nodeId: string | null;
  name: string;
  unit: string;
  baseline: number | null;
  target: number | null;
  /** Fiscal year (text) → target. */
  targets: Record<string, number>;
  direction: 'higher_is_better' | 'lower_is_better';
  kind: 'outcome' | 'activity' | null;
}

/** One parent of an item (再掲 gives an item several; one is primary). */
export interface PlanItemParent {
  nodeId: string;
  isPrimary: boolean;
}

/** An item of a plan with what the tree shows: its working group and latest cycle. */
export interface PlanTreeItem {
  id: string;
  /** The primary parent. */
  themeId: string | null;
  /** Every parent, the primary first, then in the plan's order. */
  parents: PlanItemParent[];
  code: string;
  title: string;
  /** The item's working group and its leader (who may export the item's 評価シート). */
  workingGroup: { id: string; name: string; leaderUserId: string | null } | null;
  indicatorCount: number;
  /** HQ removed the item from the plan: when and why (its history stays). */
  removal: { removedAt: string; reason: string } | null;
  currentCycle: {
    id: string;
    fiscalYear: number;
    stage: string;
    status: string;
    awaitingApproval: boolean;
  } | null;
}

/** Reform plans and their goal/theme tree. */
export class PlanRepository {
  constructor(private readonly dataSource: DataSource) {}

  findPlan(tenantId: string, id: string): Promise<PlanEntity | null> {
    return this.dataSource.getRepository(PlanEntity).findOne({ where: { tenantId, id } });
  }

  /** The node and its ancestors, root first. */
  async nodePath(tenantId: string, nodeId: string): Promise<PlanNodeEntity[]> {
    const nodes = this.dataSource.getRepository(PlanNodeEntity);
    const path: PlanNodeEntity[] = [];
    let next: string | null = nodeId;
    // The tree is shallow (at most three node levels); the bound guards against a cycle in bad data.
    for (let depth = 0; next && depth < 10; depth++) {
      const node: PlanNodeEntity | null = await nodes.findOne({ where: { tenantId, id: next } });
      if (!node) break;
      path.unshift(node);
      next = node.parentId;
    }
    return path;
  }

  /** The tenant's plans, oldest first, with the size of each tree. */
  async list(tenantId: string, window: { limit: number; offset: number }): Promise<Page<PlanSummary>> {
    const rows: Array<{
      id: string;
      title: string;
      period_start_fy: number | null;
      period_end_fy: number | null;
      goal_count: string;
      theme_count: string;
      item_count: string;
      created_at: Date;
      updated_at: Date;
      total_count: string;
    }> = await this.dataSource.query(
      `SELECT p.id, p.title, p.period_start_fy, p.period_end_fy, p.created_at, p.updated_at,
              (SELECT count(*) FROM plan_nodes n WHERE n.plan_id = p.id AND n.tenant_id = p.tenant_id AND n.level = 1) AS goal_count,
              (SELECT count(*) FROM plan_nodes n WHERE n.plan_id = p.id AND n.tenant_id = p.tenant_id AND n.level > 1) AS theme_count,
              (SELECT count(*) FROM items i WHERE i.plan_id = p.id AND i.tenant_id = p.tenant_id) AS item_count,
              count(*) OVER () AS total_count
       FROM plans p WHERE p.tenant_id = $1
       ORDER BY p.created_at, p.title
       LIMIT $2 OFFSET $3`,
      [tenantId, window.limit, window.offset],
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        title: r.title,
        periodStartFy: r.period_start_fy,
        periodEndFy: r.period_end_fy,
        goalCount: Number(r.goal_count),
        themeCount: Number(r.theme_count),
        itemCount: Number(r.item_count),
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      })),
      total: rows.length > 0 ? Number(rows[0].total_count) : await this.count(tenantId),
    };
  }

  private async count(tenantId: string): Promise<number> {
    return this.dataSource.getRepository(PlanEntity).count({ where: { tenantId } });
  }

  /** The nodes of a plan, by level, each level by sort (a node's children keep their order). */
  async nodesOf(tenantId: string, planId: string): Promise<PlanTreeNode[]> {
    const rows: Array<{
      id: string;
      parent_id: string | null;
      kind: 'goal' | 'theme';
      level: number;
      code: string;
      title: string;
      is_default: boolean;
      description: string;
      vision: string;
      background: string;
      owner_user_id: string | null;
    }> = await this.dataSource.query(
      `SELECT id, parent_id, kind, level, code, title, is_default, description, vision, background, owner_user_id
         FROM plan_nodes
       WHERE tenant_id = $1 AND plan_id = $2 ORDER BY level, sort, code`,
      [tenantId, planId],
    );
    return rows.map((r) => ({
      id: r.id,
      parentId: r.parent_id,
      kind: r.kind,
      level: r.level,
      code: r.code,
      title: r.title,
      isDefault: r.is_default,
      description: r.description,
      vision: r.vision,
      background: r.background,
      ownerUserId: r.owner_user_id,
    }));
  }

  /** The plan's nodes' and its own indicators, in their order. */
  async ownIndicatorsOf(tenantId: string, planId: string): Promise<PlanOwnIndicator[]> {
    const rows: Array<{
      id: string;
      node_id: string | null;
      name: string;
      unit: string;
      baseline: string | null;
      target: string | null;
      targets: Record<string, number | string> | null;
      direction: 'higher_is_better' | 'lower_is_better';
      kind: 'outcome' | 'activity' | null;
    }> = await this.dataSource.query(
      `SELECT x.id, x.node_id, x.name, x.unit, x.baseline, x.target, x.targets, x.direction, x.kind
         FROM indicators x LEFT JOIN plan_nodes n ON n.id = x.node_id AND n.tenant_id = x.tenant_id
        WHERE x.tenant_id = $1 AND (x.plan_id = $2 OR n.plan_id = $2)
        ORDER BY x.sort, x.name`,
      [tenantId, planId],
    );
    return rows.map((r) => ({
      id: r.id,
      nodeId: r.node_id,
      name: r.name,
      unit: r.unit,
      baseline: r.baseline === null ? null : Number(r.baseline),
      target: r.target === null ? null : Number(r.target),
      targets: Object.fromEntries(Object.entries(r.targets ?? {}).map(([fy, v]) => [fy, Number(v)])),
      direction: r.direction,
      kind: r.kind,
    }));
  }

  /** The plan's items in plan order, each with its working group and latest cycle. */
  async itemsOf(tenantId: string, planId: string): Promise<PlanTreeItem[]> {
    const rows: Array<{
      id: string;
      theme_id: string | null;
      code: string;
      title: string;
      wg_id: string | null;
      wg_name: string | null;
      wg_leader: string | null;
      cycle_id: string | null;
      fiscal_year: number | null;
      stage: string | null;
      status: string | null;
      awaiting_approval: boolean | null;
      indicator_count: string;
      parents: PlanItemParent[] | null;
      removed_at: Date | null;
      removed_reason: string | null;
    }> = await this.dataSource.query(
      `SELECT i.id, i.theme_id, i.code, i.title, wg.id AS wg_id, wg.name AS wg_name, wg.leader_user_id AS wg_leader, i.removed_at, i.removed_reason,
              (SELECT json_agg(json_build_object('nodeId', ip.node_id, 'isPrimary', ip.is_primary)
                               ORDER BY ip.is_primary DESC, ip.sort)
                 FROM item_parents ip WHERE ip.item_id = i.id AND ip.tenant_id = i.tenant_id) AS parents,
              (SELECT count(*) FROM indicators n WHERE n.item_id = i.id AND n.tenant_id = i.tenant_id) AS indicator_count,
              cc.id AS cycle_id, cc.fiscal_year, cc.stage, cc.status, cc.awaiting_approval
       FROM items i
       LEFT JOIN working_groups wg ON wg.id = i.working_group_id AND wg.tenant_id = i.tenant_id
       LEFT JOIN LATERAL (
         SELECT c.id, c.fiscal_year, c.stage, c.status, c.awaiting_approval FROM cycles c
         WHERE c.item_id = i.id AND c.tenant_id = i.tenant_id
         ORDER BY c.fiscal_year DESC LIMIT 1
       ) cc ON true
       WHERE i.tenant_id = $1 AND i.plan_id = $2
       ORDER BY i.sort, i.code`,
      [tenantId, planId],
    );
    return rows.map((r) => ({
      id: r.id,
      themeId: r.theme_id,
      parents: r.parents ?? (r.theme_id ? [{ nodeId: r.theme_id, isPrimary: true }] : []),
      code: r.code,
      title: r.title,
      workingGroup: r.wg_id ? { id: r.wg_id, name: r.wg_name ?? '', leaderUserId: r.wg_leader } : null,
      indicatorCount: Number(r.indicator_count),
      removal: r.removed_at
        ? { removedAt: r.removed_at.toISOString(), reason: r.removed_reason ?? '' }
        : null,
      currentCycle: r.cycle_id
        ? {
            id: r.cycle_id,
            fiscalYear: r.fiscal_year!,
            stage: r.stage!,
            status: r.status!,
            awaitingApproval: r.awaiting_approval ?? false,
          }
        : null,
    }));
  }
}
