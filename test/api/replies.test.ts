// Replies: a person answers an isReply=1 message (control plane), and 5.2.3 hands the app its
// replies oldest first, removing them.
import t from 'tap';
import { getToken, postForm, postJson, startTestMock } from '../helpers/mock.js';
import { OTHER_APP, SLOW, advance, receivers, replyTo, sent } from '../helpers/messaging.js';

const fetchReplies = (base: string, token: string, count?: string) => postForm(`${base}/message/replyMessage`, count === undefined ? { token } : { token, count });

t.test('a reply round-trip: send with isReply=1, the person replies, 5.2.3 returns it once', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const msgId = await sent(mock.url, token, { isReply: '1', receivers: receivers('20230001', '20230002') });
  t.same((await fetchReplies(mock.url, token)).json, { rspCode: '000000', rspMsg: '操作完成', resultData: [] }, 'nothing yet');
  await advance(mock.url, 5);
  const chinaTime = async () => (await postJson(`${mock.url}/__umc/clock`, { advanceSeconds: 0 })).json.chinaTime as string;
  const before = await chinaTime();
  const posted = await replyTo(mock.url, '20230001', msgId, '收到，按时参加');
  t.equal(posted.status, 200);
  t.match(posted.json, { content: '收到，按时参加', msgId, user: '20230001', appId: 'MSG123456' });
  t.equal((await replyTo(mock.url, '20230002', msgId, '好的')).status, 200);
  const after = await chinaTime();

  const replies = await fetchReplies(mock.url, token);
  t.match(replies.json.resultData, [
    { content: '收到，按时参加', msgId, user: '20230001' },
    { content: '好的', msgId, user: '20230002' },
  ]);
  for (const reply of replies.json.resultData) t.ok(reply.time >= before && reply.time <= after, 'time is China time on the platform clock');
  t.same(Object.keys(replies.json.resultData[0]), ['content', 'time', 'msgId', 'user']);
  t.match(replies.text, /^\{"rspCode":"000000","rspMsg":"操作完成","resultData":\[\{"content":"收到，按时参加","time":"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d","msgId":"/);
  t.same((await fetchReplies(mock.url, token)).json.resultData, [], 'fetched replies are removed');
});

t.test('count takes the oldest replies first, default 100, and rejects what is not 1–100', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const msgId = await sent(mock.url, token, { isReply: '1' });
  await advance(mock.url, 5);
  for (let i = 1; i <= 105; i++) {
    await replyTo(mock.url, '20230001', msgId, `回复${i}`);
    await advance(mock.url, 1);
  }
  const two = (await fetchReplies(mock.url, token, '2')).json.resultData;
  t.same(two.map((r: any) => r.content), ['回复1', '回复2']);
  t.ok(two[0].time < two[1].time, 'oldest first');
  const rest = (await fetchReplies(mock.url, token)).json.resultData;
  t.equal(rest.length, 100, 'default count 100');
  t.equal(rest[0].content, '回复3');
  t.same((await fetchReplies(mock.url, token, '100')).json.resultData.map((r: any) => r.content), ['回复103', '回复104', '回复105']);
  for (const count of ['0', '101', 'abc', '1.5']) {
    const res = await fetchReplies(mock.url, token, count);
    t.equal(res.json.rspCode, '500001', `count=${count}`);
    t.match(res.json.rspMsg, /^count/);
  }
});

t.test('each app gets only the replies to its own messages', async (t) => {
  const mock = await startTestMock(t);
  const mine = await getToken(mock.url);
  const theirs = await getToken(mock.url, OTHER_APP);
  const a = await sent(mock.url, mine, { isReply: '1' });
  const b = await sent(mock.url, theirs, { isReply: '1' });
  await advance(mock.url, 5);
  await replyTo(mock.url, '20230001', a, '给示例业务系统');
  await replyTo(mock.url, '20230001', b, '给教务系统');
  t.same((await fetchReplies(mock.url, theirs)).json.resultData.map((r: any) => r.content), ['给教务系统']);
  t.same((await fetchReplies(mock.url, mine)).json.resultData.map((r: any) => r.content), ['给示例业务系统']);
});

t.test('a reply is refused clearly when the message does not accept replies or never reached the person', async (t) => {
  const mock = await startTestMock(t, { scenario: SLOW(60) });
  const token = await getToken(mock.url);
  const replyable = await sent(mock.url, token, { isReply: '1', receivers: receivers('20230001', '20230008') });
  const notReplyable = await sent(mock.url, token, { isReply: '0' });

  const early = await replyTo(mock.url, '20230001', replyable, '抢先回复');
  t.equal(early.status, 409, 'not delivered yet');
  t.match(early.json.error, /未送达此人员/);
  await advance(mock.url, 61);

  const closed = await replyTo(mock.url, '20230001', notReplyable, '回复');
  t.equal(closed.status, 409);
  t.match(closed.json.error, /未开启回复/);
  t.equal((await replyTo(mock.url, '20230002', replyable, '我没收到')).status, 409, 'not a receiver');
  t.equal((await replyTo(mock.url, '20230008', replyable, '我退订了')).status, 409, 'unsubscribed, so never reached');
  t.equal((await replyTo(mock.url, 'X999', replyable, '陌生人')).status, 404, 'not in the directory');
  t.equal((await replyTo(mock.url, '20230001', 'no-such-msg', '回复')).status, 404, 'unknown message');
  const blank = await postJson(`${mock.url}/__umc/users/20230001/replies`, { msgId: replyable, content: ' ' });
  t.same([blank.status, blank.json], [400, { error: 'content必须是非空字符串' }]);
  t.equal((await postJson(`${mock.url}/__umc/users/20230001/replies`, '{"msgId":')).status, 400, 'not JSON');
  t.equal((await postJson(`${mock.url}/__umc/users/20230001/replies`, { content: '回复' })).status, 400, 'no msgId');
  t.same((await postForm(`${mock.url}/message/replyMessage`, { token })).json.resultData, [], 'no refused reply was queued');
  t.equal((await replyTo(mock.url, '20230001', replyable, '正式回复')).status, 200);
});
