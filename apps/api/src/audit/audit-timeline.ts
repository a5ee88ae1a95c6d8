import { describeLedgerEntry } from '@pdca/audit';
import { commandNamed } from '@pdca/contracts';
import type { LocalizedText } from '@pdca/domain';
import type { LedgerTimelineRecord } from '@pdca/persistence/repositories';

/** One Temporal history event, reduced to what a timeline shows (see WorkflowHistoryService). */
export interface TemporalEventView {
  workflowId: string;
  runId: string;
  eventId: number;
  /** e.g. WORKFLOW_EXECUTION_UPDATE_ACCEPTED */
  eventType: string;
  at: string;
  updateName?: string;
  /** The sender named in an Update's (or the start's) arguments: a claim, not an authentication. */
  claimedActorName?: string;
  activityType?: string;
  /** For projectCycleEvent activities: `<workflowId>#<seq>`, the ledger entry's event_key. */
  projectionKey?: string;
  projectionType?: string;
  scheduledEventId?: number;
  failure?: string;
  timerId?: string;
  childWorkflowId?: string;
  signalName?: string;
}

export type RunHistoryStatus = 'available' | 'not_found' | 'unavailable';

export interface RunHistory {
  workflowId: string;
  runId: string;
  status: RunHistoryStatus;
  events: TemporalEventView[];
}

/** `summary`: what people did and what the engine decided; `all`: every Temporal event as well. */
export type TimelineDetail = 'summary' | 'all';

export interface TimelineActor {
  type: 'user' | 'system';
  userId: string | null;
  displayName: string | null;
  role: string | null;
}

export interface TimelineEntry {
  source: 'ledger' | 'temporal';
  /** Ledger: the business time the workflow recorded; Temporal: the server's event time. */
  at: string;
  fiscalYear: number | null;
  cycleId: string | null;
  /** The ledger action, or the Temporal event type. */
  kind: string;
  /** "ja / en" */
  label: string;
  labelJa: string;
  labelEn: string;
  /** The authenticated actor (ledger entries only). */
  actor: TimelineActor | null;
  comment: string | null;
  payload?: unknown;
  ledger?: {
    seq: number;
    hash: string;
    prevHash: string | null;
    eventKey: string | null;
    workflowId: string | null;
    runId: string | null;
    /** The ActivityTaskScheduled event that wrote this entry, when Temporal still has it. */
    temporalEventId: number | null;
  };
  temporal?: { workflowId: string; runId: string; eventId: number; eventType: string };
}

export interface CycleRef {
  cycleId: string;
  fiscalYear: number;
}

/**
 * Merges the ledger with the Temporal histories of the runs it came from into one timeline. Each
 * ledger entry is placed right after the activity that wrote it (found through its event key in
 * the activity's input), so the order is the order things happened even when business time (a
 * compressed demo calendar) and server time differ; ledger entries keep their sequence order,
 * and a run Temporal no longer has contributes its ledger entries alone.
 */
export function buildTimeline(
  ledger: readonly LedgerTimelineRecord[],
  runs: readonly RunHistory[],
  cycles: ReadonlyMap<string, CycleRef>,
  detail: TimelineDetail,
): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  const bySeq = [...ledger].sort((a, b) => a.seq - b.seq);
  const byKey = new Map(bySeq.filter((r) => r.eventKey).map((r) => [r.eventKey!, r]));
  const writtenBy = new Map<number, number>(); // ledger seq → ActivityTaskScheduled eventId
  let next = 0;
  const flushUpTo = (seq: number) => {
    while (next < bySeq.length && bySeq[next].seq <= seq) {
      const record = bySeq[next++];
      out.push(ledgerEntry(record, writtenBy.get(record.seq) ?? null));
    }
  };

  const firstSeq = (run: RunHistory) =>
    bySeq.find((r) => r.workflowId === run.workflowId && r.runId === run.runId)?.seq ??
    Number.MAX_SAFE_INTEGER;
  const ordered = [...runs].sort((a, b) => firstSeq(a) - firstSeq(b));

  for (const run of ordered) {
    const cycle = cycles.get(run.workflowId) ?? null;
    // A projection is anchored at its activity's completion (the transaction had committed), or
    // at its scheduling when it never completed.
    const anchors = new Map<number, LedgerTimelineRecord>();
    for (const event of run.events) {
      if (event.projectionKey && byKey.has(event.projectionKey)) {
        const record = byKey.get(event.projectionKey)!;
        writtenBy.set(record.seq, event.eventId);
        anchors.set(event.eventId, record);
      }
      if (event.scheduledEventId !== undefined && anchors.has(event.scheduledEventId)) {
        anchors.set(event.eventId, anchors.get(event.scheduledEventId)!);
        anchors.delete(event.scheduledEventId);
      }
    }
    for (const event of run.events) {
      const label = describeTemporalEvent(event, detail);
      if (label) out.push(temporalEntry(event, label, cycle));
      const anchored = anchors.get(event.eventId);
      if (anchored) flushUpTo(anchored.seq);
    }
    const runSeqs = bySeq.filter((r) => r.workflowId === run.workflowId && r.runId === run.runId);
    if (runSeqs.length > 0) flushUpTo(runSeqs[runSeqs.length - 1].seq);
  }
  flushUpTo(Number.MAX_SAFE_INTEGER);
  return out;
}

