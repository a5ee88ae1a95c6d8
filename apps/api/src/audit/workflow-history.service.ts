import { Injectable, Logger } from '@nestjs/common';
import { isGrpcServiceError } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { TemporalClientService } from '../temporal/temporal-client.service';
import type { RunHistory, TemporalEventView } from './audit-timeline';

/** One history read (all pages) per run; a cycle's history is at most a few thousand events. */
const HISTORY_DEADLINE_MS = 10_000;
const GRPC_NOT_FOUND = 5;

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type LongLike = number | { toString(): string } | null | undefined;

/**
 * Reads a cycle's Temporal event histories for the audit timeline. Temporal keeps a closed
 * workflow's history only for the namespace's retention period: a run it no longer knows is
 * reported as `not_found` (and an unreachable server as `unavailable`), never as an error, so the
 * ledger part of a timeline is always served.
 */
@Injectable()
export class WorkflowHistoryService {
  private readonly logger = new Logger('AuditHistory');

  constructor(private readonly temporal: TemporalClientService) {}

  async fetchRun(workflowId: string, runId: string): Promise<RunHistory> {
    const handle = this.temporal.client.workflow.getHandle(workflowId, runId);
    try {
      const history = await this.temporal.client.withDeadline(Date.now() + HISTORY_DEADLINE_MS, () =>
        handle.fetchHistory(),
      );
      const events = (history.events ?? []).map((event) => this.view(workflowId, runId, event));
      return { workflowId, runId, status: 'available', events };
    } catch (err) {
      if (isGrpcServiceError(err) && err.code === GRPC_NOT_FOUND) {
        return { workflowId, runId, status: 'not_found', events: [] };
      }
      this.logger.warn(
        `history of ${workflowId} (${runId}) not read: ${err instanceof Error ? err.message : String(err)}`,
      );
      return { workflowId, runId, status: 'unavailable', events: [] };
    }
  }

  private view(workflowId: string, runId: string, event: HistoryEvent): TemporalEventView {
    const name = temporal.api.enums.v1.EventType[event.eventType ?? 0] ?? 'EVENT_TYPE_UNSPECIFIED';
    const view: TemporalEventView = {
      workflowId,
      runId,
      eventId: toNumber(event.eventId),
      eventType: name.replace(/^EVENT_TYPE_/, ''),
      at: timestampToIso(event.eventTime),
    };
    const started = event.workflowExecutionStartedEventAttributes;
    if (started) {
      const input = this.decode<{ startedBy?: { displayName?: string } }>(started.input?.payloads);
      if (input?.startedBy?.displayName) view.claimedActorName = input.startedBy.displayName;
    }
    const accepted = event.workflowExecutionUpdateAcceptedEventAttributes;
    if (accepted) {
      view.updateName = accepted.acceptedRequest?.input?.name ?? undefined;
      // The actor is the first argument of every cycle Update: what the sender *says*, which is
      // exactly why the ledger records the authenticated actor itself.
      const actor = this.decode<{ displayName?: string }>(accepted.acceptedRequest?.input?.args?.payloads);
      if (actor?.displayName) view.claimedActorName = actor.displayName;
    }
    const updateCompleted = event.workflowExecutionUpdateCompletedEventAttributes;
    if (updateCompleted?.outcome?.failure) view.failure = updateCompleted.outcome.failure.message ?? 'failed';
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) {
      view.activityType = scheduled.activityType?.name ?? undefined;
      if (view.activityType === 'projectCycleEvent') {
        const projection = this.decode<{ workflowId?: string; seq?: number; type?: string }>(
          scheduled.input?.payloads,
        );
        if (projection?.workflowId && typeof projection.seq === 'number') {
          view.projectionKey = `${projection.workflowId}#${projection.seq}`;
          view.projectionType = projection.type;
        }
      }
    }
    const activityEnd =
      event.activityTaskCompletedEventAttributes ??
      event.activityTaskFailedEventAttributes ??
      event.activityTaskTimedOutEventAttributes ??
      event.activityTaskCanceledEventAttributes;
    if (activityEnd?.scheduledEventId) view.scheduledEventId = toNumber(activityEnd.scheduledEventId);
    const failure =
      event.activityTaskFailedEventAttributes?.failure ??
      event.workflowExecutionFailedEventAttributes?.failure ??
      event.workflowTaskFailedEventAttributes?.failure;
    if (failure) view.failure = failure.message ?? 'failed';
    const terminated = event.workflowExecutionTerminatedEventAttributes;
    if (terminated) view.failure = terminated.reason || 'terminated';
    if (event.timerFiredEventAttributes?.timerId) view.timerId = event.timerFiredEventAttributes.timerId;
    const child = event.startChildWorkflowExecutionInitiatedEventAttributes;
    if (child?.workflowId) view.childWorkflowId = child.workflowId;
    const signal = event.workflowExecutionSignaledEventAttributes;
    if (signal?.signalName) view.signalName = signal.signalName;
    return view;
  }

  /** The first payload, or undefined when it cannot be read (an encoded payload, another format). */
  private decode<T>(payloads: Payload[] | null | undefined): T | undefined {
    const first = payloads?.[0];
    const converter = this.temporal.client.options.loadedDataConverter;
    if (!first || converter.payloadCodecs.length > 0) return undefined;
    try {
      return converter.payloadConverter.fromPayload<T>(first);
    } catch {
      return undefined;
    }
  }
}

function toNumber(value: LongLike): number {
  return value === null || value === undefined ? 0 : Number(value.toString());
}

function timestampToIso(ts: { seconds?: LongLike; nanos?: number | null } | null | undefined): string {
  if (!ts) return new Date(0).toISOString();
  return new Date(toNumber(ts.seconds) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6)).toISOString();
}
