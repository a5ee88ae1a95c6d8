import { fileSafeCode } from '@pdca/domain/edition-files';
import type { RenderedEvaluationSheet } from '../evaluation-sheets/evaluation-sheets.service';
import { collect, editionFileLabel, evaluationSheetFiles } from './edition-files';

const sheet = (itemId: string, itemCode: string, format: 'html' | 'xlsx'): RenderedEvaluationSheet => ({
  itemId,
  itemCode,
  bytes: Buffer.from(`${itemId}.${format}`),
  contentType: format === 'html' ? 'text/html; charset=utf-8' : 'application/xlsx',
  fileName: '',
  asciiFileName: '',
});

describe('edition file names', () => {
  it('keeps ASCII codes and replaces the rest, never leaving a name empty', () => {
    expect(fileSafeCode('1-2', 0)).toBe('1-2');
    expect(fileSafeCode('A_3', 0)).toBe('A_3');
    expect(fileSafeCode('1.2', 0)).toBe('1_2');
    expect(fileSafeCode('再掲①', 4)).toBe('item5');
    expect(fileSafeCode('Ⅱ-3', 0)).toBe('_-3');
  });

  it('gives each item an html and an xlsx file, numbering codes that sanitise alike', () => {
    const items = [
      ['a', '1.2'],
      ['b', '1_2'],
      ['c', '2-1'],
    ] as const;
    const sut = evaluationSheetFiles(
      items.map(([id, code]) => sheet(id, code, 'html')),
      items.map(([id, code]) => sheet(id, code, 'xlsx')).reverse(),
    );
    expect(sut.map((f) => [f.name, f.bytes.toString()])).toEqual([
      ['evaluation-sheet-1_2.html', 'a.html'],
      ['evaluation-sheet-1_2.xlsx', 'a.xlsx'],
      ['evaluation-sheet-1_2-2.html', 'b.html'],
      ['evaluation-sheet-1_2-2.xlsx', 'b.xlsx'],
      ['evaluation-sheet-2-1.html', 'c.html'],
      ['evaluation-sheet-2-1.xlsx', 'c.xlsx'],
    ]);
  });

  it('orders the sheets as the plan counts its codes, whatever order they were rendered in', () => {
    const codes = ['3-1', '1-10', '2-1', '1-2'];
    const sut = evaluationSheetFiles(
      codes.map((code) => sheet(code, code, 'html')),
      [],
    );
    expect(sut.map((f) => f.name)).toEqual([
      'evaluation-sheet-1-2.html',
      'evaluation-sheet-1-10.html',
      'evaluation-sheet-2-1.html',
      'evaluation-sheet-3-1.html',
    ]);
  });

  it('says in Japanese what a file is, for the download’s file name', () => {
    expect(editionFileLabel('progress-report.xlsx')).toBe('進捗管理表');
    expect(editionFileLabel('evaluation-sheet-1-2.html')).toBe('評価シート_1-2');
  });
});

it('collects what a writer streams into one buffer', async () => {
  const bytes = await collect(async (stream) => {
    stream.write(Buffer.from('進捗'));
    stream.end(Buffer.from('管理表'));
  });
  expect(bytes.toString('utf8')).toBe('進捗管理表');
});
