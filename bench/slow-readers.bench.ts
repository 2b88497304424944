/**
 * Slow readers: clients that ask for a big answer and never read it, and crowds of event-stream
 * clients and long-polls. Against umc-mock in its own process, its heap capped at
 * --max-old-space-size=1024 so that the machine stays safe (a mock that runs out of it dies: the
 * table says so). Answers waiting for a client may also be held outside that heap, so the clients
 * are closed at once if the child's RSS passes BENCH_SLOW_RSS_CAP_MB (default 3,000).
 *
 * 1. BENCH_SLOW_STATIC (2,000) connections ask for /docs/swagger-ui-bundle.js (1.7 MB, public even
 *    with --admin-token) and never read;
 * 2. BENCH_SLOW_USERS (100) connections ask for /__umc/users on --scenario large-org (the whole
 *    directory, 8.5 MB) and never read;
 *    for each, the requests sent at once: how long until every client had the start of its answer
 *    (the mock builds them one at a time), the child's RSS then and its peak, how many of the
 *    connections the mock still holds (its socket descriptors) WATCH_MS later, and its RSS once the
 *    clients have closed them;
 * 3. BENCH_SLOW_STREAMS (2,000) clients open /__umc/events and read it, then 5.1.1 is timed (each
 *    call is an event written to every stream), and BENCH_SLOW_WAITS (2,000) /__umc/wait long-polls
 *    are opened: how many of each the mock accepted and refused.
 *
 * BENCH_SLOW_BEFORE=DIR runs the same against DIR's mock first (another checkout, built, e.g. the
 * code before a change). `npm run bench -- slow-readers`; writes bench/results/slow-readers.{json,md}.
 */
import { mkdirSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startChild, type ChildServer } from './child-server.js';
import { commitOf } from './commit.js';

const ROOT = join(import.meta.dirname, '..');
const BEFORE = process.env.BENCH_SLOW_BEFORE;
const STATIC = Number(process.env.BENCH_SLOW_STATIC ?? 2000);
const USERS = Number(process.env.BENCH_SLOW_USERS ?? 100);
const STREAMS = Number(process.env.BENCH_SLOW_STREAMS ?? 2000);
const WAITS = Number(process.env.BENCH_SLOW_WAITS ?? 2000);
const RSS_CAP = Number(process.env.BENCH_SLOW_RSS_CAP_MB ?? 3000) * 1e6;
/** How long the mock is watched once every client had the start of its answer: past its write timeout (20 s). */
const WATCH_MS = 25_000;
/** The longest the bench waits for every client to have the start of its answer. */
const ANSWERED_MS = 90_000;
/** Time for the mock to settle (answers built, buffers freed) before RSS is read. */
const SETTLE_MS = 3000;
const TOKEN_CALLS = 30;
const APP = { appId: 'MSG123456', appPassword: 'MTIzNDU2Nzg5MGFiY2RlZjEyMzQ1Njc4OTBhYmNkZWY' };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;

function mock(checkout: string, args: string[] = []): Promise<ChildServer> {
  return startChild('umc-mock', process.execPath, ['--max-old-space-size=1024', 'bin/umc-mock.js', '--port', '0', ...args], /API\s+(http:\/\/127\.0\.0\.1:\d+)/, { cwd: checkout });
}

/** The child's open sockets (each connection the mock still holds is one). */
function openSockets(server: ChildServer): number {
  const dir = `/proc/${server.pid}/fd`;
  let sockets = 0;
  for (const fd of readdirSync(dir)) {
    try {
      if (readlinkSync(`${dir}/${fd}`).startsWith('socket:')) sockets++;
    } catch {
      // closed while listed
    }
  }
  return sockets;
}

/**
 * A raw request whose answer is not read past its first chunk: the socket pauses then (its
 * bytesRead tells that the answer has started), and Node stops reading it once its own small
 * buffer is full; the rest waits in the kernel's socket buffers and in the mock.
 */
