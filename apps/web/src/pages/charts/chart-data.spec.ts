import { gradeChartLevel, nodesAt, overdueByStage } from './chart-data';

type Node = Parameters<typeof nodesAt>[0][number];
/** A node of the summary with only what the chart helpers read. */
const node = (code: string, level: number, children: Node[] = []) =>
  ({ code, title: code, level, children }) as unknown as Node;
const levels = (n: number) => Array.from({ length: n }, (_, i) => ({ ja: `L${i + 1}`, en: `L${i + 1}` }));

describe('gradeChartLevel', () => {
  it('groups by the level right above the items when it has at most eight nodes', () => {
    const themes = Array.from({ length: 8 }, (_, i) => node(`1-${i}`, 2));
    expect(gradeChartLevel({ nodes: [node('1', 1, themes)], levels: levels(3) })).toBe(2);
  });

  it('falls back to the top level when the level above the items has more', () => {
    const themes = Array.from({ length: 9 }, (_, i) => node(`1-${i}`, 2));
    expect(gradeChartLevel({ nodes: [node('1', 1, themes)], levels: levels(3) })).toBe(1);
  });

  it('takes the top level when it is the one above the items', () => {
    expect(gradeChartLevel({ nodes: [node('1', 1), node('2', 1)], levels: levels(2) })).toBe(1);
  });
});

describe('overdueByStage', () => {
  const items = [
    { planId: 'p', currentCycle: { id: 'c1' } },
    { planId: 'p', currentCycle: { id: 'c2' } },
    { planId: 'q', currentCycle: { id: 'c3' } },
    { planId: 'p', currentCycle: null },
  ] as unknown as Parameters<typeof overdueByStage>[1];

  it('counts overdue tasks of the plan’s cycles of the year by their stage, not other plans’ or on-time ones', () => {
    const tasks = [
      { cycleId: 'c1', overdue: true, cycleStage: 'PLAN' },
      { cycleId: 'c1', overdue: true, cycleStage: 'PLAN' },
      { cycleId: 'c2', overdue: true, cycleStage: 'DO' },
      { cycleId: 'c2', overdue: false, cycleStage: 'DO' },
      { cycleId: 'c3', overdue: true, cycleStage: 'DO' },
      { cycleId: 'c9', overdue: true, cycleStage: 'ACT' },
    ] as const;
    expect(overdueByStage(tasks, items, 'p')).toEqual({ PLAN: 2, DO: 1, CHECK: 0, ACT: 0 });
  });
});
