// umc-kit's public entry: startMock() in-process and the typed control-plane client, over HTTP.
import t from 'tap';
import { ControlClient, ControlPlaneError, startMock } from 'umc-kit';
import { DEMO_APP, getToken, postForm } from '../helpers/mock.js';

t.test('startMock listens on 127.0.0.1, a free port, and close() stops it', async (t) => {
  const mock = await startMock({ seed: 7 });
  t.match(mock.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  t.not(new URL(mock.url).port, '8010');
  const health = (await (await fetch(`${mock.url}/__umc/health`)).json()) as { status: string; scenario: string };
  t.equal(health.status, 'UP');
  await mock.close();
  await t.rejects(fetch(`${mock.url}/__umc/health`));
});

t.test('options are checked by the CLI flags\' rules, with a Chinese message', async (t) => {
  await t.rejects(startMock({ port: 70000 }), { message: /--port 必须是0到65535的整数/ });
  await t.rejects(startMock({ seed: -1 }), { message: /--seed/ });
  await t.rejects(startMock({ adminToken: 'short' }), { message: /至少8个字符/ });
  await t.rejects(startMock({ scenario: 'no-such-scenario' }), { message: /场景不存在/ });
});

t.test('scenario and seed: the same seed gives the same token', async (t) => {
  const tokens: string[] = [];
  for (let i = 0; i < 2; i++) {
    const mock = await startMock({ seed: 42, scenario: 'sms-quota-exhausted' });
    t.teardown(() => mock.close());
    tokens.push(await getToken(mock.url));
    t.equal((await mock.reset()).scenario, 'sms-quota-exhausted');
  }
  t.equal(tokens[0], tokens[1]);
});

t.test('clock: get, advance, set', async (t) => {
  const mock = await startMock();
  t.teardown(() => mock.close());
  const before = await mock.clock.get();
  const later = await mock.clock.advance(7201);
  t.ok(later.epochMs - before.epochMs >= 7201_000);
  t.equal((await mock.clock.set('2030-01-02 08:00:00')).chinaTime, '2030-01-02 08:00:00');
  t.equal((await mock.clock.set(new Date('2031-01-01T00:00:00Z'))).chinaTime, '2031-01-01 08:00:00');
  const refused = await mock.clock.advance(-1).catch((err: unknown) => err);
  t.type(refused, ControlPlaneError);
  t.match(refused, { status: 400, detail: /advanceSeconds/ });
});

t.test('faults: add, list, remove, clear; a fault answers the API call', async (t) => {
  const mock = await startMock();
  t.teardown(() => mock.close());
  const rule = await mock.faults.add({ operationId: 'getThirdAPITokenByGet', rspCode: '500002', times: 1 });
  t.match(rule, { operationId: 'getThirdAPITokenByGet', action: { type: 'rspCode' }, remaining: 1 });
  t.same((await mock.faults.list()).map((f) => f.id), [rule.id]);
  const answer = (await (await fetch(`${mock.url}/msg/getThirdAPIToken?appId=${DEMO_APP.appId}&appPassword=${DEMO_APP.appPassword}`)).json()) as { rspCode: string };
  t.equal(answer.rspCode, '500002');
  const second = await mock.faults.add({ operationId: '*', latencyMs: 1 });
  t.same(await mock.faults.remove(second.id), { removed: second.id });
  await mock.faults.add({ operationId: '*', latencyMs: 1 });
  t.equal((await mock.faults.clear()).cleared, 1);
  t.same(await mock.faults.list(), []);
  await t.rejects(mock.faults.add({ operationId: 'noSuchOperation', rspCode: '1' }), { status: 400, message: /operationId不存在/ });
});

t.test('wait, messages and journal see what the API received', async (t) => {
  const mock = await startMock({ seed: 3 });
  t.teardown(() => mock.close());
  const token = await getToken(mock.url);
  const sent = await postForm(`${mock.url}/message/sendMessageApi`, { token, msgtitle: '通知', msgType: '1', msgContent: '内容', sendStatus: '1', sendChannel: 'Portal', sendMode: 'normal', receivers: '[{"userId":"20230001"}]' });
  const msgId = sent.json.resultData.msgId as string;
  const arrived = await mock.wait({ userId: '20230001', channel: 'Portal', timeoutMs: 5000 });
  t.match(arrived, { arrived: true, kind: 'message', id: msgId, channel: 'Portal' });
  const late = await mock.wait({ userId: '20230001', channel: 'Portal', since: arrived.deliveredAtMs, timeoutMs: 50 }).catch((err: unknown) => err);
  t.match(late, { name: 'ControlPlaneError', status: 408, message: /等待超时/ });
  const list = await mock.messages({ userId: '20230001', channel: 'Portal' });
  t.equal(list.total, 1);
  t.equal(list.messages[0]!.msgId, msgId);
  t.equal(list.messages[0]!.recipients[0]!.status, 'delivered');
  const journal = await mock.journal({ operationId: 'sendMessageApi' });
  t.same(journal.requests.map((r) => [r.operationId, r.rspCode, r.params.token]), [['sendMessageApi', '000000', '***']]);
  t.equal((await mock.journal({ afterId: journal.requests[0]!.id })).total, 0, 'afterId: nothing newer');
  await t.rejects(mock.messages({ state: '9' as '0' }), { status: 400, message: /state/ });
});

t.test('with an admin token: the started mock sends it, a client without it is refused', async (t) => {
  const adminToken = 'secret-admin-token-123';
  const mock = await startMock({ adminToken });
  t.teardown(() => mock.close());
  t.equal((await mock.reset()).reset, true);
  const stranger = new ControlClient(mock.url);
  const refused = await stranger.reset().catch((err: unknown) => err as Error);
  t.match(refused, { status: 401, message: /管理令牌/ });
  t.notMatch(String((refused as Error).message), adminToken, 'the token is never in an error');
  t.equal((await new ControlClient(`${mock.url}/`, { adminToken }).clock.get()).offsetSeconds, 0, 'a trailing slash in the URL is fine');
});

t.test('ControlClient against a mock that is not there says so', async (t) => {
  const mock = await startMock();
  const url = mock.url;
  await mock.close();
  await t.rejects(new ControlClient(url).reset(), { name: 'ControlPlaneError', status: 0, message: /无法连接/ });
});

t.test('a second start in one process reuses the loaded spec', async (t) => {
  const { loadSpec } = await import('../../src/spec/load.js');
  const spec = loadSpec();
  const mock = await startMock();
  t.teardown(() => mock.close());
  t.equal(loadSpec(), spec, 'the same object: openapi.yaml is not read again');
});
