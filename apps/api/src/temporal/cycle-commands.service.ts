import { Inject, Injectable } from '@nestjs/common';
import type { CycleState } from '@pdca/contracts';
import { type StartCycleRequest, startCycleWorkflow } from '@pdca/temporal';
import type { UpdateDefinition } from '@temporalio/common';
import { type ApiOptions } from '../infrastructure/api-options';
import { API_OPTIONS } from '../infrastructure/tokens';
import { isUnavailable, mapCycleUpdateError } from './cycle-command-errors';
import { TemporalClientService } from './temporal-client.service';

export type { StartCycleRequest };

const DEFAULT_UPDATE_TIMEOUT_MS = 30_000;

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
   * Starts the cycle workflow and returns once its start is recorded (update-with-start: one round
   * trip, the read model written); a running one with the same id is reused (USE_EXISTING) and a
   * closed one is never started again (REJECT_DUPLICATE): 'closed' in that last case. A start that
   * may have happened but did not answer in time is a 504 (safe to repeat), never a 503.
   */
  async start(request: StartCycleRequest, timeoutMs = this.updateTimeoutMs): Promise<'started' | 'closed'> {
    try {
      const started = await this.withDeadline(timeoutMs, () =>
        startCycleWorkflow(this.temporal.client, this.temporal.taskQueue, request),
      );
      this.temporal.markReached();
      return started;
    } catch (err) {
      if (!isUnavailable(err)) this.temporal.markReached();
      throw mapCycleUpdateError(err, { reachedBefore: this.temporal.reached }) ?? err;
    }
  }

  /** Executes one Update and returns the state it answers with (a cycle's, or a 施策評価's). */
  async update<Result = CycleState, Args extends [unknown, ...unknown[]] = [unknown, ...unknown[]]>(
    workflowId: string,
    definition: UpdateDefinition<Result, Args>,
    args: Args,
  ): Promise<Result> {
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
