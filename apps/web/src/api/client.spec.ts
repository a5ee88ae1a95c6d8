import { fileNameOf } from './client';

describe('fileNameOf (Content-Disposition)', () => {
  it('prefers the UTF-8 filename* the API sends for its Japanese names', () => {
    const name = '平塚市行財政改革計画（2024-2027）_令和8年度（2026年度）_第1版_進捗管理表（公表用）.xlsx';
    expect(
      fileNameOf(`attachment; filename="progress-report.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`),
    ).toBe(name);
  });

  it('falls back to the plain filename, quoted or not', () => {
    expect(fileNameOf('attachment; filename="audit-log-x-20261207.csv"')).toBe('audit-log-x-20261207.csv');
    expect(fileNameOf('attachment; filename=a.csv')).toBe('a.csv');
    expect(fileNameOf('attachment; filename="b.csv"; filename*=UTF-8\'\'%E0%A4%A')).toBe('b.csv');
  });

  it('is null without a name', () => {
    expect(fileNameOf(null)).toBeNull();
    expect(fileNameOf('inline')).toBeNull();
  });
});
