// UmcClient over HTTP: against the mock (every operation, the token's life, errors, secrets,
// waitForDelivery) and against the independent platform of test/helpers, which is not ours.
import t from 'tap';
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { ControlClient, startMock } from 'umc-kit';
import { API_OPERATIONS, UmcApiError, UmcClient, UmcTimeoutError, UmcTransportError, isUmcApiError } from 'umc-kit/client';
import { loadScenario } from '../src/store/scenarios.js';
import { startIndependentPlatform } from './helpers/independent-platform.js';
import { DEMO_APP, startTestMock } from './helpers/mock.js';
import { ACCOUNTS, TEMPLATES } from './helpers/wechat.js';

const NOTICE = { msgtitle: '选课提醒', msgType: '1', msgContent: '请于周五前完成选课', sendStatus: '1', sendChannel: 'Portal', sendMode: 'normal' } as const;
const TO_ZHANG = [{ type: 'User', userId: '20230001', name: '张三' }] as const;

interface Sent {
  method: string;
  url: string;
  contentType: string | undefined;
  body: string | undefined;
}

/** A fetch that keeps what the client sent, then sends it. */
function recording(): { sent: Sent[]; fetch: typeof fetch } {
  const sent: Sent[] = [];
  return {
    sent,
    fetch: (input, init) => {
      const headers = (init?.headers ?? {}) as Record<string, string>;
      sent.push({ method: init?.method ?? 'GET', url: String(input), contentType: headers['content-type'], body: init?.body as string | undefined });
      return fetch(input, init);
    },
  };
}

/** How many tokens the mock issued (5.1.1 POST, as the client asks). */
async function tokensIssued(control: ControlClient): Promise<number> {
  return (await control.journal({ operationId: 'getThirdAPIToken' })).total;
}

t.test('one method per operation, each answered by the mock, its parameters where the document puts them', async (t) => {
  const mock = await startTestMock(t, { seed: 11 });
  const control = new ControlClient(mock.url);
  const { sent, fetch } = recording();
  const umc = new UmcClient({ baseUrl: `${mock.url}/`, ...DEMO_APP, fetch });

  t.match(await umc.getThirdAPIToken(), { token: /^[0-9a-f-]{36}$/ });
  t.match(await umc.getThirdAPITokenByGet(), { token: /^[0-9a-f-]{36}$/ });
  const accounts = await umc.getPublicList();
  t.ok(accounts.some((a) => a.publicId === ACCOUNTS.main));
  const templates = await umc.getTemplateList({ publicId: ACCOUNTS.main });
  t.ok(templates.some((tpl) => tpl.template_id === TEMPLATES.approval));
  const todo = await umc.sendMessageApi({ ...NOTICE, msgtitle: '请审批', sendMsgType: '4', waitLink: 'https://oa.example.edu.cn/todo/1', isReply: '1', receivers: [...TO_ZHANG, { userId: '20230003' }] });
  t.equal(todo.noSubscribeStatus, '0');
  const progress = await umc.waitForDelivery(todo.msgId, { timeoutMs: 10_000 });
  t.match(progress, { total: 2, state: '1' });
  await control.users.reply('20230001', { msgId: todo.msgId, content: '已阅' });
  t.match(await umc.replyMessage({ count: 10 }), [{ msgId: todo.msgId, user: '20230001', content: '已阅' }]);
  t.same(await umc.replyMessage(), [], 'the platform deleted what it returned');
  t.equal(await umc.checkMessageStatusApi({ msgId: todo.msgId, state: '2' }), null);
  t.match(await umc.getUserMessageCount({ account: '20230001', type: '4' }), { checked: 1, todo: 0 });
  t.match(await umc.getUserMessageList({ account: '20230001', page: 1, size: 10 }), { total: 1, msglist: [{ id: todo.msgId, state: '3' }] });
  t.match(await umc.sendMessageBySMSApi({ msgContent: '〖教务处〗报名已受理', receivers: [{ name: '李四', mobile: '13912345678' }] }), { msgId: String });
  const template = await umc.sendTemplateApi({
    userId: '20230001',
    publicId: ACCOUNTS.main,
    messageType: '1',
    templateId: TEMPLATES.approval,
    url: 'https://www.vanytech.com',
    data: { keyword1: { value: 'OA办公系统' }, keyword2: { value: '办公用品申领' }, keyword3: { value: '记事本' }, keyword4: { value: '肖贾' }, keyword5: { value: '领导审批' } },
  });
  t.match(template, { messageId: String, status: '0' });
  t.equal(await umc.cardMessage({ userList: '20230001|20230002', title: '通知', description: '<div class="normal">恭喜</div>', url: 'https://example.edu.cn' }), null);

  const answered = (await control.journal({ limit: 100 })).requests;
  t.same(answered.filter((r) => r.rspCode !== '000000' && r.rspCode !== '1'), [], 'every call succeeded');
  t.same(new Set(answered.map((r) => r.operationId)).size, Object.keys(API_OPERATIONS).length, 'every operation was called');
  t.equal(answered.filter((r) => r.operationId === 'getThirdAPIToken').length, 2, 'getThirdAPIToken() itself, and the one token the calls shared');

  const byPath = (path: string) => sent.find((s) => new URL(s.url).pathname === path)!;
  const token = byPath('/msg/getThirdAPIToken');
  t.match(token, { method: 'POST', body: undefined, contentType: undefined }, '5.1.1: POST, URL传参, no content-type');
  t.same([...new URL(token.url).searchParams.keys()], ['appId', 'appPassword']);
  const list = byPath('/message/getTemplateList');
  t.match(list, { method: 'POST', body: undefined }, '5.2.2: URL传参');
  t.same([...new URL(list.url).searchParams.keys()], ['token', 'publicId']);
  const send = byPath('/message/sendMessageApi');
  t.match(send, { contentType: 'application/x-www-form-urlencoded;charset=UTF-8' });
  t.equal(new URL(send.url).search, '', 'a form operation sends nothing in the URL');
  t.equal(new URLSearchParams(send.body).get('receivers'), '[{"type":"User","userId":"20230001","name":"张三"},{"userId":"20230003"}]', 'receivers as JSON text');
  t.equal(new URLSearchParams(byPath('/message/replyMessage').body).get('count'), '10', 'a number as its digits');
  t.match(byPath('/message/sendTemplateApi'), { contentType: 'application/json;charset=UTF-8' });
  t.match(JSON.parse(byPath('/message/cardMessage').body!), { token: String, userList: '20230001|20230002' });
});

