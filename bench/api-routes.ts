/**
 * The API calls the speed benches load (throughput, instructions), and the state that makes each
 * a real answer: a token, sends to 20230001 (so user/list answers a full page) and the msgId
 * getProgress asks about. Shared, so that every bench measures the same four requests.
 */
export const APP = { appId: 'MSG123456', appPassword: 'MTIzNDU2Nzg5MGFiY2RlZjEyMzQ1Njc4OTBhYmNkZWY' };

export interface Route {
  id: '5.1.1' | '5.3.1' | '5.2.4' | '5.2.6';
  name: string;
  method: 'GET' | 'POST';
  path: (token: string) => string;
  body?: (token: string, msgId: string) => string;
}

export const ROUTES: Route[] = [
  { id: '5.1.1', name: 'getThirdAPIToken (GET)', method: 'GET', path: () => `/msg/getThirdAPIToken?appId=${APP.appId}&appPassword=${APP.appPassword}` },
  {
    id: '5.3.1',
    name: 'sendMessageApi (form POST, 2 receivers)',
    method: 'POST',
    path: () => '/message/sendMessageApi',
    body: (token) =>
      new URLSearchParams({
        token,
        msgtitle: '关于期末考试安排的通知',
        msgType: '1',
        msgContent: '请各位同学于本周五前登录教务系统确认考试时间与考场。',
        sendStatus: '1',
        sendChannel: 'Portal,Mail',
        sendMode: 'normal',
        receivers: JSON.stringify([
          { type: 'User', userId: '20230001', name: '张三' },
          { type: 'User', userId: '20230002', name: '李四' },
        ]),
      }).toString(),
  },
  { id: '5.2.4', name: 'getProgress (form POST)', method: 'POST', path: () => '/message/getProgress', body: (token, msgId) => new URLSearchParams({ token, msgId }).toString() },
  { id: '5.2.6', name: 'user/list (form POST, page 1 of 20)', method: 'POST', path: () => '/api/message/user/list', body: (token) => new URLSearchParams({ token, account: '20230001', page: '1', size: '20' }).toString() },
];

/** What a server is called with for a route: its URL, method, and a form body where the route has one (autocannon's and fetch's options alike). */
export function requestOf(baseUrl: string, route: Route, token: string, msgId: string): { url: string; method: 'GET' | 'POST'; headers?: Record<string, string>; body?: string } {
  return {
    url: `${baseUrl}${route.path(token)}`,
    method: route.method,
    ...(route.body ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: route.body(token, msgId) } : {}),
  };
}

export async function tokenAt(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}${ROUTES[0]!.path('')}`);
  const json = (await res.json()) as { resultData?: { token?: string } };
  return json.resultData?.token ?? 'no-token';
}

/**
 * One real answer per route (a benchmark of error answers would measure nothing); the msgId the
 * first send answered when `msgId` is not known yet, else `msgId`.
 */
export async function checkAnswers(name: string, baseUrl: string, token: string, msgId: string | undefined): Promise<string> {
  let known = msgId;
  for (const route of ROUTES) {
    const { url, ...init } = requestOf(baseUrl, route, token, known ?? '');
    const res = await fetch(url, init);
    const text = await res.text();
    if (route.id === '5.3.1' && known === undefined) known = /"msgId":"([^"]+)"/.exec(text)?.[1] ?? '';
    if (res.status !== 200 || !text.includes('"rspCode":"000000"')) throw new Error(`${name} ${route.id}: unexpected answer ${res.status} ${text.slice(0, 300)}`);
  }
  return known ?? '';
}

/**
 * A mock back at its scenario (POST /__umc/reset), then given a fresh token, 25 sends to 20230001
 * and the msgId 5.2.4 asks about: every measurement starts from the same state.
 */
export async function freshState(name: string, baseUrl: string): Promise<{ token: string; msgId: string }> {
  const res = await fetch(`${baseUrl}/__umc/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({}) });
  if (!res.ok) throw new Error(`${name}: reset answered ${res.status} ${await res.text()}`);
  const token = await tokenAt(baseUrl);
  let msgId: string | undefined;
  for (let i = 0; i < 25; i++) msgId = await checkAnswers(name, baseUrl, token, msgId);
  return { token, msgId: msgId ?? '' };
}
