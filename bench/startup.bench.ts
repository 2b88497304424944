/**
 * How long until the CLI answers its first request? From spawning `node bin/umc-mock.js --port 0`
 * to the answer of a 5.1.1 token call (the banner gives the port), against a bare node:http server
 * timed the same way; medians of 5 alternating starts. Target: the mock within 4× the bare server.
 * Also in-process: startMock() first and second start in one fresh process (compiled package).
 * BENCH_STARTUP_BEFORE=DIR adds DIR/bin/umc-mock.js (another checkout, e.g. before a change) to the
 * same alternation. Run with `npm run bench -- startup`; needs dist/ (npm install builds it).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { startChild } from './child-server.js';

const ROOT = join(import.meta.dirname, '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const TARGET_RATIO = 4;
const TOKEN_PATH = '/msg/getThirdAPIToken?appId=MSG123456&appPassword=MTIzNDU2Nzg5MGFiY2RlZjEyMzQ1Njc4OTBhYmNkZWY';

/** Milliseconds from spawn to the first answer; plain node, no loader flags. */
async function firstAnswerMs(script: string, args: string[], cwd = ROOT): Promise<number> {
  const started = performance.now();
  const server = await startChild(script, process.execPath, [script, ...args], /API\s+(http:\/\/127\.0\.0\.1:\d+)/, { cwd });
  await (await fetch(`${server.url}${TOKEN_PATH}`)).text();
  const ms = performance.now() - started;
  await server.stop();
  return ms;
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

const contenders: { name: string; script: string; args: string[]; cwd?: string }[] = [
  { name: 'bare node:http', script: join(ROOT, 'bench/servers/bare-http.js'), args: [] },
  { name: 'umc-mock CLI', script: join(ROOT, 'bin/umc-mock.js'), args: ['--port', '0'] },
];
const before = process.env.BENCH_STARTUP_BEFORE;
if (before) contenders.push({ name: `umc-mock CLI, ${before}`, script: join(before, 'bin/umc-mock.js'), args: ['--port', '0'], cwd: before });

const times = new Map(contenders.map((c) => [c.name, [] as number[]]));
await firstAnswerMs(contenders[1]!.script, contenders[1]!.args); // warm the file cache, not counted
for (let round = 0; round < ROUNDS; round++) {
  for (const c of contenders) times.get(c.name)!.push(await firstAnswerMs(c.script, c.args, c.cwd));
}

const inProcess: { importMs: number; firstMs: number; secondMs: number }[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const run = spawnSync(process.execPath, [join(ROOT, 'bench/servers/in-process-starts.js')], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`in-process starts failed: ${run.stderr}`);
  inProcess.push(JSON.parse(run.stdout));
}

const bare = median(times.get('bare node:http')!);
const cli = median(times.get('umc-mock CLI')!);
const ratio = cli / bare;
const met = ratio <= TARGET_RATIO;
const fmt = (ms: number) => `${Math.round(ms).toLocaleString('en-US')} ms`;
const meta = { date: new Date().toISOString(), node: process.version, loadAverage: loadavg().map((l) => l.toFixed(2)), rounds: ROUNDS };
const first = median(inProcess.map((r) => r.firstMs));
const second = median(inProcess.map((r) => r.secondMs));
const md = [
  '# Start-up: spawn to the first answer',
  '',
  `\`npm run bench -- startup\`, ${meta.date}, Node ${meta.node}, load average ${meta.loadAverage.join(' ')} (the machine is shared: read the ratios).`,
  `Each start: spawn \`node SCRIPT --port 0\`, read the port from the banner, answer one 5.1.1 token call; ${ROUNDS} alternating starts each, medians.`,
  '',
  '| server | median | all starts | × bare |',
  '|---|---:|---|---:|',
  ...contenders.map((c) => {
    const xs = times.get(c.name)!;
    return `| ${c.name} | ${fmt(median(xs))} | ${xs.map((x) => Math.round(x)).join(', ')} | ${(median(xs) / bare).toFixed(2)}× |`;
  }),
  '',
  `**Target: the CLI within ${TARGET_RATIO}× the bare server: ${ratio.toFixed(2)}×, ${met ? 'met' : 'missed'}.**`,
  '',
  'In-process (`bench/servers/in-process-starts.js`: a fresh process imports the compiled package, then `startMock()` twice, each until its first token answer):',
  '',
  '| | median | all |',
  '|---|---:|---|',
  `| import of umc-kit | ${fmt(median(inProcess.map((r) => r.importMs)))} | ${inProcess.map((r) => Math.round(r.importMs)).join(', ')} |`,
  `| first start | ${fmt(first)} | ${inProcess.map((r) => Math.round(r.firstMs)).join(', ')} |`,
  `| second start, same process | ${fmt(second)} | ${inProcess.map((r) => Math.round(r.secondMs)).join(', ')} |`,
  `| second / first | ${(second / first).toFixed(2)}× | |`,
  '',
].join('\n');
const out = join(ROOT, 'bench', 'results');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'startup.json'), `${JSON.stringify({ meta, times: Object.fromEntries(times), inProcess, ratio, met }, null, 2)}\n`);
writeFileSync(join(out, 'startup.md'), md);
console.log(md);
if (!met) process.exitCode = 1;
