/**
 * The board's charts and the printable plan report (#23), in the real chromium over the real stack
 * (API serving the built app, PostgreSQL, Temporal and a worker). Last fiscal year of the fixture
 * plan: imported 効果額 targets on two items, the main item run to its approved evaluation (a
 * target of its own in its PLAN, an actual and grade A in its CHECK), the other item left in PLAN
 * past its deadline. The charts render with as many bars and points as the figures call for, each
 * chart's table holds the figures computed here from those inputs, the charting library loads with
 * the board only (the initial JavaScript stays within 250 KB gzip), in Japanese and English, at
 * 360 px and 1280 px, and axe-core finds nothing serious on the board or the report.
 */
import { fiscalYearOf } from '@pdca/domain/japan-calendar';
import type { Page } from 'playwright-core';
import { INITIAL_JS_BUDGET, initialJs } from '../../scripts/web-budget';
import { as, runYearToAct, startCycle } from '../api/cycle-helpers';
import { screenshot, scrollsSideways, seriousAxeViolations } from './browser';
import { browserSuite } from './browser-suite';

jest.setTimeout(300_000);

const { stack, signIn } = browserSuite('charts');
const FY = fiscalYearOf(new Date()) - 1;
// The inputs (yen): imported targets per year of both items, the main item's PLAN target and actual.
const IMPORTED: Record<'main' | 'other', Record<number, number>> = {
  main: { 2024: 3_000_000, 2025: 4_000_000, 2026: 5_000_000, 2027: 5_000_000 },
  other: { 2024: 2_000_000, 2025: 2_000_000, 2026: 2_000_000, 2027: 2_000_000 },
};
const PLAN_TARGET = { spendingReduction: 5_000_000, revenueGain: 1_000_000, cost: 500_000 };
const ACTUAL = { spendingReduction: 4_000_000, revenueGain: 1_200_000, cost: 400_000 };
const net = (e: typeof ACTUAL) => e.spendingReduction + e.revenueGain - e.cost;
/** The fixture plan's period. */
const PERIOD = [2024, 2025, 2026, 2027, 2028, 2029, 2030];
let planId: string;
/** Overdue open tasks of the plan's cycles of FY per stage, as GET /tasks answers them. */
let overdue: Record<string, number>;

beforeAll(async () => {
  const { api, fx } = stack;
  const { hqAdmin, hqApprover, leader, auditor } = fx.tenant.users;
  const { main, other } = fx.tenant.items;
  planId = fx.tenant.planId;
  for (const [item, targets] of [
    [main, IMPORTED.main],
    [other, IMPORTED.other],
  ] as const) {
    // What the plan import stores (items.effect_targets): no API writes it but the import.
    const byYear = Object.fromEntries(
      Object.entries(targets).map(([fy, n]) => [
        fy,
        { spendingReduction: n, revenueGain: 0, cost: 0, net: n },
      ]),
    );
    await api.dataSource.query('UPDATE items SET effect_targets = $2 WHERE id = $1', [
      item.id,
      JSON.stringify(byYear),
    ]);
  }
  const state = await runYearToAct(api, { leader, hqApprover, hqAdmin }, main, FY, {
    plan: { effectTarget: PLAN_TARGET },
    evaluation: { grade: 'A', effects: ACTUAL },
    rating: 'A',
  });
  expect(state.stage).toBe('ACT');
  // The other item's plan, left past its deadline. A cycle started late gets its minimum lead days
  // and the API refuses a deadline in the past, so the flag the workflow's overdue timer sets
  // (tested with the time-skipping server in test/workflow) is set here on the task's read model.
  const late = await startCycle(api, hqAdmin, other, FY);
  const planTask = late.tasks.find((t) => t.kind === 'plan')!;
  await api.dataSource.query('UPDATE tasks SET overdue = true WHERE id = $1', [planTask.id]);
  const res = await as(api, auditor).get('/tasks?status=open&limit=200').expect(200);
  const tasks: Array<{ id: string; overdue: boolean; fiscalYear: number; cycleStage: string }> =
    res.body.items;
  expect(tasks.find((t) => t.id === planTask.id)?.overdue).toBe(true);
  overdue = {};
  for (const t of tasks.filter((t) => t.overdue && t.fiscalYear === FY))
    overdue[t.cycleStage] = (overdue[t.cycleStage] ?? 0) + 1;
});

