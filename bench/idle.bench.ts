/**
 * What do idle long-polls and stalled streams cost? Against umc-mock in its own process:
 * the server's CPU over 5 s of quiet, with nothing open, with 100 waits whose clients went away,
 * and with 100 waits still open; then its RSS after ${SENDS} sends with no event-stream client and
 * with 50 clients that never read their stream. Run with `npm run bench -- idle`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { startChild, type ChildServer } from './child-server.js';

const QUIET_MS = 5000;
const SENDS = Number(process.env.BENCH_SENDS ?? 20_000);
const APP = { appId: 'MSG123456', appPassword: 'MTIzNDU2Nzg5MGFiY2RlZjEyMzQ1Njc4OTBhYmNkZWY' };

async function mock(): Promise<ChildServer> {
  return startChild('umc-mock', process.execPath, ['bin/umc-mock.js', '--port', '0'], /API\s+(http:\/\/127\.0\.0\.1:\d+)/);
}

async function cpuOver(server: ChildServer, ms: number): Promise<number> {
  const before = server.cpuSeconds();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return Math.round((server.cpuSeconds() - before) * 1000);
}

function waits(url: string, n: number): AbortController[] {
  return Array.from({ length: n }, () => {
    const c = new AbortController();
    fetch(`${url}/__umc/wait?userId=nobody&timeoutMs=60000`, { signal: c.signal }).catch(() => undefined);
    return c;
  });
}

async function stalledStreams(url: string, n: number): Promise<Socket[]> {
  const { port } = new URL(url);
  return Promise.all(
    Array.from({ length: n }, () => new Promise<Socket>((resolve) => {
      const s = connect(Number(port), '127.0.0.1', () => {
        s.write('GET /__umc/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n');
        setTimeout(() => (s.pause(), resolve(s)), 100);
      });
      s.on('error', () => undefined);
    })),
  );
}

async function sends(url: string, n: number): Promise<void> {
  const token = ((await (await fetch(`${url}/msg/getThirdAPIToken?appId=${APP.appId}&appPassword=${APP.appPassword}`)).json()) as { resultData: { token: string } }).resultData.token;
  const body = (i: number) => new URLSearchParams({ token, msgtitle: `通知${i}`, msgType: '1', msgContent: '内容'.repeat(50), sendStatus: '1', sendChannel: 'Portal', sendMode: 'normal', receivers: '[{"userId":"20230001"}]' }).toString();
  for (let i = 0; i < n; i += 50) {
    await Promise.all(Array.from({ length: 50 }, (_, k) => fetch(`${url}/message/sendMessageApi`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body(i + k) }).then((r) => r.arrayBuffer())));
  }
}

const rows: Record<string, number> = {};
{
  const server = await mock();
  await cpuOver(server, 3000); // start-up's own work (compilation, GC) settles first
  rows.idleCpuMs = await cpuOver(server, QUIET_MS);
  const abandoned = waits(server.url, 100);
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (const c of abandoned) c.abort();
  rows.abandonedWaitsCpuMs = await cpuOver(server, QUIET_MS);
  const open = waits(server.url, 100);
  await new Promise((resolve) => setTimeout(resolve, 500));
  rows.openWaitsCpuMs = await cpuOver(server, QUIET_MS);
  for (const c of open) c.abort();
  await server.stop();
}
for (const stalled of [0, 50]) {
  const server = await mock();
  const sockets = await stalledStreams(server.url, stalled);
  await sends(server.url, SENDS);
  rows[`rssAfterSendsWith${stalled}StalledStreamsMb`] = Math.round(server.memory().rss / 1e5) / 10;
  for (const s of sockets) s.destroy();
  await server.stop();
}

const md = [
  '# Idle long-polls and stalled event streams',
  '',
  `Server CPU (user + system, from /proc, 10 ms ticks) over ${QUIET_MS / 1000} s of quiet, and RSS after ${SENDS} sends (\`npm run bench -- idle\`).`,
  '',
  '| situation | measured |',
  '|---|---:|',
  `| idle, nothing open | ${rows.idleCpuMs} ms CPU |`,
  `| 100 waits whose clients went away | ${rows.abandonedWaitsCpuMs} ms CPU |`,
  `| 100 waits still open | ${rows.openWaitsCpuMs} ms CPU |`,
  `| RSS after ${SENDS} sends, no event-stream client | ${rows.rssAfterSendsWith0StalledStreamsMb} MB |`,
  `| RSS after ${SENDS} sends, 50 clients that never read | ${rows.rssAfterSendsWith50StalledStreamsMb} MB |`,
  '',
].join('\n');
const out = join(import.meta.dirname, 'results');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'idle.json'), `${JSON.stringify(rows, null, 2)}\n`);
writeFileSync(join(out, 'idle.md'), md);
console.log(md);
