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

t.test('inserting keeps the order a stable sort by time gives, near the end or far back', async (t) => {
  const fc = (await import('fast-check')).default;
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 3 })), { maxLength: 200 }), (times) => {
      const list: { at: number; seq: number }[] = [];
      times.forEach((at, seq) => insertSorted(list, { at, seq }));
      const expected = times.map((at, seq) => ({ at, seq })).sort((a, b) => a.at - b.at);
      return JSON.stringify(list) === JSON.stringify(expected);
    }),
    { numRuns: 500 },
  );
  t.pass('500 random sequences, each equal to the stable sort');
});
