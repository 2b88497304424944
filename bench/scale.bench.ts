/**
 * Does the mock stay small and fast as messages pile up, and bounded under token churn?
 * 1. Stores 1,000,000 messages with two receivers each through the domain (as 5.3.1 does) and,
 *    at 10k, 100k and 1M, reports RSS, heap bytes per stored message (after a full GC), and
 *    5.2.4 (getProgress) and 5.2.6 (user/list) latency, in-process and over HTTP.
 * 2. Drives token requests and API calls for three simulated hours (the clock moves, nobody
 *    waits) and reports the token registry and the journal: both must plateau.
 * 3. The journal's cost per entry: CPU per entry written (a 5.1.1 and a 5.3.1 call, each with its
 *    own freshly read parameters and answer, as live), heap per entry kept, and CPU per entry read.
 * Targets (issues 8 and 15): < 1 KB heap per stored message; 5.2.4 and 5.2.6 flat from 10k to 1M.
 * Writes bench/results/scale.{json,md}. Run by `npm run bench` with --expose-gc.
 *
 * Env: BENCH_SCALE_SIZES (default 10000,100000,1000000), BENCH_REQUESTS (HTTP calls per case, 1000).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createClock } from '../src/domain/clock.js';
import type { Person } from '../src/domain/messaging/directory.js';
import type { SendRequest } from '../src/domain/messaging/send.js';
import { TOKEN_LIFETIME_SECONDS } from '../src/domain/tokens.js';
import { createMock } from '../src/create-mock.js';
import { envelope } from '../src/mock/envelope.js';
import { journalCall } from '../src/mock/journal-entry.js';
// A urlencoded body is read at once (only a multipart one gives a promise).
import { readRequestParams, type RequestParams } from '../src/mock/request-params.js';
import { loadSpec } from '../src/spec/load.js';
import { DEFAULT_JOURNAL_SIZE, Journal } from '../src/store/journal.js';
import { loadScenario } from '../src/store/scenarios.js';

const RESULTS = join(dirname(fileURLToPath(import.meta.url)), 'results');
const SIZES = (process.env.BENCH_SCALE_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const HTTP_REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const POPULATION = 2000;
/** Receives one message in ten, so their 5.2.6 mailbox grows with the store. */
const PROBE = '20230001';
const APP = { appId: 'MSG123456', appPassword: 'MTIzNDU2Nzg5MGFiY2RlZjEyMzQ1Njc4OTBhYmNkZWY' };
const gc = (globalThis as { gc?: () => void }).gc;

function fullGc(): void {
  if (!gc) return;
  for (let i = 0; i < 3; i++) gc();
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;

function timeDomain(calls: number, call: (i: number) => unknown): number {
  for (let i = 0; i < 1000; i++) call(i);
  const start = performance.now();
  for (let i = 0; i < calls; i++) call(i);
  return ((performance.now() - start) / calls) * 1000; // µs per call
}

async function timeHttp(url: string, bodies: string[]): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  const post = (body: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  for (const body of bodies) {
    let start = performance.now();
    // A keep-alive connection left idle while the store grew may be closed as it is reused: once
    // more on a new one (the failed attempt is not timed).
    const res = await post(body).catch(() => ((start = performance.now()), post(body)));
    const text = await res.text();
    times.push(performance.now() - start);
    if (!text.startsWith('{"rspCode":"000000"')) throw new Error(`unexpected answer: ${text.slice(0, 200)}`);
  }
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99) };
}

// --- 1. a million stored messages -------------------------------------------------------------
const scenario = loadScenario('default');
const people: Person[] = Array.from({ length: POPULATION }, (_, i) => ({ userId: `B${String(i).padStart(5, '0')}`, name: `人员${i}`, email: `b${i}@example.edu.cn` }));
scenario.people = [...(scenario.people ?? []), ...people];
const server = await createMock({ port: 0, scenario, seed: 42, logLevel: 'silent' });
const platform = server.platform;
const app = platform.app(APP.appId)!;
const base = await server.listen();

