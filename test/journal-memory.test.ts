// The journal's memory stays within its stated bound whatever it is sent: huge junk parameters (an
// attack that once took a mock to 2.3 GB) and huge answers (honest polling of a 30,000-receiver send).
// The mock runs in a process of its own with the collector exposed, so its heap is measured alone.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { JOURNAL_ENTRY_MAX_BYTES, MAX_STRING } from '../src/store/journal.js';
import { allPages, DEMO_APP, getToken, postForm, request } from './helpers/mock.js';

const JUNK = 'x'.repeat(1_900_000);
/** 5.2.4 without a token, with the junk as a parameter of its own. */
const JUNK_PARAM = `msgId=no-such-message&junk=${JUNK}`;
/** The junk as a second msgId, which the servlet drops (the first value wins): what is kept is short, read from the 1.9 MB body. */
const JUNK_DUPLICATE = `msgId=no-such-message-of-this-app&msgId=${JUNK}`;
/** What a heap measured after collection may differ by with nothing kept: compiled code, caches. */
const SLACK_BYTES = 4 * 1024 * 1024;

interface GcMock {
  url: string;
  /** The mock's heap in use, collected first. */
  heap(): Promise<number>;
}

/** A mock in its own process (test/helpers/gc-mock.ts), its heap capped so that a leak fails the test instead of the machine. */
async function forkGcMock(t: { teardown(fn: () => unknown): void }, scenario: string): Promise<GcMock> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./helpers/gc-mock.ts', import.meta.url)), [], {
    execArgv: ['--import=tsx', '--conditions=umc-kit-source', '--expose-gc', '--max-old-space-size=1024'],
    env: { ...process.env, UMC_SCENARIO: scenario },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  t.teardown(() => child.kill());
  const exited = once(child, 'exit').then(([code, signal]) => {
    throw new Error(`the mock's process ended (${code ?? signal})`);
  });
  exited.catch(() => undefined);
  const next = async () => ((await Promise.race([once(child, 'message'), exited])) as [Record<string, unknown>])[0];
  const { url } = (await next()) as { url: string };
  return {
    url,
    async heap() {
      child.send('heap');
      return ((await next()) as { heapUsed: number }).heapUsed;
    },
  };
}

/** Every string in a journal entry, its parameters' names and values included. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => [key, ...stringsOf(item)]);
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

t.test('huge junk parameters: the journal keeps a bounded copy of each, never the request', async (t) => {
  const mock = await forkGcMock(t, 'default');
  const send = (body: string) => postForm(`${mock.url}/message/getProgress`, body);
  for (let i = 0; i < 5; i++) await send(JUNK_PARAM); // the code paths compiled before the baseline
  let before = await mock.heap();
  const calls = 200;
  const codes = new Set<string>();
  for (let i = 0; i < calls; i++) codes.add((await send(JUNK_PARAM)).json?.rspCode);
  let grown = (await mock.heap()) - before;
  t.same([...codes], ['500003'], 'each refused without a token, and journalled');
  t.ok(grown < calls * JOURNAL_ENTRY_MAX_BYTES + SLACK_BYTES, `a long parameter: heap grew ${mb(grown)} for ${calls} entries (${Math.round(grown / calls)} B each; bound ${JOURNAL_ENTRY_MAX_BYTES} B each; a kept slice would be 1.9 MB each)`);

  const read = await request(`${mock.url}/__umc/requests?limit=1000`);
  t.equal(read.json.total, calls + 5);
  const [entry] = read.json.requests;
  t.match(entry.params.junk, /^x+…（共1900000字符）$/, 'the junk cut, saying how long it was');
  t.ok(read.json.requests.every((e: unknown) => stringsOf(e).every((s) => s.length <= MAX_STRING)), `no string of any entry is over ${MAX_STRING} characters`);
  t.ok(read.text.length < (calls + 5) * 2 * MAX_STRING, `the read is bounded: ${read.text.length} characters for ${calls + 5} entries`);

  before = await mock.heap();
  const short = 100;
  for (let i = 0; i < short; i++) await send(JUNK_DUPLICATE);
  grown = (await mock.heap()) - before;
  t.ok(grown < short * JOURNAL_ENTRY_MAX_BYTES + SLACK_BYTES, `short parameters of a long body: heap grew ${mb(grown)} for ${short} entries (bound ${JOURNAL_ENTRY_MAX_BYTES} B each)`);
  t.same((await request(`${mock.url}/__umc/requests?limit=1`)).json.requests[0].params, { msgId: 'no-such-message-of-this-app' });
});

t.test('60 polls of a 30,000-receiver progress: the journal keeps a bounded copy of each answer', async (t) => {
  const mock = await forkGcMock(t, 'large-org');
  const token = await getToken(mock.url, DEMO_APP);
  const users = await allPages<{ userId: string }>(`${mock.url}/__umc/users`, 'users');
  const receivers = JSON.stringify(users.map(({ userId }) => ({ type: 'User', userId })));
  const send = await postForm(`${mock.url}/message/sendMessageApi`, { token, msgtitle: '全校通知', msgType: '1', msgContent: '明天停课一天。', sendStatus: '1', sendChannel: 'DingTalk', sendMode: 'normal', receivers });
  t.equal(send.json.rspCode, '000000');
  await request(`${mock.url}/__umc/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceSeconds: 3600 }) });
  const poll = () => postForm(`${mock.url}/message/getProgress`, { token, msgId: send.json.resultData.msgId });
  const first = await poll();
  t.ok(first.text.length > 100 * MAX_STRING, `an answer of ${first.text.length} characters`);
  for (let i = 0; i < 5; i++) await poll();
  const before = await mock.heap();
  const polls = 60;
  for (let i = 0; i < polls; i++) await poll();
  const grown = (await mock.heap()) - before;
  t.ok(grown < polls * JOURNAL_ENTRY_MAX_BYTES + SLACK_BYTES, `heap grew ${mb(grown)} for ${polls} entries (${Math.round(grown / polls)} B each; bound ${JOURNAL_ENTRY_MAX_BYTES} B each; a kept answer would be about ${mb(2 * first.text.length)} each)`);
  const [entry] = (await request(`${mock.url}/__umc/requests?limit=1`)).json.requests;
  t.ok(entry.answer.length <= MAX_STRING && entry.answer.endsWith(`…（共${first.text.length}字符）`), 'the answer cut, saying how long it was');
});
