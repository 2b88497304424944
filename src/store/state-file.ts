import { LowSync, type SyncAdapter } from 'lowdb';
import type { PlatformSnapshot } from '../domain/platform.js';
import { APPEND_FLAGS, DataFileError, FILE_MODE, FRESH_APPEND_FLAGS, acquireLock, realFs, reasonOf, releaseLock, tempFileOf, writeAll, writeFileAtomic, type DataFs } from './data-files.js';
import type { Recorder, Tape } from './recorder.js';

/** One change, as it is appended to the log before the response that acknowledges it. */
export interface Command {
  seq: number;
  kind: 'api' | 'control';
  operationId: string;
  appId?: string;
  params?: unknown;
  body?: unknown;
  /** What the command drew from the clock and ids, fed back on replay. */
  tape: Tape;
  /** The clock offset after the command (clock moves are not repeatable from a tape). */
  offsetMs: number;
}

export type CommandInput = Omit<Command, 'seq' | 'tape' | 'offsetMs'>;

/** The snapshot file (lowdb): the whole state as of command `seq`. */
export interface StateDocument {
  format: 'umc-mock-state';
  version: 1;
  scenario: string;
  seed: number | null;
  seq: number;
  savedAt: string;
  state: PlatformSnapshot | null;
}

export const COMPACT_EVERY = 10_000;
export const COMPACT_BYTES = 64 * 1024 * 1024;
export const COMPACT_RETRY_MS = 60_000;

export interface StateFileOptions {
  /** Compact after this many logged changes… */
  compactEvery?: number;
  /** …or once the log holds this many bytes. */
  compactBytes?: number;
  /** After a failed compaction, the next attempt waits this long. */
  compactRetryMs?: number;
  /** fdatasync each log line before its change is acknowledged (default true). */
  fsync?: boolean;
  /** Load what a damaged file still holds, saying what was dropped, instead of refusing to start. */
  acceptDataLoss?: boolean;
  /** The file operations (tests simulate a full disk with their own). */
  fs?: DataFs;
}

export interface StateFileHost {
  snapshot(): PlatformSnapshot;
  /** Back to `scenario`'s initial state, and to `snapshot` over it when there is one. */
  restore(scenario: string, snapshot: PlatformSnapshot | null): void;
  offsetMs(): number;
  setOffsetMs(ms: number): void;
}

/** How logged commands are run again: `check` refuses a command nothing could run, `run` runs it. */
export interface CommandReplay {
  check(command: Command): string | undefined;
  run(command: Command): void;
}

/** A logged command that cannot be run against the state it was logged on (not a refusal). */
export class LogLineError extends Error {}

/** The snapshot file exists but cannot be used. */
class SnapshotProblem extends Error {}

/**
 * The snapshot through lowdb: read strictly (a missing, empty or `null` file is "no snapshot";
 * anything else that is not our format is a problem), written atomically as a 0600 file.
 */
class SnapshotAdapter implements SyncAdapter<StateDocument | null> {
  constructor(
    private readonly fs: DataFs,
    private readonly file: string,
  ) {}

  read(): StateDocument | null {
    let text: string;
    try {
      text = this.fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new SnapshotProblem(`${this.file}：无法读取（${(err as Error).message}）`);
    }
    if (text.trim() === '') return null;
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw new SnapshotProblem(`${this.file}：不是合法的JSON（${(err as Error).message}）`);
    }
    if (doc === null) return null;
    const d = doc as Partial<StateDocument>;
    if (typeof doc !== 'object' || d.format !== 'umc-mock-state') throw new Error(`不是umc-mock的数据文件：${this.file}`);
    if (d.version !== 1) throw new Error(`数据文件的版本${String(d.version)}不受支持：${this.file}`);
    if (!Number.isSafeInteger(d.seq) || d.seq! < 0 || typeof d.scenario !== 'string' || (d.state !== null && typeof d.state !== 'object')) {
      throw new SnapshotProblem(`${this.file}：快照缺少seq、scenario或state`);
    }
    if (d.state === null && d.seq! > 0) throw new SnapshotProblem(`${this.file}：快照止于seq ${d.seq}，却没有状态（state为null）`);
    return d as StateDocument;
  }

  write(doc: StateDocument | null): void {
    writeFileAtomic(this.fs, this.file, JSON.stringify(doc));
  }
}

interface LogLine {
  line: number;
  command: Command;
}

