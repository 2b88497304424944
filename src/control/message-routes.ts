import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Platform } from '../domain/platform.js';
import { ControlError } from './control-error.js';
import type { EventBus } from './events.js';
import { intParam } from './query-params.js';
import type { ControlRoute, RouteOptions } from './routes.js';

const STATES = ['0', '1', '2'] as const;
const WAIT_DEFAULT_MS = 10_000;
const WAIT_MAX_MS = 60_000;

function query(req: FastifyRequest): Record<string, string | undefined> {
  return req.query as Record<string, string | undefined>;
}

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
 * nothing, and one whose client went away is dropped at once.
 */
function waitFor<T>(bus: EventBus, reply: FastifyReply | undefined, find: () => T | undefined, timeoutMs: number): Promise<T | 'timeout' | 'gone'> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (value: T | 'timeout' | 'gone') => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unsubscribe();
      reply?.raw.off('close', gone);
      resolve(value);
    };
    const gone = () => settle('gone');
    const unsubscribe = bus.subscribe(() => {
      const found = find();
      if (found !== undefined) settle(found);
    });
    const timer = setTimeout(() => settle('timeout'), timeoutMs);
    reply?.raw.on('close', gone);
  });
}

/** Everything the platform accepted, and waiting for a delivery without sleeping. */
export function messageRoutes({ platform, events: bus }: RouteOptions): ControlRoute[] {
  return [
    {
      method: 'GET',
      url: '/__umc/messages',
      operationId: 'listMessages',
      handler: (req) => {
        const q = query(req);
        if (q.state !== undefined && !(STATES as readonly string[]).includes(q.state)) throw new ControlError('state必须是0（未发送）、2（正在发送）或1（发送完毕）');
        return platform.messaging.messages({
          appId: q.appId || undefined,
          userId: q.userId || undefined,
          channel: q.channel || undefined,
          state: (q.state || undefined) as '0' | '1' | '2' | undefined,
          limit: intParam(q.limit, 'limit', 1, 10_000, 100),
          offset: intParam(q.offset, 'offset', 0, Number.MAX_SAFE_INTEGER, 0),
        });
      },
    },
    {
      method: 'GET',
      url: '/__umc/messages/:msgId',
      operationId: 'getMessage',
      handler: (req) => {
        const { msgId } = req.params as { msgId: string };
        const message = platform.messaging.message(msgId);
        if (!message) throw new ControlError(`没有这条消息：${msgId}`, 404);
        return message;
      },
    },
    {
      method: 'GET',
      url: '/__umc/wait',
      operationId: 'waitForArrival',
      handler: async (req, _body, reply) => {
        const q = query(req);
        const userId = q.userId;
        if (!userId) throw new ControlError('userId不能为空（学工号，或5.3.2短信的手机号）');
        const timeoutMs = intParam(q.timeoutMs, 'timeoutMs', 0, WAIT_MAX_MS, WAIT_DEFAULT_MS);
        const since = intParam(q.since, 'since', 0, Number.MAX_SAFE_INTEGER, 0);
        const find = () => arrivedFor(platform, userId, q.channel || undefined, since);
        const arrived = find() ?? (timeoutMs > 0 ? await waitFor(bus, reply, find, timeoutMs) : 'timeout');
        if (arrived === 'gone') return undefined;
        if (arrived === 'timeout') throw new ControlError(`等待超时：${timeoutMs}毫秒内没有送达${userId}${q.channel ? `（${q.channel}）` : ''}的消息`, 408);
        return { arrived: true, userId, ...arrived, deliveredAt: new Date(arrived.deliveredAt).toISOString(), deliveredAtMs: arrived.deliveredAt };
      },
    },
  ];
}
