// The whole conversation around a message, over HTTP on a mock started on port 0 (issue 25): replies
// listed without taking them, replies 5.2.3 took still on record (bounded, kept by --data, older files
// load), the receivers a send left out because they unsubscribed, and the journal naming a card it created.
import t from 'tap';
import { mkdtempSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ControlClient } from '../../src/client/control-client.js';
import { startDataMock } from '../helpers/data-files.js';
import { OTHER_APP, advance, receivers, replyTo, sent } from '../helpers/messaging.js';
import { getToken, postForm, postJson, request, startTestMock } from '../helpers/mock.js';

const pull = (base: string, token: string, count?: string) => postForm(`${base}/message/replyMessage`, count ? { token, count } : { token });
const replies = async (base: string, query = '') => (await request(`${base}/__umc/replies${query}`)).json;
const chinaNow = async (base: string) => (await request(`${base}/__umc/clock`)).json.chinaTime as string;

t.test('GET /__umc/replies lists the pending replies without taking them; once 5.2.3 takes them they are listed as pulled, with when', async (t) => {
  const mock = await startTestMock(t);
  const mine = await getToken(mock.url);
  const theirs = await getToken(mock.url, OTHER_APP);
  const msgId = await sent(mock.url, mine, { isReply: '1', receivers: receivers('20230001', '20230002') });
  const other = await sent(mock.url, theirs, { isReply: '1' });
  await advance(mock.url, 5);
  await replyTo(mock.url, '20230001', msgId, '收到');
  await advance(mock.url, 1);
  await replyTo(mock.url, '20230001', other, '给教务系统');
  await advance(mock.url, 1);
  await replyTo(mock.url, '20230002', msgId, '好的');

  const pending = await replies(mock.url);
  t.equal(pending.total, 3);
  t.same(
    pending.replies.map((r: any) => [r.appId, r.user, r.content, r.state, r.pulledAt, r.pulledTime]),
    [
      ['MSG123456', '20230001', '收到', 'pending', null, null],
      ['MSG123456', '20230002', '好的', 'pending', null, null],
      ['MSG200001', '20230001', '给教务系统', 'pending', null, null],
    ],
    'app by app, in the order 5.2.3 will return them',
  );
  t.match(pending.replies[0], { msgId, time: /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/, at: /Z$/ });
  t.same(await replies(mock.url), pending, 'reading them takes nothing');
  t.same((await replies(mock.url, '?appId=MSG200001')).replies.map((r: any) => r.content), ['给教务系统'], 'by app');
  t.same((await replies(mock.url, '?userId=20230002')).replies.map((r: any) => r.content), ['好的'], 'by person');
  t.same((await replies(mock.url, `?msgId=${msgId}&limit=1`)).replies.map((r: any) => r.content), ['收到'], 'by message, paged');
  t.equal((await request(`${mock.url}/__umc/replies?state=taken`)).status, 400, 'state is pending, pulled or all');

  await advance(mock.url, 60);
  const pulledTime = await chinaNow(mock.url);
  const taken = await pull(mock.url, mine);
  t.same(taken.json.resultData.map((r: any) => r.content), ['收到', '好的'], '5.2.3 still returns what was listed');
  t.same((await replies(mock.url)).replies.map((r: any) => r.content), ['给教务系统'], 'taken: no longer pending');
  const pulled = await new ControlClient(mock.url).replies({ state: 'pulled' });
  t.same(
    pulled.replies.map((r) => [r.user, r.content, r.state, r.pulledTime]),
    [
      ['20230001', '收到', 'pulled', pulledTime],
      ['20230002', '好的', 'pulled', pulledTime],
    ],
    'still on record, with when 5.2.3 returned them',
  );
  t.same(pulled.replies.map((r) => r.time), taken.json.resultData.map((r: any) => r.time), 'each with the time 5.2.3 gave it');
  t.same((await replies(mock.url, '?state=all')).replies.map((r: any) => `${r.content}:${r.state}`), ['收到:pulled', '给教务系统:pending', '好的:pulled'], 'all: oldest reply first');
  t.same((await pull(mock.url, mine)).json.resultData, [], '5.2.3 returns each reply once');
});

t.test('a message keeps the newest 100 replies 5.2.3 returned', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const msgId = await sent(mock.url, token, { isReply: '1' });
  await advance(mock.url, 5);
  for (let i = 1; i <= 105; i++) await replyTo(mock.url, '20230001', msgId, `回复${i}`);
  t.equal((await pull(mock.url, token, '100')).json.resultData.length, 100);
  t.equal((await pull(mock.url, token)).json.resultData.length, 5);
  const kept = await replies(mock.url, `?msgId=${msgId}&state=pulled`);
  t.equal(kept.total, 100, 'bounded');
  t.equal(kept.replies[0].content, '回复6', 'the oldest forgotten first');
  t.equal(kept.replies.at(-1).content, '回复105');
});

