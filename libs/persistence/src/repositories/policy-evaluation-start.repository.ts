import type { PolicyEvaluationContext } from '@pdca/contracts';
import {
  DEFAULT_APPROVAL_POLICY,
  policyEvaluationOpenDate,
  resolvePolicyEvaluationCalendar,
  resolveReminderPolicies,
} from '@pdca/domain';
import { DataSource } from 'typeorm';
import { citySettingsOf, type TenantSettings } from './cycle-context.repository';

/** A node whose 施策評価 a fiscal year starts, with what its workflow runs on. */
export interface NodeToEvaluate {
  nodeId: string;
  context: PolicyEvaluationContext;
}

/**
 * What starting a year's 施策評価 reads: every node of the evaluated level (the city's setting
 * `policyEvaluation.level`, a plan's override winning) of every plan covering the year. Nothing
 * when the city has not turned 施策評価 on.
 */
export class PolicyEvaluationStartRepository {
  constructor(private readonly dataSource: DataSource) {}

  async nodesToEvaluate(
    tenantId: string,
    fiscalYear: number,
    onlyNodeId?: string,
  ): Promise<NodeToEvaluate[]> {
    const [tenant] = await this.dataSource.query('SELECT settings FROM tenants WHERE id = $1', [tenantId]);
    if (!tenant) return [];
    const settings = (tenant.settings ?? {}) as TenantSettings & { calendar?: unknown };
    const plans: Array<{ id: string; settings: unknown }> = await this.dataSource.query(
      `SELECT id, settings FROM plans WHERE tenant_id = $1
          AND (period_start_fy IS NULL OR period_start_fy <= $2)
          AND (period_end_fy IS NULL OR period_end_fy >= $2)
        ORDER BY title`,
      [tenantId, fiscalYear],
    );
    const calendar = resolvePolicyEvaluationCalendar(settings.calendar);
    const shared = {
      approvalPolicy: settings.approvalPolicy ?? DEFAULT_APPROVAL_POLICY,
      reminderPolicy: resolveReminderPolicies(settings.reminderPolicies ?? {}).evaluation,
      scheduledOpenAt: policyEvaluationOpenDate(fiscalYear, calendar).toISOString(),
      dueDays: calendar.policyEvaluationDueDays,
    };
    const out: NodeToEvaluate[] = [];
    for (const plan of plans) {
      const { policyEvaluation } = citySettingsOf(settings, plan.settings);
      if (policyEvaluation.level === null) continue;
      const nodes: Array<{
        id: string;
        code: string;
        title: string;
        owner_user_id: string | null;
        indicator_ids: string[];
      }> = await this.dataSource.query(
        `SELECT n.id, n.code, n.title, n.owner_user_id,
                  COALESCE(array_agg(ind.id ORDER BY ind.sort, ind.name) FILTER (WHERE ind.id IS NOT NULL), '{}') AS indicator_ids
             FROM plan_nodes n LEFT JOIN indicators ind ON ind.node_id = n.id
            WHERE n.tenant_id = $1 AND n.plan_id = $2 AND n.level = $3 AND ($4::uuid IS NULL OR n.id = $4)
            GROUP BY n.id ORDER BY n.sort, n.code`,
        [tenantId, plan.id, policyEvaluation.level, onlyNodeId ?? null],
      );
      for (const node of nodes) {
        out.push({
          nodeId: node.id,
          context: {
            ...shared,
            nodeCode: node.code,
            nodeTitle: node.title,
            ownerUserId: node.owner_user_id,
            scale: [...policyEvaluation.scale],
            indicatorIds: node.indicator_ids,
          },
        });
      }
    }
    return out;
  }

  /** The evaluated level in force for an item's plan (null: off). */
  async evaluatedLevelOfItem(tenantId: string, itemId: string): Promise<number | null> {
    const [row] = await this.dataSource.query(
      `SELECT t.settings, p.settings AS plan_settings FROM items i
         JOIN plans p ON p.id = i.plan_id JOIN tenants t ON t.id = i.tenant_id
        WHERE i.tenant_id = $1 AND i.id = $2`,
      [tenantId, itemId],
    );
    if (!row) return null;
    return citySettingsOf((row.settings ?? {}) as TenantSettings, row.plan_settings).policyEvaluation.level;
  }

  async tenantCode(tenantId: string): Promise<string | null> {
    const [row] = await this.dataSource.query('SELECT code FROM tenants WHERE id = $1', [tenantId]);
    return row?.code ?? null;
  }
}
