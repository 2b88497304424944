import type { Platform } from '../domain/platform.js';
import type { Journal } from '../store/journal.js';

/**
 * What the dev inbox listens to: one event each time something a person would want to see
 * happens. `request` an API call was journalled (a send accepted or refused included), `delivery`
 * a message's delivery moved on the platform clock, `action` a control-plane change (a person
 * replied, read, (un)subscribed; a todo was completed; the clock moved; a reset).
 */
export interface InboxEvent {
  id: number;
  type: 'hello' | 'request' | 'delivery' | 'action';
  /** Epoch ms on the platform clock. */
  at: number;
  /** request: the journal entry's id, operationId and rspCode. */
  journalId?: number;
  operationId?: string | null;
  rspCode?: string | null;
  /** action: the control route, e.g. "POST /__umc/users/:userId/replies". */
  route?: string;
  /** request: the message the call created or changed; action: the message the change was about. */
  msgId?: string;
  /** delivery: the messages whose delivery moved (absent when more than DELIVERY_EVENT_MAX did). */
  msgIds?: string[];
  /** action: the person the change was about. */
  userId?: string;
}

/** A delivery event names at most this many messages; past it, readers read their list again. */
export const DELIVERY_EVENT_MAX = 100;

type Listener = (event: InboxEvent) => void;

/** The longest a pending delivery waits between looks (a backstop; a timer is set for the instant itself). */
export const DELIVERY_CHECK_MS = 1000;

/**
 * A small in-process event bus. Deliveries progress on the platform clock, not on requests, so
 * while anyone listens a timer is set for the next pending delivery instant (the platform clock
 * runs at real speed; a clock move is an action, which looks again). Nothing pending, no timer.
 */
export class EventBus {
  private readonly listeners = new Set<Listener>();
  private nextId = 1;
  private timer: NodeJS.Timeout | undefined;
  private nextChange: number | undefined;
  /** Platform time up to which deliveries have been reported. */
  private checkedAt = 0;
  private readonly streams = new Set<(stalled?: boolean) => void>();

  constructor(private readonly platform: Platform) {}

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Event streams open now. */
  get streamCount(): number {
    return this.streams.size;
  }

  /** Whether a timer is waiting for a delivery instant (tests: an idle bus holds none). */
  get timerPending(): boolean {
    return this.timer !== undefined;
  }

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: Listener): () => void {
    const first = this.listeners.size === 0;
    this.listeners.add(listener);
    if (first) {
      this.checkedAt = this.platform.clock.now();
      this.rescan();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.clearTimer();
    };
  }

  /** Remembers an open stream's ending; returns a function that ends it once (stalled: its client stopped reading). */
  trackStream(end: (stalled?: boolean) => void): (stalled?: boolean) => void {
    const once = (stalled?: boolean) => {
      if (this.streams.delete(once)) end(stalled);
    };
    this.streams.add(once);
    return once;
  }

  /** Ends every open stream (the server is closing: it must not wait on them). */
  endStreams(): void {
    for (const end of [...this.streams]) end(false);
  }

  emit(event: Omit<InboxEvent, 'id' | 'at'>): InboxEvent {
    const full: InboxEvent = { id: this.nextId++, at: this.platform.clock.now(), ...event };
    // Anything may have queued a delivery or moved the clock: look again at what is pending.
    if (this.listeners.size > 0) this.rescan();
    // A Set may lose members while it is walked (a wait that is answered stops listening).
    for (const listener of this.listeners) listener(full);
    return full;
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The next delivery instant not reported yet (a clock set backwards starts again from there), and a timer for it. */
  private rescan(): void {
    this.checkedAt = Math.min(this.checkedAt, this.platform.clock.now());
    this.nextChange = this.platform.messaging.nextDeliveryChange(this.checkedAt);
    this.clearTimer();
    if (this.nextChange === undefined) return;
    const delay = Math.min(Math.max(this.nextChange - this.platform.clock.now(), 0), DELIVERY_CHECK_MS);
    this.timer = setTimeout(() => this.checkDeliveries(), delay);
    this.timer.unref();
  }

  private checkDeliveries(): void {
    this.timer = undefined;
    const now = this.platform.clock.now();
    if (this.nextChange === undefined || now < this.nextChange) return this.rescan();
    // What moved since the last report, so that a reader re-reads those messages only.
    const msgIds = this.platform.messaging.deliveryChanges(this.checkedAt, now, DELIVERY_EVENT_MAX);
    this.checkedAt = now;
    this.emit(msgIds ? { type: 'delivery', msgIds } : { type: 'delivery' });
  }
}

/** Feeds the bus each journalled API call (the journal tells as it adds). */
export function feedJournalToBus(bus: EventBus, journal: Journal): void {
  journal.onAdd((entry) => {
    if (bus.listenerCount === 0) return;
    const event: Omit<InboxEvent, 'id' | 'at'> = { type: 'request', journalId: entry.id, operationId: entry.operationId, rspCode: entry.rspCode };
    if (entry.msgId !== undefined) event.msgId = entry.msgId;
    bus.emit(event);
  });
}
