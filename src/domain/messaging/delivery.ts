import { NOT_IN_DIRECTORY, NO_MOBILE, channelFault, unreachableCause, type DeliveryChannel } from './channels.js';
import type { Person } from './directory.js';
import { sharedAttempt, sharedList, type Attempt } from './attempt-pool.js';

export type { Attempt } from './attempt-pool.js';

/**
 * Delivery without timers: when a message is accepted, every attempt (receiver × channel) gets
 * a due time (relative to the message's release) and an outcome, drawn from the seeded random source. Readers compare due times
 * with the platform clock, so moving the clock delivers, deterministically.
 */

export interface DeliverySettings {
  /** Time a message waits in the send queue before its first attempt (state "0" meanwhile). */
  queueMs: number;
  /** Each channel attempt takes between min and max milliseconds. */
  latencyMs: { min: number; max: number };
  /** Probability (0–1) that an attempt on a channel fails with a channel fault. */
  failureRates: Partial<Record<DeliveryChannel, number>>;
  /** Channels the platform has switched off: sends asking for them answer 500014. */
  closedChannels: DeliveryChannel[];
}

/** Finished within 2 s of a send, even when IntelligenceMode walks all five channels. */
export const DEFAULT_DELIVERY: DeliverySettings = {
  queueMs: 0,
  latencyMs: { min: 100, max: 400 },
  failureRates: {},
  closedChannels: [],
};

export function deliverySettings(partial: Partial<DeliverySettings> = {}): DeliverySettings {
  const latency = { ...DEFAULT_DELIVERY.latencyMs, ...partial.latencyMs };
  if (!(latency.min >= 0 && latency.max >= latency.min)) throw new Error('delivery.json: latencyMs needs 0 <= min <= max');
  const queueMs = partial.queueMs ?? DEFAULT_DELIVERY.queueMs;
  if (!(queueMs >= 0)) throw new Error('delivery.json: queueMs must be >= 0');
  return {
    queueMs,
    latencyMs: latency,
    failureRates: { ...partial.failureRates },
    closedChannels: [...(partial.closedChannels ?? [])],
  };
}

/** One receiver's delivery: all attempts, when the last one ends, and the verdict. */
export interface Outcome {
  finishedAt: number;
  ok: boolean;
  /** Every failed channel's cause, joined with '；'. */
  cause?: string;
  /** Shared and frozen (attempt-pool.ts): read, never change. */
  attempts: readonly Attempt[];
}

/** A channel asked for explicitly, or IntelligenceMode's walk over an ordered channel list. */
export type Route = { channel: DeliveryChannel } | { intelligence: DeliveryChannel[] };

export const CAUSE_SEPARATOR = '；';

export class DeliveryPlanner {
  constructor(
    private readonly settings: DeliverySettings,
    private readonly random: () => number,
  ) {}

  private latency(): number {
    const { min, max } = this.settings.latencyMs;
    return min + Math.floor(this.random() * (max - min + 1));
  }

  private faulty(channel: DeliveryChannel): boolean {
    const rate = this.settings.failureRates[channel] ?? 0;
    return rate > 0 && this.random() < rate;
  }

  /** An attempt starting `startIn` ms after the release. */
  private attempt(channel: DeliveryChannel, startIn: number, unreachable: string | undefined): Attempt {
    const dueIn = startIn + this.latency();
    if (unreachable) return sharedAttempt(channel, dueIn, unreachable);
    if (this.faulty(channel)) return sharedAttempt(channel, dueIn, channelFault(channel));
    return sharedAttempt(channel, dueIn);
  }

  /**
   * A directory receiver (or someone unknown to it) on the requested routes. Explicit channels
   * run in parallel; IntelligenceMode tries its channels one after another until one succeeds.
   * The receiver succeeds only when every route succeeds.
   */
  plan(person: Person | undefined, routes: Route[], releaseAt: number): Outcome {
    if (!person) {
      const finishedAt = releaseAt + this.latency();
      return { finishedAt, ok: false, cause: NOT_IN_DIRECTORY, attempts: NO_ATTEMPTS };
    }
    const attempts: Attempt[] = [];
    const causes: string[] = [];
    let finishedIn = 0;
    for (const route of routes) {
      if ('channel' in route) {
        const a = this.attempt(route.channel, 0, unreachableCause(person, route.channel));
        attempts.push(a);
        finishedIn = Math.max(finishedIn, a.dueIn);
        if (!a.ok) causes.push(a.cause!);
        continue;
      }
      let at = 0;
      const walkCauses: string[] = [];
      let delivered = false;
      for (const channel of route.intelligence) {
        const a = this.attempt(channel, at, unreachableCause(person, channel));
        attempts.push(a);
        at = a.dueIn;
        if (a.ok) {
          delivered = true;
          break;
        }
        walkCauses.push(a.cause!);
      }
      finishedIn = Math.max(finishedIn, at);
      if (!delivered) causes.push(...walkCauses);
    }
    const finishedAt = releaseAt + finishedIn;
    const kept = sharedList(attempts);
    return causes.length === 0
      ? { finishedAt, ok: true, attempts: kept }
      : { finishedAt, ok: false, cause: causes.join(CAUSE_SEPARATOR), attempts: kept };
  }

  /** 5.3.2: one SMS to a bare mobile number; malformed numbers fail at the gateway. */
  planSms(mobile: string, releaseAt: number): Outcome {
    const a = this.attempt('SMS', 0, unreachableCause({ userId: mobile, name: '', mobile }, 'SMS'));
    const attempts = sharedList([a]);
    return a.ok ? { finishedAt: releaseAt + a.dueIn, ok: true, attempts } : { finishedAt: releaseAt + a.dueIn, ok: false, cause: a.cause!, attempts };
  }
}

const NO_ATTEMPTS: readonly Attempt[] = Object.freeze([]);

/** How many SMS a plan hands to the gateway (for the quota): SMS attempts to a number on file. */
export function smsAttempts(outcome: Outcome): number {
  let n = 0;
  for (const a of outcome.attempts) if (a.channel === 'SMS' && a.cause !== NO_MOBILE) n++;
  return n;
}
