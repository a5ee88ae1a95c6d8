import { lazy, Suspense } from 'react';
import { type PlanRollup, useItems, useOpenTasksAll } from '../../api/queries';
import { useI18n } from '../../i18n';
import { overdueByStage } from './chart-data';

// The charting library comes with this chunk only when a plan's charts are shown (the board and
// the printable report): the initial JavaScript stays within its budget (scripts/bench-web.js).
const PlanCharts = lazy(() => import('./PlanCharts'));

/** The printable plan report of a fiscal year (PlanReportPage). */
export const reportPath = (planId: string, fiscalYear: number) =>
  `/plans/${planId}/report?fiscalYear=${fiscalYear}`;

/**
 * A plan's charts for one fiscal year, from its summary and the open tasks (the board's own reads,
 * cached once for both): overdue tasks are counted over the plan's cycles of that year.
 */
export function PlanChartsPanel({ planId, summary }: { planId: string; summary: PlanRollup }) {
  const { t } = useI18n();
  const items = useItems(summary.fiscalYear);
  const tasks = useOpenTasksAll();
  const overdue = items.data && tasks.data ? overdueByStage(tasks.data, items.data, planId) : null;
  return (
    <Suspense fallback={<p aria-live="polite">{t('common.loading')}</p>}>
      <PlanCharts summary={summary} overdue={overdue} />
    </Suspense>
  );
}
