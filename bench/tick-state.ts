/**
 * Which of two states a mock's process ran in (docs/performance.md, "The slow state"): fast, or slow,
 * with process.nextTick's inline caches for its tick object megamorphic, so that every tick is made by
 * V8's runtime for the rest of the process's life. A child started with `--import TICK_PROBE` prints
 * nextTick's feedback when sent SIGUSR2; this reads it.
 */
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { ChildServer } from './child-server.js';

export const TICK_PROBE = join(dirname(fileURLToPath(import.meta.url)), 'probes', 'tick-feedback.mjs');

export type TickState = 'fast' | 'slow' | 'unknown';

/**
 * The tick literal `{ [async_id_symbol], [trigger_async_id_symbol], callback, args }` has four
 * DefineKeyedOwnPropertyInLiteral slots; the first sees the empty literal's shape, which never goes.
 * Once the shape after the first property has been freed and made again, the other three are megamorphic.
 */
export function tickStateOf(printed: string): TickState {
  const from = printed.lastIndexOf('=== nextTick feedback');
  const to = printed.indexOf('=== end', from);
  if (from < 0 || to < 0) return 'unknown';
  const slots = [...printed.slice(from, to).matchAll(/slot #\d+ DefineKeyedOwnPropertyInLiteral (\w+)/g)].map((m) => m[1]);
  if (slots.length !== 4) return 'unknown';
  return slots.slice(1).includes('MEGAMORPHIC') ? 'slow' : 'fast';
}

/** Asks a child started with TICK_PROBE for its state (waits up to 10 s for the answer). */
export async function tickStateOfChild(child: ChildServer): Promise<TickState> {
  process.kill(child.pid, 'SIGUSR2');
  for (let i = 0; i < 100; i++) {
    const state = tickStateOf(child.output());
    if (state !== 'unknown') return state;
    await sleep(100);
  }
  return 'unknown';
}
