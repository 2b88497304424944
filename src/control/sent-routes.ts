import type { FastifyRequest } from 'fastify';
import { formatDateTime } from '../domain/wall-time.js';
import { pageOf } from './query-params.js';
import type { ControlOptions, ControlRoute } from './routes.js';

/** A list for the dev inbox: its total, and each item of the page asked for with its China-time stamp. */
function withTimes<T extends { sentAt: number }>(items: readonly T[], req: FastifyRequest) {
  return { total: items.length, items: pageOf(items, req.query as Record<string, unknown>).map((item) => ({ ...item, time: formatDateTime(item.sentAt) })) };
}

/** What 5.3.3 (template messages, with their rendered text) and 5.3.4 (WeCom cards) sent, oldest first. */
export function sentRoutes({ platform }: ControlOptions): ControlRoute[] {
  return [
    { method: 'GET', url: '/__umc/wechat/messages', operationId: 'listTemplateMessages', handler: (req) => withTimes(platform.wechat.state.templateMessages, req) },
    { method: 'GET', url: '/__umc/cards', operationId: 'listCards', handler: (req) => withTimes(platform.wechat.state.cards, req) },
  ];
}
