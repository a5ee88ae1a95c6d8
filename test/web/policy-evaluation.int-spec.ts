/**
 * 施策評価 in the browser (#24), over the real stack (the API serving the built app, PostgreSQL,
 * Temporal and a worker). HQ's administrator names the node's 担当部長 on the plan page (with a
 * reason, in the ledger); the year's evaluation opens on the city's date; the 担当部長's inbox lists
 * it, its page shows the items' results side by side (the approved item's 一次評価（所管）and
 * 二次評価（本部）, the others not approved yet); an empty form is explained next to its fields; the
 * owner submits; HQ returns without a comment (refused), then with one; the 担当部長 reads it above
 * the form (which keeps what was sent) and resubmits; HQ approves from the approval inbox.
 * axe-core finds no serious violation and nothing scrolls sideways at 360 px.
 */
import { DEFAULT_POLICY_EVALUATION_SETTINGS } from '@pdca/domain';
import ExcelJS from 'exceljs';
import { as, eventually, runYearToAct } from '../api/cycle-helpers';
import { screenshot, scrollsSideways, seriousAxeViolations } from './browser';
import { browserSuite } from './browser-suite';

jest.setTimeout(240_000);

const FY = 2026;
const { stack, signIn } = browserSuite('policy-evaluation');

beforeAll(async () => {
  const { api, fx } = stack;
  // The city evaluates its second level (the fixture's themes); its date (1 April of the year) has
  // passed, so the evaluation opens as soon as it starts.
  await api.dataSource.query(`UPDATE tenants SET settings = settings || $2::jsonb WHERE id = $1`, [
    fx.tenant.id,
    JSON.stringify({
      policyEvaluation: { ...DEFAULT_POLICY_EVALUATION_SETTINGS, level: 2 },
      calendar: { policyEvaluationOpen: { yearOffset: 0, month: 4, day: 1 } },
    }),
  ]);
  // The theme's own indicator (主要目標), with the year's target.
  await api.dataSource.query(
    `INSERT INTO indicators (tenant_id, node_id, name, unit, baseline, targets)
       SELECT tenant_id, id, '電子申請件数', '件', 100, '{"2026": 300}' FROM plan_nodes
        WHERE tenant_id = $1 AND code = '1-A'`,
    [fx.tenant.id],
  );
  const { leader, hqApprover, hqAdmin } = fx.tenant.users;
  // The main item's year through CHECK, HQ rating it B: its results stand in the evaluation.
  const state = await runYearToAct(api, { leader, hqApprover, hqAdmin }, fx.tenant.items.main, FY, {
    evaluation: { selfRating: 'A', grade: 'A' },
    rating: 'B',
  });
  expect(state.stage).toBe('ACT');
});

let evaluationId: string;

it('HQ admin names the node’s 担当部長 on the plan page, with a reason in the ledger', async () => {
  const { hqAdmin, member } = stack.fx.tenant.users;
  const { page, context } = await signIn(hqAdmin);
  await page.goto(`${stack.baseUrl}/plans/${stack.fx.tenant.planId}`);
  const owners = page.getByTestId('node-owner');
  await owners.first().waitFor();
  // Only the evaluated level (the themes) has one.
  const plan = (await as(stack.api, hqAdmin).get(`/plans/${stack.fx.tenant.planId}`).expect(200)).body;
  const themes = plan.nodes.flatMap((g: { children: unknown[] }) => g.children);
  expect(await owners.count()).toBe(themes.length);
  const theme = themes[0] as { id: string; title: string };
  const panel = page.locator(`#node-${theme.id}`).getByTestId('node-owner').first();
  expect(await panel.getByTestId('node-owner-name').textContent()).toBe('未設定');
  await panel.getByRole('button', { name: /担当部長を設定/ }).click();
  // Without a reason: the server's rule, next to the field.
  await panel.getByLabel('担当部長').selectOption({ label: `${member.displayName}（${member.email}）` });
  await panel.getByRole('button', { name: '設定する' }).click();
  await panel.locator(`#owner-${theme.id}-reason-error`).waitFor();
  await panel.getByLabel('設定の理由').fill('4月1日付の人事異動');
  await panel.getByRole('button', { name: '設定する' }).click();
  await panel.getByText('担当部長を設定しました').waitFor();
  await panel.getByTestId('node-owner-name').getByText(member.displayName).waitFor();
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshot(page, 'policy-01-owner');
  // On a phone the form stays within the page.
  await page.setViewportSize({ width: 360, height: 740 });
  await panel.getByLabel('設定の理由').waitFor();
  expect(await scrollsSideways(page)).toBe(false);
  await context.close();

  const [entry] = await stack.api.dataSource.query(
    `SELECT payload, comment FROM audit_log WHERE tenant_id = $1 AND action = 'node.owner_assigned'`,
    [stack.fx.tenant.id],
  );
  expect(entry.payload).toMatchObject({ nodeId: theme.id, after: { ownerUserId: member.id } });
  expect(entry.comment).toBe('4月1日付の人事異動');

  // The year's evaluations start (the fiscal year's opening does this by itself).
  await as(stack.api, hqAdmin).post('/policy-evaluations/start', { fiscalYear: FY }).expect(200);
  const owner = as(stack.api, member);
  evaluationId = await eventually(async () => {
    const list = (await owner.get(`/policy-evaluations?fiscalYear=${FY}&nodeId=${theme.id}`).expect(200))
      .body;
    return list.items[0]?.status === 'open' ? (list.items[0].id as string) : undefined;
  });
});