/** 千円 as the Japanese pages print yen, computed here: 5,500,000 → 「5,500千円」. */
const sen = (yen: number | null) => (yen === null ? '—' : `${(yen / 1000).toLocaleString('en-US')}千円`);
const era = (fy: number) => `令和${fy - 2018}年度`;

/** The expected effect rows: per year of the period, target, actual, cumulative target and actual. */
/** A year's 効果額 target and actual of the plan, from the inputs. */
const target = (fy: number) =>
  (fy === FY ? net(PLAN_TARGET) : (IMPORTED.main[fy] ?? 0)) + (IMPORTED.other[fy] ?? 0);
const actual = (fy: number) => (fy === FY ? net(ACTUAL) : 0);
/** Only FY has an approved actual: the years before it have none (「—」, not 0千円). */
const hasActual = (fy: number) => fy === FY;
const percent = (part: number, whole: number) => `${Math.round((part / whole) * 1000) / 10}%`;

function effectRows(): string[][] {
  let cumTarget = 0;
  let cumActual = 0;
  return PERIOD.map((fy) => {
    cumTarget += target(fy);
    cumActual += actual(fy);
    const known = fy <= FY;
    const anySoFar = PERIOD.some((y) => y <= fy && hasActual(y));
    return [
      era(fy),
      sen(target(fy)),
      sen(known && hasActual(fy) ? actual(fy) : null),
      sen(cumTarget),
      sen(known && anySoFar ? cumActual : null),
    ];
  });
}

/** The page at 360 px, once the charts have followed their narrower boxes (they re-measure). */
async function narrow(page: Page): Promise<void> {
  await page.setViewportSize({ width: 360, height: 900 });
  await page.waitForFunction(
    `document.querySelector('[data-testid="chart-effect"] .recharts-wrapper > svg').getAttribute('width') < 360`,
  );
}

/** The labels of a chart's axis (the x axis: `xAxis`, the y axis: `yAxis`), as drawn. */
function axisLabels(page: Page, testId: string, axis: 'xAxis' | 'yAxis'): Promise<string[]> {
  return page
    .getByTestId(testId)
    .locator(
      axis === 'xAxis'
        ? '.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value'
        : '.name-tick text',
    )
    .evaluateAll((ticks) =>
      ticks.map((t) => ((t as unknown as { textContent: string }).textContent ?? '').trim()),
    );
}

/**
 * Each chart table's box: whether its table is wider than the box (it scrolls), whether it can take
 * the keyboard's focus then, and whether the line saying so follows it.
 */
function tableBoxes(page: Page) {
  return page
    .getByTestId('plan-charts')
    .locator('[data-testid="chart-table-box"]')
    .evaluateAll((boxes) =>
      boxes.map((b) => {
        const box = b as unknown as {
          scrollWidth: number;
          clientWidth: number;
          tabIndex: number;
          nextElementSibling: { getAttribute: (n: string) => string | null } | null;
        };
        return {
          clipped: box.scrollWidth > box.clientWidth + 1,
          focusable: box.tabIndex === 0,
          cue: box.nextElementSibling?.getAttribute('data-testid') === 'scroll-cue',
        };
      }),
    );
}

/** The board's fiscal-year filter (the first of its filters). */
const fiscalYearSelect = (page: Page) => page.locator('.filters select').first();

/** A table's body rows as text, header cell first. */
function tableRows(page: Page, testId: string): Promise<string[][]> {
  return page
    .getByTestId(testId)
    .locator('table tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) =>
        Array.from((row as unknown as { cells: ArrayLike<{ textContent: string | null }> }).cells).map((c) =>
          (c.textContent ?? '').trim(),
        ),
      ),
    );
}

type Queryable = { querySelectorAll: (selector: string) => ArrayLike<unknown> };

/** Per element of `groups` in a chart's picture, how many `items` it holds. */
function countsIn(page: Page, testId: string, groups: string, items: string): Promise<number[]> {
  return page
    .getByTestId(testId)
    .locator(`.chart ${groups}`)
    .evaluateAll(
      (all, sel) => all.map((g) => (g as unknown as Queryable).querySelectorAll(sel).length),
      items,
    );
}

