/**
 * The request journal under huge requests and huge answers: does the mock's memory stay flat? Each
 * mock is the built CLI in a child process, its heap capped at HEAP_MB (--max-old-space-size) so that
 * a mock that keeps what it should not dies of heap exhaustion rather than taking the machine with it.
 * Cases, each with its own mock, on loopback:
 *   attack          CALLS calls of 5.2.4 without a token and with one JUNK_CHARS-character junk
 *                   parameter (each refused 500003, each journalled), at the default journal size;
 *   read            then GET /__umc/requests?limit=1000 on that mock (when it is still alive);
 *   attack, 5000    the attack again with --journal-size 5000 and CALLS_5000 calls;
 *   polling         honest use: --scenario large-org, one 5.3.1 send to everyone in it, then POLLS
 *                   polls of 5.2.4 for its progress (an answer of hundreds of KB each).
 * Reported: the mock's RSS before each case, once a tenth of its calls were answered, and after; its
 * peak; whether it survived (and why not); the calls answered; the wall time; medians over
 * BENCH_ROUNDS rounds. Every case stops at DEADLINE_MS. Target: each mock of this checkout survives
 * every case, and from a tenth of the calls on its RSS grows by less than its journal's bound
 * (capacity × JOURNAL_ENTRY_MAX_BYTES).
 *
 * BENCH_JOURNAL_BEFORE=DIR adds DIR/bin/umc-mock.js (another checkout, built) as a second contender,
 * measured the same way in the same run. Writes bench/results/journal-memory.{json,md}.
 * Env: BENCH_JOURNAL_CALLS (1200), BENCH_JOURNAL_POLLS (1100), BENCH_ROUNDS (1).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_JOURNAL_SIZE, JOURNAL_ENTRY_MAX_BYTES } from '../src/store/journal.js';
import { startChild, type ChildServer } from './child-server.js';
import { commitOf } from './commit.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = join(ROOT, 'bench', 'results');
const BEFORE = process.env.BENCH_JOURNAL_BEFORE;
const CALLS = Number(process.env.BENCH_JOURNAL_CALLS ?? 1200);
const CALLS_5000 = 2 * CALLS;
const POLLS = Number(process.env.BENCH_JOURNAL_POLLS ?? 1100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const HEAP_MB = 1024;
const JUNK_CHARS = 1_900_000;
const DEADLINE_MS = 180_000;
const APP = { appId: 'MSG123456', appPassword: 'MTIzNDU2Nzg5MGFiY2RlZjEyMzQ1Njc4OTBhYmNkZWY' };
/** The channel whose progress names the most people (those without a DingTalk binding fail): the largest honest answer. */
const POLLED_CHANNEL = 'DingTalk';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
// One body for every attack call: no token, a msgId, and the junk (a Buffer, so it is encoded once).
const ATTACK_BODY = Buffer.from(`msgId=no-such-message&junk=${'x'.repeat(JUNK_CHARS)}`);

interface CaseRun {
  contender: string;
  case: string;
  journalSize: number;
  calls: number;
  answered: number;
  rssBeforeMb: number | null;
  /** Once a tenth of the calls were answered (none for the read, a single call). */
  rssAtTenthMb: number | null;
  rssAfterMb: number | null;
  peakRssMb: number | null;
  survived: boolean;
  /** Why the mock stopped, from its last output, when it did. */
  death?: string;
  seconds: number;
  /** The read: bytes of the answer; polling: bytes of one progress answer. */
  answerBytes?: number;
}

const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;

async function mock(cli: string, cwd: string, args: string[]): Promise<ChildServer> {
  return startChild('umc-mock', process.execPath, [`--max-old-space-size=${HEAP_MB}`, cli, '--port', '0', '--seed', '1', ...args], /API\s+(http:\/\/127\.0\.0\.1:\d+)/, { cwd, timeoutMs: 120_000 });
}

/** How a mock that stopped answering ended: V8's out-of-memory line, or its exit. */
function deathOf(server: ChildServer): string | undefined {
  const ended = server.exited();
  if (!ended) return undefined;
  const oom = ended.output.match(/Reached heap limit[^\n]*|JavaScript heap out of memory/);
  return `${oom ? `${oom[0]}; ` : ''}exit ${ended.code ?? ended.signal}`;
}

