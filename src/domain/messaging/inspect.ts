import { formatDateTime } from '../wall-time.js';
import { hasLanded } from './mailbox.js';
import { settled, type RecipientSummary } from './settled.js';
import { smsCharacters, smsSegments } from './segments.js';
import type { MessagingContext, Recipient, StoredMessage } from './store.js';

/** Control-plane filters over accepted messages. */
export interface MessageFilter {
  appId?: string;
  /** A receiver: userId, or the mobile of a 5.3.2 SMS. */
  userId?: string;
  channel?: string;
  /** As 5.2.4 reports it: 0 not sent, 2 sending, 1 finished. */
  state?: '0' | '1' | '2';
  /** Only these messages (unknown msgIds are left out). */
  ids?: readonly string[];
  /** Absent: 100, or with `ids` all of them. */
  limit?: number;
  /** How many of the newest matching messages to skip (paging). */
  offset?: number;
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

function stateOf(message: StoredMessage, now: number): '0' | '1' | '2' {
  if (now < message.releaseAt) return '0';
  return now >= message.finishedAt ? '1' : '2';
}

/** Recipient rows a message view carries unless asked otherwise; the rest are paged (recipientPage). */
export const RECIPIENT_ROWS = 50;

/** How a view shows a message's recipients: the first `rows`, or (with `userId`) that receiver's row alone. */
export interface RecipientRows {
  rows?: number;
  userId?: string;
}

function statusOf(r: Recipient, now: number): 'pending' | 'delivered' | 'failed' {
  return r.finishedAt > now ? 'pending' : r.ok ? 'delivered' : 'failed';
}

/** One receiver's row: their delivery as of now, attempt by attempt. */
function recipientView(message: StoredMessage, r: Recipient, now: number) {
  return {
    user: r.user,
    name: r.name,
    status: statusOf(r, now),
    cause: r.finishedAt > now ? null : (r.cause ?? null),
    read: r.read,
    inMailbox: hasLanded(r, now),
    attempts: r.attempts.map((a) => {
      const dueAt = message.releaseAt + a.dueIn;
      return { channel: a.channel, at: iso(dueAt), chinaTime: formatDateTime(dueAt), status: dueAt > now ? 'pending' : a.ok ? 'delivered' : 'failed', cause: dueAt > now ? null : (a.cause ?? null) };
    }),
  };
}

function settledOf(message: StoredMessage) {
  let facts = settled.get(message);
  if (!facts) settled.set(message, (facts = { viaSms: message.recipients.some((r) => r.attempts.some((a) => a.channel === 'SMS')) }));
  return facts;
}

/** Every receiver counted, without a row each: what a card shows of a message to 55,000 people. */
function recipientSummary(message: StoredMessage, now: number): RecipientSummary {
  const ended = now >= message.finishedAt;
  const facts = settledOf(message);
  if (ended && facts.summary) return facts.summary;
  const summary = { total: message.recipients.length, pending: 0, delivered: 0, failed: 0, inMailbox: 0, read: 0, unsubscribed: message.unsubscribed?.length ?? 0 };
  for (const r of message.recipients) {
    summary[statusOf(r, now)]++;
    if (hasLanded(r, now)) summary.inMailbox++;
    if (r.read) summary.read++;
  }
  if (ended) facts.summary = summary;
  return summary;
}

/**
 * One message as the control plane shows it: everything accepted, with delivery detail as of now. The
 * platform's own readings go with it (China time, SMS billing, mailbox membership), so that the dev
 * inbox shows them without re-implementing a rule. Receivers come as a summary of all and the rows of
 * a few (`rows`): a view's size does not grow with the number of receivers.
 */
export function messageView(message: StoredMessage, now: number, { rows = RECIPIENT_ROWS, userId }: RecipientRows = {}) {
  const viaSms = settledOf(message).viaSms;
  const shown = userId === undefined ? message.recipients.slice(0, rows) : message.recipients.filter((r) => r.user === userId);
  const left = message.unsubscribed ?? [];
  const leftShown = userId === undefined ? left.slice(0, rows) : left.filter((u) => u.user === userId);
  return {
    msgId: message.msgId,
    appId: message.appId,
    api: message.api,
    title: message.title,
    content: message.content,
    msgType: message.msgType ?? null,
    category: message.category,
    channels: message.channels,
    isReply: message.isReply,
    summary: message.summary ?? null,
    waitLink: message.waitLink ?? null,
    pcUrl: message.pcUrl ?? null,
    todoState: message.todoState ?? null,
    smsBilled: message.smsBilled,
    acceptedAt: iso(message.acceptedAt),
    sendAt: iso(message.sendAt),
    finishedAt: iso(message.finishedAt),
    chinaTime: { acceptedAt: formatDateTime(message.acceptedAt), sendAt: formatDateTime(message.sendAt), finishedAt: formatDateTime(message.finishedAt) },
    /** What one SMS of this content bills (70 characters, 67 per part of a long one); null when no SMS goes out. */
    sms: viaSms ? { chars: smsCharacters(message.content), segments: smsSegments(message.content) } : null,
    state: stateOf(message, now),
    recipientSummary: recipientSummary(message, now),
    recipients: shown.map((r) => recipientView(message, r, now)),
    /** Receivers the send named who had unsubscribed from the app (5.3.1's noSubscribeList): as many rows as recipients, the count in recipientSummary. */
    unsubscribed: leftShown.map((u) => ({ user: u.user, name: u.name, reason: 'unsubscribed' as const })),
  };
}

export type MessageView = ReturnType<typeof messageView>;

/**
 * A message's receivers from `offset`, at most `limit` of them, in the order the send named them: each
 * row made as it is read (as listMessages' views), so that a reader that stops at a page's bytes does
 * not pay for the rest of 10,000.
 */
export function recipientPage(message: StoredMessage, now: number, offset: number, limit: number) {
  return { msgId: message.msgId, total: message.recipients.length, rows: message.recipients.slice(offset, offset + limit).map((r) => () => recipientView(message, r, now)) };
}

function matches(message: StoredMessage, filter: MessageFilter, now: number, ids: Set<string> | undefined): boolean {
  if (ids && !ids.has(message.msgId)) return false;
  if (filter.appId && message.appId !== filter.appId) return false;
  if (filter.userId && !message.recipients.some((r) => r.user === filter.userId)) return false;
  if (filter.channel && !message.channels.includes(filter.channel) && !message.recipients.some((r) => r.attempts.some((a) => a.channel === filter.channel))) return false;
  if (filter.state && stateOf(message, now) !== filter.state) return false;
  return true;
}

/**
 * Newest first: how many match, and the views of those from `offset` (at most `limit`), made as they
 * are read, so that a reader that stops early (a page full of bytes) does not pay for the rest. A
 * control-plane view: it may walk all messages, unlike the API's request paths.
 */
export function listMessages(ctx: MessagingContext, filter: MessageFilter, rows: RecipientRows = {}) {
  const now = ctx.now();
  const all = [...ctx.state.messages.values()];
  const ids = filter.ids ? new Set(filter.ids) : undefined;
  // Named messages are all answered: a reader asking for 200 ids must not silently get 100.
  const limit = filter.limit ?? ids?.size ?? 100;
  const offset = filter.offset ?? 0;
  const page: StoredMessage[] = [];
  let total = 0;
  for (let i = all.length - 1; i >= 0; i--) {
    if (!matches(all[i]!, filter, now, ids)) continue;
    total++;
    if (total > offset && page.length < limit) page.push(all[i]!);
  }
  // With a receiver named, each view carries that receiver's row: what a person's own views need.
  const shown: RecipientRows = filter.userId === undefined ? rows : { userId: filter.userId };
  return { total, offset, views: page.map((m) => () => messageView(m, now, shown)) };
}

export interface Arrival {
  msgId: string;
  channel: string;
  deliveredAt: number;
}

/**
 * The newest delivery to a person (on a channel) that has happened by now, after `since`: what a
 * test waits for instead of sleeping.
 */
export function latestArrival(ctx: MessagingContext, userId: string, channel: string | undefined, since: number): Arrival | undefined {
  const now = ctx.now();
  let best: Arrival | undefined;
  for (const message of ctx.state.messages.values()) {
    if (message.sendAt > now) continue;
    for (const r of message.recipients) {
      if (r.user !== userId) continue;
      for (const a of r.attempts) {
        const dueAt = message.releaseAt + a.dueIn;
        if (!a.ok || dueAt > now || dueAt <= since || (channel && a.channel !== channel)) continue;
        if (!best || dueAt > best.deliveredAt) best = { msgId: message.msgId, channel: a.channel, deliveredAt: dueAt };
      }
    }
  }
  return best;
}

/**
 * The first instant after `after` at which some message's delivery changes (sending starts, a
 * channel attempt ends, a receiver's delivery ends), or undefined when nothing is pending: lets a
 * live view tell that something happened on the clock without polling every message.
 */
export function nextDeliveryChange(ctx: MessagingContext, after: number): number | undefined {
  let next: number | undefined;
  const consider = (at: number) => {
    if (at > after && (next === undefined || at < next)) next = at;
  };
  for (const message of ctx.state.messages.values()) {
    if (message.finishedAt <= after) continue;
    consider(message.releaseAt);
    consider(message.finishedAt);
    for (const r of message.recipients) {
      consider(r.finishedAt);
      for (const a of r.attempts) consider(message.releaseAt + a.dueIn);
    }
  }
  return next;
}

/**
 * The msgIds of messages whose delivery changes in (after, upTo] (sending starts, an attempt or a
 * receiver's delivery ends), oldest first; undefined when more than `max` do (a reader then reads
 * its whole list again). What a delivery event tells, so that a live view re-reads only those.
 */
export function deliveryChangesBetween(ctx: MessagingContext, after: number, upTo: number, max: number): string[] | undefined {
  const changed: string[] = [];
  const within = (at: number) => at > after && at <= upTo;
  for (const message of ctx.state.messages.values()) {
    if (message.finishedAt <= after || message.releaseAt > upTo) continue;
    const moved = within(message.releaseAt) || within(message.finishedAt) || message.recipients.some((r) => within(r.finishedAt) || r.attempts.some((a) => within(message.releaseAt + a.dueIn)));
    if (!moved) continue;
    if (changed.length === max) return undefined;
    changed.push(message.msgId);
  }
  return changed;
}
