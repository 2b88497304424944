/**
 * CPU time per request of this checkout against another (BENCH_CPU_BEFORE=DIR, built; without it,
 * this checkout against itself, which shows the bench's own spread), with a fresh pair of processes
 * every round.
 *
 * Why fresh processes: the same build runs at one speed in one process and up to about 10% slower in
 * the next, for the whole life of each (a state V8 settles into: docs/performance.md, "CPU a request,
 * fresh processes").
 * A bench that starts each server once, as the throughput bench does, compares two draws of that
 * state; this one compares many. Each round starts both mocks alone on CPU 0 (autocannon on CPU 1),
 * gives each the same state, warms each up, then loads them in turn, PAIRS windows each, with a pause
 * before every window (bursts, as a developer's traffic comes); a window's figure is the process's CPU
 * time (all its threads, /proc/PID/task/N/schedstat, nanoseconds) over its requests. A round's ratio
 * is the median of its paired windows'; the result is the median of the rounds' ratios, and every
 * round's ratio is shown, so a split into two groups is seen. Each process is asked at the end which
 * state it ran in (bench/tick-state.ts), so the split is explained: the result is also given over the
 * rounds where both ran fast.
 *
 * BENCH_ROUTES (5.1.1 by default; any of 5.1.1, 5.3.1, 5.2.4, 5.2.6), BENCH_ROUNDS (8), BENCH_PAIRS
 * (3), BENCH_REQUESTS per window (20,000), BENCH_WARM (40,000), BENCH_GAP_MS (200).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { freshState, requestOf, ROUTES } from './api-routes.js';
import { startChild, type ChildServer } from './child-server.js';
import { commitOf } from './commit.js';
import { median } from './median.js';
import { pinServersToCpu0 } from './pinning.js';
import { TICK_PROBE, tickStateAtStop, type TickState } from './tick-state.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = join(ROOT, 'bench', 'results');
const BEFORE = process.env.BENCH_CPU_BEFORE;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 3);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20_000);
const WARM = Number(process.env.BENCH_WARM ?? 40_000);
const GAP_MS = Number(process.env.BENCH_GAP_MS ?? 200);
const CONNECTIONS = 10;
const routes = ROUTES.filter((r) => (process.env.BENCH_ROUTES ?? '5.1.1').split(',').includes(r.id));

const PIN = pinServersToCpu0('cpu-pairs');
if (!PIN) {
  console.log('cpu-pairs: nothing measured, results left as they were');
  process.exit(0);
}

/** CPU time of every thread of a process (the collector's and compiler's threads included), nanoseconds. */
function cpuNs(pid: number): number {
  let sum = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      sum += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // a thread that ended between the listing and the read
    }
  }
  return sum;
}

const checkouts = [
  { name: 'this', dir: ROOT },
  { name: BEFORE ? 'before' : 'this again', dir: BEFORE ?? ROOT },
];

interface Server {
  name: string;
  child: ChildServer;
  request: ReturnType<typeof requestOf>;
  nsPerRequest: number[];
}