/** Drawn bars (non-empty rectangles) of each bar series, and the points (dots) of each line, of one chart. */
async function drawn(page: Page, testId: string) {
  return {
    bars: await countsIn(page, testId, '.recharts-bar', 'path.recharts-rectangle'),
    lines: await countsIn(page, testId, '.recharts-line-dots', '.recharts-dot'),
  };
}

it('keeps the charting library out of the initial JavaScript, within 250 KB gzip', () => {
  const js = initialJs();
  expect(js.gzip).toBeLessThanOrEqual(INITIAL_JS_BUDGET);
  expect(js.text).not.toContain('recharts-wrapper');
});

it('draws the board’s charts from the plan’s figures, each with its table, loading the library with the board only', async () => {
  const { auditor } = stack.fx.tenant.users;
  const { page, context } = await signIn(auditor);
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(r.url());
  });
  await page.getByRole('heading', { level: 1 }).waitFor();
  expect(scripts.filter((u) => /\/PlanCharts-/.test(u))).toEqual([]);

  await page
    .getByRole('navigation', { name: 'メインメニュー' })
    .getByRole('link', { name: '進捗一覧' })
    .click();
  await fiscalYearSelect(page).selectOption(String(FY));
  const charts = page.getByTestId('plan-charts');
  await charts.waitFor();
  await page.getByTestId('chart-overdue').waitFor();
  expect(scripts.filter((u) => /\/PlanCharts-/.test(u))).toHaveLength(1);

  // 効果額: one row per year of the period; bars where a year's figure is not zero, a point per
  // year on the cumulative target and per year up to FY on the cumulative actual.
  const rows = effectRows();
  expect(await tableRows(page, 'chart-effect')).toEqual(rows);
  expect(await page.getByTestId('chart-effect').locator('caption').textContent()).toBe(
    '効果額の累計（見込額と実績額）',
  );
  const effect = await drawn(page, 'chart-effect');
  expect(effect.bars).toEqual([
    rows.filter((r) => r[1] !== '0千円').length,
    rows.filter((r) => r[2] !== '0千円' && r[2] !== '—').length,
  ]);
  // The cumulative actual from the first year with an approved actual (none before it) up to FY.
  const firstActual = PERIOD.find(hasActual)!;
  expect(effect.lines).toEqual([PERIOD.length, PERIOD.filter((fy) => fy >= firstActual && fy <= FY).length]);
  // Every year named on the axis, in full when there is room.
  expect(await axisLabels(page, 'chart-effect', 'xAxis')).toEqual(PERIOD.map(era));

  // Grades per テーマ (the level above the items; the fixture has one): A for the main item.
  const grades = await tableRows(page, 'chart-grades');
  const scale: Array<{ code: string }> = (
    await as(stack.api, auditor).get(`/plans/${planId}/summary?fiscalYear=${FY}`).expect(200)
  ).body.gradeScale;
  expect(grades).toEqual([
    ['1-A デジタル化の推進', ...scale.map((g) => (g.code === 'A' ? '1' : '0')), '2', '3'],
  ]);
  expect(await page.getByTestId('chart-grades').locator('h3').textContent()).toBe('テーマごとの進捗評価');
  expect((await drawn(page, 'chart-grades')).bars.filter((n) => n > 0)).toEqual([1, 1]);
  // The theme's code and whole title on the axis, the full name as the label's tooltip.
  expect(await axisLabels(page, 'chart-grades', 'yAxis')).toEqual(['1-A デジタル化の推進']);
  expect(await page.getByTestId('chart-grades').locator('.name-tick title').allTextContents()).toEqual([
    '1-A デジタル化の推進',
  ]);

  // Items per stage: main in 方向性の決定, other in 計画, the third not started.
  expect(await tableRows(page, 'chart-stages')).toEqual([
    ['計画', '1'],
    ['実行', '0'],
    ['評価', '0'],
    ['方向性の決定', '1'],
    ['サイクル未開始', '1'],
    ['計', '3'],
  ]);
  expect((await drawn(page, 'chart-stages')).bars).toEqual([3]);

  // Overdue tasks per stage, as GET /tasks counts them.
  const stages = ['PLAN', 'DO', 'CHECK', 'ACT'] as const;
  const overdueRows = await tableRows(page, 'chart-overdue');
  expect(overdueRows.map((r) => r[1])).toEqual([
    ...stages.map((s) => String(overdue[s] ?? 0)),
    String(stages.reduce((sum, s) => sum + (overdue[s] ?? 0), 0)),
  ]);
  expect(overdue.PLAN).toBeGreaterThanOrEqual(1);
  expect((await drawn(page, 'chart-overdue')).bars).toEqual([stages.filter((s) => overdue[s]).length]);

  // Each chart is one picture for screen readers, summarised.
  expect(await charts.locator('[role="img"]').count()).toBe(4);
  expect(await page.getByTestId('chart-effect').locator('[role="img"]').getAttribute('aria-label')).toContain(
    sen(net(ACTUAL)),
  );
  // At 1280 px no table is cut: each fits its box, so none says it scrolls.
  expect(await tableBoxes(page)).toEqual(
    Array.from({ length: 4 }, () => ({ clipped: false, focusable: false, cue: false })),
  );
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshot(page, 'charts-01-board-desktop');

  await narrow(page);
  expect(await scrollsSideways(page)).toBe(false);
  // At 360 px every year still has its label (R6 … R12); a table wider than the phone scrolls in its
  // box, which takes the focus and says so (the grade table's seven columns do not fit).
  expect(await axisLabels(page, 'chart-effect', 'xAxis')).toEqual(PERIOD.map((fy) => `R${fy - 2018}`));
  const boxes = await tableBoxes(page);
  expect(boxes.filter((b) => b.clipped).length).toBeGreaterThan(0);
  for (const box of boxes)
    expect(box).toEqual({ clipped: box.clipped, focusable: box.clipped, cue: box.clipped });
  // The theme's name on two lines: its code, then its title.
  expect(await page.getByTestId('chart-grades').locator('.name-tick tspan').allTextContents()).toEqual([
    '1-A',
    'デジタル化の推進',
  ]);
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshot(page, 'charts-02-board-360');
  await context.close();
});

