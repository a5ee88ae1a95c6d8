/**
 * #26 事業検証 on the time-skipping server with a real worker writing real PostgreSQL: a round
 * opened in October with three items; the team is reminded before its due date and submits
 * 検証結果 + 方向性; HQ returns one with a comment and decides each (本部の決定). 縮小 reaches
 * FY N+1's budget as a proposal (budget_reflections, origin 'verification'), 継続 keeps the
 * amount, 方向性未決定 reflects nothing and the item reappears in next October's round with this
 * year's findings. The read model, the ledger (on each item's timeline) and the outbox follow.
 */
import {
  decideVerificationUpdate,
  submitVerificationFindingsUpdate,
  VERIFICATION_WORKFLOW_TYPE,
  type VerificationState,
  verificationStartedUpdate,
  verificationWorkflowId,
} from '@pdca/contracts';
import { jstInstant } from '@pdca/domain';
import { VerificationReadRepository } from '@pdca/persistence/repositories/verification-read.repository';
import type { DataSource } from 'typeorm';
import { recordHistoryIfAsked, rejectionOf } from '../support/cycle-client';
import { createCycleFixture } from '../support/cycle-fixtures';
import { openDataSource } from '../support/test-worker';
import { businessSleeper, eventually, withTimeSkippingWorker } from '../support/time-skipping';
import { addItem, VERIFICATION_DECISIONS, verificationInput } from '../support/verification-fixtures';

let db: DataSource;
beforeAll(async () => {
  db = await openDataSource();
});
afterAll(async () => {
  await db?.destroy();
});

const DAY = 86_400_000;
const OCTOBER = jstInstant(2026, 10, 1, 10).getTime();
const NEXT_OCTOBER = jstInstant(2027, 10, 1, 10).getTime();

