import type { App } from '../apps.js';
import { UmcError } from '../errors.js';
import { CHANNEL_LABELS, isDeliveryChannel, type DeliveryChannel } from './channels.js';
import type { Route } from './delivery.js';
import type { MessagingContext } from './store.js';

/**
 * From a sendChannel list to delivery routes, with the app's permissions (500010), the
 * IntelligenceMode configuration (500011) and closed channels (500014) checked in that order.
 */

function label(channel: string): string {
  return isDeliveryChannel(channel) ? `${channel}（${CHANNEL_LABELS[channel]}）` : channel === 'IntelligenceMode' ? 'IntelligenceMode（智能模式）' : channel;
}

/**
 * Channel lists already seen, shared by every message sent with the same sendChannel (stored
 * messages never change their list). Bounded: past the limit, lists are simply not shared.
 */
const seenChannelLists = new Map<string, string[]>();
const MAX_SHARED_CHANNEL_LISTS = 256;

/** "WeChat,SMS,SMS" → ['WeChat', 'SMS']: a channel named twice is used once (the spec's pattern has already checked the names). */
export function parseChannels(sendChannel: string): string[] {
  const seen = seenChannelLists.get(sendChannel);
  if (seen) return seen;
  // Frozen: a list shared by many messages must never change under one of them.
  const channels = Object.freeze([...new Set(sendChannel.split(',').map((c) => c.trim()).filter(Boolean))]) as string[];
  if (seenChannelLists.size < MAX_SHARED_CHANNEL_LISTS) seenChannelLists.set(sendChannel, channels);
  return channels;
}

export function requirePermission(app: App, channels: string[]): void {
  // Checked on every send: the list of what is missing is built only when something is.
  if (channels.every((c) => (app.channels as string[]).includes(c))) return;
  const missing = channels.filter((c) => !(app.channels as string[]).includes(c));
  throw new UmcError('500010', `应用${app.appId}未开通${missing.map(label).join('、')}`);
}

/** The channels IntelligenceMode walks for this app: its configured order, limited to channels the app has. */
export function intelligenceChannels(app: App): DeliveryChannel[] {
  const order = app.intelligenceOrder.filter((c): c is DeliveryChannel => isDeliveryChannel(c) && (app.channels as string[]).includes(c));
  return [...new Set(order)];
}

export function resolveRoutes(ctx: MessagingContext, app: App, channels: string[]): Route[] {
  requirePermission(app, channels);
  // At most five channels: a look through the list, not a Set made per send.
  const closed = ctx.delivery.closedChannels as string[];
  const routes: Route[] = [];
  const intelligent = channels.includes('IntelligenceMode') ? intelligenceChannels(app) : undefined;
  if (intelligent && intelligent.length === 0) {
    throw new UmcError('500011', `应用${app.appId}没有为智能模式配置任何已开通的渠道`);
  }
  for (const channel of channels) {
    if (channel === 'IntelligenceMode') {
      const open = intelligent!.filter((c) => !closed.includes(c));
      if (open.length === 0) throw new UmcError('500014', `智能模式的渠道${intelligent!.map(label).join('、')}均已关闭`);
      routes.push({ intelligence: open });
    } else if (isDeliveryChannel(channel)) {
      if (closed.includes(channel)) throw new UmcError('500014', label(channel));
      routes.push({ channel });
    }
  }
  return routes;
}
