// 5.3.2 sendMessageBySMSApi: outsiders by mobile, success code "1", quota by segments, and bad
// numbers accepted now but failing later in 5.2.4.
import t from 'tap';
import { getToken, postForm, startTestMock, lastDetail } from '../helpers/mock.js';
import { OTHER_APP, advance, progressOf, scenarioWith, userList } from '../helpers/messaging.js';

const smsTo = (base: string, token: string, msgContent: string, receivers: unknown) =>
  postForm(`${base}/message/sendMessageBySMSApi`, { token, msgContent, receivers: typeof receivers === 'string' ? receivers : JSON.stringify(receivers) });

t.test('an accepted SMS answers rspCode "1" with a msgId, and is delivered later', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const res = await smsTo(mock.url, token, '〖教务处〗您的录取通知书已寄出。', [
    { name: '校外家长', mobile: '18612345678' },
    { name: '号码有误', mobile: '1861234567' },
    { mobile: '13912345678' },
  ]);
  t.match(res.text, /^\{"rspCode":"1","rspMsg":"操作成功！","resultData":\{"msgId":"[0-9a-f-]{36}"\}\}$/);
  const msgId = res.json.resultData.msgId;
  t.equal((await progressOf(mock.url, token, msgId)).json.resultData.state, '2', 'queued, not yet sent');
  await advance(mock.url, 5);
  t.same((await progressOf(mock.url, token, msgId)).json.resultData, {
    total: 3,
    state: '1',
    successCount: 2,
    failCount: 1,
    failUserList: [{ user: '1861234567', cause: '短信发送失败！手机号码格式有误！' }],
  });
});

t.test('hand-built receivers with spaces, and the same number twice counted once', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const raw = `token=${token}&msgContent=明天上午九点开会&receivers=[{"name":"示例姓名1","mobile": "18612345678"},{"name":"示例姓名2","mobile": "18612345678"}]`;
  const res = await postForm(`${mock.url}/message/sendMessageBySMSApi`, raw);
  t.equal(res.json.rspCode, '1', res.text);
  await advance(mock.url, 5);
  t.equal((await progressOf(mock.url, token, res.json.resultData.msgId)).json.resultData.total, 1);
});

t.test('500001 names the field', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  t.same((await postForm(`${mock.url}/message/sendMessageBySMSApi`, { token, receivers: '[{"mobile":"18612345678"}]' })).json, { rspCode: '500001', rspMsg: 'msgContent不能为空', resultData: null });
  t.match((await smsTo(mock.url, token, '内容', [{ name: '无号码' }])).json, { rspCode: '500001', rspMsg: 'receivers[0].mobile不能为空' });
  t.match((await smsTo(mock.url, token, '内容', '18612345678')).json, { rspCode: '500001', rspMsg: /^receivers/ });
  t.match((await smsTo(mock.url, token, '内容', [])).json, { rspCode: '500001', rspMsg: 'receivers不能为空数组' });
});

t.test('100011 counts segments: 70 characters is one SMS, longer texts 67 per segment', async (t) => {
  const scenario = scenarioWith((s) => (s.apps[0]!.smsQuota = 6));
  const mock = await startTestMock(t, { scenario });
  const token = await getToken(mock.url);
  const two = [{ mobile: '18612345678' }, { mobile: '13912345678' }];
  t.equal((await smsTo(mock.url, token, '字'.repeat(70), two)).json.rspCode, '1', '70 characters × 2 receivers = 2 (4 left)');
  const long = await smsTo(mock.url, token, '字'.repeat(135), two);
  t.equal(long.json.rspCode, '100011', '135 characters = 3 segments × 2 = 6 > 4');
  t.equal(long.json.rspMsg, '发送短信额度不足');
  t.match(await lastDetail(mock.url), /^本次需要6条短信，剩余额度4条/);
  t.equal((await smsTo(mock.url, token, '字'.repeat(134), two)).json.rspCode, '1', '134 characters = 2 segments × 2 = 4');
  t.equal((await smsTo(mock.url, token, '字', [{ mobile: '18612345678' }])).json.rspCode, '100011', 'quota spent');
});

t.test('500010 without the SMS channel, 500014 when SMS is closed', async (t) => {
  const mock = await startTestMock(t);
  const res = await smsTo(mock.url, await getToken(mock.url, OTHER_APP), '通知', [{ mobile: '18612345678' }]);
  t.equal(res.json.rspCode, '500010');
  t.equal(res.json.rspMsg, '未开通发送渠道的权限');
  t.match(await lastDetail(mock.url), /SMS（短信）/);

  const closed = await startTestMock(t, { scenario: scenarioWith((s) => (s.delivery = { closedChannels: ['SMS'] })) });
  const r2 = await smsTo(closed.url, await getToken(closed.url), '通知', [{ mobile: '18612345678' }]);
  t.same(r2.json, { rspCode: '500014', rspMsg: '渠道已关闭', resultData: null });
  t.equal(await lastDetail(closed.url), 'SMS（短信）');
});

t.test('500012 for 【】, 500013 for a sensitive word', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  t.equal((await smsTo(mock.url, token, '【研发部】通知', [{ mobile: '18612345678' }])).json.rspCode, '500012');
  t.equal((await smsTo(mock.url, token, '诚招刷单返利', [{ mobile: '18612345678' }])).json.rspCode, '500013');
});

t.test('SMS to outsiders never enters anyone’s mailbox', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  t.equal((await smsTo(mock.url, token, '通知', [{ name: '张三', mobile: '13800138001' }])).json.rspCode, '1');
  await advance(mock.url, 5);
  t.equal((await userList(mock.url, token, '20230001')).json.resultData.total, 0, '张三’s own number, yet no mailbox entry');
  t.equal((await userList(mock.url, token, '13800138001')).json.resultData.total, 0);
});
