import { NOT_IN_DIRECTORY, NO_MOBILE, channelFault, unreachableCause, type DeliveryChannel } from './channels.js';
import type { Person } from './directory.js';

/**
 * Delivery without timers: when a message is accepted, every attempt (receiver × channel) gets
 * a due time and an outcome, drawn from the seeded random source. Readers compare due times
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

export interface Attempt {
  channel: DeliveryChannel;
  /** When the outcome is known (epoch ms). */
  dueAt: number;
  ok: boolean;
  cause?: string;
}

/** One receiver's delivery: all attempts, when the last one ends, and the verdict. */
export interface Outcome {
  finishedAt: number;
  ok: boolean;
  /** Every failed channel's cause, joined with '；'. */
  cause?: string;
  attempts: Attempt[];
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

  private attempt(channel: DeliveryChannel, startAt: number, unreachable: string | undefined): Attempt {
    const dueAt = startAt + this.latency();
    if (unreachable) return { channel, dueAt, ok: false, cause: unreachable };
    if (this.faulty(channel)) return { channel, dueAt, ok: false, cause: channelFault(channel) };
    return { channel, dueAt, ok: true };
  }

  /**
   * A directory receiver (or someone unknown to it) on the requested routes. Explicit channels
   * run in parallel; IntelligenceMode tries its channels one after another until one succeeds.
   * The receiver succeeds only when every route succeeds.
   */
  plan(person: Person | undefined, routes: Route[], releaseAt: number): Outcome {
    if (!person) {
      const finishedAt = releaseAt + this.latency();
      return { finishedAt, ok: false, cause: NOT_IN_DIRECTORY, attempts: [] };
    }
    const attempts: Attempt[] = [];
    const causes: string[] = [];
    let finishedAt = releaseAt;
    for (const route of routes) {
      if ('channel' in route) {
        const a = this.attempt(route.channel, releaseAt, unreachableCause(person, route.channel));
        attempts.push(a);
        finishedAt = Math.max(finishedAt, a.dueAt);
        if (!a.ok) causes.push(a.cause!);
        continue;
      }
      let at = releaseAt;
      const walkCauses: string[] = [];
      let delivered = false;
      for (const channel of route.intelligence) {
        const a = this.attempt(channel, at, unreachableCause(person, channel));
        attempts.push(a);
        at = a.dueAt;
        if (a.ok) {
          delivered = true;
          break;
        }
        walkCauses.push(a.cause!);
      }
      finishedAt = Math.max(finishedAt, at);
      if (!delivered) causes.push(...walkCauses);
    }
    // A copy of exactly the right size: the first push gives an array room for 17 attempts,
    // which a million stored messages would carry for nothing.
    const kept = attempts.slice();
    return causes.length === 0
      ? { finishedAt, ok: true, attempts: kept }
      : { finishedAt, ok: false, cause: causes.join(CAUSE_SEPARATOR), attempts: kept };
  }

  /** 5.3.2: one SMS to a bare mobile number; malformed numbers fail at the gateway. */
  planSms(mobile: string, releaseAt: number): Outcome {
    const a = this.attempt('SMS', releaseAt, unreachableCause({ userId: mobile, name: '', mobile }, 'SMS'));
    return a.ok ? { finishedAt: a.dueAt, ok: true, attempts: [a] } : { finishedAt: a.dueAt, ok: false, cause: a.cause!, attempts: [a] };
  }
}

/** How many SMS a plan hands to the gateway (for the quota): SMS attempts to a number on file. */
export function smsAttempts(outcome: Outcome): number {
  return outcome.attempts.filter((a) => a.channel === 'SMS' && a.cause !== NO_MOBILE).length;
}
