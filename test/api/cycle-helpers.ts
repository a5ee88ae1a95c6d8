import type { ApiTestApp } from './api-test-app';
import { bearer } from './api-test-app';
import type { FixtureItem, FixtureUser } from './fixtures';

/** A fiscal year after "now", so due dates lie ahead and no reminder fires during a test. */
export const FY = 2027;

export function planBody(item: FixtureItem) {
  return {
    targets: item.indicatorIds.map((indicatorId, i) => ({ indicatorId, target: i === 0 ? 50 : 15 })),
    activities: ['電子申請の対象手続を拡大する', '窓口の予約制を導入する'],
    budgetRequest: 12_000_000,
  };
}

export function evaluationBody(item: FixtureItem) {
  return {
    actuals: item.indicatorIds.map((indicatorId, i) => ({ indicatorId, actual: i === 0 ? 52 : 14 })),
    selfRating: 'A',
    analysis: '目標を上回った。',
  };
}

/** HTTP calls of the cycle API as one user. */
export function as(api: ApiTestApp, user: FixtureUser) {
  const v1 = (path: string) => `/api/v1${path}`;
  return {
    get: (path: string) => api.http().get(v1(path)).set(bearer(user.token)),
    post: (path: string, body: object = {}) => api.http().post(v1(path)).set(bearer(user.token)).send(body),
    patch: (path: string, body: object = {}) => api.http().patch(v1(path)).set(bearer(user.token)).send(body),
    put: (path: string, body: object = {}) => api.http().put(v1(path)).set(bearer(user.token)).send(body),
  };
}

export async function startCycle(api: ApiTestApp, admin: FixtureUser, item: FixtureItem, fiscalYear = FY) {
  const res = await as(api, admin).post(`/items/${item.id}/cycles`, { fiscalYear });
  if (res.status !== 201 && res.status !== 200) {
    throw new Error(`start failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body as { id: string; tasks: Array<{ id: string; kind: string; periodIndex: number | null }> };
}

export function pendingApprovalId(state: { approvals: Array<{ id: string; status: string }> }): string {
  const pending = state.approvals.find((a) => a.status === 'pending');
  if (!pending) throw new Error(`no pending approval in ${JSON.stringify(state.approvals)}`);
  return pending.id;
}

/** As this HQ user, approve the pending approval of a cycle state (body: e.g. a rating); answers the new state. */
export function approverAs(api: ApiTestApp, hqUser: FixtureUser) {
  const hq = as(api, hqUser);
  return async (state: { approvals: Array<{ id: string; status: string }> }, body: object = {}) =>
    (
      await hq
        .post(`/approvals/${pendingApprovalId(state)}/decision`, { decision: 'approve', ...body })
        .expect(200)
    ).body;
}

/** Polls until `probe` answers something other than undefined: read models and the ledger lag a little. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * As HQ admin, open every scheduled task of a cycle state early (POST /tasks/{id}/open, recorded
 * as task.opened_early): FY2027's reviews and report open months after "now", and these tests run
 * a year's steps in seconds. Answers the new state.
 */
export async function openScheduledEarly<S extends { tasks: Array<{ id: string; status: string }> }>(
  api: ApiTestApp,
  hqAdmin: FixtureUser,
  state: S,
): Promise<S> {
  let current = state;
  for (const task of state.tasks.filter((t) => t.status === 'scheduled')) {
    current = (
      await as(api, hqAdmin)
        .post(`/tasks/${task.id}/open`, { reason: 'テストのため前倒しで開始' })
        .expect(200)
    ).body;
  }
  return current;
}

/**
 * A cycle of `fiscalYear` run through the API to CHECK: HQ admin starts it, the leader submits the
 * plan (planBody plus `plan`), every 進捗報告 and the execution report, HQ approves each stage and
 * opens the scheduled tasks early. Answers the cycle's state with its evaluation task open.
 */
export async function runYearToCheck(
  api: ApiTestApp,
  users: { leader: FixtureUser; hqApprover: FixtureUser; hqAdmin: FixtureUser },
  item: FixtureItem,
  fiscalYear: number,
  extra: { plan?: object } = {},
) {
  const lead = as(api, users.leader);
  const approve = approverAs(api, users.hqApprover);
  const cycleId = (await startCycle(api, users.hqAdmin, item, fiscalYear)).id;
  let state = (await lead.post(`/cycles/${cycleId}/plan`, { ...planBody(item), ...extra.plan }).expect(200))
    .body;
  state = await openScheduledEarly(api, users.hqAdmin, await approve(state));
  for (const review of state.tasks.filter((t: { kind: string }) => t.kind === 'review')) {
    const body = { periodIndex: review.periodIndex, progress: 25 * review.periodIndex, status: 'on_track' };
    state = (await lead.post(`/cycles/${cycleId}/reviews/${review.id}`, body).expect(200)).body;
  }
  state = (await lead.post(`/cycles/${cycleId}/execution-report`, { summary: '実施した。' }).expect(200))
    .body;
  return openScheduledEarly(api, users.hqAdmin, await approve(state));
}

/**
 * A cycle of `fiscalYear` run through the API to ACT: runYearToCheck, then the leader submits the
 * evaluation (evaluationBody plus `evaluation`) and HQ approves it (with `rating`).
 * Answers the cycle's state in ACT.
 */
export async function runYearToAct(
  api: ApiTestApp,
  users: { leader: FixtureUser; hqApprover: FixtureUser; hqAdmin: FixtureUser },
  item: FixtureItem,
  fiscalYear: number,
  extra: { plan?: object; evaluation?: object; rating?: string } = {},
) {
  let state = await runYearToCheck(api, users, item, fiscalYear, extra);
  const evaluation = { ...evaluationBody(item), ...extra.evaluation };
  state = (await as(api, users.leader).post(`/cycles/${state.cycleId}/evaluation`, evaluation).expect(200))
    .body;
  return approverAs(api, users.hqApprover)(state, extra.rating ? { rating: extra.rating } : {});
}
