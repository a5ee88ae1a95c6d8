/**
 * A whole cycle driven over HTTP with a real worker, then read back as an auditor: every step left
 * exactly one ledger entry with the authenticated actor and the role they acted in (the engine's
 * own steps as `system`), the chain verifies, and the cycle's and the item's histories merge the
 * ledger with Temporal's event history — and keep the ledger part once Temporal has forgotten a run.
 */

import { cycleIdFor, cycleWorkflowId } from '@pdca/contracts';
import { msToTs } from '@temporalio/common/lib/time';
import { TemporalClientService } from '../../apps/api/src/temporal/temporal-client.service';
import { uniqueSuffix } from '../support/test-worker';
import { type ApiTestApp, startApiApp, startApiWithWorker } from './api-test-app';
import {
  approverAs,
  as,
  evaluationBody,
  eventually,
  FY,
  openScheduledEarly,
  pendingApprovalId,
  planBody,
  startCycle,
} from './cycle-helpers';
import { type ApiFixture, createApiFixture, type FixtureUser } from './fixtures';

let api: ApiTestApp;
let fx: ApiFixture;
let cycleId: string;
let nextCycleId: string;

interface TimelineEntry {
  source: 'ledger' | 'temporal';
  kind: string;
  label: string;
  labelJa: string;
  labelEn: string;
  fiscalYear: number | null;
  actor: { type: string; userId: string | null; role: string | null } | null;
  comment: string | null;
  ledger?: { seq: number; hash: string; temporalEventId: number | null };
  temporal?: { eventId: number; eventType: string };
}

beforeAll(async () => {
  api = await startApiWithWorker('api-audit-cycle');
  // The plan runs one more year: HQ opens FY+1 while FY is still being evaluated (overlapping years).
  fx = await createApiFixture(api, { periodEndFy: FY + 1 });
});

afterAll(async () => {
  await api?.close();
});

/** Waits here (reminders, escalation, Temporal forgetting a run) get 20 s, more than eventually's default. */
const WAIT_MS = 20_000;

async function ledgerOf(id: string) {
  const rows: Array<{
    action: string;
    actor_type: string;
    actor_id: string | null;
    actor_role: string | null;
  }> = await api.dataSource.query(
    'SELECT seq, action, actor_type, actor_id, actor_role, comment FROM audit_log WHERE cycle_id = $1 ORDER BY seq',
    [id],
  );
  return rows;
}

const waitForAction = (id: string, action: string) =>
  eventually(async () => ((await ledgerOf(id)).some((r) => r.action === action) ? true : undefined), WAIT_MS);

