import type { App } from '../apps.js';
import { UmcError } from '../errors.js';
import { formatDateTimeMinutes } from '../wall-time.js';
import { SimulationRefused } from './refusal.js';
import { forgetSummary } from './settled.js';
import { LandingList } from './landing-list.js';
import type { MailboxEntry, MessagingContext, Recipient, StoredMessage, UserMailbox } from './store.js';

/**
 * Each directory person's mailbox (消息中心): 5.3.1 messages land there when their delivery to
 * that person ends; 5.2.5 counts it and 5.2.6 pages it, across every app that sent to them.
 */

function mailboxOf(ctx: MessagingContext, userId: string): UserMailbox {
  let mailbox = ctx.state.mailboxes.get(userId);
  if (!mailbox) {
    mailbox = { all: new LandingList(), unread: new LandingList(), read: new LandingList(), pending: new LandingList(), done: new LandingList() };
    ctx.state.mailboxes.set(userId, mailbox);
  }
  return mailbox;
}

/** The state list an entry belongs to besides `all`. */
function stateList(mailbox: UserMailbox, message: StoredMessage, read: boolean): LandingList<MailboxEntry> {
  if (message.category === 'todo') return message.todoState === '2' ? mailbox.done : mailbox.pending;
  return read ? mailbox.read : mailbox.unread;
}

/** Indexes a message's directory recipients (also used to rebuild the index from messages). */
export function fileInMailboxes(ctx: MessagingContext, message: StoredMessage): void {
  message.recipients.forEach((recipient, r) => {
    if (!recipient.mailbox) return;
    const mailbox = mailboxOf(ctx, recipient.user);
    const entry: MailboxEntry = { at: recipient.finishedAt, msgId: message.msgId, r, title: message.title };
    // Accepted just now: its acceptance time is a clock reading already made (see LandingList.remove).
    mailbox.all.add(entry, message.acceptedAt);
    stateList(mailbox, message, recipient.read).add(entry, message.acceptedAt);
  });
}

/** Rebuilds every mailbox from stored messages at once: gathered, then each list made in one go (restore). */
export function rebuildMailboxes(ctx: MessagingContext, messages: Iterable<StoredMessage>): void {
  const gathered = new Map<string, Record<keyof UserMailbox, MailboxEntry[]>>();
  for (const message of messages) {
    message.recipients.forEach((recipient, r) => {
      if (!recipient.mailbox) return;
      let lists = gathered.get(recipient.user);
      if (!lists) gathered.set(recipient.user, (lists = { all: [], unread: [], read: [], pending: [], done: [] }));
      const entry: MailboxEntry = { at: recipient.finishedAt, msgId: message.msgId, r, title: message.title };
      lists.all.push(entry);
      const state = message.category === 'todo' ? (message.todoState === '2' ? 'done' : 'pending') : recipient.read ? 'read' : 'unread';
      lists[state].push(entry);
    });
  }
  const now = ctx.now();
  for (const [userId, lists] of gathered) {
    const of = (key: keyof UserMailbox) => LandingList.of(lists[key], now);
    ctx.state.mailboxes.set(userId, { all: of('all'), unread: of('unread'), read: of('read'), pending: of('pending'), done: of('done') });
  }
}

/** Moves one recipient's entry from one state list to another. */
function move(ctx: MessagingContext, message: StoredMessage, r: number, from: keyof UserMailbox, to: keyof UserMailbox, now?: number): void {
  const recipient = message.recipients[r]!;
  const mailbox = mailboxOf(ctx, recipient.user);
  mailbox[from].remove(recipient.finishedAt, (e) => e.msgId === message.msgId, now);
  mailbox[to].add({ at: recipient.finishedAt, msgId: message.msgId, r, title: message.title });
}

/** 5.4.1: a todo's state is the whole flow's, so it changes in every recipient's mailbox. */
export function restateTodo(ctx: MessagingContext, message: StoredMessage, state: '1' | '2'): void {
  const from = message.todoState === '2' ? 'done' : 'pending';
  const to = state === '2' ? 'done' : 'pending';
  message.todoState = state;
  if (from === to) return;
  message.recipients.forEach((recipient, r) => {
    if (recipient.mailbox) move(ctx, message, r, from, to);
  });
}

/** A directory person's copy is in their mailbox once its delivery to them has ended, whatever the channels did. */
export function hasLanded(recipient: Pick<Recipient, 'mailbox' | 'finishedAt'>, now: number): boolean {
  return recipient.mailbox && recipient.finishedAt <= now;
}

