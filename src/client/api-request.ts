import type { ApiRoute } from './api-types.js';

/**
 * A parameter's text as the platform's servlet reads it: JSON text for the parameters the document
 * declares as JSON strings (receivers) and any other object, numbers as their digits.
 */
function paramText(name: string, value: unknown, route: ApiRoute): string {
  if (typeof value === 'string') return value;
  if (route.jsonText.includes(name) || typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * The request for one call, where the document puts each parameter: 参数携带方式 "URL传参" in the
 * query string (5.1.1, 5.2.1, 5.2.2: no body, no content-type), "请求体" as a form or a JSON
 * object. Absent (undefined or null) parameters are left out. Redirects are not followed: the API
 * never redirects, and a login page's redirect would carry the URL (5.1.1's appPassword) elsewhere.
 */
export function apiRequest(baseUrl: string, route: ApiRoute, params: Record<string, unknown>): { url: string; init: RequestInit } {
  const query = new URLSearchParams();
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (route.body === 'none' || route.query.includes(name)) query.append(name, paramText(name, value, route));
    else body[name] = value;
  }
  const headers: Record<string, string> = { accept: 'application/json' };
  let payload: string | undefined;
  if (route.body === 'json') {
    headers['content-type'] = 'application/json;charset=UTF-8';
    payload = JSON.stringify(body);
  } else if (route.body === 'form') {
    // The charset: a servlet container reads a form without one as ISO-8859-1 unless configured otherwise.
    headers['content-type'] = 'application/x-www-form-urlencoded;charset=UTF-8';
    payload = new URLSearchParams(Object.entries(body).map(([name, value]): [string, string] => [name, paramText(name, value, route)])).toString();
  }
  const search = query.toString();
  return { url: `${baseUrl}${route.path}${search ? `?${search}` : ''}`, init: { method: route.method, headers, body: payload, redirect: 'manual' } };
}

export interface Envelope {
  rspCode: string;
  rspMsg: string;
  resultData: unknown;
}

/** Only the path a redirect points to, not its query: a login page's service= holds the whole request URL. */
function redirectPath(location: string | null, from: string): string {
  if (!location) return '';
  try {
    return `，重定向到${new URL(location, from || 'http://localhost/').pathname}`;
  } catch {
    return '，重定向';
  }
}

/** The envelope of an answer, or why there is none (HTTP status and a few words of what came). */
export async function readEnvelope(res: Response): Promise<{ envelope: Envelope } | { httpStatus: number; detail: string }> {
  const text = await res.text();
  const glimpse = text.replace(/\s+/g, ' ').trim().slice(0, 200);
  if (res.status !== 200) {
    const where = redirectPath(res.headers.get('location'), res.url);
    return { httpStatus: res.status, detail: `返回HTTP ${res.status}${where}${glimpse ? `：${glimpse}` : ''}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { httpStatus: res.status, detail: `应答不是JSON：${glimpse}` };
  }
  const envelope = json as Partial<Envelope> | null;
  if (!envelope || typeof envelope !== 'object' || typeof envelope.rspCode !== 'string') {
    return { httpStatus: res.status, detail: `应答不是统一消息中心的返回结构（没有字符串rspCode）：${glimpse}` };
  }
  return { envelope: { rspCode: envelope.rspCode, rspMsg: typeof envelope.rspMsg === 'string' ? envelope.rspMsg : '', resultData: envelope.resultData ?? null } };
}
