import { mockUrlFromEnv } from './mock-url.js';

/** The options every `umc-mock app …` subcommand takes: where the mock is, its admin token, output. */
export const CONTROL_CLI_OPTIONS = {
  // No default here: --url, else UMC_URL, else UMC_PORT, else 8010 (controlUrl).
  url: { type: 'string' },
  'admin-token': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** Where the mock a control command talks to is: --url as given, else from the environment (mockUrlFromEnv). */
export function controlUrl(flag: string | undefined, env: Record<string, string | undefined> = process.env): string {
  return flag ?? mockUrlFromEnv(env).value;
}

/** A control-plane POST from the command line (`umc-mock app …`) against a running mock. */
export async function postControl(baseUrl: string, path: string, body: unknown, adminToken?: string): Promise<{ ok: boolean; status: number; body: Record<string, string> }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (adminToken) headers.authorization = `Bearer ${adminToken}`;
  let res: Response;
  try {
    res = await fetch(`${baseUrl.replace(/\/$/, '')}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  } catch {
    throw new Error(`无法连接模拟器：${baseUrl}（先用 umc-mock 启动它）`);
  }
  return { ok: res.ok, status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, string> };
}
