/**
 * Removing a reform item from its plan (#22, plan revision) over HTTP with a real worker, Temporal
 * and PostgreSQL: who may, the 400 without a reason, the running cycle withdrawn with the reason,
 * one ledger entry, the item still readable (as removed, with its history), a repeat that writes
 * nothing, and the fiscal-year opener leaving the removed item out.
 */
import { cycleWorkflowId, fiscalYearOpenerWorkflowId } from '@pdca/contracts';
import { freePort } from '@pdca/devstack';
import { jstInstant } from '@pdca/domain';
import { ensureFiscalYearOpener } from '@pdca/temporal';
import { TemporalClientService } from '../../apps/api/src/temporal/temporal-client.service';
import { type ApiWithWorker, bearer, startApiApp, startApiWithWorker } from './api-test-app';
import { as, FY, startCycle } from './cycle-helpers';
import { createApiFixture, type FixtureTenant } from './fixtures';
import { createCityTenant, sample, uploadPlan } from './plans-fixtures';

let api: ApiWithWorker;
let t: FixtureTenant;

beforeAll(async () => {
  api = await startApiWithWorker('api-item-removal');
  t = (await createApiFixture(api)).tenant;
});

afterAll(async () => {
  await api?.close();
});

const REASON = '事業統合のため計画から削除（第3次計画の見直し）';

/** What the tenant's ledger and outbox hold: a repeat must change neither. */
async function writes(tenantId: string) {
  const [row] = await api.dataSource.query(
    `SELECT (SELECT audit_seq FROM tenants WHERE id = $1)::int AS seq,
            (SELECT count(*) FROM outbox WHERE tenant_id = $1)::int AS outbox`,
    [tenantId],
  );
  return row as { seq: number; outbox: number };
}

const yearsOf = async (itemId: string): Promise<number[]> =>
  (
    await api.dataSource.query('SELECT fiscal_year FROM cycles WHERE item_id = $1 ORDER BY fiscal_year', [
      itemId,
    ])
  ).map((r: { fiscal_year: number }) => r.fiscal_year);

