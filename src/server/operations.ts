import type { App } from '../domain/apps.js';
import { UmcError } from '../domain/errors.js';
import type { Platform } from '../domain/platform.js';
import type { SendRequest } from '../domain/messaging/send.js';
import type { SmsRequest } from '../domain/messaging/sms.js';
import type { Params } from '../spec/validate.js';

export interface OperationContext {
  platform: Platform;
  /** Validated parameters (coerced, defaults applied, JSON strings parsed). */
  params: Params;
  /** The calling app, for every operation that takes a token. */
  app: App;
  callerIp: string;
}

/** From validated parameters to a domain call; returns resultData or throws UmcError. */
export type OperationHandler = (ctx: OperationContext) => unknown;

/**
 * An operation that a later issue implements. It must not pretend to succeed: it answers
 * 999999 saying so, after the token and parameter checks that the platform makes first.
 */
function notImplemented(operationId: string, section: string, issue: number): OperationHandler {
  return () => {
    throw new UmcError('999999', `umc-mock尚未实现此接口：${operationId}（${section}），见issue #${issue}；此回应不是平台行为`);
  };
}

const getToken: OperationHandler = ({ platform, params, callerIp }) =>
  platform.getToken(String(params.appId), String(params.appPassword), callerIp);

const optional = (value: unknown): string | undefined => (value === undefined ? undefined : String(value));

const checkTodoState = notImplemented('checkMessageStatusApi', '5.4.1 messageType=2', 4);

/** Keyed by operationId; test/operations.test.ts checks it matches openapi.yaml exactly. */
export const OPERATIONS: Record<string, OperationHandler> = {
  getThirdAPIToken: getToken,
  getThirdAPITokenByGet: getToken,
  getPublicList: notImplemented('getPublicList', '5.2.1', 4),
  getTemplateList: notImplemented('getTemplateList', '5.2.2', 4),
  replyMessage: ({ platform, app, params }) => platform.messaging.takeReplies(app, Number(params.count)),
  getProgress: ({ platform, app, params }) => platform.messaging.progress(app, String(params.msgId)),
  getUserMessageCount: ({ platform, app, params }) => platform.messaging.userCount(app, String(params.account), optional(params.type)),
  getUserMessageList: ({ platform, app, params }) =>
    platform.messaging.userList(app, {
      account: String(params.account),
      page: Number(params.page),
      size: Number(params.size),
      search: optional(params.search),
      type: optional(params.type),
    }),
  sendMessageApi: ({ platform, app, params }) => platform.messaging.send(app, params as unknown as SendRequest),
  sendMessageBySMSApi: ({ platform, app, params }) => platform.messaging.sendSms(app, params as unknown as SmsRequest),
  sendTemplateApi: notImplemented('sendTemplateApi', '5.3.3', 4),
  cardMessage: notImplemented('cardMessage', '5.3.4', 4),
  checkMessageStatusApi: (ctx) =>
    ctx.params.messageType === '2'
      ? checkTodoState(ctx)
      : ctx.platform.messaging.setTodoState(ctx.app, String(ctx.params.msgId), ctx.params.state as '1' | '2'),
};