/** The recipient index of a message that has landed in this person's mailbox by now. */
export function landedFor(ctx: MessagingContext, message: StoredMessage, userId: string): number {
  const r = message.recipients.findIndex((x) => x.user === userId && x.mailbox);
  return r >= 0 && hasLanded(message.recipients[r]!, ctx.now()) ? r : -1;
}

/** POST /__umc/users/{userId}/read: the person opens a message in their mailbox. */
export function markRead(ctx: MessagingContext, userId: string, msgId: unknown) {
  if (typeof msgId !== 'string' || msgId === '') throw new SimulationRefused('msgId必须是非空字符串', 'invalid');
  if (!ctx.directory.get(userId)) throw new SimulationRefused(`组织架构中没有此人员：${userId}`, 'not-found');
  const message = ctx.state.messages.get(msgId);
  const r = message ? landedFor(ctx, message, userId) : -1;
  if (!message || r < 0) throw new SimulationRefused(`此人员的消息中心没有这条消息（不存在、未发送给此人员或尚未送达）：${msgId}`, 'not-found');
  const recipient = message.recipients[r]!;
  // It has landed, so its time is a time the list may settle to (no clock reading of its own).
  if (!recipient.read && message.category === 'notice') move(ctx, message, r, 'unread', 'read', recipient.finishedAt);
  recipient.read = true;
  forgetSummary(message);
  return { userId, msgId, read: true };
}

function requireInterface(app: App, which: 'userCount' | 'userList'): void {
  if (app.interfaces[which]) return;
  const name = which === 'userCount' ? '获取用户消息统计接口（5.2.5）' : '获取用户消息摘要接口（5.2.6）';
  throw new UmcError('400002', `${name}默认不开放，请联系管理员为应用${app.appId}开启`);
}

/** 5.2.5: counts over what has landed by now; type 1 notices only, 4 todos only. */
export function userCount(ctx: MessagingContext, app: App, account: string, type?: string) {
  requireInterface(app, 'userCount');
  const mailbox = ctx.state.mailboxes.get(account);
  const now = ctx.now();
  const n = (list: LandingList<MailboxEntry> | undefined) => (list ? list.countBy(now) : 0);
  const notices = type !== '4';
  const todos = type !== '1';
  const unread = notices ? n(mailbox?.unread) : 0;
  const read = notices ? n(mailbox?.read) : 0;
  const todo = todos ? n(mailbox?.pending) : 0;
  const checked = todos ? n(mailbox?.done) : 0;
  return { unread, read, checked, todo, processing: 0, initiated: 0, total: unread + read + todo + checked };
}

export interface UserListQuery {
  account: string;
  page: number;
  size: number;
  search?: string;
  /** 1 待办, 2 已办, 3 未读, 4 已读 (not 5.2.5's codes). */
  type?: string;
}

const LIST_BY_TYPE: Record<string, keyof UserMailbox> = { '1': 'pending', '2': 'done', '3': 'unread', '4': 'read' };

function summaryItem(ctx: MessagingContext, entry: MailboxEntry) {
  const message = ctx.state.messages.get(entry.msgId)!;
  const recipient = message.recipients[entry.r]!;
  const todo = message.category === 'todo';
  const state = todo ? (message.todoState === '2' ? '3' : '4') : recipient.read ? '1' : '2';
  const link = message.msgType === '2' ? message.content : '';
  return {
    id: message.msgId,
    title: message.title,
    type: todo ? '4' : '1',
    time: formatDateTimeMinutes(message.sendAt),
    state,
    source: ctx.app(message.appId)?.name ?? message.appId,
    url: message.pcUrl ?? message.waitLink ?? link,
    murl: message.waitLink ?? message.pcUrl ?? link,
  };
}

/** 5.2.6: newest first; without search it touches only the page it returns. */
export function userList(ctx: MessagingContext, app: App, query: UserListQuery) {
  requireInterface(app, 'userList');
  const mailbox = ctx.state.mailboxes.get(query.account);
  if (!mailbox) return { total: 0, msglist: [] };
  const { items: list, count: landed } = mailbox[query.type ? LIST_BY_TYPE[query.type]! : 'all'].landedBy(ctx.now());
  const skip = (query.page - 1) * query.size;
  const page: MailboxEntry[] = [];
  let total = landed;
  if (!query.search) {
    for (let i = landed - 1 - skip; i >= 0 && page.length < query.size; i--) page.push(list[i]!);
  } else {
    total = 0;
    for (let i = landed - 1; i >= 0; i--) {
      if (!list[i]!.title.includes(query.search)) continue;
      if (total >= skip && page.length < query.size) page.push(list[i]!);
      total++;
    }
  }
  return { total, msglist: page.map((e) => summaryItem(ctx, e)) };
}
