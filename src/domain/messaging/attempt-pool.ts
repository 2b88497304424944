import type { DeliveryChannel } from './channels.js';

/** One channel attempt for one receiver. Planned once at acceptance and never changed. */
export interface Attempt {
  channel: DeliveryChannel;
  /** When the outcome is known: milliseconds after the message's releaseAt. */
  dueIn: number;
  ok: boolean;
  cause?: string;
}

/**
 * Attempts and attempt lists are immutable and their times relative to the message's release,
 * so the same few thousand shapes recur across a million messages: each shape is kept once and
 * shared (frozen, so no holder can change it under the others). Bounded: past the limit, new
 * shapes are simply not shared.
 */
const MAX_SHARED = 100_000;
/** Successful attempts by channel, then by dueIn: the common case, found without building a key. */
const delivered = new Map<string, Map<number, Attempt>>();
const failed = new Map<string, Attempt>();
let sharedAttempts = 0;

interface ListNode {
  list?: readonly Attempt[];
  next?: Map<Attempt, ListNode>;
}
/** Shared lists as a trie over their (shared) attempts. */
const lists: ListNode = {};
let listNodes = 0;

function keep(attempt: Attempt): Attempt {
  sharedAttempts++;
  return Object.freeze(attempt);
}

export function sharedAttempt(channel: DeliveryChannel, dueIn: number, cause?: string): Attempt {
  if (cause === undefined) {
    let byDue = delivered.get(channel);
    if (!byDue) delivered.set(channel, (byDue = new Map()));
    const seen = byDue.get(dueIn);
    if (seen) return seen;
    const attempt: Attempt = { channel, dueIn, ok: true };
    if (sharedAttempts >= MAX_SHARED) return Object.freeze(attempt);
    byDue.set(dueIn, attempt);
    return keep(attempt);
  }
  const key = `${channel}:${dueIn}:${cause}`;
  const seen = failed.get(key);
  if (seen) return seen;
  const attempt: Attempt = { channel, dueIn, ok: false, cause };
  if (sharedAttempts >= MAX_SHARED) return Object.freeze(attempt);
  failed.set(key, attempt);
  return keep(attempt);
}

/** The list of attempts, shared with every other receiver that had the same ones. */
export function sharedList(list: Attempt[]): readonly Attempt[] {
  let node = lists;
  for (const a of list) {
    let next = node.next?.get(a);
    if (!next) {
      if (listNodes >= MAX_SHARED) return Object.freeze(list.slice());
      next = {};
      (node.next ??= new Map()).set(a, next);
      listNodes++;
    }
    node = next;
  }
  return (node.list ??= Object.freeze(list.slice()));
}

/** An attempt as persisted, old (absolute dueAt) or new (dueIn), back in its shared form. */
export function restoredAttempt(raw: Attempt & { dueAt?: number }, releaseAt: number): Attempt {
  const dueIn = typeof raw.dueIn === 'number' ? raw.dueIn : Number(raw.dueAt) - releaseAt;
  return sharedAttempt(raw.channel, dueIn, raw.ok ? undefined : (raw.cause ?? ''));
}
