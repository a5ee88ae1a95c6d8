import type { PolicyEvaluationSheetData } from '@pdca/persistence/repositories/policy-evaluation-sheet.types';
import ExcelJS from 'exceljs';
import { policyEvaluationSheetHtml, policyEvaluationSheetXlsx } from './policy-evaluation-sheet';

const OWNER = '担当 部長';
const APPROVER = '本部 次郎';

function sheetData(): PolicyEvaluationSheetData {
  return {
    fiscalYear: 2025,
    tenantName: '宝塚テスト市',
    plan: { id: 'p', title: '行財政経営改革計画', periodStartFy: 2024, periodEndFy: 2027 },
    node: {
      id: 'n',
      code: '1-2',
      title: '<b>窓口</b> & "DX"',
      levelName: { ja: '個別方針', en: 'Policy' },
      path: [{ code: '1', title: '行政運営', levelName: { ja: '基本方針', en: 'Basic policy' } }],
      ownerName: OWNER,
      ownerUserId: 'u',
    },
    status: 'approved',
    rating: { code: 'B', symbol: 'B', label: { ja: '概ね順調', en: 'Mostly on track' } },
    reason: '3項目のうち2項目が計画どおり',
    indicators: [{ name: 'オンライン申請率', unit: '%', target: 50, actual: 45.5, reason: '周知不足' }],
    issues: '人材の確保',
    direction: '継続して推進',
    decisions: [
      {
        round: 1,
        stepLabel: { ja: '本部承認', en: 'HQ approval' },
        status: 'returned',
        comment: '理由を具体的に',
        decidedAt: '2026-07-10T01:00:00Z',
        approverName: APPROVER,
      },
    ],
    items: [
      {
        code: '1-2-1',
        title: '電子申請',
        firstEvaluation: { code: 'a', symbol: 'A', label: { ja: '計画どおり', en: 'On plan' } },
        secondEvaluation: { code: 'b', symbol: 'B', label: null },
        progressGrade: null,
        decision: { code: '拡充', symbol: '拡充', label: { ja: '拡充', en: 'Expand' } },
        effectTarget: 3_600_000,
        effectActual: 1_200_000,
      },
    ],
  };
}

/** The text of the cell in the row whose data-field / data-row is `key` (the value column). */
function field(html: string, key: string): string | undefined {
  return html.match(new RegExp(`data-field="${key}"><th>[^<]*</th><td[^>]*>([^<]*)</td>`))?.[1];
}

describe('施策評価シート', () => {
  it('prints every figure and text of the evaluation, escaped, in Japanese', () => {
    const html = policyEvaluationSheetHtml(sheetData(), { publication: false });
    expect(html).toContain('<title>施策評価シート 令和7年度（2025年度）</title>');
    expect(html).not.toContain('<b>窓口</b>');
    expect(field(html, 'title')).toBe('&lt;b&gt;窓口&lt;/b&gt; &amp; &quot;DX&quot;');
    expect(html).toContain('<th>個別方針</th>');
    expect(field(html, 'parent0')).toBe('1 行政運営');
    expect(field(html, 'owner')).toBe(OWNER);
    expect(field(html, 'status')).toBe('承認済み');
    expect(field(html, 'rating')).toBe('B（概ね順調）');
    expect(field(html, 'reason')).toBe('3項目のうち2項目が計画どおり');
    expect(field(html, 'issues')).toBe('人材の確保');
    expect(field(html, 'direction')).toBe('継続して推進');
    expect(html).toMatch(
      /data-row="indicator0"><th>オンライン申請率<\/th><td data-col="unit">%<\/td><td class="num" data-col="target">50<\/td><td class="num" data-col="actual">45.5<\/td><td data-col="reason">周知不足<\/td>/,
    );
    expect(html).toContain(
      '<td data-col="firstEvaluation">A（計画どおり）</td><td data-col="secondEvaluation">B</td>',
    );
    expect(html).toContain(
      '<td data-col="decision">拡充</td><td class="num" data-col="effectTarget">3,600千円</td>',
    );
    expect(html).toContain('1,200千円');
    expect(html).toContain(`施策評価 — 差戻し（2026年7月10日、${APPROVER}）`);
    expect(field(html, 'decision0')).toBe('理由を具体的に');
  });

  it('leaves out the owner and the approvers for publication', async () => {
    const options = { publication: true };
    const html = policyEvaluationSheetHtml(sheetData(), options);
    expect(html).not.toContain(OWNER);
    expect(html).not.toContain(APPROVER);
    expect(html).not.toContain('担当部長');
    expect(field(html, 'decision0')).toBe('理由を具体的に');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(
      (await policyEvaluationSheetXlsx(sheetData(), options)) as unknown as ExcelJS.Buffer,
    );
    const texts: string[] = [];
    book.worksheets[0]!.eachRow((row) => row.eachCell((c) => texts.push(String(c.value))));
    expect(texts.join('\n')).not.toContain(OWNER);
    expect(texts.join('\n')).not.toContain(APPROVER);
  });

  it('writes English and an Excel sheet with typed figures', async () => {
    const html = policyEvaluationSheetHtml(sheetData(), { publication: false, lang: 'en' });
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Policy evaluation sheet, FY2025 (Reiwa 7)');
    expect(field(html, 'rating')).toBe('B (Mostly on track)');
    expect(field(html, 'status')).toBe('Approved');
    expect(html).not.toMatch(/[（）、]/);

    const book = new ExcelJS.Workbook();
    await book.xlsx.load(
      (await policyEvaluationSheetXlsx(sheetData(), { publication: false })) as unknown as ExcelJS.Buffer,
    );
    const sheet = book.getWorksheet('施策評価シート')!;
    const rowOf = (label: string) => {
      let found: ExcelJS.Row | undefined;
      sheet.eachRow((row) => {
        if (row.getCell(1).value === label) found = row;
      });
      return found!;
    };
    expect(rowOf('担当部評価').getCell(2).value).toBe('B（概ね順調）');
    expect(rowOf('施策実現のための課題').getCell(2).value).toBe('人材の確保');
    const indicator = rowOf('オンライン申請率');
    expect([2, 3, 4, 5].map((c) => indicator.getCell(c).value)).toEqual(['%', 50, 45.5, '周知不足']);
    const item = rowOf('1-2-1 電子申請');
    expect(item.getCell(6).value).toBe(3_600_000);
    expect(item.getCell(7).value).toBe(1_200_000);
    expect(item.getCell(6).numFmt).toContain('千円');
  });
});
