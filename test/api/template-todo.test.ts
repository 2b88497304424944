// 5.4.1 with messageType 2: a template todo's state changes, and each 600xxx refusal in its situation.
import t from 'tap';
import { getToken, postForm, startTestMock, type TestMock, lastDetail } from '../helpers/mock.js';
import { ACCOUNTS, OTHER_APP, sendTemplate, templateBody } from '../helpers/wechat.js';

async function sendTodo(mock: TestMock, token: string, messageType = '2'): Promise<string> {
  const res = await sendTemplate(mock.url, templateBody(token, { messageType }));
  if (res.json.rspCode !== '000000') throw new Error(res.text);
  return res.json.resultData.messageId;
}

function check(mock: TestMock, token: string, msgId: string | undefined, state: string) {
  return postForm(`${mock.url}/message/checkMessageStatusApi`, { token, ...(msgId === undefined ? {} : { msgId }), messageType: '2', state });
}

t.test('a template todo goes from pending to done and back', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const msgId = await sendTodo(mock, token);
  t.equal(mock.platform.wechat.templateMessage(msgId)!.state, '1', 'sent as pending (待办理)');

  const done = await check(mock, token, msgId, '2');
  t.equal(done.text, '{"rspCode":"000000","rspMsg":"操作完成","resultData":null}', 'resultData null (assumption)');
  t.equal(mock.platform.wechat.templateMessage(msgId)!.state, '2');
  t.type(mock.platform.wechat.templateMessage(msgId)!.stateChangedAt, 'number');

  const reopened = await check(mock, token, msgId, '1');
  t.equal(reopened.json.rspCode, '000000', 'done → pending is allowed');
  t.equal(mock.platform.wechat.templateMessage(msgId)!.state, '1');
});

t.test('600010 when the todo already has that state', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const msgId = await sendTodo(mock, token);
  const pending = await check(mock, token, msgId, '1');
  t.same(pending.json, { rspCode: '600010', rspMsg: '模版消息办理状态相同不需要调整', resultData: null });
  t.equal(await lastDetail(mock.url), '当前已是待办理');
  await check(mock, token, msgId, '2');
  const again = await check(mock, token, msgId, '2');
  t.same(again.json, { rspCode: '600010', rspMsg: '模版消息办理状态相同不需要调整', resultData: null });
  t.equal(await lastDetail(mock.url), '当前已是已办理');
});

t.test('600009 for a template notice (messageType 1)', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const msgId = await sendTodo(mock, token, '1');
  const res = await check(mock, token, msgId, '2');
  t.same(res.json, { rspCode: '600009', rspMsg: '当前模版消息不是待办类型，不能调整办理状态', resultData: null });
  t.equal(await lastDetail(mock.url), `${msgId}是通知（messageType=1）`);
  t.equal(mock.platform.wechat.templateMessage(msgId)!.state, null);
});

t.test('600023 for a template message sent by another app, even one bound to the same account', async (t) => {
  const mock = await startTestMock(t);
  const msgId = await sendTodo(mock, await getToken(mock.url));
  const other = await getToken(mock.url, OTHER_APP);
  t.ok(mock.platform.app(OTHER_APP.appId)!.publicIds.includes(ACCOUNTS.main), 'MSG200001 is bound to the same account');
  const res = await check(mock, other, msgId, '2');
  t.same(res.json, { rspCode: '600023', rspMsg: '不是当前平台发送的模版信息', resultData: null });
  t.equal(await lastDetail(mock.url), `${msgId}`);
  const notice = await sendTodo(mock, await getToken(mock.url), '1');
  t.equal((await check(mock, other, notice, '2')).json.rspCode, '600023', 'ownership is checked before the type');
  t.equal(mock.platform.wechat.templateMessage(msgId)!.state, '1', 'unchanged');
});

t.test('500005 for an unknown or missing messageId', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const unknown = await check(mock, token, '7bc5feb4-51aa-4163-8bff-4011332c4dd2', '2');
  t.same(unknown.json, { rspCode: '500005', rspMsg: '无效的 msgId 参数', resultData: null });
  t.equal(await lastDetail(mock.url), '模版消息7bc5feb4-51aa-4163-8bff-4011332c4dd2不存在');
  const missing = await check(mock, token, undefined, '2');
  t.equal(missing.json.rspCode, '500005');
  t.match(missing.json.rspMsg, /msgId/);
});

t.test('state must be 1 or 2 (500001)', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const msgId = await sendTodo(mock, token);
  for (const state of ['', '3', 'done']) {
    const res = await check(mock, token, msgId, state);
    t.equal(res.json.rspCode, '500001', `state=${JSON.stringify(state)}`);
    t.match(res.json.rspMsg, /state/);
  }
});

t.test('600002 when the account has lost its WeChat token since the todo was sent (assumption)', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const msgId = await sendTodo(mock, token);
  mock.platform.wechat.account(ACCOUNTS.main)!.fault = 'tokenLost';
  const res = await check(mock, token, msgId, '2');
  t.same(res.json, { rspCode: '600002', rspMsg: '公众号TOKEN失效', resultData: null });
  t.equal(await lastDetail(mock.url), '示例大学服务号');
  t.equal(mock.platform.wechat.templateMessage(msgId)!.state, '1', 'unchanged');
  mock.platform.wechat.account(ACCOUNTS.main)!.fault = 'fetchFailed';
  t.equal((await check(mock, token, msgId, '2')).json.rspCode, '000000', 'a fetch fault does not stop a state change');
});
