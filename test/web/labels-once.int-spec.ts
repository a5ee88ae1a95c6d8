/**
 * #28 points 5 and 6 (the rest), in the real chromium over the real stack: English reads as
 * English ("Due: Fri 8 Jan 2027 · 32 days left", no full-width punctuation on the task page), the
 * audit timeline names each actor once (the ledger's label already says who), and the DO form
 * explains 進捗状況 vs 進捗評価 and shows the approved plan it reports against, read-only.
 */
import { approverAs, as, openScheduledEarly, planBody, startCycle } from '../api/cycle-helpers';
import { screenshot } from './browser';
import { browserSuite } from './browser-suite';

jest.setTimeout(180_000);

const { stack, signIn } = browserSuite('labels-once');
/** Full-width punctuation, which reads as a typo in English. */
const FULL_WIDTH = /[（）：＝　、。「」]/;

let cycleId: string;
let planTaskId: string;
let reviewTaskId: string;
let planApprovalId: string;

beforeAll(async () => {
  const { api, fx } = stack;
  const cycle = await startCycle(api, fx.tenant.users.hqAdmin, fx.tenant.items.main);
  cycleId = cycle.id;
  planTaskId = cycle.tasks.find((t) => t.kind === 'plan')!.id;
  // The plan task's page is read while the task is still open; then the plan is sent and approved.
});

it('English: the task line reads "Due: <date> · N days left", and the page has no full-width punctuation', async () => {
  const { page } = await signIn(stack.fx.tenant.users.leader, { locale: 'en-US' });
  await page.goto(`${stack.baseUrl}/cycles/${cycleId}/tasks/${planTaskId}`);
  const line = page.locator('.task-line');
  await line.waitFor();
  const text = ((await line.textContent()) ?? '').replace(/\s+/g, ' ').trim();
  expect(text).toMatch(/Due: \w{3} \d{1,2} \w{3} \d{4} · \d+ days? left$/);
  expect(text).not.toMatch(FULL_WIDTH);
  // The whole page in English: the form, its hints and the money echo (= ¥12,000,000) included.
  await page
    .getByLabel(/budget/i)
    .first()
    .fill('12000000');
  const main = ((await page.locator('main').textContent()) ?? '').replace(
    /[\u3040-\u30ff\u4e00-\u9fff]+/g,
    '',
  );
  expect(main).not.toMatch(FULL_WIDTH);
  expect(main).toContain('= ¥12,000,000');
  await screenshot(page, 'labels-once-task-en');
});

