// A command run to its end as a person runs it from a shell: its exit code, standard output and error.
import { spawn } from 'node:child_process';

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
