// 5.4.1 for ordinary todos (messageType 1 or absent): who may change a todo, when, and how the
// change shows in 5.2.5 and 5.2.6. Template todos (messageType 2) belong to the WeChat issue.
import t from 'tap';
import { getToken, postForm, startTestMock, lastDetail } from '../helpers/mock.js';
import { OTHER_APP, SLOW, advance, chinaTimeIn, receivers, send, sent, userCount, userList } from '../helpers/messaging.js';

const TODO = { msgtitle: '请审批张三的请假申请', sendMsgType: '4', waitLink: 'https://oa.example.edu.cn/todo/42' };
const check = (base: string, token: string, msgId: string, state: string, messageType?: string) =>
  postForm(`${base}/message/checkMessageStatusApi`, { token, msgId, state, ...(messageType ? { messageType } : {}) });

t.test('a todo confirmed, reflected in 5.2.5 and 5.2.6, and reopened', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const msgId = await sent(mock.url, token, { ...TODO, receivers: receivers('T0001', '20230001') });
  await advance(mock.url, 5);
  t.same((await userCount(mock.url, token, 'T0001', '4')).json.resultData, { unread: 0, read: 0, checked: 0, todo: 1, processing: 0, initiated: 0, total: 1 });
  t.match((await userList(mock.url, token, 'T0001')).json.resultData.msglist, [{ id: msgId, type: '4', state: '4' }]);

  const done = await check(mock.url, token, msgId, '2');
  t.same(done.json, { rspCode: '000000', rspMsg: '操作完成', resultData: null });
  for (const user of ['T0001', '20230001']) {
    t.same((await userCount(mock.url, token, user, '4')).json.resultData, { unread: 0, read: 0, checked: 1, todo: 0, processing: 0, initiated: 0, total: 1 }, `${user}: done`);
    t.match((await userList(mock.url, token, user)).json.resultData.msglist, [{ id: msgId, state: '3' }]);
    t.same((await userList(mock.url, token, user, { type: '2' })).json.resultData.total, 1, '5.2.6 type 2 = done');
    t.same((await userList(mock.url, token, user, { type: '1' })).json.resultData.total, 0);
  }
  t.equal((await check(mock.url, token, msgId, '2', '1')).json.rspCode, '000000', 'the same state again is accepted; messageType 1 is the default');

  t.equal((await check(mock.url, token, msgId, '1')).json.rspCode, '000000');
  t.match((await userCount(mock.url, token, 'T0001')).json.resultData, { checked: 0, todo: 1, total: 1 }, 'back to pending');
  t.equal((await send(mock.url, token, { ...TODO, receivers: receivers('T0001', '20230001') })).json.rspCode, '500015', 'pending again, so a resend is a duplicate');
  await check(mock.url, token, msgId, '2');
  t.equal((await send(mock.url, token, { ...TODO, receivers: receivers('T0001', '20230001') })).json.rspCode, '000000', 'once done, the same todo may be sent anew');
});

t.test('500005 for a missing, unknown or other app’s msgId', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const theirs = await sent(mock.url, await getToken(mock.url, OTHER_APP), TODO);
  await advance(mock.url, 5);
  const missing = await postForm(`${mock.url}/message/checkMessageStatusApi`, { token, state: '2' });
  t.equal(missing.json.rspCode, '500005');
  t.match(missing.json.rspMsg, /msgId/);
  t.equal((await check(mock.url, token, 'no-such-message', '2')).json.rspCode, '500005');
  t.equal((await check(mock.url, token, theirs, '2')).json.rspCode, '500005');
});

t.test('500006 for a notice or an SMS', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const notice = await sent(mock.url, token);
  const sms = (await postForm(`${mock.url}/message/sendMessageBySMSApi`, { token, msgContent: '通知', receivers: '[{"mobile":"18612345678"}]' })).json.resultData.msgId;
  await advance(mock.url, 5);
  const res = await check(mock.url, token, notice, '2');
  t.equal(res.json.rspCode, '500006');
  t.equal(res.json.rspMsg, '无效的待办消息');
  t.match(await lastDetail(mock.url), /^.*sendMsgType不为4/);
  t.equal((await check(mock.url, token, sms, '2')).json.rspCode, '500006');
});

t.test('500008 while the todo is still being delivered, scheduled ones included', async (t) => {
  const mock = await startTestMock(t, { scenario: SLOW(60) });
  const token = await getToken(mock.url);
  const msgId = await sent(mock.url, token, TODO);
  const early = await check(mock.url, token, msgId, '2');
  t.equal(early.json.rspCode, '500008');
  t.equal(early.json.rspMsg, '待办/任务消息后台未处理完成，无法修改消息状态');
  t.match(await lastDetail(mock.url), /^消息仍在投递中/);
  const scheduled = await sent(mock.url, token, { ...TODO, msgtitle: '定时待办', sendStatus: '2', sendTime: await chinaTimeIn(mock.url, 30) });
  await advance(mock.url, 61);
  t.equal((await check(mock.url, token, msgId, '2')).json.rspCode, '000000', 'delivered, so it can change');
  const waiting = await check(mock.url, token, scheduled, '2');
  t.equal(waiting.json.rspCode, '500008');
  t.equal(waiting.json.rspMsg, '待办/任务消息后台未处理完成，无法修改消息状态');
  t.match(await lastDetail(mock.url), /定时消息将于.*开始发送/);
});

t.test('500001 for a bad state or messageType; messageType 2 looks among template messages only', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const msgId = await sent(mock.url, token, TODO);
  t.match((await postForm(`${mock.url}/message/checkMessageStatusApi`, { token, msgId })).json, { rspCode: '500001', rspMsg: 'state不能为空' });
  t.match((await check(mock.url, token, msgId, '3')).json, { rspCode: '500001', rspMsg: /^state取值不合法/ });
  t.match((await check(mock.url, token, msgId, '2', '3')).json, { rspCode: '500001', rspMsg: /^messageType取值不合法/ });
  t.match((await check(mock.url, token, msgId, '2', '2')).json, { rspCode: '500005' }, 'a 5.3.1 msgId is no template messageId');
});