interface ParsedLog {
  lines: LogLine[];
  /** Complete lines that are not commands, with their line numbers. */
  bad: { line: number; problem: string }[];
  /** Bytes up to the end of the last complete line; anything after is a torn write. */
  completeBytes: number;
  tornBytes: number;
}

const TAPE_KINDS = new Set(['n', 'u', 'r']);

/** What is wrong with a parsed log line, if it is not a command. */
function commandProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return '不是变更记录（应为JSON对象）';
  const c = value as Partial<Command>;
  if (!Number.isSafeInteger(c.seq) || c.seq! < 1) return '缺少seq（正整数）';
  if (c.kind !== 'api' && c.kind !== 'control') return `kind应为api或control，实际为${JSON.stringify(c.kind) ?? '空'}`;
  if (typeof c.operationId !== 'string' || c.operationId === '') return '缺少operationId';
  if (!Array.isArray(c.tape) || !c.tape.every((draw) => Array.isArray(draw) && draw.length === 2 && TAPE_KINDS.has(draw[0]))) return 'tape不是时钟与id的抽取记录';
  if (typeof c.offsetMs !== 'number' || !Number.isFinite(c.offsetMs)) return '缺少offsetMs';
  return undefined;
}

function parseLog(bytes: Buffer): ParsedLog {
  const completeBytes = bytes.lastIndexOf(0x0a) + 1;
  const text = bytes.toString('utf8', 0, completeBytes);
  const rows = text.split('\n');
  rows.pop(); // after the last newline
  const lines: LogLine[] = [];
  const bad: ParsedLog['bad'] = [];
  rows.forEach((row, i) => {
    let value: unknown;
    try {
      value = JSON.parse(row);
    } catch (err) {
      bad.push({ line: i + 1, problem: row === '' ? '空行' : `不是合法的JSON（${(err as Error).message}）` });
      return;
    }
    const problem = commandProblem(value);
    if (problem) bad.push({ line: i + 1, problem });
    else lines.push({ line: i + 1, command: value as Command });
  });
  return { lines, bad, completeBytes, tornBytes: bytes.length - completeBytes };
}

function range(from: number, to: number): string {
  return from === to ? `第${from}条变更` : `第${from}到${to}条变更（${to - from + 1}条）`;
}

/**
 * --data FILE: a lowdb snapshot (FILE, written atomically: temp file + fsync + rename) plus an
 * append-only command log (FILE.log), both 0600, guarded by FILE.lock (one writer).
 *
 * A change is applied only once it is on disk: its line is written in full and fdatasynced before
 * the response that acknowledges it; when that fails the line is cut off again, the state in memory
 * is rebuilt from what the files hold, and the caller is told the change did not happen. A line
 * cut short by a crash was never acknowledged and is cut on load. Anything else that does not add
 * up on load (a seq gap, a missing snapshot under a compacted log, a bad line) refuses to start
 * unless the loss is accepted. Every `compactEvery` changes or `compactBytes` of log, and on clean
 * shutdown, the snapshot is rewritten and the log emptied of what it covers; a failed compaction
 * leaves both as they were and is tried again `compactRetryMs` later.
 */
export class StateFile {
  readonly logFile: string;
  private readonly lockFile: string;
  private readonly db: LowSync<StateDocument | null>;
  private readonly fs: DataFs;
  private readonly compactEvery: number;
  private readonly compactBytes: number;
  private readonly compactRetryMs: number;
  private readonly fsync: boolean;
  private readonly acceptDataLoss: boolean;
  /** Said once on load: a stale lock taken over. */
  private readonly lockNote: string | undefined;
  private snapshotProblem: string | undefined;
  private replay: CommandReplay | undefined;
  private fd: number | undefined;
  /** The last acknowledged command. */
  private seq = 0;

  /** The log's size up to the end of the last acknowledged line. */
  private logBytes = 0;
  /** A failed append could not be cut off the log: cut it before anything else is written. */
  private tornTail = false;
  private sinceCompaction = 0;
  private retryCompactionAt = 0;
  /** Set when the state in memory could not be brought back to what is on disk: no more changes. */
  private broken: DataFileError | undefined;

  /** The number of the last change on disk (0 for a new file). */
  get lastSeq(): number {
    return this.seq;
  }

