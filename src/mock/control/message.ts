import type { Platform } from '../../domain/platform.js';
import { ControlError } from '../control-error.js';
import { idList } from './id-list.js';
import { pageOf, takeWithinBytes } from './paging.js';
import type { EventBus } from '../events.js';
import type { ControlContext, ControlHandlers } from './types.js';

interface Arrived {
  kind: 'message' | 'templateMessage' | 'card';
  id: string;
  channel: string;
  deliveredAt: number;
}

/** The newest thing that reached a person on a channel after `since`, across messages, template messages and cards. */
function arrivedFor(platform: Platform, userId: string, channel: string | undefined, since: number): Arrived | undefined {
  const now = platform.clock.now();
  const found: Arrived[] = [];
  const message = platform.messaging.arrival(userId, channel, since);
  if (message) found.push({ kind: 'message', id: message.msgId, channel: message.channel, deliveredAt: message.deliveredAt });
  if (!channel || channel === 'OfficialAccount') {
    const t = platform.wechat.state.templateMessages.findLast((m) => m.userId === userId && m.sentAt > since && m.sentAt <= now);
    if (t) found.push({ kind: 'templateMessage', id: t.messageId, channel: 'OfficialAccount', deliveredAt: t.sentAt });
  }
  if (!channel || channel === 'Card') {
    const c = platform.wechat.state.cards.findLast((card) => card.users.includes(userId) && card.sentAt > since && card.sentAt <= now);
    if (c) found.push({ kind: 'card', id: c.cardId, channel: 'Card', deliveredAt: c.sentAt });
  }
  return found.sort((a, b) => b.deliveredAt - a.deliveredAt)[0];
}

/**
 * Waits until `find` finds something, looking again only when the event bus says something
 * happened (an API call, a delivery instant passing, a control action): an idle wait costs
 * nothing, and one whose caller went away (`signal`) is dropped at once.
 */
function waitFor<T>(bus: EventBus, signal: AbortSignal | undefined, find: () => T | undefined, timeoutMs: number): Promise<T | 'timeout' | 'gone'> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (value: T | 'timeout' | 'gone') => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unsubscribe();
      signal?.removeEventListener('abort', gone);
      resolve(value);
    };
    const gone = () => settle('gone');
    const unsubscribe = bus.subscribe(() => {
      const found = find();
      if (found !== undefined) settle(found);
    });
    const timer = setTimeout(() => settle('timeout'), timeoutMs);
    signal?.addEventListener('abort', gone);
  });
}

/** Receivers one page of /__umc/messages/{msgId}/recipients holds unless ?limit says otherwise. */
const RECIPIENT_PAGE = 500;

/** Long-polls waiting at once; past this the newest is refused (503). Each looks again at every event. */
export const WAIT_LIMIT = 1000;

/** Everything the platform accepted, the replies to it, and waiting for a delivery without sleeping. */
export function messageOperations({ platform, events: bus }: ControlContext): ControlHandlers {
  let waiting = 0;
  /** Waits for `find`, unless WAIT_LIMIT waits are already waiting. */
  const waitIfRoom = async (find: () => Arrived | undefined, signal: AbortSignal | undefined, timeoutMs: number) => {
    if (waiting >= WAIT_LIMIT) throw new ControlError(`已有${WAIT_LIMIT}个等待（/__umc/wait）未结束，达到上限：请稍后再试`, 503);
    waiting++;
    try {
      return await waitFor(bus, signal, find, timeoutMs);
    } finally {
      waiting--;
    }
  };
  return {
    listMessages: ({ query: q }) => {
      const { total, offset, views } = platform.messaging.messages(
        {
          appId: q.appId as string | undefined,
          userId: q.userId as string | undefined,
          channel: q.channel as string | undefined,
          state: q.state as '0' | '1' | '2' | undefined,
          ids: idList(q.ids),
          limit: q.limit as number,
          offset: q.offset as number,
        },
        { rows: q.recipients as number | undefined },
      );
      const { items, nextOffset } = takeWithinBytes(views, offset, total, (view) => view());
      return { total, messages: items, nextOffset };
    },
    getMessage: ({ path, query: q }) => {
      const message = platform.messaging.message(path.msgId!, { rows: q.recipients as number | undefined });
      if (!message) throw new ControlError(`没有这条消息：${path.msgId}`, 404);
      return message;
    },
    listReplies: ({ query: q }) => {
      const replies = platform.messaging.replies({
        appId: q.appId as string | undefined,
        msgId: q.msgId as string | undefined,
        userId: q.userId as string | undefined,
        state: q.state as 'pending' | 'pulled' | 'all' | undefined,
      });
      const { items, nextOffset } = pageOf(replies, q);
      return { total: replies.length, replies: items, nextOffset };
    },
    listMessageRecipients: ({ path, query: q }) => {
      const offset = (q.offset as number | undefined) ?? 0;
      const page = platform.messaging.recipients(path.msgId!, offset, (q.limit as number | undefined) ?? RECIPIENT_PAGE);
      if (!page) throw new ControlError(`没有这条消息：${path.msgId}`, 404);
      const { items, nextOffset } = takeWithinBytes(page.rows, offset, page.total, (row) => row());
      return { msgId: page.msgId, total: page.total, recipients: items, nextOffset };
    },
    waitForArrival: async ({ query: q, signal }) => {
      const userId = q.userId as string;
      const channel = q.channel as string | undefined;
      const timeoutMs = q.timeoutMs as number;
      const find = () => arrivedFor(platform, userId, channel, (q.since as number | undefined) ?? 0);
      const arrived = find() ?? (timeoutMs > 0 ? await waitIfRoom(find, signal, timeoutMs) : 'timeout');
      if (arrived === 'gone') return undefined;
      if (arrived === 'timeout') throw new ControlError(`等待超时：${timeoutMs}毫秒内没有送达${userId}${channel ? `（${channel}）` : ''}的消息`, 408);
      return { arrived: true, userId, ...arrived, deliveredAt: new Date(arrived.deliveredAt).toISOString(), deliveredAtMs: arrived.deliveredAt };
    },
  };
}