const msgIds: string[] = [];
function store(upTo: number): void {
  for (let i = msgIds.length; i < upTo; i++) {
    const second = i % 10 === 0 ? PROBE : people[(i * 7 + 131) % POPULATION]!.userId;
    const todo = i % 4 === 0;
    const req: SendRequest = {
      msgtitle: `${todo ? '待办' : '通知'}：第${i}号事项`,
      msgType: '1',
      msgContent: `请于本周内处理第${i}号事项，详情见系统。`,
      sendStatus: '1',
      sendChannel: 'Portal,Mail',
      sendMode: 'normal',
      receivers: [{ type: 'User', userId: people[i % POPULATION]!.userId }, { type: 'User', userId: second }],
      ...(todo ? { sendMsgType: '4', waitLink: `https://oa.example.edu.cn/todo/${i}` } : {}),
    };
    msgIds.push(platform.messaging.send(app, req).msgId);
  }
}

interface ScaleRow {
  messages: number;
  storeSeconds: number;
  rssBytes: number;
  heapUsedBytes: number;
  heapBytesPerMessage: number;
  probeMailbox: number;
  domainMicros: { getProgress: number; userList: number };
  http: { getProgress: { p50: number; p99: number }; userList: { p50: number; p99: number } };
}

fullGc();
// The baseline: everything but the messages (and the msgId list the bench itself keeps).
const baseHeap = process.memoryUsage().heapUsed;
const token = ((await (await fetch(`${base}/msg/getThirdAPIToken?appId=${APP.appId}&appPassword=${APP.appPassword}`)).json()) as { resultData: { token: string } }).resultData.token;
const rows: ScaleRow[] = [];
let storeMs = 0;
for (const size of SIZES) {
  const started = performance.now();
  store(size);
  storeMs += performance.now() - started;
  platform.clock.advance(10); // everything delivered
  fullGc();
  const mem = process.memoryUsage();
  // The bench's own msgId array (a pointer per message) is not the mock's: leave it out.
  const benchOwn = msgIds.length * 8;
  const pick = (i: number) => msgIds[(i * 7919) % msgIds.length]!;
  const domainMicros = {
    getProgress: timeDomain(20_000, (i) => platform.messaging.progress(app, pick(i))),
    userList: timeDomain(20_000, () => platform.messaging.userList(app, { account: PROBE, page: 1, size: 20 })),
  };
  const bodies = (make: (i: number) => Record<string, string>) => Array.from({ length: HTTP_REQUESTS }, (_, i) => new URLSearchParams({ token, ...make(i) }).toString());
  const progressBodies = bodies((i) => ({ msgId: pick(i) }));
  const listBodies = bodies(() => ({ account: PROBE, page: '1', size: '20' }));
  await timeHttp(`${base}/message/getProgress`, progressBodies.slice(0, 200));
  const httpProgress = await timeHttp(`${base}/message/getProgress`, progressBodies);
  await timeHttp(`${base}/api/message/user/list`, listBodies.slice(0, 200));
  const httpList = await timeHttp(`${base}/api/message/user/list`, listBodies);
  const row: ScaleRow = {
    messages: size,
    storeSeconds: storeMs / 1000,
    rssBytes: mem.rss,
    heapUsedBytes: mem.heapUsed,
    heapBytesPerMessage: (mem.heapUsed - baseHeap - benchOwn) / size,
    probeMailbox: platform.messaging.userCount(app, PROBE).total,
    domainMicros,
    http: { getProgress: httpProgress, userList: httpList },
  };
  rows.push(row);
  console.log(
    `${String(size).padStart(8)} messages: stored in ${row.storeSeconds.toFixed(1)} s, RSS ${(row.rssBytes / 2 ** 20).toFixed(0)} MB, heap ${(row.heapUsedBytes / 2 ** 20).toFixed(0)} MB = ${row.heapBytesPerMessage.toFixed(0)} B/message; ` +
      `5.2.4 ${domainMicros.getProgress.toFixed(2)} µs in-process, HTTP p50 ${httpProgress.p50.toFixed(3)} ms p99 ${httpProgress.p99.toFixed(3)} ms; ` +
      `5.2.6 (mailbox ${row.probeMailbox}) ${domainMicros.userList.toFixed(2)} µs, HTTP p50 ${httpList.p50.toFixed(3)} ms p99 ${httpList.p99.toFixed(3)} ms`,
  );
}
await server.close();
if (!gc) console.log('(run with --expose-gc for exact heap figures: npm run bench does)');

