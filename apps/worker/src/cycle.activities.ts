import type { CycleActivities, CycleContext, CycleWorkflowInput, ProjectionEvent } from '@pdca/contracts';
import {
  CycleContextRepository,
  CycleProjectionRepository,
  FailedProjectionRepository,
} from '@pdca/persistence/repositories';
import { Context } from '@temporalio/activity';
import { DataSource } from 'typeorm';
import { guardedProjection } from './guarded-projection';
import { approvesItemEvaluation, signalPolicyEvaluations } from './policy-evaluation.activities';

/**
 * The cycle workflow's activities. They run at least once: `projectCycleEvent` is idempotent on
 * (workflowId, seq) inside its own transaction, and `loadCycleContext` only reads. A projection
 * that cannot succeed fails without looping (guarded-projection.ts).
 */
export function createCycleActivities(dataSource: DataSource): CycleActivities {
  const contexts = new CycleContextRepository(dataSource);
  const projections = new CycleProjectionRepository(dataSource);
  const project = guardedProjection<ProjectionEvent>(
    new FailedProjectionRepository(dataSource),
    'cycle',
    (event) => event.cycleId,
    async (event) => {
      const applied = await projections.apply(event);
      // After the commit: the node's 施策評価 reads the approval from PostgreSQL when it wakes.
      if (approvesItemEvaluation(event)) {
        await signalPolicyEvaluations(dataSource, Context.current().client, event);
      }
      return applied;
    },
  );
  return {
    loadCycleContext: (input: CycleWorkflowInput): Promise<CycleContext> => contexts.load(input),
    projectCycleEvent: project,
  };
}
