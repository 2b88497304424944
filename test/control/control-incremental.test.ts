// What lets the dev inbox keep up without re-reading its lists: events name what changed, and the
// control plane answers for just those (GET /__umc/users?ids=&search=, GET /__umc/messages?ids=).
import t from 'tap';
import { SLOW, advance, sent } from '../helpers/messaging.js';
import { getToken, postForm, postJson, request, startTestMock } from '../helpers/mock.js';
import { openStream } from '../helpers/event-stream.js';

t.test('GET /__umc/users?ids= answers those people in the order named; ?search= finds by userId or name', async (t) => {
  const mock = await startTestMock(t);
  const some = await request(`${mock.url}/__umc/users?ids=20230003,20230001,nobody,20230003`);
  t.equal(some.status, 200);
  t.same(some.json.users.map((u: { userId: string }) => u.userId), ['20230003', '20230001'], 'in the order named, each once, unknown ids left out');
  t.equal(some.json.total, 2);
  const whole = (await request(`${mock.url}/__umc/users`)).json.users;
  t.same(some.json.users[1], whole.find((u: { userId: string }) => u.userId === '20230001'), 'the same view of a person as the whole list');

  const byName = await request(`${mock.url}/__umc/users?search=${encodeURIComponent('张三')}`);
  t.same(byName.json.users.map((u: { userId: string }) => u.userId), ['20230001']);
  const byId = await request(`${mock.url}/__umc/users?search=2023000&limit=2`);
  t.ok(byId.json.total >= 3, 'total counts every match');
  t.equal(byId.json.users.length, 2, 'limit pages the matches');
  t.ok(byId.json.users.every((u: { userId: string }) => u.userId.includes('2023000')));
  const upper = await request(`${mock.url}/__umc/users?search=T000`);
  const lower = await request(`${mock.url}/__umc/users?search=t000`);
  t.same(lower.json, upper.json, 'case ignored');
  t.same((await request(`${mock.url}/__umc/users?search=${encodeURIComponent('没有这个人')}`)).json, { total: 0, users: [] });
  t.same((await request(`${mock.url}/__umc/users?ids=20230001,20230002&search=${encodeURIComponent('李')}`)).json.users.map((u: { userId: string }) => u.userId), ['20230002'], 'both: both hold');
});

t.test('ids and search out of their rules are refused with a message naming the parameter', async (t) => {
  const mock = await startTestMock(t);
  const tooMany = Array.from({ length: 501 }, (_, i) => `u${i}`).join(',');
  const manyMessages = Array.from({ length: 201 }, (_, i) => `m${i}`).join(',');
  const cases: [string, RegExp][] = [
    ['users?ids=20230001,,20230002', /^ids必须是逗号分隔的userId/],
    ['users?ids=,20230001', /^ids必须是逗号分隔的userId/],
    ['users?ids=20230001,', /^ids必须是逗号分隔的userId/],
    [`users?ids=${tooMany}`, /^ids必须是逗号分隔的userId：1到500个/],
    [`users?search=${'x'.repeat(101)}`, /^search最多100个字符/],
    ['messages?ids=a,,b', /^ids必须是逗号分隔的msgId/],
    [`messages?ids=${manyMessages}`, /^ids必须是逗号分隔的msgId：1到200个/],
  ];
  for (const [path, message] of cases) {
    const res = await request(`${mock.url}/__umc/${path}`);
    t.equal(res.status, 400, path.slice(0, 60));
    t.match(res.json.error, message, path.slice(0, 60));
  }
  t.equal((await request(`${mock.url}/__umc/users?ids=${Array.from({ length: 500 }, (_, i) => `u${i}`).join(',')}`)).status, 200, '500 ids are fine');
  t.equal((await request(`${mock.url}/__umc/users?search=${'x'.repeat(100)}`)).status, 200, '100 characters are fine');
  t.equal((await request(`${mock.url}/__umc/users?ids=`)).status, 200, 'a blank ids is absent: the whole directory');
});

