/**
 * The demo data of `npm start` (apps/cli/src/demo) against the integration database: nothing at all
 * outside demo mode; in demo mode the tenant 平塚市, its plan imported through the import code path,
 * one demo user per role, once (a second start skips); then the current fiscal year's cycle for
 * every item, started like POST /items/:id/cycles and recorded by a real worker; the year's review
 * round (外部評価) on one item with the demo committee member as its chair, started like
 * POST /external-reviews.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { cycleIdFor, cycleWorkflowId } from '@pdca/contracts';
import { fiscalYearOf } from '@pdca/domain';
import { ItemBudgetRepository } from '@pdca/persistence/repositories/item-budget.repository';
import { Client, Connection } from '@temporalio/client';
import bcrypt from 'bcryptjs';
import type { DataSource } from 'typeorm';
import { demoAssessment, startDemoBudget } from '../../apps/cli/src/demo/demo-budget';
import { startDemoCycles } from '../../apps/cli/src/demo/demo-cycles';
import { demoReviewTitle, startDemoReview } from '../../apps/cli/src/demo/demo-review';
import { DEMO_EMAIL_DOMAIN, type DemoSeedConfig, seedDemoData } from '../../apps/cli/src/demo/demo-seed';
import {
  decideDemoVerification,
  demoVerificationTitle,
  startDemoVerification,
} from '../../apps/cli/src/demo/demo-verification';
import { type ApiTestApp, bearer, startApiApp } from '../api/api-test-app';
import { login } from '../api/fixtures';
import { openDataSource, type RunningWorker, startWorker, uniqueSuffix } from '../support/test-worker';

const CONFIG: DemoSeedConfig = {
  demoMode: true,
  demoPassword: 'pdca-demo',
  importMaxBytes: 10 * 1024 * 1024,
  importMaxRows: 5000,
};

let db: DataSource;

beforeAll(async () => {
  db = await openDataSource();
});

afterAll(async () => {
  await db?.destroy();
});

async function counts(tenantCode: string) {
  const [row] = await db.query(
    `SELECT (SELECT count(*) FROM tenants WHERE code = $1) AS tenants,
            (SELECT count(*) FROM users u JOIN tenants t ON t.id = u.tenant_id WHERE t.code = $1) AS users,
            (SELECT count(*) FROM users WHERE is_demo) AS demo_users_anywhere,
            (SELECT count(*) FROM items i JOIN tenants t ON t.id = i.tenant_id WHERE t.code = $1) AS items,
            (SELECT count(*) FROM plan_nodes n JOIN tenants t ON t.id = n.tenant_id WHERE t.code = $1 AND n.kind = 'goal') AS goals,
            (SELECT count(*) FROM plan_nodes n JOIN tenants t ON t.id = n.tenant_id WHERE t.code = $1 AND n.kind = 'theme') AS themes,
            (SELECT count(*) FROM indicators n JOIN tenants t ON t.id = n.tenant_id WHERE t.code = $1) AS indicators,
            (SELECT count(*) FROM working_groups g JOIN tenants t ON t.id = g.tenant_id WHERE t.code = $1) AS groups`,
    [tenantCode],
  );
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
}

it('creates nothing at all when demo mode is off', async () => {
  await expect(seedDemoData(db, { ...CONFIG, demoMode: false }, { bcryptCost: 4 })).resolves.toEqual({
    status: 'disabled',
  });
  expect(await counts('hiratsuka')).toMatchObject({ tenants: 0, users: 0, demo_users_anywhere: 0, items: 0 });
});

describe('in demo mode', () => {
  let tenantId: string;

  beforeAll(async () => {
    const result = await seedDemoData(db, CONFIG, { bcryptCost: 4 });
    if (result.status !== 'seeded') throw new Error(`expected a fresh seed, got ${result.status}`);
    tenantId = result.tenantId;
    expect(result.report).toMatchObject({
      planCreated: true,
      counts: { goals: 2, themes: 4, items: 19, indicators: 20 },
      warnings: [],
    });
  });

  it('imports the Hiratsuka plan: 19 items, 4 themes, 2 goals', async () => {
    expect(await counts('hiratsuka')).toEqual({
      tenants: 1,
      users: 8,
      demo_users_anywhere: 8,
      items: 19,
      goals: 2,
      themes: 4,
      indicators: 20,
      groups: 5,
    });
    const [tenant] = await db.query('SELECT name FROM tenants WHERE id = $1', [tenantId]);
    expect(tenant.name).toBe('平塚市');
  });

  it('creates one demo user per role with a bcrypt hash of DEMO_PASSWORD', async () => {
    const users = await db.query(
      'SELECT email, roles, is_demo, password_hash FROM users WHERE tenant_id = $1 ORDER BY email',
      [tenantId],
    );
    expect(users.map((u: { email: string; roles: string[] }) => [u.email, u.roles])).toEqual([
      [`admin@${DEMO_EMAIL_DOMAIN}`, ['admin', 'hq_admin']],
      [`auditor@${DEMO_EMAIL_DOMAIN}`, ['auditor']],
      [`hq2@${DEMO_EMAIL_DOMAIN}`, ['hq_approver']],
      [`hq@${DEMO_EMAIL_DOMAIN}`, ['hq_approver']],
      [`iinkai@${DEMO_EMAIL_DOMAIN}`, ['external_reviewer']],
      [`leader2@${DEMO_EMAIL_DOMAIN}`, ['wg_leader']],
      [`leader@${DEMO_EMAIL_DOMAIN}`, ['wg_leader']],
      [`zaisei@${DEMO_EMAIL_DOMAIN}`, ['finance']],
    ]);
    for (const user of users) {
      expect(user.is_demo).toBe(true);
      expect(bcrypt.compareSync('pdca-demo', user.password_hash)).toBe(true);
    }
  });

  it('makes leader@ the leader of every working group (one inbox with all plan tasks), leader2@ of none', async () => {
    const groups = await db.query(
      `SELECT g.name, u.email AS leader, (SELECT count(*) FROM items i WHERE i.working_group_id = g.id) AS items
       FROM working_groups g LEFT JOIN users u ON u.id = g.leader_user_id
       WHERE g.tenant_id = $1 ORDER BY items DESC, g.name`,
      [tenantId],
    );
    expect(groups.length).toBeGreaterThan(1);
    expect(groups.reduce((n: number, g: { items: string }) => n + Number(g.items), 0)).toBe(19);
    for (const group of groups) expect(group.leader).toBe(`leader@${DEMO_EMAIL_DOMAIN}`);
  });

  it('skips on the second start and changes nothing', async () => {
    const before = await counts('hiratsuka');
    const again = await seedDemoData(db, CONFIG, { bcryptCost: 4 });
    expect(again).toMatchObject({ status: 'exists', tenantId });
    expect(await counts('hiratsuka')).toEqual(before);
  });

  it('gives a demo tenant seeded before the committee member (#25) that member on the next start, once', async () => {
    const code = `old-${uniqueSuffix()}`;
    const domain = `${code}.example`;
    const seeded = await seedDemoData(db, CONFIG, {
      bcryptCost: 4,
      tenantCode: code,
      tenantName: '旧デモ市',
      emailDomain: domain,
    });
    if (seeded.status !== 'seeded') throw new Error(seeded.status);
    await db.query(`DELETE FROM users WHERE email = $1`, [`iinkai@${domain}`]);
    expect((await counts(code)).users).toBe(7);
    for (let i = 0; i < 2; i++) {
      expect(
        await seedDemoData(db, CONFIG, { bcryptCost: 4, tenantCode: code, emailDomain: domain }),
      ).toMatchObject({ status: 'exists' });
      const [member] = await db.query(`SELECT roles, is_demo, password_hash FROM users WHERE email = $1`, [
        `iinkai@${domain}`,
      ]);
      expect(member).toMatchObject({ roles: ['external_reviewer'], is_demo: true });
      expect(bcrypt.compareSync('pdca-demo', member.password_hash)).toBe(true);
      expect((await counts(code)).users).toBe(8);
    }
  });

  it('lets the demo users sign in to the API with the demo password', async () => {
    const api: ApiTestApp = await startApiApp();
    try {
      const leader = await login(api, `leader@${DEMO_EMAIL_DOMAIN}`, 'pdca-demo');
      const mine = await api.http().get('/api/v1/items?mine=true').set(bearer(leader)).expect(200);
      expect(mine.body.total).toBeGreaterThanOrEqual(3);
      const admin = await login(api, `admin@${DEMO_EMAIL_DOMAIN}`, 'pdca-demo');
      const plans = await api.http().get('/api/v1/plans').set(bearer(admin)).expect(200);
      expect(plans.body.items).toEqual([
        expect.objectContaining({ itemCount: 19, goalCount: 2, themeCount: 4 }),
      ]);
    } finally {
      await api.close();
    }
  });

  it('starts this fiscal year’s cycle for every item, the way the API does, once', async () => {
    const taskQueue = `demo-${uniqueSuffix()}`;
    const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    const client = new Client({ connection, namespace: 'default' });
    let worker: RunningWorker | undefined;
    try {
      worker = await startWorker(db, taskQueue);
      const now = new Date();
      const fiscalYear = fiscalYearOf(now);
      const first = await startDemoCycles({ dataSource: db, client, taskQueue, timeScale: 1, now });
      const afterFirst = Date.now();
      expect(first).toEqual({
        fiscalYear,
        running: 19,
        closed: 0,
        outsidePeriod: 0,
        inDo: expect.stringMatching(/^pdca\/hiratsuka\//),
      });

      const items: Array<{ id: string }> = await db.query('SELECT id FROM items WHERE tenant_id = $1', [
        tenantId,
      ]);
      const expectedIds = items.map((i) => cycleIdFor(cycleWorkflowId('hiratsuka', i.id, fiscalYear))).sort();
      const deadline = Date.now() + 20_000;
      let cycles: Array<{ id: string; stage: string }> = [];
      while (Date.now() < deadline) {
        cycles = await db.query('SELECT id, stage FROM cycles WHERE tenant_id = $1 ORDER BY id', [tenantId]);
        if (cycles.length === 19) break;
        await sleep(200);
      }
      expect(cycles.map((c) => c.id).sort()).toEqual(expectedIds);
      // One cycle is taken on to DO, so the demo shows open and scheduled (予定) tasks side by side:
      // a task whose opening date has passed is open (its openAt is then its creation), a later one
      // scheduled.
      const inDo = cycleIdFor(first?.inDo ?? '');
      expect(cycles.filter((c) => c.stage === 'DO').map((c) => c.id)).toEqual([inDo]);
      expect(cycles.filter((c) => c.stage === 'PLAN')).toHaveLength(18);
      const tasks: Array<{ kind: string; status: string; open_at: Date }> = await db.query(
        `SELECT kind, status, open_at FROM tasks WHERE cycle_id = $1 AND kind <> 'plan' ORDER BY open_at`,
        [inDo],
      );
      expect(tasks.length).toBeGreaterThan(1);
      for (const task of tasks) {
        expect({ kind: task.kind, status: task.status }).toEqual({
          kind: task.kind,
          status: task.open_at.getTime() <= afterFirst ? 'open' : 'scheduled',
        });
      }
      expect(tasks.at(-1)).toMatchObject({ kind: 'execution_report', status: 'scheduled' });

      // The budget chain (#26): 財政課 assesses and adopts the demo cycle's 当初予算額（案）, once.
      const budget = await startDemoBudget({ dataSource: db, now });
      expect(budget).toMatchObject({ fiscalYear, changed: true });
      expect(budget!.assessed).toBe(demoAssessment(budget!.requested));
      const [budgetItem] = await db.query('SELECT id FROM items WHERE tenant_id = $1 AND code = $2', [
        tenantId,
        budget!.itemCode,
      ]);
      const chain = await new ItemBudgetRepository(db).loadChain(tenantId, budgetItem.id);
      expect(chain?.years.find((y) => y.fiscalYear === fiscalYear)).toMatchObject({
        requested: { amount: budget!.requested, source: 'plan' },
        assessed: { amount: budget!.assessed, setBy: '財政 課長', source: 'manual' },
        adopted: { amount: budget!.assessed, setBy: '財政 課長' },
        budget: { amount: budget!.assessed, source: 'adopted' },
      });
      expect(await startDemoBudget({ dataSource: db, now })).toMatchObject({ changed: false });

      const second = await startDemoCycles({ dataSource: db, client, taskQueue, timeScale: 1, now });
      expect(second).toEqual(first);
      const [{ n }] = await db.query('SELECT count(*) AS n FROM cycles WHERE tenant_id = $1', [tenantId]);
      expect(Number(n)).toBe(19);
    } finally {
      await worker?.stop();
      await connection.close();
    }
  });

  it('starts this year’s review round on one item with iinkai@ as its chair, the way the API does, once; the member sees only it', async () => {
    const taskQueue = `demo-review-${uniqueSuffix()}`;
    const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    const client = new Client({ connection, namespace: 'default' });
    let worker: RunningWorker | undefined;
    const api: ApiTestApp = await startApiApp();
    try {
      worker = await startWorker(db, taskQueue);
      const now = new Date();
      const fiscalYear = fiscalYearOf(now);
      const options = { dataSource: db, client, taskQueue, timeScale: 1, now };
      const first = await startDemoReview(options);
      const title = demoReviewTitle(fiscalYear);
      expect(title).toMatch(/^令和\d+年度 外部評価（第1回）$/);
      expect(first).toEqual({
        status: 'started',
        reviewId: expect.any(String),
        title,
        itemCode: expect.any(String),
        chairEmail: `iinkai@${DEMO_EMAIL_DOMAIN}`,
      });
      // Written by the round's workflow (its projection) before the start answered.
      const [round] = await db.query(
        `SELECT r.title, r.fiscal_year, r.status, r.due_at, u.email AS chair,
                (SELECT array_agg(m.user_id) FROM external_review_members m WHERE m.review_id = r.id) AS members,
                (SELECT array_agg(i.code) FROM external_review_items ri JOIN items i ON i.id = ri.item_id
                  WHERE ri.review_id = r.id) AS items
           FROM external_reviews r JOIN users u ON u.id = r.chair_user_id WHERE r.id = $1`,
        [first!.reviewId],
      );
      expect(round).toMatchObject({
        title,
        fiscal_year: fiscalYear,
        status: 'open',
        chair: `iinkai@${DEMO_EMAIL_DOMAIN}`,
        items: [first!.itemCode],
      });
      expect(round.members).toHaveLength(1);
      // Due in three weeks, at 17:00 JST.
      const dueInDays = (round.due_at.getTime() - now.getTime()) / 86_400_000;
      expect(dueInDays).toBeGreaterThan(20);
      expect(dueInDays).toBeLessThan(22);
      expect((round.due_at.getUTCHours() + 9) % 24).toBe(17);

      const second = await startDemoReview(options);
      expect(second).toEqual({ ...first, status: 'exists' });
      const [{ n }] = await db.query('SELECT count(*)::int AS n FROM external_reviews WHERE tenant_id = $1', [
        tenantId,
      ]);
      expect(n).toBe(1);

      const member = await login(api, `iinkai@${DEMO_EMAIL_DOMAIN}`, 'pdca-demo');
      const rounds = await api.http().get('/api/v1/external-reviews').set(bearer(member)).expect(200);
      expect(rounds.body.reviews.map((r: { id: string; title: string }) => [r.id, r.title])).toEqual([
        [first!.reviewId, title],
      ]);
      await api.http().get(`/api/v1/external-reviews/${first!.reviewId}`).set(bearer(member)).expect(200);
      await api.http().get('/api/v1/plans').set(bearer(member)).expect(403);
    } finally {
      await api.close();
      await worker?.stop();
      await connection.close();
    }
  });

  it('opens this year’s 事業検証 on three items with leader@ as its team, the way the API does, once; leader@ reads it', async () => {
    const taskQueue = `demo-verification-${uniqueSuffix()}`;
    const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    const client = new Client({ connection, namespace: 'default' });
    let worker: RunningWorker | undefined;
    const api: ApiTestApp = await startApiApp();
    try {
      worker = await startWorker(db, taskQueue);
      const now = new Date();
      const options = { dataSource: db, client, taskQueue, timeScale: 1, now };
      const first = await startDemoVerification(options);
      const title = demoVerificationTitle(fiscalYearOf(now));
      expect(title).toMatch(/^令和\d+年度 事業検証$/);
      expect(first).toEqual({
        status: 'started',
        roundId: expect.any(String),
        title,
        itemCodes: expect.any(Array),
        teamEmail: `leader@${DEMO_EMAIL_DOMAIN}`,
      });
      expect(first!.itemCodes).toHaveLength(3);
      const second = await startDemoVerification(options);
      expect(second).toEqual({ ...first, status: 'exists' });
      const leader = await login(api, `leader@${DEMO_EMAIL_DOMAIN}`, 'pdca-demo');
      const round = await api
        .http()
        .get(`/api/v1/verification-rounds/${first!.roundId}`)
        .set(bearer(leader))
        .expect(200);
      expect(round.body).toMatchObject({ title, status: 'open', itemCount: 3 });
      expect(round.body.items.map((i: { code: string }) => i.code)).toEqual(first!.itemCodes);

      // One item decided 縮小 through the whole chain, and 財政課 adopting its proposal: the item's
      // 予算の経過 shows the reform decision → 査定額 → 当初予算額 in the year it reaches.
      const decided = await decideDemoVerification({ ...options, roundId: first!.roundId });
      expect(decided).toMatchObject({ decision: 'reduce', budgetYear: expect.any(Number) });
      const [item] = await db.query(
        `SELECT i.id, i.tenant_id FROM items i JOIN verification_rounds r ON r.tenant_id = i.tenant_id
          WHERE r.id = $1 AND i.code = $2`,
        [first!.roundId, decided!.itemCode],
      );
      const chain = await new ItemBudgetRepository(db).loadChain(item.tenant_id, item.id);
      const year = chain?.years.find((y) => y.fiscalYear === decided!.budgetYear);
      expect(year).toMatchObject({
        reflected: { amount: decided!.proposal, source: 'verification' },
        assessed: { amount: decided!.proposal, setBy: '財政 課長' },
        adopted: { amount: decided!.proposal, setBy: '財政 課長' },
      });
      expect(year!.reflections).toEqual([expect.objectContaining({ decision: 'reduce' })]);
      // Once: a restart of the demo decides nothing more.
      expect(await decideDemoVerification({ ...options, roundId: first!.roundId })).toBeUndefined();
    } finally {
      await api.close();
      await worker?.stop();
      await connection.close();
    }
  });
});
