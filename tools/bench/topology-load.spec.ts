import { renderSoakSvg, renderSoakTable, type SoakSample } from './soak-chart';
import { nextStep } from './topology-load';

const task = (id: string, kind: string, status: string, periodIndex: number | null = null) => ({
  id,
  kind,
  status,
  periodIndex,
});

describe('the load run’s next command, from the cycle’s state', () => {
  it('approves a pending approval before anything else, with HQ’s rating in CHECK', () => {
    const step = nextStep('c1', {
      stage: 'CHECK',
      status: 'awaiting_approval',
      tasks: [task('t1', 'review', 'scheduled', 1)],
      approvals: [{ id: 'a1', status: 'pending' }],
    });
    expect(step).toMatchObject({
      path: '/approvals/a1/decision',
      role: 'hq',
      body: { decision: 'approve', rating: 'B' },
    });
  });

  it('opens a scheduled task early, then submits the open ones in period order', () => {
    const scheduled = nextStep('c1', {
      stage: 'DO',
      status: 'awaiting_submission',
      tasks: [task('r2', 'review', 'open', 2), task('r3', 'review', 'scheduled', 3)],
      approvals: [],
    });
    expect(scheduled).toMatchObject({ path: '/tasks/r3/open', role: 'admin' });
    const review = nextStep('c1', {
      stage: 'DO',
      status: 'awaiting_submission',
      tasks: [
        task('x', 'execution_report', 'open'),
        task('r2', 'review', 'open', 2),
        task('r1', 'review', 'done', 1),
      ],
      approvals: [],
    });
    expect(review).toMatchObject({
      key: 'review r2',
      path: '/cycles/c1/reviews/r2',
      body: { periodIndex: 2, progress: 50 },
    });
  });

  it('has nothing to send for a closed cycle or one reflecting its budget', () => {
    expect(nextStep('c1', { stage: 'ACT', status: 'closed', tasks: [], approvals: [] })).toBeNull();
    expect(
      nextStep('c1', {
        stage: 'ACT',
        status: 'reflecting_budget',
        tasks: [task('a', 'action', 'done')],
        approvals: [],
      }),
    ).toBeNull();
  });
});

describe('the soak’s table and chart', () => {
  const sample = (minute: number, worker: number): SoakSample => ({
    minute,
    rssMb: { 'worker-1': worker, 'api-1': 150 },
    connections: 12,
    commands: minute === 0 ? 0 : 150,
    p50: minute === 0 ? Number.NaN : 70,
    p99: minute === 0 ? Number.NaN : 900,
    floor: { p50: 18, p99: 60 },
    outboxLagP50: minute === 0 ? Number.NaN : 50,
    outboxLagMax: minute === 0 ? Number.NaN : 800,
    outboxWaiting: 0,
  });
  const meta = { date: '2026-12-07 14:28', minutes: 1, rate: 5, cycles: 8, commands: 152, problems: [] };

  it('writes a row per sample, a dash where there was nothing to measure', () => {
    const table = renderSoakTable([sample(0, 280), sample(1, 290)], meta).split('\n');
    expect(table[0]).toContain('no problem');
    expect(table[2]).toBe(
      '| min | worker-1 MB | api-1 MB | PG conns | commands | p50 / p99 ms | floor p50 / p99 ms | outbox lag p50 / max ms | outbox waiting |',
    );
    expect(table[4]).toBe('| 0.0 | 280 | 150 | 12 | 0 | — / — | 18 / 60 | — / — | 0 |');
    expect(table[5]).toBe('| 1.0 | 290 | 150 | 12 | 150 | 70 / 900 | 18 / 60 | 50 / 800 | 0 |');
  });

  it('draws one line per process and measure, skipping the points it has no value for', () => {
    const svg = renderSoakSvg([sample(0, 280), sample(1, 290)], meta);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<polyline/g)).toHaveLength(2 + 4 + 1 + 2);
    expect(svg).not.toContain('NaN');
  });
});
