import type { App } from '../apps.js';
import { UmcError } from '../errors.js';
import { formatDateTime, parseDateTime } from '../wall-time.js';
import { rejectSensitiveWords, rejectSmsSignature } from '../content-rules.js';
import { smsAttempts, type Route } from './delivery.js';
import type { Person } from './directory.js';
import { fileInMailboxes } from './mailbox.js';
import { parseChannels, resolveRoutes } from './routing.js';
import { smsSegments } from './segments.js';
import { chargeSms } from './sms-quota.js';
import { recipientOf, type MessagingContext, type Recipient, type StoredMessage } from './store.js';
import { openDuplicate, rememberTodo, todoKey } from './todos.js';

/** 5.3.1 sendMessageApi: checks, plans delivery, stores the message. */

export interface SendRequest {
  msgtitle: string;
  msgType: string;
  msgContent: string;
  sendStatus: string;
  sendChannel: string;
  sendMode: string;
  receivers: { type?: string; userId: string; name?: string }[];
  sendMsgType?: string;
  summary?: string;
  iconUrl?: string;
  sendTime?: string;
  isReply?: string;
  waitLink?: string;
  pcUrl?: string;
}

/** A scheduled message must be set more than ten minutes ahead. */
export const MIN_SCHEDULE_AHEAD_MS = 10 * 60 * 1000;

function sendTime(ctx: MessagingContext, req: SendRequest): number {
  const now = ctx.now();
  if (req.sendStatus !== '2') return now;
  const at = parseDateTime(req.sendTime ?? '');
  if (at === undefined) throw new UmcError('500001', 'sendTime格式不正确：应为yyyy-MM-dd HH:mm:ss', 'sendTime');
  if (at - now <= MIN_SCHEDULE_AHEAD_MS) {
    throw new UmcError('500001', `sendTime必须大于系统当前时间10分钟以上（系统当前时间${formatDateTime(now)}）`, 'sendTime');
  }
  return at;
}

function uniqueReceivers(receivers: SendRequest['receivers']) {
  const seen = new Set<string>();
  return receivers.filter((r) => {
    if (seen.has(r.userId)) return false;
    seen.add(r.userId);
    return true;
  });
}

interface Split {
  noSubscribeList: { type: string; userId: string; userName: string }[];
  subscribed: { userId: string; name: string; person: Person | undefined }[];
}

/**
 * Receivers [from, to) into those who unsubscribed from the app and those it goes to. A plain
 * function, not the generator's own loop: V8 optimizes this, while a generator's loop runs slowly.
 */
function splitBySubscription(ctx: MessagingContext, app: App, receivers: SendRequest['receivers'], from: number, to: number, into: Split): void {
  for (let i = from; i < to; i++) {
    const r = receivers[i]!;
    const person = ctx.directory.get(r.userId);
    if (person && !ctx.directory.isSubscribed(person, app.appId)) {
      into.noSubscribeList.push({ type: 'User', userId: r.userId, userName: r.name ?? person.name });
    } else {
      // The directory's own userId string: a million stored messages then share one copy per person.
      into.subscribed.push({ userId: person?.userId ?? r.userId, name: r.name ?? person?.name ?? '', person });
    }
  }
}

/** The delivery of receivers [from, to), planned onto `into` (a plain function, as splitBySubscription). */
function planSlice(ctx: MessagingContext, subscribed: Split['subscribed'], from: number, to: number, routes: Route[], releaseAt: number, into: Recipient[]): void {
  for (let i = from; i < to; i++) {
    const s = subscribed[i]!;
    into.push(recipientOf(s.userId, s.name, s.person !== undefined, ctx.planner.plan(s.person, routes, releaseAt)));
  }
}

/** Receivers looked up or planned in one go before a send lets other work run (a slice is a few ms). */
export const SEND_SLICE = 5000;

export interface SendResult {
  msgId: string;
  noSubscribeStatus: '0' | '1';
  noSubscribeList: { type: string; userId: string; userName: string }[];
}