function nonReading(url: string, path: string): Promise<Socket> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const s = connect(Number(port), '127.0.0.1', () => s.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`, () => resolve(s)));
    s.once('data', () => s.pause());
    s.on('error', reject);
  });
}

/** How long a crowd's request may take to be answered before it counts as open (waiting or streaming). */
const ANSWER_MS = 3000;

/** A raw request that is read: resolves once connected, with its status to come (`open` if none came within ANSWER_MS). */
function reading(url: string, path: string, headers = ''): Promise<{ socket: Socket; status: Promise<number | 'open'> }> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const s = connect(Number(port), '127.0.0.1', () => {
      s.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}\r\n`);
      resolve({ socket: s, status });
    });
    s.on('error', reject);
    const status = new Promise<number | 'open'>((answered) => {
      const timer = setTimeout(() => answered('open'), ANSWER_MS);
      let head = '';
      s.setEncoding('utf8');
      s.on('data', (text: string) => {
        if (head.includes('\r\n')) return;
        head += text;
        if (!head.includes('\r\n')) return;
        clearTimeout(timer);
        answered(Number(head.split(' ')[1]));
      });
    });
  });
}

interface Attack {
  opened: number;
  /** Seconds until every client had the start of its answer (the mock answers one at a time). */
  answeredS: number;
  /** The child's RSS then, and its peak over the whole attack. */
  rssAnsweredMb: number;
  peakRssMb: number;
  /** Connections the mock still held WATCH_MS after every answer had started. */
  heldAfterWatch: number;
  /** The child's RSS SETTLE_MS after the clients closed their connections. */
  rssAfterCloseMb: number;
  /** The child's RSS passed the cap: the clients were closed at once to protect the machine. */
  capped: boolean;
  /** The child died during the attack: the line that says why. */
  died?: string;
}

/** The child's RSS, bytes, or NaN once it has exited. */
function rssOf(server: ChildServer): number {
  try {
    return server.memory().rss;
  } catch {
    return NaN;
  }
}

/** `count` non-reading requests for `path`, all sent at once. */
async function nonReadingAttack(server: ChildServer, path: string, count: number): Promise<Attack> {
  const idle = openSockets(server);
  const sockets: Socket[] = [];
  let peak = 0;
  let capped = false;
  const sample = setInterval(() => {
    const rss = rssOf(server);
    if (rss > peak) peak = rss;
    if (rss > RSS_CAP && !capped) {
      capped = true;
      for (const s of sockets) s.destroy();
    }
  }, 100);
  for (let i = 0; i < count && !capped; i += 10) {
    sockets.push(...(await Promise.all(Array.from({ length: Math.min(10, count - i) }, () => nonReading(server.url, path)))));
  }
  for (const s of sockets) s.on('error', () => undefined);
  const sentAt = performance.now();
  while (!capped && !server.exited() && sockets.some((s) => s.bytesRead === 0) && performance.now() - sentAt < ANSWERED_MS) await sleep(100);
  const answeredS = Math.round((performance.now() - sentAt) / 100) / 10;
  const rssAnsweredMb = mb(rssOf(server));
  await sleep(WATCH_MS);
  const heldAfterWatch = server.exited() ? NaN : Math.max(0, openSockets(server) - idle);
  for (const s of sockets) s.destroy();
  await sleep(SETTLE_MS);
  clearInterval(sample);
  const exit = server.exited();
  const died = exit && (exit.output.split('\n').find((line) => /FATAL|out of memory/i.test(line)) ?? `exit ${exit.code ?? exit.signal}`);
  return { opened: sockets.length, answeredS, rssAnsweredMb, peakRssMb: mb(peak), heldAfterWatch, rssAfterCloseMb: mb(rssOf(server)), capped, ...(died ? { died } : {}) };
}

async function timeTokenCalls(url: string): Promise<{ p50Ms: number; maxMs: number }> {
  const times: number[] = [];
  for (let i = 0; i < TOKEN_CALLS; i++) {
    const started = performance.now();
    await (await fetch(`${url}/msg/getThirdAPIToken?appId=${APP.appId}&appPassword=${APP.appPassword}`)).arrayBuffer();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50Ms: Math.round(times[Math.floor(times.length / 2)]! * 10) / 10, maxMs: Math.round(times.at(-1)! * 10) / 10 };
}

/** `count` requests at once (connected 100 at a time); how many got each status (or none yet: `open`). */
async function crowd(url: string, path: string, count: number, headers = ''): Promise<{ sockets: Socket[]; statuses: Record<string, number> }> {
  const opened: { socket: Socket; status: Promise<number | 'open'> }[] = [];
  for (let i = 0; i < count; i += 100) opened.push(...(await Promise.all(Array.from({ length: Math.min(100, count - i) }, () => reading(url, path, headers)))));
  const statuses: Record<string, number> = {};
  for (const status of await Promise.all(opened.map((o) => o.status))) statuses[status] = (statuses[status] ?? 0) + 1;
  return { sockets: opened.map((o) => o.socket), statuses };
}