t.test('a message remembers the receivers it left out because they unsubscribed, with why', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  t.equal((await postJson(`${mock.url}/__umc/users/20230002/unsubscribe`, { appId: 'MSG123456' })).status, 200);
  const answer = await postForm(`${mock.url}/message/sendMessageApi`, { token, msgtitle: '退订者也记在消息上', msgType: '1', msgContent: '内容', sendStatus: '1', sendChannel: 'Portal', sendMode: 'normal', receivers: JSON.stringify([{ userId: '20230008' }, { userId: '20230001' }, { userId: '20230002', name: '李同学' }]) });
  t.same(answer.json.resultData.noSubscribeList.map((u: any) => u.userId), ['20230008', '20230002']);
  const msgId = answer.json.resultData.msgId;

  const view = (await request(`${mock.url}/__umc/messages/${msgId}`)).json;
  t.same(view.unsubscribed, [
    { user: '20230008', name: '郑十', reason: 'unsubscribed' },
    { user: '20230002', name: '李同学', reason: 'unsubscribed' },
  ], 'in the order named, with the name the send gave');
  t.match(view.recipientSummary, { total: 1, unsubscribed: 2 }, 'counted apart from the receivers');
  t.same(view.recipients.map((r: any) => r.user), ['20230001']);
  const short = (await request(`${mock.url}/__umc/messages/${msgId}?recipients=1`)).json;
  t.same([short.unsubscribed.length, short.recipientSummary.unsubscribed], [1, 2], 'as many rows as receiver rows; the count says how many in all');
  const listed = (await request(`${mock.url}/__umc/messages?ids=${msgId}`)).json.messages[0];
  t.same(listed.unsubscribed.map((u: any) => u.user), ['20230008', '20230002'], 'in the listing too');
  const own = (await request(`${mock.url}/__umc/messages?userId=20230001`)).json.messages[0];
  t.same(own.unsubscribed, [], "a receiver's own view carries no one else");
});

t.test('a journal entry names what its call created: a 5.3.4 card by its cardId', async (t) => {
  const mock = await startTestMock(t);
  const token = await getToken(mock.url);
  const card = await postJson(`${mock.url}/message/cardMessage`, { token, userList: '20230001', title: '获奖通知', description: '恭喜', url: 'https://www.example.edu.cn/prize' });
  t.same([card.json.rspCode, card.json.resultData], ['000000', null], '5.3.4 still answers no id');
  const [item] = (await request(`${mock.url}/__umc/cards`)).json.items;
  const [entry] = (await request(`${mock.url}/__umc/requests?operationId=cardMessage`)).json.requests;
  t.equal(entry.msgId, item.cardId, 'the journal entry names the card');
  const refused = await postJson(`${mock.url}/message/cardMessage`, { token, userList: '', title: 'x', description: 'y', url: 'https://www.example.edu.cn/' });
  t.not(refused.json.rspCode, '000000');
  t.equal((await request(`${mock.url}/__umc/requests?operationId=cardMessage&limit=1`)).json.requests[0].msgId, undefined, 'a refused card created nothing');
});

t.test('--data keeps pulled replies and left-out receivers; a file from before them still loads, and its logged 5.2.3 replays', async (t) => {
  const file = join(mkdtempSync(join(tmpdir(), 'umc-conversation-')), 'state.json');
  const first = await startDataMock(file, { compactEvery: 1000 });
  const token = await getToken(first.url);
  const msgId = await sent(first.url, token, { isReply: '1', receivers: receivers('20230001', '20230008') });
  await advance(first.url, 5);
  await replyTo(first.url, '20230001', msgId, '第一条');
  await pull(first.url, token);
  await replyTo(first.url, '20230001', msgId, '第二条');
  const before = await replies(first.url, '?state=all');
  await first.app.close();

  const second = await startDataMock(file);
  t.same(await replies(second.url, '?state=all'), before, 'the pulled reply (with when) and the pending one survive');
  t.same((await request(`${second.url}/__umc/messages/${msgId}`)).json.unsubscribed.map((u: any) => u.user), ['20230008'], 'the left-out receiver survives');
  await second.app.close();

  // What a version before these records wrote: messages without them, and a 5.2.3 logged without a clock reading.
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  for (const message of doc.state.messaging.messages) {
    delete message.pulledReplies;
    delete message.unsubscribed;
  }
  writeFileSync(file, JSON.stringify(doc));
  appendFileSync(`${file}.log`, `${JSON.stringify({ kind: 'api', operationId: 'replyMessage', appId: 'MSG123456', params: { count: 100 }, seq: doc.seq + 1, tape: [], offsetMs: doc.state.clockOffsetMs })}\n`);
  const third = await startDataMock(file);
  t.teardown(() => third.app.close());
  t.match(third.data, { restored: true, replayed: 1 });
  const after = (await replies(third.url, '?state=all')).replies;
  t.same(after.map((r: any) => `${r.content}:${r.state}`), ['第二条:pulled'], "the older log's 5.2.3 took the pending reply; the file's earlier pull left no record");
  t.type(after[0].pulledTime, 'string');
  const view = (await request(`${third.url}/__umc/messages/${msgId}`)).json;
  t.same([view.unsubscribed, view.recipientSummary.unsubscribed], [[], 0], 'no left-out receivers on record');
  t.same((await pull(third.url, token)).json.resultData, [], 'nothing pending');
});