t.test('GET /__umc/messages?ids= answers those messages, newest first, with the other filters', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const first = await sent(mock.url, token, { msgtitle: '第一条' });
  const second = await sent(mock.url, token, { msgtitle: '第二条', receivers: JSON.stringify([{ type: 'User', userId: '20230002' }]) });
  await sent(mock.url, token, { msgtitle: '第三条' });
  const both = await request(`${mock.url}/__umc/messages?ids=${first},${second},no-such-msg`);
  t.equal(both.status, 200);
  t.same(both.json.messages.map((m: { title: string }) => m.title), ['第二条', '第一条'], 'newest first, unknown ids left out');
  t.equal(both.json.total, 2);
  const filtered = await request(`${mock.url}/__umc/messages?ids=${first},${second}&userId=20230002`);
  t.same(filtered.json.messages.map((m: { msgId: string }) => m.msgId), [second], 'with userId');
});

t.test('GET /__umc/messages?ids= answers every message named (200), not the 100 newest a bare listing stops at', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const ids: string[] = [];
  for (let i = 0; i < 200; i++) ids.push(await sent(mock.url, token, { msgtitle: `通知 ${i}` }));
  const named = await request(`${mock.url}/__umc/messages?ids=${ids.join(',')}`);
  t.equal(named.json.messages.length, 200, 'all 200 named');
  t.equal((await request(`${mock.url}/__umc/messages`)).json.messages.length, 100, 'no ids, no limit: the 100 newest');
  t.equal((await request(`${mock.url}/__umc/messages?ids=${ids.join(',')}&limit=30`)).json.messages.length, 30, 'a limit still pages them');
});

t.test('events name what changed: the msgId a send created, the msgIds a delivery moved, the person and message of an action', async (t) => {
  const mock = await startTestMock(t, { scenario: SLOW(60) });
  const { next } = await openStream(t, mock.url);
  await next('hello');
  const token = await getToken(mock.url);
  const tokenEvent = await next('request');
  t.equal(tokenEvent.msgId, undefined, 'a token names no message');

  const msgId = await sent(mock.url, token, { isReply: '1' });
  t.match(await next('request'), { operationId: 'sendMessageApi', msgId }, 'a send names the message it created');
  const journal = await request(`${mock.url}/__umc/requests?limit=1`);
  t.equal(journal.json.requests[0].msgId, msgId, 'the journal entry names it too');
  await postForm(`${mock.url}/message/sendMessageApi`, { token });
  const refused = await next('request');
  t.equal(refused.msgId, undefined, 'a refused send names none');

  const progress = await postForm(`${mock.url}/message/getProgress`, { token, msgId });
  t.equal(progress.json.rspCode, '000000');
  t.equal((await next('request')).msgId, undefined, 'a call that changes nothing names nothing');

  await advance(mock.url, 61);
  t.match(await next('action'), { route: 'POST /__umc/clock' });
  t.same((await next('delivery')).msgIds, [msgId], 'the delivery names the message that moved');

  await postJson(`${mock.url}/__umc/users/20230001/read`, { msgId });
  t.match(await next('action'), { route: 'POST /__umc/users/:userId/read', userId: '20230001', msgId }, 'a person reading: who and what');
  await postJson(`${mock.url}/__umc/users/20230002/unsubscribe`, { appId: 'MSG123456' });
  const unsubscribed = await next('action');
  t.match(unsubscribed, { route: 'POST /__umc/users/:userId/unsubscribe', userId: '20230002' });
  t.equal(unsubscribed.msgId, undefined);
});

t.test('a delivery event that would name more than 100 messages names none (readers read their list again)', async (t) => {
  const mock = await startTestMock(t, { scenario: SLOW(60) });
  const token = await getToken(mock.url);
  for (let i = 0; i < 101; i++) await sent(mock.url, token, { msgtitle: `第${i}条` });
  const { next } = await openStream(t, mock.url);
  await next('hello');
  await advance(mock.url, 61);
  const delivery = await next('delivery');
  t.equal(delivery.msgIds, undefined, 'too many to name');
});
