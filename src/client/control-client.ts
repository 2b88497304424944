import { eventsOf } from './event-stream.js';
import type {
  AppForm,
  AppList,
  AppReceipt,
  AppStatus,
  Arrival,
  Cleared,
  Clock,
  Directory,
  DirectoryPerson,
  FaultInput,
  FaultRule,
  Health,
  JournalPage,
  JournalQuery,
  MessageList,
  MessagesQuery,
  MessageView,
  RecipientPage,
  PageQuery,
  RepliesQuery,
  ReplyList,
  ProfileAnswer,
  ResetAnswer,
  ScenarioList,
  ScenarioLoaded,
  SentList,
  StreamEvent,
  Subscription,
  SubscriptionTarget,
  TodoState,
  UsersQuery,
  WaitQuery,
} from './control-types.js';

/**
 * A control call the mock refused (or could not answer): its HTTP status and the mock's own
 * message. Status 0: no answer at all (nothing listening, or none within `timeoutMs`); `cause` is
 * then what fetch threw.
 */
export class ControlPlaneError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly detail: string,
    cause?: unknown,
  ) {
    super(`umc-mock控制面 ${method} ${path} 返回HTTP ${status}：${detail}`, cause === undefined ? undefined : { cause });
    this.name = 'ControlPlaneError';
  }
}

/** How a ControlClient reaches the mock. */
export interface ControlClientOptions {
  /** The mock's admin token, when it runs with --admin-token (sent as `Authorization: Bearer`). */
  adminToken?: string;
  /**
   * Milliseconds each request may take, its answer read to the end included (AbortSignal.timeout);
   * absent: no limit. A request with no answer by then rejects with a ControlPlaneError of status 0,
   * one whose answer began but stopped, with that answer's status. `events()` is a stream and is not
   * bound by it; `wait()` is, so give more than the wait's own `timeoutMs`.
   */
  timeoutMs?: number;
  /**
   * A redirect answer: followed ('follow', the default), or ('manual') not followed, and the 3xx
   * answer rejects as a ControlPlaneError with its status. For a client that must not be led
   * elsewhere: umc-contract asking an address that may be a real deployment's login gateway
   * whether it is the mock.
   */
  redirect?: 'follow' | 'manual';
}

type Method = 'GET' | 'POST' | 'DELETE';
type Query = Record<string, string | number | undefined>;

function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

const segment = encodeURIComponent;

/** The pages a listing read whole (`users.all`) follows at most: 1 MiB each, so a gigabyte. */
const MAX_PAGES = 1000;

/** The path of a request without its query, as a ControlPlaneError names it. */
const bare = (path: string) => path.split('?')[0]!;

/**
 * A typed client of a running mock's control plane (/__umc), over HTTP: for a mock started in
 * this process by startMock(), or by `npx umc-mock` elsewhere. What integrators' tests do between
 * their own API calls: reset, move the clock, inject faults, wait for a delivery, read what the
 * platform received, act as a person. Each member names the control-plane.yaml operation it calls
 * (`@operation`); test/unit/client-coverage.test.ts fails when an operation has none.
 */
export class ControlClient {
  readonly url: string;
  readonly #adminToken: string | undefined;
  readonly #timeoutMs: number | undefined;
  readonly #redirect: 'follow' | 'manual';

  /** `url`: the mock's base URL (http://127.0.0.1:8010); `options.adminToken` when it runs with --admin-token. */
  constructor(url: string, options: ControlClientOptions = {}) {
    this.url = url.replace(/\/+$/, '');
    this.#adminToken = options.adminToken;
    this.#timeoutMs = options.timeoutMs;
    this.#redirect = options.redirect ?? 'follow';
  }

  /** Whether the mock is up, its version and scenario, the profile it answers by. @operation health */
  health(): Promise<Health> {
    return this.#call('GET', '/__umc/health');
  }

  /** Back to the scenario's initial state: data, tokens, clock, journal, faults. @operation reset */
  reset(): Promise<ResetAnswer> {
    return this.#call('POST', '/__umc/reset', {});
  }

