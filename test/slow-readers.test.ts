// Clients that ask and never read cannot pin the mock's memory: a large answer nobody takes is cut
// within seconds and released, any answer that stops draining is cut after the write timeout, and
// event streams and long-polls are capped (the newest refused with 503). docs/persistence.md: Security and durability.
import { connect, type Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import t from 'tap';
import { LARGE_ANSWER_BYTES, LARGE_ANSWER_STALL_MS } from '../src/control/large-answer.js';
import { EVENT_STREAM_LIMIT } from '../src/mock/control/inbox.js';
import { WAIT_LIMIT } from '../src/mock/control/message.js';
import { getToken, postForm, request, startTestMock, type TestMock } from './helpers/mock.js';

// A collection on demand, so that what the mock still references is all that is left.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Until the condition holds, at most `ms` (what it checks is asserted afterwards). */
async function until(condition: () => boolean, ms = 10_000) {
  for (const end = Date.now() + ms; !condition() && Date.now() < end; ) await settle(50);
}

/** Whether the mock has closed its end of a client's connection (told by the client's port). */
function closedByMock(mock: TestMock): (client: Socket) => boolean {
  const closed = new Set<number>();
  mock.server.on('connection', (socket: Socket) => {
    const port = socket.remotePort!;
    socket.once('close', () => closed.add(port));
  });
  return (client) => closed.has(client.localPort!);
}

/** A connection that sends `requests` (raw HTTP) and reads nothing back until `readAll` is called. */
async function nonReading(mock: TestMock, requests: string) {
  const socket: Socket = connect(Number(new URL(mock.url).port), '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  socket.pause();
  socket.write(requests);
  return {
    socket,
    /** Reads what arrived until the connection closes: everything the mock wrote before it was cut. */
    readAll: () =>
      new Promise<Buffer>((resolve) => {
        const chunks: Buffer[] = [];
        socket.on('data', (chunk: Buffer) => chunks.push(chunk));
        socket.once('close', () => resolve(Buffer.concat(chunks)));
        socket.resume();
      }),
  };
}

t.test('clients that stop reading a large answer are cut within seconds, and their answers released', async (t) => {
  const mock = await startTestMock(t);
  // Listings stop at 1 MiB, but one item larger than a page still comes whole: a message whose body
  // is 2,000,000 control characters (each written \u0001 in JSON) is a 12 MB answer.
  const token = await getToken(mock.url);
  const body = `token=${token}&msgtitle=t&msgType=1&sendStatus=1&sendChannel=Portal&sendMode=normal&receivers=[{"userId":"20230001"}]&msgContent=${'\u0001'.repeat(2_000_000)}`;
  const msgId = (await postForm(`${mock.url}/message/sendMessageApi`, body)).json.resultData.msgId as string;
  const path = `/__umc/messages/${msgId}`;
  // Delivered before it is read, so that every read of it is the same answer.
  await request(`${mock.url}/__umc/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"advanceSeconds":10}' });
  const full = await request(`${mock.url}${path}`);
  const size = Buffer.byteLength(full.text);
  t.ok(size > 4 * LARGE_ANSWER_BYTES, `the message is a large answer (${size} bytes)`);

  const closed = closedByMock(mock);
  gc();
  const before = process.memoryUsage().arrayBuffers;
  const sentAt = Date.now();
  const readers = await Promise.all(Array.from({ length: 4 }, () => nonReading(mock, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`)));
  t.teardown(() => readers.forEach((r) => r.socket.destroy()));

  // Timed from the requests, not from a look at memory: on a loaded machine the cut may come first.
  const allCut = () => readers.every((r) => closed(r.socket));
  await until(allCut, LARGE_ANSWER_STALL_MS + 8000);
  const cutAfter = Date.now() - sentAt;
  t.ok(allCut(), `the mock closed all four connections (${cutAfter} ms after the requests)`);
  t.ok(cutAfter < LARGE_ANSWER_STALL_MS + 8000, 'within the large-answer stall time, the answer building and a look');
  // A closed socket lets go of its answer once its close has run: look again until then.
  const held = () => (gc(), process.memoryUsage().arrayBuffers - before);
  await until(() => held() < size, 5000);
  t.ok(held() < size, `their answers were released (${held()} bytes more than before, one answer is ${size})`);

  for (const reader of readers) {
    const got = await reader.readAll();
    t.ok(got.length < size, `a client that reads again finds its answer cut short (${got.length} of ${size} bytes)`);
  }
  const again = await request(`${mock.url}${path}`);
  t.equal(Buffer.byteLength(again.text), size, 'a client that reads gets the whole answer');
});

