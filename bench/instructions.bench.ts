/**
 * How many machine instructions does the mock spend on one request? Counted, not timed: each mock
 * runs under valgrind's callgrind (`node --single-threaded`, so the collector and the compiler run
 * on the counted thread too) and is warmed up with BENCH_WARM requests of one route; then the
 * instructions of 1,000 requests and of 1,000 + BENCH_REQUESTS are counted, three times, and the
 * median of their differences divided by BENCH_REQUESTS is the figure. On a shared machine req/s
 * swing by 10% from round to round (bench/throughput.bench.ts); a count repeats within about 2%, so
 * a change of a few percent in the work a request costs shows here and not there. What it does not
 * see: cache misses, system calls, time. Run it on an otherwise idle machine: with more busy
 * processes than cores, timers fire more often per request and every count rises (5.1.1 from 118,000
 * to 170,000 instructions beside a test run), the ratio much less.
 *
 * BENCH_INSTRUCTIONS_BEFORE=DIR counts another checkout (built, e.g. before a change) in the same
 * rounds, the two side by side (one per CPU: a count does not depend on the other's load), and
 * gives this / before, the median of the rounds' ratios.
 *
 * Env: BENCH_ROUNDS (default 3), BENCH_WARM (default 12000), BENCH_REQUESTS (default 4000),
 * BENCH_ROUTES (comma-separated ids, default all four of bench/api-routes.ts). Needs valgrind
 * (`apt-get install -y valgrind`); without it the bench says so and measures nothing.
 * Run with `npm run bench -- instructions`; 2 to 5 minutes a route and round.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import autocannon from 'autocannon';
import { freshState, requestOf, ROUTES, type Route } from './api-routes.js';
import { startChild } from './child-server.js';
import { commitOf } from './commit.js';
import { median } from './median.js';

const ROOT = join(import.meta.dirname, '..');
const RESULTS = join(ROOT, 'bench', 'results');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARM = Number(process.env.BENCH_WARM ?? 12000);
/** The short window's requests: the long one is this many plus BENCH_REQUESTS. */
const SHORT_WINDOW = 1000;
const PAIRS = 3;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4000);
const ONLY = process.env.BENCH_ROUTES?.split(',').map((id) => id.trim());
const BEFORE = process.env.BENCH_INSTRUCTIONS_BEFORE;
const CONNECTIONS = 10;

if (spawnSync('valgrind', ['--version']).status !== 0) {
  console.log('instructions: valgrind is not installed (apt-get install -y valgrind): nothing measured, results left as they were');
  process.exit(0);
}

const routes = ROUTES.filter((r) => !ONLY || ONLY.includes(r.id));
const checkouts = [{ name: 'this', dir: ROOT }, ...(BEFORE ? [{ name: 'before', dir: BEFORE }] : [])];
const work = mkdtempSync(join(tmpdir(), 'umc-kit-instructions-'));

/**
 * A callgrind dump's instructions, as callgrind_annotate reads it: all of them (PROGRAM TOTALS), and those outside V8's
 * optimizing compiler (functions of v8::internal::compiler, maglev, turboshaft, by callgrind_annotate's
 * self cost). A route whose code is still being compiled and recompiled in the counted window (a send,
 * whose state grows) carries compiler work that comes and goes from one run to the next; without it,
 * what is left is the work of answering.
 */
