import type { App } from '../apps.js';
import { UmcError } from '../errors.js';
import type { MessagingContext } from './store.js';

/**
 * 5.2.4 getProgress: the delivery as of the platform clock. state 0 before sending starts
 * (queued, or scheduled for later), 2 while receivers are still pending, 1 when every receiver is finished.
 */
export function progress(ctx: MessagingContext, app: App, msgId: string) {
  const message = ctx.state.messages.get(msgId);
  if (!message || message.appId !== app.appId) {
    throw new UmcError('500005', `msgId不存在或不是本应用通过5.3.1/5.3.2发送的消息：${msgId}`);
  }
  const now = ctx.now();
  const total = message.recipients.length;
  if (now < message.releaseAt) return { total, state: '0', successCount: 0, failCount: 0, failUserList: [] };
  let successCount = 0;
  const failUserList: { user: string; cause: string }[] = [];
  for (const r of message.recipients) {
    if (r.finishedAt > now) continue;
    if (r.ok) successCount++;
    else failUserList.push({ user: r.user, cause: r.cause ?? '' });
  }
  const state = now >= message.finishedAt ? '1' : '2';
  return { total, state, successCount, failCount: failUserList.length, failUserList };
}
