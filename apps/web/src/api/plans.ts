import { useQuery } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from './client';
import { PAGE, readAll } from './queries';

/** A plan as the city wrote it: its levels in its own words and the tree of its nodes (GET /plans/{id}). */
export type PlanTree = Schemas['PlanTreeDto'];
export type PlanNode = Schemas['PlanNodeDto'];
export type PlanTreeItem = Schemas['PlanTreeItemDto'];
export type PlanIndicator = Schemas['PlanNodeIndicatorDto'];
export type ItemRemoval = Schemas['ItemRemovalDto'];

export function usePlanTree(planId: string | undefined) {
  return useQuery({
    queryKey: ['plan-tree', planId ?? ''] as const,
    enabled: !!planId,
    queryFn: () => unwrap(api.GET('/api/v1/plans/{planId}', { params: { path: { planId: planId! } } })),
  });
}

/** What the plan's tree leaves out of an item: its summary (改革項目の説明) and whether HQ removed it. */
export interface ItemExtras {
  summary: string;
  removal: ItemRemoval | null;
}

/**
 * The tenant's items with the removed ones (`includeRemoved`), by id: the plan's tree says neither
 * which of its items were removed nor what each item is about, the item list does.
 */
export function useItemExtras() {
  return useQuery({
    queryKey: ['items', 'with-removed'] as const,
    queryFn: async (): Promise<ReadonlyMap<string, ItemExtras>> => {
      const items = await readAll((offset) =>
        unwrap(
          api.GET('/api/v1/items', { params: { query: { includeRemoved: true, limit: PAGE, offset } } }),
        ),
      );
      return new Map(items.map((item) => [item.id, { summary: item.summary, removal: item.removal }]));
    },
  });
}
