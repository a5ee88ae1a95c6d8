import { inCodeOrder } from './plan-order';

const codes = (list: string[]) => inCodeOrder(list.map((code) => ({ code }))).map((n) => n.code);

describe('inCodeOrder', () => {
  it('puts numbered siblings in the order of their numbers, 10 after 9', () => {
    expect(codes(['2-2', '2-3', '2-1'])).toEqual(['2-1', '2-2', '2-3']);
    expect(codes(['3-1', '3-3', '3-4', '3-2', '3-5'])).toEqual(['3-1', '3-2', '3-3', '3-4', '3-5']);
    expect(codes(['10', '9', '1.2', '1'])).toEqual(['1', '1.2', '9', '10']);
    expect(codes(['方針1', '方針3', '方針2'])).toEqual(['方針1', '方針2', '方針3']);
    expect(codes(['方針2-2', '方針2-10', '方針2-1'])).toEqual(['方針2-1', '方針2-2', '方針2-10']);
  });

  it('keeps the file’s order when a sibling is not numbered, and leaves the input alone', () => {
    expect(codes(['その他', '目標1'])).toEqual(['その他', '目標1']);
    expect(codes(['2', 'A', '1'])).toEqual(['2', 'A', '1']);
    expect(codes(['方針2', '目標1'])).toEqual(['方針2', '目標1']);
    const numbered = [{ code: '2' }, { code: '1' }];
    inCodeOrder(numbered);
    expect(numbered.map((n) => n.code)).toEqual(['2', '1']);
  });
});