it('records every step of a fiscal year once, with its actor, and the engine’s own steps as system', async () => {
  const { leader, hqApprover, hqAdmin } = fx.tenant.users;
  const item = fx.tenant.items.main;
  const lead = as(api, leader);
  const hq = as(api, hqApprover);
  const admin = as(api, hqAdmin);
  const approve = approverAs(api, hqApprover);

  const cycle = await startCycle(api, hqAdmin, item);
  cycleId = cycle.id;
  const planTask = cycle.tasks.find((t) => t.kind === 'plan')!;

  // HQ moves the plan deadline to tomorrow: the one-day reminder goes out by itself; then to now:
  // the task is overdue and escalated by itself.
  const soon = (ms: number) => new Date(Date.now() + ms).toISOString();
  await admin
    .patch(`/tasks/${planTask.id}/deadline`, {
      dueAt: soon(86_400_000 + 1500),
      reason: '議会日程の変更のため',
    })
    .expect(200);
  await waitForAction(cycleId, 'task.reminder');
  await admin
    .patch(`/tasks/${planTask.id}/deadline`, { dueAt: soon(1500), reason: '前倒しのため' })
    .expect(200);
  await waitForAction(cycleId, 'task.escalated');

  // PLAN: submitted, returned, resubmitted, approved.
  let state = (await lead.post(`/cycles/${cycleId}/plan`, planBody(item)).expect(200)).body;
  state = (
    await hq
      .post(`/approvals/${pendingApprovalId(state)}/decision`, {
        decision: 'return',
        comment: '目標値の根拠を追記してください',
      })
      .expect(200)
  ).body;
  state = (await lead.post(`/cycles/${cycleId}/plan`, planBody(item)).expect(200)).body;
  state = await approve(state, { comment: '了承' });

  // DO: four quarterly reviews and the execution report; CHECK; ACT. FY's reviews and report open
  // months from now: HQ opens them early (each recorded with its reason).
  state = await openScheduledEarly(api, hqAdmin, state);
  for (const review of state.tasks.filter((t: { kind: string }) => t.kind === 'review')) {
    state = (
      await lead
        .post(`/cycles/${cycleId}/reviews/${review.id}`, {
          periodIndex: review.periodIndex,
          progress: review.periodIndex * 25,
          status: 'on_track',
        })
        .expect(200)
    ).body;
  }
  state = (
    await lead.post(`/cycles/${cycleId}/execution-report`, { summary: '計画どおり実施した。' }).expect(200)
  ).body;
  state = await approve(state);
  state = await openScheduledEarly(api, hqAdmin, state);
  state = (await lead.post(`/cycles/${cycleId}/evaluation`, evaluationBody(item)).expect(200)).body;
  state = await approve(state, { rating: 'B', comment: '概ね達成' });

  // Fiscal years overlap: FY+1 opens while FY is in ACT (HQ starts it here; in production the
  // tenant's opener does on the plan-open date). FY's approved decision is then told to it.
  nextCycleId = (await startCycle(api, hqAdmin, item, FY + 1)).id;
  expect(nextCycleId).toBe(cycleIdFor(cycleWorkflowId(fx.tenant.code, item.id, FY + 1)));
  state = (
    await lead
      .post(`/cycles/${cycleId}/action`, {
        decision: 'continue',
        budgetProposal: 10_300_000,
        rationale: '効果が確認できたため継続',
      })
      .expect(200)
  ).body;
  await approve(state);
  await waitForAction(cycleId, 'cycle.completed');

  // The running FY+1 cycle heard FY's decision; HQ withdraws it.
  await waitForAction(nextCycleId, 'cycle.previous_year_decided');
  await admin.post(`/cycles/${nextCycleId}/withdraw`, { reason: '計画見直しのため' }).expect(200);

  const who = (user: FixtureUser, role: string) => ['user', user.id, role];
  const system = ['system', null, null];
  const expected: Array<[string, ...unknown[]]> = [
    ['cycle.started', ...who(hqAdmin, 'hq_admin')],
    ['task.deadline_moved', ...who(hqAdmin, 'hq_admin')],
    ['task.reminder', ...system],
    ['task.deadline_moved', ...who(hqAdmin, 'hq_admin')],
    ['task.escalated', ...system],
    ['plan.submitted', ...who(leader, 'wg_leader')],
    ['approval.returned', ...who(hqApprover, 'hq_approver')],
    ['plan.submitted', ...who(leader, 'wg_leader')],
    ['approval.approved', ...who(hqApprover, 'hq_approver')],
    ...Array.from({ length: 5 }, (): [string, ...unknown[]] => [
      'task.opened_early',
      ...who(hqAdmin, 'hq_admin'),
    ]),
    ['review.submitted', ...who(leader, 'wg_leader')],
    ['review.submitted', ...who(leader, 'wg_leader')],
    ['review.submitted', ...who(leader, 'wg_leader')],
    ['review.submitted', ...who(leader, 'wg_leader')],
    ['execution_report.submitted', ...who(leader, 'wg_leader')],
    ['approval.approved', ...who(hqApprover, 'hq_approver')],
    ['task.opened_early', ...who(hqAdmin, 'hq_admin')],
    ['evaluation.submitted', ...who(leader, 'wg_leader')],
    ['approval.approved', ...who(hqApprover, 'hq_approver')],
    ['action.submitted', ...who(leader, 'wg_leader')],
    ['approval.approved', ...who(hqApprover, 'hq_approver')],
    ['budget.reflected', ...system],
    ['cycle.completed', ...system],
  ];
  const actual = (await ledgerOf(cycleId)).map((r) => [r.action, r.actor_type, r.actor_id, r.actor_role]);
  expect(actual).toEqual(expected);
  const next = (await ledgerOf(nextCycleId)).map((r) => [r.action, r.actor_type, r.actor_id, r.actor_role]);
  expect(next).toEqual([
    ['cycle.started', ...who(hqAdmin, 'hq_admin')],
    ['cycle.previous_year_decided', ...system],
    ['cycle.withdrawn', ...who(hqAdmin, 'hq_admin')],
  ]);

  // One ledger entry per projected workflow event, no more, no less; comments and reasons kept.
  const [{ events, entries }] = await api.dataSource.query(
    `SELECT (SELECT count(*)::int FROM projection_log WHERE tenant_id = $1) AS events,
            (SELECT count(*)::int FROM audit_log WHERE tenant_id = $1) AS entries`,
    [fx.tenant.id],
  );
  expect(entries).toBe(expected.length + 3);
  expect(events).toBe(entries);
  const comments = (await ledgerOf(cycleId)).map((r) => (r as { comment?: string | null }).comment);
  expect(comments).toEqual(
    expect.arrayContaining([
      'テストのため前倒しで開始',
      '議会日程の変更のため',
      '目標値の根拠を追記してください',
      '了承',
      '概ね達成',
    ]),
  );

  // …and the chain over all of it verifies.
  const verified = await as(api, fx.tenant.users.auditor).get('/audit/verify').expect(200);
  expect(verified.body).toMatchObject({
    ok: true,
    entries: expected.length + 3,
    headSeq: expected.length + 3,
  });
});

