import type { LedgerTimelineRecord } from '@pdca/persistence/repositories';
import { buildTimeline, type RunHistory, type TemporalEventView } from './audit-timeline';

const W = 'pdca/t/i/2027';
const cycles = new Map([[W, { cycleId: 'c', fiscalYear: 2027 }]]);

function entry(seq: number, action: string, at: string, runId = 'r1'): LedgerTimelineRecord {
  return {
    tenantId: 't',
    seq,
    occurredAt: at,
    actorType: action.startsWith('task.') ? 'system' : 'user',
    actorId: 'u',
    actorName: '改革 リーダー',
    actorRole: 'wg_leader',
    action,
    itemId: 'i',
    cycleId: 'c',
    taskId: null,
    approvalId: null,
    payload: {},
    comment: null,
    workflowId: W,
    runId,
    eventKey: `${W}#${seq}`,
    prevHash: null,
    hash: `h${seq}`,
    fiscalYear: 2027,
    itemCode: '1-1',
    taskTitle: null,
  };
}

const event = (
  eventId: number,
  eventType: string,
  extra: Partial<TemporalEventView> = {},
): TemporalEventView => ({
  workflowId: W,
  runId: 'r1',
  eventId,
  eventType,
  at: `2025-01-01T00:00:${String(eventId).padStart(2, '0')}.000Z`,
  ...extra,
});

// Business time (2027) is far from server time (2025): the order must come from the history.
const ledger = [
  entry(1, 'cycle.started', '2027-04-01T00:00:00.000Z'),
  entry(2, 'plan.submitted', '2027-04-20T00:00:00.000Z'),
];
const history: RunHistory = {
  workflowId: W,
  runId: 'r1',
  status: 'available',
  events: [
    event(1, 'WORKFLOW_EXECUTION_STARTED'),
    event(2, 'WORKFLOW_TASK_SCHEDULED'),
    event(5, 'ACTIVITY_TASK_SCHEDULED', { activityType: 'projectCycleEvent', projectionKey: `${W}#1` }),
    event(7, 'ACTIVITY_TASK_COMPLETED', { scheduledEventId: 5 }),
    event(10, 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED', {
      updateName: 'submitPlan',
      claimedActorName: '改革 リーダー',
    }),
    event(11, 'ACTIVITY_TASK_SCHEDULED', { activityType: 'projectCycleEvent', projectionKey: `${W}#2` }),
    event(13, 'ACTIVITY_TASK_COMPLETED', { scheduledEventId: 11 }),
    event(14, 'WORKFLOW_EXECUTION_UPDATE_COMPLETED'),
  ],
};

describe('buildTimeline', () => {
  it('places each ledger entry after the activity that wrote it, linking both sources', () => {
    const sut = buildTimeline(ledger, [history], cycles, 'summary');
    expect(sut.map((e) => `${e.source}:${e.kind}`)).toEqual([
      'temporal:WORKFLOW_EXECUTION_STARTED',
      'ledger:cycle.started',
      'temporal:WORKFLOW_EXECUTION_UPDATE_ACCEPTED',
      'ledger:plan.submitted',
    ]);
    expect(sut[1].ledger).toMatchObject({ seq: 1, hash: 'h1', temporalEventId: 5 });
    expect(sut[2]).toMatchObject({
      temporal: { eventId: 10, eventType: 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED' },
      fiscalYear: 2027,
      labelEn: 'update accepted: submit the action plan (sender named in its arguments: 改革 リーダー)',
    });
    expect(sut[3].label).toBe(
      '取組計画を提出 — 改革 リーダー（WGリーダー） / action plan submitted by 改革 リーダー (Working-group leader)',
    );
  });

  it('shows every Temporal event with detail=all', () => {
    const sut = buildTimeline(ledger, [history], cycles, 'all');
    expect(sut.filter((e) => e.source === 'temporal')).toHaveLength(history.events.length);
    expect(sut.filter((e) => e.source === 'ledger').map((e) => e.ledger!.seq)).toEqual([1, 2]);
  });

  it('keeps the ledger part, in order, when Temporal no longer has the run', () => {
    const gone: RunHistory = { workflowId: W, runId: 'r1', status: 'not_found', events: [] };
    const sut = buildTimeline([ledger[1], ledger[0]], [gone], cycles, 'summary');
    expect(sut.map((e) => e.ledger?.seq)).toEqual([1, 2]);
    expect(sut.every((e) => e.ledger?.temporalEventId === null)).toBe(true);
  });
});
