// The mailbox index: lists sorted by landing time, counted and edited by binary search.
import t from 'tap';
import { countUpTo, insertSorted, removeSorted } from './sorted.js';

t.test('insert keeps order, count finds what has landed, remove finds the one among equals', async (t) => {
  const list: { at: number; id: string }[] = [];
  for (const [at, id] of [[10, 'a'], [30, 'c'], [20, 'b'], [20, 'b2'], [5, 'z']] as const) insertSorted(list, { at, id });
  t.same(list.map((x) => x.id), ['z', 'a', 'b', 'b2', 'c']);
  t.equal(countUpTo(list, 4), 0);
  t.equal(countUpTo(list, 20), 4);
  t.equal(countUpTo(list, 99), 5);
  t.ok(removeSorted(list, 20, (x) => x.id === 'b2'));
  t.notOk(removeSorted(list, 20, (x) => x.id === 'c'), 'only items with that time are considered');
  t.same(list.map((x) => x.id), ['z', 'a', 'b', 'c']);
});