/** Waits up to 2 s for a mock that failed a request to be seen as ended (its pipes close a little after). */
async function settledDeath(server: ChildServer): Promise<string | undefined> {
  for (let i = 0; i < 20 && !server.exited(); i++) await new Promise((r) => setTimeout(r, 100));
  return deathOf(server);
}

function memoryAfter(server: ChildServer): { rss: number | null; peak: number | null } {
  if (server.exited()) return { rss: null, peak: null };
  const { rss, peakRss } = server.memory();
  return { rss: mb(rss), peak: mb(peakRss) };
}

/**
 * `count` calls made by `call` one after another, until one fails or the deadline passes: how many
 * were answered, and the mock's RSS once a tenth of them were (by then its heap has grown to what
 * the calls' passing garbage needs; what it gains after that is what it keeps).
 */
async function repeat(server: ChildServer, count: number, call: () => Promise<void>): Promise<{ answered: number; rssAtTenthMb: number | null }> {
  const deadline = Date.now() + DEADLINE_MS;
  let answered = 0;
  let rssAtTenthMb: number | null = null;
  try {
    while (answered < count && Date.now() < deadline) {
      await call();
      if (++answered === Math.ceil(count / 10)) rssAtTenthMb = mb(server.memory().rss);
    }
  } catch {
    // The mock stopped answering: the caller asks how it ended.
  }
  return { answered, rssAtTenthMb };
}

async function attack(contender: string, cli: string, cwd: string, journalSize: number, calls: number, read: boolean): Promise<CaseRun[]> {
  const server = await mock(cli, cwd, journalSize === DEFAULT_JOURNAL_SIZE ? [] : ['--journal-size', String(journalSize)]);
  const runs: CaseRun[] = [];
  try {
    const rssBefore = mb(server.memory().rss);
    const started = Date.now();
    const { answered, rssAtTenthMb } = await repeat(server, calls, async () => {
      const res = await fetch(`${server.url}/message/getProgress`, { method: 'POST', headers: FORM, body: ATTACK_BODY });
      const body = (await res.json()) as { rspCode: string };
      if (body.rspCode !== '500003') throw new Error(`expected 500003, got ${body.rspCode}`);
    });
    const seconds = (Date.now() - started) / 1000;
    const death = answered < calls ? await settledDeath(server) : undefined;
    const after = memoryAfter(server);
    const name = journalSize === DEFAULT_JOURNAL_SIZE ? 'attack' : `attack, --journal-size ${journalSize}`;
    runs.push({ contender, case: name, journalSize, calls, answered, rssBeforeMb: rssBefore, rssAtTenthMb, rssAfterMb: after.rss, peakRssMb: after.peak, survived: !server.exited() && answered === calls, death, seconds });
    if (read) {
      const readStarted = Date.now();
      const ranFirst = !server.exited();
      let answerBytes: number | undefined;
      if (ranFirst) {
        try {
          answerBytes = (await (await fetch(`${server.url}/__umc/requests?limit=1000`)).arrayBuffer()).byteLength;
        } catch {
          // It died reading: said below.
        }
      }
      const readSeconds = (Date.now() - readStarted) / 1000;
      const readDeath = !ranFirst ? 'not run: the attack ended it' : answerBytes === undefined ? await settledDeath(server) : undefined;
      const afterRead = memoryAfter(server);
      runs.push({ contender, case: 'read ?limit=1000 after the attack', journalSize, calls: 1, answered: answerBytes === undefined ? 0 : 1, rssBeforeMb: after.rss, rssAtTenthMb: null, rssAfterMb: afterRead.rss, peakRssMb: afterRead.peak, survived: answerBytes !== undefined, death: readDeath, seconds: readSeconds, answerBytes });
    }
  } finally {
    await server.stop();
  }
  return runs;
}