it('the 担当部長 finds the task, reads the items’ results side by side, and submits', async () => {
  const { member } = stack.fx.tenant.users;
  const { main } = stack.fx.tenant.items;
  const { page, context } = await signIn(member);
  await page.goto(`${stack.baseUrl}/tasks`);
  // The inbox row names the node and links to the evaluation's own page.
  const link = page.locator(`a[href="/policy-evaluations/${evaluationId}"]`);
  await link.click();
  await page.getByRole('heading', { level: 1, name: /^施策評価：/ }).waitFor();
  expect(await page.getByTestId('policy-meta').textContent()).toContain('令和8年度（2026年度）');

  // The items under the node, one card each; the main one approved with its ratings.
  const cards = page.getByTestId('policy-item');
  const items = (await as(stack.api, member).get(`/policy-evaluations/${evaluationId}`).expect(200)).body
    .items;
  expect(await cards.count()).toBe(items.length);
  const mainCard = page.locator(`[data-testid="policy-item"][data-item-code="${main.code}"]`);
  expect(await mainCard.getByTestId('item-approved').textContent()).toBe('評価承認済み');
  expect(await mainCard.getByTestId('item-self').textContent()).toContain('A');
  expect(await mainCard.getByTestId('item-hq').textContent()).toContain('B');
  expect(
    await page
      .locator(`[data-testid="policy-item"]:not([data-item-code="${main.code}"])`)
      .getByText('評価未承認')
      .count(),
  ).toBe(items.length - 1);
  await screenshot(page, 'policy-02-items');

  // Nothing chosen: each problem is said next to its field.
  await page.getByRole('button', { name: '提出する' }).click();
  await page.locator('#rating-error').waitFor();
  expect(await page.locator('#rating').getAttribute('aria-invalid')).toBe('true');
  expect(await seriousAxeViolations(page)).toEqual([]);

  // The node's own indicator: its year's target beside the actual to enter.
  expect(await page.getByTestId('policy-node-indicators').textContent()).toContain('300 件');
  const indicator = page.getByTestId('policy-indicator-input');
  expect(await indicator.locator('#indicators-0-actual-hint').textContent()).toBe('目標値：300');
  await indicator.getByLabel('実績値（件）').fill('２８O');
  await page.getByLabel('担当部評価').selectOption('B');
  await page.getByLabel('評価の理由').fill('3項目のうち1項目の評価が承認され、概ね計画どおり進んでいる。');
  await page.getByLabel('施策実現のための課題').fill('残る2項目の取組の遅れを取り戻す。');
  await page.getByLabel('今後の方向性').fill('継続');
  // A mistyped actual is named next to it; nothing else is wrong any more.
  await page.getByRole('button', { name: '提出する' }).click();
  await page.locator('#indicators-0-actual-error').waitFor();
  expect(await page.locator('#rating-error').count()).toBe(0);
  await indicator.getByLabel('実績値（件）').fill('280');
  await indicator.getByLabel('達成状況の理由').fill('申請の電子化が進んだが目標に届かなかった。');
  await page.getByRole('button', { name: '提出する' }).click();
  await page.getByText('提出しました').waitFor();
  expect(await page.getByTestId('policy-submission').textContent()).toContain('280 件');
  await page.getByTestId('policy-status').getByText('承認待ち').waitFor();

  await page.setViewportSize({ width: 360, height: 740 });
  await page.getByTestId('policy-items').waitFor();
  expect(await scrollsSideways(page)).toBe(false);
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshot(page, 'policy-03-submitted-360px');
  await context.close();
});

const RETURN_COMMENT = '残る2項目の遅れの見通しを課題に書いてください。';
const RETURN_ANSWER = '課題に遅れの見通しと確認の方法を書き足しました。';

/** HQ's approver opens the evaluation from the approval inbox. */
async function openFromApprovals() {
  const opened = await signIn(stack.fx.tenant.users.hqApprover);
  await opened.page.goto(`${stack.baseUrl}/approvals`);
  await opened.page.locator(`a[href="/policy-evaluations/${evaluationId}"]`).click();
  await opened.page.getByTestId('policy-submission').waitFor();
  return opened;
}

