import { formatDateTime } from '../../domain/wall-time.js';
import { pageOf } from './paging.js';
import type { ControlContext, ControlHandlers } from './types.js';

/** A list for the dev inbox: its total, and each item of the page asked for with its China-time stamp. */
function withTimes<T extends { sentAt: number }>(items: readonly T[], query: Record<string, unknown>) {
  return { total: items.length, ...pageOf(items, query, (item) => ({ ...item, time: formatDateTime(item.sentAt) })) };
}

/** What 5.3.3 (template messages, with their rendered text) and 5.3.4 (WeCom cards) sent, oldest first. */
export function sentOperations({ platform }: ControlContext): ControlHandlers {
  return {
    listTemplateMessages: ({ query }) => withTimes(platform.wechat.state.templateMessages, query),
    listCards: ({ query }) => withTimes(platform.wechat.state.cards, query),
  };
}
