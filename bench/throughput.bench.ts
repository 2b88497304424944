/**
 * How fast is the mock next to a bare Fastify server (with @fastify/formbody, answering the same
 * routes with fixed bodies: bench/servers/bare-fastify.ts) and next to Stoplight Prism mocking the
 * same openapi.yaml? Each server runs as a child process on loopback and is loaded with
 * autocannon, one after the other, with the same connections, bodies and duration, on 5.1.1
 * (token, GET) and 5.3.1 (send, form POST). Prints req/s, p50/p99 latency, peak RSS and the
 * ratios, and writes bench/results/throughput.{json,md}. Prism is installed by this bench into
 * a temporary folder (never into the project's dependencies) when it is not there yet.
 *
 * The servers are loaded in turn, in BENCH_ROUNDS rounds, and each figure is the median of its
 * rounds: on a shared machine, background load then touches every server alike. With taskset and
 * two CPUs or more, every server runs alone on CPU 0 and this process (autocannon) on CPU 1;
 * without, the bench says so: the figures then compare a fight for the cores.
 *
 * Env: BENCH_DURATION (s per run, default 5), BENCH_ROUNDS (default 5), BENCH_WARMUP (s, default 3),
 * BENCH_CONNECTIONS (default 10), BENCH_SPIN_US (the calibration servers' busy work per request, µs, comma-separated,
 * default 4,20: a little work, and about what a 5.3.1 send's own work costs in-process; empty leaves them out),
 * BENCH_PRISM_DIR (default <tmpdir>/umc-kit-bench-prism), BENCH_SKIP_PRISM=1,
 * BENCH_THROUGHPUT_BEFORE=DIR (another checkout, built, e.g. before a change: its bin/umc-mock.js is
 * loaded in the same rounds as this one's, alternating, and the table gains the ratios this / before:
 * the median of the rounds' ratios, of req/s and of CPU µs/req). On a shared machine these swing
 * by 10% from round to round; bench/instructions.bench.ts counts the instructions instead.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon, { type Result } from 'autocannon';
import { checkAnswers, freshState, requestOf, ROUTES, tokenAt, type Route } from './api-routes.js';
import { startChild, type ChildServer } from './child-server.js';
import { median } from './median.js';
import { pinServersToCpu0 } from './pinning.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = join(ROOT, 'bench', 'results');
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
/** Calibration servers: bare Fastify plus this much busy work per request, µs. */
const SPIN_US = (process.env.BENCH_SPIN_US ?? '4,20')
  .split(',')
  .map(Number)
  .filter((us) => us > 0);
const calibrationName = (us: number) => `bare+${us}µs`;
const PRISM_DIR = process.env.BENCH_PRISM_DIR ?? join(tmpdir(), 'umc-kit-bench-prism');
const PRISM_VERSION = '5';
const BEFORE = process.env.BENCH_THROUGHPUT_BEFORE;
const BEFORE_NAME = 'umc-mock before';
interface Measure {
  requestsPerSecond: number;
  /** The server process's CPU time (user + system) per request, µs. */
  cpuMicrosPerRequest: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
}

