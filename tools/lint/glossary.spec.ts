/**
 * One word per concept (issue #22, DESIGN.md "Words"): the labels of the web app, the mails, the
 * reports, the audit ledger and the domain's label tables name each of the product's fixed concepts
 * with the word of libs/domain/src/glossary.ts, and never with the synonyms a city official would
 * find wrong (../shared/CITY-PRACTICE.md "Words a city official would find wrong").
 *
 * Labels are collected twice: as the running code produces them (messages, label tables, ledger
 * sentences, mails, report headers) and as string literals in the source files that hold labels
 * (parsed with the TypeScript compiler, so comments that explain a word are not labels), so a
 * branch no sample reaches is still read.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describeLedgerEntry } from '@pdca/audit/ledger-labels';
import {
  ACT_DECISION_LABELS,
  CYCLE_STATUS_LABELS,
  DEFAULT_PROGRESS_GRADE_SCALE,
  GLOSSARY,
  type GlossaryKey,
  type LocalizedText,
  RATING_LABELS,
  REVIEW_STATUS_LABELS,
  REVIEW_STATUSES,
  ROLE_LABELS,
  STAGE_LABELS,
  SUBMISSION_KIND_LABELS,
  SUBMISSION_KINDS,
  term,
} from '@pdca/domain';
import { renderNotification } from '@pdca/notifications/notification-templates';
import type { PlanReportData } from '@pdca/persistence/repositories/plan-report.repository';
import { progressReportColumns, progressReportTitle } from '@pdca/reports/progress-report';
import ts from 'typescript';
import { messages } from '../../apps/web/src/messages';

const REPO = resolve(__dirname, '../..');

interface Synonym {
  readonly pattern: RegExp;
  /** The glossary's word for the concept the synonym names. */
  readonly use: GlossaryKey;
}

/** Words that name a glossary concept differently. Japanese unless the pattern says otherwise. */
const SYNONYMS: readonly Synonym[] = [
  { pattern: /見直し方針|改善方針|見直し結果/, use: 'direction' },
  { pattern: /\bAction decision\b/i, use: 'direction' },
  { pattern: /次年度予算額|次年度の予算額/, use: 'budgetReflectionOf' },
  { pattern: /\bnext[- ]year budget\b/i, use: 'budgetReflectionOf' },
  { pattern: /予算要求額/, use: 'initialBudget' },
  { pattern: /\bbudget request\b/i, use: 'initialBudget' },
  { pattern: /実施計画の作成/, use: 'itemPlanTask' },
  { pattern: /\bImplementation plan\b/i, use: 'itemPlanTask' },
  { pattern: /計画書/, use: 'itemPlan' },
  { pattern: /現状値/, use: 'baseline' },
  // 期 is a plan period; a review's period is the task's label (第1四半期 / 上半期 / 2025年4月).
  { pattern: /第(\d+|\{\{\w+\}\}|\?)期/, use: 'progressReview' },
  { pattern: /\bperiod \{\{n\}\}/, use: 'progressReview' },
  { pattern: /完了（次年度へ）|次年度へ継続/, use: 'yearEnded' },
  { pattern: /取下げ|取り下げ|取下/, use: 'discontinued' },
  { pattern: /自己評価/, use: 'firstEvaluation' },
  { pattern: /\bself[- ]rat(ing|ed)\b/i, use: 'firstEvaluation' },
  { pattern: /本部評価/, use: 'secondEvaluation' },
  { pattern: /\bHQ rating\b/i, use: 'secondEvaluation' },
  { pattern: /分析/, use: 'ratingReason' },
  { pattern: /(?<!目標)達成率/, use: 'targetAchievementRate' },
  { pattern: /所管WG/, use: 'department' },
  // 「この事業検証」 names a 事業検証 round (#26), not an item.
  { pattern: /事業[:：]|この事業(?!検証)/, use: 'reformItem' },
  { pattern: /予算反映額/, use: 'budgetReflection' },
];