t.test('the token is fetched once and reused', async (t) => {
  const mock = await startTestMock(t);
  const control = new ControlClient(mock.url);
  const umc = new UmcClient({ baseUrl: mock.url, ...DEMO_APP });
  const { msgId } = await umc.sendMessageApi({ ...NOTICE, receivers: [...TO_ZHANG] });
  for (let i = 0; i < 5; i++) await umc.getProgress({ msgId });
  await umc.getPublicList();
  t.equal(await tokensIssued(control), 1);
});

t.test('calls made at once share one token fetch', async (t) => {
  const mock = await startTestMock(t);
  const control = new ControlClient(mock.url);
  const umc = new UmcClient({ baseUrl: mock.url, ...DEMO_APP });
  const sends = await Promise.all(Array.from({ length: 10 }, (_, i) => umc.sendMessageApi({ ...NOTICE, msgtitle: `通知${i}`, receivers: [...TO_ZHANG] })));
  t.equal(new Set(sends.map((s) => s.msgId)).size, 10);
  t.equal(await tokensIssued(control), 1, 'ten calls, one 5.1.1');
});

t.test("the mock's clock decides when the token expires: one 5.1.1 before the expiry, one after", async (t) => {
  const mock = await startMock({ seed: 4 });
  t.teardown(() => mock.close());
  const umc = new UmcClient({ baseUrl: mock.url, ...DEMO_APP, now: () => mock.now() });
  const { msgId } = await umc.sendMessageApi({ ...NOTICE, receivers: [...TO_ZHANG] });
  await mock.clock.advance(7000);
  await umc.getProgress({ msgId });
  t.equal(await tokensIssued(mock), 1, 'at 7000 s the token is still used');
  await mock.clock.advance(200);
  t.match(await umc.getProgress({ msgId }), { state: '1' });
  t.equal(await tokensIssued(mock), 2, 'past 7200 s a new one');
  const journal = await mock.journal({});
  t.same(journal.requests.filter((r) => r.rspCode === '500003'), [], 'renewed before the platform refused it: no 500003 on the way');
  const [second, first] = journal.requests.filter((r) => r.operationId === 'getThirdAPIToken');
  t.ok(Date.parse(second!.time) - Date.parse(first!.time) >= 7_200_000, 'the two fetches are 7200 s apart on the platform clock');
});

