import type { ExternalReviewActivities, ExternalReviewProjectionEvent } from '@pdca/contracts';
import { FailedProjectionRepository } from '@pdca/persistence/repositories';
import { ExternalReviewProjectionRepository } from '@pdca/persistence/repositories/external-review-projection.repository';
import { DataSource } from 'typeorm';
import { guardedProjection } from './guarded-projection';

/**
 * The review round's activities (外部評価, #25): its projection, idempotent and never looping on an
 * event PostgreSQL refuses (guarded-projection.ts, as the cycle's and the 施策評価's). The context
 * a ruling's response (市の対応方針) starts with is the response's own activity
 * (externalResponseContext in external-response.activities.ts).
 */
export function createExternalReviewActivities(
  dataSource: DataSource,
): Pick<ExternalReviewActivities, 'projectExternalReviewEvent'> {
  const projections = new ExternalReviewProjectionRepository(dataSource);
  return {
    projectExternalReviewEvent: guardedProjection<ExternalReviewProjectionEvent>(
      new FailedProjectionRepository(dataSource),
      'external review',
      () => null,
      (event) => projections.apply(event),
    ),
  };
}
