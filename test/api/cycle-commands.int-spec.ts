/**
 * The cycle commands over HTTP with a real worker: start, submissions, decisions, deadlines and
 * withdrawal — for each the happy path and its 400/401/403/404/409 answers, tenants and roles.
 */
import { freePort } from '@pdca/devstack';
import { type ApiTestApp, startApiApp, startApiWithWorker } from './api-test-app';
import { as, FY, pendingApprovalId, planBody, startCycle } from './cycle-helpers';
import { type ApiFixture, createApiFixture, type FixtureTenant } from './fixtures';

let api: ApiTestApp;
let fx: ApiFixture;
let t: FixtureTenant;

beforeAll(async () => {
  api = await startApiWithWorker('api-commands');
  fx = await createApiFixture(api);
  t = fx.tenant;
});

afterAll(async () => {
  await api?.close();
});

describe('POST /items/:itemId/cycles', () => {
  let cycleId: string;

  it('starts the cycle: 201 with the recorded cycle (stage PLAN, a plan task for the leader)', async () => {
    const res = await as(api, t.users.hqAdmin)
      .post(`/items/${t.items.main.id}/cycles`, { fiscalYear: FY })
      .expect(201);
    cycleId = res.body.id;
    expect(res.body).toMatchObject({
      itemId: t.items.main.id,
      itemCode: '1-1',
      fiscalYear: FY,
      stage: 'PLAN',
      status: 'awaiting_submission',
      awaitingApproval: false,
      workflowId: `pdca/${t.code}/${t.items.main.id}/${FY}`,
      approvals: [],
      budgetReflection: null,
    });
    expect(res.body.tasks).toEqual([
      expect.objectContaining({ kind: 'plan', status: 'open', assigneeUserId: t.users.leader.id }),
    ]);
  });

  it('answers 200 with the same cycle when it already runs (admin may start too)', async () => {
    const res = await as(api, t.users.admin)
      .post(`/items/${t.items.main.id}/cycles`, { fiscalYear: FY })
      .expect(200);
    expect(res.body.id).toBe(cycleId);
  });

  it('shows up in the item list and detail as the current cycle, and at GET /cycles/:id', async () => {
    const list = await as(api, t.users.leader).get(`/items?stage=PLAN&fiscalYear=${FY}`).expect(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        id: t.items.main.id,
        currentCycle: expect.objectContaining({
          id: cycleId,
          stage: 'PLAN',
          status: 'awaiting_submission',
          fiscalYear: FY,
        }),
      }),
    ]);
    const detail = await as(api, t.users.auditor).get(`/items/${t.items.main.id}`).expect(200);
    expect(detail.body.currentCycle.id).toBe(cycleId);
    const cycle = await as(api, t.users.auditor).get(`/cycles/${cycleId}`).expect(200);
    expect(cycle.body).toMatchObject({
      id: cycleId,
      stage: 'PLAN',
      plan: null,
      evaluation: null,
      decision: null,
    });
  });

  it('is 403 for roles other than hq_admin and admin', async () => {
    for (const user of [t.users.leader, t.users.hqApprover, t.users.auditor]) {
      const res = await as(api, user)
        .post(`/items/${t.items.other.id}/cycles`, { fiscalYear: FY })
        .expect(403);
      expect(res.body.message).toMatch(/start the cycle/);
    }
  });

  it('is 404 for another tenant’s item (and the cycle stays unseen there)', async () => {
    await as(api, fx.otherTenant.users.hqAdmin)
      .post(`/items/${t.items.main.id}/cycles`, { fiscalYear: FY })
      .expect(404);
    await as(api, fx.otherTenant.users.auditor).get(`/cycles/${cycleId}`).expect(404);
  });

  it('is 400 for a bad body and for a year outside the plan period', async () => {
    const admin = as(api, t.users.hqAdmin);
    const shape = await admin
      .post(`/items/${t.items.other.id}/cycles`, { fiscalYear: '2027', extra: 1 })
      .expect(400);
    expect(shape.body.details.map((d: { field: string; rule: string }) => `${d.field}:${d.rule}`)).toEqual(
      expect.arrayContaining(['fiscalYear:isInt', 'extra:whitelistValidation']),
    );
    const period = await admin.post(`/items/${t.items.other.id}/cycles`, { fiscalYear: 2031 }).expect(400);
    expect(period.body.details).toEqual([
      expect.objectContaining({ field: 'fiscalYear', rule: 'plan_period' }),
    ]);
  });

  it('is 409 for a fiscal year whose cycle has ended (withdrawn)', async () => {
    const cycle = await startCycle(api, t.users.hqAdmin, t.items.other, FY + 1);
    await as(api, t.users.hqAdmin).post(`/cycles/${cycle.id}/withdraw`, { reason: '事業統合' }).expect(200);
    const res = await as(api, t.users.hqAdmin)
      .post(`/items/${t.items.other.id}/cycles`, { fiscalYear: FY + 1 })
      .expect(409);
    expect(res.body.code).toBe('CLOSED');
  });

  it('is 401 without a token', async () => {
    await api.http().post(`/api/v1/items/${t.items.main.id}/cycles`).send({ fiscalYear: FY }).expect(401);
  });
});

