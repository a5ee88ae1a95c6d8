import { DEFAULT_EXTERNAL_REVIEW_RESULTS } from '@pdca/domain/external-review-settings';
import type { ExternalReviewReportData } from '@pdca/persistence/repositories/external-review-report.repository';
import ExcelJS from 'exceljs';
import type { FieldBlock, GridBlock, SheetModel } from './evaluation-sheet-model';
import {
  externalReviewReportHtml,
  externalReviewReportModel,
  externalReviewReportXlsx,
} from './external-review-report';

const fieldBlock = (model: SheetModel, key: string) =>
  model.blocks.find((b): b is FieldBlock => b.kind === 'fields' && b.key === key)!;
const gridBlock = (model: SheetModel, key: string) =>
  model.blocks.find((b): b is GridBlock => b.kind === 'grid' && b.key === key)!;

const data = (over: Partial<ExternalReviewReportData> = {}): ExternalReviewReportData => ({
  tenantName: '平塚市',
  review: {
    id: 'r1',
    fiscalYear: 2025,
    title: '<事業>の外部評価',
    ordinal: 3,
    dueAt: '2025-10-31T08:00:00Z',
    status: 'open',
  },
  members: [
    { userId: 'u1', name: '山田 委員長', chair: true },
    { userId: 'u2', name: '佐藤 委員', chair: false },
  ],
  results: DEFAULT_EXTERNAL_REVIEW_RESULTS,
  publishMemberNames: false,
  items: [
    {
      itemId: 'i1',
      code: '2-10',
      title: '窓口の見直し',
      planId: 'p1',
      ruling: null,
      opinions: [
        { memberUserId: 'u2', memberName: '佐藤 委員', result: 'expand', opinion: 'A & B', submittedAt: '' },
      ],
      response: null,
    },
    {
      itemId: 'i2',
      code: '3-1',
      title: '補助金の見直し',
      planId: 'p1',
      ruling: { result: 'revise', reason: '見直すこと。', ruledAt: '2025-11-01T00:00:00Z' },
      opinions: [],
      response: { status: 'returned', response: null, expectedEffect: null, timing: null, approvedAt: null },
    },
  ],
  ...over,
});

const fieldsOf = (model: SheetModel, key: string) =>
  Object.fromEntries(fieldBlock(model, key).fields.map((f) => [f.key, f.value]));

describe('外部評価報告書', () => {
  it('escapes every text and says what is not there yet (未評価, 委員会の評価前, 未承認)', () => {
    const html = externalReviewReportHtml(data(), { publication: false });
    expect(html).toContain('<p>第3回 &lt;事業&gt;の外部評価</p>');
    expect(html).toContain('A &amp; B');
    expect(html).not.toContain('<事業>');
    const model = externalReviewReportModel(data(), { publication: false });
    expect(fieldsOf(model, 'round').title).toEqual({ text: '<事業>の外部評価' });
    expect(fieldsOf(model, 'item0').ruling).toEqual({ text: '未評価' });
    // Not ruled: no response is asked for yet, so not 「未承認」.
    expect(fieldsOf(model, 'response0')).toEqual({
      responseStatus: { text: '委員会の評価前' },
      response: null,
      expectedEffect: null,
      timing: null,
    });
    expect(fieldsOf(model, 'response1')).toEqual({
      responseStatus: { text: '未承認' },
      response: null,
      expectedEffect: null,
      timing: null,
    });
    // The screens' word for an open round.
    expect(fieldsOf(model, 'round').status).toEqual({ text: '意見受付中' });
    expect(
      fieldsOf(
        externalReviewReportModel(data({ review: { ...data().review, status: 'ruled' } }), {
          publication: false,
        }),
        'round',
      ).status,
    ).toEqual({ text: '委員会の評価済み' });
  });

  it('prints a title that numbers itself as the city wrote it, without a second 第n回', () => {
    const review = { ...data().review, title: '令和8年度 外部評価（第2回）', ordinal: 2, fiscalYear: 2026 };
    const model = externalReviewReportModel(data({ review }), { publication: true });
    expect(model.subtitle).toEqual(['平塚市', '令和8年度 外部評価（第2回）', '（公表用）']);
    expect(fieldsOf(model, 'round').title).toEqual({ text: '令和8年度 外部評価（第2回）' });
    expect(JSON.stringify(model)).not.toMatch(/第2回 令和8年度/);
  });

  it('spans 「意見はありません。」 across the opinions table, in the page and the workbook', async () => {
    const html = externalReviewReportHtml(data(), { publication: false });
    const opinions = /<section data-block="opinions1">([\s\S]*?)<\/section>/.exec(html)![1]!;
    expect(opinions).toContain('<tr data-row="none"><td colspan="3">意見はありません。</td></tr>');
    expect(opinions).not.toContain('<th>意見はありません。</th>');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(
      (await externalReviewReportXlsx(data(), { publication: false })) as unknown as ExcelJS.Buffer,
    );
    const sheet = book.worksheets[0]!;
    let spanned = false;
    sheet.eachRow((row) => {
      if (row.getCell(1).value === '意見はありません。') spanned = row.getCell(3).isMerged;
    });
    expect(spanned).toBe(true);
  });

  it('keeps a member’s letter by their place on the committee, not by who wrote first', () => {
    const model = externalReviewReportModel(data(), { publication: true });
    const grid = gridBlock(model, 'opinions0');
    expect(grid.rows.map((r) => r.label)).toEqual(['委員B']);
    expect(JSON.stringify(model)).not.toContain('佐藤');
    expect(JSON.stringify(model)).not.toContain('山田');
    const named = externalReviewReportModel(data({ publishMemberNames: true }), { publication: true });
    expect(JSON.stringify(named)).toContain('佐藤 委員');
  });

  it('writes English headings and fiscal years when asked', () => {
    const model = externalReviewReportModel(data(), { publication: true, lang: 'en' });
    expect(model.title).toBe('External review report, FY2025 (Reiwa 7)');
    const grid = gridBlock(model, 'opinions0');
    expect(grid.rows[0]).toMatchObject({
      label: 'Member B',
      values: [{ text: 'Expand' }, { text: 'A & B' }],
    });
  });
});
