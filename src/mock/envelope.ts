import { formatIsoWithOffset } from '../domain/wall-time.js';
import type { OperationSpec } from '../spec/load.js';

export const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

/** The text before resultData: what JSON.stringify writes for the envelope's first keys. */
function head(withDebugger: boolean, rspCode: string, rspMsg: string): string {
  return `{"rspCode":${JSON.stringify(rspCode)},"rspMsg":${JSON.stringify(rspMsg)},${withDebugger ? '"debuggerErrorMsg":null,' : ''}"resultData":`;
}

/** Each operation's success head, written once: the same two strings head every success. */
const successHeads = new WeakMap<object, string>();

/**
 * The platform's envelope, compact and in the platform's key order: real clients pick values
 * out of the raw text (e.g. searching for `"token":"`), so spacing and order matter. The text is
 * JSON.stringify's for { rspCode, rspMsg, [debuggerErrorMsg: null,] resultData }; a success's
 * fixed head is written once per operation, not on every call.
 */
export function envelope(
  op: Pick<OperationSpec, 'withDebugger'> & { success?: { rspCode: string; rspMsg: string } },
  rspCode: string,
  rspMsg: string,
  resultData: unknown,
  style?: { debuggerErrorMsg: boolean; resultData: boolean },
): string {
  // A profiled deployment's keys: debuggerErrorMsg present or not, resultData absent on its errors.
  if (style) return JSON.stringify({ rspCode, rspMsg, ...(style.debuggerErrorMsg ? { debuggerErrorMsg: null } : {}), ...(style.resultData ? { resultData: resultData ?? null } : {}) });
  let prefix: string | undefined;
  if (op.success && op.success.rspCode === rspCode && op.success.rspMsg === rspMsg) {
    prefix = successHeads.get(op);
    if (prefix === undefined) successHeads.set(op, (prefix = head(op.withDebugger, rspCode, rspMsg)));
  }
  return `${prefix ?? head(op.withDebugger, rspCode, rspMsg)}${JSON.stringify(resultData ?? null)}}`;
}

/**
 * What the servlet framework (Spring Boot) answers for a path or method it does not serve. The
 * timestamp carries the deployment's offset (+08:00), like every wall-clock value of the platform
 * (assumption: a deployment in China sets Jackson's time zone; Jackson's own default is UTC).
 */
export function servletError(status: number, error: string, path: string, now: number): string {
  return JSON.stringify({ timestamp: formatIsoWithOffset(now), status, error, path });
}

/** Tomcat's page for a method a servlet does not serve (what a POST-only 5.1.1 answers GET with). */
export function methodNotAllowedPage(method: string, kind: 'html' | 'text' | 'empty'): string {
  if (kind === 'empty') return '';
  const message = `Request method '${method}' not supported`;
  if (kind === 'text') return message;
  return `<!doctype html><html lang="en"><head><title>HTTP Status 405 – Method Not Allowed</title></head><body><h1>HTTP Status 405 – Method Not Allowed</h1><hr class="line" /><p><b>Message</b> ${message}</p></body></html>`;
}

/**
 * What the core answers an API call with; the transport writes it (or drops the connection).
 * `detail`, on a refusal: what exactly was wrong (secrets masked), which the HTTP adapter may show
 * in the mock-only X-UMC-Detail header.
 */
export type Answer = { status: number; contentType: string; body: string; allow?: string; detail?: string } | { dropped: true };
