import type { StoredMessage } from './store.js';

export interface RecipientSummary {
  total: number;
  pending: number;
  delivered: number;
  failed: number;
  inMailbox: number;
  read: number;
  /** Named by the send but left out: they had unsubscribed from the app (not counted in total). */
  unsubscribed: number;
}

/**
 * Per message, what a control-plane view would otherwise walk every receiver for: whether any
 * attempt is an SMS (fixed when accepted), and the receivers' summary once delivery has ended
 * (fixed then, until someone reads it: forgetSummary). A listing of 100 messages to 55,000 people
 * then costs 100 lookups, not 5.5 million. Kept beside the messages, not in them: stored messages
 * are what --data writes.
 */
export const settled = new WeakMap<StoredMessage, { viaSms: boolean; summary?: RecipientSummary }>();

/** A receiver read the message: its summary's read count is counted again. */
export function forgetSummary(message: StoredMessage): void {
  const facts = settled.get(message);
  if (facts) facts.summary = undefined;
}