it('tells the cycle’s story in one timeline: ledger entries after the Temporal events that caused them', async () => {
  const res = await as(api, fx.tenant.users.auditor).get(`/audit/cycles/${cycleId}/history`).expect(200);
  const body = res.body as { entries: TimelineEntry[]; temporal: unknown[]; temporalComplete: boolean };
  expect(body).toMatchObject({
    cycleId,
    fiscalYear: FY,
    itemCode: '1-1',
    ledgerEntries: 27,
    temporalComplete: true,
    temporal: [{ status: 'available', fiscalYear: FY, events: expect.any(Number) }],
  });
  const ledger = body.entries.filter((e) => e.source === 'ledger');
  expect(ledger.map((e) => e.ledger!.seq)).toEqual(
    [...ledger.map((e) => e.ledger!.seq)].sort((a, b) => a - b),
  );
  expect(ledger).toHaveLength(27);
  expect(
    ledger.every((e) => e.ledger!.temporalEventId !== null && /^[0-9a-f]{64}$/.test(e.ledger!.hash)),
  ).toBe(true);

  // Ordered as it happened: every entry sits after the history events before the activity that wrote it.
  const position = (e: TimelineEntry) =>
    e.source === 'ledger' ? e.ledger!.temporalEventId! : e.temporal!.eventId;
  const positions = body.entries.map(position);
  expect(positions).toEqual([...positions].sort((a, b) => a - b));

  const labels = body.entries.map((e) => e.label);
  const kinds = body.entries.map((e) => e.kind);
  expect(kinds[0]).toBe('WORKFLOW_EXECUTION_STARTED');
  expect(kinds.at(-1)).toBe('WORKFLOW_EXECUTION_COMPLETED');
  expect(labels).toEqual(
    expect.arrayContaining([
      `${FY}年度のサイクルを開始 — 本部 事務局（本部事務局） / FY${FY} cycle started by 本部 事務局 (HQ administrator)`,
      '取組計画を提出 — 改革 リーダー（WGリーダー） / action plan submitted by 改革 リーダー (Working-group leader)',
      '差戻し（取組計画） — 本部 承認者（本部承認者） / returned (action plan) by 本部 承認者 (HQ approver)',
      '本部承認（取組計画） — 本部 承認者（本部承認者） / approved (action plan) by 本部 承認者 (HQ approver)',
      '本部承認（評価・二次評価（本部） B） — 本部 承認者（本部承認者） / approved (evaluation, second evaluation (HQ) B) by 本部 承認者 (HQ approver)',
      'リマインダー送信「取組計画」（期限の1日前） — システム（自動） / reminder sent for "Action plan" (1 day(s) before the due date) (automatic)',
      '期限超過を本部へエスカレーション「取組計画」 — システム（自動） / overdue, escalated to HQ for "Action plan" (automatic)',
      `予算へ反映: +300千円（${FY + 1}年度 10,300千円、継続） — システム（自動） / budget reflected: +¥300,000 (FY${FY + 1}: ¥10,300,000, continue) (automatic)`,
      '年度終了（次年度継続） — システム（自動） / year ended (continues next year) (automatic)',
      '操作を受付: 取組計画の提出（送信者の申告: 改革 リーダー） / update accepted: submit the action plan (sender named in its arguments: 改革 リーダー)',
    ]),
  );
  // HQ's six early openings, each in words with the day it was scheduled for (2025年7月1日, not 2025-07-01 00:00).
  const early = labels.filter((l) => l.startsWith('予定より前倒しで受付開始'));
  expect(early).toHaveLength(6);
  expect(early[0]).toMatch(
    new RegExp(
      `^予定より前倒しで受付開始「.+」（予定日 ${FY}年7月1日） — 本部 事務局（本部事務局） / opened early for ".+" \\(scheduled for 1 Jul ${FY}\\) by 本部 事務局 \\(HQ administrator\\)$`,
    ),
  );
  // Each accepted Update is followed by the ledger entry it produced.
  const firstPlanUpdate = labels.findIndex((l) => l.includes('update accepted: submit the action plan'));
  expect(kinds[firstPlanUpdate + 1]).toBe('plan.submitted');
  const returned = body.entries.find((e) => e.kind === 'approval.returned')!;
  expect(returned).toMatchObject({
    comment: '目標値の根拠を追記してください',
    actor: { role: 'hq_approver' },
  });

  // HQ administration may read it too; detail=all adds the machinery (workflow tasks, timers, activities).
  const all = await as(api, fx.tenant.users.hqAdmin)
    .get(`/audit/cycles/${cycleId}/history?detail=all`)
    .expect(200);
  expect(all.body.entries.length).toBeGreaterThan(body.entries.length);
  expect(all.body.entries.map((e: TimelineEntry) => e.kind)).toEqual(
    expect.arrayContaining(['WORKFLOW_TASK_COMPLETED', 'ACTIVITY_TASK_SCHEDULED', 'TIMER_FIRED']),
  );
  // Every ledger entry of the cycle is tied to the activity that wrote it.
  const ledgerEntries = all.body.entries.filter((e: TimelineEntry) => e.source === 'ledger');
  expect(ledgerEntries.length).toBeGreaterThan(5);
  for (const entry of ledgerEntries) expect(entry.ledger?.temporalEventId).toEqual(expect.any(Number));
  expect(all.body.entries.map((e: TimelineEntry) => e.labelEn)).toContainEqual(
    expect.stringMatching(/^activity scheduled: projectCycleEvent \(plan\.submitted\)$/),
  );
  // The decision reaches the running FY+1 cycle as a signal; no child workflow is started.
  const allKinds = all.body.entries.map((e: TimelineEntry) => e.kind);
  expect(allKinds).toContain('SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED');
  expect(allKinds).not.toContain('START_CHILD_WORKFLOW_EXECUTION_INITIATED');
  await as(api, fx.otherTenant.users.auditor).get(`/audit/cycles/${cycleId}/history`).expect(404);
});

