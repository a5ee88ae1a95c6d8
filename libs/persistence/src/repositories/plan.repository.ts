import { DataSource } from 'typeorm';
import { PlanEntity, PlanNodeEntity } from '../entities/plan.entity';

export interface NewPlan {
  tenantId: string;
  title: string;
  periodStartFy?: number | null;
  periodEndFy?: number | null;
  source?: Record<string, unknown>;
}

export interface NewPlanNode {
  tenantId: string;
  planId: string;
  parentId?: string | null;
  kind: 'goal' | 'theme';
  code: string;
  title: string;
  sort?: number;
}

/** Reform plans and their goal/theme tree. */
export class PlanRepository {
  constructor(private readonly dataSource: DataSource) {}

  createPlan(input: NewPlan): Promise<PlanEntity> {
    const plans = this.dataSource.getRepository(PlanEntity);
    return plans.save(
      plans.create({
        tenantId: input.tenantId,
        title: input.title,
        periodStartFy: input.periodStartFy ?? null,
        periodEndFy: input.periodEndFy ?? null,
        source: input.source ?? {},
      }),
    );
  }

  createNode(input: NewPlanNode): Promise<PlanNodeEntity> {
    const nodes = this.dataSource.getRepository(PlanNodeEntity);
    return nodes.save(
      nodes.create({
        tenantId: input.tenantId,
        planId: input.planId,
        parentId: input.parentId ?? null,
        kind: input.kind,
        code: input.code,
        title: input.title,
        sort: input.sort ?? 0,
      }),
    );
  }

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
}
