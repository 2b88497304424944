import { SimulationRefused } from './messaging/refusal.js';

/**
 * The platform's clock: real time plus an offset that the control plane can move, so token
 * expiry, deliveries and schedules can be tested without waiting.
 */
export interface Clock {
  now(): number;
  /** Seconds the clock runs ahead of real time (may be negative after a set to the past). */
  offsetSeconds(): number;
  advance(seconds: number): void;
  set(epochMs: number): void;
  /** Restores a saved offset (persistence). */
  setOffsetMs(ms: number): void;
  resetOffset(): void;
}

/** How far the platform clock may run from real time: a century each way keeps every date printable. */
export const MAX_OFFSET_MS = 100 * 365.25 * 86_400_000;

/** A move that would leave the clock more than a century from real time changes nothing. */
function bounded(offsetMs: number): number {
  if (!Number.isFinite(offsetMs) || Math.abs(offsetMs) > MAX_OFFSET_MS) {
    throw new SimulationRefused('平台时钟只能在真实时间前后100年之内移动', 'invalid');
  }
  return offsetMs;
}

export function createClock(realNow: () => number = Date.now, initialOffsetMs = 0): Clock {
  let offsetMs = initialOffsetMs;
  return {
    now: () => realNow() + offsetMs,
    offsetSeconds: () => offsetMs / 1000,
    advance(seconds) {
      offsetMs = bounded(offsetMs + Math.round(seconds * 1000));
    },
    set(epochMs) {
      offsetMs = bounded(epochMs - realNow());
    },
    setOffsetMs(ms) {
      // A data file saved before the bound existed may hold any offset: bring it back in range.
      offsetMs = Number.isFinite(ms) ? Math.max(-MAX_OFFSET_MS, Math.min(MAX_OFFSET_MS, ms)) : 0;
    },
    resetOffset() {
      offsetMs = initialOffsetMs;
    },
  };
}
