/**
 * What does --data cost? With 1k, 10k and 100k stored messages, the same sequential sends over
 * HTTP against a memory-only mock (the baseline) and two --data mocks: the fsync policy (each log
 * line fdatasynced before its change is acknowledged) and, for the trade-off, the same without
 * the fdatasync (written to the OS, not known to be on disk). Medians and their ratios to the
 * baseline, all in one run. Plus the one-off costs: a compaction (snapshot rewrite, due every
 * COMPACT_EVERY changes, so amortised per change), loading the state at start-up, and undoing a
 * change whose log line could not be written (the state rebuilt from the files). Run with
 * `npm run bench -- persistence`.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createClock } from '../src/domain/clock.js';
import type { SendRequest } from '../src/domain/messaging/send.js';
import { Platform } from '../src/domain/platform.js';
import { createIdSource } from '../src/domain/random.js';
import { MockDoor } from '../src/mock/handle.js';
import { buildServer } from '../src/server/app.js';
import { API_OPERATIONS } from '../src/mock/api-operations.js';
import { MockCore } from '../src/mock/core.js';
import { filePersistence, stateHost } from '../src/mock/persistence.js';
import { DataFileError, realFs, type DataFs } from '../src/store/data-files.js';
import { Recorder } from '../src/store/recorder.js';
import { loadScenario } from '../src/store/scenarios.js';
import { COMPACT_EVERY, StateFile } from '../src/store/state-file.js';

const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const SENDS = Number(process.env.BENCH_REQUESTS ?? 500);
const RECEIVERS = ['20230001', '20230002', 'T0001', '20230004'];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function request(i: number): SendRequest {
  return {
    msgtitle: `通知第${i}号`,
    msgType: '1',
    msgContent: `第${i}条消息的内容，提醒大家按时参加活动`,
    sendStatus: '1',
    sendChannel: 'Portal,Mail',
    sendMode: 'normal',
    receivers: [0, 1].map((k) => ({ type: 'User', userId: RECEIVERS[(i + k) % RECEIVERS.length]! })),
  };
}

function platform(recorder: Recorder): Platform {
  return new Platform({ scenario: loadScenario('default'), clock: recorder.wrapClock(createClock()), ids: recorder.wrapIds(createIdSource(7)) });
}

function fill(p: Platform, count: number): void {
  const app = p.app('MSG123456')!;
  for (let i = 0; i < count; i++) p.messaging.send(app, request(i));
}

/**
 * Sends over HTTP to a server over `p`. Built from its parts, not by createMock: this bench fills a
 * platform before its state file exists and times the file's own steps (first snapshot, rollback, reload).
 */
