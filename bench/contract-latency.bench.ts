/**
 * How long a full umc-contract run takes against a deployment that answers every call 3 s late
 * (a far or slow staging gateway), as a QA engineer runs it: the CLI in a child process,
 * `node bin/umc-contract.js --mode full --seed 7 --reporter json`, the appPassword in
 * UMC_APP_PASSWORD only. The deployment is the project's independent platform
 * (test/helpers/independent-platform.ts, a real-time platform: a fresh one per run) behind
 * bench/servers/delay-proxy.ts, which forwards each request at once and holds each answer for
 * BENCH_LATENCY_MS (default 3000). Per run: wall time from spawn to exit, the requests the proxy
 * saw, the exit code, the report's verdict counts and each case's ms.
 *
 * BENCH_CONTRACT_BEFORE=DIR also runs DIR/bin/umc-contract.js (another checkout, built, e.g. before
 * a change) the same way, first, on its own fresh platform, and compares. Target (docs/performance.md): a full
 * run with 3 s latency on every call takes at most a third of the before time.
 * BENCH_CONTRACT_ARGS="--concurrency 4" adds flags to this checkout's CLI only (space separated).
 * One run each (each takes minutes). `npm run bench -- contract-latency`; writes
 * bench/results/contract-latency.{json,md}.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startIndependentPlatform } from '../test/helpers/independent-platform.js';
import { startDelayProxy } from './servers/delay-proxy.js';
import { commitOf } from './commit.js';

const ROOT = join(import.meta.dirname, '..');
const RESULTS = join(ROOT, 'bench', 'results');
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 3000);
const BEFORE = process.env.BENCH_CONTRACT_BEFORE;
const EXTRA_ARGS = (process.env.BENCH_CONTRACT_ARGS ?? '').split(' ').filter((a) => a !== '');
const SEED = '7';
/** After / before wall time at most this. */
const TARGET_RATIO = 1 / 3;
/** A progress line this often, so that a run of several minutes shows it is alive. */
const PROGRESS_EVERY_MS = 60_000;


interface CaseTiming {
  id: string;
  status: string;
  ms: number;
  requests: number;
}

interface Run {
  contender: string;
  checkout: string;
  commit: string;
  extraArgs: string[];
  /** Spawn to exit of the CLI. */
  wallMs: number;
  /** The run's own time, as its report gives it (`ms`). */
  reportMs: number;
  exitCode: number | null;
  /** Requests the delay proxy received (the target's view, health probe and token fetches included). */
  requests: number;
  /** Requests the report lists under its cases (the session's own, before the first case, are not). */
  caseRequests: number;
  counts: Record<string, number>;
  cases: CaseTiming[];
  loadAverageAtStart: number;
}

/** The JSON reporter's shape, as far as this bench reads it. */
interface JsonReport {
  ms: number;
  counts: Record<string, number>;
  cases: { id: string; status: string; ms: number; requests: unknown[] }[];
}