function ledgerEntry(record: LedgerTimelineRecord, temporalEventId: number | null): TimelineEntry {
  const text = describeLedgerEntry(record);
  return {
    source: 'ledger',
    at: record.occurredAt,
    fiscalYear: record.fiscalYear,
    cycleId: record.cycleId,
    kind: record.action,
    label: `${text.ja} / ${text.en}`,
    labelJa: text.ja,
    labelEn: text.en,
    actor: {
      type: record.actorType,
      userId: record.actorId,
      displayName: record.actorName,
      role: record.actorRole,
    },
    comment: record.comment,
    payload: record.payload,
    ledger: {
      seq: record.seq,
      hash: record.hash,
      prevHash: record.prevHash,
      eventKey: record.eventKey,
      workflowId: record.workflowId,
      runId: record.runId,
      temporalEventId,
    },
  };
}

function temporalEntry(event: TemporalEventView, text: LocalizedText, cycle: CycleRef | null): TimelineEntry {
  return {
    source: 'temporal',
    at: event.at,
    fiscalYear: cycle?.fiscalYear ?? null,
    cycleId: cycle?.cycleId ?? null,
    kind: event.eventType,
    label: `${text.ja} / ${text.en}`,
    labelJa: text.ja,
    labelEn: text.en,
    actor: null,
    comment: null,
    temporal: {
      workflowId: event.workflowId,
      runId: event.runId,
      eventId: event.eventId,
      eventType: event.eventType,
    },
  };
}

/**
 * Temporal events in words; null hides the event in the `summary` timeline. The summary keeps what
 * the engine was asked and what it did on its own account (start, end, the next year's cycle,
 * failures); workflow tasks, timers and successful projections are the machinery behind the
 * ledger entries and appear only with `detail=all`.
 */
export function describeTemporalEvent(
  event: TemporalEventView,
  detail: TimelineDetail,
): LocalizedText | null {
  const claimed = event.claimedActorName;
  switch (event.eventType) {
    case 'WORKFLOW_EXECUTION_STARTED':
      return claimed
        ? {
            ja: `ワークフロー開始（開始者の申告: ${claimed}）`,
            en: `workflow run started (starter named in its input: ${claimed})`,
          }
        : { ja: 'ワークフロー開始', en: 'workflow run started' };
    case 'WORKFLOW_EXECUTION_COMPLETED':
      return { ja: 'ワークフロー終了', en: 'workflow run completed' };
    case 'WORKFLOW_EXECUTION_FAILED':
      return { ja: `ワークフロー異常終了: ${event.failure}`, en: `workflow run failed: ${event.failure}` };
    case 'WORKFLOW_EXECUTION_TERMINATED':
      return {
        ja: `ワークフロー強制終了: ${event.failure}`,
        en: `workflow run terminated: ${event.failure}`,
      };
    case 'WORKFLOW_EXECUTION_CANCELED':
      return { ja: 'ワークフロー取消', en: 'workflow run cancelled' };
    case 'WORKFLOW_EXECUTION_TIMED_OUT':
      return { ja: 'ワークフロー時間切れ', en: 'workflow run timed out' };
    case 'WORKFLOW_EXECUTION_CONTINUED_AS_NEW':
      return { ja: 'ワークフローを新しい実行へ継続', en: 'workflow continued as a new run' };
    case 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED': {
      const name = event.updateName ?? '?';
      const what = commandNamed(name)?.action ?? { ja: name, en: name };
      const who = claimed
        ? { ja: `（送信者の申告: ${claimed}）`, en: ` (sender named in its arguments: ${claimed})` }
        : { ja: '', en: '' };
      return { ja: `操作を受付: ${what.ja}${who.ja}`, en: `update accepted: ${what.en}${who.en}` };
    }
    case 'WORKFLOW_EXECUTION_UPDATE_COMPLETED':
      if (event.failure) return { ja: `操作が失敗: ${event.failure}`, en: `update failed: ${event.failure}` };
      return detail === 'all' ? { ja: '操作を完了', en: 'update completed' } : null;
    case 'WORKFLOW_EXECUTION_SIGNALED':
      return { ja: `シグナル受信: ${event.signalName}`, en: `signal received: ${event.signalName}` };
    case 'START_CHILD_WORKFLOW_EXECUTION_INITIATED':
      return {
        ja: `次年度サイクルの開始を指示: ${event.childWorkflowId}`,
        en: `next fiscal year's cycle requested: ${event.childWorkflowId}`,
      };
    case 'ACTIVITY_TASK_FAILED':
    case 'ACTIVITY_TASK_TIMED_OUT':
      return {
        ja: `処理の失敗（${event.eventType === 'ACTIVITY_TASK_TIMED_OUT' ? '時間切れ' : event.failure}）`,
        en: `activity ${event.eventType === 'ACTIVITY_TASK_TIMED_OUT' ? 'timed out' : `failed: ${event.failure}`}`,
      };
    case 'WORKFLOW_TASK_FAILED':
      return {
        ja: `ワークフロー処理の失敗: ${event.failure ?? '?'}`,
        en: `workflow task failed: ${event.failure ?? '?'}`,
      };
    default:
      break;
  }
  if (detail !== 'all') return null;
  if (event.eventType === 'ACTIVITY_TASK_SCHEDULED') {
    const what = event.projectionType ? ` (${event.projectionType})` : '';
    return {
      ja: `処理を予定: ${event.activityType}${what}`,
      en: `activity scheduled: ${event.activityType}${what}`,
    };
  }
  if (event.eventType === 'TIMER_FIRED') return { ja: 'タイマー満了', en: 'timer fired' };
  return { ja: `Temporal: ${event.eventType}`, en: `Temporal: ${event.eventType}` };
}
