import type {
  FiscalYearOpenerActivities,
  OpenFiscalYearRequest,
  OpenFiscalYearResult,
} from '@pdca/contracts';
import { CycleContextRepository, CycleOpeningRepository } from '@pdca/persistence/repositories';
import { cycleStartRequest, startCycleWorkflow } from '@pdca/temporal';
import { Context } from '@temporalio/activity';
import { DataSource } from 'typeorm';
import { openPolicyEvaluations } from './policy-evaluation.activities';

/**
 * The opener's activities. Opening runs at least once and is idempotent: each cycle's workflow id
 * is per item and year, a running one is reused and a closed one is never started again.
 */
export function createFiscalYearOpenerActivities(dataSource: DataSource): FiscalYearOpenerActivities {
  const openings = new CycleOpeningRepository(dataSource);
  const contexts = new CycleContextRepository(dataSource);
  return {
    loadTenantCalendar: (tenantId) => openings.tenantCalendar(tenantId),
    async openFiscalYear(request: OpenFiscalYearRequest): Promise<OpenFiscalYearResult> {
      const context = Context.current();
      const items = await openings.itemsToOpen(request.tenantId, request.fiscalYear);
      const result: OpenFiscalYearResult = { fiscalYear: request.fiscalYear, running: 0, closed: 0 };
      for (const item of items) {
        const { tenantId, fiscalYear } = request;
        // A year opens thousands of items one by one: one removed since the list was read is skipped.
        if (await openings.isRemoved(tenantId, item.itemId)) continue;
        // Sent with the start, so each cycle is recorded by its first workflow task.
        const cycleContext = await contexts.load({ tenantId, itemId: item.itemId, fiscalYear });
        const started = await startCycleWorkflow(
          context.client,
          context.info.taskQueue,
          cycleStartRequest({
            tenantId: request.tenantId,
            tenantCode: request.tenantCode,
            itemId: item.itemId,
            itemCode: item.itemCode,
            fiscalYear: request.fiscalYear,
            timeScale: request.timeScale,
            businessStartMs: request.businessStartMs,
            context: cycleContext,
          }),
        );
        if (started === 'started') result.running++;
        else result.closed++;
        context.heartbeat(item.itemCode);
      }
      // The year's 施策評価 of every evaluated node (none while the city has it off).
      result.policyEvaluations = await openPolicyEvaluations(
        dataSource,
        context.client,
        context.info.taskQueue,
        request,
        (nodeId) => context.heartbeat(nodeId),
      );
      return result;
    },
  };
}
