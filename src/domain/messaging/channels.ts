import type { Person } from './directory.js';
import { isValidMobile } from './directory.js';

/** The channels a 5.3.1 message can travel on (sendChannel values other than IntelligenceMode). */
export const DELIVERY_CHANNELS = ['Portal', 'WeChat', 'DingTalk', 'Mail', 'SMS'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

export function isDeliveryChannel(name: string): name is DeliveryChannel {
  return (DELIVERY_CHANNELS as readonly string[]).includes(name);
}

/** How the platform names each channel in failure causes. */
export const CHANNEL_LABELS: Record<DeliveryChannel, string> = {
  Portal: '站内信',
  WeChat: '企业微信',
  DingTalk: '钉钉',
  Mail: '邮件',
  SMS: '短信',
};

const MISSING_BINDING: Record<Exclude<DeliveryChannel, 'Portal'>, string> = {
  WeChat: '未绑定企业微信账号',
  DingTalk: '未绑定钉钉账号',
  Mail: '未绑定邮箱',
  SMS: '未绑定手机号',
};

export const NOT_IN_DIRECTORY = '接收人不在组织架构中！';
export const MALFORMED_MOBILE = '短信发送失败！手机号码格式有误！';
export const NO_MOBILE = '短信发送失败！未绑定手机号！';

export function failure(channel: DeliveryChannel, reason: string): string {
  return `${CHANNEL_LABELS[channel]}发送失败！${reason}！`;
}

export function channelFault(channel: DeliveryChannel): string {
  return failure(channel, '渠道服务异常');
}

/** Why this person cannot be reached on this channel, or undefined when they can. */
export function unreachableCause(person: Person, channel: DeliveryChannel): string | undefined {
  switch (channel) {
    case 'Portal':
      return undefined;
    case 'WeChat':
      return person.wecomId ? undefined : failure(channel, MISSING_BINDING.WeChat);
    case 'DingTalk':
      return person.dingtalkId ? undefined : failure(channel, MISSING_BINDING.DingTalk);
    case 'Mail':
      return person.email ? undefined : failure(channel, MISSING_BINDING.Mail);
    case 'SMS':
      if (!person.mobile) return failure(channel, MISSING_BINDING.SMS);
      return isValidMobile(person.mobile) ? undefined : MALFORMED_MOBILE;
  }
}

/** Which channels reach this person (for the control plane's directory listing). */
export function reachability(person: Person): Record<DeliveryChannel, boolean> {
  return Object.fromEntries(DELIVERY_CHANNELS.map((c) => [c, unreachableCause(person, c) === undefined])) as Record<DeliveryChannel, boolean>;
}
