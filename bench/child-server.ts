/** Servers under test as child processes, so the RSS read from /proc is theirs alone. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';

export interface ChildServer {
  name: string;
  url: string;
  pid: number;
  /** Resident set size now and at its peak (VmHWM), bytes. */
  memory(): { rss: number; peakRss: number };
  /** CPU time the process has used so far (user + system), seconds. */
  cpuSeconds(): number;
  /** The last of its output so far (OUTPUT_TAIL characters). */
  output(): string;
  /** How the process ended, with the last of its output (a crash's reason), or undefined while it runs. */
  exited(): { code: number | null; signal: string | null; output: string } | undefined;
  stop(): Promise<void>;
}

/** How much of a child's output is kept: enough for V8's out-of-memory report, and for its %DebugPrint of a function (bench/probes). */
const OUTPUT_TAIL = 32_768;

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on Linux). */
const USER_HZ = 100;

function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
}

function statusField(pid: number, field: string): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  return line ? Number(line.split(/\s+/)[1]) * 1024 : NaN;
}

/**
 * Starts `command args` and waits, at most `timeoutMs`, until its output shows a URL matching
 * `ready` (first group), or until `ready.url` answers any HTTP request (for quiet servers).
 */
export async function startChild(name: string, command: string, args: string[], ready: RegExp | { url: string }, options: { cwd?: string; timeoutMs?: number; env?: Record<string, string> } = {}): Promise<ChildServer> {
  const child: ChildProcess = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let onData: (chunk: Buffer) => void = () => undefined;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within ${options.timeoutMs ?? 60000} ms:\n${output.slice(-2000)}`)), options.timeoutMs ?? 60000);
    onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      // Strip colour codes before matching.
      const match = ready instanceof RegExp ? output.replace(/\x1b\[[0-9;]*m/g, '').match(ready) : null;
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    if (!(ready instanceof RegExp)) {
      const poll = () => {
        if (child.exitCode !== null) return;
        fetch(ready.url).then(
          (res) => res.arrayBuffer().then(() => (clearTimeout(timer), resolve(new URL(ready.url).origin))),
          () => setTimeout(poll, 200),
        );
      };
      poll();
    }
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before it was ready:\n${output.slice(-2000)}`));
    });
  });
  // Keep draining the pipes so a chatty server never blocks on a full pipe; the tail is kept.
  const keepTail = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL);
  };
  for (const pipe of [child.stdout!, child.stderr!]) {
    pipe.off('data', onData);
    pipe.on('data', keepTail);
  }
  let ended: { code: number | null; signal: string | null } | undefined;
  // 'close' rather than 'exit': by then the pipes have given all the output.
  child.once('close', (code, signal) => {
    ended = { code, signal };
  });
  const pid = child.pid!;
  return {
    name,
    url,
    pid,
    memory: () => ({ rss: statusField(pid, 'VmRSS'), peakRss: statusField(pid, 'VmHWM') }),
    cpuSeconds: () => cpuSecondsOf(pid),
    output: () => output,
    exited: () => ended && { ...ended, output },
    async stop() {
      // Ended already, by an exit or by a signal (V8's out-of-memory abort is SIGABRT).
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
