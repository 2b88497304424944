// ControlClient over HTTP against a real mock: the members public-api.test.ts does not already
// drive (health, scenarios, apps, the directory and its people, sent lists, todo state, events,
// the journal emptied), and wait() without since, which waits for arrivals after the call only.
import t from 'tap';
import { ControlClient, ControlPlaneError, type StreamEvent } from 'umc-kit';
import { UmcClient } from 'umc-kit/client';
import { DEMO_APP, startTestMock } from './helpers/mock.js';
import { ACCOUNTS, TEMPLATES } from './helpers/wechat.js';

const NOTICE = { msgtitle: '通知', msgType: '1', msgContent: '内容', sendStatus: '1', sendChannel: 'Portal', sendMode: 'normal' } as const;

t.test('wait() without since ignores what arrived before the call; since: 0 takes it', async (t) => {
  const mock = await startTestMock(t, { seed: 5 });
  const control = new ControlClient(mock.url);
  const umc = new UmcClient({ baseUrl: mock.url, ...DEMO_APP });
  const earlier = await umc.sendMessageApi({ ...NOTICE, receivers: [{ userId: '20230001' }] });
  await umc.waitForDelivery(earlier.msgId, { timeoutMs: 10_000, intervalMs: 50 });

  const refused = await control.wait({ userId: '20230001', channel: 'Portal', timeoutMs: 200 }).catch((err: unknown) => err);
  t.type(refused, ControlPlaneError);
  t.match(refused, { status: 408 }, 'the earlier arrival does not answer');
  t.match(await control.wait({ userId: '20230001', channel: 'Portal', since: 0, timeoutMs: 200 }), { id: earlier.msgId }, 'since: 0, any time');

  const next = control.wait({ userId: '20230001', channel: 'Portal', timeoutMs: 10_000 });
  // The wait reads the platform clock first: let it be under way before the send.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const later = await umc.sendMessageApi({ ...NOTICE, msgtitle: '第二条', receivers: [{ userId: '20230001' }] });
  t.match(await next, { arrived: true, id: later.msgId }, 'the arrival after the call answers');
});

t.test('health, scenarios, the journal emptied', async (t) => {
  const mock = await startTestMock(t);
  const control = new ControlClient(mock.url);
  t.match(await control.health(), { status: 'UP', service: 'umc-mock', scenario: 'default', profile: null });
  const scenarios = await control.scenarios.list();
  t.equal(scenarios.current, 'default');
  t.ok(scenarios.scenarios.some((s) => s.name === 'slow-delivery' && s.extends === 'default'));
  t.same(await control.scenarios.load('channel-closed'), { loaded: true, scenario: 'channel-closed' });
  t.equal((await control.health()).scenario, 'channel-closed');
  await t.rejects(control.scenarios.load('no-such-scenario'), { name: 'ControlPlaneError', status: 400 });
  await new UmcClient({ baseUrl: mock.url, ...DEMO_APP }).getPublicList();
  t.equal((await control.clearJournal()).cleared, 2);
  t.equal((await control.journal()).total, 0);
});

t.test('apps: create from a form, disable, enable', async (t) => {
  const mock = await startTestMock(t);
  const control = new ControlClient(mock.url);
  const receipt = await control.apps.create({ name: '迎新系统', channels: ['Portal', 'SMS'], interfaces: { userCount: true } });
  t.match(receipt, { appId: /^MSG\d+$/, appPassword: /^.{43}$/, apiDomain: String });
  t.ok((await control.apps.list()).apps!.some((a) => a.appId === receipt.appId));
  const umc = new UmcClient({ baseUrl: mock.url, appId: receipt.appId, appPassword: receipt.appPassword });
  t.match(await umc.getUserMessageCount({ account: '20230001' }), { total: Number }, 'the new app works, with its interface opened');
  t.match(await control.apps.setStatus(receipt.appId, 'disabled'), { appId: receipt.appId, status: 'disabled', appPassword: '***' });
  t.match(await umc.sendMessageApi({ ...NOTICE, receivers: [{ userId: '20230001' }] }).catch((err: unknown) => err), { rspCode: '500002' });
  t.match(await control.apps.setStatus(receipt.appId, 'enabled'), { status: 'enabled' });
  await t.rejects(control.apps.setStatus('MSG0', 'enabled'), { name: 'ControlPlaneError', status: 404 });
});

