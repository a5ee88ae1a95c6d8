import type { ExternalResponseActivities, ExternalResponseProjectionEvent } from '@pdca/contracts';
import {
  ExternalResponseProjectionRepository,
  FailedProjectionRepository,
} from '@pdca/persistence/repositories';
import { DataSource } from 'typeorm';
import { guardedProjection } from './guarded-projection';

/**
 * 市の対応方針's activities (#25): the context the round's workflow reads before starting a
 * response (read only), and the response's projection, idempotent and never looping on an event
 * PostgreSQL refuses (guarded-projection.ts, as 施策評価's).
 */
export function createExternalResponseActivities(dataSource: DataSource): ExternalResponseActivities {
  const projections = new ExternalResponseProjectionRepository(dataSource);
  return {
    externalResponseContext: ({ tenantId, itemId }) => projections.context(tenantId, itemId),
    projectExternalResponseEvent: guardedProjection<ExternalResponseProjectionEvent>(
      new FailedProjectionRepository(dataSource),
      'external response',
      () => null,
      (event) => projections.apply(event),
    ),
  };
}