/** A short label (not a sentence) that names one of these concepts names it with the glossary's word. */
const STEMS: ReadonlyArray<{ readonly stem: RegExp; readonly words: readonly GlossaryKey[] }> = [
  { stem: /方向性/, words: ['direction', 'actStage'] },
  { stem: /反映額/, words: ['budgetReflection', 'budgetReflectionOf'] },
  { stem: /一次評価|二次評価/, words: ['firstEvaluation', 'secondEvaluation'] },
  { stem: /年度終了|次年度継続/, words: ['yearEnded'] },
  { stem: /取組計画/, words: ['itemPlan', 'itemPlanTask'] },
];

interface Label {
  readonly where: string;
  readonly text: string;
}

function textsOf(where: string, value: unknown): Label[] {
  if (typeof value === 'string') return [{ where, text: value }];
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, v]) => textsOf(`${where}.${key}`, v));
  }
  return [];
}

// ---- What the running code says ----------------------------------------------------------------

const DOMAIN_TABLES = {
  STAGE_LABELS,
  CYCLE_STATUS_LABELS,
  SUBMISSION_KIND_LABELS,
  REVIEW_STATUS_LABELS,
  RATING_LABELS,
  ROLE_LABELS,
  ACT_DECISION_LABELS,
};

/** Every `case 'x.y':` of a source file: the ledger actions and notification types it words. */
function casesOf(file: string): string[] {
  const source = readFileSync(join(REPO, file), 'utf8');
  return [...source.matchAll(/case '([a-z_]+\.[a-z_]+)':/g)].map((m) => m[1]!);
}

const TASK_TITLE: LocalizedText = { ja: '進捗報告（2027年度 第1四半期）', en: 'Progress review (FY2027 Q1)' };

function ledgerLabels(): Label[] {
  const payload = {
    fiscalYear: 2027,
    fromFiscalYear: 2026,
    periodIndex: 1,
    late: true,
    round: 2,
    rating: 'B',
    reminderKey: 'before-1d',
    openAt: '2027-07-01T00:00:00+09:00',
    scheduledFor: '2027-07-01T00:00:00+09:00',
    from: '2027-07-10T17:00:00+09:00',
    to: '2027-07-17T17:00:00+09:00',
    delta: 300_000,
    proposedAmount: 10_300_000,
    decision: 'continue',
    source: 'oidc',
    itemCode: '1-1',
  };
  const actor = { actorType: 'user' as const, actorName: '改革 リーダー', actorRole: 'wg_leader' };
  return casesOf('libs/audit/src/ledger-labels.ts').flatMap((action) =>
    SUBMISSION_KINDS.flatMap((kind) =>
      [null, TASK_TITLE].flatMap((taskTitle) => {
        const submission = { selfRating: 'A', decision: 'improve' };
        const entry = {
          ...actor,
          action,
          taskTitle,
          payload: { ...payload, submissionKind: kind, submission },
        };
        return textsOf(`ledger ${action} (${kind})`, describeLedgerEntry(entry));
      }),
    ),
  );
}

function mailLabels(): Label[] {
  const payload = {
    itemId: 'item-1',
    dueAt: '2027-07-10T08:00:00Z',
    previousDueAt: '2027-07-03T08:00:00Z',
    openAt: '2027-07-01T00:00:00Z',
    taskStatus: 'scheduled',
    reminderKey: 'before-7d',
    stepLabel: { ja: '本部承認', en: 'HQ approval' },
    comment: '確認しました',
    fiscalYear: 2027,
    sourceFiscalYear: 2026,
    currentAmount: 1_000_000,
    proposedAmount: 1_100_000,
    delta: 100_000,
    reason: '事業統合のため',
    assigneeUserId: 'u-1',
  };
  return casesOf('libs/notifications/src/notification-templates.ts').flatMap((type) =>
    SUBMISSION_KINDS.flatMap((taskKind) =>
      (['ja', 'en'] as const).flatMap((language) => {
        const mail = renderNotification({
          type,
          payload: { ...payload, taskKind },
          item: { code: '1-1', title: '行政手続のオンライン化' },
          language,
          recipientUserId: 'u-1',
          publicUrl: 'https://pdca.example.jp',
        });
        return [mail.subject, mail.text].map((text) => ({
          where: `mail ${type} (${taskKind}, ${language})`,
          text,
        }));
      }),
    ),
  );
}

