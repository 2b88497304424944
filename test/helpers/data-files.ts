import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createMock, type Mock } from '../../src/create-mock.js';
import type { DataInternals } from '../../src/mock-options.js';
import type { DataFs } from '../../src/store/data-files.js';

const BIN = fileURLToPath(new URL('../../bin/umc-mock.js', import.meta.url));

export interface Cli {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
}

/** umc-mock as a person starts it, on port 0; resolves once it listens, rejects with its stderr if it exits. */
export async function startCli(args: string[]): Promise<Cli> {
  const child = spawn(process.execPath, [BIN, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', () => {
      const m = /API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (m && /数据文件/.test(stdout)) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(Object.assign(new Error(`exited ${code}: ${stderr}`), { code, stderr })));
  });
  return { child, url, stdout: () => stdout, stderr: () => stderr };
}

/** Waits (up to 5 s) until `output()` contains `text`: stderr and stdout are separate pipes, in no order. */
export async function outputContains(output: () => string, text: string): Promise<string> {
  for (const deadline = Date.now() + 5000; !output().includes(text) && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 20));
  return output();
}

/** A start that must fail: its exit code and stderr. */
export async function refusedCli(args: string[]): Promise<{ code: number; stderr: string }> {
  const err = (await startCli(args).then(
    async (cli) => {
      await stopCli(cli, 'SIGKILL');
      throw new Error(`started, but should have been refused: ${cli.stdout()}`);
    },
    (e) => e,
  )) as { code: number; stderr: string };
  return { code: err.code, stderr: err.stderr };
}

export async function stopCli(cli: Cli, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (cli.child.exitCode !== null) return cli.child.exitCode;
  const exited = once(cli.child, 'exit');
  cli.child.kill(signal);
  const [code] = await exited;
  return code as number | null;
}

/** The mock in this process (startMock, as the CLI runs it), with the --data internals a test sets. */
export async function startDataMock(file: string, internals: DataInternals = {}, acceptDataLoss = false): Promise<Mock> {
  const mock = await createMock({ port: 0, logLevel: 'silent', data: file, acceptDataLoss, dataInternals: internals });
  await mock.listen();
  return mock;
}

function errno(code: string, syscall: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated, ${syscall}`), { code, errno: -28, syscall });
}

/**
 * node:fs with a disk that fails on demand: a byte quota (what a small disk does: the write that
 * crosses it is short, the next one ENOSPC), or every write, fsync or truncate to matching files
 * failing with a given code.
 */
export class FaultyDisk {
  private readonly paths = new Map<number, string>();
  private written = 0;
  /** Bytes writes may still take before ENOSPC. */
  quota = Number.POSITIVE_INFINITY;
  /** Writes to files matching this fail (after writing half, when `torn`). */
  failWrites: { match: RegExp; code: string; torn?: boolean } | undefined;
  failSync: { match: RegExp; code: string } | undefined;
  failTruncate = false;
  failReads = false;

  /** Space again: no quota, no failures. */
  recover(): void {
    this.quota = Number.POSITIVE_INFINITY;
    this.failWrites = undefined;
    this.failSync = undefined;
    this.failTruncate = false;
    this.failReads = false;
  }

  /** From now on, `bytes` more bytes fit. */
  limit(bytes: number): void {
    this.written = 0;
    this.quota = bytes;
  }

  readonly fs: DataFs = {
    ...fs,
    openSync: ((path: fs.PathLike, flags: fs.OpenMode = 'r', mode?: fs.Mode) => {
      const fd = fs.openSync(path, flags, mode);
      this.paths.set(fd, String(path));
      return fd;
    }) as typeof fs.openSync,
    closeSync: (fd: number) => {
      this.paths.delete(fd);
      fs.closeSync(fd);
    },
    writeSync: ((fd: number, buffer: Buffer, offset: number = 0, length: number = buffer.length - offset): number => {
      const path = this.paths.get(fd) ?? '';
      const rule = this.failWrites;
      if (rule && rule.match.test(path)) {
        if (rule.torn && length > 1) {
          fs.writeSync(fd, buffer, offset, Math.floor(length / 2));
          this.failWrites = { ...rule, torn: false };
          return Math.floor(length / 2);
        }
        this.failWrites = { ...rule, torn: true };
        throw errno(rule.code, 'write');
      }
      const room = this.quota - this.written;
      if (room <= 0) throw errno('ENOSPC', 'write');
      const n = fs.writeSync(fd, buffer, offset, Math.min(length, room));
      this.written += n;
      return n;
    }) as unknown as typeof fs.writeSync,
    fdatasyncSync: (fd: number) => {
      if (this.failSync && this.failSync.match.test(this.paths.get(fd) ?? '')) throw errno(this.failSync.code, 'fdatasync');
      fs.fdatasyncSync(fd);
    },
    ftruncateSync: (fd: number, len?: number) => {
      if (this.failTruncate) throw errno('EIO', 'ftruncate');
      fs.ftruncateSync(fd, len);
    },
    readFileSync: ((path: fs.PathOrFileDescriptor, options?: never) => {
      if (this.failReads) throw errno('EIO', 'read');
      return fs.readFileSync(path, options);
    }) as typeof fs.readFileSync,
  };
}
