import type { App } from '../apps.js';
import type { DeliveryPlanner, DeliverySettings, Outcome } from './delivery.js';
import type { Directory } from './directory.js';
import type { LandingList } from './landing-list.js';

/**
 * Messaging state: plain, serializable data (messages and reply queues), plus indexes that
 * are rebuilt from it (mailboxes, open todos). Every request path goes through an index:
 * by msgId, by app (reply queues) or by user (mailboxes); nothing scans all messages.
 */

/** One receiver of a message and what happened to them. */
export interface Recipient extends Outcome {
  /** userId (学工号) for 5.3.1, the mobile number for 5.3.2. */
  user: string;
  name: string;
  /** A directory person: the message lands in their mailbox at finishedAt. */
  mailbox: boolean;
  /** Mailbox read flag (POST /__umc/users/{userId}/read). */
  read: boolean;
}

/**
 * A recipient record written out field by field: a spread (`{ user, ...outcome }`) would put the
 * outcome's fields in a separate property store, some 50 bytes more per recipient.
 */
export function recipientOf(user: string, name: string, mailbox: boolean, outcome: Outcome): Recipient {
  const recipient: Recipient = { user, name, mailbox, read: false, finishedAt: outcome.finishedAt, ok: outcome.ok, attempts: outcome.attempts };
  if (outcome.cause !== undefined) recipient.cause = outcome.cause;
  return recipient;
}

export interface StoredMessage {
  msgId: string;
  appId: string;
  /** Which operation accepted it: 5.3.1 sendMessageApi or 5.3.2 sendMessageBySMSApi. */
  api: '5.3.1' | '5.3.2';
  title: string;
  content: string;
  msgType?: string;
  /** sendMsgType 4 is a todo (待办); anything else a notice (通知). */
  category: 'notice' | 'todo';
  channels: string[];
  summary?: string;
  iconUrl?: string;
  waitLink?: string;
  pcUrl?: string;
  isReply: boolean;
  acceptedAt: number;
  /** The send time: acceptance, or sendTime for a scheduled message (5.2.6 shows it). */
  sendAt: number;
  /** When sending starts: sendAt plus the queue wait. 5.2.4 says "0" until then. */
  releaseAt: number;
  /** When the last receiver's delivery ends. */
  finishedAt: number;
  /** Todos only: 1 待办理, 2 已办理 (the whole flow's state, 5.4.1). */
  todoState?: '1' | '2';
  /** Todos only: what makes a resend a duplicate (500015). */
  todoKey?: string;
  /** SMS billed for this message (segments × SMS sent). */
  smsBilled: number;
  recipients: Recipient[];
  /**
   * Receivers the send named who had unsubscribed from the app (5.3.1's noSubscribeList), in the
   * order named: they get nothing, and the message remembers them. Absent when there were none (and
   * in messages kept by an older --data file).
   */
  unsubscribed?: Unsubscribed[];
  /**
   * Replies 5.2.3 has returned (and so taken from the app's queue), oldest first: the newest
   * PULLED_REPLIES_KEPT of them, so that the dev inbox still shows a conversation its app has read.
   * Absent until 5.2.3 returns one (and in messages kept by an older --data file).
   */
  pulledReplies?: PulledReply[];
}

/** A receiver left out of a send because they unsubscribed from the app (5.3.1 lists them in noSubscribeList). */
export interface Unsubscribed {
  user: string;
  name: string;
}

export interface Reply {
  msgId: string;
  user: string;
  content: string;
  time: number;
}

/** A reply 5.2.3 returned: what the person wrote, when, and when the app took it. */
export interface PulledReply {
  user: string;
  content: string;
  time: number;
  /** When 5.2.3 returned it (platform clock, epoch ms). */
  pulledAt: number;
}

/** A pointer into a message's recipients, ordered by when it lands. */
export interface MailboxEntry {
  at: number;
  msgId: string;
  /** Index into the message's recipients. */
  r: number;
  /** The message's title (the same string, not a copy), so a search reads the list alone. */
  title: string;
}

/** One person's mailbox: every entry, and the same entries split by state, each in landing order. */
export interface UserMailbox {
  all: LandingList<MailboxEntry>;
  unread: LandingList<MailboxEntry>;
  read: LandingList<MailboxEntry>;
  pending: LandingList<MailboxEntry>;
  done: LandingList<MailboxEntry>;
}

export interface MessagingState {
  messages: Map<string, StoredMessage>;
  /** appId → replies not fetched yet, oldest first (5.2.3 is a queue). */
  replies: Map<string, Reply[]>;
  /** Index: userId → mailbox. */
  mailboxes: Map<string, UserMailbox>;
  /** Index: duplicate-todo key → msgIds of todos sent with it. */
  todoKeys: Map<string, string[]>;
}

export function emptyState(): MessagingState {
  return { messages: new Map(), replies: new Map(), mailboxes: new Map(), todoKeys: new Map() };
}

/** What the messaging functions work with: state, scenario data and the platform's clock and ids. */
export interface MessagingContext {
  state: MessagingState;
  directory: Directory;
  delivery: DeliverySettings;
  planner: DeliveryPlanner;
  sensitiveWords: string[];
  now(): number;
  newId(): string;
  app(appId: string): App | undefined;
}