/** Runs a stepped send to its end at once: what --data replays, and a send too small to yield. */
export function finishSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** 5.3.1 at once. */
export function sendMessage(ctx: MessagingContext, app: App, req: SendRequest): SendResult {
  return finishSteps(sendMessageSteps(ctx, app, req));
}

/**
 * 5.3.1 a slice at a time: it yields after every SEND_SLICE receivers looked up or planned, so that a
 * send to 55,000 people does not hold the event loop for half a second. Nothing shared changes
 * until the last step (store, mailboxes, SMS quota, todo key), which runs in one go: whoever reads
 * in between sees the message not accepted yet, never half of it. The caller keeps other changes
 * out until the steps end (MockCore's exclusive turn), so the checks made early still hold.
 */
export function* sendMessageSteps(ctx: MessagingContext, app: App, req: SendRequest): Generator<void, SendResult> {
  const sendAt = sendTime(ctx, req);
  const releaseAt = sendAt + ctx.delivery.queueMs;
  const channels = parseChannels(req.sendChannel);
  const routes = resolveRoutes(ctx, app, channels);
  if (channels.includes('SMS')) rejectSmsSignature('msgContent', req.msgContent);
  rejectSensitiveWords(ctx.sensitiveWords, { msgtitle: req.msgtitle, summary: req.summary, msgContent: req.msgContent });
  // The first step shares its turn with reading and checking the request: a large send's work starts on the next.
  if (req.receivers.length > SEND_SLICE) yield;
  const receivers = uniqueReceivers(req.receivers);

  const split: Split = { noSubscribeList: [], subscribed: [] };
  for (let from = 0; from < receivers.length; from += SEND_SLICE) {
    if (from > 0) yield;
    splitBySubscription(ctx, app, receivers, from, Math.min(from + SEND_SLICE, receivers.length), split);
  }
  const { noSubscribeList, subscribed } = split;
  if (subscribed.length === 0) throw new UmcError('500007', '所有接收人均已取消订阅本应用');

  const todo = req.sendMsgType === '4';
  const key = todo ? todoKey(app.appId, req.msgtitle, req.waitLink ?? '', receivers.map((r) => r.userId)) : undefined;
  const duplicate = key ? openDuplicate(ctx, key) : undefined;
  if (duplicate) {
    throw new UmcError('500015', `与仍待办理的待办消息${duplicate.msgId}的标题、waitLink和接收人相同`);
  }

  const recipients: Recipient[] = [];
  for (let from = 0; from < subscribed.length; from += SEND_SLICE) {
    yield;
    planSlice(ctx, subscribed, from, Math.min(from + SEND_SLICE, subscribed.length), routes, releaseAt, recipients);
  }
  const smsSent = recipients.reduce((n, r) => n + smsAttempts(r), 0);
  // Counting segments walks the whole text: only when an SMS is actually sent.
  const smsBilled = smsSent === 0 ? 0 : smsSent * smsSegments(req.msgContent);
  chargeSms(app, smsBilled);

  const message: StoredMessage = {
    msgId: ctx.newId(),
    appId: app.appId,
    api: '5.3.1',
    title: req.msgtitle,
    content: req.msgContent,
    msgType: req.msgType,
    category: todo ? 'todo' : 'notice',
    channels,
    summary: req.summary,
    iconUrl: req.iconUrl,
    waitLink: req.waitLink,
    pcUrl: req.pcUrl,
    isReply: req.isReply === '1',
    acceptedAt: ctx.now(),
    sendAt,
    releaseAt,
    finishedAt: recipients.reduce((at, r) => Math.max(at, r.finishedAt), releaseAt),
    todoState: todo ? '1' : undefined,
    todoKey: key,
    smsBilled,
    recipients,
  };
  // Those left out are remembered with the message (its view shows them), as many as the send named.
  if (noSubscribeList.length > 0) message.unsubscribed = noSubscribeList.map((u) => ({ user: u.userId, name: u.userName }));
  ctx.state.messages.set(message.msgId, message);
  fileInMailboxes(ctx, message);
  if (key) rememberTodo(ctx, key, message.msgId);
  return { msgId: message.msgId, noSubscribeStatus: noSubscribeList.length > 0 ? '1' : '0', noSubscribeList };
}
