/**
 * The budget chain (#26) through HTTP: finance (財政課) records 査定額 and 当初予算額 of an item for a
 * budget year (a leader gets 403; a negative or fractional amount, a missing reason a 400 naming the
 * field); GET /items/{id}/budgets answers the four amounts with who/when/source — 予算要求額 from the
 * PLAN submission, 反映額 from the decision's reflection; the ledger and outbox hold each change and a
 * repeat writes nothing. An adopted budget outranks a later reflection (which still records its
 * proposal); without one, the reflection sets the budget as before. The finance import: 300 rows
 * with one bad row are refused whole, naming the row; the good file writes 300 items once. The
 * 予算反映状況 list as JSON and as an Excel sheet read back with ExcelJS.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { expectedSignature, startReceiver, testRelay, waitUntil } from '../support/relay-harness';
import { type ApiTestApp, bearer, startApiApp } from './api-test-app';
import { cycleWithReflection } from './budget-fixtures';
import { createApiFixture, createFixtureUser, type FixtureTenant, type FixtureUser } from './fixtures';

let api: ApiTestApp;
let city: FixtureTenant;
let finance: FixtureUser;

beforeAll(async () => {
  api = await startApiApp({}, { loginRateLimits: { perIp: { limit: 10_000, windowMs: 60_000 } } });
  city = (await createApiFixture(api)).tenant;
  finance = await createFixtureUser(api, city, 'finance', '財政 太郎', ['finance']);
}, 120_000);

afterAll(async () => {
  await api?.close();
});

const v1 = (path: string) => `/api/v1${path}`;
const get = (token: string, path: string) => api.http().get(v1(path)).set(bearer(token));
const put = (token: string, path: string, body: object) =>
  api.http().put(v1(path)).set(bearer(token)).send(body);

interface AmountBody {
  amount: number;
  setBy: string | null;
  setAt: string | null;
  source: string;
  reason: string | null;
}
interface YearBody {
  fiscalYear: number;
  requested: AmountBody | null;
  assessed: AmountBody | null;
  adopted: AmountBody | null;
  reflected: AmountBody | null;
  reflections: Array<{
    decision: string;
    decisionLabel: { ja: string };
    proposedAmount: number;
    origin: string;
  }>;
  budget: { amount: number; source: string } | null;
}

async function year(
  itemId: string,
  fy: number,
  token = city.users.auditor.token,
): Promise<YearBody | undefined> {
  const res = await get(token, `/items/${itemId}/budgets`).expect(200);
  return (res.body.years as YearBody[]).find((y) => y.fiscalYear === fy);
}

async function ledger(itemId: string) {
  return api.dataSource.query(
    `SELECT payload, comment, actor_role FROM audit_log
      WHERE tenant_id = $1 AND action = 'item_budget.amounts_set' AND item_id = $2 ORDER BY seq`,
    [city.id, itemId],
  );
}

describe('PUT /items/{itemId}/budgets/{fiscalYear}', () => {
  const path = () => `/items/${city.items.main.id}/budgets/2027`;

  it('is for finance and admin: a leader, an HQ administrator and an auditor get 403', async () => {
    for (const user of [city.users.leader, city.users.hqAdmin, city.users.auditor]) {
      await put(user.token, path(), { assessed: 1000, reason: '査定' }).expect(403);
    }
  });

  it('refuses a negative or fractional amount, no amount and no reason with a 400 naming the field', async () => {
    const negative = await put(finance.token, path(), { assessed: -1, reason: '査定' }).expect(400);
    expect(negative.body.details.map((d: { field: string }) => d.field)).toEqual(['assessed']);
    expect(negative.body.details[0].messageJa).toContain('assessed');
    const fractional = await put(finance.token, path(), { adopted: 1000.5, reason: '議決' }).expect(400);
    expect(fractional.body.details.map((d: { field: string }) => d.field)).toEqual(['adopted']);
    const none = await put(finance.token, path(), { reason: '何も' }).expect(400);
    expect(none.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['adopted', 'assessed']);
    const noReason = await put(finance.token, path(), { assessed: 1000 }).expect(400);
    expect(noReason.body.details.map((d: { field: string }) => d.field)).toEqual(['reason']);
    const year = await put(finance.token, `/items/${city.items.main.id}/budgets/20x7`, {
      assessed: 1,
      reason: 'r',
    }).expect(400);
    expect(year.body.details[0].field).toBe('fiscalYear');
    expect(await ledger(city.items.main.id)).toEqual([]);
  });

  it('records 査定額 then 当初予算額 with who, when and why; a repeat writes nothing', async () => {
    const first = await put(finance.token, path(), { assessed: 11_500_000, reason: '事業費を精査' }).expect(
      200,
    );
    expect(first.body.changed).toBe(true);
    expect(first.body.year.assessed).toMatchObject({
      amount: 11_500_000,
      setBy: '財政 太郎',
      setById: finance.id,
      source: 'manual',
      reason: '事業費を精査',
    });
    const again = await put(finance.token, path(), { assessed: 11_500_000, reason: '再送' }).expect(200);
    expect(again.body.changed).toBe(false);
    const adopted = await put(city.users.admin.token, path(), {
      adopted: 11_000_000,
      reason: '3月議会で議決',
    }).expect(200);
    expect(adopted.body.year).toMatchObject({
      assessed: { amount: 11_500_000 },
      adopted: { amount: 11_000_000, setBy: 'システム 管理者', source: 'manual', reason: '3月議会で議決' },
      budget: { amount: 11_000_000, source: 'adopted' },
    });

    const entries = await ledger(city.items.main.id);
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      actor_role: 'finance',
      comment: '事業費を精査',
      payload: {
        budgetYear: 2027,
        before: { assessed: null },
        after: { assessed: 11_500_000 },
        source: 'manual',
      },
    });
    expect(entries[1]).toMatchObject({
      actor_role: 'admin',
      payload: { before: { adopted: null }, after: { adopted: 11_000_000 } },
    });
    const [{ outbox }] = await api.dataSource.query(
      `SELECT count(*)::int AS outbox FROM outbox WHERE tenant_id = $1 AND type = 'item_budget.amounts_set'`,
      [city.id],
    );
    expect(outbox).toBe(2);
  });

  it('answers 404 for an item of no tenant', async () => {
    await put(finance.token, `/items/${randomUUID()}/budgets/2027`, { assessed: 1, reason: 'r' }).expect(404);
  });
});

describe('GET /items/{itemId}/budgets and the reflection', () => {
  it('keeps the adopted budget when a later decision reflects; the proposal is still 反映額', async () => {
    await cycleWithReflection(api, city, city.items.main.id, 12_000_000, 'reduce', 9_000_000);
    const y2027 = await year(city.items.main.id, 2027, city.users.leader.token);
    expect(y2027).toMatchObject({
      assessed: { amount: 11_500_000, source: 'manual' },
      adopted: { amount: 11_000_000, source: 'manual' },
      reflected: { amount: 9_000_000, source: 'cycle' },
      budget: { amount: 11_000_000, source: 'adopted' },
    });
    expect(y2027?.reflections).toEqual([
      expect.objectContaining({
        decision: 'reduce',
        decisionLabel: expect.objectContaining({ ja: '縮小' }),
        proposedAmount: 9_000_000,
      }),
    ]);
    const y2026 = await year(city.items.main.id, 2026, finance.token);
    expect(y2026?.requested).toMatchObject({
      amount: 12_000_000,
      source: 'plan',
      setBy: city.users.leader.displayName,
      setAt: '2026-02-10T01:00:00.000Z',
    });
  });

  it('lets a reflection set the budget of a year nothing was adopted for (as before)', async () => {
    await cycleWithReflection(api, city, city.items.other.id, 8_000_000, 'expand', 8_800_000);
    expect(await year(city.items.other.id, 2027)).toMatchObject({
      adopted: null,
      reflected: { amount: 8_800_000 },
      budget: { amount: 8_800_000, source: 'reflection' },
    });
  });
});

describe('POST /budgets/{fiscalYear}/import', () => {
  const COUNT = 300;
  const codes = Array.from({ length: COUNT }, (_, i) => `F-${String(i + 1).padStart(3, '0')}`);

  beforeAll(async () => {
    await api.dataSource.query(
      `INSERT INTO items (tenant_id, plan_id, code, title, sort)
       SELECT $1, $2, c, c || ' の事業', 100 + ord FROM unnest($3::text[]) WITH ORDINALITY AS t(c, ord)`,
      [city.id, city.planId, codes],
    );
  });

  const csv = (bad?: number) =>
    [
      '項目コード,査定額,当初予算額,理由',
      ...codes.map((code, i) =>
        i === bad
          ? `${code},-5000,1000,誤り`
          : `${code},${(i + 1) * 1000},${(i + 1) * 900},令和9年度当初予算`,
      ),
    ].join('\r\n');

  const upload = (token: string, body: string, fy = 2027) =>
    api
      .http()
      .post(v1(`/budgets/${fy}/import`))
      .set(bearer(token))
      .attach('file', Buffer.from(body, 'utf8'), 'finance-2027.csv');

  it('refuses 300 rows with one bad row whole, naming that row and column', async () => {
    const res = await upload(finance.token, csv(149)).expect(400);
    expect(res.body.code).toBe('INVALID_FINANCE_FILE');
    expect(res.body.details).toHaveLength(1);
    expect(res.body.details[0]).toMatchObject({ row: 151, column: '査定額', rule: 'amount_invalid' });
    expect(res.body.messageJa).toContain('151行目');
    const [{ n }] = await api.dataSource.query(
      'SELECT count(*)::int AS n FROM item_budget_amounts WHERE tenant_id = $1 AND source = $2',
      [city.id, 'import'],
    );
    expect(n).toBe(0);
  });

  it('refuses an unknown item code naming the row; a leader gets 403', async () => {
    const res = await upload(finance.token, '項目コード,当初予算額\r\nF-001,1000\r\nNO-SUCH,2000').expect(
      400,
    );
    expect(res.body.details).toEqual([
      expect.objectContaining({ row: 3, rule: 'item_unknown', value: 'NO-SUCH' }),
    ]);
    await upload(city.users.leader.token, csv()).expect(403);
  });

  it('writes the good file once: 300 items, a ledger entry each; the same file again changes nothing', async () => {
    const first = await upload(finance.token, csv()).expect(200);
    expect(first.body).toMatchObject({ budgetYear: 2027, rows: COUNT, changed: COUNT, unchanged: 0 });
    const again = await upload(finance.token, csv()).expect(200);
    expect(again.body).toMatchObject({ changed: 0, unchanged: COUNT });
    const [row] = await api.dataSource.query(
      `SELECT count(*)::int AS n, sum(amount)::bigint AS total FROM item_budget_amounts a JOIN items i ON i.id = a.item_id
        WHERE a.tenant_id = $1 AND a.kind = 'assessed' AND i.code LIKE 'F-%'`,
      [city.id],
    );
    expect(row.n).toBe(COUNT);
    expect(Number(row.total)).toBe((1000 * COUNT * (COUNT + 1)) / 2);
    const [{ entries }] = await api.dataSource.query(
      `SELECT count(*)::int AS entries FROM audit_log WHERE tenant_id = $1 AND action = 'item_budget.amounts_set'
          AND payload->>'source' = 'import'`,
      [city.id],
    );
    expect(entries).toBe(COUNT);
    const y = await year(
      (
        await api.dataSource.query('SELECT id FROM items WHERE tenant_id = $1 AND code = $2', [
          city.id,
          'F-010',
        ])
      )[0].id,
      2027,
    );
    expect(y).toMatchObject({
      assessed: { amount: 10_000, source: 'import', reason: '令和9年度当初予算' },
      adopted: { amount: 9_000, source: 'import' },
      budget: { amount: 9_000, source: 'adopted' },
    });
  });
});

describe('GET /budget-status', () => {
  it('lists the year’s items with decision → 反映額 → 査定額 → 当初予算額, paged', async () => {
    await get(city.users.leader.token, '/budget-status?fiscalYear=2027').expect(403);
    const res = await get(finance.token, '/budget-status?fiscalYear=2027&limit=200').expect(200);
    expect(res.body.total).toBe(302);
    expect(res.body.items).toHaveLength(200);
    const main = res.body.items.find((e: { item: { id: string } }) => e.item.id === city.items.main.id);
    expect(main.year).toMatchObject({
      reflected: { amount: 9_000_000 },
      assessed: { amount: 11_500_000 },
      adopted: { amount: 11_000_000 },
    });
    await get(finance.token, '/budget-status?fiscalYear=1999').expect(400);
  });

  it('exports the list as one Excel sheet with one Japanese header row', async () => {
    const res = await get(city.users.hqAdmin.token, '/budget-status/export?fiscalYear=2027')
      .responseType('blob')
      .expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('予算反映状況')!;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      '項目コード',
      '改革項目',
      '今後の方向性',
      '予算への反映額（円）',
      '当初予算額（案）（円）',
      '査定額（円）',
      '当初予算額（円）',
      '予算額（現在）（円）',
    ]);
    expect(sheet.rowCount).toBe(303);
    const mainRow = sheet.getRow(2);
    expect(mainRow.getCell(1).value).toBe(city.items.main.code);
    expect(mainRow.getCell(3).value).toBe('縮小（2026年度）');
    expect(mainRow.getCell(4).value).toBe(9_000_000);
    expect(mainRow.getCell(6).value).toBe(11_500_000);
    expect(mainRow.getCell(7).value).toBe(11_000_000);
  });
});

describe("the budget system hears of 財政課's amounts (webhook item_budget.amounts_set)", () => {
  it('POSTs each change, signed, to a webhook subscribed to it through the real relay', async () => {
    // A city of its own, so the other tests' lists stay as they are.
    const own = (await createApiFixture(api)).tenant;
    const zaisei = await createFixtureUser(api, own, 'finance', '財政 花子', ['finance']);
    const receiver = await startReceiver();
    const relay = testRelay(api.dataSource, null);
    try {
      const hook = await api
        .http()
        .post(v1('/webhooks'))
        .set(bearer(own.users.hqAdmin.token))
        .send({ url: receiver.url, events: ['item_budget.amounts_set'] })
        .expect(201);
      relay.relay.start();
      await put(zaisei.token, `/items/${own.items.main.id}/budgets/2027`, {
        assessed: 9_500_000,
        reason: '事業費を精査',
      }).expect(200);
      await waitUntil(() => receiver.requests.length > 0, 30_000, 'the webhook POST');
      const [request] = receiver.requests;
      expect(request.headers['x-pdca-event']).toBe('item_budget.amounts_set');
      expect(request.headers['x-pdca-signature']).toBe(expectedSignature(hook.body.secret, request.body));
      expect(JSON.parse(request.body)).toMatchObject({
        event: 'item_budget.amounts_set',
        tenant: own.code,
        data: {
          itemId: own.items.main.id,
          itemCode: own.items.main.code,
          budgetYear: 2027,
          before: { assessed: null },
          after: { assessed: 9_500_000 },
          source: 'manual',
          reason: '事業費を精査',
        },
      });
    } finally {
      await relay.stop();
      await receiver.close();
    }
  }, 90_000);
});
