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
  code: string;
  title: string;
  isDefault: boolean;
}

/** An item of a plan with what the tree shows: its working group and latest cycle. */
export interface PlanTreeItem {
  id: string;
  themeId: string | null;
  code: string;
  title: string;
  workingGroup: { id: string; name: string } | null;
  indicatorCount: number;
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

  /** The node and its ancestors, root first (goal → theme). */
  async nodePath(tenantId: string, nodeId: string): Promise<PlanNodeEntity[]> {
    const nodes = this.dataSource.getRepository(PlanNodeEntity);
    const path: PlanNodeEntity[] = [];
    let next: string | null = nodeId;
    // The tree is shallow (goal → theme); the bound guards against a cycle in bad data.
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
              (SELECT count(*) FROM plan_nodes n WHERE n.plan_id = p.id AND n.tenant_id = p.tenant_id AND n.kind = 'goal') AS goal_count,
              (SELECT count(*) FROM plan_nodes n WHERE n.plan_id = p.id AND n.tenant_id = p.tenant_id AND n.kind = 'theme') AS theme_count,
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

  /** Goals and themes of a plan in tree order (goals by sort, each goal's themes by sort). */
  async nodesOf(tenantId: string, planId: string): Promise<PlanTreeNode[]> {
    const rows: Array<{
      id: string;
      parent_id: string | null;
      kind: 'goal' | 'theme';
      code: string;
      title: string;
      is_default: boolean;
    }> = await this.dataSource.query(
      `SELECT id, parent_id, kind, code, title, is_default FROM plan_nodes
       WHERE tenant_id = $1 AND plan_id = $2 ORDER BY sort, code`,
      [tenantId, planId],
    );
    return rows.map((r) => ({
      id: r.id,
      parentId: r.parent_id,
      kind: r.kind,
      code: r.code,
      title: r.title,
      isDefault: r.is_default,
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
      cycle_id: string | null;
      fiscal_year: number | null;
      stage: string | null;
      status: string | null;
      awaiting_approval: boolean | null;
      indicator_count: string;
    }> = await this.dataSource.query(
      `SELECT i.id, i.theme_id, i.code, i.title, wg.id AS wg_id, wg.name AS wg_name,
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
      code: r.code,
      title: r.title,
      workingGroup: r.wg_id ? { id: r.wg_id, name: r.wg_name ?? '' } : null,
      indicatorCount: Number(r.indicator_count),
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
