import { apiRequest, readEnvelope } from './api-request.js';
import {
  API_OPERATIONS,
  type ApiOperations,
  type CardMessageParams,
  type CardMessageResult,
  type CheckMessageStatusApiParams,
  type CheckMessageStatusApiResult,
  type GetProgressParams,
  type GetProgressResult,
  type GetPublicListResult,
  type GetTemplateListParams,
  type GetTemplateListResult,
  type GetThirdAPITokenByGetResult,
  type GetThirdAPITokenResult,
  type GetUserMessageCountParams,
  type GetUserMessageCountResult,
  type GetUserMessageListParams,
  type GetUserMessageListResult,
  type OperationId,
  type ReplyMessageParams,
  type ReplyMessageResult,
  type SendMessageApiParams,
  type SendMessageApiResult,
  type SendMessageBySMSApiParams,
  type SendMessageBySMSApiResult,
  type SendTemplateApiParams,
  type SendTemplateApiResult,
} from './api-types.js';
import { maskSecret } from './secret-text.js';
import { TokenCache } from './token-cache.js';
import { UmcApiError, UmcTimeoutError, UmcTransportError } from './umc-errors.js';

export interface UmcClientOptions {
  /** The platform's address: the receipt's 接口域名, or http://127.0.0.1:8010 for umc-mock. */
  baseUrl: string;
  appId: string;
  /** Sent to 5.1.1 only, and never shown in an error. */
  appPassword: string;
  /** The clock a token's 7200 s are measured on, in epoch ms (Date.now); startMock's `() => mock.now()` for the mock's platform clock. */
  now?: () => number;
  /** The fetch to send with (globalThis.fetch): a proxy's, or one that records. */
  fetch?: typeof fetch;
}

export interface WaitForDeliveryOptions {
  /** Real time to wait for state "1" before rejecting with UmcTimeoutError (60,000). */
  timeoutMs?: number;
  /** The first pause between two 5.2.4 calls (200); each pause doubles, up to maxIntervalMs. */
  intervalMs?: number;
  /** The longest pause (2,000). */
  maxIntervalMs?: number;
}

/** The 5.1.1 operations: how the client gets a token, and the GET that real clients use. */
type TokenOperation = 'getThirdAPIToken' | 'getThirdAPITokenByGet';
type Result<K extends OperationId> = ApiOperations[K]['result'];

