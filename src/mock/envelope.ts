import { formatIsoWithOffset } from '../domain/wall-time.js';
import type { OperationSpec } from '../spec/load.js';

export const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

/**
 * The platform's envelope, compact and in the platform's key order: real clients pick values
 * out of the raw text (e.g. searching for `"token":"`), so spacing and order matter.
 */
export function envelope(op: Pick<OperationSpec, 'withDebugger'>, rspCode: string, rspMsg: string, resultData: unknown): string {
  const body = op.withDebugger
    ? { rspCode, rspMsg, debuggerErrorMsg: null, resultData: resultData ?? null }
    : { rspCode, rspMsg, resultData: resultData ?? null };
  return JSON.stringify(body);
}

/**
 * What the servlet framework (Spring Boot) answers for a path or method it does not serve. The
 * timestamp carries the deployment's offset (+08:00), like every wall-clock value of the platform
 * (assumption: a deployment in China sets Jackson's time zone; Jackson's own default is UTC).
 */
export function servletError(status: number, error: string, path: string, now: number): string {
  return JSON.stringify({ timestamp: formatIsoWithOffset(now), status, error, path });
}

/** What the core answers an API call with; the transport writes it (or drops the connection). */
export type Answer = { status: number; contentType: string; body: string; allow?: string } | { dropped: true };
