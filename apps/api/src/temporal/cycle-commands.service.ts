import { Inject, Injectable } from '@nestjs/common';
import type { UpdateDefinition } from '@temporalio/common';
import type { CycleActivities, CycleState } from '../../../../libs/contracts/src';
import { type StartCycleRequest, startCycleWorkflow } from '../../../../libs/temporal/src';
import { type ApiOptions } from '../infrastructure/api-options';
import { API_OPTIONS } from '../infrastructure/tokens';
import {
  isUnavailable,
  mapCycleCommandError,
  mapCycleUpdateError,
  surelyNotApplied,
} from './cycle-command-errors';
import { TemporalClientService } from './temporal-client.service';

export type { StartCycleRequest };

const DEFAULT_UPDATE_TIMEOUT_MS = 30_000;
/** The activity that writes a cycle's read-model rows; its first run records the cycle. */
const FIRST_PROJECTION_ACTIVITY: keyof CycleActivities = 'projectCycleEvent';
/** Starting is a single round trip. */
const RPC_TIMEOUT_MS = 10_000;

/**
 * The API's side of the cycle workflow contract: start a cycle, send it Updates. Typed
 * rejections become HTTP errors here (see mapCycleCommandError); nothing else talks to Temporal.
 */
@Injectable()
export class CycleCommandsService {
  private readonly updateTimeoutMs: number;

  constructor(
    private readonly temporal: TemporalClientService,
    @Inject(API_OPTIONS) options: ApiOptions,
  ) {
    this.updateTimeoutMs = options.updateTimeoutMs ?? DEFAULT_UPDATE_TIMEOUT_MS;
  }

  /**
   * Starts the cycle workflow; a running one with the same id is reused (USE_EXISTING) and a
   * closed one is never started again (REJECT_DUPLICATE). Returns 'closed' in that last case.
   */
  async start(request: StartCycleRequest): Promise<'started' | 'closed'> {
    try {
      const started = await this.withDeadline(RPC_TIMEOUT_MS, () =>
        startCycleWorkflow(this.temporal.client, this.temporal.taskQueue, request),
      );
      this.temporal.markReached();
      return started;
    } catch (err) {
      if (!isUnavailable(err)) this.temporal.markReached();
      throw surelyNotApplied(mapCycleCommandError(err), err, this.temporal.reached) ?? err;
    }
  }

  /**
   * Waits until the cycle's first projection (the `cycles` row) is committed: follows the
   * workflow's history with long polls (the server answers when an event is added) until the
   * first `projectCycleEvent` activity completes. False when the time is up or the workflow ended
   * first. Replaces polling PostgreSQL every 100 ms.
   */
  async awaitFirstProjection(workflowId: string, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    const projections = new Set<string>();
    let nextPageToken: Uint8Array | undefined;
    try {
      while (Date.now() < deadline) {
        const page = await this.temporal.connection.withDeadline(deadline, () =>
          this.temporal.client.workflowService.getWorkflowExecutionHistory({
            namespace: this.temporal.namespace,
            execution: { workflowId },
            nextPageToken,
            waitNewEvent: true,
          }),
        );
        for (const event of page.history?.events ?? []) {
          const scheduled = event.activityTaskScheduledEventAttributes;
          if (scheduled?.activityType?.name === FIRST_PROJECTION_ACTIVITY) {
            projections.add(String(event.eventId));
          }
          const completed = event.activityTaskCompletedEventAttributes;
          if (completed && projections.has(String(completed.scheduledEventId))) return true;
        }
        // An empty token means the history is complete: the workflow has closed.
        if (!page.nextPageToken?.length) return false;
        nextPageToken = page.nextPageToken;
      }
      return false;
    } catch (err) {
      if (Date.now() >= deadline) return false;
      throw mapCycleCommandError(err) ?? err;
    }
  }

  /** Executes one Update and returns the cycle state it answers with. */
  async update<Args extends [unknown, ...unknown[]]>(
    workflowId: string,
    definition: UpdateDefinition<CycleState, Args>,
    args: Args,
  ): Promise<CycleState> {
    const handle = this.temporal.client.workflow.getHandle(workflowId);
    try {
      const state = await this.withDeadline(this.updateTimeoutMs, () =>
        handle.executeUpdate(definition, { args }),
      );
      this.temporal.markReached();
      return state;
    } catch (err) {
      // A typed rejection or any other answer from the server means Temporal was reached.
      if (!isUnavailable(err)) this.temporal.markReached();
      throw mapCycleUpdateError(err, { reachedBefore: this.temporal.reached }) ?? err;
    }
  }

  private withDeadline<T>(timeoutMs: number, fn: () => Promise<T>): Promise<T> {
    return this.temporal.connection.withDeadline(Date.now() + timeoutMs, fn);
  }
}