describe('submitting and deciding the plan', () => {
  let cycleId: string;
  let approvalId: string;

  beforeAll(async () => {
    cycleId = (await startCycle(api, t.users.hqAdmin, t.items.main)).id;
  });

  it('is 400 for a body of the wrong shape, listing every field', async () => {
    const res = await as(api, t.users.leader)
      .post(`/cycles/${cycleId}/plan`, {
        targets: [{ indicatorId: 1, target: 'x' }],
        activities: 'one',
        note: 'x',
        returnAnswer: 'x'.repeat(2001),
      })
      .expect(400);
    expect(res.body.details.map((d: { field: string; rule: string }) => `${d.field}:${d.rule}`)).toEqual(
      expect.arrayContaining([
        'targets[0].indicatorId:isString',
        'targets[0].target:isNumber',
        'activities:isArray',
        'budgetRequest:isDefined',
        'note:whitelistValidation',
        // 差戻しへの回答 is optional text, bounded (#28 point 2).
        'returnAnswer:maxLength',
      ]),
    );
  });

  it('is 400 with the workflow’s problems for a payload that breaks business rules', async () => {
    const body = {
      ...planBody(t.items.main),
      targets: [planBody(t.items.main).targets[0]],
      budgetRequest: 1.5,
    };
    const res = await as(api, t.users.leader).post(`/cycles/${cycleId}/plan`, body).expect(400);
    expect(res.body.code).toBe('INVALID_PAYLOAD');
    expect(res.body.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'targets', rule: 'missing_indicator' }),
        expect.objectContaining({ field: 'budgetRequest', rule: 'integer_yen' }),
      ]),
    );
    expect(res.body.messageJa).toBe('入力内容に誤りがあります。');
  });

  it('is 403 for a leader of another group, and for roles that do not submit', async () => {
    const other = await as(api, t.users.otherLeader)
      .post(`/cycles/${cycleId}/plan`, planBody(t.items.main))
      .expect(403);
    expect(other.body.code).toBe('NOT_ALLOWED');
    for (const user of [t.users.hqAdmin, t.users.hqApprover, t.users.auditor]) {
      const res = await as(api, user).post(`/cycles/${cycleId}/plan`, planBody(t.items.main)).expect(403);
      expect(res.body.code).toBe('ROLE_REQUIRED');
    }
  });

  it('is 404 for a leader of another tenant and for an unknown cycle', async () => {
    await as(api, fx.otherTenant.users.leader)
      .post(`/cycles/${cycleId}/plan`, planBody(t.items.main))
      .expect(404);
    await as(api, t.users.leader)
      .post('/cycles/00000000-0000-8000-8000-000000000000/plan', planBody(t.items.main))
      .expect(404);
  });

  it('is 409 for a submission the PLAN stage does not take', async () => {
    const res = await as(api, t.users.leader)
      .post(`/cycles/${cycleId}/execution-report`, { summary: 'x' })
      .expect(409);
    expect(res.body.code).toBe('WRONG_STAGE');
  });

  it('accepts the leader’s plan: 200 with the cycle state awaiting approval', async () => {
    const res = await as(api, t.users.leader)
      .post(`/cycles/${cycleId}/plan`, planBody(t.items.main))
      .expect(200);
    expect(res.body).toMatchObject({
      cycleId,
      stage: 'PLAN',
      status: 'awaiting_approval',
      awaitingApproval: true,
    });
    expect(res.body.plan.payload).toEqual(planBody(t.items.main));
    approvalId = pendingApprovalId(res.body);
  });

  it('is 409 when the plan is submitted again while awaiting a decision', async () => {
    const res = await as(api, t.users.leader)
      .post(`/cycles/${cycleId}/plan`, planBody(t.items.main))
      .expect(409);
    expect(res.body.code).toBe('NOT_PENDING');
  });

  it('lists the pending approval in the inbox and the submitted plan at GET /cycles/:id', async () => {
    const inbox = await as(api, t.users.hqApprover).get('/approvals?status=pending').expect(200);
    expect(inbox.body.items).toEqual([
      expect.objectContaining({
        id: approvalId,
        cycleId,
        itemCode: '1-1',
        fiscalYear: FY,
        stage: 'PLAN',
        submissionKind: 'plan',
        status: 'pending',
        submittedBy: t.users.leader.id,
      }),
    ]);
    await as(api, fx.otherTenant.users.hqApprover)
      .get('/approvals?status=pending')
      .expect(200)
      .expect((res) => expect(res.body.total).toBe(0));
    const cycle = await as(api, t.users.auditor).get(`/cycles/${cycleId}`).expect(200);
    // The approval carries its round's submission (from the ledger): HQ compares rounds with it.
    expect(cycle.body.approvals).toEqual([
      expect.objectContaining({
        id: approvalId,
        status: 'pending',
        payload: planBody(t.items.main),
        // The 提出者 by name, as the approval page shows it (#28 point 3).
        submittedByName: t.users.leader.displayName,
        decidedByName: null,
      }),
    ]);
    expect(cycle.body).toMatchObject({ status: 'awaiting_approval', awaitingApproval: true });
    expect(cycle.body.plan).toMatchObject({
      round: 1,
      submittedBy: t.users.leader.id,
      payload: planBody(t.items.main),
    });
  });

  it('decision: 400 for a bad body, 400 for a return without a comment', async () => {
    const hq = as(api, t.users.hqApprover);
    const shape = await hq
      .post(`/approvals/${approvalId}/decision`, { decision: 'maybe', rating: 'E' })
      .expect(400);
    expect(shape.body.details.map((d: { field: string }) => d.field)).toEqual(['decision']);
    // A rating is a code of the city's 二次評価 scale, checked by the cycle: on a plan it has no place.
    const rating = await hq
      .post(`/approvals/${approvalId}/decision`, { decision: 'approve', rating: 'E' })
      .expect(400);
    expect(rating.body.details).toEqual([
      expect.objectContaining({ field: 'rating', rule: 'evaluation_only' }),
    ]);
    const noComment = await hq.post(`/approvals/${approvalId}/decision`, { decision: 'return' }).expect(400);
    expect(noComment.body).toMatchObject({ code: 'INVALID_PAYLOAD' });
    expect(noComment.body.details).toEqual([expect.objectContaining({ field: 'comment', rule: 'required' })]);
  });

  it('decision: 403 for roles other than hq_approver, 404 for another tenant or unknown approval', async () => {
    for (const user of [t.users.leader, t.users.hqAdmin, t.users.auditor, t.users.admin]) {
      await as(api, user).post(`/approvals/${approvalId}/decision`, { decision: 'approve' }).expect(403);
    }
    await as(api, fx.otherTenant.users.hqApprover)
      .post(`/approvals/${approvalId}/decision`, { decision: 'approve' })
      .expect(404);
    await as(api, t.users.hqApprover)
      .post('/approvals/00000000-0000-4000-8000-000000000000/decision', { decision: 'approve' })
      .expect(404);
  });

  it('approves: 200 with the cycle in DO and its review tasks, then 409 when approving again', async () => {
    const res = await as(api, t.users.hqApprover)
      .post(`/approvals/${approvalId}/decision`, { decision: 'approve', comment: '了承' })
      .expect(200);
    expect(res.body).toMatchObject({ stage: 'DO', status: 'awaiting_submission' });
    expect(res.body.tasks.filter((task: { kind: string }) => task.kind === 'review')).toHaveLength(4);
    const again = await as(api, t.users.hqApprover)
      .post(`/approvals/${approvalId}/decision`, { decision: 'approve' })
      .expect(409);
    expect(again.body.code).toBe('NOT_PENDING');
  });
});

