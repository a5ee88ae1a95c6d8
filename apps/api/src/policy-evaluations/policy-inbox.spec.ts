import { policyFirstPage, policyTaskStatuses } from './policy-inbox';

/** The items' list as the database pages it: rows c0…c(n-1). */
function cycles(n: number) {
  const asked: Array<{ offset: number; limit: number }> = [];
  const load = async (w: { offset: number; limit: number }) => {
    asked.push(w);
    const all = Array.from({ length: n }, (_, i) => `c${i}`);
    return { items: all.slice(w.offset, w.offset + w.limit), total: n };
  };
  return { load, asked };
}

describe('one page over the 施策評価 and the items’ entries', () => {
  const policy = ['p0', 'p1', 'p2'];

  it('puts the 施策評価 first and fills the page with items', async () => {
    const c = cycles(5);
    expect(await policyFirstPage(policy, { offset: 0, limit: 4 }, c.load)).toEqual({
      items: ['p0', 'p1', 'p2', 'c0'],
      total: 8,
    });
  });

  it('pages on into the items after the last 施策評価', async () => {
    const c = cycles(5);
    expect(await policyFirstPage(policy, { offset: 4, limit: 3 }, c.load)).toEqual({
      items: ['c1', 'c2', 'c3'],
      total: 8,
    });
  });

  it('still counts the items when the page is all 施策評価', async () => {
    const c = cycles(5);
    expect(await policyFirstPage(policy, { offset: 1, limit: 2 }, c.load)).toEqual({
      items: ['p1', 'p2'],
      total: 8,
    });
    // A limit of 0 could read as "no limit" to a query builder: one row is asked for and dropped.
    expect(c.asked).toEqual([{ offset: 0, limit: 1 }]);
  });
});

it('maps a task status to the 施策評価 statuses it stands for', () => {
  expect(policyTaskStatuses('open')).toEqual(['open', 'returned']);
  expect(policyTaskStatuses('done')).toEqual(['approved']);
  expect(policyTaskStatuses('cancelled')).toEqual([]);
  expect(policyTaskStatuses(undefined)).toBeUndefined();
});