/** An http(s) address without a query or fragment: the paths of openapi.yaml are appended to it. */
function isBaseUrl(value: unknown): value is string {
  if (typeof value !== 'string' || !URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'http:' || url.protocol === 'https:') && !url.search && !url.hash && !value.includes('?') && !value.includes('#');
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A typed client of the platform's API (统一消息中心 第三方接入), for umc-mock and a real
 * deployment alike: one method per operation of openapi.yaml, named by its operationId, taking its
 * parameters and resolving to its resultData. The token is the client's business: fetched with
 * 5.1.1 (POST, as the document says) when first needed, shared by calls made at the same time,
 * reused until shortly before its 7200 s are over, and fetched again once when the platform answers
 * 500003. Any rspCode but the operation's success rejects with UmcApiError.
 */
export class UmcClient {
  readonly baseUrl: string;
  readonly appId: string;
  readonly #appPassword: string;
  readonly #fetch: typeof fetch;
  readonly #tokens: TokenCache;

  constructor(options: UmcClientOptions) {
    const { baseUrl, appId, appPassword } = options ?? ({} as UmcClientOptions);
    if (!isBaseUrl(baseUrl)) throw new TypeError(`baseUrl必须是http或https地址（不带查询参数），收到：${String(baseUrl)}`);
    if (typeof appId !== 'string' || appId === '') throw new TypeError('appId不能为空');
    if (typeof appPassword !== 'string' || appPassword === '') throw new TypeError('appPassword不能为空');
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.appId = appId;
    this.#appPassword = appPassword;
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#tokens = new TokenCache(async () => (await this.#authenticate('getThirdAPIToken')).token, options.now ?? Date.now);
  }

  /** 5.1.1 获取凭证 (POST): a new token, each call. The other methods fetch and keep their own; this leaves it alone. */
  getThirdAPIToken(): Promise<GetThirdAPITokenResult> {
    return this.#authenticate('getThirdAPIToken');
  }

  /** 5.1.1 by GET, as real clients fetch it (the document says POST): a new token, each call. */
  getThirdAPITokenByGet(): Promise<GetThirdAPITokenByGetResult> {
    return this.#authenticate('getThirdAPITokenByGet');
  }

  /** 5.2.1 the official accounts (公众号) bound to the app. */
  getPublicList(): Promise<GetPublicListResult> {
    return this.#call('getPublicList', {});
  }

  /** 5.2.2 an official account's WeChat templates. */
  getTemplateList(params: GetTemplateListParams): Promise<GetTemplateListResult> {
    return this.#call('getTemplateList', params);
  }

  /** 5.2.3 the oldest replies to the app's reply-enabled messages: the platform deletes what it returns. */
  replyMessage(params: ReplyMessageParams = {}): Promise<ReplyMessageResult> {
    return this.#call('replyMessage', params);
  }

  /** 5.2.4 how far a 5.3.1 or 5.3.2 message's delivery has come. */
  getProgress(params: GetProgressParams): Promise<GetProgressResult> {
    return this.#call('getProgress', params);
  }

  /** 5.2.5 a person's message counts (closed per app until the administrator opens it: 400002). */
  getUserMessageCount(params: GetUserMessageCountParams): Promise<GetUserMessageCountResult> {
    return this.#call('getUserMessageCount', params);
  }

  /** 5.2.6 a person's newest messages, a page at a time (closed per app until opened: 400002). */
  getUserMessageList(params: GetUserMessageListParams): Promise<GetUserMessageListResult> {
    return this.#call('getUserMessageList', params);
  }

  /** 5.3.1 send to people of the directory; `receivers` is sent as the JSON text the platform reads. Success means queued: see waitForDelivery. */
  sendMessageApi(params: SendMessageApiParams): Promise<SendMessageApiResult> {
    return this.#call('sendMessageApi', params);
  }

  /** 5.3.2 an SMS to mobile numbers outside the directory (its success code is "1"). */
  sendMessageBySMSApi(params: SendMessageBySMSApiParams): Promise<SendMessageBySMSApiResult> {
    return this.#call('sendMessageBySMSApi', params);
  }

  /** 5.3.3 a WeChat template message, sent synchronously. */
  sendTemplateApi(params: SendTemplateApiParams): Promise<SendTemplateApiResult> {
    return this.#call('sendTemplateApi', params);
  }

  /** 5.3.4 a WeCom text card (never in the message center). */
  cardMessage(params: CardMessageParams): Promise<CardMessageResult> {
    return this.#call('cardMessage', params);
  }

  /** 5.4.1 mark a todo done ("2") or pending again ("1"); messageType "2" for a template todo. */
  checkMessageStatusApi(params: CheckMessageStatusApiParams): Promise<CheckMessageStatusApiResult> {
    return this.#call('checkMessageStatusApi', params);
  }

  /**
   * Polls 5.2.4 until the message is sent (state "1"), pausing longer each time, and resolves to
   * that last progress (failUserList says who it did not reach). Rejects with UmcTimeoutError after
   * `timeoutMs` of real time; a scheduled message stays "0" until its sendTime.
   */
  async waitForDelivery(msgId: string, options: WaitForDeliveryOptions = {}): Promise<GetProgressResult> {
    const { timeoutMs = 60_000, intervalMs = 200, maxIntervalMs = 2_000 } = options;
    const deadline = Date.now() + timeoutMs;
    for (let pause = intervalMs; ; pause = Math.min(pause * 2, maxIntervalMs)) {
      const progress = await this.getProgress({ msgId });
      if (progress.state === '1') return progress;
      const left = deadline - Date.now();
      if (left <= 0) throw new UmcTimeoutError(msgId, timeoutMs, progress);
      await sleep(Math.min(pause, left));
    }
  }

  /** 5.1.1 with the app's credentials: the only request that carries the appPassword. */
  #authenticate<K extends TokenOperation>(operationId: K): Promise<Result<K>> {
    return this.#send(operationId, { appId: this.appId, appPassword: this.#appPassword });
  }

  /** An operation with the token; on 500003 (expired early, the platform restarted) one new token and one more try. */
  async #call<K extends OperationId>(operationId: K, params: ApiOperations[K]['params']): Promise<Result<K>> {
    const token = await this.#tokens.get();
    try {
      return await this.#send(operationId, { token, ...params });
    } catch (err) {
      if (!(err instanceof UmcApiError) || err.rspCode !== '500003') throw err;
      this.#tokens.drop(token);
      return this.#send(operationId, { token: await this.#tokens.get(), ...params });
    }
  }

  async #send<K extends OperationId>(operationId: K, params: Record<string, unknown>): Promise<Result<K>> {
    const route = API_OPERATIONS[operationId];
    const { url, init } = apiRequest(this.baseUrl, route, params);
    const refuse = (httpStatus: number, detail: string) => new UmcTransportError(operationId, route.section, httpStatus, this.#mask(detail));
    let read: Awaited<ReturnType<typeof readEnvelope>>;
    try {
      read = await readEnvelope(await this.#fetch(url, init));
    } catch (err) {
      // Its reason only: the error itself (and its cause) may hold the URL, which for 5.1.1 holds the appPassword.
      const reason = (err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message;
      throw refuse(0, `无法连接${this.baseUrl}（${reason}）`);
    }
    if (!('envelope' in read)) throw refuse(read.httpStatus, read.detail);
    const { rspCode, rspMsg, resultData } = read.envelope;
    if (rspCode !== route.success) throw new UmcApiError(operationId, route.section, rspCode, this.#mask(rspMsg), route.codes.includes(rspCode));
    return resultData as Result<K>;
  }

  #mask(text: string): string {
    return maskSecret(text, this.#appPassword);
  }
}