  constructor(
    readonly file: string,
    private readonly recorder: Recorder,
    options: StateFileOptions = {},
  ) {
    this.logFile = `${file}.log`;
    this.fs = options.fs ?? realFs;
    this.compactEvery = options.compactEvery ?? COMPACT_EVERY;
    this.compactBytes = options.compactBytes ?? COMPACT_BYTES;
    this.compactRetryMs = options.compactRetryMs ?? COMPACT_RETRY_MS;
    this.fsync = options.fsync ?? true;
    this.acceptDataLoss = options.acceptDataLoss ?? false;
    const lock = acquireLock(file);
    this.lockFile = lock.lockFile;
    this.lockNote = lock.tookOver;
    this.db = new LowSync(new SnapshotAdapter(this.fs, file), null);
    try {
      this.db.read();
    } catch (err) {
      if (!(err instanceof SnapshotProblem)) {
        this.release();
        throw err;
      }
      this.snapshotProblem = err.message;
    }
  }

  /** The scenario and seed the saved state was built on (undefined for a new file). */
  get saved(): { scenario: string; seed: number | null } | undefined {
    return this.db.data ? { scenario: this.db.data.scenario, seed: this.db.data.seed } : undefined;
  }

  private readLogBytes(): Buffer {
    try {
      return this.fs.readFileSync(this.logFile);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
      throw err;
    }
  }

  /**
   * Restores the snapshot and replays the log after it. A logged command's business errors are
   * expected (refused calls are logged too) and ignored. Refuses, changing no file, when the
   * files do not add up, unless the loss is accepted: then it loads what it can, says what it
   * dropped in `dropped`, and rewrites the files.
   */
  load(host: StateFileHost, scenario: string, seed: number | undefined, replay: CommandReplay): { restored: boolean; replayed: number; dropped: string[]; notes: string[] } {
    try {
      return this.loadFiles(host, scenario, seed, replay);
    } catch (err) {
      this.release();
      throw err;
    }
  }

  private loadFiles(host: StateFileHost, scenario: string, seed: number | undefined, replay: CommandReplay) {
    this.replay = replay;
    const doc = this.db.data;
    const log = parseLog(this.readLogBytes());
    const problems: string[] = [];
    if (this.snapshotProblem) problems.push(`${this.snapshotProblem}：快照里的全部状态`);
    for (const { line, problem } of log.bad) problems.push(`${this.logFile} 第${line}行：${problem}：丢弃这一行`);
    const base = doc?.seq ?? 0;
    let previous: number | undefined;
    const runnable: LogLine[] = [];
    for (const entry of log.lines) {
      const { line, command } = entry;
      const unknown = replay.check(command);
      if (unknown) problems.push(`${this.logFile} 第${line}行：${unknown}：丢弃这一行`);
      else runnable.push(entry);
      if (previous === undefined) {
        if (command.seq > base + 1) {
          const snapshot = doc ? `快照止于seq ${base}` : this.snapshotProblem ? '快照无法读取' : `快照（${this.file}）不存在或为空`;
          problems.push(`${this.logFile} 第${line}行：日志从seq ${command.seq}开始，而${snapshot}：${range(base + 1, command.seq - 1)}不在任何文件里`);
        }
      } else if (command.seq <= previous) {
        problems.push(`${this.logFile} 第${line}行：seq ${command.seq}重复或倒退（上一行是seq ${previous}；两个进程写过同一个数据文件？）：丢弃这一行`);
        continue;
      } else if (command.seq > previous + 1) {
        problems.push(`${this.logFile} 第${line}行：seq从${previous}跳到${command.seq}：${range(previous + 1, command.seq - 1)}不在任何文件里`);
      }
      previous = command.seq;
    }
    if (problems.length > 0 && !this.acceptDataLoss) throw new Error(refusal(problems));

    if (doc?.state) host.restore(doc.scenario, doc.state);
    this.seq = base;
    const replayed = this.replayLines(host, runnable, (line, err) => {
      problems.push(`${this.logFile} 第${line}行：${err.message}：丢弃这一行`);
      if (!this.acceptDataLoss) throw new Error(refusal(problems));
    });

    // From here on the files are ours to change: cut a torn last line, make them private.
    if (log.tornBytes > 0) this.fs.ftruncateSync(this.openLog(), log.completeBytes);
    for (const f of [this.file, this.logFile]) if (this.fs.existsSync(f)) this.fs.chmodSync(f, FILE_MODE);
    this.openLog();
    this.logBytes = log.completeBytes;
    this.sinceCompaction = replayed;
    if (!doc) this.db.data = { format: 'umc-mock-state', version: 1, scenario, seed: seed ?? null, seq: 0, savedAt: new Date().toISOString(), state: null };
    // A new file gets its first snapshot; a file whose loss was accepted is rewritten whole.
    if (!doc || problems.length > 0) {
      try {
        this.compact(host, scenario);
      } catch (err) {
        throw new Error(`无法写入数据文件（${reasonOf((err as Error).cause)}）：${this.file}`);
      }
    }
    const notes = this.lockNote ? [this.lockNote] : [];
    if (problems.length > 0) notes.push([`--accept-data-loss：已载入能载入的部分（快照${doc?.state ? `至seq ${base}` : '无'}，重放${replayed}条变更），丢弃了：`, ...problems.map((p) => `  ${p}`)].join('\n'));
    return { restored: Boolean(doc?.state), replayed, dropped: problems, notes };
  }