it('prints a plan report with the fiscal year, the 集計 table and the charts, without the navigation', async () => {
  const { hqAdmin } = stack.fx.tenant.users;
  const { page, context } = await signIn(hqAdmin);
  await fiscalYearSelect(page).selectOption(String(FY));
  await page.getByRole('link', { name: '印刷用レポート' }).click();
  await page.getByTestId('plan-charts').waitFor();
  expect(new URL(page.url()).pathname).toBe(`/plans/${planId}/report`);
  expect(new URL(page.url()).searchParams.get('fiscalYear')).toBe(String(FY));
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('第3次行財政改革計画');
  const reportName = `令和${FY - 2018}年度（${FY}年度）　取組状況レポート`;
  expect(await page.locator('.report-year').textContent()).toBe(reportName);
  // The tab's and the PDF's title names the plan and the year, not the app.
  expect(await page.title()).toBe(`第3次行財政改革計画　${reportName}`);
  // One 「集計」: the section's heading names the table too (no second caption).
  expect(await page.getByText('集計', { exact: true }).count()).toBe(1);
  expect(await page.getByRole('table', { name: '集計' }).count()).toBe(1);
  // 集計: the plan, then each level's nodes, with the year's and the cumulative 効果額.
  const totals = await tableRows(page, 'report-totals');
  const [planRow] = totals;
  const rows = effectRows();
  const year = rows[PERIOD.indexOf(FY)]!;
  expect(planRow).toEqual([
    '計画全体',
    '第3次行財政改革計画',
    '3',
    year[1],
    year[2],
    percent(actual(FY), target(FY)),
    year[3],
    year[4],
    // Against the whole period: every year's target; the actuals up to FY.
    sen(PERIOD.reduce((sum, fy) => sum + target(fy), 0)),
    percent(
      actual(FY),
      PERIOD.reduce((sum, fy) => sum + target(fy), 0),
    ),
  ]);
  expect(await page.getByTestId('report-totals').locator('thead th').last().textContent()).toBe(
    '効果額進捗率（計画期間）',
  );
  expect(await page.getByTestId('report-totals').locator('p').textContent()).toBe(
    '計画期間：令和6年度（2024年度）〜令和12年度（2030年度）',
  );
  expect(await tableRows(page, 'chart-effect')).toEqual(rows);
  expect(await scrollsSideways(page)).toBe(false);
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshot(page, 'charts-03-report');
  await narrow(page);
  expect(await scrollsSideways(page)).toBe(false);
  expect(await seriousAxeViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 900 });

  // Printed: no header or buttons, the charts from a new page.
  await page.emulateMedia({ media: 'print' });
  expect(await page.locator('.app-header').isVisible()).toBe(false);
  expect(await page.getByRole('button', { name: '印刷する' }).isVisible()).toBe(false);
  expect(
    await page
      .locator('.report-section')
      .evaluateAll((s) =>
        s.map(
          (el) =>
            (
              globalThis as unknown as { getComputedStyle: (e: unknown) => { breakBefore: string } }
            ).getComputedStyle(el).breakBefore,
        ),
      ),
  ).toEqual(['auto', 'page']);
  // As printed on A4 (794 px at 96 dpi), for a person to look at.
  await page.setViewportSize({ width: 794, height: 1123 });
  expect(await scrollsSideways(page)).toBe(false);
  // The 集計's names keep at least 10 characters a line (they wrapped every 3–4).
  const nameWidths = await page.locator('.report-totals th.report-name').evaluateAll((cells) =>
    cells.map((c) => {
      const cell = c as unknown as { getBoundingClientRect: () => { width: number } };
      const size = Number.parseFloat(
        (
          globalThis as unknown as { getComputedStyle: (e: unknown) => { fontSize: string } }
        ).getComputedStyle(c).fontSize,
      );
      return cell.getBoundingClientRect().width / size;
    }),
  );
  expect(nameWidths.length).toBeGreaterThan(1);
  for (const ems of nameWidths) expect(ems).toBeGreaterThanOrEqual(10);
  await screenshot(page, 'charts-04-report-print');
  await page.pdf({ path: 'test-results/screenshots/charts-04-report.pdf', format: 'A4' }).catch(() => null);
  await context.close();
});

