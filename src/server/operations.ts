import type { App } from '../domain/apps.js';
import { UmcError } from '../domain/errors.js';
import type { Platform } from '../domain/platform.js';
import type { CardInput } from '../domain/wechat/cards.js';
import type { TemplateSendInput } from '../domain/wechat/template-messages.js';
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

/** 5.4.1: template todos (messageType 2) belong to the WeChat side; ordinary todos to messaging. */
const checkOrdinaryTodo = notImplemented('checkMessageStatusApi', '5.4.1', 3);
const checkMessageStatus: OperationHandler = (ctx) =>
  ctx.params.messageType === '2' ? ctx.platform.wechat.changeTodoState(ctx.app, String(ctx.params.msgId), ctx.params.state as '1' | '2') : checkOrdinaryTodo(ctx);

const getToken: OperationHandler = ({ platform, params, callerIp }) =>
  platform.getToken(String(params.appId), String(params.appPassword), callerIp);

/** Keyed by operationId; test/operations.test.ts checks it matches openapi.yaml exactly. */
export const OPERATIONS: Record<string, OperationHandler> = {
  getThirdAPIToken: getToken,
  getThirdAPITokenByGet: getToken,
  getPublicList: ({ platform, app }) => platform.wechat.publicList(app),
  getTemplateList: ({ platform, app, params }) => platform.wechat.templateList(app, String(params.publicId)),
  replyMessage: notImplemented('replyMessage', '5.2.3', 3),
  getProgress: notImplemented('getProgress', '5.2.4', 3),
  getUserMessageCount: notImplemented('getUserMessageCount', '5.2.5', 3),
  getUserMessageList: notImplemented('getUserMessageList', '5.2.6', 3),
  sendMessageApi: notImplemented('sendMessageApi', '5.3.1', 3),
  sendMessageBySMSApi: notImplemented('sendMessageBySMSApi', '5.3.2', 3),
  sendTemplateApi: ({ platform, app, params }) => platform.wechat.sendTemplate(app, params as unknown as TemplateSendInput),
  cardMessage: ({ platform, app, params }) => platform.wechat.sendCard(app, params as unknown as CardInput),
  checkMessageStatusApi: checkMessageStatus,
};
