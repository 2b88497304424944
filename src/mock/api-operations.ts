import type { App } from '../domain/apps.js';
import type { Platform } from '../domain/platform.js';
import type { SendRequest } from '../domain/messaging/send.js';
import type { SmsRequest } from '../domain/messaging/sms.js';
import type { CardInput } from '../domain/wechat/cards.js';
import type { TemplateSendInput } from '../domain/wechat/template-messages.js';
import type { Params } from '../spec/validate.js';

export interface OperationContext {
  platform: Platform;
  /** Validated parameters (coerced, defaults applied, JSON strings parsed). */
  params: Params;
  /** The calling app: the token's, or (5.1.1) the one that authenticated with appId + appPassword. */
  app: App;
  /**
   * Set by an operation whose answer names no id for what it created: the id the journal and the
   * event name instead (5.3.4 answers resultData null; its card's cardId goes here).
   */
  created?: string;
}

/** From validated parameters to a domain call; returns resultData or throws UmcError. */
export type OperationHandler = (ctx: OperationContext) => unknown;

/** The app authenticated before the operation runs: what is left (and what --data replays) is the token. */
const getToken: OperationHandler = ({ platform, app }) => platform.issueToken(app.appId);

const optional = (value: unknown): string | undefined => (value === undefined ? undefined : String(value));

/** 5.4.1: template todos (messageType 2) belong to the WeChat side, ordinary todos to messaging. */
const checkMessageStatus: OperationHandler = ({ platform, app, params }) =>
  params.messageType === '2'
    ? platform.wechat.changeTodoState(app, String(params.msgId), params.state as '1' | '2')
    : platform.messaging.setTodoState(app, String(params.msgId), params.state as '1' | '2');

/**
 * Operations that can run a slice at a time, yielding between slices (a 5.3.1 to 55,000 receivers):
 * live calls take these; --data replays the whole operation at once (API_OPERATIONS).
 */
export const STEPPED_OPERATIONS: Record<string, (ctx: OperationContext) => Generator<void, unknown>> = {
  sendMessageApi: ({ platform, app, params }) => platform.messaging.sendSteps(app, params as unknown as SendRequest),
};

/** Keyed by operationId; test/unit/spec.test.ts checks it matches openapi.yaml exactly. */
export const API_OPERATIONS: Record<string, OperationHandler> = {
  getThirdAPIToken: getToken,
  getThirdAPITokenByGet: getToken,
  getPublicList: ({ platform, app }) => platform.wechat.publicList(app),
  getTemplateList: ({ platform, app, params }) => platform.wechat.templateList(app, String(params.publicId)),
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
  sendTemplateApi: ({ platform, app, params }) => platform.wechat.sendTemplate(app, params as unknown as TemplateSendInput),
  cardMessage: (ctx) => {
    ctx.created = ctx.platform.wechat.sendCard(ctx.app, ctx.params as unknown as CardInput);
    return null;
  },
  checkMessageStatusApi: checkMessageStatus,
};