it('labels the charts in English when the page is in English', async () => {
  const { auditor } = stack.fx.tenant.users;
  const { page, context } = await signIn(auditor, { locale: 'en-GB' });
  await page
    .getByRole('navigation', { name: 'Main menu' })
    .getByRole('link', { name: 'Progress board' })
    .click();
  await fiscalYearSelect(page).selectOption(String(FY));
  await page.getByTestId('chart-overdue').waitFor();
  expect(await page.getByTestId('chart-stages').locator('caption').textContent()).toBe(
    'Reform items per stage',
  );
  const effect = await tableRows(page, 'chart-effect');
  expect(effect.map((r) => r[0])).toEqual(PERIOD.map((fy) => `FY${fy}`));
  expect(effect[PERIOD.indexOf(FY)]![2]).toBe(`¥${net(ACTUAL).toLocaleString('en-US')}`);
  // Every label in English (the plan's own names stay as the city wrote them).
  const labels = await page
    .getByTestId('plan-charts')
    .locator('h3, caption, thead th, .recharts-legend-item-text, .recharts-cartesian-axis-tick-value')
    .allTextContents();
  expect(labels.join(' ')).toMatch(/Reform items/);
  expect(labels.filter((text) => /[\u3040-\u30ff]/.test(text) && !text.includes('1-A デジタル'))).toEqual([]);
  expect(await seriousAxeViolations(page)).toEqual([]);
  await screenshot(page, 'charts-05-board-en');

  // The report of a year without any cycle: no overdue task, and the chart says so instead of
  // drawing no bar.
  await page.goto(new URL(`/plans/${planId}/report?fiscalYear=${FY + 1}`, page.url()).toString());
  const none = page.getByTestId('chart-overdue');
  await none.getByText('None', { exact: true }).waitFor();
  expect(await none.locator('[role="img"]').count()).toBe(0);
  expect(await page.getByTestId('chart-stages').locator('[role="img"]').count()).toBe(1);
  await context.close();
});
