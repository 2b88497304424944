import { executionAsyncResource } from 'node:async_hooks';

let asked = false;
let kept: object | undefined;

/**
 * Keeps one of Node's tick objects (what `process.nextTick` queues) alive for the life of the
 * process, so that V8 keeps their shape (map). A request goes through process.nextTick several
 * times, and each tick is an object literal whose properties nextTick's inline caches define
 * fast while they have seen one shape. Ticks live for microseconds: a full collection that comes
 * while none is queued frees their shape, the caches that pointed at it go megamorphic for the
 * rest of the process, and every tick after that is made by V8's runtime. A 5.1.1 then took about
 * 10% more CPU, in as many of the mock's processes as timing decided: none in some runs, most in
 * others (docs/performance.md, "The slow state").
 * One kept tick is one small object; its callback is this module's, which holds nothing.
 */
export function keepTickShape(): void {
  if (asked) return;
  asked = true;
  // Inside a tick's callback, the resource being run is the tick itself.
  process.nextTick(() => {
    kept = executionAsyncResource();
  });
}

/** The kept tick, for its test. */
export function keptTick(): object | undefined {
  return kept;
}
