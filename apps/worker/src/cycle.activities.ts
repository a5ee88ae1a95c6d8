import { DataSource } from 'typeorm';
import type {
  CycleActivities,
  CycleContext,
  CycleWorkflowInput,
  ProjectionEvent,
} from '../../../libs/contracts/src';
import {
  CycleContextRepository,
  CycleProjectionRepository,
} from '../../../libs/persistence/src/repositories';

/**
 * The cycle workflow's activities. They run at least once: `projectCycleEvent` is idempotent on
 * (workflowId, seq) inside its own transaction, and `loadCycleContext` only reads.
 */
export function createCycleActivities(dataSource: DataSource): CycleActivities {
  const contexts = new CycleContextRepository(dataSource);
  const projections = new CycleProjectionRepository(dataSource);
  return {
    loadCycleContext: (input: CycleWorkflowInput): Promise<CycleContext> => contexts.load(input),
    projectCycleEvent: (event: ProjectionEvent): Promise<boolean> => projections.apply(event),
  };
}