t.test('on 500003: one new token and one more try; a second 500003 is thrown, not looped on', async (t) => {
  const mock = await startTestMock(t);
  const control = new ControlClient(mock.url);
  const umc = new UmcClient({ baseUrl: mock.url, ...DEMO_APP });
  const { msgId } = await umc.sendMessageApi({ ...NOTICE, receivers: [...TO_ZHANG] });

  await control.faults.add({ operationId: 'getProgress', rspCode: '500003', times: 1 });
  t.match(await umc.getProgress({ msgId }), { total: 1 }, 'the second try succeeds');
  t.equal(await tokensIssued(control), 2);

  await control.faults.add({ operationId: 'getProgress', rspCode: '500003', times: 5 });
  const refused = await umc.getProgress({ msgId }).catch((err: unknown) => err);
  t.type(refused, UmcApiError);
  t.match(refused, { rspCode: '500003', operationId: 'getProgress' });
  t.equal(await tokensIssued(control), 3, 'one more token, then the error');
  t.equal((await control.faults.list())[0]!.remaining, 3, 'two tries, no more');
  await control.faults.clear();

  // A reset forgets every token: five calls in flight, each refused, share one new token.
  await control.reset();
  const again = await Promise.all(Array.from({ length: 5 }, () => umc.getPublicList()));
  t.equal(again.length, 5);
  t.equal(await tokensIssued(control), 1, 'after the reset, one 5.1.1 for the five calls');
  t.equal((await control.journal({ rspCode: '500003' })).total, 5);
});

t.test('UmcApiError: rspCode, rspMsg, operationId, section, whether the code is documented', async (t) => {
  const mock = await startTestMock(t);
  const control = new ControlClient(mock.url);
  const umc = new UmcClient({ baseUrl: mock.url, ...DEMO_APP });
  const unknown = await umc.getProgress({ msgId: 'no-such-message' }).catch((err: unknown) => err);
  t.ok(isUmcApiError(unknown, 'getProgress'));
  t.notOk(isUmcApiError(unknown, 'sendMessageApi'));
  t.match(unknown, { name: 'UmcApiError', operationId: 'getProgress', section: '5.2.4', rspCode: '500005', rspMsg: '无效的 msgId 参数', documented: true });
  t.equal((unknown as Error).message, '统一消息中心5.2.4 getProgress返回500005：无效的 msgId 参数');

  await control.faults.add({ operationId: 'getPublicList', rspCode: '500015', times: 1 });
  t.match(await umc.getPublicList().catch((err: unknown) => err), { rspCode: '500015', documented: false }, 'a code openapi.yaml does not list for it');

  const invalid = await umc.sendMessageApi({ ...NOTICE, msgtitle: '长'.repeat(101), receivers: [...TO_ZHANG] }).catch((err: unknown) => err);
  t.match(invalid, { rspCode: '500001', rspMsg: 'msgtitle长度不能超过100' });

  const stranger = new UmcClient({ baseUrl: mock.url, appId: DEMO_APP.appId, appPassword: 'wrong-password' });
  t.match(await stranger.getPublicList().catch((err: unknown) => err), { name: 'UmcApiError', operationId: 'getThirdAPIToken', section: '5.1.1', rspCode: '500002' }, 'the token fetch refused names 5.1.1');

  t.match(await umc.sendMessageBySMSApi({ msgContent: '提醒', receivers: [{ mobile: '13912345678' }] }), { msgId: String }, 'success of 5.3.2 is "1", not an error');
});

