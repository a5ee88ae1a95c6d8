import { type Actor, cycleStateQuery, decideUpdate, submitPlanUpdate } from '@pdca/contracts';
import { fiscalYearOf, type PlanSubmission, ROLES, type Role } from '@pdca/domain';
import {
  ItemRepository,
  PlanRepository,
  TenantRepository,
  UserRepository,
} from '@pdca/persistence/repositories';
import { cycleStartRequest, startCycleWorkflow } from '@pdca/temporal';
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { DEMO_EMAIL_DOMAIN, DEMO_TENANT } from './demo-seed';

export interface DemoCyclesOptions {
  dataSource: DataSource;
  client: Client;
  taskQueue: string;
  timeScale: number;
  now?: Date;
  tenantCode?: string;
  emailDomain?: string;
}

export interface DemoCyclesResult {
  fiscalYear: number;
  /** Started now, or already running (the start is idempotent). */
  running: number;
  /** That year's cycle has already ended: never started twice. */
  closed: number;
  /** The item's plan period does not include the fiscal year. */
  outsidePeriod: number;
  /**
   * The one demo cycle taken on to DO (plan submitted and approved), so the inbox shows reviews
   * already open beside scheduled (予定) ones; null when none could be (no running cycle in PLAN).
   */
  inDo: string | null;
}

/**
 * Starts the current fiscal year's cycle of every demo item through the same start as
 * POST /items/:id/cycles (libs/temporal cycleStartRequest + startCycleWorkflow: same workflow and
 * cycle ids, USE_EXISTING), as the demo admin. Safe on every `npm start`.
 */
export async function startDemoCycles(options: DemoCyclesOptions): Promise<DemoCyclesResult | undefined> {
  const { dataSource } = options;
  const tenant = await new TenantRepository(dataSource).findByCode(options.tenantCode ?? DEMO_TENANT.code);
  if (!tenant) return undefined;
  const admin = await new UserRepository(dataSource).findByEmail(
    `admin@${options.emailDomain ?? DEMO_EMAIL_DOMAIN}`,
  );
  const startedBy: Actor | undefined = admin
    ? {
        userId: admin.id,
        displayName: admin.displayName,
        roles: admin.roles.filter((role): role is Role => (ROLES as readonly string[]).includes(role)),
      }
    : undefined;
  const fiscalYear = fiscalYearOf(options.now ?? new Date());
  const items = new ItemRepository(dataSource);
  const plans = new PlanRepository(dataSource);
  const periods = new Map<string, { start: number | null; end: number | null }>();
  const result: DemoCyclesResult = { fiscalYear, running: 0, closed: 0, outsidePeriod: 0, inDo: null };
  let firstRunning: { workflowId: string; itemId: string; budget: number } | null = null;
  for (let offset = 0; ; offset += 200) {
    const page = await items.list({ tenantId: tenant.id, limit: 200, offset });
    for (const item of page.items) {
      if (!periods.has(item.planId)) {
        const plan = await plans.findPlan(tenant.id, item.planId);
        periods.set(item.planId, { start: plan?.periodStartFy ?? null, end: plan?.periodEndFy ?? null });
      }
      const period = periods.get(item.planId)!;
      if (
        (period.start !== null && fiscalYear < period.start) ||
        (period.end !== null && fiscalYear > period.end)
      ) {
        result.outsidePeriod++;
        continue;
      }
      const request = cycleStartRequest({
        tenantId: tenant.id,
        tenantCode: tenant.code,
        itemId: item.id,
        itemCode: item.code,
        fiscalYear,
        timeScale: options.timeScale,
        ...(startedBy ? { startedBy } : {}),
      });
      const outcome = await startCycleWorkflow(options.client, options.taskQueue, request);
      if (outcome === 'closed') result.closed++;
      else {
        result.running++;
        firstRunning ??= {
          workflowId: request.workflowId,
          itemId: item.id,
          budget: item.budgetCurrentAmount,
        };
      }
    }
    if (offset + page.items.length >= page.total || page.items.length === 0) break;
  }
  if (firstRunning) {
    const detail = await items.findDetail(tenant.id, firstRunning.itemId);
    const targets = (detail?.indicators ?? []).map((indicator) => ({
      indicatorId: indicator.id,
      target: indicator.targets[String(fiscalYear)] ?? indicator.baseline ?? 0,
    }));
    result.inDo = await takeToDo(
      options,
      firstRunning.workflowId,
      `hq@${options.emailDomain ?? DEMO_EMAIL_DOMAIN}`,
      {
        targets,
        activities: ['計画どおり実施する'],
        budgetRequest: firstRunning.budget,
      },
    );
  }
  return result;
}

/** A demo user as the actor of a workflow command (the roles the product knows). */
export const asActor = (user: { id: string; displayName: string; roles: string[] }): Actor => ({
  userId: user.id,
  displayName: user.displayName,
  roles: user.roles.filter((role): role is Role => (ROLES as readonly string[]).includes(role)),
});

/**
 * The item's leader submits a plan and HQ approves it, once: a cycle started in December then
 * has its first quarters open and the rest scheduled until their opening dates (issue #15).
 * Left alone when the cycle is past its first plan round (a restart of the demo keeps it).
 */
async function takeToDo(
  options: DemoCyclesOptions,
  workflowId: string,
  hqEmail: string,
  plan: PlanSubmission,
): Promise<string | null> {
  const handle = options.client.workflow.getHandle(workflowId);
  const users = new UserRepository(options.dataSource);
  let state = await handle.query(cycleStateQuery);
  // A cycle just started has no tasks until its context has loaded (its first activity).
  for (let i = 0; i < 100 && state.tasks.length === 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    state = await handle.query(cycleStateQuery);
  }
  if (state.stage !== 'PLAN') return state.stage === 'DO' ? workflowId : null;
  const leaderId = state.tasks.find((t) => t.kind === 'plan')?.assigneeUserId;
  const leader = leaderId ? await users.findWithTenant(leaderId) : null;
  const hq = await users.findByEmail(hqEmail);
  if (!leader || !hq || state.approvals.length > 0) return null;
  state = await handle.executeUpdate(submitPlanUpdate, { args: [asActor(leader), plan] });
  const pending = state.approvals.find((a) => a.status === 'pending');
  if (!pending) return null;
  await handle.executeUpdate(decideUpdate, {
    args: [asActor(hq), { approvalId: pending.id, decision: 'approve', comment: 'デモ' }],
  });
  return workflowId;
}
