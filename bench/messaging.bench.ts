/**
 * Does the number of stored messages slow 5.2.4 or 5.2.6? Stores 1k, 10k and 100k messages
 * through the domain, then times the operations in-process and over HTTP (sequential requests,
 * medians). Run with `npm run bench` (never part of `npm test`).
 */
import { performance } from 'node:perf_hooks';
import type { Person } from '../src/domain/messaging/directory.js';
import type { SendRequest } from '../src/domain/messaging/send.js';
import type { Platform } from '../src/domain/platform.js';
import { createMock, type Mock } from '../src/create-mock.js';
import { loadScenario } from '../src/store/scenarios.js';

const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const HTTP_REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const DOMAIN_CALLS = 20_000;
const POPULATION = 2000;
/** The probe person receives every 10th message, so their mailbox grows with the store too. */
const PROBE = '20230001';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length * 0.95)]!;
}

/** A mock (built as the CLI builds one) whose platform holds `messages` messages, delivered. */
async function mockWith(messages: number): Promise<{ mock: Mock; platform: Platform; msgIds: string[] }> {
  const scenario = loadScenario('default');
  const people: Person[] = Array.from({ length: POPULATION }, (_, i) => ({ userId: `B${String(i).padStart(5, '0')}`, name: `人员${i}`, email: `b${i}@example.edu.cn` }));
  scenario.people = [...(scenario.people ?? []), ...people];
  const mock = await createMock({ port: 0, scenario, seed: 42, logLevel: 'silent' });
  const platform = mock.platform;
  const app = platform.app('MSG123456')!;
  const msgIds: string[] = [];
  for (let i = 0; i < messages; i++) {
    const receivers = [0, 1, 2].map((k) => ({ type: 'User', userId: people[(i * 7 + k * 131) % POPULATION]!.userId }));
    if (i % 10 === 0) receivers.push({ type: 'User', userId: PROBE });
    const todo = i % 4 === 0;
    const req: SendRequest = {
      msgtitle: `${todo ? '待办' : '通知'}第${i}号`,
      msgType: '1',
      msgContent: `第${i}条消息的内容`,
      sendStatus: '1',
      sendChannel: 'Portal,Mail',
      sendMode: 'normal',
      receivers,
      ...(todo ? { sendMsgType: '4', waitLink: `https://oa.example.edu.cn/todo/${i}` } : {}),
    };
    msgIds.push(platform.messaging.send(app, req).msgId);
  }
  platform.clock.advance(10); // everything delivered
  return { mock, platform, msgIds };
}

async function timeHttp(url: string, bodies: string[]): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < bodies.length; i++) {
    const start = performance.now();
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: bodies[i] });
    const text = await res.text();
    times.push(performance.now() - start);
    if (!text.startsWith('{"rspCode":"000000"')) throw new Error(`unexpected answer: ${text.slice(0, 200)}`);
  }
  return times;
}

function timeDomain(calls: number, call: (i: number) => unknown): number {
  for (let i = 0; i < 1000; i++) call(i);
  const start = performance.now();
  for (let i = 0; i < calls; i++) call(i);
  return ((performance.now() - start) / calls) * 1000; // µs per call
}

interface Row {
  size: number;
  storeSeconds: number;
  probeMailbox: number;
  domain: Record<string, number>;
  http: Record<string, { median: number; p95: number }>;
}

async function measure(size: number): Promise<Row> {
  const started = performance.now();
  const { mock, platform, msgIds } = await mockWith(size);
  const storeSeconds = (performance.now() - started) / 1000;
  const app = platform.app('MSG123456')!;
  const pick = (i: number) => msgIds[(i * 7919) % msgIds.length]!;
  const probeMailbox = platform.messaging.userCount(app, PROBE).total;

  const domain = {
    'getProgress': timeDomain(DOMAIN_CALLS, (i) => platform.messaging.progress(app, pick(i))),
    'user/list': timeDomain(DOMAIN_CALLS, () => platform.messaging.userList(app, { account: PROBE, page: 1, size: 20 })),
    'user/list type=3': timeDomain(DOMAIN_CALLS, () => platform.messaging.userList(app, { account: PROBE, page: 1, size: 20, type: '3' })),
    'user/count': timeDomain(DOMAIN_CALLS, () => platform.messaging.userCount(app, PROBE)),
    'user/list search': timeDomain(Math.max(200, DOMAIN_CALLS / 100), () => platform.messaging.userList(app, { account: PROBE, page: 1, size: 20, search: '通知第1' })),
  };

  const base = await mock.listen();
  const tokenRes = await (await fetch(`${base}/msg/getThirdAPIToken?appId=MSG123456&appPassword=MTIzNDU2Nzg5MGFiY2RlZjEyMzQ1Njc4OTBhYmNkZWY`)).json();
  const token = (tokenRes as { resultData: { token: string } }).resultData.token;
  const bodies = (make: (i: number) => Record<string, string>) => Array.from({ length: HTTP_REQUESTS }, (_, i) => new URLSearchParams({ token, ...make(i) }).toString());
  const http: Row['http'] = {};
  const cases: [string, string, (i: number) => Record<string, string>][] = [
    ['getProgress', '/message/getProgress', (i) => ({ msgId: pick(i) })],
    ['user/list', '/api/message/user/list', () => ({ account: PROBE, page: '1', size: '20' })],
    ['user/list type=3', '/api/message/user/list', () => ({ account: PROBE, page: '1', size: '20', type: '3' })],
  ];
  for (const [name, path, make] of cases) {
    await timeHttp(`${base}${path}`, bodies(make).slice(0, 200)); // warm-up
    const times = await timeHttp(`${base}${path}`, bodies(make));
    http[name] = { median: median(times), p95: p95(times) };
  }
  await mock.close();
  return { size, storeSeconds, probeMailbox, domain, http };
}

await measure(1000); // warm-up: let the JIT settle before anything is recorded
const rows: Row[] = [];
for (const size of SIZES) {
  const row = await measure(size);
  rows.push(row);
  console.log(`stored ${size} messages in ${row.storeSeconds.toFixed(1)} s; probe mailbox ${row.probeMailbox} messages`);
}

const first = rows[0]!;
const last = rows[rows.length - 1]!;
console.log('\nHTTP, sequential requests (ms):');
for (const name of Object.keys(first.http)) {
  const cells = rows.map((r) => `${r.size}: median ${r.http[name]!.median.toFixed(3)} p95 ${r.http[name]!.p95.toFixed(3)}`);
  console.log(`  ${name.padEnd(18)} ${cells.join(' | ')} | ratio ${last.size}/${first.size} ${(last.http[name]!.median / first.http[name]!.median).toFixed(2)}`);
}
console.log('\nIn-process domain calls (µs per call):');
for (const name of Object.keys(first.domain)) {
  const cells = rows.map((r) => `${r.size}: ${r.domain[name]!.toFixed(2)}`);
  console.log(`  ${name.padEnd(18)} ${cells.join(' | ')} | ratio ${(last.domain[name]! / first.domain[name]!).toFixed(2)}`);
}
