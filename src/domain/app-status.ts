import type { App } from './apps.js';
import { UmcError } from './errors.js';

/**
 * What a call answers when its token is not usable. 表4-1-2 lists 500002 (无效的应用ID或密钥；应用为
 * 禁用状态) for 5.1.1 and 5.3.1 only: a token of an app the administrator disabled after issuing it
 * gets 500002 on 5.3.1, and 500003 (通用, 无效的请求凭证) on every other operation (assumption: the
 * document gives those operations no code for a disabled app). An unknown or expired token is 500003.
 */
const ANSWERS_DISABLED_APP = new Set(['sendMessageApi']);

export function tokenRefusal(disabledApp: App | undefined, operationId: string): UmcError {
  if (disabledApp && ANSWERS_DISABLED_APP.has(operationId)) return new UmcError('500002', `应用${disabledApp.appId}在token签发后被管理员禁用`);
  if (disabledApp) return new UmcError('500003', `应用${disabledApp.appId}已被管理员禁用，其token不能再调用此接口`);
  return new UmcError('500003', 'token为空、不存在或已过期');
}