function instructionsOf(dump: string): { all: number; answering: number } {
  const annotated = execFileSync('callgrind_annotate', ['--auto=no', '--inclusive=no', '--threshold=100', dump], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  let all: number | undefined;
  let compiler = 0;
  for (const line of annotated.split('\n')) {
    const m = /^\s*([\d,]+)\s+(?:\(\s*[\d.]+%\)\s+)?(.*)$/.exec(line);
    if (!m) continue;
    const count = Number(m[1]!.replaceAll(',', ''));
    if (m[2]!.startsWith('PROGRAM TOTALS')) all = count;
    else if (/v8::internal::(compiler|maglev|turboshaft)::/.test(m[2]!)) compiler += count;
  }
  if (all === undefined) throw new Error(`no totals in ${dump}`);
  return { all, answering: all - compiler };
}

/** The instructions a mock under callgrind executes while it answers `amount` requests, and how many were sent. */
async function window(pid: number, out: string, request: ReturnType<typeof requestOf>, amount: number): Promise<{ instructions: { all: number; answering: number }; sent: number }> {
  execFileSync('callgrind_control', ['-z', String(pid)], { stdio: 'ignore' });
  const r = await autocannon({ ...request, connections: CONNECTIONS, amount });
  execFileSync('callgrind_control', ['-d', String(pid)], { stdio: 'ignore' });
  if (r.non2xx || r.errors) throw new Error(`${r.non2xx} non-2xx answers, ${r.errors} errors`);
  const dir = dirname(out);
  const dump = readdirSync(dir).find((f) => f.startsWith(`${basename(out)}.`));
  if (!dump) throw new Error('callgrind wrote no dump');
  const instructions = instructionsOf(join(dir, dump));
  rmSync(join(dir, dump));
  return { instructions, sent: r.requests.sent };
}

interface PerRequest {
  all: number;
  /** Outside the optimizing compiler. */
  answering: number;
}

/** Instructions per request of one route on a fresh mock of `dir`, alone on `cpu`. */
async function count(name: string, dir: string, route: Route, cpu: number): Promise<PerRequest> {
  const out = join(work, `${name}-${route.id}-${cpu}`);
  const taskset = cpus().length > 1 ? ['taskset', '-c', String(cpu)] : [];
  const [command, ...args] = [...taskset, 'valgrind', '--tool=callgrind', '--smc-check=all-non-file', `--callgrind-out-file=${out}`, process.execPath, '--single-threaded', join(dir, 'bin', 'umc-mock.js'), '--port', '0', '--seed', '1'];
  const server = await startChild(`${name} under callgrind`, command!, args, /API\s+(http:\/\/\S+)/, { cwd: dir, timeoutMs: 300_000 });
  try {
    const { token, msgId } = await freshState(server.name, server.url);
    const request = requestOf(server.url, route, token, msgId);
    const warm = await autocannon({ ...request, connections: CONNECTIONS, amount: WARM });
    if (warm.non2xx || warm.errors) throw new Error(`${name} ${route.id}: ${warm.non2xx} non-2xx answers, ${warm.errors} errors`);
    // Zeroing and dumping take effect a moment after they are asked for, and what runs meanwhile (timers,
    // the collector at the end of a burst) is counted too: a short window and a long one are counted,
    // and their difference per request is the figure, so whatever both windows carry cancels out. An
    // old-generation collection now and then lands in one window or the other: the median of three pairs.
    const pairs: PerRequest[] = [];
    for (let i = 0; i < PAIRS; i++) {
      const short = await window(server.pid, out, request, SHORT_WINDOW);
      const long = await window(server.pid, out, request, SHORT_WINDOW + REQUESTS);
      const requests = long.sent - short.sent;
      pairs.push({ all: (long.instructions.all - short.instructions.all) / requests, answering: (long.instructions.answering - short.instructions.answering) / requests });
    }
    return { all: median(pairs.map((p) => p.all)), answering: median(pairs.map((p) => p.answering)) };
  } finally {
    await server.stop();
  }
}

console.log(`instructions: ${routes.map((r) => r.id).join(', ')}; ${ROUNDS} rounds of ${WARM} requests to warm up and ${REQUESTS} counted, ${CONNECTIONS} connections; ${checkouts.map((c) => `${c.name} = ${c.dir} (${commitOf(c.dir)})`).join(', ')}`);
const counts = new Map<string, PerRequest[]>();
const n = (x: number) => Math.round(x).toLocaleString('en');
try {
  for (let round = 1; round <= ROUNDS; round++) {
    for (const route of routes) {
      // Side by side, each on its own CPU; which gets CPU 0 alternates.
      const got = await Promise.all(checkouts.map((c, i) => count(c.name, c.dir, route, (i + round) % 2)));
      checkouts.forEach((c, i) => counts.set(`${c.name} ${route.id}`, [...(counts.get(`${c.name} ${route.id}`) ?? []), got[i]!]));
      console.log(`  round ${round}  ${route.id}  ${checkouts.map((c, i) => `${c.name} ${n(got[i]!.all)} (${n(got[i]!.answering)} outside the compiler)`).join('  ')} instructions/request`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** One figure of one route: this checkout's, before's, and the median of the rounds' ratios. */
function figure(route: Route, key: keyof PerRequest) {
  const mine = counts.get(`this ${route.id}`)!.map((c) => c[key]);
  const theirs = counts.get(`before ${route.id}`)?.map((c) => c[key]);
  return { this: median(mine), thisRounds: mine, ...(theirs ? { before: median(theirs), beforeRounds: theirs, thisOverBefore: median(mine.map((m, i) => m / theirs[i]!)) } : {}) };
}
const rows = routes.map((route) => ({ route: route.id, name: route.name, all: figure(route, 'all'), answering: figure(route, 'answering') }));
const report = { date: new Date().toISOString(), node: process.version, commit: commitOf(ROOT), before: BEFORE ? { dir: BEFORE, commit: commitOf(BEFORE) } : undefined, rounds: ROUNDS, warm: WARM, requests: REQUESTS, connections: CONNECTIONS, routes: rows };
const cells = (f: ReturnType<typeof figure>) => `${n(f.this)} | ${f.before !== undefined ? `${n(f.before)} | ${f.thisOverBefore!.toFixed(3)}× | ` : ''}${f.thisRounds.map(n).join(', ')}${f.beforeRounds ? ` ; ${f.beforeRounds.map(n).join(', ')}` : ''}`;
const lines = [
  `| route | counted | this | ${BEFORE ? 'before | this / before | ' : ''}rounds (this${BEFORE ? ' ; before' : ''}) |`,
  `|---|---|---:|${BEFORE ? '---:|---:|' : ''}---|`,
  ...rows.flatMap((r) => [`| ${r.route} ${r.name} | all | ${cells(r.all)} |`, `| | outside the compiler | ${cells(r.answering)} |`]),
];
const markdown = [
  '# Instructions per request (callgrind)',
  '',
  `${report.date}, node ${report.node}, this checkout at ${report.commit}${BEFORE ? `, before = ${BEFORE} at ${report.before!.commit}` : ''}. Each mock (\`bin/umc-mock.js --port 0 --seed 1\`, \`node --single-threaded\`) runs under valgrind's callgrind, fresh for every route and round, is given a token and 25 sends and warmed up with ${WARM} requests of the route (${CONNECTIONS} connections, autocannon); then every instruction the process executes (the collector and the compiler included) is counted while it answers ${SHORT_WINDOW} requests and while it answers ${SHORT_WINDOW + REQUESTS}, three times, and the median of the differences divided by ${REQUESTS} is its figure. "Outside the compiler" leaves out V8's optimizing compiler (v8::internal::compiler, maglev, turboshaft), which on a route whose state grows still runs in the counted window, more in one run than in the next. Medians of ${ROUNDS} rounds; this / before is the median of the rounds' ratios. \`npm run bench -- instructions\`.`,
  '',
  ...lines,
  '',
].join('\n');
mkdirSync(RESULTS, { recursive: true });
writeFileSync(join(RESULTS, 'instructions.json'), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(join(RESULTS, 'instructions.md'), markdown);
console.log(`\n${lines.join('\n')}\n\nwritten: bench/results/instructions.json, bench/results/instructions.md`);
