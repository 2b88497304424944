/**
 * `npm run bench`: every bench/*.bench.ts in turn, each in its own Node process (with --expose-gc
 * and room for a million stored messages), so one bench's heap never weighs on the next.
 * `npm run bench -- throughput scale` runs only the benches whose names contain those words.
 * Never part of `npm test`. Results are written to bench/results/.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((word) => f.includes(word)))
  .sort();
if (benches.length === 0) {
  console.error(`no bench matches ${only.join(' ')}`);
  process.exit(2);
}
const failed: string[] = [];
for (const file of benches) {
  console.log(`\n=== ${file} ===`);
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=6144', '--import=tsx', join(dir, file)], { stdio: 'inherit', cwd: join(dir, '..') });
  console.log(`=== ${file}: ${run.status === 0 ? 'done' : `exit ${run.status ?? run.signal}`} in ${((Date.now() - started) / 1000).toFixed(0)} s ===`);
  if (run.status !== 0) failed.push(file);
}
if (failed.length) {
  console.log(`\nmissed a target or failed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
