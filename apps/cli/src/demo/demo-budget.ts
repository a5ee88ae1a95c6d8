import { fiscalYearOf } from '@pdca/domain';
import { ItemBudgetRepository } from '@pdca/persistence/repositories/item-budget.repository';
import type { DataSource } from 'typeorm';
import { DEMO_EMAIL_DOMAIN, DEMO_TENANT } from './demo-seed';

export interface DemoBudgetOptions {
  dataSource: DataSource;
  tenantCode?: string;
  emailDomain?: string;
  now?: Date;
  /** How long to wait for the demo cycle's PLAN to be written (its projection), ms. */
  waitMs?: number;
}

export interface DemoBudgetResult {
  itemCode: string;
  fiscalYear: number;
  requested: number;
  assessed: number;
  adopted: number;
  changed: boolean;
}

/** 査定 takes 5% off the request, in whole 千円 (the demo's assessment). */
export function demoAssessment(requested: number): number {
  return Math.floor((requested * 0.95) / 1000) * 1000;
}

/**
 * The demo's budget chain (#26): on the item whose cycle the demo took past PLAN (its 当初予算額（案）
 * is the request), 財政課 (zaisei@) records 査定額 and the adopted 当初予算額 of this fiscal year the
 * way PUT /items/{id}/budgets/{fy} does, with their ledger entries; a restart changes nothing.
 * Undefined when there is no demo tenant, finance user or planned cycle.
 */
export async function startDemoBudget(options: DemoBudgetOptions): Promise<DemoBudgetResult | undefined> {
  const { dataSource } = options;
  const fiscalYear = fiscalYearOf(options.now ?? new Date());
  const [finance] = await dataSource.query(
    `SELECT u.id, u.display_name, t.id AS tenant_id FROM users u JOIN tenants t ON t.id = u.tenant_id
      WHERE t.code = $1 AND u.email = $2`,
    [options.tenantCode ?? DEMO_TENANT.code, `zaisei@${options.emailDomain ?? DEMO_EMAIL_DOMAIN}`],
  );
  if (!finance) return undefined;
  const deadline = Date.now() + (options.waitMs ?? 20_000);
  let planned: { item_id: string; code: string; request: string } | undefined;
  for (;;) {
    [planned] = await dataSource.query(
      `SELECT c.item_id, i.code, c.plan->'payload'->>'budgetRequest' AS request
         FROM cycles c JOIN items i ON i.id = c.item_id
        WHERE c.tenant_id = $1 AND c.fiscal_year = $2 AND c.plan->'payload' ? 'budgetRequest'
        ORDER BY c.started_at, i.code LIMIT 1`,
      [finance.tenant_id, fiscalYear],
    );
    if (planned || Date.now() > deadline) break;
    // The PLAN submission reaches the cycles table through the workflow's projection, just after.
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (!planned) return undefined;
  const requested = Number(planned.request);
  const assessed = demoAssessment(requested);
  const outcome = await new ItemBudgetRepository(dataSource).setAmounts({
    tenantId: finance.tenant_id,
    itemId: planned.item_id,
    budgetYear: fiscalYear,
    amounts: { assessed, adopted: assessed },
    reason: 'デモ：査定のとおり議決',
    actor: { userId: finance.id, displayName: finance.display_name, role: 'finance' },
  });
  return {
    itemCode: planned.code,
    fiscalYear,
    requested,
    assessed,
    adopted: assessed,
    changed: outcome === 'changed',
  };
}