t.test('a connection whose answers stop draining is cut after the write timeout', async (t) => {
  // Short, but long enough that a busy machine pausing this process (client and mock alike) is not taken for a stall.
  const mock = await startTestMock(t, { writeTimeoutMs: 1500 });
  const closed = closedByMock(mock);
  // Pipelined requests for the 73 KB docs document: once the kernel's buffers are full, the
  // answers queue in the mock (which stops reading requests) and drain no further.
  const docs = 'GET /docs/openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
  const pipelined = docs.repeat(400);
  const stalled = await nonReading(mock, pipelined);
  t.teardown(() => stalled.socket.destroy());
  const started = Date.now();
  await until(() => closed(stalled.socket));
  t.ok(closed(stalled.socket), `the mock closed it (${Date.now() - started} ms after the requests were sent)`);
  const got = await stalled.readAll();
  const answers = got.toString('latin1').split('HTTP/1.1 200 OK').length - 1;
  t.ok(answers < 400, `only ${answers} of the 400 answers had been taken`);

  // The last one asks the mock to close the connection once it is answered.
  const reader = await nonReading(mock, docs.repeat(99) + docs.replace('\r\n\r\n', '\r\nConnection: close\r\n\r\n'));
  const all = await reader.readAll();
  t.equal(all.toString('latin1').split('HTTP/1.1 200 OK').length - 1, 100, 'a client that reads gets every answer');
});

/** `n` raw requests at once; their statuses (undefined: no answer yet, still open). */
async function open(mock: TestMock, path: string, n: number, headers = '') {
  const port = Number(new URL(mock.url).port);
  return Promise.all(
    Array.from({ length: n }, () => new Promise<{ socket: Socket; head: Promise<string> }>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}\r\n`);
        resolve({ socket, head });
      });
      let text = '';
      const head = new Promise<string>((answered) => {
        socket.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
          if (text.includes('\r\n\r\n')) answered(text);
        });
      });
    })),
  );
}

t.test(`event streams are capped at ${EVENT_STREAM_LIMIT}: the newest is refused with 503`, async (t) => {
  const mock = await startTestMock(t);
  const streams = await open(mock, '/__umc/events', EVENT_STREAM_LIMIT, 'Accept: text/event-stream\r\n');
  t.teardown(() => streams.forEach((s) => s.socket.destroy()));
  const heads = await Promise.all(streams.map((s) => s.head));
  t.ok(heads.every((h) => h.startsWith('HTTP/1.1 200')), `${EVENT_STREAM_LIMIT} streams open`);
  t.equal(mock.events.streamCount, EVENT_STREAM_LIMIT);

  const refused = await request(`${mock.url}/__umc/events`, { headers: { accept: 'text/event-stream' } });
  t.equal(refused.status, 503, 'one more is refused');
  t.match(refused.contentType, /^application\/json/);
  t.match(refused.json.error, new RegExp(`${EVENT_STREAM_LIMIT}个事件流`), 'saying why');

  streams.pop()!.socket.destroy();
  await until(() => mock.events.streamCount < EVENT_STREAM_LIMIT);
  const [room] = await open(mock, '/__umc/events', 1, 'Accept: text/event-stream\r\n');
  t.teardown(() => room!.socket.destroy());
  t.match(await room!.head, /^HTTP\/1\.1 200/, 'once one closes, a new stream is accepted');
});

t.test(`long-polls are capped at ${WAIT_LIMIT}: the newest is refused with 503`, async (t) => {
  const mock = await startTestMock(t);
  const waits = await open(mock, '/__umc/wait?userId=nobody&timeoutMs=60000', WAIT_LIMIT);
  t.teardown(() => waits.forEach((w) => w.socket.destroy()));
  await until(() => mock.events.listenerCount === WAIT_LIMIT);
  t.equal(mock.events.listenerCount, WAIT_LIMIT, `${WAIT_LIMIT} waits waiting`);

  const refused = await request(`${mock.url}/__umc/wait?userId=nobody&timeoutMs=60000`);
  t.equal(refused.status, 503, 'one more is refused at once');
  t.match(refused.json.error, new RegExp(`${WAIT_LIMIT}个等待`), 'saying why');
  const found = await request(`${mock.url}/__umc/wait?userId=nobody&timeoutMs=0`);
  t.equal(found.status, 408, 'a wait that does not wait (timeoutMs=0) is still answered');

  for (const w of waits) w.socket.destroy();
  await until(() => mock.events.listenerCount === 0);
  const after = await request(`${mock.url}/__umc/wait?userId=nobody&timeoutMs=50`);
  t.equal(after.status, 408, 'once they went away, waits are accepted again');
});
