/**
 * #23: two whole fiscal years (FY2024 and FY2025) of one item on the time-skipping server, the real
 * worker writing PostgreSQL, for an item listed under a second parent too (再掲), in a city with its
 * own level names, the ◎○△× grades and its own decision list. The FY2025 評価シート is then loaded
 * and rendered in both formats, read back (the xlsx with ExcelJS, the HTML by its data- attributes)
 * and every figure and text compared with this test's own inputs; rates and sums are computed here.
 */

import {
  type Actor,
  CYCLE_WORKFLOW_TYPE,
  type CycleState,
  decideUpdate,
  submitActionUpdate,
  submitEvaluationUpdate,
  submitExecutionReportUpdate,
  submitPlanUpdate,
  submitReviewUpdate,
} from '@pdca/contracts';
import { DEFAULT_DECISIONS, jstInstant } from '@pdca/domain';
import { EvaluationSheetRepository } from '@pdca/persistence/repositories';
import { evaluationSheetHtml, evaluationSheetXlsx } from '@pdca/reports/evaluation-sheet';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import ExcelJS from 'exceljs';
import type { DataSource } from 'typeorm';
import { createCycleActivities } from '../../apps/worker/src/cycle.activities';
import { cycleInput } from '../support/cycle-client';
import { type CycleFixture, createCycleFixture } from '../support/cycle-fixtures';
import { openDataSource, waitForCycleRow } from '../support/test-worker';
import { businessSleeper, withTimeSkippingWorker } from '../support/time-skipping';
import { htmlBlock, htmlFields, htmlGrid, htmlIndicator, xlsxBlocks } from './evaluation-sheet-readers';

let db: DataSource;

beforeAll(async () => {
  db = await openDataSource();
});

afterAll(async () => {
  await db?.destroy();
});

interface YearInputs {
  targets: [number, number];
  actuals: [number, number];
  effectTarget: { spendingReduction: number; revenueGain: number; cost: number };
  effects: { spendingReduction: number; revenueGain: number; cost: number };
  reviewNotes: string[];
}

// The inputs. Indicator 0 (オンライン申請率) uses 実績÷目標; indicator 1 (窓口平均待ち時間, lower is
// better, baseline 30) the city's default, progress from the baseline.
const IMPORTED = [
  { 2024: 30, 2025: 50, 2026: 60, 2027: 70 },
  { 2024: 25, 2025: 15, 2026: 12, 2027: 10 },
] as const;
const BASELINE_WAIT = 30;
const FY2024: YearInputs = {
  targets: [32, 25],
  actuals: [33, 24],
  effectTarget: { spendingReduction: 4_000_000, revenueGain: 0, cost: 1_000_000 },
  effects: { spendingReduction: 3_500_000, revenueGain: 0, cost: 800_000 },
  reviewNotes: ['', '', '', ''],
};
const FY2025: YearInputs = {
  targets: [55, 14],
  actuals: [45, 16],
  effectTarget: { spendingReduction: 5_000_000, revenueGain: 1_000_000, cost: 1_500_000 },
  effects: { spendingReduction: 4_200_000, revenueGain: 600_000, cost: 1_200_000 },
  reviewNotes: [
    '申請様式の電子化に着手',
    '12手続を電子化',
    '端末の更新を完了',
    '窓口の待ち時間短縮が遅れている',
  ],
};
const TEXT = {
  summary: '行政手続をオンラインで完結できるようにする',
  background: '窓口の混雑と待ち時間が課題',
  activities: ['申請様式の電子化', '窓口端末の更新'],
  execution: '窓口のオンライン化を12手続で実施',
  issues: '高齢者の利用が伸びない',
  analysis: '申請率は伸びたが目標には届かなかった',
  planReturn: '待ち時間の目標値を見直してください',
  planApproval: '見直し後の目標で承認します',
  hqReason: '待ち時間の改善が目標に届いていない',
  rationale: '一定の効果が出ているため現行どおり継続する',
  actApproval: '予算に反映する',
};
const BUDGET_PROPOSAL = 10_300_000;
/** The city's list: 継続 is called 現行どおり, the label the FY2025 sheet must print. */
const DECISIONS = DEFAULT_DECISIONS.map((d) =>
  d.code === 'continue' ? { ...d, label: { ja: '現行どおり', en: 'As is' } } : d,
);
const LEVELS = [
  { name: { ja: '基本方針', en: 'Basic policy' } },
  { name: { ja: '取組の柱', en: 'Pillar' } },
  { name: { ja: '改革項目', en: 'Reform item' } },
];

