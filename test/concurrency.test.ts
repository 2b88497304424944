// Many apps sending at once: every msgId unique, no message lost or counted twice, and no app
// able to see or touch another's progress (500005), replies (5.2.3) or todos (5.4.1).
import t from 'tap';
import { allPages, getToken, postForm, postJson, request, startTestMock, DEMO_APP } from './helpers/mock.js';
import { advance, replyTo, sendParams, userCount } from './helpers/messaging.js';

const APPS = 4;
const SENDS_PER_APP = 100;
/** Directory people subscribed to every app (20230008 and 20230010 unsubscribed from the demo app). */
const PEOPLE = ['20230001', '20230002', '20230003', '20230004', '20230005', '20230006', '20230007', '20230009'];

interface Caller {
  appId: string;
  token: string;
  msgIds: string[];
  todos: string[];
}

async function createApp(base: string, name: string): Promise<{ appId: string; appPassword: string }> {
  const res = await postJson(`${base}/__umc/apps`, { name, channels: ['Portal', 'Mail'], interfaces: { userCount: true, userList: true } });
  if (res.status !== 200) throw new Error(`app refused: ${res.text}`);
  return { appId: res.json.appId, appPassword: res.json.appPassword };
}

/** Message i of an app goes to two people; every other one is a todo, with its own waitLink. */
function receiversOf(app: number, i: number): string[] {
  return [PEOPLE[(app + i) % PEOPLE.length]!, PEOPLE[(app + i + 3) % PEOPLE.length]!];
}

