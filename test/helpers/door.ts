import type { MockRequest, MockResponse } from '../../src/mock/handle.js';

/** A form POST to an API path, as the HTTP adapter hands it to the door (no socket, no server). */
export function formPost(path: string, params: Record<string, string>): MockRequest {
  return {
    method: 'POST',
    url: path,
    headers: { host: '127.0.0.1', 'content-type': 'application/x-www-form-urlencoded' },
    body: Buffer.from(new URLSearchParams(params).toString()),
    callerIp: '127.0.0.1',
    startedAt: performance.now(),
  };
}

/** A control-plane call with a JSON body (or none), as the adapter hands it to the door. */
export function controlCall(method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown): MockRequest {
  return {
    method,
    url,
    headers: { host: '127.0.0.1', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)),
    callerIp: '127.0.0.1',
    startedAt: performance.now(),
  };
}

/** What an answer's body says, as JSON (a dropped connection or an event stream is an error here). */
export async function jsonOf(response: MockResponse | Promise<MockResponse>): Promise<any> {
  const r = await response;
  if (r.kind !== 'answer') throw new Error(`expected an answer, got ${r.kind}`);
  return JSON.parse(r.body);
}
