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

export function createClock(realNow: () => number = Date.now, initialOffsetMs = 0): Clock {
  let offsetMs = initialOffsetMs;
  return {
    now: () => realNow() + offsetMs,
    offsetSeconds: () => offsetMs / 1000,
    advance(seconds) {
      offsetMs += Math.round(seconds * 1000);
    },
    set(epochMs) {
      offsetMs = epochMs - realNow();
    },
    setOffsetMs(ms) {
      offsetMs = ms;
    },
    resetOffset() {
      offsetMs = initialOffsetMs;
    },
  };
}
