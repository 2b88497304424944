import type { App } from '../domain/apps.js';
import type { Platform } from '../domain/platform.js';
import type { Params } from '../spec/validate.js';

/** A check a deployment may run before a parameter rule: true when the request fails it. */
type Precheck = (platform: Platform, app: App | undefined, params: Params) => boolean;

const unknownMessage: Precheck = (platform, app, params) => {
  if (!app || typeof params.msgId !== 'string') return false;
  if (params.messageType === '2') return platform.wechat.templateMessage(params.msgId)?.appId !== app.appId;
  return platform.messaging.message(params.msgId)?.appId !== app.appId;
};

/**
 * The checks umc-mock can run ahead of a parameter rule when a deployment profile shows it does
 * (an unknown msgId answered 500005 before a missing state): by operation, then code. A profiled
 * order the table does not have is listed by GET /__umc/profile as not applied.
 */
export const PRECHECKS: Record<string, Record<string, Precheck>> = {
  checkMessageStatusApi: { '500005': unknownMessage },
  getProgress: { '500005': unknownMessage },
};

/** Whether umc-mock can run this check ahead of a parameter rule (what a profile's order needs). */
export function canCheckFirst(operationId: string, rspCode: string): boolean {
  return PRECHECKS[operationId]?.[rspCode] !== undefined;
}