interface Contender {
  name: string;
  commit: string;
  staticFile: Attack;
  users: Attack;
  streams: Record<string, number>;
  tokenWithoutStreams: { p50Ms: number; maxMs: number };
  tokenWithStreams: { p50Ms: number; maxMs: number };
  waits: Record<string, number>;
}

async function measure(name: string, checkout: string): Promise<Contender> {
  console.log(`${name}: ${STATIC} non-reading /docs/swagger-ui-bundle.js`);
  let server = await mock(checkout);
  const staticFile = await nonReadingAttack(server, '/docs/swagger-ui-bundle.js', STATIC);
  await server.stop();

  console.log(`${name}: ${USERS} non-reading /__umc/users on large-org`);
  server = await mock(checkout, ['--scenario', 'large-org']);
  const users = await nonReadingAttack(server, '/__umc/users', USERS);
  await server.stop();

  console.log(`${name}: ${STREAMS} event-stream clients, ${WAITS} waits`);
  server = await mock(checkout);
  const tokenWithoutStreams = await timeTokenCalls(server.url);
  const streams = await crowd(server.url, '/__umc/events', STREAMS, 'Accept: text/event-stream\r\n');
  for (const s of streams.sockets) s.resume();
  const tokenWithStreams = await timeTokenCalls(server.url);
  for (const s of streams.sockets) s.destroy();
  await sleep(500);
  const waits = await crowd(server.url, '/__umc/wait?userId=nobody&timeoutMs=60000', WAITS);
  for (const s of waits.sockets) s.destroy();
  await server.stop();
  return { name, commit: commitOf(checkout), staticFile, users, streams: streams.statuses, tokenWithoutStreams, tokenWithStreams, waits: waits.statuses };
}

const contenders: Contender[] = [];
if (BEFORE) contenders.push(await measure('before', BEFORE));
contenders.push(await measure('this checkout', ROOT));

const statuses = (s: Record<string, number>) => Object.entries(s).map(([status, n]) => `${n} × ${status}`).join(', ');
const attackRow = (c: Contender, what: string, a: Attack) =>
  `| ${c.name} (${c.commit}) | ${what} | ${a.opened} | ${a.answeredS} s | ${a.rssAnsweredMb} MB | ${a.peakRssMb} MB | ${a.heldAfterWatch} | ${a.rssAfterCloseMb} MB | ${a.died ? `died: ${a.died.trim()}` : a.capped ? 'RSS cap reached: clients closed' : ''} |`;
const md = [
  '# Slow readers',
  '',
  `${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)} at the end; the mock a child process (--max-old-space-size=1024), loopback (\`npm run bench -- slow-readers\`${BEFORE ? `, \`BENCH_SLOW_BEFORE=${BEFORE}\`` : ''}).`,
  '',
  `Connections that ask and never read, sent at once: how long until every one had the start of its answer, the child's RSS then and its peak, the connections it still held ${WATCH_MS / 1000} s later, its RSS ${SETTLE_MS / 1000} s after the clients closed them.`,
  '',
  '| code | answer not read | connections | all answered after | RSS then | peak RSS | still held | RSS after close | |',
  '|---|---|---:|---:|---:|---:|---:|---:|---|',
  ...contenders.flatMap((c) => [attackRow(c, '/docs/swagger-ui-bundle.js', c.staticFile), attackRow(c, '/__umc/users, large-org', c.users)]),
  '',
  `${STREAMS} event-stream clients (reading) and ${WAITS} long-polls opened at once; 5.1.1 timed ${TOKEN_CALLS} times in a row, without and with the streams open.`,
  '',
  '| code | event streams | 5.1.1 p50 / max, no stream | with the streams | waits |',
  '|---|---|---:|---:|---|',
  ...contenders.map((c) => `| ${c.name} (${c.commit}) | ${statuses(c.streams)} | ${c.tokenWithoutStreams.p50Ms} / ${c.tokenWithoutStreams.maxMs} ms | ${c.tokenWithStreams.p50Ms} / ${c.tokenWithStreams.maxMs} ms | ${statuses(c.waits)} |`),
  '',
].join('\n');
const out = join(ROOT, 'bench', 'results');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'slow-readers.json'), `${JSON.stringify(contenders, null, 2)}\n`);
writeFileSync(join(out, 'slow-readers.md'), md);
console.log(md);
