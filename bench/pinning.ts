import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';

/**
 * Puts the load generator (this process, all its threads) alone on CPU 1 and returns the command
 * prefix that starts a server alone on CPU 0 (`taskset -c 0`, which execs: the server keeps the pid),
 * so that the figures do not measure a fight for one core. Undefined, with a warning naming `bench`,
 * where that cannot be done (one CPU, no taskset).
 */
export function pinServersToCpu0(bench: string): string[] | undefined {
  if (cpus().length < 2) {
    console.warn(`${bench}: only one CPU: servers and autocannon share it (the figures compare a fight for it)`);
    return undefined;
  }
  try {
    execFileSync('taskset', ['-acp', '1', String(process.pid)], { stdio: 'ignore' });
  } catch {
    console.warn(`${bench}: taskset is missing: servers and autocannon share the cores (the figures compare a fight for them)`);
    return undefined;
  }
  return ['taskset', '-c', '0'];
}
