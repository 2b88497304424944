import type { App } from '../apps.js';
import type { Clock } from '../clock.js';
import type { IdSource } from '../random.js';
import type { Scenario } from '../scenario.js';
import { restoredAttempt, sharedList } from './attempt-pool.js';
import { reachability } from './channels.js';
import { DeliveryPlanner, deliverySettings } from './delivery.js';
import { Directory, isValidMobile, type Person } from './directory.js';
import { deliveryChangesBetween, latestArrival, listMessages, messageView, nextDeliveryChange, recipientPage, type MessageFilter, type RecipientRows } from './inspect.js';
import { markRead, rebuildMailboxes, userCount, userList, type UserListQuery } from './mailbox.js';
import { progress } from './progress.js';
import { addReply, listReplies, takeReplies, type ReplyFilter } from './replies.js';
import { sendMessage, sendMessageSteps, type SendRequest } from './send.js';
import { sendSms, type SmsRequest } from './sms.js';
import { emptyState, type MessagingContext, type MessagingState } from './store.js';
import { rememberTodo, setTodoState } from './todos.js';

export interface MessagingOptions {
  scenario: Scenario;
  clock: Clock;
  ids: IdSource;
  /** A new msgId (a UUID unless a deployment profile shapes it otherwise). */
  newId?: () => string;
  /** The platform's live app records (SMS quota is spent on them). */
  app(appId: string): App | undefined;
}

/**
 * Messages as one stateful system: 5.3.1/5.3.2 accept and plan delivery, 5.2.4 reads it,
 * replies and the mailbox follow it, 5.4.1 moves todos. A facade over small modules.
 */
export class Messaging {
  private ctx: MessagingContext;

  constructor(private readonly options: MessagingOptions) {
    this.ctx = this.fresh();
  }

  private fresh(): MessagingContext {
    const { scenario, clock, ids, newId } = this.options;
    const delivery = deliverySettings(scenario.delivery);
    return {
      state: emptyState(),
      directory: new Directory(scenario.people),
      delivery,
      planner: new DeliveryPlanner(delivery, () => ids.random()),
      sensitiveWords: scenario.sensitiveWords ?? [],
      now: () => clock.now(),
      newId: newId ?? (() => ids.uuid()),
      app: (appId) => this.options.app(appId),
    };
  }

  /** The data to persist: messages and reply queues (the indexes are rebuilt from them). */
  snapshot(): Pick<MessagingState, 'messages' | 'replies'> {
    return { messages: this.ctx.state.messages, replies: this.ctx.state.replies };
  }

  /** Loads persisted data and rebuilds the indexes (mailboxes, open todos) from it. */
  restore(data: Pick<MessagingState, 'messages' | 'replies'>): void {
    this.ctx = this.fresh();
    this.ctx.state.messages = data.messages;
    this.ctx.state.replies = data.replies;
    // Saved attempts come back as separate objects (older files with absolute dueAt): share them again.
    for (const message of data.messages.values()) {
      for (const r of message.recipients) r.attempts = sharedList(r.attempts.map((a) => restoredAttempt(a, message.releaseAt)));
    }
    rebuildMailboxes(this.ctx, data.messages.values());
    for (const message of data.messages.values()) if (message.todoKey) rememberTodo(this.ctx, message.todoKey, message.msgId);
  }

  send(app: App, req: SendRequest) {
    return sendMessage(this.ctx, app, req);
  }

  /** 5.3.1 a slice of receivers at a time (sendMessageSteps): for a caller that lets other work run in between. */
  sendSteps(app: App, req: SendRequest) {
    return sendMessageSteps(this.ctx, app, req);
  }

  sendSms(app: App, req: SmsRequest) {
    return sendSms(this.ctx, app, req);
  }

  progress(app: App, msgId: string) {
    return progress(this.ctx, app, msgId);
  }

  takeReplies(app: App, count: number) {
    return takeReplies(this.ctx, app, count);
  }

  setTodoState(app: App, msgId: string, state: '1' | '2') {
    return setTodoState(this.ctx, app, msgId, state);
  }

