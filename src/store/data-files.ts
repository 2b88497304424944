import * as nodeFs from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * The file operations the --data files go through. node:fs by default; a test hands in a copy
 * whose writes throw ENOSPC or EIO to see what a full or failing disk does.
 */
export type DataFs = Pick<
  typeof nodeFs,
  'openSync' | 'closeSync' | 'writeSync' | 'fsyncSync' | 'fdatasyncSync' | 'ftruncateSync' | 'renameSync' | 'unlinkSync' | 'readFileSync' | 'chmodSync' | 'existsSync'
>;

export const realFs: DataFs = nodeFs;

/** Snapshot, log, temp and lock files hold apps' passwords and live tokens: owner only. */
export const FILE_MODE = 0o600;

const { O_WRONLY, O_CREAT, O_TRUNC, O_APPEND } = nodeFs.constants;
/** A log file opened for appending, created 0600 when it does not exist. */
export const APPEND_FLAGS = O_WRONLY | O_CREAT | O_APPEND;
/** A new empty log file (compaction's replacement), opened for appending. */
export const FRESH_APPEND_FLAGS = O_WRONLY | O_CREAT | O_TRUNC | O_APPEND;

const REASONS: Record<string, string> = {
  ENOSPC: '磁盘已满',
  EDQUOT: '超出磁盘配额',
  EIO: '磁盘读写错误',
  EROFS: '文件系统只读',
  EACCES: '没有写权限',
  EPERM: '没有写权限',
  EFBIG: '文件过大',
  EMFILE: '打开的文件过多',
};

/** The system's error in a few words: `磁盘已满，ENOSPC`. */
export function reasonOf(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code && REASONS[code]) return `${REASONS[code]}，${code}`;
  return code ?? (err as Error | undefined)?.message ?? String(err);
}

/**
 * The data file could not be written (or read back): the change it carried was not applied.
 * `message` is what the caller is told (the API's rspMsg, the control plane's error); `detail`
 * adds the file and the system's own words, for the log.
 */
export class DataFileError extends Error {
  readonly code: string | undefined;
  constructor(
    message: string,
    readonly detail: string,
    cause?: unknown,
  ) {
    super(message, { cause });
    this.code = (cause as NodeJS.ErrnoException | undefined)?.code;
  }

  /** A change refused because its log line could not be made durable. */
  static write(file: string, cause: unknown): DataFileError {
    return new DataFileError(`数据文件写入失败（${reasonOf(cause)}），本次操作未生效`, `${file}：${(cause as Error).message ?? cause}`, cause);
  }

  /** A snapshot that could not be written: the old snapshot and log are as they were. */
  static compaction(file: string, cause: unknown): DataFileError {
    return new DataFileError(`数据文件压缩失败（${reasonOf(cause)}）：快照与日志保持原样，稍后重试`, `${file}：${(cause as Error).message ?? cause}`, cause);
  }
}

/** Writes all of `data` at the file's position (a short write is continued, never taken as done). */
export function writeAll(fs: DataFs, fd: number, data: Buffer): void {
  let offset = 0;
  while (offset < data.length) offset += fs.writeSync(fd, data, offset, data.length - offset);
}

/** Makes a rename or a file creation in `dir` durable. */
function syncDir(fs: DataFs, dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some filesystems cannot fsync a directory; the data itself was synced.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** The temp file beside `file` that an atomic write goes through (lowdb's name for it). */
export function tempFileOf(file: string): string {
  return join(dirname(file), `.${basename(file)}.tmp`);
}

/**
 * Replaces `file` with `text` atomically: a 0600 temp file, written in full and fsynced, renamed
 * over it. On failure the temp file is removed and `file` is what it was.
 */
export function writeFileAtomic(fs: DataFs, file: string, text: string): void {
  const tmp = tempFileOf(file);
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'w', FILE_MODE);
    fs.chmodSync(tmp, FILE_MODE); // a temp file left by an older version may be 0644
    writeAll(fs, fd, Buffer.from(text));
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, file);
  } catch (err) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // already failing
      }
    }
    try {
      fs.unlinkSync(tmp);
    } catch {
      // nothing to remove
    }
    throw err;
  }
  syncDir(fs, dirname(file));
}

/** Lock files held by this process (a second StateFile on one file in one process is refused too). */
const held = new Set<string>();

interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

function readOwner(lockFile: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(nodeFs.readFileSync(lockFile, 'utf8')) as LockOwner;
    return Number.isInteger(owner.pid) && typeof owner.host === 'string' ? owner : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, it is someone else's.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One writer per data file: FILE.lock, created atomically (a complete temp file hard-linked into
 * place, so it is never seen empty) and holding the owner's pid and host. A lock whose process is
 * gone (on this host) is taken over; one held by a live process refuses, naming it. Returns a
 * note when a stale lock was taken over.
 */
export function acquireLock(file: string): { lockFile: string; tookOver?: string } {
  const lockFile = `${resolve(file)}.lock`;
  if (held.has(lockFile)) throw new Error(`数据文件已被本进程打开：${file}（同一个数据文件只能有一个umc-mock使用）`);
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  const tmp = `${lockFile}.${process.pid}.tmp`;
  nodeFs.writeFileSync(tmp, `${JSON.stringify(me)}\n`, { mode: FILE_MODE });
  let tookOver: string | undefined;
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        nodeFs.linkSync(tmp, lockFile);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw err;
      }
      const owner = readOwner(lockFile);
      if (!owner) throw new Error(`数据文件的锁文件无法识别：${lockFile}（确认没有umc-mock在使用${file}后删除它）`);
      const sameHost = owner.host === me.host;
      // A lock with our own pid that this process does not hold was left by an earlier process
      // that had the same pid (a container restarted): stale.
      if (!sameHost || (owner.pid !== process.pid && alive(owner.pid))) {
        throw new Error(
          `数据文件正被另一个umc-mock进程使用（pid ${owner.pid}${sameHost ? '' : `，主机${owner.host}`}，自${owner.since}）：${file}` +
            `（同一个数据文件只能有一个umc-mock写入；若该进程已不存在，删除${lockFile}）`,
        );
      }
      // Two processes taking over the same stale lock at the same instant could both win: a
      // window of microseconds, between this unlink and the link above.
      nodeFs.unlinkSync(lockFile);
      tookOver = `接管了已退出的进程（pid ${owner.pid}，自${owner.since}）留下的锁：${lockFile}`;
    }
  } finally {
    nodeFs.unlinkSync(tmp);
  }
  held.add(lockFile);
  return { lockFile, tookOver };
}

export function releaseLock(lockFile: string): void {
  if (!held.delete(lockFile)) return;
  const owner = readOwner(lockFile);
  if (owner && owner.pid === process.pid) nodeFs.rmSync(lockFile, { force: true });
}
