/**
 * Where a command's time goes, read from the workflow histories after a run: for each Update, the
 * time the server saw it take (the workflow task that accepted it was scheduled → the Update
 * completed), and within that the projection activity's own run (started → completed: the
 * PostgreSQL transaction). What the client waited beyond the server's part is HTTP, the API
 * (auth, validation, the read that finds the workflow) and the RPCs.
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { percentile } from './latency-stats';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const EventType = temporal.api.enums.v1.EventType;

export interface BreakdownPart {
  /** Workflow task scheduled (the server got the Update) → Update completed. */
  serverP50: number;
  /** The activities run while the Update waited (started → completed): the projection. */
  activityP50: number;
  /** Updates measured. */
  count: number;
}

const millis = (ts: HistoryEvent['eventTime']): number =>
  ts ? Number(ts.seconds ?? 0) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6) : Number.NaN;
const id = (value: unknown): string => String(value ?? '');

function updates(events: HistoryEvent[]): Array<{ server: number; activity: number }> {
  const out: Array<{ server: number; activity: number }> = [];
  const started = new Map<string, number>(); // activity scheduled event id → started time
  for (const e of events) {
    const s = e.activityTaskStartedEventAttributes;
    if (s) started.set(id(s.scheduledEventId), millis(e.eventTime));
  }
  for (let i = 0; i < events.length; i++) {
    const accepted = events[i].workflowExecutionUpdateAcceptedEventAttributes;
    if (!accepted) continue;
    const updateId = accepted.acceptedRequest?.meta?.updateId;
    // The accepting task: the last WORKFLOW_TASK_SCHEDULED before the acceptance.
    let scheduledAt = Number.NaN;
    for (let j = i - 1; j >= 0; j--) {
      if (events[j].eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED) {
        scheduledAt = millis(events[j].eventTime);
        break;
      }
    }
    let activity = 0;
    for (let j = i + 1; j < events.length; j++) {
      const done = events[j].activityTaskCompletedEventAttributes;
      if (done)
        activity += millis(events[j].eventTime) - (started.get(id(done.scheduledEventId)) ?? Number.NaN);
      const completed = events[j].workflowExecutionUpdateCompletedEventAttributes;
      if (completed && completed.meta?.updateId === updateId) {
        out.push({ server: millis(events[j].eventTime) - scheduledAt, activity });
        break;
      }
    }
  }
  return out.filter((u) => Number.isFinite(u.server) && Number.isFinite(u.activity));
}

export async function commandBreakdown(
  client: Client,
  workflowIds: readonly string[],
): Promise<BreakdownPart> {
  const all: ReturnType<typeof updates> = [];
  for (const workflowId of workflowIds) {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    all.push(...updates(history.events ?? []));
  }
  const p50 = (values: number[]) =>
    percentile(
      [...values].sort((a, b) => a - b),
      50,
    );
  return {
    serverP50: p50(all.map((u) => u.server)),
    activityP50: p50(all.map((u) => u.activity)),
    count: all.length,
  };
}
