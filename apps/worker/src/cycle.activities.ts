import {
  CYCLE_ACTIVITY_MAX_ATTEMPTS,
  type CycleActivities,
  type CycleContext,
  type CycleWorkflowInput,
  PROJECTION_DATA_ERROR,
  type ProjectionEvent,
} from '@pdca/contracts';
import {
  CycleContextRepository,
  CycleProjectionRepository,
  FailedProjectionRepository,
  isPostgresDataError,
} from '@pdca/persistence/repositories';
import { Context, log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource } from 'typeorm';
import { approvesItemEvaluation, signalPolicyEvaluations } from './policy-evaluation.activities';

// Unpaired UTF-16 halves: a `u` regex sees a well-formed pair as one code point.
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * The first string in the event PostgreSQL cannot store as it is (jsonb refuses an unpaired
 * surrogate or NUL; a text column would silently turn a surrogate into U+FFFD, so the ledger hash
 * would cover other text than the row holds). The API refuses such text at its boundary; this
 * guards events that reach the workflow another way (another client, an older API).
 */
export function malformedTextPath(value: unknown, path = 'event', depth = 0): string | undefined {
  if (typeof value === 'string') {
    return LONE_SURROGATE.test(value) || value.includes('\u0000') ? path : undefined;
  }
  if (typeof value !== 'object' || value === null || depth > 64) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found =
      malformedTextPath(key, `${path}.${key}`, depth + 1) ??
      malformedTextPath(item, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * The cycle workflow's activities. They run at least once: `projectCycleEvent` is idempotent on
 * (workflowId, seq) inside its own transaction, and `loadCycleContext` only reads. A projection
 * that cannot succeed (data PostgreSQL refuses) fails at once and without retries; one that runs
 * out of retries fails too. Both are logged with the workflow id and kept in failed_projections.
 */
export function createCycleActivities(dataSource: DataSource): CycleActivities {
  const contexts = new CycleContextRepository(dataSource);
  const projections = new CycleProjectionRepository(dataSource);
  const failures = new FailedProjectionRepository(dataSource);

  const deadLetter = async (event: ProjectionEvent, errorCode: string, message: string, attempt: number) => {
    log.error('cycle projection failed; the read model and ledger stop following this workflow', {
      workflowId: event.workflowId,
      runId: event.runId,
      seq: event.seq,
      eventType: event.type,
      errorCode,
      attempt,
    });
    try {
      await failures.record({
        workflowId: event.workflowId,
        runId: event.runId,
        seq: event.seq,
        eventType: event.type,
        tenantId: event.tenantId,
        cycleId: event.cycleId,
        errorCode,
        errorMessage: message,
        attempts: attempt,
      });
    } catch (err) {
      // PostgreSQL may be the very thing that is down; the log line above still says it.
      log.error('could not record the failed projection', {
        workflowId: event.workflowId,
        seq: event.seq,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  };

  const project = async (event: ProjectionEvent): Promise<boolean> => {
    const attempt = Context.current().info.attempt;
    const malformed = malformedTextPath(event);
    if (malformed) {
      const message = `${malformed} holds an unpaired UTF-16 surrogate or a NUL character`;
      await deadLetter(event, 'MALFORMED_TEXT', message, attempt);
      throw ApplicationFailure.nonRetryable(message, PROJECTION_DATA_ERROR);
    }
    try {
      const applied = await projections.apply(event);
      // After the commit: the node's 施策評価 reads the approval from PostgreSQL when it wakes.
      if (approvesItemEvaluation(event)) {
        await signalPolicyEvaluations(dataSource, Context.current().client, event);
      }
      return applied;
    } catch (err) {
      if (isPostgresDataError(err)) {
        await deadLetter(event, err.code, err.message, attempt);
        throw ApplicationFailure.nonRetryable(
          `PostgreSQL refused the event as data (${err.code})`,
          PROJECTION_DATA_ERROR,
        );
      }
      if (attempt >= CYCLE_ACTIVITY_MAX_ATTEMPTS) {
        await deadLetter(
          event,
          'RETRIES_EXHAUSTED',
          err instanceof Error ? err.message : String(err),
          attempt,
        );
      }
      throw err;
    }
  };

  return {
    loadCycleContext: (input: CycleWorkflowInput): Promise<CycleContext> => contexts.load(input),
    projectCycleEvent: project,
  };
}
