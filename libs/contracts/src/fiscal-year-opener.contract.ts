/**
 * The per-tenant fiscal-year opener: one long-running workflow per tenant that opens every active
 * item's cycle on the tenant's plan-open date. Free of Node imports (workflow code imports it).
 */
import type { FiscalCalendarPolicy } from '@pdca/domain';

export const FISCAL_YEAR_OPENER_WORKFLOW_TYPE = 'fiscalYearOpenerWorkflow';

/** One opener per tenant: `pdca-opener/<tenant>`. */
export function fiscalYearOpenerWorkflowId(tenantCode: string): string {
  return `pdca-opener/${tenantCode}`;
}

export interface FiscalYearOpenerInput {
  tenantId: string;
  tenantCode: string;
  /** Business-time compression (PDCA_TIME_SCALE), handed on to the cycles it opens. */
  timeScale: number;
  /** Business time (epoch ms) at this run's start; defaults to the workflow's start time. */
  businessStartMs?: number;
  /** The last fiscal year already opened (carried across continue-as-new). */
  openedThrough?: number;
}

export interface OpenFiscalYearRequest {
  tenantId: string;
  tenantCode: string;
  fiscalYear: number;
  timeScale: number;
  businessStartMs: number;
}

export interface OpenFiscalYearResult {
  fiscalYear: number;
  /** Cycles started now or found running (the per-item-per-year workflow id makes it idempotent). */
  running: number;
  /** Cycles that had run and closed for that year (withdrawn, finished): never started again. */
  closed: number;
  /** 施策評価 started or found running for the year (absent before #24). */
  policyEvaluations?: number;
}

export interface FiscalYearOpenerActivities {
  /** The tenant's calendar (tenants.settings.calendar over the defaults). */
  loadTenantCalendar(tenantId: string): Promise<FiscalCalendarPolicy>;
  /** Starts fiscal year `fiscalYear`'s cycle of every active item of every plan covering it. */
  openFiscalYear(request: OpenFiscalYearRequest): Promise<OpenFiscalYearResult>;
}
