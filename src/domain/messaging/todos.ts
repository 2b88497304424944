import { createHash } from 'node:crypto';
import type { App } from '../apps.js';
import { UmcError } from '../errors.js';
import { formatDateTime } from '../wall-time.js';
import { restateTodo } from './mailbox.js';
import type { MessagingContext, StoredMessage } from './store.js';

/** Todos (sendMsgType 4): duplicate detection at send (500015) and state changes (5.4.1). */

/**
 * Same app, title, waitLink and receivers make the same todo. Kept with every todo, so it is a
 * 128-bit digest of those fields (22 characters) rather than the fields themselves (often
 * hundreds of bytes with a Chinese title); two different todos sharing one is not a practical risk.
 */
export function todoKey(appId: string, title: string, waitLink: string, userIds: string[]): string {
  return createHash('sha256').update(JSON.stringify([appId, title, waitLink, [...userIds].sort()])).digest().toString('base64url', 0, 16);
}

/** A todo sent with this key that is still pending (待办理), if any. */
export function openDuplicate(ctx: MessagingContext, key: string): StoredMessage | undefined {
  for (const msgId of ctx.state.todoKeys.get(key) ?? []) {
    const message = ctx.state.messages.get(msgId);
    if (message?.todoState === '1') return message;
  }
  return undefined;
}

export function rememberTodo(ctx: MessagingContext, key: string, msgId: string): void {
  const ids = ctx.state.todoKeys.get(key);
  if (ids) ids.push(msgId);
  else ctx.state.todoKeys.set(key, [msgId]);
}

/** 5.4.1 for ordinary todos (messageType 1 or absent). */
export function setTodoState(ctx: MessagingContext, app: App, msgId: string, state: '1' | '2'): null {
  const message = ctx.state.messages.get(msgId);
  if (!message || message.appId !== app.appId) {
    throw new UmcError('500005', `msgId不存在或不是本应用发送的消息：${msgId}`);
  }
  if (message.category !== 'todo') {
    const why = message.api === '5.3.2' ? '短信消息（5.3.2）不是待办消息' : '该消息不是待办消息（发送时sendMsgType不为4）';
    throw new UmcError('500006', why);
  }
  if (ctx.now() < message.finishedAt) {
    const when = ctx.now() < message.sendAt ? `定时消息将于${formatDateTime(message.sendAt)}开始发送` : '消息仍在投递中';
    throw new UmcError('500008', `${when}，请稍后再试`);
  }
  restateTodo(ctx, message, state);
  return null;
}