it('tells the item’s story across fiscal years, and keeps the ledger part when Temporal has forgotten a run', async () => {
  const item = fx.tenant.items.main;
  const auditor = as(api, fx.tenant.users.auditor);
  const res = await auditor.get(`/audit/items/${item.id}/history`).expect(200);
  expect(res.body).toMatchObject({
    itemId: item.id,
    cycles: [
      { cycleId, fiscalYear: FY, status: 'completed' },
      { cycleId: nextCycleId, fiscalYear: FY + 1, status: 'withdrawn' },
    ],
    ledgerEntries: 30,
    temporalComplete: true,
  });
  const ledger = (res.body.entries as TimelineEntry[]).filter((e) => e.source === 'ledger');
  // Ordered as it happened: FY+1 opened while FY was in ACT.
  expect(ledger.map((e) => e.fiscalYear).sort()).toEqual([...Array(27).fill(FY), ...Array(3).fill(FY + 1)]);
  expect(ledger.map((e) => e.ledger!.seq)).toEqual(
    [...ledger.map((e) => e.ledger!.seq)].sort((a, b) => a - b),
  );
  expect(ledger.at(-1)).toMatchObject({ kind: 'cycle.withdrawn', comment: '計画見直しのため' });

  // An API whose Temporal namespace has never seen these runs: what the API sees once the
  // namespace's retention period has passed (the dev server deletes histories only lazily).
  const temporal = api.app.get(TemporalClientService);
  const namespace = `audit-forgotten-${uniqueSuffix()}`;
  await temporal.client.workflowService.registerNamespace({
    namespace,
    workflowExecutionRetentionPeriod: msToTs('1 day'),
  });
  const forgetful = await startApiApp({ TEMPORAL_NAMESPACE: namespace });
  try {
    await expectLedgerOnlyHistories(forgetful, item.id);
  } finally {
    await forgetful.close();
  }

  // The engine's own steps, exported: reminders, escalation, budget reflection, completion, and
  // FY+1 hearing FY's decision (the last two are recorded by two workflows, in either order).
  const csv = await auditor.get('/audit/log?format=csv&actor=system').expect(200);
  const actions = csv.text
    .split('\r\n')
    .slice(1, -1)
    .map((line) => line.split('","')[3]);
  expect(actions.slice(0, 3)).toEqual(['task.reminder', 'task.escalated', 'budget.reflected']);
  expect(actions.slice(3).sort()).toEqual(['cycle.completed', 'cycle.previous_year_decided']);
});