  private openLog(): number {
    if (this.fd === undefined) this.fd = this.fs.openSync(this.logFile, APPEND_FLAGS, FILE_MODE);
    return this.fd;
  }

  /**
   * Replays log lines above the current seq (up to `upTo`), in order; a line seq at or below it is
   * covered already (by the snapshot, or it repeats one). Returns how many ran.
   */
  private replayLines(host: StateFileHost, lines: LogLine[], onUnrunnable: (line: number, err: Error) => void, upTo = Number.MAX_SAFE_INTEGER): number {
    let replayed = 0;
    for (const { line, command } of lines) {
      if (command.seq <= this.seq || command.seq > upTo) continue;
      const unknown = this.replay!.check(command);
      if (unknown) {
        onUnrunnable(line, new LogLineError(unknown));
        continue;
      }
      try {
        this.recorder.replay(command.tape, () => this.replay!.run(command));
      } catch (err) {
        if (err instanceof LogLineError) {
          onUnrunnable(line, err);
          continue;
        }
        // Refused live too: the command is in the log because it was answered.
      }
      host.setOffsetMs(command.offsetMs);
      this.seq = command.seq;
      replayed++;
    }
    return replayed;
  }

  /**
   * Runs a change and makes its log line durable before returning. A refused change is logged too
   * (replaying it refuses it again, leaving what it left). When the
   * line cannot be written, the change is undone (the state goes back to what the files hold) and
   * a DataFileError says so.
   */
  run<T>(host: StateFileHost, input: CommandInput, fn: () => T): T {
    if (this.broken) throw this.broken;
    const recording = this.recorder.record(fn);
    let result: T | undefined;
    let refusal: { error: unknown } | undefined;
    try {
      result = recording.run();
    } catch (error) {
      refusal = { error };
    }
    return this.logged(host, input, recording.tape, result, refusal);
  }

  /**
   * run() for a change made a step at a time (a 5.3.1 to 55,000 receivers): every step is recorded
   * on one tape, and the line is written once the last step ran, as run() writes it. Replayed, the
   * command runs at once, drawing what the steps drew.
   */
  *runSteps<T>(host: StateFileHost, input: CommandInput, steps: Generator<void, T>): Generator<void, T> {
    if (this.broken) throw this.broken;
    const tape: Tape = [];
    let result: T | undefined;
    let refusal: { error: unknown } | undefined;
    try {
      for (;;) {
        const step = this.recorder.recordOn(tape, () => steps.next());
        if (step.done) {
          result = step.value;
          break;
        }
        yield;
      }
    } catch (error) {
      refusal = { error };
    }
    return this.logged(host, input, tape, result, refusal);
  }

  /** The command's line made durable (a refused one too), then its result or refusal. */
  private logged<T>(host: StateFileHost, input: CommandInput, tape: Tape, result: T | undefined, refusal: { error: unknown } | undefined): T {
    try {
      this.append({ ...input, seq: this.seq + 1, tape, offsetMs: host.offsetMs() });
    } catch (err) {
      throw this.undo(host, err);
    }
    if (refusal) throw refusal.error;
    return result as T;
  }

  private append(command: Command): void {
    if (this.fd === undefined) throw new Error('state file is not open');
    if (this.tornTail) {
      this.fs.ftruncateSync(this.fd, this.logBytes);
      this.tornTail = false;
    }
    const line = Buffer.from(`${JSON.stringify(command)}\n`);
    try {
      writeAll(this.fs, this.fd, line);
      if (this.fsync) this.fs.fdatasyncSync(this.fd);
    } catch (err) {
      // Whatever part of the line reached the file was never acknowledged: cut it.
      try {
        this.fs.ftruncateSync(this.fd, this.logBytes);
      } catch {
        this.tornTail = true;
      }
      throw err;
    }
    this.seq = command.seq;
    this.logBytes += line.length;
    this.sinceCompaction++;
  }