function reportLabels(): Label[] {
  const data = {
    plan: { title: '行財政改革計画' },
    items: [{ indicators: [{}, {}] }],
    gradeScale: DEFAULT_PROGRESS_GRADE_SCALE,
  } as unknown as PlanReportData;
  return [true, false].flatMap((publication) => [
    ...progressReportColumns(data, { fiscalYear: 2025, publication }).flatMap((c) => [
      { where: 'report column', text: c.ja },
      { where: 'report column', text: c.en },
    ]),
    { where: 'report title', text: progressReportTitle('行財政改革計画', { fiscalYear: 2025, publication }) },
  ]);
}

/** Each distinct text once, where it was first seen (the samples repeat many sentences). */
function distinct(labels: readonly Label[]): Label[] {
  const seen = new Set<string>();
  return labels.filter(({ text }) => !seen.has(text) && seen.add(text));
}

function runtimeLabels(): Label[] {
  return distinct([
    ...textsOf('messages', messages),
    ...textsOf('domain', DOMAIN_TABLES),
    ...ledgerLabels(),
    ...mailLabels(),
    ...reportLabels(),
  ]);
}

// ---- What the source files hold ------------------------------------------------------------------

/**
 * The files whose string literals are labels: the product's UI, mails, reports, ledger, domain. The
 * API's sources count for their Japanese texts (`ja:`, its errors); its English OpenAPI prose is for
 * developers. Not read: the cities' presets (a city's own words: 見直し is a decision in Hiratsuka),
 * the plan import (it accepts the headings cities' sheets use, 現状値 among them) and test fixtures.
 */
const LABEL_SOURCES = [
  'apps/web/src',
  'apps/api/src',
  'libs/audit/src/ledger-labels.ts',
  'libs/notifications/src',
  'libs/reports/src',
  'libs/domain/src',
  'libs/contracts/src',
  'workflows',
];

function sourceFiles(path: string): string[] {
  const full = join(REPO, path);
  if (statSync(full).isFile()) return [path];
  return readdirSync(full).flatMap((name) => {
    const child = join(path, name);
    if (statSync(join(REPO, child)).isDirectory()) return sourceFiles(child);
    return /\.tsx?$/.test(name) && !/\.(spec|int-spec|d|fixture)\.ts$/.test(name) ? [child] : [];
  });
}

const NOT_LABELS = ['apps/web/src/api/schema.d.ts', 'libs/domain/src/city-presets.ts'];

/**
 * String literals, template literals (with `${…}` written as `{{…}}`) and JSX text of one file;
 * with `jaOnly`, only those that are the value of a `ja:` property.
 */