async function expectLedgerOnlyHistories(forgetful: ApiTestApp, itemId: string): Promise<void> {
  const auditor = as(forgetful, fx.tenant.users.auditor);
  const gone = await eventually(async () => {
    const r = await auditor.get(`/audit/cycles/${nextCycleId}/history`).expect(200);
    return r.body.temporal[0].status === 'not_found' ? r.body : undefined;
  }, WAIT_MS);
  expect(gone).toMatchObject({
    temporalComplete: false,
    ledgerEntries: 3,
    temporal: [{ status: 'not_found', events: 0, messageEn: expect.stringContaining('retention') }],
  });
  expect(gone.entries.map((e: TimelineEntry) => [e.source, e.kind])).toEqual([
    ['ledger', 'cycle.started'],
    ['ledger', 'cycle.previous_year_decided'],
    ['ledger', 'cycle.withdrawn'],
  ]);
  const itemAfter = await auditor.get(`/audit/items/${itemId}/history`).expect(200);
  expect(itemAfter.body).toMatchObject({ temporalComplete: false, ledgerEntries: 30 });
  expect(itemAfter.body.temporal.map((t: { status: string }) => t.status)).toEqual([
    'not_found',
    'not_found',
  ]);
  expect(itemAfter.body.entries.every((e: TimelineEntry) => e.source === 'ledger')).toBe(true);
  expect(itemAfter.body.entries.filter((e: TimelineEntry) => e.source === 'ledger')).toHaveLength(30);
}