describe('POST /items/:itemId/removal', () => {
  let cycleId: string;
  let first: { item: Record<string, unknown>; cyclesFailed: unknown[] };

  beforeAll(async () => {
    cycleId = (await startCycle(api, t.users.hqAdmin, t.items.main, FY)).id;
  });

  it('is 403 for a working-group leader (and an HQ approver), and writes nothing', async () => {
    const before = await writes(t.id);
    const leader = await as(api, t.users.leader).post(`/items/${t.items.main.id}/removal`, {
      reason: REASON,
    });
    expect(leader.status).toBe(403);
    expect(leader.body.code).toBe('ROLE_REQUIRED');
    await as(api, t.users.hqApprover)
      .post(`/items/${t.items.main.id}/removal`, { reason: REASON })
      .expect(403);
    expect(await writes(t.id)).toEqual(before);
  });

  it('is 400 naming `reason` in Japanese and English when the reason is missing, blank or too long', async () => {
    for (const body of [{}, { reason: '   ' }, { reason: 'あ'.repeat(1001) }]) {
      const res = await as(api, t.users.hqAdmin).post(`/items/${t.items.main.id}/removal`, body).expect(400);
      expect(res.body.details.length).toBeGreaterThan(0);
      for (const detail of res.body.details) {
        expect(detail).toMatchObject({ field: 'reason', messageJa: expect.stringContaining('reason') });
        expect(detail.messageEn).toContain('reason');
      }
    }
    const item = await as(api, t.users.auditor).get(`/items/${t.items.main.id}`).expect(200);
    expect(item.body.removal).toBeNull();
  });

  it('is 404 for an item of no tenant', async () => {
    await as(api, t.users.hqAdmin)
      .post('/items/00000000-0000-4000-8000-000000000000/removal', { reason: REASON })
      .expect(404);
  });

  it('removes the item with the reason and withdraws its running cycle with that reason', async () => {
    const before = await writes(t.id);
    const res = await as(api, t.users.hqAdmin)
      .post(`/items/${t.items.main.id}/removal`, { reason: REASON })
      .expect(200);
    first = res.body;
    expect(res.body.cyclesFailed).toEqual([]);
    expect(res.body.item).toMatchObject({
      id: t.items.main.id,
      removal: {
        reason: REASON,
        removedAt: expect.any(String),
        removedBy: { userId: t.users.hqAdmin.id, displayName: t.users.hqAdmin.displayName },
      },
      currentCycle: expect.objectContaining({ id: cycleId, status: 'withdrawn' }),
    });

    const cycle = await as(api, t.users.auditor).get(`/cycles/${cycleId}`).expect(200);
    expect(cycle.body).toMatchObject({ status: 'withdrawn', closeReason: REASON });
    expect(cycle.body.tasks.every((task: { status: string }) => task.status !== 'open')).toBe(true);

    // One entry for the removal (who, when, why) and the cycle's own withdrawal, nothing else.
    const entries: Array<{ action: string; actor_id: string; actor_role: string; comment: string }> =
      await api.dataSource.query(
        `SELECT action, actor_id, actor_role, comment FROM audit_log
          WHERE tenant_id = $1 AND seq > $2 ORDER BY seq`,
        [t.id, before.seq],
      );
    expect(entries.map((e) => e.action).sort()).toEqual(['cycle.withdrawn', 'item.removed']);
    const removal = entries.find((e) => e.action === 'item.removed')!;
    expect(removal).toMatchObject({ actor_id: t.users.hqAdmin.id, actor_role: 'hq_admin', comment: REASON });
    expect(entries.find((e) => e.action === 'cycle.withdrawn')!.comment).toBe(REASON);
    const [outbox] = await api.dataSource.query(
      `SELECT count(*)::int AS n FROM outbox WHERE tenant_id = $1 AND type = 'item.removed'`,
      [t.id],
    );
    expect(outbox.n).toBe(1);
  });

  it('keeps the item readable as removed, with its whole history', async () => {
    const item = await as(api, t.users.leader).get(`/items/${t.items.main.id}`).expect(200);
    expect(item.body.removal).toMatchObject({ reason: REASON });
    expect(item.body.indicators).toHaveLength(t.items.main.indicatorIds.length);

    const history = await as(api, t.users.auditor).get(`/audit/items/${t.items.main.id}/history`).expect(200);
    const kinds = history.body.entries
      .filter((e: { source: string }) => e.source === 'ledger')
      .map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['cycle.started', 'item.removed', 'cycle.withdrawn']));
    const removed = history.body.entries.find((e: { kind: string }) => e.kind === 'item.removed');
    expect(removed).toMatchObject({
      comment: REASON,
      labelJa: expect.stringContaining('計画から削除'),
      labelEn: expect.stringContaining('removed from the plan'),
      actor: expect.objectContaining({ userId: t.users.hqAdmin.id, role: 'hq_admin' }),
    });
    const verify = await as(api, t.users.auditor).get('/audit/verify').expect(200);
    expect(verify.body.ok).toBe(true);
  });

  it('leaves the item out of the item list and the open tasks (shown on request, as removed)', async () => {
    const list = await as(api, t.users.hqAdmin).get('/items?limit=100').expect(200);
    const ids = list.body.items.map((i: { id: string }) => i.id);
    expect(ids).not.toContain(t.items.main.id);
    expect(ids).toEqual(expect.arrayContaining([t.items.other.id, t.items.selfApproval.id]));
    const all = await as(api, t.users.hqAdmin).get('/items?limit=100&includeRemoved=true').expect(200);
    expect(all.body.items.find((i: { id: string }) => i.id === t.items.main.id)).toMatchObject({
      removal: { reason: REASON },
    });
    const tasks = await as(api, t.users.leader).get('/tasks?mine=true&status=open').expect(200);
    expect(tasks.body.items.filter((task: { cycleId: string }) => task.cycleId === cycleId)).toEqual([]);
  });

  it('marks the item removed in the plan tree; the 進捗管理表 of a year that began after leaves it out', async () => {
    const plan = await as(api, t.users.auditor).get(`/plans/${t.planId}`).expect(200);
    const items = JSON.stringify(plan.body);
    expect(items).toContain(REASON);
    const report = async (fiscalYear: number) =>
      (
        await as(api, t.users.auditor)
          .get(`/plans/${t.planId}/progress-report?fiscalYear=${fiscalYear}&format=csv`)
          .buffer(true)
          .parse((res, done) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
          })
          .expect(200)
      ).body as string;
    // Removed now (before FY2027 begins): out of FY2027's table, still in the running year's.
    expect(await report(FY)).not.toContain('行政手続のオンライン化');
    expect(await report(FY)).toContain('公共施設の再編');
    expect(await report(FY - 1)).toContain('行政手続のオンライン化');
  });

  it('answers a repeat (any reason, any HQ admin) with the same result and writes nothing', async () => {
    const before = await writes(t.id);
    const again = await as(api, t.users.admin)
      .post(`/items/${t.items.main.id}/removal`, { reason: '別の理由' })
      .expect(200);
    expect(again.body).toEqual(first);
    expect(await writes(t.id)).toEqual(before);
  });

  it('starts no cycle for the removed item: 409 ITEM_REMOVED by hand, skipped by the fiscal-year opener', async () => {
    const manual = await as(api, t.users.hqAdmin)
      .post(`/items/${t.items.main.id}/cycles`, { fiscalYear: FY + 1 })
      .expect(409);
    expect(manual.body.code).toBe('ITEM_REMOVED');

    const { client } = api.app.get(TemporalClientService);
    // The business clock at 2 February FY+1: the opener opens FY and FY+1 for the tenant at once.
    await ensureFiscalYearOpener(client, api.taskQueue, {
      tenantId: t.id,
      tenantCode: t.code,
      timeScale: 1,
      businessStartMs: jstInstant(FY + 1, 2, 2, 9).getTime(),
    });
    try {
      // The opener goes through the items by code; once the others have FY+1, it has passed the removed one.
      const opened = async () =>
        (await yearsOf(t.items.other.id)).includes(FY + 1) &&
        (await yearsOf(t.items.selfApproval.id)).includes(FY + 1);
      for (let i = 0; i < 300 && !(await opened()); i++) await new Promise((r) => setTimeout(r, 100));
      expect(await yearsOf(t.items.other.id)).toContain(FY + 1);
      expect(await yearsOf(t.items.selfApproval.id)).toContain(FY + 1);
      // The removed item keeps its one (withdrawn) cycle and gets no other.
      expect(await yearsOf(t.items.main.id)).toEqual([FY]);
    } finally {
      await client.workflow.getHandle(fiscalYearOpenerWorkflowId(t.code)).terminate('test finished');
      for (const item of [t.items.other, t.items.selfApproval]) {
        for (const fy of [FY, FY + 1]) {
          await client.workflow
            .getHandle(cycleWorkflowId(t.code, item.id, fy))
            .terminate('test finished')
            .catch(() => undefined);
        }
      }
    }
  }, 60_000);
});