async function polling(contender: string, cli: string, cwd: string): Promise<CaseRun> {
  const server = await mock(cli, cwd, ['--scenario', 'large-org']);
  try {
    const token = ((await (await fetch(`${server.url}/msg/getThirdAPIToken?appId=${APP.appId}&appPassword=${APP.appPassword}`)).json()) as { resultData: { token: string } }).resultData.token;
    const { users } = (await (await fetch(`${server.url}/__umc/users?limit=100000`)).json()) as { users: { userId: string }[] };
    const receivers = JSON.stringify(users.map(({ userId }) => ({ type: 'User', userId })));
    const send = (await (await fetch(`${server.url}/message/sendMessageApi`, { method: 'POST', headers: FORM, body: new URLSearchParams({ token, msgtitle: '全校通知', msgType: '1', msgContent: '明天停课一天。', sendStatus: '1', sendChannel: POLLED_CHANNEL, sendMode: 'normal', receivers }).toString() })).json()) as { rspCode: string; resultData: { msgId: string } };
    if (send.rspCode !== '000000') throw new Error(`the send was refused: ${JSON.stringify(send).slice(0, 300)}`);
    // Every delivery done: the answer is as large as it will get.
    await fetch(`${server.url}/__umc/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceSeconds: 3600 }) });
    const poll = new URLSearchParams({ token, msgId: send.resultData.msgId }).toString();
    const answerBytes = (await (await fetch(`${server.url}/message/getProgress`, { method: 'POST', headers: FORM, body: poll })).arrayBuffer()).byteLength;
    const rssBefore = mb(server.memory().rss);
    const started = Date.now();
    const { answered, rssAtTenthMb } = await repeat(server, POLLS, async () => {
      const res = await fetch(`${server.url}/message/getProgress`, { method: 'POST', headers: FORM, body: poll });
      await res.arrayBuffer();
    });
    const seconds = (Date.now() - started) / 1000;
    const death = answered < POLLS ? await settledDeath(server) : undefined;
    const after = memoryAfter(server);
    return { contender, case: `polling 5.2.4 (${users.length.toLocaleString('en')} receivers)`, journalSize: DEFAULT_JOURNAL_SIZE, calls: POLLS, answered, rssBeforeMb: rssBefore, rssAtTenthMb, rssAfterMb: after.rss, peakRssMb: after.peak, survived: !server.exited() && answered === POLLS, death, seconds, answerBytes };
  } finally {
    await server.stop();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
const medianOrNull = (values: (number | null)[]) => (values.some((v) => v === null) ? null : median(values as number[]));

const contenders = [{ name: `this checkout (${commitOf(ROOT)})`, cli: join(ROOT, 'bin', 'umc-mock.js'), cwd: ROOT }];
if (BEFORE) contenders.unshift({ name: `before (${BEFORE}, ${commitOf(BEFORE)})`, cli: join(BEFORE, 'bin', 'umc-mock.js'), cwd: BEFORE });
const runs: CaseRun[] = [];
for (let round = 0; round < ROUNDS; round++) {
  for (const c of contenders) {
    const found = [...(await attack(c.name, c.cli, c.cwd, DEFAULT_JOURNAL_SIZE, CALLS, true)), ...(await attack(c.name, c.cli, c.cwd, 5000, CALLS_5000, false)), await polling(c.name, c.cli, c.cwd)];
    for (const r of found) console.log(`${r.contender} | ${r.case}: ${r.answered}/${r.calls} answered, RSS ${r.rssBeforeMb ?? '—'} → ${r.rssAtTenthMb ?? '—'} → ${r.rssAfterMb ?? '—'} MB (peak ${r.peakRssMb ?? '—'} MB), ${r.survived ? 'survived' : `died: ${r.death ?? 'stopped answering'}`}, ${r.seconds.toFixed(1)} s${r.answerBytes === undefined ? '' : `, answer ${r.answerBytes.toLocaleString('en')} B`}`);
    runs.push(...found);
  }
}

/** One row per contender and case: medians over the rounds. */
const rows = contenders.flatMap((c) =>
  [...new Set(runs.filter((r) => r.contender === c.name).map((r) => r.case))].map((name) => {
    const of = runs.filter((r) => r.contender === c.name && r.case === name);
    const first = of[0]!;
    return {
      contender: c.name,
      case: name,
      journalSize: first.journalSize,
      calls: first.calls,
      answered: median(of.map((r) => r.answered)),
      rssBeforeMb: medianOrNull(of.map((r) => r.rssBeforeMb)),
      rssAtTenthMb: medianOrNull(of.map((r) => r.rssAtTenthMb)),
      rssAfterMb: medianOrNull(of.map((r) => r.rssAfterMb)),
      peakRssMb: medianOrNull(of.map((r) => r.peakRssMb)),
      survived: of.filter((r) => r.survived).length,
      deaths: [...new Set(of.flatMap((r) => (r.death ? [r.death] : [])))],
      seconds: median(of.map((r) => r.seconds)),
      answerBytes: of[0]!.answerBytes,
    };
  }),
);
// This checkout's mocks must survive, their RSS growing less than their journal's stated bound from
// a tenth of the calls on (from before the read, a single call).
const verdicts = rows
  .filter((r) => r.contender === contenders.at(-1)!.name)
  .map((r) => {
    const boundMb = mb(r.journalSize * JOURNAL_ENTRY_MAX_BYTES);
    const from = r.rssAtTenthMb ?? r.rssBeforeMb;
    const growth = r.rssAfterMb === null || from === null ? Infinity : r.rssAfterMb - from;
    return { case: r.case, from: r.rssAtTenthMb === null ? 'from just before it' : 'from a tenth of the calls on', boundMb, growthMb: Math.round(growth * 10) / 10, met: r.survived === ROUNDS && growth < boundMb };
  });

const load = loadavg()[0]!.toFixed(1);
mkdirSync(RESULTS, { recursive: true });
writeFileSync(join(RESULTS, 'journal-memory.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, loadAverage: Number(load), heapCapMb: HEAP_MB, junkChars: JUNK_CHARS, entryBoundBytes: JOURNAL_ENTRY_MAX_BYTES, rounds: ROUNDS, rows, verdicts, runs }, null, 2)}\n`);
const md = [
  '# The request journal under huge requests and answers',
  '',
  `${new Date().toISOString()}, node ${process.version}, load average ${load} on 2 cores; each mock the built CLI in a child process with \`--max-old-space-size=${HEAP_MB}\`, on loopback; attack: 5.2.4 without a token, one ${JUNK_CHARS.toLocaleString('en')}-character junk parameter, ${CALLS.toLocaleString('en')} calls (${CALLS_5000.toLocaleString('en')} at \`--journal-size 5000\`); polling: one 5.3.1 send to all of large-org on ${POLLED_CHANNEL}, then ${POLLS.toLocaleString('en')} polls of 5.2.4; ${ROUNDS === 1 ? 'one round' : `medians of ${ROUNDS} rounds`}, each case cut at ${DEADLINE_MS / 1000} s (\`node --import=tsx bench/journal-memory.bench.ts\`${BEFORE ? `, \`BENCH_JOURNAL_BEFORE=${BEFORE}\`` : ''}). Journal bound: ${JOURNAL_ENTRY_MAX_BYTES.toLocaleString('en')} B an entry.`,
  '',
  '| code | case | answered | RSS before | at a tenth of the calls | RSS after | peak RSS | survived | time | answer |',
  '|---|---|---:|---:|---:|---:|---:|---|---:|---:|',
  ...rows.map((r) => `| ${r.contender} | ${r.case} | ${r.answered.toLocaleString('en')} / ${r.calls.toLocaleString('en')} | ${r.rssBeforeMb === null ? '—' : `${r.rssBeforeMb} MB`} | ${r.rssAtTenthMb === null ? '—' : `${r.rssAtTenthMb} MB`} | ${r.rssAfterMb === null ? '—' : `${r.rssAfterMb} MB`} | ${r.peakRssMb === null ? '—' : `${r.peakRssMb} MB`} | ${r.survived === ROUNDS ? 'yes' : `**no** (${r.deaths.join('; ') || 'stopped answering'})`} | ${r.seconds.toFixed(1)} s | ${r.answerBytes === undefined ? '' : `${(r.answerBytes / 1024).toFixed(0)} KB`} |`),
  '',
  ...verdicts.map((v) => `${v.case}: RSS grew ${v.growthMb} MB ${v.from}, the journal's bound ${v.boundMb} MB (survives, grows less than the bound: ${v.met ? 'met' : 'missed'}).`),
  '',
].join('\n');
writeFileSync(join(RESULTS, 'journal-memory.md'), md);
console.log(`\n${md}`);
if (!verdicts.every((v) => v.met)) process.exitCode = 1;
