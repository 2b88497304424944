// The kept tick: one of process.nextTick's own objects, kept once however many servers are built.
import t from 'tap';
import { keepTickShape, keptTick } from './kept-tick.js';

const nextTickDone = () => new Promise<void>((resolve) => process.nextTick(resolve));

t.test('keeps the tick that ran its callback, once', async (t) => {
  keepTickShape();
  keepTickShape();
  await nextTickDone();
  const tick = keptTick() as Record<string | symbol, unknown> | undefined;
  t.ok(tick, 'a tick is kept');
  // What a tick object is (node's internal/process/task_queues): a callback, its args, and its async ids under symbols.
  t.same(Object.keys(tick!), ['callback', 'args'], 'it is a tick object');
  t.same(Object.getOwnPropertySymbols(tick!).map(String), ['Symbol(async_id_symbol)', 'Symbol(trigger_async_id_symbol)']);
  keepTickShape();
  await nextTickDone();
  t.equal(keptTick(), tick, 'a server built later keeps the same one');
});