interface ServerResult {
  server: string;
  routes: Record<string, Measure>;
  idleRssBytes: number;
  peakRssBytes: number;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function prismEntry(): string {
  const entry = join(PRISM_DIR, 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js');
  if (!existsSync(entry)) {
    console.log(`installing @stoplight/prism-cli@${PRISM_VERSION} into ${PRISM_DIR} (not a project dependency)…`);
    mkdirSync(PRISM_DIR, { recursive: true });
    execFileSync('npm', ['install', '--prefix', PRISM_DIR, '--no-save', '--no-audit', '--no-fund', `@stoplight/prism-cli@${PRISM_VERSION}`], { stdio: 'inherit' });
  }
  return entry;
}

/** The token and the msgId (5.2.4 asks about it) each server is loaded with. */
const tokens = new Map<ChildServer, string>();
const msgIds = new Map<ChildServer, string>();

async function load(server: ChildServer, route: Route, duration: number): Promise<Result> {
  return autocannon({ ...requestOf(server.url, route, tokens.get(server)!, msgIds.get(server) ?? ''), connections: CONNECTIONS, duration });
}

/**
 * The mock keeps what it is sent, so each measurement would otherwise start from all that earlier
 * rounds left (hundreds of thousands of tokens and messages; its rate drifted from 15.5k to 10k req/s
 * on 5.1.1 between the first and later rounds of one run) and round order would confound the
 * figures. Before each measurement it is reset to its scenario and given a fresh token, 25 sends to
 * 20230001 (so 5.2.6 answers a full page of 20) and the msgId 5.2.4 asks about (freshState). What a
 * store of a million messages costs is bench/scale.bench.ts's to measure.
 */
async function reset(server: ChildServer): Promise<void> {
  const { token, msgId } = await freshState(server.name, server.url);
  tokens.set(server, token);
  msgIds.set(server, msgId);
}


const node = process.execPath;
const PIN = pinServersToCpu0('throughput');
/** A server's child process: alone on CPU 0 when pinning works (taskset execs node: same pid). */
const spawnServer = (name: string, args: string[], ready: Parameters<typeof startChild>[3], options?: Parameters<typeof startChild>[4]) =>
  PIN ? startChild(name, PIN[0]!, [...PIN.slice(1), node, ...args], ready, options) : startChild(name, node, args, ready, options);
console.log(`throughput: ${PIN ? 'each server pinned to CPU 0, autocannon to CPU 1' : 'NOT pinned'}, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${DURATION} s per server and route (after a ${WARMUP} s warm-up), node ${process.version}, ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const servers: ChildServer[] = [];
try {
  servers.push(await spawnServer('umc-mock', [join(ROOT, 'bin', 'umc-mock.js'), '--port', '0', '--seed', '1'], /API\s+(http:\/\/\S+)/));
  if (BEFORE) servers.push(await spawnServer(BEFORE_NAME, [join(BEFORE, 'bin', 'umc-mock.js'), '--port', '0', '--seed', '1'], /API\s+(http:\/\/\S+)/, { cwd: BEFORE }));
  servers.push(await spawnServer('bare-fastify', ['--import=tsx', join(ROOT, 'bench', 'servers', 'bare-fastify.ts')], /listening (http:\/\/\S+)/, { cwd: ROOT }));
  for (const us of SPIN_US) {
    servers.push(await spawnServer(calibrationName(us), ['--import=tsx', join(ROOT, 'bench', 'servers', 'bare-fastify.ts')], /listening (http:\/\/\S+)/, { cwd: ROOT, env: { SPIN_US: String(us) } }));
  }
  if (!process.env.BENCH_SKIP_PRISM) {
    const entry = prismEntry();
    const port = await freePort();
    servers.push(await spawnServer('prism', [entry, 'mock', join(ROOT, 'openapi.yaml'), '-p', String(port), '-h', '127.0.0.1', '-v', 'warn'], { url: `http://127.0.0.1:${port}/__ready` }, { timeoutMs: 120000 }));
  }
} catch (err) {
  await Promise.all(servers.map((s) => s.stop()));
  throw err;
}

for (const server of servers) {
  tokens.set(server, await tokenAt(server.url));
  msgIds.set(server, await checkAnswers(server.name, server.url, tokens.get(server)!, undefined));
}
const idle = new Map(servers.map((s) => [s, s.memory().rss]));
const samples = new Map<string, Measure[]>();
// All servers are up, only one is loaded at a time; rounds alternate between them so a change in
// the machine's background load touches every server alike, and every other round runs them in
// the reverse order, so that none always follows the same one (whose collector may still be busy).
for (let round = 1; round <= ROUNDS; round++) {
  for (const route of ROUTES) {
    for (const server of round % 2 ? servers : [...servers].reverse()) {
      if (round === 1 && WARMUP > 0) await load(server, route, WARMUP);
      if (server.name === 'umc-mock' || server.name === BEFORE_NAME) await reset(server);
      const cpuBefore = server.cpuSeconds();
      const r = await load(server, route, DURATION);
      const cpu = server.cpuSeconds() - cpuBefore;
      const m: Measure = { requestsPerSecond: r.requests.average, cpuMicrosPerRequest: r.requests.total > 0 ? (cpu / r.requests.total) * 1e6 : NaN, p50: r.latency.p50, p99: r.latency.p99, requests: r.requests.total, errors: r.errors + r.timeouts, non2xx: r.non2xx };
      const key = `${server.name} ${route.id}`;
      samples.set(key, [...(samples.get(key) ?? []), m]);
      console.log(`  round ${round}  ${server.name.padEnd(12)} ${route.id}  ${m.requestsPerSecond.toFixed(0).padStart(7)} req/s  ${m.cpuMicrosPerRequest.toFixed(1).padStart(6)} µs CPU/req  p50 ${m.p50} ms  p99 ${m.p99} ms  (${m.requests} requests, ${m.errors} errors, ${m.non2xx} non-2xx)`);
    }
  }
}
const results: ServerResult[] = servers.map((server) => ({
  server: server.name,
  routes: Object.fromEntries(
    ROUTES.map((route) => {
      const runs = samples.get(`${server.name} ${route.id}`)!;
      const m: Measure = {
        requestsPerSecond: median(runs.map((x) => x.requestsPerSecond)),
        cpuMicrosPerRequest: median(runs.map((x) => x.cpuMicrosPerRequest)),
        p50: median(runs.map((x) => x.p50)),
        p99: median(runs.map((x) => x.p99)),
        requests: runs.reduce((n, x) => n + x.requests, 0),
        errors: runs.reduce((n, x) => n + x.errors, 0),
        non2xx: runs.reduce((n, x) => n + x.non2xx, 0),
      };
      return [route.id, m];
    }),
  ),
  idleRssBytes: idle.get(server)!,
  peakRssBytes: server.memory().peakRss,
}));
await Promise.all(servers.map((s) => s.stop()));

const byName = Object.fromEntries(results.map((r) => [r.server, r]));
const ratio = (a: string, b: string, route: string) => (byName[a] && byName[b] ? byName[a]!.routes[route]!.requestsPerSecond / byName[b]!.routes[route]!.requestsPerSecond : null);
/** Two servers measured in the same rounds: the median of the rounds' ratios (each round's pair ran minutes apart at most). */
const pairedRatio = (a: string, b: string, route: string, field: 'requestsPerSecond' | 'cpuMicrosPerRequest') => {
  const as = samples.get(`${a} ${route}`);
  const bs = samples.get(`${b} ${route}`);
  return as && bs ? median(as.map((m, i) => m[field] / bs[i]![field])) : null;
};
const ratios = Object.fromEntries(ROUTES.map((r) => [r.id, { mockOverBare: ratio('umc-mock', 'bare-fastify', r.id), mockOverPrism: ratio('umc-mock', 'prism', r.id), bareOverPrism: ratio('bare-fastify', 'prism', r.id) }]));
/** Issue 15's targets: 5.1.1 and 5.3.1 against bare Fastify and Prism; 5.2.4 and 5.2.6 are measured, not targeted. */
const TARGETS: Record<string, { mockOverBare: number; mockOverPrism: number }> = { '5.1.1': { mockOverBare: 0.85, mockOverPrism: 10 }, '5.3.1': { mockOverBare: 0.6, mockOverPrism: 10 } };
const report = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? '',
  pinned: PIN !== undefined,
  connections: CONNECTIONS,
  durationSeconds: DURATION,
  rounds: ROUNDS,
  loadAverageAfter: loadavg(),
  warmupSeconds: WARMUP,
  calibrationSpinMicros: SPIN_US,
  routes: Object.fromEntries(ROUTES.map((r) => [r.id, r.name])),
  servers: results,
  ratios,
  ...(BEFORE ? { before: { dir: BEFORE, thisOverBefore: Object.fromEntries(ROUTES.map((r) => [r.id, { requestsPerSecond: pairedRatio('umc-mock', BEFORE_NAME, r.id, 'requestsPerSecond'), cpuMicrosPerRequest: pairedRatio('umc-mock', BEFORE_NAME, r.id, 'cpuMicrosPerRequest') }])) } } : {}),
  targets: TARGETS,
};

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const fmt = (x: number | null, target: number) => (x === null ? 'n/a' : `${x.toFixed(2)}× (target ≥ ${target}× ${x >= target ? 'met' : 'MISSED'})`);
const cell = (r: ServerResult, route: string) => {
  const m = r.routes[route]!;
  return `${m.requestsPerSecond.toFixed(0)} | ${m.cpuMicrosPerRequest.toFixed(1)} | ${m.p50} / ${m.p99}`;
};
const plain = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(2)}×`);
const lines = [
  `| server | ${ROUTES.map((r) => `${r.id} req/s | ${r.id} CPU µs/req | ${r.id} p50 / p99 (ms)`).join(' | ')} | peak RSS |`,
  `|---|${ROUTES.map(() => '---:|---:|---:|').join('')}---:|`,
  ...results.map((r) => `| ${r.server} | ${ROUTES.map((route) => cell(r, route.id)).join(' | ')} | ${mb(r.peakRssBytes)} |`),
  '',
  `| ratio | ${ROUTES.map((r) => r.id).join(' | ')} |`,
  `|---|${ROUTES.map(() => '---|').join('')}`,
  `| mock / bare Fastify | ${ROUTES.map((r) => (TARGETS[r.id] ? fmt(ratios[r.id]!.mockOverBare, TARGETS[r.id]!.mockOverBare) : plain(ratios[r.id]!.mockOverBare))).join(' | ')} |`,
  `| mock / Prism | ${ROUTES.map((r) => (TARGETS[r.id] ? fmt(ratios[r.id]!.mockOverPrism, TARGETS[r.id]!.mockOverPrism) : plain(ratios[r.id]!.mockOverPrism))).join(' | ')} |`,
  // What the Prism targets ask is bounded by this: the mock does all that bare Fastify does, and more.
  `| bare Fastify / Prism (the ceiling of mock / Prism) | ${ROUTES.map((r) => plain(ratios[r.id]!.bareOverPrism)).join(' | ')} |`,
  ...(BEFORE
    ? [
        `| this mock / before (${BEFORE}), req/s | ${ROUTES.map((r) => plain(pairedRatio('umc-mock', BEFORE_NAME, r.id, 'requestsPerSecond'))).join(' | ')} |`,
        `| this mock / before, CPU µs/req | ${ROUTES.map((r) => plain(pairedRatio('umc-mock', BEFORE_NAME, r.id, 'cpuMicrosPerRequest'))).join(' | ')} |`,
      ]
    : []),
  ...SPIN_US.map((us) => `| calibration: ${calibrationName(us)} / bare Fastify | ${ROUTES.map((r) => plain(ratio(calibrationName(us), 'bare-fastify', r.id))).join(' | ')} |`),
];
const markdown = [
  `# Throughput: umc-mock, bare Fastify, Stoplight Prism`,
  '',
  `${report.date}, node ${report.node}, ${report.cpus} × ${report.cpuModel}, load average after the run ${report.loadAverageAfter.map((l) => l.toFixed(2)).join(' ')}; ${report.pinned ? 'each server alone on CPU 0 and autocannon (the bench process) on CPU 1 (taskset)' : 'NOT pinned (no taskset or one CPU): servers and autocannon shared the cores'}, ${CONNECTIONS} connections, medians of ${ROUNDS} rounds of ${DURATION} s per server and route after a ${WARMUP} s warm-up; each server a child process on loopback, loaded one at a time (\`npm run bench\`). The mock is reset to its scenario before each measurement (then given a token, 25 sends to 20230001 and the msgId 5.2.4 asks about), so every round starts from the same state rather than from all that earlier rounds left. CPU µs/req is the server process's user + system time over the run divided by its requests; peak RSS is its VmHWM.${SPIN_US.length ? ` ${SPIN_US.map(calibrationName).join(' and ')}: the bare server burning that much CPU per request (a busy wait); their ratio to bare shows what real work per request costs when measured this way, on this machine.` : ''}`,
  '',
  ...lines,
  '',
].join('\n');
mkdirSync(RESULTS, { recursive: true });
writeFileSync(join(RESULTS, 'throughput.json'), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(join(RESULTS, 'throughput.md'), markdown);
console.log(`\n${lines.join('\n')}\n\nwritten: bench/results/throughput.json, bench/results/throughput.md`);
const missed = ROUTES.filter((r) => TARGETS[r.id]).flatMap((r) => (['mockOverBare', 'mockOverPrism'] as const).filter((k) => ratios[r.id]![k] !== null && ratios[r.id]![k]! < TARGETS[r.id]![k]).map((k) => `${r.id} ${k}`));
if (missed.length) {
  console.log(`targets missed: ${missed.join(', ')}`);
  process.exitCode = 1;
}
