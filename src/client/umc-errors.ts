import type { ApiOperations, GetProgressResult, OperationId } from './api-types.js';

/**
 * The platform refused: its envelope carried an rspCode other than the operation's success code.
 * `rspCode` is typed by the codes openapi.yaml lists for the operation; a deployment may answer
 * another (then `documented` is false). rspMsg is the platform's, with the appPassword masked.
 */
export class UmcApiError<K extends OperationId = OperationId> extends Error {
  override name = 'UmcApiError';

  constructor(
    readonly operationId: K,
    /** The document's section (5.3.1). */
    readonly section: string,
    readonly rspCode: ApiOperations[K]['errorCode'] | (string & {}),
    readonly rspMsg: string,
    /** Whether openapi.yaml lists the code for this operation. */
    readonly documented: boolean,
  ) {
    super(`统一消息中心${section} ${operationId}返回${rspCode}：${rspMsg}`);
  }
}

/** Whether `err` is the platform's refusal (of this operation, when named): narrows rspCode to its codes. */
export function isUmcApiError<K extends OperationId>(err: unknown, operationId?: K): err is UmcApiError<K> {
  return err instanceof UmcApiError && (operationId === undefined || err.operationId === operationId);
}

/**
 * No envelope came back: the platform could not be reached (httpStatus 0), answered another HTTP
 * status, or a body that is not the platform's envelope (a gateway's page, a login redirect).
 */
export class UmcTransportError extends Error {
  override name = 'UmcTransportError';

  constructor(
    readonly operationId: OperationId,
    readonly section: string,
    /** 0 when nothing was answered. */
    readonly httpStatus: number,
    readonly detail: string,
  ) {
    super(`统一消息中心${section} ${operationId}：${detail}`);
  }
}

/** waitForDelivery's time ran out before 5.2.4 said the message was sent (state "1"). */
export class UmcTimeoutError extends Error {
  override name = 'UmcTimeoutError';

  constructor(
    readonly msgId: string,
    readonly timeoutMs: number,
    /** 5.2.4's last answer. */
    readonly progress: GetProgressResult,
  ) {
    super(`等待消息${msgId}发送完毕超时：${timeoutMs}毫秒后5.2.4的state仍为${progress.state}（0未发送，2正在发送）`);
  }
}
