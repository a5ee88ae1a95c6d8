import { useQuery } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from './client';

/** A published edition (公表版) of a plan's fiscal year, with its frozen files (GET /plans/{id}/editions). */
export type PlanEdition = Schemas['PlanEditionDto'];
export type EditionFile = Schemas['EditionFileDto'];

export function useEditions(planId: string) {
  return useQuery({
    queryKey: ['plan-editions', planId] as const,
    queryFn: () =>
      unwrap(api.GET('/api/v1/plans/{planId}/editions', { params: { path: { planId }, query: {} } })),
  });
}

export function publishEdition(planId: string, body: { fiscalYear: number; title: string; reason: string }) {
  return unwrap(api.POST('/api/v1/plans/{planId}/editions', { params: { path: { planId } }, body }));
}