  userCount(app: App, account: string, type?: string) {
    return userCount(this.ctx, app, account, type);
  }

  userList(app: App, query: UserListQuery) {
    return userList(this.ctx, app, query);
  }

  /** Control plane: everything accepted, newest first, with delivery detail. */
  messages(filter: MessageFilter, rows?: RecipientRows) {
    return listMessages(this.ctx, filter, rows);
  }

  /** Control plane: one message by msgId, whatever app sent it. */
  message(msgId: string, rows?: RecipientRows) {
    const message = this.ctx.state.messages.get(msgId);
    return message ? messageView(message, this.ctx.now(), rows) : undefined;
  }

  /** Control plane: a message's receivers, a page of them (undefined: no such message). */
  recipients(msgId: string, offset: number, limit: number) {
    const message = this.ctx.state.messages.get(msgId);
    return message ? recipientPage(message, this.ctx.now(), offset, limit) : undefined;
  }

  /** Control plane: the newest delivery to a person after `since` (epoch ms), if one happened yet. */
  arrival(userId: string, channel: string | undefined, since: number) {
    return latestArrival(this.ctx, userId, channel, since);
  }

  /** Who unsubscribed from which apps now (it changes at runtime), for persistence. */
  subscriptions(): { userId: string; unsubscribedApps: string[] }[] {
    return this.ctx.directory.list().map((p) => ({ userId: p.userId, unsubscribedApps: [...(p.unsubscribedApps ?? [])] }));
  }

  /** Control plane: the first instant after `after` (epoch ms) at which a delivery changes, if any is pending. */
  nextDeliveryChange(after: number) {
    return nextDeliveryChange(this.ctx, after);
  }

  /** Control plane: a person (un)subscribes from an app; false when there is no such person. */
  setSubscribed(userId: string, appId: string, subscribed: boolean): boolean {
    return this.ctx.directory.setSubscribed(userId, appId, subscribed);
  }

  /** Control plane: a person replies to a message. */
  reply(userId: string, body: { msgId?: unknown; content?: unknown }) {
    return addReply(this.ctx, userId, body.msgId, body.content);
  }

  /** Control plane: replies without taking them (pending: what 5.2.3 will return; pulled: what it returned, the newest kept per message). */
  replies(filter: ReplyFilter) {
    return listReplies(this.ctx, filter);
  }

  /** Control plane: a person reads a message in their mailbox. */
  read(userId: string, body: { msgId?: unknown }) {
    return markRead(this.ctx, userId, body.msgId);
  }

  /** Control plane: the directory with each person's bindings and reachable channels. */
  people(): readonly Person[] {
    return this.ctx.directory.list();
  }

  /**
   * Control plane: part of the directory. `ids`: those people, in the order named, each once
   * (unknown ids are left out: looked up, not searched for); `search`: people whose userId or name
   * holds the text (case ignored), in directory order. Both: both hold.
   */
  findPeople(query: { ids?: readonly string[]; search?: string }) {
    const found = query.ids ? [...new Set(query.ids)].map((id) => this.ctx.directory.get(id)).filter((p): p is Person => p !== undefined) : this.ctx.directory.list();
    const words = query.search?.toLowerCase();
    return words ? found.filter((p) => p.userId.toLowerCase().includes(words) || p.name.toLowerCase().includes(words)) : found;
  }

  /** Control plane: the messages whose delivery changes in (after, upTo], at most `max` (undefined past it). */
  deliveryChanges(after: number, upTo: number, max: number) {
    return deliveryChangesBetween(this.ctx, after, upTo, max);
  }
}

/** One person as the control plane shows them (people() and findPeople() give the directory's own records). */
export function personView(p: Person) {
  return {
    userId: p.userId,
    name: p.name,
    mobile: p.mobile ?? null,
    mobileValid: p.mobile ? isValidMobile(p.mobile) : false,
    email: p.email ?? null,
    wecomId: p.wecomId ?? null,
    dingtalkId: p.dingtalkId ?? null,
    unsubscribedApps: p.unsubscribedApps ?? [],
    reachable: reachability(p),
    note: p.note ?? null,
  };
}