t.test('no envelope: an HTTP status, a dropped connection, a mock that is not there', async (t) => {
  const mock = await startTestMock(t);
  const control = new ControlClient(mock.url);
  const umc = new UmcClient({ baseUrl: mock.url, ...DEMO_APP });
  await control.faults.add({ operationId: 'getPublicList', httpStatus: 502, times: 1 });
  t.match(await umc.getPublicList().catch((err: unknown) => err), { name: 'UmcTransportError', operationId: 'getPublicList', httpStatus: 502, message: /返回HTTP 502/ });
  await control.faults.add({ operationId: 'getPublicList', malformed: true, times: 1 });
  t.match(await umc.getPublicList().catch((err: unknown) => err), { httpStatus: 200, message: /应答不是JSON/ });
  await control.faults.add({ operationId: 'getPublicList', drop: true, times: 1 });
  t.match(await umc.getPublicList().catch((err: unknown) => err), { httpStatus: 0, message: /无法连接/ });
  await mock.close();
  const gone = await umc.getPublicList().catch((err: unknown) => err);
  t.type(gone, UmcTransportError);
  t.match(gone, { httpStatus: 0, message: /无法连接http:\/\/127\.0\.0\.1:\d+（.*ECONNREFUSED/ });
});

t.test('the appPassword goes to 5.1.1 only, and never into an error, its stack or the log', async (t) => {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk, _encoding, done) => void (lines.push(String(chunk)), done()) });
  const mock = await startTestMock(t, { logger: { level: 'info', stream } });
  const control = new ControlClient(mock.url);
  const password = DEMO_APP.appPassword;
  const { sent, fetch } = recording();
  const umc = new UmcClient({ baseUrl: mock.url, ...DEMO_APP, fetch });
  const { msgId } = await umc.sendMessageApi({ ...NOTICE, receivers: [...TO_ZHANG] });
  await umc.getProgress({ msgId });
  t.same(sent.filter((s) => `${s.url}${s.body ?? ''}`.includes(password)).map((s) => new URL(s.url).pathname), ['/msg/getThirdAPIToken']);

  // A platform that echoes the password in its rspMsg, and a gateway whose page does.
  const errors: unknown[] = [];
  await control.faults.add({ operationId: 'getThirdAPIToken', rspCode: '500002', rspMsg: `appPassword=${password}不正确`, times: 1 });
  errors.push(await new UmcClient({ baseUrl: mock.url, ...DEMO_APP }).getPublicList().catch((err: unknown) => err));
  await control.faults.add({ operationId: 'getThirdAPIToken', rspCode: '999999', rspMsg: `appPassword=${encodeURIComponent(password)}`, times: 1 });
  errors.push(await umc.getThirdAPIToken().catch((err: unknown) => err));
  await control.faults.add({ operationId: 'getThirdAPITokenByGet', drop: true, times: 1 });
  errors.push(await umc.getThirdAPITokenByGet().catch((err: unknown) => err));
  // fetch's own errors, whose cause names the URL (5.1.1's holds the password).
  const failingFetch: typeof globalThis.fetch = async (input) => {
    throw new TypeError(`fetch failed for ${String(input)}`, { cause: new Error(`refused ${String(input)}`) });
  };
  errors.push(await new UmcClient({ baseUrl: mock.url, ...DEMO_APP, fetch: failingFetch }).getPublicList().catch((err: unknown) => err));

  t.equal(errors.filter((e) => e instanceof UmcApiError || e instanceof UmcTransportError).length, 4);
  t.match(errors[0], { rspMsg: 'appPassword=***不正确' }, 'masked where it stood');
  for (const err of errors) {
    const shown = [String(err), (err as Error).stack, inspect(err, { depth: 5 }), JSON.stringify(err)].join('\n');
    t.notOk(shown.includes(password) || shown.includes(encodeURIComponent(password)), (err as Error).message);
  }
  t.notOk(inspect(umc, { depth: 5 }).includes(password), 'nor in the client as inspected');
  t.ok(lines.length > 5, 'the mock logged every request');
  t.notOk(lines.join('').includes(password), "nor in the mock's log");
});

