/**
 * Where a command's time goes, read from the workflow histories after a run: for each Update, the
 * workflow task that handled it (scheduled when the server received the Update, started when the
 * worker polled it, completed when the worker answered — for the product, after the local
 * projection's PostgreSQL transaction). What the client waited beyond that is HTTP, the API (auth,
 * validation, the read that finds the workflow) and the RPCs. (The local activity's marker keeps a
 * complete and a schedule time, but they come from different clocks of the SDK and are not used.)
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { percentile } from './latency-stats';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const EventType = temporal.api.enums.v1.EventType;

export interface BreakdownPart {
  /** Workflow task scheduled → started: waiting for the worker to poll. */
  queueP50: number;
  /** Workflow task started → completed: the worker's work (with the local projection, if any). */
  workerP50: number;
  /** Local activities (projections) run in those tasks. */
  localActivities: number;
  /** Updates measured. */
  count: number;
}

const millis = (ts: HistoryEvent['eventTime']): number =>
  ts ? Number(ts.seconds ?? 0) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6) : Number.NaN;

/** The workflow tasks that accepted an Update, with the local activities they ran. */
function updateTasks(events: HistoryEvent[]): Array<{ queue: number; worker: number; local: number }> {
  const out: Array<{ queue: number; worker: number; local: number }> = [];
  for (let i = 0; i < events.length; i++) {
    if (events[i].eventType !== EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) continue;
    const started = events[i - 1];
    const scheduled = events[i - 2];
    if (
      started?.eventType !== EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED ||
      scheduled?.eventType !== EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED
    )
      continue;
    // The task's commands follow its completion: an accepted Update among them makes it a command.
    let accepted = false;
    let local = 0;
    for (let j = i + 1; j < events.length && !events[j].workflowTaskScheduledEventAttributes; j++) {
      if (events[j].workflowExecutionUpdateAcceptedEventAttributes) accepted = true;
      if (events[j].markerRecordedEventAttributes?.markerName === 'core_local_activity') local++;
    }
    if (!accepted) continue;
    out.push({
      queue: millis(started.eventTime) - millis(scheduled.eventTime),
      worker: millis(events[i].eventTime) - millis(started.eventTime),
      local,
    });
  }
  return out;
}

export async function commandBreakdown(
  client: Client,
  workflowIds: readonly string[],
): Promise<BreakdownPart> {
  const tasks: ReturnType<typeof updateTasks> = [];
  for (const workflowId of workflowIds) {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    tasks.push(...updateTasks(history.events ?? []));
  }
  const p50 = (values: number[]) =>
    percentile(
      [...values].sort((a, b) => a - b),
      50,
    );
  return {
    queueP50: p50(tasks.map((t) => t.queue)),
    workerP50: p50(tasks.map((t) => t.worker)),
    localActivities: tasks.reduce((sum, t) => sum + t.local, 0),
    count: tasks.length,
  };
}
