import { UmcError } from './errors.js';
import { sameSecret } from './secrets.js';

/** The channels an administrator can enable on the application form (附录一). */
export const APP_CHANNELS = ['Portal', 'IntelligenceMode', 'WeChat', 'Mail', 'SMS', 'DingTalk', 'OfficialAccount'] as const;
export type AppChannel = (typeof APP_CHANNELS)[number];

/** Interfaces that are closed by default and opened per app by the administrator. */
export type OptionalInterface = 'userCount' | 'userList';

/** A third-party system (第三方接入系统) as the administrator configured it. */
export interface App {
  appId: string;
  appPassword: string;
  name: string;
  description?: string;
  /** 'disabled' apps cannot obtain tokens. */
  status: 'enabled' | 'disabled';
  /** Empty: any caller address. */
  ipWhitelist: string[];
  channels: AppChannel[];
  /** The order IntelligenceMode tries channels in. */
  intelligenceOrder: string[];
  interfaces: Record<OptionalInterface, boolean>;
  smsQuota: number;
  publicIds: string[];
}

/** Normalises IPv4-mapped IPv6 addresses (::ffff:127.0.0.1) so whitelists can list plain IPv4. */
export function normaliseIp(ip: string): string {
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}

/**
 * Checks an app's credentials as 5.1.1 does. Unknown app, wrong password, disabled app and a
 * caller outside the whitelist all answer 500002 (the last is our assumption).
 */
export function authenticateApp(app: App | undefined, appPassword: string, callerIp: string): App {
  // Compare against something even for an unknown app, so timing does not reveal which appIds exist.
  const expected = app?.appPassword ?? 'x'.repeat(43);
  const passwordOk = sameSecret(appPassword, expected);
  if (!app || !passwordOk) throw new UmcError('500002', '应用ID不存在或应用秘钥错误');
  if (app.status !== 'enabled') throw new UmcError('500002', `应用${app.appId}为禁用状态`);
  if (app.ipWhitelist.length > 0 && !app.ipWhitelist.includes(normaliseIp(callerIp))) {
    throw new UmcError('500002', `调用方IP不在应用的IP白名单内：${normaliseIp(callerIp)}`);
  }
  return app;
}