async function measure(contender: string, checkout: string, extraArgs: string[]): Promise<Run> {
  const teardowns: (() => unknown)[] = [];
  const platform = await startIndependentPlatform({ teardown: (fn) => void teardowns.push(fn) });
  const proxy = await startDelayProxy(platform.url, LATENCY_MS);
  const work = mkdtempSync(join(tmpdir(), 'contract-latency-'));
  const reportFile = join(work, 'report.json');
  try {
    const args = [join(checkout, 'bin', 'umc-contract.js'), '--base-url', proxy.url, '--app-id', platform.appId, '--receivers', platform.receiversFile, '--mode', 'full', '--seed', SEED, '--reporter', 'json', '--out', reportFile, ...extraArgs];
    const loadAverageAtStart = loadavg()[0]!;
    const started = performance.now();
    // The secret in the environment only, as the README and docs/contract.md tell QA (output piped: no progress lines).
    const child = spawn(process.execPath, args, { cwd: checkout, env: { ...process.env, UMC_APP_PASSWORD: platform.appPassword }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const progress = setInterval(() => console.log(`  … ${((performance.now() - started) / 1000).toFixed(0)} s, ${proxy.requests} requests`), PROGRESS_EVERY_MS);
    const [code] = (await once(child, 'exit')) as [number | null];
    const wallMs = performance.now() - started;
    clearInterval(progress);
    let report: JsonReport;
    try {
      report = JSON.parse(readFileSync(reportFile, 'utf8')) as JsonReport;
    } catch {
      throw new Error(`${contender}: no JSON report (exit ${code}):\n${output.slice(-2000)}`);
    }
    const cases = report.cases.map((c) => ({ id: c.id, status: c.status, ms: c.ms, requests: c.requests.length }));
    return {
      contender,
      checkout,
      commit: commitOf(checkout),
      extraArgs,
      wallMs,
      reportMs: report.ms,
      exitCode: code,
      requests: proxy.requests,
      caseRequests: cases.reduce((sum, c) => sum + c.requests, 0),
      counts: report.counts,
      cases,
      loadAverageAtStart,
    };
  } finally {
    await proxy.close();
    for (const fn of teardowns) await fn();
    rmSync(work, { recursive: true, force: true });
  }
}

const contenders = [{ name: `this checkout (${commitOf(ROOT)})`, checkout: ROOT, extraArgs: EXTRA_ARGS }];
if (BEFORE) contenders.unshift({ name: `before (${BEFORE}, ${commitOf(BEFORE)})`, checkout: BEFORE, extraArgs: [] });

const runs: Run[] = [];
for (const c of contenders) {
  console.log(`${c.name}: full run, ${LATENCY_MS} ms on every answer${c.extraArgs.length ? `, extra flags ${c.extraArgs.join(' ')}` : ''} …`);
  const run = await measure(c.name, c.checkout, c.extraArgs);
  runs.push(run);
  console.log(`${c.name}: ${(run.wallMs / 1000).toFixed(1)} s, ${run.requests} requests, exit ${run.exitCode}, ${JSON.stringify(run.counts)}`);
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const before = BEFORE ? runs[0] : undefined;
const after = runs.at(-1)!;
const ratio = before ? after.wallMs / before.wallMs : undefined;
const met = ratio === undefined ? undefined : ratio <= TARGET_RATIO;
const countKeys = [...new Set(['passed', 'failed', 'noted', 'inconclusive', ...runs.flatMap((r) => Object.keys(r.counts))])];
const slowest = (r: Run) => [...r.cases].sort((a, b) => b.ms - a.ms).slice(0, 10);
const load = loadavg()[0]!.toFixed(1);
const date = new Date().toISOString();
const target = 'a full run against a deployment with 3 s latency on every call takes at most a third of the before time';

mkdirSync(RESULTS, { recursive: true });
writeFileSync(join(RESULTS, 'contract-latency.json'), `${JSON.stringify({ date, node: process.version, cores: cpus().length, loadAverage: Number(load), latencyMs: LATENCY_MS, seed: Number(SEED), target, runs, ratio, met }, null, 2)}\n`);
const md = [
  '# umc-contract: a full run against a deployment with latency on every call',
  '',
  `${date}, node ${process.version}, ${cpus().length} cores, load average ${load} at the end; the independent platform (a fresh one per run) behind a proxy holding every answer ${LATENCY_MS} ms; \`node bin/umc-contract.js --mode full --seed ${SEED} --reporter json\`, the appPassword in UMC_APP_PASSWORD (\`npm run bench -- contract-latency\`${BEFORE ? `, \`BENCH_CONTRACT_BEFORE=${BEFORE}\`` : ''}${EXTRA_ARGS.length ? `, \`BENCH_CONTRACT_ARGS="${EXTRA_ARGS.join(' ')}"\`` : ''}). One run each: each takes minutes.`,
  '',
  `| code | extra flags | wall time | report's own time | requests (proxy) | requests in cases | requests × ${LATENCY_MS} ms | exit | ${countKeys.join(' | ')} | load at start |`,
  `|---|---|---:|---:|---:|---:|---:|---:|${countKeys.map(() => '---:|').join('')}---:|`,
  ...runs.map((r) => `| ${r.contender} | ${r.extraArgs.join(' ') || '—'} | ${s(r.wallMs)} | ${s(r.reportMs)} | ${r.requests} | ${r.caseRequests} | ${s(r.requests * LATENCY_MS)} | ${r.exitCode} | ${countKeys.map((k) => r.counts[k] ?? '—').join(' | ')} | ${r.loadAverageAtStart.toFixed(1)} |`),
  '',
  ratio === undefined
    ? `Target (${target}): not measured here (set BENCH_CONTRACT_BEFORE to a built checkout of the code before).`
    : `**after / before wall time: ${ratio.toFixed(2)}× (target ≤ 0.33×: ${met ? 'met' : 'not met'}).**`,
  '',
  ...runs.flatMap((r) => [
    `Slowest cases, ${r.contender}:`,
    '',
    '| case | status | ms | requests |',
    '|---|---|---:|---:|',
    ...slowest(r).map((c) => `| ${c.id} | ${c.status} | ${c.ms.toLocaleString('en-US')} | ${c.requests} |`),
    '',
  ]),
].join('\n');
writeFileSync(join(RESULTS, 'contract-latency.md'), md);
console.log(`\n${md}`);
if (met === false || runs.some((r) => r.exitCode !== 0)) process.exitCode = 1;
