import { useQuery } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from './client';

/** The plan's own targets (主要目標) with their progress as of a fiscal year (GET /plans/{id}/targets). */
export type PlanTargets = Schemas['PlanTargetsDto'];
export type PlanTarget = Schemas['PlanTargetDto'];

export function usePlanTargets(planId: string, fiscalYear: number) {
  return useQuery({
    queryKey: ['plan-targets', planId, fiscalYear] as const,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/plans/{planId}/targets', { params: { path: { planId }, query: { fiscalYear } } }),
      ),
  });
}

/** A year's actual as HQ enters it; value as typed (the server names what is wrong with it). */
export interface TargetActualBody {
  value: number | string | null;
  source: string;
  asOf: string;
  note?: string;
}

export function recordTargetActual(indicatorId: string, fiscalYear: number, body: TargetActualBody) {
  return unwrap(
    api.PUT('/api/v1/indicators/{indicatorId}/actuals/{fiscalYear}', {
      params: { path: { indicatorId, fiscalYear } },
      // The server checks the value (a number, within bounds) and answers 400 naming the field.
      body: body as Schemas['PutIndicatorActualDto'],
    }),
  );
}

/** The whole-period target (null: derived), yearly targets (replacing them) and accumulation, with a reason. */
export interface TargetSettingsBody {
  periodTarget: number | string | null;
  targets: Record<string, number | string | null>;
  accumulation: 'sum' | 'latest';
  reason: string;
}

export function putTargetSettings(indicatorId: string, body: TargetSettingsBody) {
  return unwrap(
    api.PUT('/api/v1/indicators/{indicatorId}/targets', {
      params: { path: { indicatorId } },
      // Values as typed: the server answers 400 naming `periodTarget` or `targets.<year>`.
      body: body as Schemas['PutIndicatorTargetsDto'],
    }),
  );
}
