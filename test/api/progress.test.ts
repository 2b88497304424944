// 5.2.4 getProgress and delivery: per receiver and channel on the platform clock, specific
// causes, IntelligenceMode's walk, scheduled messages, and apps never seeing each other's data.
import t from 'tap';
import { getToken, postForm, postJson, startTestMock, lastDetail } from '../helpers/mock.js';
import { OTHER_APP, SLOW, advance, chinaTimeIn, progressOf, receivers, scenarioWith, sent, userList } from '../helpers/messaging.js';

t.test('a multi-channel send goes through delivery to a mixed progress report', async (t) => {
  const mock = await startTestMock(t, { scenario: SLOW(60) });
  const token = await getToken(mock.url);
  const msgId = await sent(mock.url, token, {
    sendChannel: 'WeChat,SMS,Mail',
    receivers: receivers('20230001', '20230003', '20230005', '20230007', '20230009', 'X999', '20230008'),
  });
  const sending = (await progressOf(mock.url, token, msgId)).json;
  t.same(sending, { rspCode: '000000', rspMsg: '操作完成', resultData: { total: 6, state: '2', successCount: 0, failCount: 0, failUserList: [] } }, 'sending; the unsubscribed person is not counted');

  await advance(mock.url, 61);
  t.same((await progressOf(mock.url, token, msgId)).json.resultData, {
    total: 6,
    state: '1',
    successCount: 1,
    failCount: 5,
    failUserList: [
      { user: '20230003', cause: '短信发送失败！未绑定手机号！' },
      { user: '20230005', cause: '企业微信发送失败！未绑定企业微信账号！' },
      { user: '20230007', cause: '短信发送失败！手机号码格式有误！' },
      { user: '20230009', cause: '企业微信发送失败！未绑定企业微信账号！；短信发送失败！未绑定手机号！；邮件发送失败！未绑定邮箱！' },
      { user: 'X999', cause: '接收人不在组织架构中！' },
    ],
  });
});

t.test('IntelligenceMode walks the app’s channel order per receiver until one succeeds', async (t) => {
  const mock = await startTestMock(t, { scenario: SLOW(60) });
  const token = await getToken(mock.url);
  // Order WeChat → DingTalk → SMS → Mail → Portal; every attempt takes 60 s.
  const msgId = await sent(mock.url, token, { sendChannel: 'IntelligenceMode', receivers: receivers('20230001', '20230005', '20230009') });
  await advance(mock.url, 90);
  t.match((await progressOf(mock.url, token, msgId)).json.resultData, { state: '2', successCount: 1, failCount: 0 }, '张三 by WeCom after one attempt');
  await advance(mock.url, 40);
  t.match((await progressOf(mock.url, token, msgId)).json.resultData, { state: '2', successCount: 2 }, '孙七 by DingTalk after WeCom failed');
  await advance(mock.url, 180);
  t.same((await progressOf(mock.url, token, msgId)).json.resultData, { total: 3, state: '1', successCount: 3, failCount: 0, failUserList: [] }, '钱十一 by Portal, the fifth channel');
});

t.test('IntelligenceMode fails a receiver only when every channel failed, with every cause', async (t) => {
  const mock = await startTestMock(t, { scenario: scenarioWith((s) => (s.apps[0]!.intelligenceOrder = ['WeChat', 'SMS'])) });
  const token = await getToken(mock.url);
  const msgId = await sent(mock.url, token, { sendChannel: 'IntelligenceMode', receivers: receivers('20230009', '20230003') });
  await advance(mock.url, 5);
  t.same((await progressOf(mock.url, token, msgId)).json.resultData, {
    total: 2,
    state: '1',
    successCount: 1,
    failCount: 1,
    failUserList: [{ user: '20230009', cause: '企业微信发送失败！未绑定企业微信账号！；短信发送失败！未绑定手机号！' }],
  });
});

t.test('a channel fault from the scenario’s failure rate fails with its own cause', async (t) => {
  const mock = await startTestMock(t, { scenario: scenarioWith((s) => (s.delivery = { failureRates: { WeChat: 1 } })) });
  const token = await getToken(mock.url);
  const explicit = await sent(mock.url, token, { sendChannel: 'WeChat,Portal', receivers: receivers('20230001') });
  const smart = await sent(mock.url, token, { sendChannel: 'IntelligenceMode', receivers: receivers('20230001') });
  await advance(mock.url, 5);
  t.same((await progressOf(mock.url, token, explicit)).json.resultData.failUserList, [{ user: '20230001', cause: '企业微信发送失败！渠道服务异常！' }]);
  t.match((await progressOf(mock.url, token, smart)).json.resultData, { successCount: 1, failCount: 0 }, 'IntelligenceMode moves on to DingTalk');
});