// --- 2. token churn over simulated hours --------------------------------------------------------
const CHURN_HOURS = 3;
const TOKENS_PER_MINUTE = 60;
const CALLS_PER_MINUTE = 60;
const churnMock = await createMock({ port: 0, seed: 7, journalSize: DEFAULT_JOURNAL_SIZE, logLevel: 'silent' });
const { platform: churnPlatform, app: churnServer } = churnMock;
const journal = churnMock.core.journal;
const churn: { minute: number; tokens: number; journal: number; heapGrowthBytes: number }[] = [];
fullGc();
// Growth from here: the million messages above are still in the heap and stay as they are.
const churnBaseHeap = process.memoryUsage().heapUsed;
let issued = 0;
let lastToken = '';
for (let minute = 1; minute <= CHURN_HOURS * 60; minute++) {
  for (let i = 0; i < TOKENS_PER_MINUTE; i++) {
    const res = await churnServer.inject({ method: 'GET', url: `/msg/getThirdAPIToken?appId=${APP.appId}&appPassword=${APP.appPassword}` });
    lastToken = (JSON.parse(res.body) as { resultData: { token: string } }).resultData.token;
    issued++;
  }
  for (let i = 0; i < CALLS_PER_MINUTE; i++) {
    await churnServer.inject({ method: 'POST', url: '/message/replyMessage', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `token=${lastToken}&count=10` });
  }
  churnPlatform.clock.advance(60);
  if (minute % 30 === 0) {
    fullGc();
    churn.push({ minute, tokens: churnPlatform.tokens.size, journal: journal.size, heapGrowthBytes: process.memoryUsage().heapUsed - churnBaseHeap });
  }
}
await churnServer.close();
const liveWindow = (TOKEN_LIFETIME_SECONDS / 60) * TOKENS_PER_MINUTE;
const maxTokens = Math.max(...churn.map((c) => c.tokens));
console.log(`\ntoken churn, ${CHURN_HOURS} simulated hours, ${TOKENS_PER_MINUTE} tokens and ${CALLS_PER_MINUTE} calls a minute (${issued} tokens issued):`);
for (const c of churn) console.log(`  ${String(c.minute).padStart(4)} min: ${c.tokens} live tokens, journal ${c.journal} entries, heap growth ${(c.heapGrowthBytes / 2 ** 20).toFixed(1)} MB`);

