import { ControlClient, ControlPlaneError } from '../client/control-client.js';
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

/**
 * A control call from the command line (`umc-mock app …`) against a running mock, through the same
 * ControlClient integrators use: a mock that is not there, or a refusal (`failed`, then the HTTP
 * status and the mock's own message), becomes the command's error.
 */
export async function withControl<T>(baseUrl: string, adminToken: string | undefined, failed: string, call: (client: ControlClient) => Promise<T>): Promise<T> {
  try {
    return await call(new ControlClient(baseUrl, { adminToken: adminToken || undefined }));
  } catch (err) {
    if (!(err instanceof ControlPlaneError)) throw err;
    if (err.status === 0) throw new Error(`无法连接模拟器：${baseUrl}（先用 umc-mock 启动它）`);
    throw new Error(`${failed}（HTTP ${err.status}）：${err.detail}`);
  }
}