describe('separation of duties', () => {
  it('an HQ approver who leads an item cannot approve their own submission (403 OWN_SUBMISSION)', async () => {
    const { leaderApprover } = t.users;
    const cycle = await startCycle(api, t.users.hqAdmin, t.items.selfApproval);
    const submitted = await as(api, leaderApprover)
      .post(`/cycles/${cycle.id}/plan`, planBody(t.items.selfApproval))
      .expect(200);
    const approvalId = pendingApprovalId(submitted.body);
    const res = await as(api, leaderApprover)
      .post(`/approvals/${approvalId}/decision`, { decision: 'approve' })
      .expect(403);
    expect(res.body.code).toBe('OWN_SUBMISSION');
    expect(res.body.messageJa).toEqual(expect.any(String));
    // Someone else may.
    await as(api, t.users.hqApprover)
      .post(`/approvals/${approvalId}/decision`, { decision: 'approve' })
      .expect(200);
  });
});

describe('tasks: inbox, reviews and deadlines', () => {
  let cycleId: string;
  let reviews: Array<{ id: string; periodIndex: number; dueAt: string }>;

  beforeAll(async () => {
    // The main item's cycle is in DO after the plan tests above.
    const list = await as(api, t.users.leader).get(`/items/${t.items.main.id}`).expect(200);
    cycleId = list.body.currentCycle.id;
    const cycle = await as(api, t.users.leader).get(`/cycles/${cycleId}`).expect(200);
    expect(cycle.body.stage).toBe('DO');
    reviews = cycle.body.tasks.filter((task: { kind: string }) => task.kind === 'review');
  });

  it('GET /tasks: the leader sees their tasks, scheduled apart from open ones; HQ the tenant’s, nobody another tenant’s', async () => {
    // FY's reviews and report open months from now: scheduled (予定), listed apart.
    const mine = await as(api, t.users.leader).get('/tasks?status=scheduled').expect(200);
    expect(mine.body.items.length).toBeGreaterThanOrEqual(5);
    expect(mine.body.items.every((task: { status: string }) => task.status === 'scheduled')).toBe(true);
    const open = await as(api, t.users.leader).get('/tasks?status=open').expect(200);
    const scheduledIds = new Set(mine.body.items.map((task: { id: string }) => task.id));
    expect(open.body.items.some((task: { id: string }) => scheduledIds.has(task.id))).toBe(false);
    const firstReview = mine.body.items.find((task: { id: string }) => task.id === reviews[0].id);
    expect(firstReview).toMatchObject({ status: 'scheduled', openAt: `${FY}-06-30T15:00:00.000Z` });
    expect(
      mine.body.items.every((task: { assigneeUserId: string }) => task.assigneeUserId === t.users.leader.id),
    ).toBe(true);
    expect(mine.body.items[0]).toMatchObject({
      itemCode: '1-1',
      fiscalYear: FY,
      cycleStage: 'DO',
      title: { ja: expect.any(String), en: expect.any(String) },
    });
    const member = await as(api, t.users.member).get('/tasks').expect(200);
    expect(member.body.total).toBe(0);
    const hq = await as(api, t.users.hqAdmin).get('/tasks').expect(200);
    expect(hq.body.total).toBeGreaterThan(mine.body.total);
    const hqMine = await as(api, t.users.hqAdmin).get('/tasks?mine=true').expect(200);
    expect(hqMine.body.total).toBe(0);
    const foreign = await as(api, fx.otherTenant.users.hqAdmin).get('/tasks').expect(200);
    expect(foreign.body.total).toBe(0);
  });

  it('PATCH /tasks/:id/deadline moves an open task’s deadline (hq_admin)', async () => {
    // The fourth quarter's review opens once the quarter has ended (1 April): a later deadline.
    const dueAt = `${FY + 1}-04-30T17:00:00+09:00`;
    const res = await as(api, t.users.hqAdmin)
      .patch(`/tasks/${reviews[3].id}/deadline`, { dueAt, reason: '議会日程の変更' })
      .expect(200);
    const moved = res.body.tasks.find((task: { id: string }) => task.id === reviews[3].id);
    expect(moved.dueAt).toBe(new Date(dueAt).toISOString());
    const cycle = await as(api, t.users.auditor).get(`/cycles/${cycleId}`).expect(200);
    expect(cycle.body.tasks.find((task: { id: string }) => task.id === reviews[3].id).dueAt).toBe(
      new Date(dueAt).toISOString(),
    );
    // The reason stays with the cycle, for everyone who opens the task (the leader included).
    const leaderView = await as(api, t.users.leader).get(`/cycles/${cycleId}`).expect(200);
    expect(leaderView.body.deadlineChanges).toEqual([
      {
        taskId: reviews[3].id,
        from: reviews[3].dueAt,
        to: new Date(dueAt).toISOString(),
        reason: '議会日程の変更',
        changedAt: expect.any(String),
        changedBy: t.users.hqAdmin.displayName,
      },
    ]);
  });

  it('PATCH deadline: 400 bad body, 400 a past date or one before the opening date, 403 other roles, 404 unknown or foreign task', async () => {
    const admin = as(api, t.users.hqAdmin);
    const shape = await admin.patch(`/tasks/${reviews[3].id}/deadline`, { dueAt: 'tomorrow' }).expect(400);
    expect(shape.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['dueAt', 'reason']);
    const past = await admin
      .patch(`/tasks/${reviews[3].id}/deadline`, { dueAt: '2020-01-01T00:00:00Z', reason: 'x' })
      .expect(400);
    expect(past.body.details).toEqual([expect.objectContaining({ field: 'dueAt', rule: 'future' })]);
    // Not to or before the day a scheduled task opens (the first review opens on 1 July).
    const beforeOpening = await admin
      .patch(`/tasks/${reviews[0].id}/deadline`, { dueAt: `${FY}-06-20T08:00:00Z`, reason: '日程変更' })
      .expect(400);
    expect(beforeOpening.body.details).toEqual([
      expect.objectContaining({
        field: 'dueAt',
        rule: 'after_opening',
        messageJa: `新しい期限は受付開始日（${FY}年7月1日）より後にしてください。`,
      }),
    ]);
    for (const user of [t.users.hqApprover, t.users.leader, t.users.auditor]) {
      await as(api, user)
        .patch(`/tasks/${reviews[3].id}/deadline`, { dueAt: `${FY + 1}-02-01T00:00:00Z`, reason: 'x' })
        .expect(403);
    }
    await as(api, fx.otherTenant.users.hqAdmin)
      .patch(`/tasks/${reviews[3].id}/deadline`, { dueAt: `${FY + 1}-02-01T00:00:00Z`, reason: 'x' })
      .expect(404);
    await admin
      .patch('/tasks/00000000-0000-4000-8000-000000000000/deadline', {
        dueAt: `${FY + 1}-02-01T00:00:00Z`,
        reason: 'x',
      })
      .expect(404);
  });

  it('refuses a review and the report before they open: 409 NOT_YET_OPEN naming the date, nothing written', async () => {
    const leader = as(api, t.users.leader);
    const ledgerCount = async () =>
      (
        await api.dataSource.query('SELECT count(*)::int AS n FROM audit_log WHERE cycle_id = $1', [cycleId])
      )[0].n as number;
    const before = await ledgerCount();
    const review = await leader
      .post(`/cycles/${cycleId}/reviews/${reviews[0].id}`, {
        periodIndex: 1,
        progress: 25,
        status: 'on_track',
      })
      .set('Accept-Language', 'ja')
      .expect(409);
    expect(review.body).toMatchObject({
      code: 'NOT_YET_OPEN',
      openAt: `${FY}-06-30T15:00:00.000Z`,
      message: `進捗報告は${FY}年7月1日から提出できます（予定）。`,
      messageEn: `The progress review opens on 1 July ${FY}; it cannot be submitted before then.`,
    });
    const report = await leader.post(`/cycles/${cycleId}/execution-report`, { summary: 'x' }).expect(409);
    expect(report.body).toMatchObject({ code: 'NOT_YET_OPEN', openAt: `${FY + 1}-03-31T15:00:00.000Z` });
    expect(report.body.messageJa).toContain(`${FY + 1}年4月1日`);
    expect(report.body.messageEn).toContain(`1 April ${FY + 1}`);
    expect(await ledgerCount()).toBe(before);
  });

  it('POST /tasks/:id/open: HQ admin opens a scheduled task early with a reason, recorded; 400/403/404/409', async () => {
    const admin = as(api, t.users.hqAdmin);
    const noReason = await admin.post(`/tasks/${reviews[0].id}/open`, {}).expect(400);
    expect(noReason.body.details.map((d: { field: string }) => d.field)).toEqual(['reason']);
    for (const user of [t.users.hqApprover, t.users.leader, t.users.auditor]) {
      await as(api, user).post(`/tasks/${reviews[0].id}/open`, { reason: 'x' }).expect(403);
    }
    await as(api, fx.otherTenant.users.hqAdmin)
      .post(`/tasks/${reviews[0].id}/open`, { reason: 'x' })
      .expect(404);
    const opened = await admin
      .post(`/tasks/${reviews[0].id}/open`, { reason: '市議会への中間報告に間に合わせるため' })
      .expect(200);
    const task = opened.body.tasks.find((x: { id: string }) => x.id === reviews[0].id);
    expect(task.status).toBe('open');
    expect(new Date(task.openAt).getTime()).toBeLessThanOrEqual(Date.now());
    const again = await admin.post(`/tasks/${reviews[0].id}/open`, { reason: 'x' }).expect(409);
    expect(again.body.code).toBe('NOT_PENDING');
    const [entry] = await api.dataSource.query(
      `SELECT actor_role, comment, payload FROM audit_log WHERE cycle_id = $1 AND action = 'task.opened_early'`,
      [cycleId],
    );
    expect(entry).toMatchObject({
      actor_role: 'hq_admin',
      comment: '市議会への中間報告に間に合わせるため',
      payload: { scheduledFor: `${FY}-06-30T15:00:00.000Z` },
    });
  });

  it('submits a review (200); 400 for a period that is not the task’s; 404 for a task that is not a review', async () => {
    const leader = as(api, t.users.leader);
    const wrong = await leader
      .post(`/cycles/${cycleId}/reviews/${reviews[0].id}`, {
        periodIndex: 2,
        progress: 10,
        status: 'on_track',
      })
      .expect(400);
    expect(wrong.body.details).toEqual([
      expect.objectContaining({ field: 'periodIndex', rule: 'matches_task' }),
    ]);
    const shape = await leader
      .post(`/cycles/${cycleId}/reviews/${reviews[0].id}`, { periodIndex: 1, status: 'fine' })
      .expect(400);
    expect(shape.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['progress', 'status']);
    const cycle = await as(api, t.users.auditor).get(`/cycles/${cycleId}`).expect(200);
    const planTask = cycle.body.tasks.find((task: { kind: string }) => task.kind === 'plan');
    await leader
      .post(`/cycles/${cycleId}/reviews/${planTask.id}`, { periodIndex: 1, progress: 10, status: 'on_track' })
      .expect(404);
    const ok = await leader
      .post(`/cycles/${cycleId}/reviews/${reviews[0].id}`, {
        periodIndex: 1,
        progress: 25,
        status: 'on_track',
        notes: '順調',
      })
      .expect(200);
    expect(ok.body.reviews).toEqual([expect.objectContaining({ taskId: reviews[0].id, periodIndex: 1 })]);
  });

  it('PATCH deadline and a second review of the same period are 409 once the task is done', async () => {
    await as(api, t.users.hqAdmin)
      .patch(`/tasks/${reviews[0].id}/deadline`, { dueAt: `${FY + 1}-02-01T00:00:00Z`, reason: 'x' })
      .expect(409);
    await as(api, t.users.leader)
      .post(`/cycles/${cycleId}/reviews/${reviews[0].id}`, {
        periodIndex: 1,
        progress: 30,
        status: 'on_track',
      })
      .expect(409);
  });
});

