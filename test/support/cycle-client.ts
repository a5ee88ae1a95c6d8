import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  type Actor,
  type CycleState,
  type CycleWorkflowInput,
  cycleIdFor,
  cycleStateQuery,
  cycleWorkflowId,
  openTaskUpdate,
} from '@pdca/contracts';
import { temporalCliPath } from '@pdca/devstack';
import { jstInstant } from '@pdca/domain';
import {
  Client,
  Connection,
  type WorkflowHandle,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { CycleFixture } from './cycle-fixtures';

export async function connectClient(): Promise<Client> {
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  return new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default' });
}

export function cycleInput(
  fixture: CycleFixture,
  fiscalYear: number,
  extra: Partial<CycleWorkflowInput> = {},
) {
  const workflowId = cycleWorkflowId(fixture.tenantCode, fixture.itemId, fiscalYear);
  const input: CycleWorkflowInput = {
    cycleId: cycleIdFor(workflowId),
    tenantId: fixture.tenantId,
    tenantCode: fixture.tenantCode,
    itemId: fixture.itemId,
    fiscalYear,
    timeScale: 1,
    // Business time starts on 1 April of the fiscal year, so due dates are the calendar's own.
    businessStartMs: jstInstant(fiscalYear, 4, 1, 9).getTime(),
    startedBy: fixture.hqAdmin,
    ...extra,
  };
  return { workflowId, input };
}

/** The typed rejection of an Update (its ApplicationFailure type), or 'ACCEPTED'. */
export async function rejectionOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ACCEPTED';
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
      return err.cause.type ?? 'UNTYPED';
    }
    // Updates cannot reach a workflow that has finished.
    if (err instanceof WorkflowNotFoundError) return 'WORKFLOW_CLOSED';
    throw err;
  }
}

export async function queryState(client: Client, workflowId: string): Promise<CycleState> {
  return client.workflow.getHandle(workflowId).query(cycleStateQuery);
}

/** The history's event types (`WORKFLOW_TASK_COMPLETED` …), a local activity's marker as `LOCAL_ACTIVITY`. */
export async function historyEventTypes(client: Client, workflowId: string): Promise<string[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).map((e) =>
    e.markerRecordedEventAttributes?.markerName === 'core_local_activity'
      ? 'LOCAL_ACTIVITY'
      : (temporal.api.enums.v1.EventType[e.eventType ?? 0] ?? '?').replace(/^EVENT_TYPE_/, ''),
  );
}

export async function historyLength(client: Client, workflowId: string): Promise<number> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return history.events?.length ?? 0;
}

/**
 * With RECORD_HISTORIES=1, saves a workflow's event history under test/histories/ so the replay
 * test can prove later workflow code still replays it (run once when adding a scenario). The
 * Temporal CLI writes the proto3 JSON form that `Worker.runReplayHistories` reads.
 */
export function recordHistoryIfAsked(
  workflowId: string,
  name: string,
  address = process.env.TEMPORAL_ADDRESS!,
): void {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const json = execFileSync(
    temporalCliPath(),
    ['workflow', 'show', '--workflow-id', workflowId, '--address', address, '--output', 'json'],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const file = path.join(__dirname, '..', 'histories', `${name}.json`);
  fs.writeFileSync(file, `{"workflowId":${JSON.stringify(workflowId)},"history":${json.trim()}}\n`);
}

/**
 * HQ opens every scheduled task of `state` early (recorded as task.opened_early with a reason):
 * for tests that run a year's steps in seconds of wall-clock time, where the calendar's opening
 * dates lie months ahead.
 */
export async function openScheduledEarly(
  handle: WorkflowHandle,
  hqAdmin: Actor,
  state: CycleState,
): Promise<CycleState> {
  let current = state;
  for (const task of state.tasks.filter((t) => t.status === 'scheduled')) {
    current = await handle.executeUpdate(openTaskUpdate, {
      args: [hqAdmin, { taskId: task.id, reason: 'テストのため前倒しで開始' }],
    });
  }
  return current;
}
