import type { Server } from 'node:http';
import { createMock } from '../../src/create-mock.js';
import type { MockCore } from '../../src/mock/core.js';
import type { EventBus } from '../../src/mock/events.js';
import type { Platform } from '../../src/domain/platform.js';
import type { Scenario } from '../../src/domain/scenario.js';
import type { LogLevel } from '../../src/mock-options.js';
import { loadScenario } from '../../src/store/scenarios.js';
import type { DeploymentChoices } from '../../src/spec/deployment-choices.js';

export const DEMO_APP = { appId: 'MSG123456', appPassword: 'MTIzNDU2Nzg5MGFiY2RlZjEyMzQ1Njc4OTBhYmNkZWY' };

export interface TestMock {
  url: string;
  platform: Platform;
  /** The transport-free core behind the server. */
  core: MockCore;
  /** The control plane's event bus (what the dev inbox and /__umc/wait listen to). */
  events: EventBus;
  /** The HTTP server (its connections: `getConnections`). */
  server: Server;
  close(): Promise<void>;
}

export interface TestMockOptions {
  scenario?: Scenario;
  /** 1 unless given: ids repeat from run to run. */
  seed?: number;
  /** Log lines at this level into `stream` (none unless given). */
  logger?: { level: LogLevel; stream: { write(line: string): unknown } };
  journalSize?: number;
  adminToken?: string;
  requestTimeoutMs?: number;
  writeTimeoutMs?: number;
  profile?: DeploymentChoices;
}

/** A real mock server on 127.0.0.1, port 0, as a client would meet it: built by createMock, as the CLI builds it. */
export async function startTestMock(t: { teardown(fn: () => unknown): void }, options: TestMockOptions = {}): Promise<TestMock> {
  const mock = await createMock({
    port: 0,
    scenario: options.scenario ?? loadScenario('default'),
    seed: options.seed ?? 1,
    logLevel: options.logger?.level ?? 'silent',
    logStream: options.logger?.stream,
    journalSize: options.journalSize,
    adminToken: options.adminToken,
    requestTimeoutMs: options.requestTimeoutMs,
    writeTimeoutMs: options.writeTimeoutMs,
    profile: options.profile,
  });
  const url = await mock.listen();
  const close = () => mock.close();
  t.teardown(close);
  return { url, platform: mock.platform, core: mock.core, events: mock.core.events, server: mock.app.server, close };
}

export interface Answer {
  status: number;
  contentType: string | null;
  text: string;
  json: any;
}

async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, contentType: res.headers.get('content-type'), text, json };
}

/** POST a hand-built (or URLSearchParams) form body. */
export async function postForm(url: string, body: string | Record<string, string>): Promise<Answer> {
  const text = typeof body === 'string' ? body : new URLSearchParams(body).toString();
  return answer(await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: text }));
}

export async function postJson(url: string, body: unknown): Promise<Answer> {
  return answer(await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }));
}

export async function request(url: string, init?: RequestInit): Promise<Answer> {
  return answer(await fetch(url, init));
}

/** Every item of a control-plane listing (`key`: messages, users…), its pages (1 MiB each) followed by nextOffset. */
export async function allPages<T = any>(url: string, key: string): Promise<T[]> {
  const items: T[] = [];
  let next: number | undefined;
  do {
    const res = await request(next === undefined ? url : `${url}${url.includes('?') ? '&' : '?'}offset=${next}`);
    if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status} ${res.text}`);
    items.push(...res.json[key]);
    next = res.json.nextOffset;
  } while (next !== undefined);
  return items;
}

export async function getToken(base: string, app = DEMO_APP): Promise<string> {
  const res = await request(`${base}/msg/getThirdAPIToken?appId=${app.appId}&appPassword=${app.appPassword}`);
  if (res.json?.rspCode !== '000000') throw new Error(`token failed: ${res.text}`);
  return res.json.resultData.token;
}

/** The journal's detail of the latest API call: what exactly was wrong, kept out of rspMsg. */
export async function lastDetail(base: string): Promise<string | undefined> {
  return (await request(`${base}/__umc/requests?limit=1`)).json.requests[0]?.detail;
}
