import { daysUntil } from './format';

export const INBOX_FILTERS = ['open', 'overdue', 'week', 'scheduled', 'done'] as const;
export type InboxFilter = (typeof INBOX_FILTERS)[number];

/** Rows shown at once; the rest is a page away, so a 1,000-task inbox renders as fast as a small one. */
export const INBOX_PAGE_SIZE = 50;

interface InboxTask {
  dueAt: string;
  overdue: boolean;
  status: string;
}

/**
 * Which of the open tasks each filter shows: open = all, overdue = past due (the server's flag),
 * week = due within the next 7 days (JST, today included) and not overdue. `scheduled` (tasks not
 * open yet, 予定) and `done` lists are loaded separately (submitted and done tasks). Sorted by due date, earliest first.
 */
export function filterInbox<T extends InboxTask>(
  open: readonly T[],
  filter: InboxFilter,
  now = new Date(),
): T[] {
  const sorted = [...open].sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  switch (filter) {
    case 'overdue':
      return sorted.filter((t) => t.overdue);
    case 'week':
      return sorted.filter((t) => {
        const days = daysUntil(t.dueAt, now);
        return !t.overdue && days >= 0 && days < 7;
      });
    default:
      return sorted;
  }
}

export function inboxCounts<T extends InboxTask>(
  open: readonly T[],
  now = new Date(),
): Record<Exclude<InboxFilter, 'done' | 'scheduled'>, number> {
  return {
    open: open.length,
    overdue: filterInbox(open, 'overdue', now).length,
    week: filterInbox(open, 'week', now).length,
  };
}

/** One page of rows, the page clamped to what exists. */
export function pageOf<T>(
  rows: readonly T[],
  page: number,
  size = INBOX_PAGE_SIZE,
): { rows: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const current = Math.min(Math.max(0, page), pages - 1);
  return { rows: rows.slice(current * size, current * size + size), page: current, pages };
}
