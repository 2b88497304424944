// The control plane's view of what was sent, waiting for a delivery without sleeping, and people (un)subscribing.
import t from 'tap';
import { getToken, postForm, postJson, request, startTestMock } from '../helpers/mock.js';

const SEND = { msgtitle: '选课提醒', msgType: '1', msgContent: '请于周五前完成选课', sendStatus: '1', sendMode: 'normal' };

async function send(base: string, token: string, fields: Record<string, string>) {
  const res = await postForm(`${base}/message/sendMessageApi`, { token, ...SEND, ...fields });
  if (res.json.rspCode !== '000000') throw new Error(res.text);
  return res.json.resultData.msgId as string;
}

t.test('GET /__umc/messages shows every accepted message with delivery detail, filterable', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const sms = await send(mock.url, token, { sendChannel: 'SMS', receivers: '[{"userId":"20230001"},{"userId":"20230003"}]' });
  const portal = await send(mock.url, token, { sendChannel: 'Portal', receivers: '[{"userId":"20230002"}]' });
  const all = await request(`${mock.url}/__umc/messages`);
  t.equal(all.json.total, 2);
  t.same(all.json.messages.map((m: any) => m.msgId), [portal, sms], 'newest first');
  t.same((await request(`${mock.url}/__umc/messages?userId=20230003`)).json.messages.map((m: any) => m.msgId), [sms]);
  t.same((await request(`${mock.url}/__umc/messages?channel=Portal`)).json.messages.map((m: any) => m.msgId), [portal]);
  t.equal((await request(`${mock.url}/__umc/messages?appId=MSG200001`)).json.total, 0);
  t.equal((await request(`${mock.url}/__umc/messages?state=9`)).status, 400);

  await postJson(`${mock.url}/__umc/clock`, { advanceSeconds: 10 });
  const one = await request(`${mock.url}/__umc/messages/${sms}`);
  t.match(one.json, { msgId: sms, appId: 'MSG123456', api: '5.3.1', title: '选课提醒', state: '1', channels: ['SMS'] });
  const byUser = Object.fromEntries(one.json.recipients.map((r: any) => [r.user, r]));
  t.match(byUser['20230001'], { status: 'delivered', attempts: [{ channel: 'SMS', status: 'delivered' }] });
  t.match(byUser['20230003'], { status: 'failed', cause: /未绑定手机号/ }, 'the failure and its cause');
  t.equal((await request(`${mock.url}/__umc/messages?state=1`)).json.total, 2);
  t.equal((await request(`${mock.url}/__umc/messages/nope`)).status, 404);
});

t.test('GET /__umc/wait answers when the message reaches the person, without sleeps', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const waiting = request(`${mock.url}/__umc/wait?userId=20230001&channel=SMS&timeoutMs=5000`);
  const msgId = await send(mock.url, token, { sendChannel: 'SMS', receivers: '[{"userId":"20230001"}]' });
  const arrived = await waiting;
  t.equal(arrived.status, 200);
  t.match(arrived.json, { arrived: true, userId: '20230001', kind: 'message', id: msgId, channel: 'SMS' });
  const progress = await postForm(`${mock.url}/message/getProgress`, { token, msgId });
  t.match(progress.json.resultData, { successCount: 1 }, 'once it arrived, 5.2.4 counts it');

  const next = await request(`${mock.url}/__umc/wait?userId=20230001&since=${arrived.json.deliveredAtMs}&timeoutMs=100`);
  t.equal(next.status, 408, 'nothing newer: a timeout');
  t.match(next.json.error, /等待超时/);
  t.equal((await request(`${mock.url}/__umc/wait?userId=20230003&channel=SMS&timeoutMs=50`)).status, 408, 'a failed delivery never arrives');
  t.equal((await request(`${mock.url}/__umc/wait`)).status, 400);
});

t.test('a scheduled message arrives when the clock reaches its sendTime', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const clock = await request(`${mock.url}/__umc/clock`);
  const { formatDateTime } = await import('../../src/domain/wall-time.js');
  const sendTime = formatDateTime(clock.json.epochMs + 3600_000);
  await send(mock.url, token, { sendChannel: 'Portal', sendStatus: '2', sendTime, receivers: '[{"userId":"20230002"}]' });
  const waiting = request(`${mock.url}/__umc/wait?userId=20230002&timeoutMs=5000`);
  await postJson(`${mock.url}/__umc/clock`, { advanceSeconds: 3700 });
  t.match((await waiting).json, { arrived: true, channel: 'Portal' });
});

t.test('template messages and cards can be waited for too', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  await postJson(`${mock.url}/message/cardMessage`, { token, userList: '20230001|20230002', title: '通知', description: '内容', url: 'https://example.edu.cn' });
  t.match((await request(`${mock.url}/__umc/wait?userId=20230002&channel=Card&timeoutMs=1000`)).json, { arrived: true, kind: 'card' });
});