const YEAR_LABELS = [
  '令和6年度（2024年度）',
  '令和7年度（2025年度）',
  '令和8年度（2026年度）',
  '令和9年度（2027年度）',
];

const rate = (numerator: number, denominator: number) => Math.round((numerator / denominator) * 1000) / 10;
const net = (e: YearInputs['effects']) => e.spendingReduction + e.revenueGain - e.cost;

async function addParents(f: CycleFixture): Promise<void> {
  const [{ plan_id: planId }] = await db.query('SELECT plan_id FROM items WHERE id = $1', [f.itemId]);
  const node = async (kind: string, code: string, title: string, parentId: string | null, sort: number) => {
    const [{ id }] = await db.query(
      `INSERT INTO plan_nodes (tenant_id, plan_id, parent_id, kind, code, title, sort)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [f.tenantId, planId, parentId, kind, code, title, sort],
    );
    return id as string;
  };
  const policy1 = await node('goal', '1', '持続可能な行政運営', null, 1);
  const pillar1 = await node('theme', '1-1', 'デジタル化の推進', policy1, 1);
  const policy2 = await node('goal', '2', '市民サービスの向上', null, 2);
  const pillar2 = await node('theme', '2-3', '窓口改革', policy2, 1);
  await db.query('UPDATE items SET theme_id = $2, summary = $3, background = $4 WHERE id = $1', [
    f.itemId,
    pillar1,
    TEXT.summary,
    TEXT.background,
  ]);
  await db.query(
    `INSERT INTO item_parents (tenant_id, item_id, node_id, is_primary, sort) VALUES ($1, $2, $3, true, 0), ($1, $2, $4, false, 1)`,
    [f.tenantId, f.itemId, pillar1, pillar2],
  );
  const [online, waiting] = f.indicatorIds;
  await db.query(
    `UPDATE indicators SET unit = '%', kind = 'outcome', achievement_formula = 'ratio', target = 80, targets = $2 WHERE id = $1`,
    [online, JSON.stringify(IMPORTED[0])],
  );
  await db.query(`UPDATE indicators SET unit = '分', kind = 'activity', targets = $2 WHERE id = $1`, [
    waiting,
    JSON.stringify(IMPORTED[1]),
  ]);
}

/** One fiscal year from PLAN to the approved decision; FY2025's plan is returned once first. */
async function runYear(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  f: CycleFixture,
  fy: number,
  year: YearInputs,
): Promise<void> {
  const { workflowId, input } = cycleInput(f, fy);
  const handle = await env.client.workflow.start(CYCLE_WORKFLOW_TYPE, {
    workflowId,
    taskQueue,
    args: [input],
  });
  await waitForCycleRow(db, input.cycleId);
  const started = (await handle.describe()).startTime.getTime();
  const until = businessSleeper(env, input.businessStartMs!, started);
  const decide = (
    s: CycleState,
    decision: 'approve' | 'return',
    extra: { comment?: string; rating?: string } = {},
  ) =>
    handle.executeUpdate(decideUpdate, {
      args: [f.hq, { approvalId: s.approvals.find((a) => a.status === 'pending')!.id, decision, ...extra }],
    });
  const main = fy === 2025;
  const [online, waiting] = f.indicatorIds as [string, string];
  const plan = (leader: Actor, targets: [number, number]) =>
    handle.executeUpdate(submitPlanUpdate, {
      args: [
        leader,
        {
          targets: [
            { indicatorId: online, target: targets[0] },
            { indicatorId: waiting, target: targets[1] },
          ],
          activities: TEXT.activities,
          budgetRequest: 10_000_000,
          effectTarget: year.effectTarget,
        },
      ],
    });
  let s: CycleState;
  if (main) {
    s = await plan(f.leader, [year.targets[0], 15]);
    s = await decide(s, 'return', { comment: TEXT.planReturn });
  }
  s = await plan(f.leader, year.targets);
  s = await decide(s, 'approve', main ? { comment: TEXT.planApproval } : {});
  const reviews = s.tasks.filter((t) => t.kind === 'review').sort((a, b) => a.periodIndex! - b.periodIndex!);
  expect(reviews).toHaveLength(4);
  for (const [i, task] of reviews.entries()) {
    await until(jstInstant(i < 2 ? fy : fy + 1, [7, 10, 1, 4][i]!, 1, 9));
    await handle.executeUpdate(submitReviewUpdate, {
      args: [
        f.leader,
        task.id,
        {
          periodIndex: i + 1,
          progress: (i + 1) * 25,
          status: i < 3 ? 'on_track' : 'at_risk',
          grade: i < 3 ? 'circle' : 'triangle',
          ...(year.reviewNotes[i] ? { notes: year.reviewNotes[i] } : {}),
        },
      ],
    });
  }
  await until(jstInstant(fy + 1, 4, 6, 9));
  s = await handle.executeUpdate(submitExecutionReportUpdate, {
    args: [f.leader, { summary: TEXT.execution, ...(main ? { issues: TEXT.issues } : {}) }],
  });
  s = await decide(s, 'approve');
  s = await handle.executeUpdate(submitEvaluationUpdate, {
    args: [
      f.leader,
      {
        actuals: [
          { indicatorId: online, actual: year.actuals[0] },
          { indicatorId: waiting, actual: year.actuals[1] },
        ],
        selfRating: 'B',
        analysis: TEXT.analysis,
        grade: 'triangle',
        effects: year.effects,
      },
    ],
  });
  s = await decide(s, 'approve', { rating: 'C', ...(main ? { comment: TEXT.hqReason } : {}) });
  s = await handle.executeUpdate(submitActionUpdate, {
    args: [f.leader, { decision: 'continue', budgetProposal: BUDGET_PROPOSAL, rationale: TEXT.rationale }],
  });
  await decide(s, 'approve', main ? { comment: TEXT.actApproval } : {});
  await handle.result();
}

it('ends two fiscal years in a 評価シート whose every figure and text matches the inputs', async () => {
  const f = await createCycleFixture(db, {
    reviewCadence: 'quarterly',
    budget: 10_000_000,
    periodEndFy: 2027,
    settings: { progressGrades: 'marks', levels: LEVELS, decisions: DECISIONS },
  });
  await addParents(f);
  await withTimeSkippingWorker(
    db,
    'sheet',
    async ({ env, taskQueue }) => {
      await runYear(env, taskQueue, f, 2024, FY2024);
      await runYear(env, taskQueue, f, 2025, FY2025);
    },
    { activities: createCycleActivities(db) },
  );
  // The city renames 現行どおり afterwards: the FY2025 sheet keeps the label its year ran on.
  await db.query(`UPDATE tenants SET settings = settings || $2 WHERE id = $1`, [
    f.tenantId,
    JSON.stringify({ decisions: DEFAULT_DECISIONS }),
  ]);

  const data = (await new EvaluationSheetRepository(db).load(f.tenantId, f.itemId, 2025))!;
  const names = [f.leader, f.member, f.hq, f.hq2, f.hqAdmin, f.auditor].map((a) => a.displayName);

  // Computed here from the inputs.
  const rates = {
    2024: [
      rate(FY2024.actuals[0], FY2024.targets[0]),
      rate(FY2024.actuals[1] - BASELINE_WAIT, FY2024.targets[1] - BASELINE_WAIT),
    ],
    2025: [
      rate(FY2025.actuals[0], FY2025.targets[0]),
      rate(FY2025.actuals[1] - BASELINE_WAIT, FY2025.targets[1] - BASELINE_WAIT),
    ],
  };
  expect(rates).toEqual({ 2024: [103.1, 120], 2025: [81.8, 87.5] });
  const yearTarget = net(FY2025.effectTarget);
  const yearActual = net(FY2025.effects);
  const cumTarget = net(FY2024.effectTarget) + yearTarget;
  const cumActual = net(FY2024.effects) + yearActual;
  const thousands = (yen: number) => `${(yen / 1000).toLocaleString('ja-JP')}千円`;
  const expectedIndicators = [0, 1].map((i) => ({
    target: [FY2024.targets[i]!, FY2025.targets[i]!, IMPORTED[i]![2026], IMPORTED[i]![2027]],
    actual: [FY2024.actuals[i]!, FY2025.actuals[i]!, null, null],
    rate: [rates[2024][i]!, rates[2025][i]!, null, null],
  }));
  const formulas = [
    ['実績÷目標', '実績÷目標', '', ''],
    [
      '基準値からの進捗（(実績−基準値)÷(目標−基準値)）',
      '基準値からの進捗（(実績−基準値)÷(目標−基準値)）',
      '',
      '',
    ],
  ];
  // The fields every format must show, by data-field key: [label, text as the HTML prints it].
  const expectedFields: Record<string, [string, string]> = {
    code: ['番号', '1-1'],
    title: ['改革項目', '行政手続のオンライン化'],
    department: ['所管課・WG', 'DX推進WG'],
    parent0: ['基本方針 › 取組の柱', '1 持続可能な行政運営 › 1-1 デジタル化の推進'],
    parent1: ['基本方針 › 取組の柱（再掲）', '2 市民サービスの向上 › 2-3 窓口改革'],
    summary: ['概要', TEXT.summary],
    background: ['目的・現状と課題', TEXT.background],
    activities: ['取組内容', TEXT.activities.join('\n')],
    results: ['実施結果', TEXT.execution],
    grade: ['進捗評価', '△（やや遅れ）'],
    // The latest 進捗報告's notes; the evaluation's analysis is 評価の理由 only.
    gradeReason: ['進捗評価の理由', FY2025.reviewNotes[3]!],
    firstEvaluation: ['一次評価（所管）', 'B（概ね達成）'],
    firstEvaluationReason: ['評価の理由', TEXT.analysis],
    secondEvaluation: ['二次評価（本部）', 'C（一部達成）'],
    secondEvaluationReason: ['二次評価（本部）の理由', TEXT.hqReason],
    issues: ['課題', TEXT.issues],
    direction: ['今後の方向性', '現行どおり'],
    directionReason: ['理由', TEXT.rationale],
    // Approved in summer 2026, the decision reaches the FY2027 budget (N+2 by default).
    budgetReflection: ['2027年度予算への反映額', thousands(BUDGET_PROPOSAL)],
  };
  FY2025.reviewNotes.forEach((notes, i) => {
    const grade = i < 3 ? '○（計画どおり）' : '△（やや遅れ）';
    expectedFields[`review${i}`] = [
      `進捗報告（2025年度 第${i + 1}四半期）`,
      `${(i + 1) * 25}%　${grade}　${notes}`,
    ];
  });
  const expectedComments = [
    ['計画', TEXT.planReturn, '差戻し'],
    ['計画', TEXT.planApproval, '承認'],
    ['評価', TEXT.hqReason, '承認'],
    ['方向性の決定', TEXT.actApproval, '承認'],
  ] as const;

  for (const publication of [false, true]) {
    const html = evaluationSheetHtml(data, { publication });
    expect(html).toContain('<title>改革項目 評価シート 令和7年度（2025年度）</title>');
    expect(html).toContain('行財政改革計画（計画期間 令和6年度（2024年度）〜令和9年度（2027年度））');
    const fields = htmlFields(html);
    for (const [key, [label, value]] of Object.entries(expectedFields)) {
      const shown = fields.get(key);
      // Review lines carry the submitter's name in the internal sheet only.
      const expected =
        key.startsWith('review') && !publication ? `${value}　（${f.leader.displayName}）` : value;
      expect([key, shown]).toEqual([key, { label, value: expected }]);
    }
    expect(fields.get('leader')).toEqual(
      publication ? undefined : { label: 'WGリーダー', value: f.leader.displayName },
    );
    expectedComments.forEach(([stage, comment, status], i) => {
      const shown = fields.get(`comment${i}`)!;
      expect(shown.value).toBe(comment);
      // 計画 — 承認（2026年5月1日、本部 次郎）: the default chain's step 本部承認 is not repeated.
      expect(shown.label).toMatch(
        new RegExp(
          `^${stage} — ${status}（\\d{4}年\\d{1,2}月\\d{1,2}日${publication ? '' : `、${f.hq.displayName}`}）$`,
        ),
      );
    });
    expect(fields.has(`comment${expectedComments.length}`)).toBe(false);
    for (const i of [0, 1]) {
      const indicator = htmlIndicator(html, i);
      expect(indicator.years).toEqual([2024, 2025, 2026, 2027]);
      expect(indicator.yearLabels).toEqual(YEAR_LABELS);
      expect(indicator.rows.target).toEqual(expectedIndicators[i]!.target.map(String));
      expect(indicator.rows.actual).toEqual(
        expectedIndicators[i]!.actual.map((v) => (v === null ? '' : String(v))),
      );
      expect(indicator.rows.rate).toEqual(
        expectedIndicators[i]!.rate.map((v) => (v === null ? '' : `${v.toFixed(1)}%`)),
      );
      expect(indicator.rows.formula).toEqual(formulas[i]);
    }
    expect(htmlIndicator(html, 0).facts).toEqual({
      kind: '成果指標',
      unit: '%',
      method: '実績÷目標',
      direction: '高いほど良い',
      baseline: '20',
      finalTarget: '80',
    });
    expect(htmlIndicator(html, 1).facts).toEqual({
      kind: '活動指標',
      unit: '分',
      method: '基準値からの進捗',
      direction: '低いほど良い',
      baseline: String(BASELINE_WAIT),
      finalTarget: '',
    });
    for (const name of names) {
      if (publication) expect(html).not.toContain(name);
    }
    const cumulativeLabel = '累計（令和6年度（2024年度）〜令和7年度（2025年度））';
    expect(htmlGrid(htmlBlock(html, 'effects'))).toEqual({
      columns: ['target', 'actual', 'rate'],
      labels: ['見込額', '実績額', '効果額進捗率'],
      rows: {
        year: {
          label: '令和7年度（2025年度）',
          values: [
            thousands(yearTarget),
            thousands(yearActual),
            `${rate(yearActual, yearTarget).toFixed(1)}%`,
          ],
        },
        cumulative: {
          label: cumulativeLabel,
          values: [thousands(cumTarget), thousands(cumActual), `${rate(cumActual, cumTarget).toFixed(1)}%`],
        },
      },
    });

    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await evaluationSheetXlsx(data, { publication })) as unknown as ExcelJS.Buffer);
    const blocks = xlsxBlocks(book.worksheets[0]!);
    const cell = (label: string, block?: string) => {
      const found = [...blocks.entries()].filter(([b, rows]) => (!block || b === block) && rows.has(label));
      expect([label, found.length]).toEqual([label, 1]);
      return found[0]![1].get(label)![0];
    };
    expect(cell('番号')).toBe('1-1');
    expect(cell('基本方針 › 取組の柱（再掲）')).toBe(expectedFields.parent1![1]);
    expect(cell('進捗評価の理由', '進捗評価')).toBe(FY2025.reviewNotes[3]);
    expect(cell('進捗評価', '進捗評価')).toBe('△（やや遅れ）');
    expect(cell('所管課・WG')).toBe('DX推進WG');
    expect(cell('理由', '今後の方向性')).toBe(TEXT.rationale);
    expect(cell('二次評価（本部）の理由')).toBe(TEXT.hqReason);
    expect(cell('今後の方向性', '今後の方向性')).toBe('現行どおり');
    expect(cell('2027年度予算への反映額')).toBe(BUDGET_PROPOSAL);
    // The grid's three columns (the sheet is four value columns wide).
    const effects = blocks.get('効果額')!;
    expect(effects.get('年度')!.slice(0, 3)).toEqual(['見込額', '実績額', '効果額進捗率']);
    expect(effects.get('令和7年度（2025年度）')!.slice(0, 3)).toEqual([
      yearTarget,
      yearActual,
      rate(yearActual, yearTarget),
    ]);
    expect(effects.get(cumulativeLabel)!.slice(0, 3)).toEqual([
      cumTarget,
      cumActual,
      rate(cumActual, cumTarget),
    ]);
    for (const i of [0, 1]) {
      const rows = blocks.get(`指標:${i === 0 ? 'オンライン申請率' : '窓口平均待ち時間'}`)!;
      expect(rows.get('年度')).toEqual(YEAR_LABELS);
      expect(rows.get('目標値')).toEqual(expectedIndicators[i]!.target);
      expect(rows.get('実績値')).toEqual(expectedIndicators[i]!.actual);
      expect(rows.get('目標達成率')).toEqual(expectedIndicators[i]!.rate);
    }
    const everything = JSON.stringify([...blocks.entries()].map(([b, rows]) => [b, [...rows.entries()]]));
    for (const name of names) {
      if (publication) expect(everything).not.toContain(name);
      else if (name === f.leader.displayName || name === f.hq.displayName) expect(everything).toContain(name);
    }
  }
}, 180_000);
