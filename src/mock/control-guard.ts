import { sameSecret } from '../domain/secrets.js';
import { ControlError } from './control-error.js';

/** The request headers the control plane's guard reads (lower-case names, as Node gives them). */
export type RequestHeaders = Record<string, string | string[] | undefined>;

/** Whether an address only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The host name of a Host header, without its port ("[::1]:8010" → "::1"). */
export function hostName(host: string | undefined): string {
  if (!host) return '';
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined);
  const colon = h.lastIndexOf(':');
  return colon >= 0 && h.indexOf(':') === colon ? h.slice(0, colon) : h;
}

const JSON_BODY = /^application\/json\s*(?:;|$)/i;

/** A header's value; of a repeated one, the first. */
export function header(headers: RequestHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Refuses a control request that a web page in the developer's browser could have made:
 * - without an admin token, the Host must name this machine (localhost, 127.0.0.0/8, [::1]), so a
 *   DNS-rebound name cannot reach the control plane;
 * - an Origin other than the mock's own (another site, or "null") is refused, GET included;
 * - a POST must say Content-Type: application/json, which no form or simple cross-origin fetch
 *   can send without a CORS preflight, and the mock answers no preflight.
 * The dev inbox and /docs are served by the mock itself: same origin, JSON bodies.
 */
export function guardControlRequest(method: string, headers: RequestHeaders, adminToken: string | undefined): void {
  const host = header(headers, 'host');
  if (!adminToken && !isLoopback(hostName(host))) {
    throw new ControlError(`控制面只接受本机地址：Host为${host ?? '（无）'}。请用 http://127.0.0.1 或 http://localhost 访问；从其他地址访问请以 --admin-token 启动`, 403);
  }
  const origin = header(headers, 'origin');
  if (origin !== undefined && origin.toLowerCase() !== `http://${(host ?? '').toLowerCase()}` && origin.toLowerCase() !== `https://${(host ?? '').toLowerCase()}`) {
    throw new ControlError(`控制面拒绝来自其他网页的请求（Origin ${origin}）`, 403);
  }
  if (method === 'POST' && !JSON_BODY.test(header(headers, 'content-type') ?? '')) {
    throw new ControlError('改变状态的控制面请求必须带 Content-Type: application/json（请求体可以是 {}）', 415);
  }
}

/** With an admin token configured, every control call must carry it (Bearer or X-UMC-Admin-Token). */
export function checkAdminToken(headers: RequestHeaders, adminToken: string | undefined): void {
  if (!adminToken) return;
  const authorization = header(headers, 'authorization');
  const given = (typeof authorization === 'string' && authorization.startsWith('Bearer ') ? authorization.slice(7) : undefined) ?? header(headers, 'x-umc-admin-token');
  if (typeof given !== 'string' || !sameSecret(given, adminToken)) throw new ControlError('控制面需要管理令牌：Authorization: Bearer <admin-token> 或 X-UMC-Admin-Token', 401);
}
