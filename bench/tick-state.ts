/**
 * Which of two states a mock's process ran in (docs/performance.md, "The slow state"): fast, or slow,
 * with process.nextTick's inline caches for its tick object megamorphic, so that every tick is made by
 * V8's runtime for the rest of the process's life. A child started with `--import TICK_PROBE` prints
 * nextTick's feedback when sent SIGUSR2; this reads it from what the child wrote by the time it exited.
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
  // Not bounded by the probe's closing line: V8's print reaches the pipe after it (tickStateAtStop).
  // A slot counts once its line is whole (its state, then " {").
  const from = printed.lastIndexOf('=== nextTick feedback');
  if (from < 0) return 'unknown';
  const slots = [...printed.slice(from).matchAll(/slot #\d+ DefineKeyedOwnPropertyInLiteral (\w+) \{/g)].map((m) => m[1]);
  if (slots.length !== 4) return 'unknown';
  return slots.slice(1).includes('MEGAMORPHIC') ? 'slow' : 'fast';
}

/**
 * Asks a child started with TICK_PROBE for its state, then stops it: V8 prints through the C library's
 * buffer, which a pipe gets whole only when the process exits (the mock exits on SIGTERM).
 */
export async function tickStateAtStop(child: ChildServer): Promise<TickState> {
  process.kill(child.pid, 'SIGUSR2');
  // The probe's own line comes through at once: then the print has been made.
  for (let i = 0; i < 100 && !child.output().includes('=== end'); i++) await sleep(100);
  await child.stop();
  return tickStateOf(child.exited()?.output ?? child.output());
}