// --- 3. the journal's cost per entry ------------------------------------------------------------
const JOURNAL_ENTRIES = 100_000;
const spec = loadSpec();
const journalCases = [
  { op: spec.byId.get('getThirdAPIToken')!, url: `/msg/getThirdAPIToken?appId=${APP.appId}&appPassword=${APP.appPassword}`, body: undefined, result: { token: 'f0e1d2c3-b4a5-4968-8776-655443322110' } },
  {
    op: spec.byId.get('sendMessageApi')!,
    url: '/message/sendMessageApi',
    body: Buffer.from(new URLSearchParams({ token: 'f0e1d2c3-b4a5-4968-8776-655443322110', msgtitle: '关于期末考试安排的通知', msgType: '1', msgContent: '请各位同学于本周五前登录教务系统确认考试时间与考场。', sendStatus: '1', sendChannel: 'Portal,Mail', sendMode: 'normal', receivers: '[{"type":"User","userId":"20230001"},{"type":"User","userId":"20230002"}]' }).toString()),
    result: { msgId: '0b6c3a51-7c1e-4d8f-a0a2-63bb0e5e2c11', noSubscribeStatus: '0', noSubscribeList: [] },
  },
];
const journalClock = createClock();
const journalCost = journalCases.map(({ op, url, body, result }) => {
  // Every entry gets its own parameters and answer, as a live call's are.
  const make = () => ({ params: (readRequestParams(op, url, body ? 'application/x-www-form-urlencoded' : undefined, body) as RequestParams).params, answer: envelope(op, op.success.rspCode, op.success.rspMsg, { ...result }) });
  const write = (j: Journal, calls: { params: Record<string, unknown>; answer: string }[]) => {
    const started = process.cpuUsage();
    for (const c of calls) journalCall(j, journalClock, { method: 'POST', path: op.path, op, params: c.params, appId: APP.appId, rspCode: '000000', rspMsg: op.success.rspMsg }, 200, 0.5, c.answer);
    const used = process.cpuUsage(started);
    return (used.user + used.system) / calls.length;
  };
  const j = new Journal(JOURNAL_ENTRIES);
  write(j, Array.from({ length: 10_000 }, make)); // warm-up
  j.clear();
  fullGc();
  const before = process.memoryUsage().heapUsed;
  let calls = Array.from({ length: JOURNAL_ENTRIES }, make);
  const fillMicros = write(j, calls);
  calls = [];
  fullGc();
  const bytesPerEntry = (process.memoryUsage().heapUsed - before) / JOURNAL_ENTRIES;
  // The ring full: each entry written replaces the oldest.
  const steadyMicros = write(j, Array.from({ length: JOURNAL_ENTRIES }, make));
  const readStarted = process.cpuUsage();
  const read = j.list({ limit: 1000 }).length;
  const readUsed = process.cpuUsage(readStarted);
  return { operation: op.operationId, writeMicros: fillMicros, steadyWriteMicros: steadyMicros, bytesPerEntry, readMicrosPerEntry: (readUsed.user + readUsed.system) / read };
});
console.log('\njournal cost per entry:');
for (const c of journalCost) console.log(`  ${c.operation}: write ${c.writeMicros.toFixed(2)} µs (ring full: ${c.steadyWriteMicros.toFixed(2)} µs), ${c.bytesPerEntry.toFixed(0)} B kept, read ${c.readMicrosPerEntry.toFixed(2)} µs`);

