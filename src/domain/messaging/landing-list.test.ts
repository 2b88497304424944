// The landing list answers exactly as one array kept sorted by time (ties in the order added) would.
import t from 'tap';
import { LandingList } from './landing-list.js';
import { countUpTo, insertSorted, removeSorted } from './sorted.js';

type Item = { at: number; id: number };
type Step = { kind: 'add'; at: number; now?: number } | { kind: 'read'; now: number } | { kind: 'remove'; pick: number; now?: number };

/** Runs the steps against the list and against a sorted array; every read must agree. */
function agree(steps: Step[], start: Item[] = [], startNow = 0): boolean {
  const reference: Item[] = [];
  for (const item of start) insertSorted(reference, item);
  const list = LandingList.of(start, startNow);
  let id = start.length;
  for (const step of steps) {
    if (step.kind === 'add') {
      const item = { at: step.at, id: id++ };
      insertSorted(reference, item);
      list.add(item, step.now);
    } else if (step.kind === 'remove') {
      if (reference.length === 0) continue;
      const target = reference[step.pick % reference.length]!;
      const same = (x: Item) => x.id === target.id;
      if (removeSorted(reference, target.at, same) !== list.remove(target.at, same, step.now)) return false;
    } else {
      const { items, count } = list.landedBy(step.now);
      const expected = reference.slice(0, countUpTo(reference, step.now));
      if (JSON.stringify(items.slice(0, count)) !== JSON.stringify(expected)) return false;
    }
  }
  return JSON.stringify(list.toArray()) === JSON.stringify(reference);
}

t.test('adds, reads at moving times (the clock set back too) and removes agree with a sorted array', async (t) => {
  const fc = (await import('fast-check')).default;
  const time = fc.integer({ min: 0, max: 60 });
  const step = fc.oneof(
    { arbitrary: fc.tuple(time, fc.option(time, { nil: undefined })).map(([at, now]): Step => ({ kind: 'add', at, now })), weight: 5 },
    { arbitrary: time.map((now): Step => ({ kind: 'read', now })), weight: 3 },
    { arbitrary: fc.tuple(fc.nat(), fc.option(time, { nil: undefined })).map(([pick, now]): Step => ({ kind: 'remove', pick, now })), weight: 1 },
  );
  const start = fc.array(time, { maxLength: 20 }).map((ats) => ats.map((at, id) => ({ at, id })));
  fc.assert(fc.property(fc.array(step, { maxLength: 120 }), start, time, (steps, items, now) => agree(steps, items, now)), { numRuns: 1000 });
  t.pass('1000 random runs agreed step by step');
});

t.test('what has not landed is not counted; it lands in order when its time comes', async (t) => {
  const list = new LandingList<Item>();
  list.add({ at: 300, id: 1 });
  list.add({ at: 100, id: 2 });
  list.add({ at: 300, id: 3 });
  t.equal(list.countBy(50), 0);
  t.equal(list.countBy(100), 1);
  const { items, count } = list.landedBy(300);
  t.same(items.slice(0, count).map((i) => i.id), [2, 1, 3], 'ties keep the order they were added in');
  t.ok(list.remove(300, (i) => i.id === 1, 300));
  t.notOk(list.remove(300, (i) => i.id === 1, 300), 'removed once');
  t.same(list.toArray().map((i) => i.id), [2, 3]);
});

t.test('adds that pass the time keep only what is still to land waiting, read or not', async (t) => {
  const list = new LandingList<Item>();
  for (let now = 0; now < 10_000; now++) list.add({ at: now + 300, id: now }, now);
  t.ok(list.waiting <= 301, `${list.waiting} waiting of 10,000 added`);
  t.equal(list.countBy(10_299), 10_000);
  t.equal(list.waiting, 0);
});
