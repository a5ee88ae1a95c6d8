import { useQuery } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from './client';

// The API pages at most 200 rows; inboxes need the whole open set to filter and count it, so they
// read page after page, up to this bound (a larger inbox is shown as far as it goes).
export const PAGE = 200;
const MAX_ROWS = 5000;

export async function readAll<T>(
  fetchPage: (offset: number) => Promise<{ items: T[]; total: number }>,
): Promise<T[]> {
  const rows: T[] = [];
  for (let offset = 0; offset < MAX_ROWS; offset += PAGE) {
    const page = await fetchPage(offset);
    rows.push(...page.items);
    if (rows.length >= page.total || page.items.length < PAGE) break;
  }
  return rows;
}

export type TaskEntry = Schemas['TaskInboxEntryDto'];
export type ApprovalEntry = Schemas['ApprovalInboxEntryDto'];
export type Cycle = Schemas['CycleDto'];
/** What a leader submitted in one round: the request body of its submission kind. */
export type SubmissionPayload = NonNullable<Schemas['ApprovalWithPayloadDto']['payload']>;
export type Item = Schemas['ItemDetailDto'];
export type ItemSummary = Schemas['ItemSummaryDto'];

export const keys = {
  tasks: (status: string) => ['tasks', status] as const,
  approvals: ['approvals'] as const,
  cycle: (id: string) => ['cycle', id] as const,
  item: (id: string) => ['item', id] as const,
};

export function useMyTasks(status: 'scheduled' | 'open' | 'submitted' | 'done') {
  return useQuery({
    queryKey: keys.tasks(status),
    queryFn: () =>
      readAll((offset) =>
        unwrap(api.GET('/api/v1/tasks', { params: { query: { mine: true, status, limit: PAGE, offset } } })),
      ),
  });
}

export function usePendingApprovals() {
  return useQuery({
    queryKey: keys.approvals,
    queryFn: () =>
      readAll((offset) =>
        unwrap(
          api.GET('/api/v1/approvals', { params: { query: { status: 'pending', limit: PAGE, offset } } }),
        ),
      ),
  });
}

export function useCycle(cycleId: string) {
  return useQuery({
    queryKey: keys.cycle(cycleId),
    queryFn: () => unwrap(api.GET('/api/v1/cycles/{cycleId}', { params: { path: { cycleId } } })),
  });
}

export function useItem(itemId: string | undefined) {
  return useQuery({
    queryKey: keys.item(itemId ?? ''),
    enabled: !!itemId,
    queryFn: () => unwrap(api.GET('/api/v1/items/{itemId}', { params: { path: { itemId: itemId! } } })),
  });
}

export function useItems(fiscalYear: number | undefined) {
  return useQuery({
    queryKey: ['items', fiscalYear ?? 'latest'],
    queryFn: () =>
      readAll((offset) =>
        unwrap(
          api.GET('/api/v1/items', {
            params: { query: { limit: PAGE, offset, ...(fiscalYear ? { fiscalYear } : {}) } },
          }),
        ),
      ),
  });
}

export function useOpenTasksAll() {
  return useQuery({
    queryKey: ['tasks', 'all-open'],
    queryFn: () =>
      readAll((offset) =>
        unwrap(api.GET('/api/v1/tasks', { params: { query: { status: 'open', limit: PAGE, offset } } })),
      ),
  });
}

export function useBudgetReflections(fiscalYear: number) {
  return useQuery({
    queryKey: ['budget', fiscalYear],
    queryFn: () =>
      readAll((offset) =>
        unwrap(
          api.GET('/api/v1/budget-reflections', { params: { query: { fiscalYear, limit: PAGE, offset } } }),
        ),
      ),
  });
}

export function useItemHistory(itemId: string) {
  return useQuery({
    queryKey: ['history', itemId],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/audit/items/{itemId}/history', {
          params: { path: { itemId }, query: { detail: 'summary' } },
        }),
      ),
  });
}

export type Plan = Schemas['PlanSummaryDto'];
export type UserAccount = Schemas['UserAccountDto'];
export type WorkingGroup = Schemas['WorkingGroupOverviewDto'];

export function usePlans() {
  return useQuery({
    queryKey: ['plans'],
    queryFn: () =>
      readAll((offset) => unwrap(api.GET('/api/v1/plans', { params: { query: { limit: PAGE, offset } } }))),
  });
}

export function useUsers() {
  return useQuery({
    queryKey: ['users'],
    queryFn: () =>
      readAll((offset) => unwrap(api.GET('/api/v1/users', { params: { query: { limit: PAGE, offset } } }))),
  });
}

/** The city's working groups; `enabled` false for a user the API refuses them to (外部評価委員). */
export function useWorkingGroups(enabled = true) {
  return useQuery({
    queryKey: ['working-groups'],
    enabled,
    queryFn: () =>
      readAll((offset) =>
        unwrap(api.GET('/api/v1/working-groups', { params: { query: { limit: PAGE, offset } } })),
      ),
  });
}

export type PlanRollup = Schemas['PlanRollupDto'];

/** The plan's roll-ups for one fiscal year (効果額, grades, stages). */
export function usePlanSummary(planId: string, fiscalYear: number) {
  return useQuery({
    queryKey: ['plan-summary', planId, fiscalYear] as const,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/plans/{planId}/summary', {
          params: { path: { planId }, query: { fiscalYear } },
        }),
      ),
  });
}