t.test('the directory and what its people do: read, reply, unsubscribe, subscribe', async (t) => {
  const mock = await startTestMock(t, { seed: 8 });
  const control = new ControlClient(mock.url);
  const umc = new UmcClient({ baseUrl: mock.url, ...DEMO_APP });
  const people = await control.users.list({ search: '张三' });
  t.match(people, { total: 1, users: [{ userId: '20230001', name: '张三', reachable: { Portal: true } }] });
  t.equal((await control.users.list({ ids: '20230001,20230002', limit: 1 })).users.length, 1);

  const { msgId } = await umc.sendMessageApi({ ...NOTICE, isReply: '1', receivers: [{ userId: '20230001' }] });
  await umc.waitForDelivery(msgId, { timeoutMs: 10_000, intervalMs: 50 });
  t.type(await control.users.read('20230001', msgId), 'object');
  t.match(await umc.getUserMessageCount({ account: '20230001', type: '1' }), { read: 1, unread: 0 });
  t.type(await control.users.reply('20230001', { msgId, content: '收到' }), 'object');
  t.match(await umc.replyMessage(), [{ msgId, content: '收到', user: '20230001' }]);

  t.match(await control.users.unsubscribe('20230002', { appId: DEMO_APP.appId }), { userId: '20230002', appId: DEMO_APP.appId, subscribed: false });
  t.match(await umc.sendMessageApi({ ...NOTICE, receivers: [{ userId: '20230001' }, { userId: '20230002' }] }), { noSubscribeStatus: '1', noSubscribeList: [{ userId: '20230002' }] });
  t.match(await control.users.subscribe('20230002', { appId: DEMO_APP.appId }), { subscribed: true });
  t.match(await control.users.unsubscribe('20230001', { publicId: ACCOUNTS.main }), { publicId: ACCOUNTS.main, subscribed: false });
  await t.rejects(control.users.read('nobody', msgId), { name: 'ControlPlaneError', status: 404 });
});

t.test('one message, its todo state; template messages and cards sent', async (t) => {
  const mock = await startTestMock(t, { seed: 9 });
  const control = new ControlClient(mock.url);
  const umc = new UmcClient({ baseUrl: mock.url, ...DEMO_APP });
  const { msgId } = await umc.sendMessageApi({ ...NOTICE, sendMsgType: '4', waitLink: 'https://oa.example.edu.cn/todo/2', receivers: [{ userId: '20230001' }] });
  await umc.waitForDelivery(msgId, { timeoutMs: 10_000, intervalMs: 50 });
  t.match(await control.message(msgId), { msgId, appId: DEMO_APP.appId, category: 'todo', recipients: [{ user: '20230001' }] });
  await t.rejects(control.message('no-such-message'), { name: 'ControlPlaneError', status: 404 });
  t.same(await control.setTodoState(msgId, '2'), { msgId, appId: DEMO_APP.appId, messageType: '1', state: '2' });
  t.match(await umc.getUserMessageCount({ account: '20230001', type: '4' }), { checked: 1 });

  await umc.sendTemplateApi({ userId: '20230001', publicId: ACCOUNTS.main, messageType: '1', templateId: TEMPLATES.grades, url: 'https://example.edu.cn', data: { keyword1: { value: '高等数学' }, keyword2: { value: '92' }, keyword3: { value: '2026-01-20' } } });
  await umc.cardMessage({ userList: '20230001', title: '卡片', description: '描述', url: 'https://example.edu.cn' });
  t.match(await control.templateMessages(), { total: 1, items: [{ time: String }] });
  t.match(await control.cards({ limit: 1 }), { total: 1, items: [{ time: String }] });
});

t.test('events: the live stream, closed when the loop ends or the signal aborts', async (t) => {
  const mock = await startTestMock(t);
  const control = new ControlClient(mock.url);
  const umc = new UmcClient({ baseUrl: mock.url, ...DEMO_APP });
  const seen: StreamEvent[] = [];
  const reading = (async () => {
    for await (const event of control.events()) {
      seen.push(event);
      if (event.type === 'request' && event.operationId === 'getPublicList') break;
    }
  })();
  await new Promise((resolve) => setTimeout(resolve, 100));
  await umc.getPublicList();
  await reading;
  t.equal(seen[0]!.type, 'hello');
  t.match(seen.at(-1), { type: 'request', operationId: 'getPublicList', rspCode: '000000' });

  const stop = new AbortController();
  const ended = (async () => {
    let count = 0;
    for await (const _event of control.events({ signal: stop.signal })) count++;
    return count;
  })();
  await new Promise((resolve) => setTimeout(resolve, 100));
  stop.abort();
  t.equal(await ended, 1, 'the hello, then the stream ends without an error');
  for (let i = 0; i < 50 && mock.events.streamCount > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  t.equal(mock.events.streamCount, 0, 'no stream left open on the mock');
});
