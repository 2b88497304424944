// umc-mock's built CLI as child processes, as a person runs it: a server (startCli) or a one-shot command (runCli).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runProcess, type ProcessResult } from './run-process.js';

export const BIN = fileURLToPath(new URL('../../bin/umc-mock.js', import.meta.url));

/** The environment without UMC_URL and UMC_PORT (a developer's shell may set them), plus `env`. */
export function envWith(env: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { UMC_URL: _url, UMC_PORT: _port, ...rest } = process.env;
  return { ...rest, ...env };
}

export function startCli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: envWith(env) });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const banner = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const m = /API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  return { child, banner, output: () => ({ stdout, stderr }) };
}

/** A one-shot command of the built CLI (a subcommand against a running mock, an export). */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<ProcessResult> {
  return runProcess(process.execPath, [BIN, ...args], { env: envWith(env) });
}
