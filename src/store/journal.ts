import { formatDateTime } from '../domain/wall-time.js';

/** One API call as the journal keeps it: parameters with secrets already masked. */
export interface JournalEntry {
  id: number;
  /** ISO time on the platform clock. */
  time: string;
  /** The same instant as the platform writes it (China time, yyyy-MM-dd HH:mm:ss). */
  chinaTime: string;
  method: string;
  path: string;
  operationId: string | null;
  section: string | null;
  appId: string | null;
  params: Record<string, unknown>;
  httpStatus: number;
  rspCode: string | null;
  rspMsg: string | null;
  /** What exactly was wrong with a refused call, when rspMsg is the code's fixed text. */
  detail?: string;
  durationMs: number;
  /** The fault rule that shaped this answer, if any. */
  faultId?: string;
  /** The answer's body as sent (secrets masked, cut past 1024 characters); null when none was sent. */
  answer: string | null;
  /** The message (5.3.1/5.3.2 msgId, 5.3.3 messageId) the call created or changed, when it succeeded. */
  msgId?: string;
  /** The deployment profile (--profile) the call was answered by: its file as given. */
  profile?: string;
}

export interface JournalFilter {
  operationId?: string;
  appId?: string;
  rspCode?: string;
  path?: string;
  /** Only entries with an id greater than this. */
  afterId?: number;
  limit?: number;
}

export const DEFAULT_JOURNAL_SIZE = 1000;

/**
 * Work the writer of an entry leaves until the entry is read, once (most entries of a loaded mock
 * are overwritten unread): masking its secrets, say. It changes the entry's params and answer in place.
 */
export type SettleEntry = (entry: Pick<JournalEntry, 'params' | 'answer'>) => void;

/** What add() takes: the time as epoch ms on the platform clock (formatted only when read). */
export type JournalInput = Omit<JournalEntry, 'id' | 'time' | 'chinaTime' | 'answer' | 'profile'> & { at: number; answer?: string | null; settle?: SettleEntry };

type StoredEntry = Omit<JournalEntry, 'time' | 'chinaTime'> & { at: number; settle: SettleEntry | undefined };

/**
 * The request journal: a ring of the last N calls, so a mock left running under load keeps a
 * fixed amount of memory however many requests it serves.
 */
export class Journal {
  private readonly ring: (StoredEntry | undefined)[];
  private next = 0;
  private nextId = 1;
  private count = 0;
  private listener: ((entry: StoredEntry) => void) | undefined;
  /**
   * The file of the deployment profile the calls are answered by (--profile), set by the core that
   * answers them: every entry names it, one shared string rather than a copy per entry.
   */
  profile: string | undefined;

  constructor(readonly capacity = DEFAULT_JOURNAL_SIZE) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error('journal capacity must be a positive integer');
    this.ring = new Array(capacity);
  }

  /** Called with each entry as it is added (the dev inbox's event feed); one listener. */
  onAdd(listener: (entry: Pick<JournalEntry, 'id' | 'operationId' | 'rspCode' | 'msgId'>) => void): void {
    this.listener = listener;
  }

  add(entry: JournalInput): number {
    // Field by field rather than a spread: this runs on every request.
    const stored: StoredEntry = {
      id: this.nextId++,
      at: entry.at,
      method: entry.method,
      path: entry.path,
      operationId: entry.operationId,
      section: entry.section,
      appId: entry.appId,
      params: entry.params,
      httpStatus: entry.httpStatus,
      rspCode: entry.rspCode,
      rspMsg: entry.rspMsg,
      durationMs: entry.durationMs,
      answer: entry.answer ?? null,
      settle: entry.settle,
    };
    if (entry.detail !== undefined) stored.detail = entry.detail;
    if (entry.faultId !== undefined) stored.faultId = entry.faultId;
    if (entry.msgId !== undefined) stored.msgId = entry.msgId;
    if (this.profile !== undefined) stored.profile = this.profile;
    this.ring[this.next] = stored;
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
    this.listener?.(stored);
    return stored.id;
  }

  get size(): number {
    return this.count;
  }

  /** Newest first. */
  list(filter: JournalFilter = {}): JournalEntry[] {
    const out: JournalEntry[] = [];
    const limit = filter.limit ?? this.capacity;
    for (let i = 1; i <= this.count && out.length < limit; i++) {
      const entry = this.ring[(this.next - i + this.capacity) % this.capacity]!;
      if (filter.afterId !== undefined && entry.id <= filter.afterId) break;
      if (filter.operationId && entry.operationId !== filter.operationId) continue;
      if (filter.appId && entry.appId !== filter.appId) continue;
      if (filter.rspCode && entry.rspCode !== filter.rspCode) continue;
      if (filter.path && entry.path !== filter.path) continue;
      out.push(published(entry));
    }
    return out;
  }

  clear(): void {
    this.ring.fill(undefined);
    this.next = 0;
    this.count = 0;
  }
}

/** An entry as the control plane shows it (settled first): the ISO time in its place, second. */
function published(entry: StoredEntry): JournalEntry {
  if (entry.settle) {
    entry.settle(entry);
    entry.settle = undefined;
  }
  const { id, at, settle: _settle, ...rest } = entry;
  return { id, time: new Date(at).toISOString(), ...rest, chinaTime: formatDateTime(at) };
}

const MAX_STRING = 1024;
const MAX_DEPTH = 4;
const MAX_KEYS = 50;

/**
 * A copy of a value small enough to keep: long strings cut (saying how long they were), deep or
 * wide structures trimmed, so one huge request cannot make the journal hold megabytes.
 */
export function boundValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…（共${value.length}字符）` : value;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? '[…]' : '{…}';
  if (Array.isArray(value)) return value.slice(0, MAX_KEYS).map((item) => boundValue(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).slice(0, MAX_KEYS)) {
    Object.defineProperty(out, key, { value: boundValue((value as Record<string, unknown>)[key], depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
