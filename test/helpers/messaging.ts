import type { Scenario } from '../../src/domain/scenario.js';
import { formatDateTime } from '../../src/domain/wall-time.js';
import { loadScenario } from '../../src/store/scenarios.js';
import { postForm, postJson, request, type Answer } from './mock.js';

/** The default scenario, changed for one test (delivery settings, apps, words…). */
export function scenarioWith(change: (s: Scenario) => void): Scenario {
  const scenario = loadScenario('default');
  change(scenario);
  return scenario;
}

/** Every channel attempt takes exactly this long, so tests can stand between two deliveries. */
export const SLOW = (seconds = 60) => scenarioWith((s) => (s.delivery = { ...s.delivery, latencyMs: { min: seconds * 1000, max: seconds * 1000 } }));

export const receivers = (...userIds: string[]) => JSON.stringify(userIds.map((userId) => ({ type: 'User', userId })));

/** A valid 5.3.1 request: Portal notice to 张三, with any field replaced or removed (undefined). */
export function sendParams(token: string, overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const params: Record<string, string | undefined> = {
    token,
    msgtitle: '关于期末考试安排的通知',
    msgType: '1',
    msgContent: '请各位同学按时参加期末考试。',
    sendStatus: '1',
    sendChannel: 'Portal',
    sendMode: 'normal',
    receivers: receivers('20230001'),
    ...overrides,
  };
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as Record<string, string>;
}

export function send(base: string, token: string, overrides: Record<string, string | undefined> = {}): Promise<Answer> {
  return postForm(`${base}/message/sendMessageApi`, sendParams(token, overrides));
}

/** Sends and returns the msgId, failing loudly if the send was refused. */
export async function sent(base: string, token: string, overrides: Record<string, string | undefined> = {}): Promise<string> {
  const res = await send(base, token, overrides);
  if (res.json?.rspCode !== '000000') throw new Error(`send refused: ${res.text}`);
  return res.json.resultData.msgId;
}

export function progressOf(base: string, token: string, msgId: string): Promise<Answer> {
  return postForm(`${base}/message/getProgress`, { token, msgId });
}

export async function advance(base: string, seconds: number): Promise<void> {
  const res = await postJson(`${base}/__umc/clock`, { advanceSeconds: seconds });
  if (res.status !== 200) throw new Error(`clock refused: ${res.text}`);
}

/** China time `minutes` ahead of the platform clock, as an integrator would write sendTime. */
export async function chinaTimeIn(base: string, minutes: number): Promise<string> {
  const clock = await request(`${base}/__umc/clock`);
  return formatDateTime(clock.json.epochMs + minutes * 60_000);
}

export function userCount(base: string, token: string, account: string, type?: string): Promise<Answer> {
  return postForm(`${base}/api/message/user/count`, type ? { token, account, type } : { token, account });
}

export function userList(base: string, token: string, account: string, extra: Record<string, string> = {}): Promise<Answer> {
  return postForm(`${base}/api/message/user/list`, { token, account, page: '1', size: '100', ...extra });
}

export function readMessage(base: string, userId: string, msgId: string): Promise<Answer> {
  return postJson(`${base}/__umc/users/${userId}/read`, { msgId });
}

export function replyTo(base: string, userId: string, msgId: string, content: string): Promise<Answer> {
  return postJson(`${base}/__umc/users/${userId}/replies`, { msgId, content });
}

export const OTHER_APP = { appId: 'MSG200001', appPassword: 'OGYxNGU0NWZjZWVhMTY3YTVhMzZkZWRkNGJlYTI1NDM' };
