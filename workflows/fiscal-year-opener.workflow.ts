/**
 * One per tenant (`pdca-opener/<tenant>`): sleeps until the tenant's next plan-open date, then
 * opens that fiscal year's cycle for every active item, and continues as new (so its history stays
 * a few events per year). A long-running workflow rather than a Temporal Schedule: the open date
 * comes from the tenant calendar (which a Schedule's fixed spec would copy and let drift), it runs
 * on the same business clock as the cycles (PDCA_TIME_SCALE demos, the time-skipping tests, which
 * have no Schedules), and a late start opens the years whose date has passed.
 */

import type { FiscalYearOpenerActivities, FiscalYearOpenerInput } from '@pdca/contracts';
import { businessNow, createClock, fiscalYearsToOpen, realDelayMsUntil } from '@pdca/domain';
import { continueAsNew, proxyActivities, sleep } from '@temporalio/workflow';

const { loadTenantCalendar, openFiscalYear } = proxyActivities<FiscalYearOpenerActivities>({
  // A tenant has at most a few thousand items (IMPORT_MAX_ROWS); the activity heartbeats per item.
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function fiscalYearOpenerWorkflow(input: FiscalYearOpenerInput): Promise<never> {
  const realStartMs = Date.now();
  const clock = createClock(realStartMs, input.businessStartMs ?? realStartMs, input.timeScale);
  const now = () => businessNow(clock, Date.now());

  let openedThrough = input.openedThrough ?? Number.NEGATIVE_INFINITY;
  const open = async (fiscalYear: number) => {
    await openFiscalYear({
      tenantId: input.tenantId,
      tenantCode: input.tenantCode,
      fiscalYear,
      timeScale: input.timeScale,
      businessStartMs: now().getTime(),
    });
    openedThrough = Math.max(openedThrough, fiscalYear);
  };

  const due = fiscalYearsToOpen(now(), await loadTenantCalendar(input.tenantId));
  for (const fiscalYear of due.open) if (fiscalYear > openedThrough) await open(fiscalYear);

  // Sleep until the next plan-open date; the calendar is read again on waking (a tenant may move it).
  await sleep(Math.max(1, realDelayMsUntil(clock, due.next.at, Date.now())));
  const again = fiscalYearsToOpen(now(), await loadTenantCalendar(input.tenantId));
  for (const fiscalYear of again.open) if (fiscalYear > openedThrough) await open(fiscalYear);

  return continueAsNew<typeof fiscalYearOpenerWorkflow>({
    ...input,
    businessStartMs: now().getTime(),
    openedThrough: Number.isFinite(openedThrough) ? openedThrough : undefined,
  });
}