  /** After a failed append: the state in memory back to the snapshot plus the acknowledged log. */
  private undo(host: StateFileHost, cause: unknown): DataFileError {
    const failure = DataFileError.write(this.logFile, cause);
    try {
      this.rebuild(host);
    } catch (err) {
      this.broken = new DataFileError(
        '数据文件写入失败，且无法按磁盘上的数据恢复状态：请检查磁盘后重启umc-mock，本次操作未生效',
        `${failure.detail}；恢复时：${(err as Error).message}`,
        cause,
      );
      return this.broken;
    }
    return failure;
  }

  private rebuild(host: StateFileHost): void {
    const doc = new SnapshotAdapter(this.fs, this.file).read();
    if (!doc) throw new Error(`${this.file}：快照不存在`);
    const log = parseLog(this.readLogBytes().subarray(0, this.logBytes));
    if (log.bad.length > 0) throw new Error(`${this.logFile} 第${log.bad[0]!.line}行：${log.bad[0]!.problem}`);
    const acknowledged = this.seq;
    host.restore(doc.scenario, doc.state);
    this.seq = doc.seq;
    this.replayLines(
      host,
      log.lines,
      (line, err) => {
        throw new Error(`${this.logFile} 第${line}行：${err.message}`);
      },
      acknowledged,
    );
    if (this.seq !== acknowledged) throw new Error(`磁盘上的数据止于seq ${this.seq}，已确认的是seq ${acknowledged}`);
  }

  /** Whether enough has been logged that a snapshot is due (and no failed attempt is too recent). */
  get compactionDue(): boolean {
    return (this.sinceCompaction >= this.compactEvery || this.logBytes >= this.compactBytes) && Date.now() >= this.retryCompactionAt;
  }

  /**
   * Writes the whole state as of now and drops the log lines it covers. On failure both files
   * stay as they were (a new snapshot with the old log is consistent too: its lines are covered),
   * the next attempt waits `compactRetryMs`, and a DataFileError says what happened.
   */
  compact(host: StateFileHost, scenario: string): void {
    if (this.fd === undefined) throw new Error('state file is not open');
    const previous = this.db.data!;
    try {
      this.db.data = { ...previous, scenario, seq: this.seq, savedAt: new Date().toISOString(), state: host.snapshot() };
      try {
        this.db.write();
      } catch (err) {
        this.db.data = previous;
        throw err;
      }
      this.sinceCompaction = 0;
      this.replaceLog();
    } catch (err) {
      this.retryCompactionAt = Date.now() + this.compactRetryMs;
      throw DataFileError.compaction(this.file, err);
    }
  }

  /** Everything logged so far is in the snapshot: an empty 0600 log takes the old one's place. */
  private replaceLog(): void {
    const tmp = tempFileOf(this.logFile);
    const fresh = this.fs.openSync(tmp, FRESH_APPEND_FLAGS, FILE_MODE);
    try {
      this.fs.chmodSync(tmp, FILE_MODE);
      this.fs.fsyncSync(fresh);
      this.fs.renameSync(tmp, this.logFile);
    } catch (err) {
      this.fs.closeSync(fresh);
      try {
        this.fs.unlinkSync(tmp);
      } catch {
        // nothing to remove
      }
      throw err;
    }
    this.fs.closeSync(this.fd!);
    this.fd = fresh;
    this.logBytes = 0;
    this.tornTail = false;
  }

  /** A clean shutdown: a last snapshot (its failure is thrown, the log still holds everything), then release. */
  close(host: StateFileHost, scenario: string): void {
    try {
      if (this.fd !== undefined && !this.broken) this.compact(host, scenario);
    } finally {
      this.release();
    }
  }

  /** Lets go of the files as they are, with no snapshot (what a crash leaves, less the lock). */
  release(): void {
    if (this.fd !== undefined) {
      try {
        this.fs.closeSync(this.fd);
      } catch {
        // closing is all that is left to do
      }
      this.fd = undefined;
    }
    releaseLock(this.lockFile);
  }
}

function refusal(problems: string[]): string {
  const shown = problems.slice(0, 10).map((p) => `  ${p}`);
  if (problems.length > 10) shown.push(`  ……另有${problems.length - 10}处`);
  return ['数据文件有缺失或损坏，拒绝启动（没有改写任何文件）：', ...shown, '确认接受这些丢失、载入能载入的部分：加 --accept-data-loss 重新启动（数据文件随后会被改写）'].join('\n');
}
