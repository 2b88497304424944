import { closeSync, existsSync, openSync, readFileSync, renameSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { LowSync } from 'lowdb';
import { DataFileSync } from 'lowdb/node';
import type { PlatformSnapshot } from '../domain/platform.js';
import type { Recorder, Tape } from './recorder.js';

/** One change, as it is appended to the log before the response that acknowledges it. */
export interface Command {
  seq: number;
  kind: 'api' | 'control';
  operationId: string;
  appId?: string;
  params?: unknown;
  body?: unknown;
  callerIp?: string;
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

export interface StateFileHost {
  snapshot(): PlatformSnapshot;
  restore(snapshot: PlatformSnapshot): void;
  offsetMs(): number;
  setOffsetMs(ms: number): void;
}

/**
 * --data FILE: a lowdb snapshot (FILE, written atomically: temp file + rename) plus an
 * append-only command log (FILE.log). Each acknowledged change is appended to the log with a
 * synchronous write before its response goes out, so a kill -9 right after loses nothing; a line
 * cut short by a crash was never acknowledged and is dropped on load. Every COMPACT_EVERY commands,
 * and on clean shutdown, the snapshot is rewritten and the log emptied of what it covers.
 */
export class StateFile {
  readonly logFile: string;
  private readonly db: LowSync<StateDocument | null>;
  private fd: number | undefined;
  private seq = 0;
  private sinceCompaction = 0;

  constructor(
    readonly file: string,
    private readonly recorder: Recorder,
    private readonly compactEvery = COMPACT_EVERY,
  ) {
    this.logFile = `${file}.log`;
    this.db = new LowSync(new DataFileSync<StateDocument | null>(file, { parse: JSON.parse, stringify: (data) => JSON.stringify(data) }), null);
    try {
      this.db.read();
    } catch (err) {
      throw new Error(`数据文件不是合法的JSON：${file}：${(err as Error).message}`);
    }
    const doc = this.db.data;
    if (doc !== null && doc.format !== 'umc-mock-state') throw new Error(`不是umc-mock的数据文件：${file}`);
  }

  /** The scenario and seed the saved state was built on (undefined for a new file). */
  get saved(): { scenario: string; seed: number | null } | undefined {
    return this.db.data ? { scenario: this.db.data.scenario, seed: this.db.data.seed } : undefined;
  }

  /** The log's complete lines; a torn last line (a crash mid-write) is cut off the file. */
  private readLog(): Command[] {
    if (!existsSync(this.logFile)) return [];
    const text = readFileSync(this.logFile, 'utf8');
    const end = text.lastIndexOf('\n') + 1;
    if (end < text.length) truncateSync(this.logFile, Buffer.byteLength(text.slice(0, end)));
    const commands: Command[] = [];
    for (const line of text.slice(0, end).split('\n')) {
      if (line) commands.push(JSON.parse(line) as Command);
    }
    return commands;
  }

  /**
   * Restores the snapshot and replays the log after it. `execute` runs one command as it ran live;
   * its business errors are expected (refused calls are logged too) and ignored.
   */
  load(host: StateFileHost, scenario: string, seed: number | undefined, execute: (command: Command) => void): { restored: boolean; replayed: number } {
    const doc = this.db.data;
    if (doc?.state) host.restore(doc.state);
    this.seq = doc?.seq ?? 0;
    let replayed = 0;
    for (const command of this.readLog()) {
      if (command.seq <= this.seq) continue;
      try {
        this.recorder.replay(command.tape, () => execute(command));
      } catch {
        // Refused live too: the command is in the log because it was answered.
      }
      host.setOffsetMs(command.offsetMs);
      this.seq = command.seq;
      replayed++;
    }
    if (!doc) this.db.data = { format: 'umc-mock-state', version: 1, scenario, seed: seed ?? null, seq: 0, savedAt: new Date().toISOString(), state: null };
    this.fd = openSync(this.logFile, 'a');
    this.sinceCompaction = replayed;
    if (!doc) this.compact(host, scenario);
    return { restored: Boolean(doc?.state), replayed };
  }

  /**
   * Runs a change and appends it to the log before returning. A refused change is logged too
   * (replaying it refuses it again, leaving what it left), unless `logRefused` is false.
   */
  run<T>(host: StateFileHost, input: CommandInput, fn: () => T, logRefused = true): T {
    const recording = this.recorder.record(fn);
    let ok = false;
    try {
      const result = recording.run();
      ok = true;
      return result;
    } finally {
      if (ok || logRefused) this.append({ ...input, seq: ++this.seq, tape: recording.tape, offsetMs: host.offsetMs() });
    }
  }

  private append(command: Command): void {
    if (this.fd === undefined) throw new Error('state file is not open');
    writeSync(this.fd, `${JSON.stringify(command)}\n`);
    this.sinceCompaction++;
  }

  /** Whether enough has been logged that a snapshot is due. */
  get compactionDue(): boolean {
    return this.sinceCompaction >= this.compactEvery;
  }

  /** Writes the whole state as of now and drops the log lines it covers. */
  compact(host: StateFileHost, scenario: string): void {
    const doc = this.db.data!;
    this.db.data = { ...doc, scenario, seq: this.seq, savedAt: new Date().toISOString(), state: host.snapshot() };
    this.db.write();
    // Everything logged so far is in the snapshot now; replace the log atomically.
    const tmp = `${this.logFile}.tmp`;
    writeFileSync(tmp, '');
    if (this.fd !== undefined) closeSync(this.fd);
    renameSync(tmp, this.logFile);
    this.fd = openSync(this.logFile, 'a');
    this.sinceCompaction = 0;
  }

  close(host: StateFileHost, scenario: string): void {
    if (this.fd === undefined) return;
    this.compact(host, scenario);
    closeSync(this.fd);
    this.fd = undefined;
  }
}
