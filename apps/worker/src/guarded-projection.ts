/**
 * A workflow's projection activity made safe to retry and to fail: the event is applied (idempotent
 * on (workflowId, seq) in its own transaction); an event PostgreSQL cannot store (malformed text, a
 * data error) fails at once and without retries, one that runs out of retries fails too, and both
 * are logged with the workflow id and kept in failed_projections. Used by the cycle's and the
 * 施策評価's projections alike.
 */
import { CYCLE_ACTIVITY_MAX_ATTEMPTS, PROJECTION_DATA_ERROR } from '@pdca/contracts';
import { type FailedProjectionRepository, isPostgresDataError } from '@pdca/persistence/repositories';
import { Context, log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';

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

/** What every projection event carries (the cycle's ProjectionEvent, the 施策評価's PolicyProjectionEvent). */
export interface KeyedEvent {
  workflowId: string;
  runId: string;
  seq: number;
  type: string;
  tenantId: string;
}

export function guardedProjection<E extends KeyedEvent>(
  failures: FailedProjectionRepository,
  what: string,
  cycleIdOf: (event: E) => string | null,
  apply: (event: E) => Promise<boolean>,
): (event: E) => Promise<boolean> {
  const deadLetter = async (event: E, errorCode: string, message: string, attempt: number) => {
    log.error(`${what} projection failed; the read model and ledger stop following this workflow`, {
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
        cycleId: cycleIdOf(event),
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

  return async (event: E): Promise<boolean> => {
    const attempt = Context.current().info.attempt;
    const malformed = malformedTextPath(event);
    if (malformed) {
      const message = `${malformed} holds an unpaired UTF-16 surrogate or a NUL character`;
      await deadLetter(event, 'MALFORMED_TEXT', message, attempt);
      throw ApplicationFailure.nonRetryable(message, PROJECTION_DATA_ERROR);
    }
    try {
      return await apply(event);
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
}
