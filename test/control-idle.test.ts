// Long-polls and streams cost nothing when idle: an abandoned /__umc/wait leaves nothing behind
// (no timer, no listener), a wait is woken by events instead of scanning on a timer, and an event
// stream whose client stops reading is dropped once its buffer is full.
import { connect } from 'node:net';
import t from 'tap';
import { getToken, postForm, request, startTestMock } from './helpers/mock.js';

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

async function settle(ms = 100) {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Until the condition holds, at most `ms` (what it checks is asserted afterwards: a slow machine only waits longer). */
async function until(condition: () => boolean, ms = 10_000) {
  for (const end = Date.now() + ms; !condition() && Date.now() < end; ) await settle(20);
}

t.test('100 abandoned waits leave no timer and no listener behind', async (t) => {
  const mock = await startTestMock(t);
  const events = mock.events;
  await settle();
  const baseline = timers();
  const controllers = Array.from({ length: 100 }, () => new AbortController());
  const waits = controllers.map((c) => fetch(`${mock.url}/__umc/wait?userId=20230001&timeoutMs=60000`, { signal: c.signal }).catch(() => 'aborted'));
  await until(() => events.listenerCount === 100);
  t.equal(events.listenerCount, 100, 'each wait listens to the bus while its client is there');
  t.ok(timers() - baseline <= 101, 'one timeout each, no polling timers');
  for (const c of controllers) c.abort();
  t.same(new Set(await Promise.all(waits)), new Set(['aborted']));
  await until(() => events.listenerCount === 0 && timers() <= baseline);
  t.equal(events.listenerCount, 0, 'gone clients stop listening at once');
  t.ok(timers() <= baseline, `no timer left (${timers()} vs ${baseline} before)`);
});

t.test('a wait is woken by the delivery itself, not by a scan', async (t) => {
  const mock = await startTestMock(t);
  const events = mock.events;
  const token = await getToken(mock.url);
  const waiting = request(`${mock.url}/__umc/wait?userId=20230001&channel=Portal&timeoutMs=10000`);
  await settle(50);
  const sent = await postForm(`${mock.url}/message/sendMessageApi`, {
    token,
    msgtitle: '唤醒测试',
    msgType: '1',
    msgContent: '内容',
    sendStatus: '1',
    sendChannel: 'Portal',
    sendMode: 'normal',
    receivers: JSON.stringify([{ type: 'User', userId: '20230001', name: '张三' }]),
  });
  t.equal(sent.json.rspCode, '000000');
  const arrived = await waiting;
  t.equal(arrived.status, 200);
  t.match(arrived.json, { arrived: true, kind: 'message', id: sent.json.resultData.msgId });
  await settle(50);
  t.equal(events.listenerCount, 0);
  t.notOk(events.timerPending, 'nothing pending, no timer');
  const timeout = await request(`${mock.url}/__umc/wait?userId=nobody&timeoutMs=50`);
  t.equal(timeout.status, 408, 'a wait that finds nothing still times out');
});

t.test('an event stream whose client never reads is dropped once its buffer is full', async (t) => {
  const mock = await startTestMock(t);
  const events = mock.events;
  const { port } = new URL(mock.url);
  const socket = connect(Number(port), '127.0.0.1');
  t.teardown(() => socket.destroy());
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  socket.write('GET /__umc/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n');
  await settle(200);
  socket.pause(); // never reads again
  const closed = new Promise<boolean>((resolve) => socket.once('close', () => resolve(true)));
  t.equal(events.listenerCount, 1);
  // Events as fast as the mock can make them (each API call is one): past the kernel's socket
  // buffers, what the client does not read piles up in the server, until the limit drops it.
  for (let i = 0; i < 200_000 && events.listenerCount > 0; i++) events.emit({ type: 'action', route: `POST /__umc/clock ${'x'.repeat(200)}` });
  t.equal(events.listenerCount, 0, 'the stalled client was dropped');
  socket.resume();
  t.equal(await closed, true, 'its connection is closed');
});

t.test('a client that trickles its request is cut off (a servlet container connection timeout)', async (t) => {
  const mock = await startTestMock(t, { requestTimeoutMs: 300 });
  const socket = connect(Number(new URL(mock.url).port), '127.0.0.1');
  t.teardown(() => socket.destroy());
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  let answer = '';
  socket.on('data', (d) => (answer += d));
  socket.write('POST /message/getProgress HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ntoken=');
  const closedAfter = await new Promise<number>((resolve) => {
    const started = Date.now();
    socket.once('close', () => resolve(Date.now() - started));
  });
  t.ok(closedAfter < 5000, `closed after ${closedAfter} ms`);
  t.match(answer, /^HTTP\/1\.1 408/, 'with 408 Request Timeout');
  const ok = await request(`${mock.url}/__umc/health`);
  t.equal(ok.status, 200, 'the server goes on serving');
});