describe('after the plan is approved', () => {
  beforeAll(async () => {
    const { api, fx } = stack;
    const { hqAdmin, hqApprover, leader } = fx.tenant.users;
    const planned = (
      await as(api, leader).post(`/cycles/${cycleId}/plan`, planBody(fx.tenant.items.main)).expect(200)
    ).body;
    planApprovalId = planned.approvals.find((a: { status: string }) => a.status === 'pending').id;
    const approved = await approverAs(api, hqApprover)(planned);
    expect(approved.stage).toBe('DO');
    const opened = await openScheduledEarly(api, hqAdmin, approved);
    reviewTaskId = opened.tasks.find(
      (t: { kind: string; status: string }) => t.kind === 'review' && t.status === 'open',
    )!.id;
  });

  it('the DO form shows the approved plan (targets, activities, budget) read-only and explains 進捗状況 vs 進捗評価', async () => {
    const { page } = await signIn(stack.fx.tenant.users.leader);
    await page.goto(`${stack.baseUrl}/cycles/${cycleId}/tasks/${reviewTaskId}`);
    const plan = page.getByTestId('approved-plan');
    await plan.waitFor();
    await expect(plan.getByRole('heading').textContent()).resolves.toBe('承認された計画');
    const shown = (await plan.textContent()) ?? '';
    expect(shown).toContain('オンライン申請率：50%');
    expect(shown).toContain('窓口平均待ち時間：15分');
    expect(shown).toContain('電子申請の対象手続を拡大する');
    expect(shown).toContain('12,000千円');
    // Read-only: nothing to type in, and it comes before the form.
    expect(await plan.locator('input, textarea, select').count()).toBe(0);
    const [planTop, formTop] = await Promise.all([
      plan.boundingBox().then((b) => b!.y),
      page
        .locator('form[aria-labelledby="form-title"]')
        .boundingBox()
        .then((b) => b!.y),
    ]);
    expect(planTop).toBeLessThan(formTop);
    // 進捗状況 (how it goes now) and 進捗評価 (the grade on the city's scale) each say what they are.
    await expect(page.locator('#status-hint').textContent()).resolves.toContain('順調・やや遅れ・遅れ');
    await expect(page.locator('#grade-hint').textContent()).resolves.toContain('市の評価基準');
    await screenshot(page, 'labels-once-do-form');

    // In English the approved plan reads with ASCII punctuation.
    const en = await signIn(stack.fx.tenant.users.leader, { locale: 'en-US' });
    await en.page.goto(`${stack.baseUrl}/cycles/${cycleId}/tasks/${reviewTaskId}`);
    const enPlan = en.page.getByTestId('approved-plan');
    await enPlan.waitFor();
    expect((await enPlan.textContent()) ?? '').toContain('オンライン申請率: 50%');
    const enMain = ((await en.page.locator('main').textContent()) ?? '').replace(
      /[\u3040-\u30ff\u4e00-\u9fff]+/g,
      '',
    );
    expect(enMain).not.toMatch(FULL_WIDTH);
  });

  it('English: the approval page and the leader’s read-only submission have no full-width punctuation', async () => {
    const { hqApprover, leader } = stack.fx.tenant.users;
    const pages = [
      [hqApprover, `/cycles/${cycleId}/approvals/${planApprovalId}`, 'submitter'],
      [leader, `/cycles/${cycleId}/tasks/${planTaskId}/submission`, 'round-decision'],
    ] as const;
    for (const [user, path, testId] of pages) {
      const { page } = await signIn(user, { locale: 'en-US' });
      await page.goto(`${stack.baseUrl}${path}`);
      await page.getByTestId(testId).first().waitFor();
      await page.locator('.summary-grid').waitFor(); // the item has loaded: indicators by name
      const text = ((await page.locator('main').textContent()) ?? '').replace(
        /[\u3040-\u30ff\u4e00-\u9fff]+/g,
        '',
      );
      expect({ path, fullWidth: text.match(FULL_WIDTH)?.[0] ?? null }).toEqual({ path, fullWidth: null });
      expect(text).toContain('Activities');
      expect(text).toContain('オンライン申請率: 50%'.replace(/[\u3040-\u30ff\u4e00-\u9fff]+/g, ''));
      await screenshot(page, `labels-once-en-${testId}`);
    }
  });

  it('the audit timeline names each actor once', async () => {
    const { fx } = stack;
    const { page } = await signIn(fx.tenant.users.auditor);
    await page.goto(`${stack.baseUrl}/audit/items/${fx.tenant.items.main.id}`);
    const entries = page.getByTestId('timeline').locator('li');
    await entries.first().waitFor();
    const texts = await entries.allTextContents();
    expect(texts.length).toBeGreaterThanOrEqual(3);
    const names = Object.values(fx.tenant.users).map((u) => u.displayName);
    for (const text of texts) {
      const said = names.map((name) => text.split(name).length - 1).reduce((a, b) => a + b, 0);
      const system = text.split('システム').length - 1;
      expect({ text, said: said + system }).toEqual({ text, said: 1 });
    }
    const all = texts.join('\n');
    expect(all).toContain('改革 リーダー（WGリーダー）');
    expect(all).toContain('本部 承認者');
    await screenshot(page, 'labels-once-timeline');
  });
});
