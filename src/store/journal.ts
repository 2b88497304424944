import { formatDateTime } from '../domain/wall-time.js';
import { MAX_TEXT_SHARED_BY_PARAMS } from '../spec/validate.js';

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
  /** Only entries with an id smaller than this (the next page of older ones). */
  beforeId?: number;
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
      if (filter.beforeId !== undefined && entry.id >= filter.beforeId) continue;
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

/** The longest string an entry keeps as it is (characters); a longer one is cut to this length, its note included. */
export const MAX_STRING = 1024;
const MAX_DEPTH = 4;
const MAX_KEYS = 50;
/**
 * What a key, a value or an object counts for in an entry besides its characters: its slot, its
 * header, its share of the object's layout (V8, 64-bit). A character counts 2 bytes, as V8 keeps text
 * outside Latin-1.
 */
const VALUE_BYTES = 128;
/** What one entry's parameters may take, counted so: a send with a long message is kept whole, a flood of fields is not. */
const MAX_PARAMS_BYTES = 16 * 1024;
/** The entry itself and its fixed fields (id, times, method, operationId, section, rspCode, httpStatus, durationMs…). */
const ENTRY_BYTES = 512;
/**
 * The most memory one entry keeps, bytes: its parameters (MAX_PARAMS_BYTES); six strings of at most
 * MAX_STRING characters (path, appId, rspMsg, detail, msgId, the answer); the two request texts
 * (query and body) that parameters kept as they were read may still be views of, each at most
 * MAX_TEXT_SHARED_BY_PARAMS characters; the entry itself. The journal keeps at most capacity × this.
 */
export const JOURNAL_ENTRY_MAX_BYTES = MAX_PARAMS_BYTES + 6 * (2 * MAX_STRING + VALUE_BYTES) + 2 * 2 * MAX_TEXT_SHARED_BY_PARAMS + ENTRY_BYTES;

/**
 * A string of its own with the characters of `value`. A slice of a longer string is a view that
 * keeps the whole of it alive (V8 slices anything of 13 characters or more): 1 KB cut from a 1.9 MB
 * parameter kept the 1.9 MB. Prefixing a character makes a rope, and slicing a rope first flattens
 * it into a new string, which the slice then views alone.
 */
export function flatCopy(value: string): string {
  return ` ${value}`.slice(1);
}

/** `value` when it is at most MAX_STRING characters; else its start and its length, cut to MAX_STRING, in a string of its own. */
export function keptString(value: string): string {
  if (value.length <= MAX_STRING) return value;
  const note = `…（共${value.length}字符）`;
  let end = MAX_STRING - note.length;
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--; // never half of a surrogate pair
  return flatCopy(value.slice(0, end) + note);
}

/** What the journal keeps of a text the call itself made from the request (a refusal's detail, a path): a copy, cut as keptString cuts. */
export function keptCopy(value: string): string {
  return value.length <= MAX_STRING ? flatCopy(value) : keptString(value);
}

/**
 * Whether parameters can be kept as they were read: a flat map of at most MAX_KEYS short strings and
 * scalars, within MAX_PARAMS_BYTES, no name too long or named __proto__. Their strings may be views
 * of the request's text, which the reader keeps to MAX_TEXT_SHARED_BY_PARAMS characters.
 */
export function withinBounds(params: Record<string, unknown>): boolean {
  let n = 0;
  let bytes = 0;
  for (const key in params) {
    const value = params[key];
    if (++n > MAX_KEYS || key === '__proto__' || key.length > MAX_STRING) return false;
    if (typeof value === 'string') {
      if (value.length > MAX_STRING) return false;
      bytes += 2 * value.length;
    } else if (value !== null && typeof value === 'object') return false;
    bytes += 2 * key.length + 2 * VALUE_BYTES;
  }
  return bytes <= MAX_PARAMS_BYTES;
}

/** The most one key and a string or scalar value take; an object's own keys and values are counted as they are copied. */
const ITEM_MAX_BYTES = 2 * (2 * MAX_STRING + VALUE_BYTES);

/**
 * A copy of a value small enough to keep, every string in it a string of its own (flatCopy): long
 * strings cut (saying how long they were), at most MAX_KEYS keys or items a level and MAX_DEPTH
 * levels, at most MAX_PARAMS_BYTES in all (what does not fit is left out), so one huge request
 * cannot make the journal hold megabytes.
 */
export function boundValue(value: unknown): unknown {
  return boundCopy(value, 0, { bytes: MAX_PARAMS_BYTES });
}

/** boundValue at `depth`, taking what it keeps from `left`; an item is begun only while the largest one still fits. */
function boundCopy(value: unknown, depth: number, left: { bytes: number }): unknown {
  left.bytes -= VALUE_BYTES;
  if (typeof value === 'string') {
    const kept = keptCopy(value);
    left.bytes -= 2 * kept.length;
    return kept;
  }
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? '[…]' : '{…}';
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      if (out.length === MAX_KEYS || left.bytes < ITEM_MAX_BYTES) break;
      out.push(boundCopy(item, depth + 1, left));
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const key of Object.keys(value)) {
    if (n++ === MAX_KEYS || left.bytes < ITEM_MAX_BYTES) break;
    // A property name is V8's own copy already; only a long one needs cutting.
    const name = keptString(key);
    left.bytes -= 2 * name.length + VALUE_BYTES;
    Object.defineProperty(out, name, { value: boundCopy((value as Record<string, unknown>)[key], depth + 1, left), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
