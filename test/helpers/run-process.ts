// A command run to its end as a person runs it from a shell: its exit code, standard output and error; tap too.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface ProcessResult {
  /** The exit code; -1 when a signal ended it. */
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `command args` (no stdin) until it closes; `env` replaces the environment when given. */
export function runProcess(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** tap as `npm test` starts it, in the project, its standard output a pipe; none of this run's own tap settings. */
export function runTap(args: string[]): Promise<ProcessResult> {
  const tapPkg = fileURLToPath(import.meta.resolve('tap/package.json'));
  const bin = tapPkg.replace(/package\.json$/, JSON.parse(readFileSync(tapPkg, 'utf8')).bin.tap);
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(TAP|_TAPJS)/.test(key)));
  return runProcess(process.execPath, [bin, ...args], { cwd: fileURLToPath(new URL('../..', import.meta.url)), env });
}