it('HQ finds it in the approval inbox; a return needs a comment, and goes back to the 担当部長', async () => {
  const { page, context } = await openFromApprovals();
  await page.getByTestId('policy-submission').getByText('B（概ね順調）').waitFor();
  // HQ sees who submitted it by name, as on an item's approval page.
  expect(await page.getByTestId('policy-submission').getByTestId('submitter').textContent()).toBe(
    stack.fx.tenant.users.member.displayName,
  );
  await page.getByRole('button', { name: '差し戻す' }).click();
  await page.locator('#comment-error').waitFor();
  await page.getByLabel('コメント').fill(RETURN_COMMENT);
  await page.getByRole('button', { name: '差し戻す' }).click();
  await page.getByTestId('decision-outcome').getByText('差し戻しました').waitFor();
  await context.close();

  // The 担当部長 reads the comment above the form, which keeps what they sent, and resubmits.
  const owner = await signIn(stack.fx.tenant.users.member);
  await owner.page.goto(`${stack.baseUrl}/policy-evaluations/${evaluationId}`);
  await owner.page.getByTestId('return-comment').getByText(RETURN_COMMENT).waitFor();
  // The city's scale loads after the form: its grade B is there before the form's value is read.
  await owner.page.getByLabel('担当部評価').locator('option[value="B"]').waitFor({ state: 'attached' });
  expect(await owner.page.getByLabel('担当部評価').inputValue()).toBe('B');
  const issues = owner.page.getByLabel('施策実現のための課題');
  expect(await issues.inputValue()).toBe('残る2項目の取組の遅れを取り戻す。');
  await issues.fill('残る2項目は上半期に遅れを取り戻す見通し（推進リーダーと毎月確認）。');
  await owner.page.getByLabel('差戻しへの回答').fill(RETURN_ANSWER);
  expect(await seriousAxeViolations(owner.page)).toEqual([]);
  await screenshot(owner.page, 'policy-04-returned');
  await owner.page.getByRole('button', { name: '再提出する' }).click();
  await owner.page.getByTestId('policy-status').getByText('承認待ち').waitFor();
  await owner.context.close();
});

it('HQ approves the resubmission', async () => {
  const { page, context } = await openFromApprovals();
  await page
    .getByTestId('policy-submission')
    .getByText('上半期に遅れを取り戻す見通し', { exact: false })
    .waitFor();
  // HQ reads the 担当部長's 差戻しへの回答 beside its own return comment.
  const exchange = page.getByTestId('return-exchange');
  expect(await exchange.getByTestId('return-comment').locator('blockquote').textContent()).toBe(
    RETURN_COMMENT,
  );
  expect(await exchange.getByTestId('return-answer').locator('blockquote').textContent()).toBe(RETURN_ANSWER);
  await page.getByRole('button', { name: '承認する' }).click();
  await page.getByTestId('decision-outcome').getByText('施策評価は承認済みです').waitFor();
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshot(page, 'policy-05-approved');
  // HQ downloads the 施策評価シート as Excel from the same page (the sheet's content: test/api).
  const panel = page.getByTestId('evaluation-sheet');
  await panel.getByRole('heading', { name: '施策評価シート' }).waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    panel.getByRole('button', { name: '施策評価シート（Excel）' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^施策評価シート_1-A_.+_2026年度\.xlsx$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await download.path());
  expect(book.worksheets.map((w) => w.name)).toEqual(['施策評価シート']);
  expect(book.worksheets[0]!.getCell('A1').value).toBe('施策評価シート 令和8年度（2026年度）');
  // A 公表版 of the year lists the node's sheet in words, folded apart from the items' sheets.
  const { planId, users } = stack.fx.tenant;
  await as(stack.api, users.hqAdmin)
    .post(`/plans/${planId}/editions`, { fiscalYear: FY, title: '公表版', reason: '施策評価の公表' })
    .expect(201);
  const theme = (await as(stack.api, users.hqAdmin).get(`/plans/${planId}`).expect(200)).body.nodes[0]
    .children[0];
  await page.goto(`${stack.baseUrl}/plans/${planId}/editions`);
  await page.getByText('施策評価シート（1件）').click();
  await page
    .getByRole('button', { name: `施策評価シート 1-A ${theme.title}（印刷用）をダウンロード` })
    .waitFor();
  await context.close();
  const detail = (
    await as(stack.api, stack.fx.tenant.users.hqApprover)
      .get(`/policy-evaluations/${evaluationId}`)
      .expect(200)
  ).body;
  expect(detail).toMatchObject({
    status: 'approved',
    rating: 'B',
    round: 2,
    submission: { returnAnswer: RETURN_ANSWER },
  });
});