// --- report -------------------------------------------------------------------------------------
const first = rows[0]!;
const last = rows[rows.length - 1]!;
const progressRatio = last.http.getProgress.p50 / first.http.getProgress.p50;
const listRatio = last.http.userList.p50 / first.http.userList.p50;
const progressDomainRatio = last.domainMicros.getProgress / first.domainMicros.getProgress;
const maxBytes = Math.max(...rows.map((r) => r.heapBytesPerMessage));
const verdicts = {
  heapUnder1KB: last.heapBytesPerMessage < 1024,
  getProgressFlat: progressRatio < 1.5,
  userListFlat: listRatio < 1.5,
  tokensBounded: maxTokens <= liveWindow + TOKENS_PER_MINUTE,
  journalBounded: churn.every((c) => c.journal <= DEFAULT_JOURNAL_SIZE),
};
const report = { date: new Date().toISOString(), node: process.version, exposeGc: Boolean(gc), rows, journalCost, churn: { hours: CHURN_HOURS, tokensPerMinute: TOKENS_PER_MINUTE, callsPerMinute: CALLS_PER_MINUTE, issued, liveWindow, samples: churn }, progressRatio, listRatio, progressDomainRatio, verdicts };
const ms = (x: number) => x.toFixed(3);
const markdown = [
  '# Scale: a million stored messages, and token churn',
  '',
  `${report.date}, node ${report.node}; messages stored through the domain (two receivers each, Portal+Mail, one in four a todo), HTTP calls sequential on loopback (\`npm run bench\`).`,
  '',
  '| stored messages | RSS | heap | heap per message | 5.2.4 in-process | 5.2.4 HTTP p50 / p99 | 5.2.6 mailbox | 5.2.6 in-process | 5.2.6 HTTP p50 / p99 |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.messages.toLocaleString('en')} | ${(r.rssBytes / 2 ** 20).toFixed(0)} MB | ${(r.heapUsedBytes / 2 ** 20).toFixed(0)} MB | ${r.heapBytesPerMessage.toFixed(0)} B | ${r.domainMicros.getProgress.toFixed(2)} µs | ${ms(r.http.getProgress.p50)} / ${ms(r.http.getProgress.p99)} ms | ${r.probeMailbox.toLocaleString('en')} | ${r.domainMicros.userList.toFixed(2)} µs | ${ms(r.http.userList.p50)} / ${ms(r.http.userList.p99)} ms |`,
  ),
  '',
  `5.2.4 HTTP p50 at ${last.messages.toLocaleString('en')} / at ${first.messages.toLocaleString('en')}: ${progressRatio.toFixed(2)}× (target: flat, < 1.5×); in-process ${progressDomainRatio.toFixed(2)}× (a hash lookup in a map of a million, a few µs against a request's few hundred). Heap per message at ${last.messages.toLocaleString('en')}: ${last.heapBytesPerMessage.toFixed(0)} B, at most ${maxBytes.toFixed(0)} B (target < 1024 B; the 10k figure carries more fixed overhead per message).`,
  '',
  `5.2.6 HTTP p50 at ${last.messages.toLocaleString('en')} / at ${first.messages.toLocaleString('en')}: ${listRatio.toFixed(2)}× (target: flat, < 1.5×; the probe's mailbox grows with the store, a page of 20 is read from its end).`,
  '',
  `The journal's cost per entry (a ring of ${JOURNAL_ENTRIES.toLocaleString('en')}; each entry with its own freshly read parameters and answer, as live; secrets are masked when an entry is first read):`,
  '',
  '| call journalled | CPU per entry written | written into a full ring | heap per entry kept | CPU per entry read |',
  '|---|---:|---:|---:|---:|',
  ...journalCost.map((c) => `| ${c.operation} | ${c.writeMicros.toFixed(2)} µs | ${c.steadyWriteMicros.toFixed(2)} µs | ${c.bytesPerEntry.toFixed(0)} B | ${c.readMicrosPerEntry.toFixed(2)} µs |`),
  '',
  `Token churn: ${CHURN_HOURS} simulated hours, ${TOKENS_PER_MINUTE} tokens and ${CALLS_PER_MINUTE} API calls a minute, ${issued.toLocaleString('en')} tokens issued; tokens live ${TOKEN_LIFETIME_SECONDS} s, so at most ${liveWindow} can be valid at once.`,
  '',
  '| simulated minute | live tokens | journal entries | heap growth since the churn began |',
  '|---:|---:|---:|---:|',
  ...churn.map((c) => `| ${c.minute} | ${c.tokens} | ${c.journal} | ${(c.heapGrowthBytes / 2 ** 20).toFixed(1)} MB |`),
  '',
  `Verdicts: ${Object.entries(verdicts).map(([k, v]) => `${k} ${v ? 'met' : 'MISSED'}`).join(', ')}.`,
  '',
].join('\n');
mkdirSync(RESULTS, { recursive: true });
writeFileSync(join(RESULTS, 'scale.json'), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(join(RESULTS, 'scale.md'), markdown);
console.log(`\n${markdown}\nwritten: bench/results/scale.json, bench/results/scale.md`);
if (Object.values(verdicts).some((v) => !v)) process.exitCode = 1;