  /** The scenarios shipped in fixtures/; loading one replaces the whole state and clears the journal. */
  readonly scenarios = {
    /** @operation listScenarios */
    list: (): Promise<ScenarioList> => this.#call('GET', '/__umc/scenarios'),
    /** A scenario of fixtures/ by name (a folder elsewhere only with --scenario PATH at start). @operation loadScenario */
    load: (name: string): Promise<ScenarioLoaded> => this.#call('POST', '/__umc/scenario', { name }),
  };

  /** The platform clock: token expiry, deliveries and schedules follow it. */
  readonly clock = {
    /** @operation getClock */
    get: (): Promise<Clock> => this.#call('GET', '/__umc/clock'),
    /** A China-time "yyyy-MM-dd HH:mm:ss", an ISO 8601 instant, or a Date. @operation moveClock */
    set: (time: string | Date): Promise<Clock> => this.#call('POST', '/__umc/clock', { set: time instanceof Date ? time.toISOString() : time }),
    /** @operation moveClock */
    advance: (seconds: number): Promise<Clock> => this.#call('POST', '/__umc/clock', { advanceSeconds: seconds }),
  };

  /** Fault rules: the first matching rule that fires answers instead of the operation. */
  readonly faults = {
    /** @operation addFault */
    add: (rule: FaultInput): Promise<FaultRule> => this.#call('POST', '/__umc/faults', rule),
    /** @operation listFaults */
    list: async (): Promise<FaultRule[]> => (await this.#call<{ faults: FaultRule[] }>('GET', '/__umc/faults')).faults,
    /** @operation removeFault */
    remove: (id: string): Promise<{ removed?: string }> => this.#call('DELETE', `/__umc/faults/${segment(id)}`),
    /** @operation clearFaults */
    clear: (): Promise<Cleared> => this.#call('DELETE', '/__umc/faults'),
  };

  /**
   * Resolves when something reaches the person (on the channel) after `since` (epoch ms on the
   * platform clock; absent: the moment of this call, so an earlier arrival never answers; 0: any
   * time); rejects with status 408 after timeoutMs. @operation waitForArrival
   */
  async wait(query: WaitQuery): Promise<Arrival> {
    const since = query.since ?? (await this.platformNow());
    return this.#call('GET', `/__umc/wait${queryString({ ...query, since })}`);
  }

  /** Everything 5.3.1 and 5.3.2 accepted, newest first, with delivery detail per receiver and channel. @operation listMessages */
  messages(query: MessagesQuery = {}): Promise<MessageList> {
    return this.#call('GET', `/__umc/messages${queryString({ ...query })}`);
  }

  /** One message, whatever app sent it (404 when there is none); `recipients`: how many receiver rows it carries (50). @operation getMessage */
  message(msgId: string, query: { recipients?: number } = {}): Promise<MessageView> {
    return this.#call('GET', `/__umc/messages/${segment(msgId)}${queryString({ ...query })}`);
  }

  /** A message's receivers with their delivery, a page at a time (500; nextOffset when more follow). @operation listMessageRecipients */
  recipients(msgId: string, query: { offset?: number; limit?: number } = {}): Promise<RecipientPage> {
    return this.#call('GET', `/__umc/messages/${segment(msgId)}/recipients${queryString({ ...query })}`);
  }

  /**
   * Replies people wrote, without taking them: by default those 5.2.3 has still to return, in its
   * order; `state: 'pulled'` those it returned (the newest 100 per message), `'all'` both. @operation listReplies
   */
  replies(query: RepliesQuery = {}): Promise<ReplyList> {
    return this.#call('GET', `/__umc/replies${queryString({ ...query })}`);
  }

  /** Complete ("2") or reopen ("1") a todo as its app would with 5.4.1 (409 with the rspCode 5.4.1 would refuse with). @operation setTodoStateAsApp */
  setTodoState(msgId: string, state: '1' | '2'): Promise<TodoState> {
    return this.#call('POST', `/__umc/messages/${segment(msgId)}/todo-state`, { state });
  }

  /** WeChat template messages accepted by 5.3.3, oldest first, with the rendered text. @operation listTemplateMessages */
  templateMessages(query: PageQuery = {}): Promise<SentList> {
    return this.#call('GET', `/__umc/wechat/messages${queryString({ ...query })}`);
  }

  /** WeCom cards accepted by 5.3.4, oldest first. @operation listCards */
  cards(query: PageQuery = {}): Promise<SentList> {
    return this.#call('GET', `/__umc/cards${queryString({ ...query })}`);
  }

  /** The request journal, newest first (secrets masked). @operation listRequests */
  journal(query: JournalQuery = {}): Promise<JournalPage> {
    return this.#call('GET', `/__umc/requests${queryString({ ...query })}`);
  }

  /** Empties the request journal. @operation clearRequests */
  clearJournal(): Promise<Cleared> {
    return this.#call('DELETE', '/__umc/requests');
  }

  /** The directory (校内人员), and what the people in it do: reply, read, (un)subscribe. */
  readonly users = {
    /** People with their bindings and the channels that reach them. @operation listUsers */
    list: (query: UsersQuery = {}): Promise<Directory> => this.#call('GET', `/__umc/users${queryString({ ...query })}`),
    /**
     * Every person the query matches (without one, the whole directory), over as many pages as
     * it takes: each page (1 MiB) is read from the nextOffset of the one before. @operation listUsers
     */
    all: (query: Omit<UsersQuery, 'limit' | 'offset'> = {}): Promise<DirectoryPerson[]> => this.#everyPage('/__umc/users', query, (page: Directory) => page.users),
    /** The person replies to a message they received (isReply=1); 5.2.3 then returns it. @operation replyAsUser */
    reply: (userId: string, reply: { msgId: string; content: string }): Promise<Record<string, unknown>> => this.#call('POST', `/__umc/users/${segment(userId)}/replies`, reply),
    /** The person reads a message in their mailbox. @operation readAsUser */
    read: (userId: string, msgId: string): Promise<Record<string, unknown>> => this.#call('POST', `/__umc/users/${segment(userId)}/read`, { msgId }),
    /** The person leaves an app (5.3.1's noSubscribeList) or unfollows an official account (5.3.3: 600024). @operation unsubscribeUser */
    unsubscribe: (userId: string, from: SubscriptionTarget): Promise<Subscription> => this.#call('POST', `/__umc/users/${segment(userId)}/unsubscribe`, from),
    /** @operation subscribeUser */
    subscribe: (userId: string, to: SubscriptionTarget): Promise<Subscription> => this.#call('POST', `/__umc/users/${segment(userId)}/subscribe`, to),
  };

  /** The platform's apps, as its administrator sees them. */
  readonly apps = {
    /** @operation listApps */
    list: (query: { limit?: number; offset?: number } = {}): Promise<AppList> => this.#call('GET', `/__umc/apps${queryString({ ...query })}`),
    /** An app from an application form (API接入申请表): the receipt holds its appId and appPassword. @operation createApp */
    create: (form: AppForm): Promise<AppReceipt> => this.#call('POST', '/__umc/apps', form),
    /** The back office's switch (启用/禁用). @operation setAppStatus */
    setStatus: (appId: string, status: 'enabled' | 'disabled'): Promise<AppStatus> => this.#call('POST', `/__umc/apps/${segment(appId)}/status`, { status }),
  };

  /** The deployment profile the mock answers by (--profile): what it changes against the mock's defaults, entry by entry. @operation getProfile */
  profile(): Promise<ProfileAnswer> {
    return this.#call('GET', '/__umc/profile');
  }

  /**
   * The mock's live events (what the dev inbox listens to): each API call journalled, each
   * delivery that moved, each action. Iterate with `for await`; leaving the loop or aborting
   * `signal` closes the stream. @operation streamEvents
   */
  async *events(options: { signal?: AbortSignal } = {}): AsyncGenerator<StreamEvent> {
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    options.signal?.addEventListener('abort', onAbort);
    try {
      const res = await this.#open('GET', '/__umc/events', undefined, { accept: 'text/event-stream' }, stop.signal);
      if (!res.ok) throw await this.#refusal('GET', '/__umc/events', res);
      yield* eventsOf<StreamEvent>(res.body!);
    } catch (err) {
      // Aborted by the caller: the stream simply ends.
      if (!options.signal?.aborted) throw err;
    } finally {
      stop.abort();
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** The platform clock now, epoch ms: where wait() without since starts. startMock's mock reads it without a request. */
  protected async platformNow(): Promise<number> {
    return (await this.clock.get()).epochMs;
  }

  async #open(method: Method, path: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
    // The control plane refuses a change that is not JSON (a web page of another site cannot send it).
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.#adminToken !== undefined) headers.authorization = `Bearer ${this.#adminToken}`;
    try {
      return await fetch(`${this.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal, redirect: this.#redirect });
    } catch (err) {
      if (signal?.aborted && !timedOut(signal)) throw err;
      throw new ControlPlaneError(method, bare(path), 0, timedOut(signal) ? this.#late() : `无法连接${this.url}（${(err as Error).cause ?? (err as Error).message}）`, err);
    }
  }

  /** The answer's text; cut short by the per-request timeout, a ControlPlaneError with its status. */
  async #text(method: Method, path: string, res: Response, signal: AbortSignal | undefined): Promise<string> {
    try {
      return await res.text();
    } catch (err) {
      if (!timedOut(signal)) throw err;
      throw new ControlPlaneError(method, bare(path), res.status, `应答未读完：${this.#late()}`, err);
    }
  }

  #late(): string {
    return `${this.url}在${this.#timeoutMs! / 1000}秒内没有应答（timeoutMs）`;
  }

  async #refusal(method: Method, path: string, res: Response, signal?: AbortSignal): Promise<ControlPlaneError> {
    const text = await this.#text(method, path, res, signal);
    let error: unknown;
    try {
      error = (JSON.parse(text) as { error?: unknown } | null)?.error;
    } catch {
      return new ControlPlaneError(method, bare(path), res.status, `应答不是JSON：${text.slice(0, 200)}`);
    }
    return new ControlPlaneError(method, bare(path), res.status, typeof error === 'string' ? error : text.slice(0, 200));
  }

  async #call<T>(method: Method, path: string, body?: unknown): Promise<T> {
    const signal = this.#timeoutMs === undefined ? undefined : AbortSignal.timeout(this.#timeoutMs);
    const res = await this.#open(method, path, body, {}, signal);
    if (!res.ok) throw await this.#refusal(method, path, res, signal);
    const text = await this.#text(method, path, res, signal);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ControlPlaneError(method, bare(path), res.status, `应答不是JSON：${text.slice(0, 200)}`);
    }
  }

  /** Every item of a listing paged by nextOffset, each page from where the one before said; at most MAX_PAGES. */
  async #everyPage<P extends { nextOffset?: number }, I>(path: string, query: Query, items: (page: P) => I[]): Promise<I[]> {
    const all: I[] = [];
    let offset = 0;
    for (let pages = 1; ; pages++) {
      const page = await this.#call<P>('GET', `${path}${queryString({ ...query, offset: offset || undefined })}`);
      all.push(...items(page));
      if (page.nextOffset === undefined) return all;
      if (!(page.nextOffset > offset) || pages === MAX_PAGES) {
        throw new ControlPlaneError('GET', path, 200, `分页没有结束：第${pages}页（offset ${offset}）之后的nextOffset是${page.nextOffset}（最多读${MAX_PAGES}页）`);
      }
      offset = page.nextOffset;
    }
  }
}

/** Whether `signal` (a request's per-request timeout) has fired. */
function timedOut(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true && (signal.reason as Error | undefined)?.name === 'TimeoutError';
}
