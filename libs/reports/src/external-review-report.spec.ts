import { DEFAULT_EXTERNAL_REVIEW_RESULTS } from '@pdca/domain/external-review-settings';
import type { ExternalReviewReportData } from '@pdca/persistence/repositories/external-review-report.repository';
import type { FieldBlock, GridBlock, SheetModel } from './evaluation-sheet-model';
import { externalReviewReportHtml, externalReviewReportModel } from './external-review-report';

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
      response: { status: 'returned', response: null, expectedEffect: null, timing: null, approvedAt: null },
    },
  ],
  ...over,
});

const fieldsOf = (model: SheetModel, key: string) =>
  Object.fromEntries(fieldBlock(model, key).fields.map((f) => [f.key, f.value]));

describe('外部評価報告書', () => {
  it('escapes every text and says what is not there yet (未評価, 未承認)', () => {
    const html = externalReviewReportHtml(data(), { publication: false });
    expect(html).toContain('第3回 &lt;事業&gt;の外部評価');
    expect(html).toContain('A &amp; B');
    expect(html).not.toContain('<事業>');
    const model = externalReviewReportModel(data(), { publication: false });
    expect(fieldsOf(model, 'item0').ruling).toEqual({ text: '未評価' });
    expect(fieldsOf(model, 'response0')).toEqual({
      responseStatus: { text: '未承認' },
      response: null,
      expectedEffect: null,
      timing: null,
    });
    expect(fieldsOf(model, 'round').status).toEqual({ text: '審議中' });
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
