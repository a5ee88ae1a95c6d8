// The year a year-by-year view opens on (#28 point 9), read from the item list.
import { useItems } from '../api/queries';
import { fiscalYearNow, workingYear } from './working-year';

/**
 * The working year as `workingYear` picks it, from two reads of the item list (this fiscal
 * year's cycles, and every item's latest), with the years that have cycles for a selector.
 */
export function useWorkingYear(): { year: number | undefined; years: number[]; loading: boolean } {
  const current = fiscalYearNow();
  const thisYear = useItems(current);
  const latest = useItems(undefined);
  const latestYears = [
    ...new Set((latest.data ?? []).map((i) => i.currentCycle?.fiscalYear).filter((y): y is number => !!y)),
  ];
  const hasCurrent = (thisYear.data ?? []).some((i) => i.currentCycle?.fiscalYear === current);
  const year = workingYear(current, hasCurrent, latestYears);
  const years = [
    ...new Set([...latestYears, ...(hasCurrent ? [current] : []), ...(year ? [year - 1, year + 1] : [])]),
  ].sort((a, b) => a - b);
  return { year, years, loading: thisYear.isLoading || latest.isLoading };
}
