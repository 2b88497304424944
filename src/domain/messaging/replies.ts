import type { App } from '../apps.js';
import { formatDateTime } from '../wall-time.js';
import { landedFor } from './mailbox.js';
import { SimulationRefused } from './refusal.js';
import type { MessagingContext, PulledReply, Reply } from './store.js';

/**
 * Replies to isReply=1 messages: simulated by the control plane, fetched (and removed from the app's
 * queue) by 5.2.3. What 5.2.3 returned stays on its message (the newest PULLED_REPLIES_KEPT), so that
 * a view of the conversation still shows it.
 */

export const MAX_REPLY_LENGTH = 1000;

/** Replies 5.2.3 returned that a message keeps (the newest); older ones are forgotten. */
export const PULLED_REPLIES_KEPT = 100;

/** POST /__umc/users/{userId}/replies: this person answers a message they received. */
export function addReply(ctx: MessagingContext, userId: string, msgId: unknown, content: unknown) {
  if (typeof msgId !== 'string' || msgId === '') throw new SimulationRefused('msgId必须是非空字符串', 'invalid');
  if (typeof content !== 'string' || content.trim() === '') throw new SimulationRefused('content必须是非空字符串', 'invalid');
  if (Array.from(content).length > MAX_REPLY_LENGTH) throw new SimulationRefused(`content不能超过${MAX_REPLY_LENGTH}个字符`, 'invalid');
  if (!ctx.directory.get(userId)) throw new SimulationRefused(`组织架构中没有此人员：${userId}`, 'not-found');
  const message = ctx.state.messages.get(msgId);
  if (!message) throw new SimulationRefused(`消息不存在：${msgId}`, 'not-found');
  if (!message.isReply) throw new SimulationRefused('该消息未开启回复（发送时isReply不为1），不能回复', 'conflict');
  if (landedFor(ctx, message, userId) < 0) {
    throw new SimulationRefused(`该消息未送达此人员（未发送给${userId}、已取消订阅或尚未投递完成），不能回复`, 'conflict');
  }
  const reply: Reply = { msgId, user: userId, content, time: ctx.now() };
  const queue = ctx.state.replies.get(message.appId);
  if (queue) queue.push(reply);
  else ctx.state.replies.set(message.appId, [reply]);
  return { ...replyView(reply), appId: message.appId };
}

function replyView(reply: Reply) {
  return { content: reply.content, time: formatDateTime(reply.time), msgId: reply.msgId, user: reply.user };
}

/** 5.2.3: the oldest `count` replies to this app's messages, removed as they are returned (each message keeps a record of them). */
export function takeReplies(ctx: MessagingContext, app: App, count: number) {
  const queue = ctx.state.replies.get(app.appId);
  if (!queue || queue.length === 0) return [];
  const taken = queue.splice(0, count);
  const pulledAt = ctx.now();
  for (const reply of taken) {
    const message = ctx.state.messages.get(reply.msgId);
    if (!message) continue;
    const kept = (message.pulledReplies ??= []);
    kept.push({ user: reply.user, content: reply.content, time: reply.time, pulledAt });
    if (kept.length > PULLED_REPLIES_KEPT) kept.splice(0, kept.length - PULLED_REPLIES_KEPT);
  }
  return taken.map(replyView);
}

/** Which replies the control plane lists: those 5.2.3 has still to return, those it returned (kept), or both. */
export interface ReplyFilter {
  appId?: string;
  msgId?: string;
  userId?: string;
  state?: 'pending' | 'pulled' | 'all';
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** One reply as the control plane shows it: 5.2.3's fields, its app, and whether (and when) 5.2.3 returned it. */
function listedReply(reply: Reply, appId: string, pulled?: PulledReply) {
  return {
    content: reply.content,
    time: formatDateTime(reply.time),
    msgId: reply.msgId,
    user: reply.user,
    appId,
    state: pulled ? ('pulled' as const) : ('pending' as const),
    at: iso(reply.time),
    pulledAt: pulled ? iso(pulled.pulledAt) : null,
    pulledTime: pulled ? formatDateTime(pulled.pulledAt) : null,
  };
}

export type ListedReply = ReturnType<typeof listedReply>;

/**
 * Control plane: replies without taking them. Pending ones app by app in the order 5.2.3 will return
 * them; with `state` pulled or all, oldest reply first. A control-plane view: it may walk every
 * message for the pulled ones.
 */
export function listReplies(ctx: MessagingContext, filter: ReplyFilter): ListedReply[] {
  const state = filter.state ?? 'pending';
  const wanted = (reply: { user: string }, msgId: string, appId: string) =>
    (!filter.appId || appId === filter.appId) && (!filter.msgId || msgId === filter.msgId) && (!filter.userId || reply.user === filter.userId);
  const listed: { time: number; view: ListedReply }[] = [];
  if (state !== 'pending') {
    const messages = filter.msgId ? [ctx.state.messages.get(filter.msgId)] : ctx.state.messages.values();
    for (const message of messages) {
      if (!message?.pulledReplies) continue;
      for (const pulled of message.pulledReplies) {
        if (wanted(pulled, message.msgId, message.appId)) listed.push({ time: pulled.time, view: listedReply({ ...pulled, msgId: message.msgId }, message.appId, pulled) });
      }
    }
  }
  if (state !== 'pulled') {
    for (const [appId, queue] of ctx.state.replies) {
      if (filter.appId && appId !== filter.appId) continue;
      for (const reply of queue) if (wanted(reply, reply.msgId, appId)) listed.push({ time: reply.time, view: listedReply(reply, appId) });
    }
  }
  // Pulled ones were in the queue before the pending ones: at equal times they stay first.
  if (state !== 'pending') listed.sort((a, b) => a.time - b.time);
  return listed.map((entry) => entry.view);
}
