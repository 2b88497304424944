import type { Arrival, Cleared, Clock, FaultInput, FaultRule, JournalPage, JournalQuery, MessageList, MessagesQuery, ProfileAnswer, ResetAnswer, WaitQuery } from './control-types.js';

/** A control call the mock refused (or could not answer): its HTTP status and the mock's own message. */
export class ControlPlaneError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly detail: string,
  ) {
    super(`umc-mock控制面 ${method} ${path} 返回HTTP ${status}：${detail}`);
    this.name = 'ControlPlaneError';
  }
}

type Query = Record<string, string | number | undefined>;

function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * A typed client of a running mock's control plane (/__umc), over HTTP: for a mock started in
 * this process by startMock(), or by `npx umc-mock` elsewhere. What integrators' tests do between
 * their own API calls: reset, move the clock, inject faults, wait for a delivery, read what the
 * platform received.
 */
export class ControlClient {
  readonly url: string;
  readonly #adminToken: string | undefined;

  /** `url`: the mock's base URL (http://127.0.0.1:8010); `adminToken` when it runs with --admin-token. */
  constructor(url: string, options: { adminToken?: string } = {}) {
    this.url = url.replace(/\/+$/, '');
    this.#adminToken = options.adminToken;
  }

  /** Back to the scenario's initial state: data, tokens, clock, journal, faults. */
  reset(): Promise<ResetAnswer> {
    return this.#call('POST', '/__umc/reset', {});
  }

  /** The platform clock: token expiry, deliveries and schedules follow it. */
  readonly clock = {
    get: (): Promise<Clock> => this.#call('GET', '/__umc/clock'),
    /** A China-time "yyyy-MM-dd HH:mm:ss", an ISO 8601 instant, or a Date. */
    set: (time: string | Date): Promise<Clock> => this.#call('POST', '/__umc/clock', { set: time instanceof Date ? time.toISOString() : time }),
    advance: (seconds: number): Promise<Clock> => this.#call('POST', '/__umc/clock', { advanceSeconds: seconds }),
  };

  /** Fault rules: the first matching rule that fires answers instead of the operation. */
  readonly faults = {
    add: (rule: FaultInput): Promise<FaultRule> => this.#call('POST', '/__umc/faults', rule),
    list: async (): Promise<FaultRule[]> => (await this.#call<{ faults: FaultRule[] }>('GET', '/__umc/faults')).faults,
    remove: (id: string): Promise<{ removed?: string }> => this.#call('DELETE', `/__umc/faults/${encodeURIComponent(id)}`),
    clear: (): Promise<Cleared> => this.#call('DELETE', '/__umc/faults'),
  };

  /** Resolves when something reaches the person (on the channel); rejects with status 408 after timeoutMs. */
  wait(query: WaitQuery): Promise<Arrival> {
    return this.#call('GET', `/__umc/wait${queryString({ ...query })}`);
  }

  /** Everything 5.3.1 and 5.3.2 accepted, newest first, with delivery detail per receiver and channel. */
  messages(query: MessagesQuery = {}): Promise<MessageList> {
    return this.#call('GET', `/__umc/messages${queryString({ ...query })}`);
  }

  /** The request journal, newest first (secrets masked). */
  journal(query: JournalQuery = {}): Promise<JournalPage> {
    return this.#call('GET', `/__umc/requests${queryString({ ...query })}`);
  }

  /** The deployment profile the mock answers by (--profile): what it changes against the mock's defaults, entry by entry. */
  profile(): Promise<ProfileAnswer> {
    return this.#call('GET', '/__umc/profile');
  }

  async #call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    // The control plane refuses a change that is not JSON (a web page of another site cannot send it).
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.#adminToken !== undefined) headers.authorization = `Bearer ${this.#adminToken}`;
    const where = path.split('?')[0]!;
    let res: Response;
    try {
      res = await fetch(`${this.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (err) {
      throw new ControlPlaneError(method, where, 0, `无法连接${this.url}（${(err as Error).cause ?? (err as Error).message}）`);
    }
    const text = await res.text();
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      throw new ControlPlaneError(method, where, res.status, `应答不是JSON：${text.slice(0, 200)}`);
    }
    if (!res.ok) {
      const error = (answer as { error?: unknown } | null)?.error;
      throw new ControlPlaneError(method, where, res.status, typeof error === 'string' ? error : text.slice(0, 200));
    }
    return answer as T;
  }
}
