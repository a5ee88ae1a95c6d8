import { Inject, Injectable } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { CycleState } from '../../../../libs/contracts/src';
import { type StartCycleRequest, startCycleWorkflow } from '../../../../libs/temporal/src';
import { type ApiOptions } from '../infrastructure/api-options';
import { API_OPTIONS } from '../infrastructure/tokens';
import { mapCycleCommandError, mapCycleUpdateError } from './cycle-command-errors';
import { TemporalClientService } from './temporal-client.service';

export type { StartCycleRequest };

export type WorkflowPresence = 'running' | 'closed' | 'absent';

const DEFAULT_UPDATE_TIMEOUT_MS = 30_000;
/** Describe and start are single round trips. */
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

  async presence(workflowId: string): Promise<WorkflowPresence> {
    try {
      const handle = this.temporal.client.workflow.getHandle(workflowId);
      const description = await this.withDeadline(RPC_TIMEOUT_MS, () => handle.describe());
      return description.status.name === 'RUNNING' ? 'running' : 'closed';
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return 'absent';
      throw mapCycleCommandError(err) ?? err;
    }
  }

  /**
   * Starts the cycle workflow; a running one with the same id is reused (USE_EXISTING) and a
   * closed one is never started again (REJECT_DUPLICATE). Returns 'closed' in that last case.
   */
  async start(request: StartCycleRequest): Promise<'started' | 'closed'> {
    try {
      return await this.withDeadline(RPC_TIMEOUT_MS, () =>
        startCycleWorkflow(this.temporal.client, this.temporal.taskQueue, request),
      );
    } catch (err) {
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
      return await this.withDeadline(this.updateTimeoutMs, () => handle.executeUpdate(definition, { args }));
    } catch (err) {
      throw mapCycleUpdateError(err) ?? err;
    }
  }

  private withDeadline<T>(timeoutMs: number, fn: () => Promise<T>): Promise<T> {
    return this.temporal.connection.withDeadline(Date.now() + timeoutMs, fn);
  }
}