describe('POST /cycles/:cycleId/withdraw', () => {
  it('withdraws (hq_admin or admin), after which every command is 409', async () => {
    const cycle = await startCycle(api, t.users.hqAdmin, t.items.other);
    await as(api, t.users.hqApprover).post(`/cycles/${cycle.id}/withdraw`, { reason: 'x' }).expect(403);
    await as(api, t.users.leader).post(`/cycles/${cycle.id}/withdraw`, { reason: 'x' }).expect(403);
    const empty = await as(api, t.users.admin).post(`/cycles/${cycle.id}/withdraw`, {}).expect(400);
    expect(empty.body.details[0]).toMatchObject({ field: 'reason' });
    await as(api, fx.otherTenant.users.admin)
      .post(`/cycles/${cycle.id}/withdraw`, { reason: 'x' })
      .expect(404);
    const res = await as(api, t.users.admin)
      .post(`/cycles/${cycle.id}/withdraw`, { reason: '計画見直しのため' })
      .expect(200);
    expect(res.body).toMatchObject({ status: 'withdrawn', closeReason: '計画見直しのため' });
    const after = await as(api, t.users.otherLeader)
      .post(`/cycles/${cycle.id}/plan`, planBody(t.items.other))
      .expect(409);
    expect(after.body.code).toBe('CLOSED');
    await as(api, t.users.admin).post(`/cycles/${cycle.id}/withdraw`, { reason: 'again' }).expect(409);
    const view = await as(api, t.users.auditor).get(`/cycles/${cycle.id}`).expect(200);
    expect(view.body).toMatchObject({ status: 'withdrawn', closeReason: '計画見直しのため' });
  });
});

