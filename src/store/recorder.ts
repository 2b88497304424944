import type { Clock } from '../domain/clock.js';
import type { IdSource } from '../domain/random.js';

/** What a command drew from the clock and the id source: n = now(), u = uuid(), r = random(). */
export type Tape = ['n' | 'u' | 'r', number | string][];

/**
 * Makes commands repeatable: while a command runs, every clock reading and id drawn is written to
 * a tape; replaying the command later feeds the same values back, so the domain (deterministic
 * otherwise) rebuilds exactly the state it built live.
 */
export class Recorder {
  private tape: Tape | undefined;
  private replaying = false;

  private draw<T extends number | string>(kind: 'n' | 'u' | 'r', live: () => T): T {
    if (!this.tape) return live();
    if (this.replaying) {
      const next = this.tape[0];
      if (next && next[0] === kind) {
        this.tape.shift();
        return next[1] as T;
      }
      return live();
    }
    const value = live();
    this.tape.push([kind, value]);
    return value;
  }

  wrapClock(base: Clock): Clock {
    // One closure per wrapped function, not one per call: now() runs several times a request.
    const now = () => base.now();
    return {
      now: () => this.draw('n', now),
      offsetSeconds: () => base.offsetSeconds(),
      advance: (seconds) => base.advance(seconds),
      set: (epochMs) => base.set(epochMs),
      setOffsetMs: (ms) => base.setOffsetMs(ms),
      resetOffset: () => base.resetOffset(),
    };
  }

  wrapIds(base: IdSource): IdSource {
    const uuid = () => base.uuid();
    const random = () => base.random();
    return {
      uuid: () => this.draw('u', uuid),
      random: () => this.draw('r', random),
    };
  }

  /** Runs fn recording what it draws; the tape comes back even when fn throws. */
  record<T>(fn: () => T): { tape: Tape; run: () => T } {
    const tape: Tape = [];
    return { tape, run: () => this.recordOn(tape, fn) };
  }

  /**
   * Runs fn recording what it draws at the end of `tape`: one step of a command run a step at a
   * time. Between steps nothing is recorded, so what other calls draw meanwhile stays off it.
   */
  recordOn<T>(tape: Tape, fn: () => T): T {
    this.tape = tape;
    this.replaying = false;
    try {
      return fn();
    } finally {
      this.tape = undefined;
    }
  }

  /** Runs fn with the recorded draws fed back. */
  replay<T>(tape: Tape, fn: () => T): T {
    this.tape = [...tape];
    this.replaying = true;
    try {
      return fn();
    } finally {
      this.tape = undefined;
      this.replaying = false;
    }
  }
}
