import { formatDateTime } from '../domain/wall-time.js';
import type { ControlOptions, ControlRoute } from './routes.js';

/** A list for the dev inbox: its total, and each item with its China-time stamp. */
function withTimes<T extends { sentAt: number }>(items: readonly T[]) {
  return { total: items.length, items: items.map((item) => ({ ...item, time: formatDateTime(item.sentAt) })) };
}

/** What 5.3.3 (template messages, with their rendered text) and 5.3.4 (WeCom cards) sent, oldest first. */
export function sentRoutes({ platform }: ControlOptions): ControlRoute[] {
  return [
    { method: 'GET', url: '/__umc/wechat/messages', operationId: 'listTemplateMessages', handler: () => withTimes(platform.wechat.state.templateMessages) },
    { method: 'GET', url: '/__umc/cards', operationId: 'listCards', handler: () => withTimes(platform.wechat.state.cards) },
  ];
}