describe('GET /tasks order', () => {
  it('lists tasks due the same day in the plan’s order (番号), whatever order their cycles started in', async () => {
    const city = (await createApiFixture(api)).tenant;
    for (const item of [city.items.selfApproval, city.items.other, city.items.main]) {
      await startCycle(api, city.users.hqAdmin, item);
    }
    const res = await as(api, city.users.hqAdmin).get('/tasks?status=open').expect(200);
    const plans = res.body.items.filter((task: { kind: string }) => task.kind === 'plan');
    expect(new Set(plans.map((task: { dueAt: string }) => task.dueAt)).size).toBe(1);
    expect(plans.map((task: { itemCode: string }) => task.itemCode)).toEqual(['1-1', '1-2', '1-3']);
  });
});

describe('when Temporal is unreachable', () => {
  it('answers 503 for a command, in the error format', async () => {
    const broken = await startApiApp(
      { TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` },
      { updateTimeoutMs: 1500 },
    );
    try {
      const res = await broken
        .http()
        .post(`/api/v1/items/${t.items.main.id}/cycles`)
        .set('Authorization', `Bearer ${t.users.hqAdmin.token}`)
        .send({ fiscalYear: FY + 2 });
      expect([503, 504]).toContain(res.status);
      expect(res.body).toMatchObject({ statusCode: res.status, correlationId: expect.any(String) });
    } finally {
      await broken.close();
    }
  });
});