t.test(`${APPS} apps × ${SENDS_PER_APP} concurrent sends: nothing lost, nothing doubled, nothing shared`, async (t) => {
  const mock = await startTestMock(t, { seed: 5 });
  const credentials = [DEMO_APP, ...(await Promise.all(Array.from({ length: APPS - 1 }, (_, i) => createApp(mock.url, `并发测试系统${i + 1}`))))];

  // Hundreds of token requests at once: all different.
  const tokenBatches = await Promise.all(credentials.map((c) => Promise.all(Array.from({ length: 50 }, () => getToken(mock.url, c)))));
  const allTokens = tokenBatches.flat();
  t.equal(new Set(allTokens).size, allTokens.length, `${allTokens.length} concurrent tokens are all different`);

  const callers: Caller[] = credentials.map((c, a) => ({ appId: c.appId, token: tokenBatches[a]![a]!, msgIds: [], todos: [] }));
  const expectedPerPerson = new Map<string, number>();

  // Every app's sends interleaved and in flight together.
  const sends = callers.flatMap((caller, a) =>
    Array.from({ length: SENDS_PER_APP }, (_, i) => {
      const todo = i % 2 === 0;
      const to = receiversOf(a, i);
      for (const p of to) expectedPerPerson.set(p, (expectedPerPerson.get(p) ?? 0) + 1);
      const params = sendParams(caller.token, {
        msgtitle: `${caller.appId}第${i}号${todo ? '待办' : '通知'}`,
        receivers: JSON.stringify(to.map((userId) => ({ type: 'User', userId }))),
        isReply: '1',
        ...(todo ? { sendMsgType: '4', waitLink: `https://oa.example.edu.cn/${caller.appId}/${i}` } : {}),
      });
      return postForm(`${mock.url}/message/sendMessageApi`, params).then((res) => ({ caller, todo, res }));
    }),
  );
  const answers = await Promise.all(sends);
  const refused = answers.filter(({ res }) => res.json?.rspCode !== '000000');
  t.same(refused.map(({ res }) => res.text), [], `all ${answers.length} concurrent sends accepted`);
  for (const { caller, todo, res } of answers) {
    caller.msgIds.push(res.json.resultData.msgId);
    if (todo) caller.todos.push(res.json.resultData.msgId);
  }
  const everyId = callers.flatMap((c) => c.msgIds);
  t.equal(new Set(everyId).size, APPS * SENDS_PER_APP, 'every msgId is unique across apps');
  await advance(mock.url, 60); // all delivered

  // The platform holds exactly what was accepted, per app.
  const all = await request(`${mock.url}/__umc/messages?limit=10000`);
  t.equal(all.json.total, APPS * SENDS_PER_APP, 'the platform holds every message once');
  for (const caller of callers) {
    const listed = await allPages<{ msgId: string }>(`${mock.url}/__umc/messages?appId=${caller.appId}&limit=10000`, 'messages');
    t.same(listed.map((m) => m.msgId).sort(), [...caller.msgIds].sort(), `${caller.appId}: its ${SENDS_PER_APP} messages, no more, no fewer`);
  }

  // 5.2.4 by the owner: two receivers, both counted once; by anyone else: 500005.
  const progress = await Promise.all(
    callers.flatMap((caller, a) =>
      caller.msgIds.map(async (msgId) => {
        const own = await postForm(`${mock.url}/message/getProgress`, { token: caller.token, msgId });
        const other = callers[(a + 1) % APPS]!;
        const foreign = await postForm(`${mock.url}/message/getProgress`, { token: other.token, msgId });
        return { own: own.json, foreign: foreign.json };
      }),
    ),
  );
  t.ok(
    progress.every(({ own }) => own.rspCode === '000000' && own.resultData.total === 2 && own.resultData.successCount + own.resultData.failCount === 2 && own.resultData.state === '1'),
    'every message: 2 receivers, each counted once, finished',
  );
  t.ok(
    progress.every(({ foreign }) => foreign.rspCode === '500005' && foreign.resultData === null),
    'no app reads another app’s progress (500005)',
  );

  // Each person's mailbox (5.2.5) holds what was sent to them by all apps, each message once.
  for (const [person, expected] of expectedPerPerson) {
    const count = await userCount(mock.url, callers[0]!.token, person);
    t.equal(count.json.resultData.total, expected, `${person}: ${expected} messages in the mailbox`);
  }

  // Replies: every receiver answers every message at once; 5.2.3 gives each app its own only.
  const replies = await Promise.all(
    callers.flatMap((caller, a) => caller.msgIds.map((msgId, i) => replyTo(mock.url, receiversOf(a, i)[0]!, msgId, `${caller.appId}的回复${i}`))),
  );
  t.ok(replies.every((r) => r.status === 200), `${replies.length} concurrent replies recorded`);
  const taken = await Promise.all(
    callers.map(async (caller) => {
      const got: { msgId: string; content: string }[] = [];
      // Two fetchers per app at once: a queue must never hand the same reply out twice.
      for (;;) {
        const batch = await Promise.all([0, 1].map(() => postForm(`${mock.url}/message/replyMessage`, { token: caller.token, count: '30' })));
        const items = batch.flatMap((b) => b.json.resultData as { msgId: string; content: string }[]);
        if (items.length === 0) break;
        got.push(...items);
      }
      return { caller, got };
    }),
  );
  for (const { caller, got } of taken) {
    const own = new Set(caller.msgIds);
    t.equal(got.length, SENDS_PER_APP, `${caller.appId}: all ${SENDS_PER_APP} of its replies, each once`);
    t.ok(got.every((r) => own.has(r.msgId) && r.content.startsWith(`${caller.appId}的回复`)), `${caller.appId}: none of another app’s replies`);
    t.equal(new Set(got.map((r) => r.msgId)).size, got.length, `${caller.appId}: no reply handed out twice`);
  }

  // Todos (5.4.1): another app cannot close them (500005) and the state does not move.
  const [a, b] = callers as [Caller, Caller];
  const attempts = await Promise.all(a.todos.map((msgId) => postForm(`${mock.url}/message/checkMessageStatusApi`, { token: b.token, msgId, state: '2' })));
  t.ok(attempts.every((r) => r.json.rspCode === '500005'), `${b.appId} cannot change ${a.appId}'s ${a.todos.length} todos (500005)`);
  const stillPending = await Promise.all(a.todos.map((msgId) => request(`${mock.url}/__umc/messages/${msgId}`)));
  t.ok(stillPending.every((r) => r.json.todoState === '1'), 'its todos are all still pending');
  const mine = await Promise.all(a.todos.map((msgId) => postForm(`${mock.url}/message/checkMessageStatusApi`, { token: a.token, msgId, state: '2' })));
  t.ok(mine.every((r) => r.json.rspCode === '000000'), 'its own app can close them, all at once');
});
