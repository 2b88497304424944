import type { App } from '../apps.js';
import { formatDateTime } from '../wall-time.js';
import { landedFor } from './mailbox.js';
import { SimulationRefused } from './refusal.js';
import type { MessagingContext, Reply } from './store.js';

/** Replies to isReply=1 messages: simulated by the control plane, fetched (and removed) by 5.2.3. */

export const MAX_REPLY_LENGTH = 1000;

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

/** 5.2.3: the oldest `count` replies to this app's messages, removed as they are returned. */
export function takeReplies(ctx: MessagingContext, app: App, count: number) {
  const queue = ctx.state.replies.get(app.appId);
  if (!queue) return [];
  return queue.splice(0, count).map(replyView);
}
