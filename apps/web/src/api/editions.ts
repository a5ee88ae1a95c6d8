import type { Role } from '@pdca/domain/stages';
import { useQuery } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from './client';

/** A published edition (公表版) of a plan's fiscal year, with its frozen files (GET /plans/{id}/editions). */
export type PlanEdition = Schemas['PlanEditionDto'];
export type EditionFile = Schemas['EditionFileDto'];

/** Who reads a plan's 公表版 (the API's EDITION_READER_ROLES): HQ, admins and auditors. */
export const EDITION_READERS: readonly Role[] = ['hq_admin', 'hq_approver', 'admin', 'auditor'];

/** The plan's editions; not asked for (`enabled` false) by a role the API would refuse. */
export function useEditions(planId: string, enabled = true) {
  return useQuery({
    queryKey: ['plan-editions', planId] as const,
    enabled,
    queryFn: () =>
      unwrap(api.GET('/api/v1/plans/{planId}/editions', { params: { path: { planId }, query: {} } })),
  });
}

export function publishEdition(planId: string, body: { fiscalYear: number; title: string; reason: string }) {
  return unwrap(api.POST('/api/v1/plans/{planId}/editions', { params: { path: { planId } }, body }));
}
