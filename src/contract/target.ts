import { describeFetchError } from './http.js';
import type { MockControl } from './types.js';

/** The target could not be reached at all: exit code 2. */
export class UnreachableError extends Error {
  override name = 'UnreachableError';
}

export interface TargetInfo {
  isMock: boolean;
  version?: string;
}

/**
 * Recognises umc-mock by its control plane (GET /__umc/health answering service "umc-mock").
 * Any other answer (404, HTML, another JSON) means a real deployment. A transport failure means
 * nothing answers at the base URL.
 */
export async function detectTarget(baseUrl: string, timeoutMs: number, adminToken?: string): Promise<TargetInfo> {
  let res: Response;
  try {
    res = await fetch(`${baseUrl}/__umc/health`, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual', headers: adminHeaders(adminToken) });
  } catch (err) {
    throw new UnreachableError(`无法连接被测部署 ${baseUrl}：${describeFetchError(err, timeoutMs)}`);
  }
  const text = await res.text().catch(() => '');
  if (res.status !== 200) return { isMock: false };
  try {
    const body = JSON.parse(text) as { service?: unknown; version?: unknown };
    if (body?.service === 'umc-mock') return { isMock: true, version: typeof body.version === 'string' ? body.version : undefined };
  } catch {
    // not JSON: not the mock
  }
  return { isMock: false };
}

/** A shared mock behind --admin-token still answers the control plane to the suite. */
function adminHeaders(adminToken: string | undefined): Record<string, string> {
  return adminToken ? { authorization: `Bearer ${adminToken}` } : {};
}

/** The mock's /__umc control plane, as the flows use it (clock, directory, simulated replies). */
export function mockControl(baseUrl: string, timeoutMs: number, adminToken?: string): MockControl {
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      signal: AbortSignal.timeout(timeoutMs),
      headers: { ...adminHeaders(adminToken), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, text: await res.text() };
  };
  return {
    async advanceClock(seconds) {
      const res = await call('POST', '/__umc/clock', { advanceSeconds: seconds });
      if (res.status !== 200) throw new Error(`POST /__umc/clock answered HTTP ${res.status}: ${res.text.slice(0, 200)}`);
    },
    async now() {
      const res = await call('GET', '/__umc/health');
      try {
        const time = Date.parse(String((JSON.parse(res.text) as { time?: unknown }).time));
        return Number.isFinite(time) ? time : undefined;
      } catch {
        return undefined;
      }
    },
    async users() {
      const res = await call('GET', '/__umc/users');
      if (res.status !== 200) return undefined;
      try {
        const body = JSON.parse(res.text) as { users?: unknown };
        return Array.isArray(body.users) ? (body.users as Record<string, unknown>[]) : undefined;
      } catch {
        return undefined;
      }
    },
    postReply(userId, msgId, content) {
      return call('POST', `/__umc/users/${encodeURIComponent(userId)}/replies`, { msgId, content });
    },
  };
}