it('decides 縮小 into FY N+1’s budget, keeps 継続, and carries 方向性未決定 into next October’s round with its findings', async () => {
  const f = await createCycleFixture(db, { settings: { decisions: VERIFICATION_DECISIONS } });
  const reduced = f.itemId; // 1-1, 10,000,000 yen
  const continued = await addItem(db, f, '1-2', '公共施設の予約システム', 4_000_000);
  const undecided = await addItem(db, f, '1-3', '補助金の見直し', 2_500_000);
  const findingsDueAt = jstInstant(2026, 10, 30, 17);
  const decisionDueAt = jstInstant(2026, 11, 30, 17);
  const input = await verificationInput(db, f, {
    fiscalYear: 2026,
    title: '令和8年度 事業検証',
    chosen: [reduced, continued, undecided],
    team: [f.member],
    createdBy: f.hqAdmin,
    findingsDueAt,
    decisionDueAt,
    businessStartMs: OCTOBER,
  });
  expect(input.items.map((i) => [i.itemId, i.currentAmount, i.carriedFrom])).toEqual([
    [reduced, 10_000_000, null],
    [continued, 4_000_000, null],
    [undecided, 2_500_000, null],
  ]);
  const rowOf = (itemId: string) => input.items.find((i) => i.itemId === itemId)!.verificationItemId;

  await withTimeSkippingWorker(db, 'verification', async ({ env, client, taskQueue }) => {
    const workflowId = verificationWorkflowId(f.tenantCode, input.roundId);
    const h = await client.workflow.start(VERIFICATION_WORKFLOW_TYPE, {
      workflowId,
      taskQueue,
      args: [input],
    });
    let s: VerificationState = await h.executeUpdate(verificationStartedUpdate);
    expect(s).toMatchObject({ status: 'open', fiscalYear: 2026 });
    const round = () =>
      db.query('SELECT * FROM verification_rounds WHERE id = $1', [input.roundId]).then((r) => r[0]);
    expect(await round()).toMatchObject({
      status: 'open',
      reminders_sent: 0,
      findings_due_at: findingsDueAt,
    });

    // The team hears 7 days before its due date (the tenant's evaluation reminder policy).
    const sleepUntil = businessSleeper(env, OCTOBER, await env.currentTimeMs());
    await sleepUntil(findingsDueAt.getTime() - 7 * DAY - 3_600_000);
    expect((await round()).reminders_sent).toBe(0);
    await sleepUntil(findingsDueAt.getTime() - 7 * DAY + 3_600_000);
    await eventually(round, (r) => r.reminders_sent === 1, 'the team’s first reminder');

    const submit = (itemId: string, payload: Record<string, unknown>, actor = f.member) =>
      h.executeUpdate(submitVerificationFindingsUpdate, {
        args: [actor, { itemId, ...payload } as never],
      });
    const findings = '受益者が限定的で、類似事業との重複がある。';
    // Only the team; the budget proposal by the decision's rule; an item of the round.
    expect(
      await rejectionOf(
        submit(reduced, { findings, decision: 'reduce', budgetProposal: 8_000_000 }, f.leader),
      ),
    ).toBe('NOT_ALLOWED');
    expect(
      await rejectionOf(submit(reduced, { findings, decision: 'reduce', budgetProposal: 12_000_000 })),
    ).toBe('INVALID_PAYLOAD');
    expect(await rejectionOf(submit(f.hq.userId, { findings, decision: 'continue' }))).toBe(
      'INVALID_PAYLOAD',
    );
    expect(await rejectionOf(submit(reduced, { findings: '', decision: 'nope' }))).toBe('INVALID_PAYLOAD');

    s = await submit(reduced, { findings, decision: 'reduce', budgetProposal: 8_000_000 });
    s = await submit(continued, { findings: '利用が伸びており、現行どおり継続する。', decision: 'continue' });
    s = await submit(undecided, { findings: '国の制度改正を待って判断する。', decision: 'undecided' });
    expect(s.items.map((i) => i.status)).toEqual(['submitted', 'submitted', 'submitted']);
    expect(await rejectionOf(submit(reduced, { findings, decision: 'continue' }))).toBe('WRONG_STAGE');

    const pending = (itemId: string) =>
      s.items.find((i) => i.itemId === itemId)!.approvals.find((a) => a.status === 'pending')!.id;
    const decide = (itemId: string, decision: 'approve' | 'return', comment?: string) =>
      h.executeUpdate(decideVerificationUpdate, {
        args: [f.hq, { approvalId: pending(itemId), decision, ...(comment ? { comment } : {}) }],
      });
    // The team member may not decide on their own findings, even holding hq_approver.
    const memberAlsoApprover = { ...f.member, roles: [...f.member.roles, 'hq_approver' as const] };
    expect(
      await rejectionOf(
        h.executeUpdate(decideVerificationUpdate, {
          args: [memberAlsoApprover, { approvalId: pending(reduced), decision: 'approve' }],
        }),
      ),
    ).toBe('OWN_SUBMISSION');
    s = await decide(reduced, 'return', '縮小額の根拠を示してください');
    expect(s.items[0]).toMatchObject({ status: 'returned', round: 1 });
    s = await submit(reduced, {
      findings,
      decision: 'reduce',
      budgetProposal: 7_500_000,
      returnAnswer: '利用者数の減少率から積算しました。',
    });
    s = await decide(reduced, 'approve');
    s = await decide(continued, 'approve');
    expect(s.status).toBe('open');
    s = await decide(undecided, 'approve');
    expect(s.status).toBe('decided');
    expect(s.items.map((i) => [i.decision, i.carriesOver])).toEqual([
      ['reduce', false],
      ['continue', false],
      ['undecided', true],
    ]);
    expect(await h.result()).toMatchObject({ status: 'decided' });
    recordHistoryIfAsked(workflowId, 'business-verification', env.address);
  });

  // 縮小 reaches FY2027's budget (decided in November 2026, before the formulation window closes);
  // 継続 carries the amount over; 方向性未決定 reflects nothing.
  const reflections = await db.query(
    `SELECT item_id, origin, cycle_id, verification_item_id, source_fiscal_year, fiscal_year, decision,
            current_amount::int, proposed_amount::int, delta::int, rule
       FROM budget_reflections WHERE tenant_id = $1 ORDER BY proposed_amount DESC`,
    [f.tenantId],
  );
  expect(reflections).toEqual([
    {
      item_id: reduced,
      origin: 'verification',
      cycle_id: null,
      verification_item_id: rowOf(reduced),
      source_fiscal_year: 2026,
      fiscal_year: 2027,
      decision: 'reduce',
      current_amount: 10_000_000,
      proposed_amount: 7_500_000,
      delta: -2_500_000,
      rule: 'reduce.proposal',
    },
    {
      item_id: continued,
      origin: 'verification',
      cycle_id: null,
      verification_item_id: rowOf(continued),
      source_fiscal_year: 2026,
      fiscal_year: 2027,
      decision: 'continue',
      current_amount: 4_000_000,
      proposed_amount: 4_000_000,
      delta: 0,
      rule: 'continue.carry_over',
    },
  ]);
  const budgets = await db.query(
    `SELECT item_id, amount::int, source FROM item_budgets WHERE tenant_id = $1 AND fiscal_year = 2027 ORDER BY amount DESC`,
    [f.tenantId],
  );
  expect(budgets).toEqual([
    { item_id: reduced, amount: 7_500_000, source: 'reflection' },
    { item_id: continued, amount: 4_000_000, source: 'reflection' },
  ]);

  // Every step is on the item's timeline, with actor, role and comment.
  const ledger = await db.query(
    `SELECT action, actor_role, comment, payload FROM audit_log WHERE item_id = $1 AND action LIKE 'verification.%' ORDER BY seq`,
    [reduced],
  );
  expect(ledger.map((e: { action: string }) => e.action)).toEqual([
    'verification.submitted',
    'verification.returned',
    'verification.submitted',
    'verification.approved',
  ]);
  expect(ledger[0].actor_role).toBe('wg_leader');
  expect(ledger[1]).toMatchObject({ actor_role: 'hq_approver', comment: '縮小額の根拠を示してください' });
  expect(ledger[3].payload).toMatchObject({
    decision: 'reduce',
    carriesOver: false,
    budget: { fiscalYear: 2027, proposedAmount: 7_500_000, delta: -2_500_000 },
  });
  const roundLedger = await db.query(
    `SELECT action, payload FROM audit_log WHERE tenant_id = $1 AND action IN ('verification.created', 'verification.reminder') ORDER BY seq`,
    [f.tenantId],
  );
  expect(roundLedger.map((e: { action: string }) => e.action)).toEqual([
    'verification.created',
    'verification.reminder',
  ]);
  expect(roundLedger[1].payload).toMatchObject({
    stage: 'findings',
    missing: [reduced, continued, undecided],
  });
  const outbox = await db.query(
    `SELECT type, payload FROM outbox WHERE tenant_id = $1 AND type LIKE 'verification.%' ORDER BY created_at, id`,
    [f.tenantId],
  );
  expect(outbox.map((m: { type: string }) => m.type)).toEqual(
    expect.arrayContaining([
      'verification.findings_requested',
      'verification.reminder',
      'verification.approval_requested',
    ]),
  );
  for (const m of outbox) {
    expect(m.payload).toMatchObject({ tenantId: f.tenantId, roundId: input.roundId, fiscalYear: 2026 });
    // Mails say that something waits; the findings stay in the app.
    expect(JSON.stringify(m.payload)).not.toContain('受益者が限定的');
  }

  // Next October: the undecided item is chosen again before anything HQ picks, with this year's findings.
  const next = await verificationInput(db, f, {
    fiscalYear: 2027,
    title: '令和9年度 事業検証',
    chosen: [continued],
    team: [f.member],
    createdBy: f.hqAdmin,
    findingsDueAt: jstInstant(2027, 10, 29, 17),
    decisionDueAt: jstInstant(2027, 11, 30, 17),
    businessStartMs: NEXT_OCTOBER,
  });
  expect(next.items.map((i) => [i.itemId, i.carriedFrom])).toEqual([
    [undecided, rowOf(undecided)],
    [continued, null],
  ]);
  await withTimeSkippingWorker(db, 'verification-next', async ({ client, taskQueue }) => {
    const h = await client.workflow.start(VERIFICATION_WORKFLOW_TYPE, {
      workflowId: verificationWorkflowId(f.tenantCode, next.roundId),
      taskQueue,
      args: [next],
    });
    await h.executeUpdate(verificationStartedUpdate);
    const items = await new VerificationReadRepository(db).items(f.tenantId, next.roundId);
    expect(items.map((i) => i.code)).toEqual(['1-3', '1-2']);
    expect(items[0]).toMatchObject({
      status: 'open',
      currentAmount: 2_500_000,
      carriedFrom: {
        verificationItemId: rowOf(undecided),
        roundId: input.roundId,
        fiscalYear: 2026,
        decision: 'undecided',
        submission: { findings: '国の制度改正を待って判断する。', decision: 'undecided' },
      },
    });
    await h.terminate('test done');
  });
  // A third round takes it no more: it has been carried once.
  const third = await verificationInput(db, f, {
    fiscalYear: 2028,
    title: '令和10年度 事業検証',
    chosen: [],
    team: [f.member],
    createdBy: f.hqAdmin,
    findingsDueAt: jstInstant(2028, 10, 27, 17),
    decisionDueAt: jstInstant(2028, 11, 30, 17),
  });
  expect(third.items).toEqual([]);
});