function literalsOf(file: string, source: string, jaOnly = false): Label[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const out: Label[] = [];
  const visit = (node: ts.Node, inJa: boolean): void => {
    const line = () => `${file}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    const taken = inJa || !jaOnly;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isJsxText(node)) {
      if (taken) out.push({ where: line(), text: node.text });
      return;
    }
    if (ts.isTemplateExpression(node) && taken) {
      const spans = node.templateSpans.map((s) => `{{${s.expression.getText(sf)}}}${s.literal.text}`);
      out.push({ where: line(), text: node.head.text + spans.join('') });
    }
    const ja = inJa || (ts.isPropertyAssignment(node) && node.name.getText(sf) === 'ja');
    ts.forEachChild(node, (child) => visit(child, ja));
  };
  visit(sf, false);
  return out;
}

function sourceLabels(): Label[] {
  return LABEL_SOURCES.flatMap(sourceFiles)
    .filter((file) => !NOT_LABELS.includes(file))
    .flatMap((file) =>
      literalsOf(file, readFileSync(join(REPO, file), 'utf8'), file.startsWith('apps/api/')),
    );
}

// ---- The checks ----------------------------------------------------------------------------------

/** `where: text (→ 今後の方向性)` for each label that uses a synonym. */
function synonymsIn(labels: readonly Label[]): string[] {
  return labels.flatMap(({ where, text }) =>
    SYNONYMS.filter((s) => s.pattern.test(text)).map(
      (s) => `${where}: ${JSON.stringify(text)} says ${s.pattern} (→ ${GLOSSARY[s.use].ja})`,
    ),
  );
}

/** Short labels that name a concept by its stem without the glossary's word. */
function offGlossary(labels: readonly Label[]): string[] {
  const isLabel = (text: string) => text.length <= 40 && !/[。.]$/.test(text);
  return labels.flatMap(({ where, text }) =>
    STEMS.filter(
      ({ stem, words }) =>
        isLabel(text) &&
        stem.test(text) &&
        !words.some((w) =>
          [GLOSSARY[w].ja, GLOSSARY[w].ja.split('{{fy}}').pop()!].some((x) => text.includes(x)),
        ),
    ).map(
      ({ words }) => `${where}: ${JSON.stringify(text)} (→ ${words.map((w) => GLOSSARY[w].ja).join(' / ')})`,
    ),
  );
}

describe('one word per concept', () => {
  const runtime = runtimeLabels();
  const literals = sourceLabels();

  it('reads enough labels to mean something', () => {
    expect(runtime.length).toBeGreaterThan(500);
    expect(literals.length).toBeGreaterThan(2000);
    expect(runtime.some((l) => l.where.startsWith('ledger cycle.withdrawn'))).toBe(true);
    expect(runtime.some((l) => l.where.startsWith('mail budget.reflected'))).toBe(true);
  });

  it('uses none of the synonyms, in what the code says or holds', () => {
    expect(synonymsIn(runtime)).toEqual([]);
    expect(synonymsIn(literals)).toEqual([]);
  });

  it('names each concept with the glossary word where a short label names it', () => {
    expect(offGlossary(runtime)).toEqual([]);
    expect(offGlossary(literals)).toEqual([]);
  });

  it('takes the fixed words of the label tables, the messages, the mails, the reports and the ledger from the glossary', () => {
    const same = (actual: LocalizedText, key: GlossaryKey) => expect(actual).toEqual(GLOSSARY[key]);
    same(STAGE_LABELS.ACT, 'actStage');
    same(SUBMISSION_KIND_LABELS.action, 'direction');
    same(SUBMISSION_KIND_LABELS.plan, 'itemPlan');
    same(SUBMISSION_KIND_LABELS.review, 'progressReview');
    same(CYCLE_STATUS_LABELS.completed, 'yearEnded');
    same(CYCLE_STATUS_LABELS.withdrawn, 'discontinued');

    const message = (path: string): LocalizedText => {
      const at = (lang: 'ja' | 'en') =>
        path
          .split('.')
          .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], messages[lang]) as string;
      return { ja: at('ja'), en: at('en') };
    };
    const messageWords: Array<[string, GlossaryKey]> = [
      ['common.item', 'reformItem'],
      ['plan.title', 'itemPlanTask'],
      ['plan.baseline', 'baseline'],
      ['payload.budgetRequest', 'initialBudget'],
      ['review.title', 'progressReview'],
      ['evaluation.rate', 'targetAchievementRate'],
      ['totals.rate', 'effectProgressRate'],
      ['evaluation.selfRating', 'firstEvaluation'],
      ['payload.selfRating', 'firstEvaluation'],
      ['approvals.rating', 'secondEvaluation'],
      ['evaluation.analysis', 'ratingReason'],
      ['payload.analysis', 'ratingReason'],
      ['action.title', 'actStage'],
      ['action.decision', 'direction'],
      ['payload.decision', 'direction'],
      ['budget.decision', 'direction'],
      ['payload.budgetProposal', 'budgetReflection'],
      ['budget.proposed', 'budgetReflection'],
    ];
    for (const [path, key] of messageWords) expect([path, message(path)]).toEqual([path, GLOSSARY[key]]);
    expect(messages.ja.action.budgetProposal).toContain(GLOSSARY.budgetReflectionOf.ja);
    expect(messages.ja.plan.budgetRequest).toContain(GLOSSARY.initialBudget.ja);

    const ledger = (action: string, payload: object = {}) =>
      describeLedgerEntry({ actorType: 'system', actorName: null, actorRole: null, action, payload });
    expect(ledger('cycle.completed').ja).toContain(GLOSSARY.yearEnded.ja);
    expect(ledger('cycle.withdrawn').ja).toContain(GLOSSARY.discontinued.ja);
    expect(ledger('approval.approved', { submissionKind: 'evaluation', rating: 'B' }).ja).toContain(
      GLOSSARY.secondEvaluation.ja,
    );

    const headers = reportLabels().map((l) => l.text);
    for (const key of ['department', 'firstEvaluation', 'secondEvaluation', 'direction'] as const) {
      expect(headers).toContain(GLOSSARY[key].ja);
    }
    expect(headers).toContain(`指標1 ${GLOSSARY.baseline.ja}`);
    expect(headers).toContain(`指標1 ${GLOSSARY.targetAchievementRate.ja}`);
    expect(mailLabels().find((l) => l.where.endsWith('ja)') && l.text.includes('改革項目'))).toBeDefined();
  });

  it('merges the review status into the progress grades’ scale: 順調 / やや遅れ / 遅れ', () => {
    expect(REVIEW_STATUSES.map((s) => REVIEW_STATUS_LABELS[s].ja)).toEqual(['順調', 'やや遅れ', '遅れ']);
    const grades = DEFAULT_PROGRESS_GRADE_SCALE.grades.map((g) => g.label.ja);
    for (const status of ['at_risk', 'delayed'] as const) {
      expect(grades).toContain(REVIEW_STATUS_LABELS[status].ja);
    }
  });

  it('titles reports with the fiscal year as published: 令和7年度（2025年度）', () => {
    expect(progressReportTitle('計画', { fiscalYear: 2025, publication: false })).toBe(
      '計画 令和7年度（2025年度） 進捗管理表',
    );
    expect(term('budgetReflectionOf', { fy: 2027 }).ja).toBe('2027年度予算への反映額');
  });

  it('fails on a synonym or an off-glossary label (the checks can fail)', () => {
    const bad = (text: string) => [{ where: 'sample', text }];
    expect(synonymsIn(bad('見直し方針'))).toHaveLength(1);
    expect(synonymsIn(bad('進捗報告（第{{n}}期）'))).toHaveLength(1);
    expect(synonymsIn(bad('達成率'))).toHaveLength(1);
    expect(synonymsIn(bad('目標達成率'))).toEqual([]);
    expect(offGlossary(bad('方向性'))).toHaveLength(1);
    expect(offGlossary(bad('今後の方向性'))).toEqual([]);
    const source =
      // A template literal with a placeholder, a comment, a plain string outside any `ja:`.
      'const a = { ja: `第$' + "{n}期`, en: 'Act' }; // 見直し方針 in a comment\nconst b = '自己評価';";
    expect(synonymsIn(literalsOf('x.ts', source))).toHaveLength(2);
    expect(synonymsIn(literalsOf('x.ts', source, true))).toHaveLength(1);
  });
});