t.test('the same seed gives the same deliveries', async (t) => {
  const scenario = () => scenarioWith((s) => (s.delivery = { failureRates: { Portal: 0.5 } }));
  const results: unknown[] = [];
  for (const seed of [7, 7]) {
    const mock = await startTestMock(t, { scenario: scenario(), seed });
    const token = await getToken(mock.url);
    const msgId = await sent(mock.url, token, { receivers: receivers('20230001', '20230002', '20230003', '20230004', '20230005', '20230006', 'T0001') });
    await advance(mock.url, 5);
    results.push({ msgId, progress: (await progressOf(mock.url, token, msgId)).json.resultData });
  }
  t.same(results[0], results[1]);
  t.match(results[0], { progress: { failCount: Number, successCount: Number } });
});

t.test('a scheduled message stays "0" until its sendTime, which advancing the clock reaches', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const sendTime = await chinaTimeIn(mock.url, 11);
  const msgId = await sent(mock.url, token, { sendStatus: '2', sendTime, receivers: receivers('20230001', '20230002') });
  t.same((await progressOf(mock.url, token, msgId)).json.resultData, { total: 2, state: '0', successCount: 0, failCount: 0, failUserList: [] });
  t.equal((await userList(mock.url, token, '20230001')).json.resultData.total, 0, 'not in the mailbox yet');
  await advance(mock.url, 10 * 60);
  t.equal((await progressOf(mock.url, token, msgId)).json.resultData.state, '0', 'ten minutes later, still waiting');
  await advance(mock.url, 2 * 60);
  t.same((await progressOf(mock.url, token, msgId)).json.resultData, { total: 2, state: '1', successCount: 2, failCount: 0, failUserList: [] });
  const mailbox = (await userList(mock.url, token, '20230001')).json.resultData;
  t.equal(mailbox.total, 1);
  t.equal(mailbox.msglist[0].time, sendTime.slice(0, 16), 'listed at its sendTime');
});

t.test('500005 for an unknown msgId and for another app’s message; 500001 without msgId', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const other = await getToken(mock.url, OTHER_APP);
  const theirs = await sent(mock.url, other);
  const unknown = await progressOf(mock.url, token, '3c670bd9-a735-4c95-aebc-650053f5f6b0');
  t.equal(unknown.json.rspCode, '500005');
  t.equal(unknown.json.rspMsg, '无效的 msgId 参数');
  t.match(await lastDetail(mock.url), /msgId不存在或不是本应用通过5.3.1\/5.3.2发送的消息：3c670bd9/);
  t.equal((await progressOf(mock.url, token, theirs)).json.rspCode, '500005', 'apps never see each other’s messages');
  t.equal((await progressOf(mock.url, other, theirs)).json.rspCode, '000000');
  t.same((await postForm(`${mock.url}/message/getProgress`, { token })).json, { rspCode: '500001', rspMsg: 'msgId不能为空', resultData: null });
});

t.test('a reset forgets every message', async (t) => {
  const mock = await startTestMock(t);
  let token = await getToken(mock.url);
  const msgId = await sent(mock.url, token);
  await postJson(`${mock.url}/__umc/reset`, {});
  token = await getToken(mock.url);
  t.equal((await progressOf(mock.url, token, msgId)).json.rspCode, '500005');
});

t.test('with a send queue, an immediate message goes "0" (queued) → "2" (sending) → "1" (finished)', async (t) => {
  const mock = await startTestMock(t, { scenario: scenarioWith((s) => (s.delivery = { queueMs: 30_000, latencyMs: { min: 60_000, max: 60_000 } })) });
  const token = await getToken(mock.url);
  const msgId = await sent(mock.url, token, { receivers: receivers('20230001', '20230002') });
  const states: string[] = [];
  for (const seconds of [0, 45, 60]) {
    await advance(mock.url, seconds);
    states.push((await progressOf(mock.url, token, msgId)).json.resultData.state);
  }
  t.same(states, ['0', '2', '1']);
});
