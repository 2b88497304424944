import { isLoopback } from '../mock/control-guard.js';
import { MOCK_DEFAULTS } from '../mock-options.js';

/**
 * Where the mock is, from the environment: one variable for the mock and every command that talks
 * to it. `UMC_URL` is the mock's address (`http://127.0.0.1:18710`), `UMC_PORT` its port on this
 * machine. A flag given explicitly (--url, --base-url, --port) always wins over both.
 */

/** The mock's port when nothing says otherwise. */
export const DEFAULT_PORT = MOCK_DEFAULTS.port;

type Env = Record<string, string | undefined>;

/** A value from the environment, and the name to blame when it is wrong. */
export interface FromEnv {
  value: string;
  from: string;
}

function set(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/**
 * The address of a running mock for the commands that talk to one (`umc-mock app …`,
 * `umc-mock export postman`): UMC_URL, else 127.0.0.1 on UMC_PORT, else http://127.0.0.1:8010.
 */
export function mockUrlFromEnv(env: Env = process.env): FromEnv {
  const url = set(env, 'UMC_URL');
  if (url !== undefined) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.search || parsed.hash) throw new Error(`环境变量 UMC_URL 必须是http或https地址（不带查询参数）：${url}`);
    return { value: url.replace(/\/+$/, ''), from: 'UMC_URL' };
  }
  const port = set(env, 'UMC_PORT');
  if (port !== undefined) {
    if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) throw new Error(`环境变量 UMC_PORT 必须是1到65535的整数：${port}`);
    return { value: `http://127.0.0.1:${Number(port)}`, from: 'UMC_PORT' };
  }
  return { value: `http://127.0.0.1:${DEFAULT_PORT}`, from: '默认值' };
}

/**
 * The port umc-mock listens on when --port is not given: UMC_PORT, else the port of UMC_URL when
 * that names this machine over http (localhost, 127.x.x.x, [::1]), else 8010. A UMC_URL of
 * another machine (say, the real platform's address, kept in the same shell) is not the mock's
 * and is left alone; the listen address is --host's either way.
 */
export function listenPortFromEnv(env: Env = process.env): FromEnv {
  const port = set(env, 'UMC_PORT');
  if (port !== undefined) return { value: port, from: '环境变量 UMC_PORT' };
  const url = set(env, 'UMC_URL');
  if (url !== undefined && URL.canParse(url)) {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' && isLoopback(parsed.hostname.replace(/^\[(.*)\]$/, '$1'))) return { value: parsed.port || '80', from: `环境变量 UMC_URL（${url}）的端口` };
  }
  return { value: String(DEFAULT_PORT), from: '--port' };
}