describe('a removal while Temporal cannot be reached', () => {
  it('records the removal, reports the cycle it could not withdraw, and a repeat withdraws it (no second entry)', async () => {
    const city = (await createApiFixture(api)).tenant;
    const item = city.items.other;
    const cycle = await startCycle(api, city.users.hqAdmin, item, FY);
    const broken = await startApiApp(
      { TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` },
      { updateTimeoutMs: 1500 },
    );
    let failed: { body: { cyclesFailed: Array<{ cycleId: string; code: string }> } };
    try {
      failed = await broken
        .http()
        .post(`/api/v1/items/${item.id}/removal`)
        .set(bearer(city.users.hqAdmin.token))
        .send({ reason: REASON })
        .expect(200);
    } finally {
      await broken.close();
    }
    expect(failed.body.cyclesFailed).toEqual([
      expect.objectContaining({
        cycleId: cycle.id,
        code: expect.stringMatching(/TEMPORAL_UNAVAILABLE|TIMEOUT/),
      }),
    ]);
    // The half-state is visible and retriable: removed, its cycle still running.
    const half = await as(api, city.users.auditor).get(`/items/${item.id}`).expect(200);
    expect(half.body.removal).toMatchObject({ reason: REASON });
    expect(half.body.currentCycle.status).not.toBe('withdrawn');

    const retried = await as(api, city.users.admin)
      .post(`/items/${item.id}/removal`, { reason: 'もう一度' })
      .expect(200);
    expect(retried.body.cyclesFailed).toEqual([]);
    expect(retried.body.item.currentCycle).toMatchObject({ id: cycle.id, status: 'withdrawn' });
    const view = await as(api, city.users.auditor).get(`/cycles/${cycle.id}`).expect(200);
    expect(view.body.closeReason).toBe(REASON);
    const [{ n }] = await api.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE tenant_id = $1 AND action = 'item.removed'`,
      [city.id],
    );
    expect(n).toBe(1);
  }, 60_000);
});

describe('re-importing a plan file that still lists a removed item', () => {
  it('leaves the item removed and unedited, with a warning naming the removal', async () => {
    const city = await createCityTenant(api, '平塚市', 'removal');
    const file = sample('hiratsuka-2024-2027.tsv');
    await uploadPlan(api, city.tokens.hqAdmin, file, 'hiratsuka-2024-2027.tsv').expect(201);
    const [item] = await api.dataSource.query(
      `SELECT id, title, updated_at FROM items WHERE tenant_id = $1 AND code = '1-1'`,
      [city.id],
    );
    await api
      .http()
      .post(`/api/v1/items/${item.id}/removal`)
      .set(bearer(city.tokens.hqAdmin))
      .send({ reason: REASON })
      .expect(200);

    for (const dryRun of [true, false]) {
      const again = await uploadPlan(api, city.tokens.hqAdmin, file, 'hiratsuka-2024-2027.tsv', { dryRun });
      expect(again.status).toBe(200);
      expect(again.body.unchanged).toContain('1-1');
      expect(again.body.added).not.toContain('1-1');
      const warning = again.body.warnings.find((w: { rule: string }) => w.rule === 'item_removed');
      expect(warning).toMatchObject({ severity: 'warning', value: '1-1' });
      expect(warning.message.ja).toContain(REASON);
      expect(warning.message.en).toContain('stays removed');
    }
    const [after] = await api.dataSource.query(
      'SELECT title, removed_at, removed_reason FROM items WHERE id = $1',
      [item.id],
    );
    expect(after).toMatchObject({ title: item.title, removed_reason: REASON, removed_at: expect.any(Date) });
    const [{ n }] = await api.dataSource.query(
      `SELECT count(*)::int AS n FROM items WHERE tenant_id = $1 AND code = '1-1'`,
      [city.id],
    );
    expect(n).toBe(1);
  });
});