t.test('a person unsubscribes and subscribes again; follows and unfollows an account', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const off = await postJson(`${mock.url}/__umc/users/20230001/unsubscribe`, { appId: 'MSG123456' });
  t.same(off.json, { userId: '20230001', appId: 'MSG123456', subscribed: false });
  const refused = await postForm(`${mock.url}/message/sendMessageApi`, { token, ...SEND, sendChannel: 'Portal', receivers: '[{"userId":"20230001","name":"张三"}]' });
  t.equal(refused.json.rspCode, '500007', 'nobody subscribed is left');
  await postJson(`${mock.url}/__umc/users/20230001/subscribe`, { appId: 'MSG123456' });
  const ok = await postForm(`${mock.url}/message/sendMessageApi`, { token, ...SEND, sendChannel: 'Portal', receivers: '[{"userId":"20230001"}]' });
  t.match(ok.json, { rspCode: '000000', resultData: { noSubscribeStatus: '0' } });

  const publicId = 'c3cbcaaa-88f4-466c-b7ce-dd7e07f20b75';
  const unfollow = await postJson(`${mock.url}/__umc/users/20230001/unsubscribe`, { publicId });
  t.same(unfollow.json, { userId: '20230001', publicId, subscribed: false });
  const templates = await postForm(`${mock.url}/message/getTemplateList?token=${token}&publicId=${publicId}`, {});
  const template = templates.json.resultData[0];
  const data = Object.fromEntries([...template.content.matchAll(/\{\{(keyword\d+)\.DATA\}\}/g)].map((m: RegExpMatchArray) => [m[1], { value: 'x' }]));
  const sendTemplate = () => postJson(`${mock.url}/message/sendTemplateApi`, { token, userId: '20230001', publicId, messageType: '1', templateId: template.template_id, url: 'https://example.edu.cn', data });
  t.equal((await sendTemplate()).json.rspCode, '600024', 'unfollowed: WeChat refuses');
  await postJson(`${mock.url}/__umc/users/20230001/subscribe`, { publicId });
  t.equal((await sendTemplate()).json.rspCode, '000000');

  t.equal((await postJson(`${mock.url}/__umc/users/nobody/unsubscribe`, { appId: 'MSG123456' })).status, 404);
  t.equal((await postJson(`${mock.url}/__umc/users/20230001/unsubscribe`, { appId: 'MSG999999' })).status, 404);
  t.equal((await postJson(`${mock.url}/__umc/users/20230001/unsubscribe`, {})).status, 400);
  await request(`${mock.url}/__umc/reset`, { method: 'POST', headers: { 'content-type': 'application/json' } });
  await postJson(`${mock.url}/__umc/users/20230001/unsubscribe`, { appId: 'MSG123456' });
  await request(`${mock.url}/__umc/reset`, { method: 'POST', headers: { 'content-type': 'application/json' } });
  const users = (await request(`${mock.url}/__umc/users`)).json.users;
  t.same(users.find((u: any) => u.userId === '20230001').unsubscribedApps, [], 'reset restores the scenario, which was never changed');
});

t.test('control listings page with limit and offset; total is always the whole count', async (t) => {
  const mock = await startTestMock(t);
  const all = await request(`${mock.url}/__umc/users`);
  const page = await request(`${mock.url}/__umc/users?limit=3&offset=2`);
  t.equal(page.json.total, all.json.total);
  t.same(page.json.users.map((u: { userId: string }) => u.userId), all.json.users.slice(2, 5).map((u: { userId: string }) => u.userId));
  for (const path of ['users', 'cards', 'wechat/messages', 'messages']) {
    t.equal((await request(`${mock.url}/__umc/${path}?limit=0`)).status, 400, `${path}: limit=0 refused`);
    t.equal((await request(`${mock.url}/__umc/${path}?offset=-1`)).status, 400, `${path}: offset=-1 refused`);
    t.equal((await request(`${mock.url}/__umc/${path}?offset=100000&limit=5`)).status, 200, `${path}: past the end is an empty page`);
  }
});

t.test('query rules come from control-plane.yaml: an enum, a range and a required parameter, each named', async (t) => {
  const mock = await startTestMock(t);
  const cases: [string, string][] = [
    ['messages?channel=Fax', 'channel'],
    ['wait?userId=20230001&channel=Fax&timeoutMs=0', 'channel'],
    ['messages?state=9', 'state'],
    ['wait?userId=20230001&timeoutMs=60001', 'timeoutMs'],
    ['wait?channel=SMS', 'userId'],
    ['requests?limit=10001', 'limit'],
  ];
  for (const [path, field] of cases) {
    const res = await request(`${mock.url}/__umc/${path}`);
    t.equal(res.status, 400, path);
    t.match(res.json.error, new RegExp(`^${field}`), `${path}: names ${field}`);
  }
  t.equal((await request(`${mock.url}/__umc/messages?channel=SMS`)).status, 200, 'a channel of the enum');
});
