import type { VerificationActivities, VerificationProjectionEvent } from '@pdca/contracts';
import { FailedProjectionRepository } from '@pdca/persistence/repositories';
import { VerificationProjectionRepository } from '@pdca/persistence/repositories/verification-projection.repository';
import { DataSource } from 'typeorm';
import { guardedProjection } from './guarded-projection';

/**
 * 事業検証's activity (#26): the round's projection, idempotent and never looping on an event
 * PostgreSQL refuses (guarded-projection.ts, as 施策評価's and 市の対応方針's).
 */
export function createVerificationActivities(dataSource: DataSource): VerificationActivities {
  const projections = new VerificationProjectionRepository(dataSource);
  return {
    projectVerificationEvent: guardedProjection<VerificationProjectionEvent>(
      new FailedProjectionRepository(dataSource),
      'business verification',
      () => null,
      (event) => projections.apply(event),
    ),
  };
}