async function load(server: Server, amount: number): Promise<number> {
  const started = cpuNs(server.child.pid);
  const result = await autocannon({ ...server.request, connections: CONNECTIONS, amount });
  if (result.non2xx || result.errors) throw new Error(`${server.name}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return (cpuNs(server.child.pid) - started) / result.requests.sent;
}

console.log(`cpu-pairs: ${routes.map((r) => r.id).join(', ')}; ${ROUNDS} rounds of fresh processes, each ${PAIRS} pairs of ${REQUESTS}-request windows after ${WARM} to warm up, ${GAP_MS} ms pause before each; ${checkouts.map((c) => `${c.name} = ${c.dir} (${commitOf(c.dir)})`).join(', ')}`);
const rows = [];
for (const route of routes) {
  const roundRatios: number[] = [];
  const perRound: { round: number; ratio: number; microsThis: number; microsOther: number; stateThis: TickState; stateOther: TickState }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Started in turn, the order reversed every other round: neither always starts second.
    const order = round % 2 ? [...checkouts].reverse() : checkouts;
    const started = new Map<string, ChildServer>();
    for (const c of order) {
      const [command, ...args] = [...PIN, process.execPath, '--import', TICK_PROBE, join(c.dir, 'bin', 'umc-mock.js'), '--port', '0', '--seed', '1'];
      started.set(c.name, await startChild(c.name, command!, args, /API\s+(http:\/\/\S+)/, { cwd: c.dir }));
    }
    const servers: Server[] = [];
    try {
      for (const c of checkouts) {
        const child = started.get(c.name)!;
        const { token, msgId } = await freshState(c.name, child.url);
        servers.push({ name: c.name, child, request: requestOf(child.url, route, token, msgId), nsPerRequest: [] });
      }
      for (const server of servers) await load(server, WARM);
      const ratios: number[] = [];
      for (let pair = 0; pair < PAIRS; pair++) {
        for (const server of pair % 2 ? [...servers].reverse() : servers) {
          await sleep(GAP_MS);
          server.nsPerRequest.push(await load(server, REQUESTS));
        }
        ratios.push(servers[0]!.nsPerRequest[pair]! / servers[1]!.nsPerRequest[pair]!);
      }
      const ratio = median(ratios);
      const [microsThis, microsOther] = servers.map((s) => median(s.nsPerRequest) / 1000) as [number, number];
      const [stateThis, stateOther] = [await tickStateAtStop(servers[0]!.child), await tickStateAtStop(servers[1]!.child)];
      roundRatios.push(ratio);
      perRound.push({ round, ratio, microsThis, microsOther, stateThis, stateOther });
      console.log(`  ${route.id} round ${round + 1}: ${checkouts[0]!.name} ${microsThis.toFixed(1)} µs (${stateThis}), ${checkouts[1]!.name} ${microsOther.toFixed(1)} µs (${stateOther}) CPU a request; ratio ${ratio.toFixed(3)}`);
    } finally {
      for (const child of started.values()) await child.stop();
    }
  }
  const bothFast = perRound.filter((r) => r.stateThis === 'fast' && r.stateOther === 'fast').map((r) => r.ratio);
  const slow = (state: 'stateThis' | 'stateOther') => perRound.filter((r) => r[state] === 'slow').length;
  rows.push({ route: route.id, name: route.name, ratio: median(roundRatios), ratioBothFast: bothFast.length ? median(bothFast) : null, roundsBothFast: bothFast.length, slowThis: slow('stateThis'), slowOther: slow('stateOther'), rounds: perRound });
}

const report = { date: new Date().toISOString(), node: process.version, commit: commitOf(ROOT), other: { name: checkouts[1]!.name, dir: checkouts[1]!.dir, commit: commitOf(checkouts[1]!.dir) }, rounds: ROUNDS, pairs: PAIRS, requests: REQUESTS, warm: WARM, gapMs: GAP_MS, connections: CONNECTIONS, routes: rows };
const other = checkouts[1]!.name;
const lines = [
  `| route | CPU a request, this / ${other} (median of rounds) | every round's ratio, sorted (s: a process in the slow state, this/${other}) | processes in the slow state, this; ${other} | rounds both fast: median ratio |`,
  '|---|---:|---|---:|---:|',
  ...rows.map((r) => `| ${r.route} ${r.name} | ${r.ratio.toFixed(3)}× | ${[...r.rounds].sort((a, b) => a.ratio - b.ratio).map((x) => `${x.ratio.toFixed(3)}${x.stateThis === 'fast' && x.stateOther === 'fast' ? '' : ` (${x.stateThis[0]}/${x.stateOther[0]})`}`).join(' ')} | ${r.slowThis} of ${r.rounds.length}; ${r.slowOther} of ${r.rounds.length} | ${r.ratioBothFast === null ? 'none' : `${r.ratioBothFast.toFixed(3)}× (${r.roundsBothFast})`} |`),
];
const markdown = [
  '# CPU a request, fresh processes each round',
  '',
  ...lines,
  '',
  `${report.date}, node ${report.node}, this checkout at ${report.commit}, ${other} = ${report.other.dir} at ${report.other.commit}. Every round starts both mocks (\`bin/umc-mock.js --port 0 --seed 1\`) alone on CPU 0 with autocannon on CPU 1 (taskset), resets each to its scenario with a token, 25 sends and a msgId, warms each with ${WARM} requests, then loads them in turn, ${PAIRS} windows of ${REQUESTS} requests each (${CONNECTIONS} connections), ${GAP_MS} ms pause before each window; a window's figure is the process's CPU time (all threads, schedstat) over its requests. A round's ratio is the median of its paired windows' ratios. At the end each process prints process.nextTick's feedback (bench/probes/tick-feedback.mjs, asked by SIGUSR2), which says whether it ran in the slow state (s), fast (f) or could not tell (u). \`npm run bench -- cpu-pairs\`.`,
  '',
].join('\n');
mkdirSync(RESULTS, { recursive: true });
writeFileSync(join(RESULTS, 'cpu-pairs.json'), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(join(RESULTS, 'cpu-pairs.md'), markdown);
console.log(`\n${lines.join('\n')}\n\nwritten: bench/results/cpu-pairs.json, bench/results/cpu-pairs.md`);