async function timeSends(p: Platform, persistence: ReturnType<typeof filePersistence> | undefined): Promise<number> {
  const app = await buildServer(new MockDoor(new MockCore({ platform: p, persistence })));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const tokenRes = await fetch(`${url}/msg/getThirdAPIToken?appId=MSG123456&appPassword=MTIzNDU2Nzg5MGFiY2RlZjEyMzQ1Njc4OTBhYmNkZWY`);
  const token = ((await tokenRes.json()) as { resultData: { token: string } }).resultData.token;
  const times: number[] = [];
  for (let i = 0; i < SENDS; i++) {
    const r = request(i);
    const body = new URLSearchParams({ ...(r as unknown as Record<string, string>), token, receivers: JSON.stringify(r.receivers) }).toString();
    const start = performance.now();
    const res = await fetch(`${url}/message/sendMessageApi`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    const text = await res.text();
    times.push(performance.now() - start);
    if (!text.startsWith('{"rspCode":"000000"')) throw new Error(text.slice(0, 200));
  }
  await app.close();
  return median(times.slice(Math.floor(SENDS / 10)));
}

/** node:fs whose next write to the log fails with ENOSPC, once, when `failNext` is set. */
function failingOnce(): { fs: DataFs; failNext: () => void } {
  let fail = false;
  const fs: DataFs = {
    ...realFs,
    writeSync: ((...args: Parameters<typeof realFs.writeSync>) => {
      if (fail) {
        fail = false;
        throw Object.assign(new Error('ENOSPC: simulated'), { code: 'ENOSPC' });
      }
      return (realFs.writeSync as (...a: unknown[]) => number)(...args);
    }) as typeof realFs.writeSync,
  };
  return { fs, failNext: () => (fail = true) };
}

/** A --data platform holding `size` messages, its file opened (writing the first snapshot). */
function durablePlatform(size: number, fsync: boolean, fs?: DataFs) {
  const dir = mkdtempSync(join(tmpdir(), 'umc-bench-'));
  const file = join(dir, 'state.json');
  const recorder = new Recorder();
  const p = platform(recorder);
  fill(p, size);
  const stateFile = new StateFile(file, recorder, { compactEvery: Number.MAX_SAFE_INTEGER, compactBytes: Number.MAX_SAFE_INTEGER, fsync, fs });
  const host = stateHost(p);
  const compactStart = performance.now();
  stateFile.load(host, 'default', 7, new MockCore({ platform: p })); // a new file: writes the first snapshot
  const compactMs = performance.now() - compactStart;
  return { dir, file, p, stateFile, host, compactMs };
}

// Warm the JIT on the send path first, so the first measured row is not the slower for it.
await timeSends(platform(new Recorder()), undefined);

const rows: Record<string, string | number>[] = [];
for (const size of SIZES) {
  const memory = platform(new Recorder());
  fill(memory, size);
  const memoryMs = await timeSends(memory, undefined);

  const unsynced = durablePlatform(size, false);
  const unsyncedMs = await timeSends(unsynced.p, filePersistence(unsynced.stateFile, unsynced.p));
  unsynced.stateFile.release();
  rmSync(unsynced.dir, { recursive: true, force: true });

  const disk = failingOnce();
  const durable = durablePlatform(size, true, disk.fs);
  const { file, p: durablePlatformOf, stateFile, host, compactMs } = durable;
  const persistence = filePersistence(stateFile, durablePlatformOf, () => {});
  const dataMs = await timeSends(durablePlatformOf, persistence);

  // A failed append: the change is undone by rebuilding the state from the snapshot and the log.
  const app = durablePlatformOf.app('MSG123456')!;
  const params = request(SENDS) as unknown as Record<string, unknown>;
  disk.failNext();
  const rollbackStart = performance.now();
  try {
    persistence.run({ kind: 'api', operationId: 'sendMessageApi', appId: app.appId, params }, () => API_OPERATIONS.sendMessageApi!({ platform: durablePlatformOf, app, params }));
    throw new Error('the append should have failed');
  } catch (err) {
    if (!(err instanceof DataFileError)) throw err;
  }
  const rollbackMs = performance.now() - rollbackStart;

  stateFile.compact(host, 'default');
  const bytes = statSync(file).size;
  stateFile.release();

  const loadStart = performance.now();
  const reopened = platform(new Recorder());
  const reopenedFile = new StateFile(file, new Recorder());
  reopenedFile.load(stateHost(reopened), 'default', 7, new MockCore({ platform: reopened }));
  const loadMs = performance.now() - loadStart;
  reopenedFile.release();
  rmSync(durable.dir, { recursive: true, force: true });

  rows.push({
    messages: size,
    'send memory (ms)': memoryMs.toFixed(3),
    'send --data, fdatasync per change (ms)': dataMs.toFixed(3),
    'ratio (fdatasync)': (dataMs / memoryMs).toFixed(2),
    'send --data, no fsync (ms)': unsyncedMs.toFixed(3),
    'ratio (no fsync)': (unsyncedMs / memoryMs).toFixed(2),
    'compaction (ms)': compactMs.toFixed(0),
    [`amortised per change (ms, every ${COMPACT_EVERY})`]: (compactMs / COMPACT_EVERY).toFixed(3),
    'snapshot (MB)': (bytes / 1e6).toFixed(1),
    'load at start (ms)': loadMs.toFixed(0),
    [`undo a failed write (ms, ${SENDS + 1} log lines)`]: rollbackMs.toFixed(0),
  });
  console.log(JSON.stringify(rows.at(-1)));
}
const title = `--data (fdatasync per change, the policy; and without fsync, for the trade-off) vs memory: median latency of ${SENDS} sequential sends (5.3.1, two receivers) over HTTP, after N stored messages; ratios to memory`;
console.log(`\n${title}\n`);
console.table(rows);
const results = new URL('./results/', import.meta.url);
mkdirSync(results, { recursive: true });
const meta = { date: new Date().toISOString(), node: process.version, loadAverage: loadavg().map((l) => l.toFixed(2)), sends: SENDS, compactEvery: COMPACT_EVERY };
writeFileSync(new URL('persistence.json', results), `${JSON.stringify({ ...meta, rows }, null, 2)}\n`);
const headers = Object.keys(rows[0] ?? {});
const table = [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---:').join('|')}|`, ...rows.map((r) => `| ${headers.map((h) => r[h]).join(' | ')} |`)].join('\n');
writeFileSync(new URL('persistence.md', results), `# Persistence: the cost of --data\n\n${meta.date}, node ${meta.node}, load average ${meta.loadAverage.join(' ')} (\`npm run bench -- persistence\`). ${title}; the send path warmed up once before the first row.\n\n${table}\n`);
