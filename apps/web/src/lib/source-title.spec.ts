import { sourceTitle } from './source-title';

describe('sourceTitle (計画の出典)', () => {
  it('drops the repository path in front of the document’s title', () => {
    expect(
      sourceTitle(
        'shared/seeds/002_2e26385474e890f2.txt 「平塚市行財政改革計画（2024-2027）【素案】」（概要版）',
      ),
    ).toBe('「平塚市行財政改革計画（2024-2027）【素案】」（概要版）');
    expect(sourceTitle('plan.csv 町田市の改革項目表')).toBe('町田市の改革項目表');
  });

  it('shows nothing for a bare path, and a title without a path as it is', () => {
    expect(sourceTitle('shared/seeds/002_2e26385474e890f2.txt')).toBeNull();
    expect(sourceTitle('')).toBeNull();
    expect(sourceTitle(null)).toBeNull();
    expect(sourceTitle('宝塚市DX推進計画 別表')).toBe('宝塚市DX推進計画 別表');
  });
});
