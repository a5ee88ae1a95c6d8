import { diffPlanAgainstSnapshot, type PlanSnapshot, toPlanSnapshot } from './plan-diff';
import { parsePlanFile } from './plan-file.parser';
import type { ImportedPlan } from './plan-import.types';

const CSV = [
  '# plan: 計画',
  '番号,目標,テーマ,改革項目,概要,所管,指標,目標値(2027年度),方向,予算額',
  '1,目標1 A,テーマ1 あ,項目一,概要一,WG1,指標a,10,higher,100',
  '2,目標1 A,テーマ1 あ,項目二,概要二,WG1,,,,',
  '3,目標1 A,テーマ2 い,項目三,,WG2,指標c,5,lower,',
].join('\n');

function plan(text = CSV): ImportedPlan {
  const result = parsePlanFile(Buffer.from(text, 'utf8'), { fileName: 'plan.csv' });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.plan;
}

describe('diffPlanAgainstSnapshot', () => {
  it('finds nothing to do when the same file is imported again', () => {
    const existing = toPlanSnapshot(plan());
    const sut = diffPlanAgainstSnapshot(plan(), existing);
    expect(sut).toEqual({ added: [], changed: [], unchanged: ['1', '2', '3'], removed: [] });
  });

  it('treats a snapshot from the database (key order, empty strings, empty targets) as equal', () => {
    const existing: PlanSnapshot = {
      items: toPlanSnapshot(plan()).items.map((item) => ({
        indicators: item.indicators?.map((i) => ({
          direction: i.direction,
          targetsByFy: { ...i.targetsByFy },
          ...i,
        })),
        ...item,
        summary: item.summary ?? '',
      })),
    };
    expect(diffPlanAgainstSnapshot(plan(), existing).unchanged).toEqual(['1', '2', '3']);
  });

  it('reports added, changed (with field names) and removed items by code', () => {
    const existing = toPlanSnapshot(plan());
    const edited = CSV.replace(
      '項目一,概要一,WG1,指標a,10,higher,100',
      '項目一,概要一（改）,WG3,指標a,12,higher,100',
    )
      .replace('3,目標1 A,テーマ2 い,項目三,,WG2,指標c,5,lower,', '4,目標1 A,テーマ2 い,項目四,,WG2,,,,')
      .replace('2,目標1 A,テーマ1 あ,', '2,目標1 A,テーマ2 い,');
    const sut = diffPlanAgainstSnapshot(plan(edited), existing);
    expect(sut.added.map((i) => i.code)).toEqual(['4']);
    expect(sut.changed.map((c) => [c.code, c.fields])).toEqual([
      ['1', ['summary', 'workingGroup', 'indicators']],
      ['2', ['themeCode']],
    ]);
    expect(sut.changed[0]!.before.summary).toBe('概要一');
    expect(sut.changed[0]!.after.summary).toBe('概要一（改）');
    expect(sut.unchanged).toEqual([]);
    expect(sut.removed.map((i) => i.code)).toEqual(['3']);
  });

  it('flattens the tree with goal and theme codes and drops source rows', () => {
    expect(toPlanSnapshot(plan()).items[0]).toEqual({
      code: '1',
      title: '項目一',
      summary: '概要一',
      goalCode: '目標1',
      themeCode: 'テーマ1',
      workingGroup: 'WG1',
      budgetAmount: 100,
      indicators: [{ name: '指標a', target: 10, targetsByFy: { 2027: 10 }, direction: 'higher' }],
    });
  });
});
