import { filterInbox, inboxCounts, pageOf } from './task-inbox';

const now = new Date('2026-06-10T03:00:00Z'); // 12:00 JST, 10 June
const task = (id: string, dueAt: string, overdue = false) => ({ id, dueAt, overdue, status: 'open' });
const tasks = [
  task('later', '2026-07-01T08:00:00Z'),
  task('late', '2026-06-01T08:00:00Z', true),
  task('soon', '2026-06-17T08:00:00Z'), // 17 June JST: 7 days ahead is no longer "this week"
  task('today', '2026-06-10T08:00:00Z'),
  task('in6', '2026-06-16T14:00:00Z'), // 23:00 JST on 16 June, 6 days ahead
];

it('sorts by due date, earliest first', () => {
  expect(filterInbox(tasks, 'open', now).map((t) => t.id)).toEqual(['late', 'today', 'in6', 'soon', 'later']);
});

it('shows overdue tasks by the server flag and this week’s by JST days', () => {
  expect(filterInbox(tasks, 'overdue', now).map((t) => t.id)).toEqual(['late']);
  expect(filterInbox(tasks, 'week', now).map((t) => t.id)).toEqual(['today', 'in6']);
  expect(inboxCounts(tasks, now)).toEqual({ open: 5, overdue: 1, week: 2 });
});

it('pages long lists and clamps the page number', () => {
  const many = Array.from({ length: 1000 }, (_, i) => i);
  expect(pageOf(many, 0)).toMatchObject({ page: 0, pages: 20 });
  expect(pageOf(many, 0).rows).toHaveLength(50);
  expect(pageOf(many, 99).rows[0]).toBe(950);
  expect(pageOf([], 3)).toEqual({ rows: [], page: 0, pages: 1 });
});