t.test('waitForDelivery: resolves when 5.2.4 says sent, backs off between calls, and times out', async (t) => {
  const mock = await startTestMock(t);
  const umc = new UmcClient({ baseUrl: mock.url, ...DEMO_APP });
  const { msgId } = await umc.sendMessageApi({ ...NOTICE, sendChannel: 'SMS,Portal', receivers: [...TO_ZHANG, { userId: '20230003' }] });
  const done = await umc.waitForDelivery(msgId, { timeoutMs: 10_000, intervalMs: 50 });
  t.match(done, { state: '1', total: 2, successCount: 1, failCount: 1, failUserList: [{ user: '20230003', cause: '短信发送失败！未绑定手机号！' }] });

  // slow-delivery: 30 s in the queue, so 5.2.4 says "0" for the whole wait.
  const slow = await startTestMock(t, { scenario: loadScenario('slow-delivery') });
  const control = new ControlClient(slow.url);
  const late = new UmcClient({ baseUrl: slow.url, ...DEMO_APP });
  const queued = await late.sendMessageApi({ ...NOTICE, receivers: [...TO_ZHANG] });
  const started = Date.now();
  const timedOut = await late.waitForDelivery(queued.msgId, { timeoutMs: 1000, intervalMs: 100, maxIntervalMs: 400 }).catch((err: unknown) => err);
  t.type(timedOut, UmcTimeoutError);
  t.match(timedOut, { msgId: queued.msgId, timeoutMs: 1000, progress: { state: '0' }, message: /1000毫秒后5\.2\.4的state仍为0/ });
  t.ok(Date.now() - started >= 1000, 'it waited the whole time');
  const polls = (await control.journal({ operationId: 'getProgress' })).total;
  t.ok(polls >= 2 && polls <= 7, `${polls} calls to 5.2.4 in 1 s: pauses of 100, 200, 400, 400 ms, not every 100 ms`);
});

t.test('the options are checked, without showing the appPassword', async (t) => {
  t.throws(() => new UmcClient({ baseUrl: 'ftp://x', ...DEMO_APP }), { name: 'TypeError', message: /baseUrl必须是http或https地址/ });
  t.throws(() => new UmcClient({ baseUrl: 'http://x/?a=1', ...DEMO_APP }), { message: /不带查询参数/ });
  t.throws(() => new UmcClient({ baseUrl: 'http://x', appId: '', appPassword: 'p' }), { message: 'appId不能为空' });
  t.throws(() => new UmcClient({ baseUrl: 'http://x', appId: 'MSG1', appPassword: '' }), { message: 'appPassword不能为空' });
  t.equal(new UmcClient({ baseUrl: 'https://umc.example.edu.cn/umc/', ...DEMO_APP }).baseUrl, 'https://umc.example.edu.cn/umc', 'a path prefix is kept');
});

t.test('against the independent platform (not ours): token, send, progress, its templates', async (t) => {
  const platform = await startIndependentPlatform(t);
  const umc = new UmcClient({ baseUrl: platform.url, appId: platform.appId, appPassword: platform.appPassword });
  const { msgId, noSubscribeStatus } = await umc.sendMessageApi({ ...NOTICE, receivers: [{ type: 'User', userId: 'qa001', name: '张测试' }, { userId: 'qa002' }] });
  t.match(msgId, /^[0-9a-f]{32}$/, 'its own id shape');
  t.equal(noSubscribeStatus, '0');
  const first = await umc.getProgress({ msgId });
  t.ok(['0', '2', '1'].includes(first.state));
  t.match(await umc.waitForDelivery(msgId, { timeoutMs: 10_000, intervalMs: 100 }), { state: '1', total: 2, successCount: 2, failCount: 0 });
  const [account] = await umc.getPublicList();
  t.ok((await umc.getTemplateList({ publicId: account!.publicId })).length > 0);
  t.match(await umc.getProgress({ msgId: 'f'.repeat(32) }).catch((err: unknown) => err), { name: 'UmcApiError', rspCode: '500005' });

  const tokenRequests = platform.requests.filter((r) => r.path === '/msg/getThirdAPIToken');
  t.equal(tokenRequests.length, 1, 'one token for all of it');
  t.match(tokenRequests[0], { method: 'POST', body: '' });
  t.equal(tokenRequests[0]!.query.get('appId'), platform.appId, 'URL传参, as the document says');
  const sendRequest = platform.requests.find((r) => r.path === '/message/sendMessageApi')!;
  t.equal(new URLSearchParams(sendRequest.body).get('receivers'), '[{"type":"User","userId":"qa001","name":"张测试"},{"userId":"qa002"}]');

  // It takes the token only by POST, as the document says: the GET that real clients use is refused.
  const byGet = await umc.getThirdAPITokenByGet().catch((err: unknown) => err);
  t.match(byGet, { name: 'UmcTransportError', httpStatus: 405 });
  t.notOk(String((byGet as Error).message).includes(platform.appPassword));
});
