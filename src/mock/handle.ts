import { UmcError } from '../domain/errors.js';
import type { ControlOperation } from '../spec/control-spec.js';
import type { OperationSpec } from '../spec/load.js';
import type { ApiCall } from './call-record.js';
import { ControlError, controlErrorOf } from './control-error.js';
import { checkAdminToken, guardControlRequest, header, type RequestHeaders } from './control-guard.js';
import type { EventFeed, EventSink, EventStream } from './control/inbox.js';
import type { CallMeta, MockCore, RawControlInput } from './core.js';
import { JSON_CONTENT_TYPE, servletError, type Answer } from './envelope.js';
import { journalCall } from './journal-entry.js';
import { ignoredBodyHint, readRequestParams, type RequestParams } from './request-params.js';
import { urlPath } from './servlet-params.js';

export type { EventSink, EventStream, RequestHeaders };

/** One HTTP request as the transport received it: everything the mock answers is decided from this. */
export interface MockRequest {
  method: string;
  /** The URL as requested: path and query, undecoded. */
  url: string;
  headers: RequestHeaders;
  /** The body's bytes as they came (undefined when the transport reads none, as for a GET). */
  body?: Buffer;
  callerIp: string;
  /** performance.now() when the request arrived: the journal's duration runs from there. */
  startedAt: number;
  /** Aborted when the client goes away: a long wait ends at once. */
  signal?: AbortSignal;
  /** http or https: with the Host header, the base URL the caller reached the mock on. */
  protocol?: string;
  /**
   * A body the transport could not read: too large (`limitBytes`), or broken (a client error,
   * status < 500), or the transport failed on it (status >= 500). Its HTTP status and message.
   */
  bodyError?: { status: number; message: string; name?: string; limitBytes?: number };
}

/**
 * What the mock answers: a complete answer (a large one is for the transport to hand over in pieces),
 * a connection to drop (a `drop` fault, a waiting client gone), or an event stream for the transport
 * to frame and open in the same turn. An answer's Content-Type and Date are fields of their own (every
 * API answer has both), `headers` only the few others (Allow, X-UMC-Detail).
 */
export type MockResponse =
  | { kind: 'answer'; status: number; contentType: string; date?: string; headers?: Record<string, string>; body: string }
  | { kind: 'drop' }
  | { kind: 'events'; open(sink: EventSink): EventStream };

export interface DoorOptions {
  /** Required on every control call when set. */
  adminToken?: string;
  /** A refusal's detail in the X-UMC-Detail header (true unless --no-detail-header). */
  detailHeader?: boolean;
}

/** The mock-only header that says why a call was refused: no real platform sends it, no real client reads it. */
export const DETAIL_HEADER = 'X-UMC-Detail';
/** How much of a detail the header carries, in characters before encoding (a Chinese character is 9 bytes encoded). */
export const DETAIL_HEADER_MAX_CHARS = 300;

/** The detail as a header value: URL-encoded UTF-8 (header values are Latin-1), cut to DETAIL_HEADER_MAX_CHARS. */
export function detailHeaderValue(detail: string): string {
  const chars = [...detail];
  return encodeURIComponent(chars.length > DETAIL_HEADER_MAX_CHARS ? `${chars.slice(0, DETAIL_HEADER_MAX_CHARS - 1).join('')}…` : detail);
}

/** The methods a servlet answers 405 for on a path it serves; any other is a 404. */
const SERVLET_METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']);
const SERVLET_ERRORS = { 400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed' } as const;
const CONTROL_PREFIX = '/__umc/';

/** A control-plane path template (/__umc/faults/:id) as a matcher of decoded path segments. */
interface ControlRoute {
  op: ControlOperation;
  segments: string[];
}

/** The query as Fastify's parser read it: a repeated name an array, '+' a space. */
function queryOf(url: string): Record<string, unknown> {
  const q = url.indexOf('?');
  const query: Record<string, unknown> = {};
  if (q < 0) return query;
  for (const [name, value] of new URLSearchParams(url.slice(q + 1))) {
    const had = query[name];
    query[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
  }
  return query;
}

function readJson(body: Buffer | undefined): Record<string, unknown> {
  if (!body || body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new ControlError('请求体不是合法的JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ControlError('请求体必须是JSON对象');
  return parsed as Record<string, unknown>;
}

function json(status: number, body: unknown): MockResponse {
  return { kind: 'answer', status, contentType: JSON_CONTENT_TYPE, date: undefined, headers: undefined, body: JSON.stringify(body) };
}

/**
 * The one door into the mock: every request the transport receives (the platform's API and the
 * control plane, unroutable URLs, bodies it could not read) is answered here, and the transport
 * only writes what comes back. The API is routed by openapi.yaml's paths and read the way the
 * platform's servlet reads it (request-params.ts), then answered by the core and journalled once,
 * when its answer is final; the control plane is routed by control-plane.yaml, guarded (what a web
 * page could send, the admin token) and answered as JSON. The pages (inbox, Swagger UI) are files
 * the transport serves itself.
 */
export class MockDoor {
  readonly core: MockCore;
  readonly #adminToken: string | undefined;
  readonly #detailHeader: boolean;
  readonly #apiPaths: Map<string, OperationSpec[]>;
  readonly #controlRoutes: ControlRoute[];
  /** The body media read as forms: what openapi.yaml's x-umc-servlet-parameters says. */
  readonly #formMedia: readonly string[];

  constructor(core: MockCore, options: DoorOptions = {}) {
    this.core = core;
    this.#adminToken = options.adminToken;
    this.#detailHeader = options.detailHeader ?? true;
    this.#apiPaths = core.spec.paths;
    this.#controlRoutes = core.controlSpec.operations.map((op) => ({ op, segments: op.url.split('/') }));
    this.#formMedia = core.spec.servletParameters.form.slice(1);
  }

  /** The platform clock: the Date of the API's answers, and of the pages'. */
  now(): number {
    return this.core.platform.clock.now();
  }

  /** Ends every open event stream (the mock is closing). */
  endStreams(): void {
    this.core.events.endStreams();
  }

  handle(request: MockRequest): MockResponse | Promise<MockResponse> {
    const rawPath = urlPath(request.url);
    let path: string;
    try {
      // As the router reads a path: percent-decoded, one trailing slash ignored.
      path = rawPath.includes('%') ? decodeURI(rawPath) : rawPath;
    } catch {
      return this.#unrouted(request, rawPath, 400);
    }
    if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
    const ops = this.#apiPaths.get(path);
    if (ops) return this.#api(request, ops, rawPath);
    if (path.startsWith(CONTROL_PREFIX)) {
      const route = this.#controlRoute(request.method, path);
      if (route === 'bad-url') return this.#unrouted(request, rawPath, 400);
      if (route) return this.#control(request, route.op, route.params);
    }
    return this.#unrouted(request, rawPath, 404);
  }

  // ----- the API -----

  #api(request: MockRequest, ops: OperationSpec[], path: string): MockResponse | Promise<MockResponse> {
    const op = ops.find((o) => o.method === request.method);
    const meta: CallMeta = { method: request.method, path, callerIp: request.callerIp, startedAt: request.startedAt };
    if (request.bodyError) return this.#unreadable(request.bodyError, { method: request.method, path, op: op ?? ops[0]!, params: {} }, meta);
    if (!op) return SERVLET_METHODS.has(request.method) ? this.#unrouted(request, path, 405, ops.map((o) => o.method)) : this.#unrouted(request, path, 404);
    const record: ApiCall = { method: request.method, path, op, params: {} };
    let read: RequestParams | Promise<RequestParams>;
    try {
      read = readRequestParams(op, request.url, header(request.headers, 'content-type'), request.body, this.#formMedia);
    } catch (err) {
      return this.#answered(record, meta, this.#refused(record, err));
    }
    if (read instanceof Promise) {
      return read.then(
        (r) => this.#call(record, meta, r),
        (err: unknown) => this.#answered(record, meta, this.#refused(record, err)),
      );
    }
    return this.#call(record, meta, read);
  }

  #call(record: ApiCall, meta: CallMeta, read: RequestParams): MockResponse | Promise<MockResponse> {
    record.params = read.params;
    if (read.ignoredBody) meta.hint = ignoredBodyHint(read.ignoredBody);
    const answer = this.core.call(record, meta);
    if (answer instanceof Promise) return answer.then((a) => this.#answered(record, meta, a));
    return this.#answered(record, meta, answer);
  }

  /** A request the servlet could not read is the operation's 500001; anything else escaping is 999999 (logged). */
  #refused(record: ApiCall, err: unknown): Answer {
    return err instanceof UmcError ? this.core.refuseCall(record, err) : this.core.failure(record, err);
  }

  /** What the transport could not read is still the operation's envelope: never HTTP 500, never a stack. */
  #unreadable(error: NonNullable<MockRequest['bodyError']>, record: ApiCall, meta: CallMeta): MockResponse {
    if (error.limitBytes !== undefined) return this.#answered(record, meta, this.core.refuseCall(record, new UmcError('500001', `请求体过大：不能超过${Math.floor(error.limitBytes / 1024)}KB`)));
    if (error.status < 500) return this.#answered(record, meta, this.core.refuseCall(record, new UmcError('500001', '请求格式不正确，无法读取参数')));
    this.core.logError({ operationId: record.op.operationId, error: { type: error.name ?? 'Error', message: error.message } }, 'unexpected error');
    return this.#answered(record, meta, this.core.refuseCall(record, new UmcError('999999', '其他异常信息')));
  }

  /** What the servlet framework answers for a URL it cannot route (400), a path (404) or a method (405) it does not serve. */
  #unrouted(request: MockRequest, path: string, status: 400 | 404 | 405, allow?: string[]): MockResponse {
    const body = servletError(status, SERVLET_ERRORS[status], path, this.now());
    const meta: CallMeta = { method: request.method, path, callerIp: request.callerIp, startedAt: request.startedAt };
    return this.#answered({ method: request.method, path, params: {} }, meta, { status, contentType: JSON_CONTENT_TYPE, body, allow: allow?.join(', ') });
  }

  /**
   * The one place an API call's journal entry is made, once its answer is final, and the answer
   * becomes HTTP: the Date on the platform clock (a servlet container's Date is its host's clock, and
   * the platform's clock is that host's), a 405's Allow, a refusal's detail in X-UMC-Detail.
   */
  #answered(record: Omit<ApiCall, 'op'> & { op?: OperationSpec }, meta: CallMeta, answer: Answer): MockResponse {
    const dropped = 'dropped' in answer;
    journalCall(this.core.journal, this.core.platform.clock, record, dropped ? 0 : answer.status, performance.now() - meta.startedAt, dropped ? undefined : answer.body);
    if (dropped) return { kind: 'drop' };
    const date = new Date(this.now()).toUTCString();
    const detail = this.#detailHeader ? answer.detail : undefined;
    if (!answer.allow && detail === undefined) return { kind: 'answer', status: answer.status, contentType: answer.contentType, date, headers: undefined, body: answer.body };
    const headers: Record<string, string> = {};
    if (answer.allow) headers.allow = answer.allow;
    if (detail !== undefined) headers[DETAIL_HEADER] = detailHeaderValue(detail);
    return { kind: 'answer', status: answer.status, contentType: answer.contentType, date, headers, body: answer.body };
  }

  // ----- the control plane -----

  /** The control operation for a method and decoded path, with its path parameters; 'bad-url' for a parameter that does not decode. */
  #controlRoute(method: string, path: string): { op: ControlOperation; params: Record<string, string> } | 'bad-url' | undefined {
    const segments = path.split('/');
    for (const route of this.#controlRoutes) {
      if (route.op.method !== method || route.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      let matched = true;
      for (let i = 0; i < segments.length && matched; i++) {
        const want = route.segments[i]!;
        if (want.startsWith(':')) {
          if (segments[i] === '') matched = false;
          else {
            try {
              params[want.slice(1)] = decodeURIComponent(segments[i]!);
            } catch {
              return 'bad-url';
            }
          }
        } else matched = want === segments[i];
      }
      if (matched) return { op: route.op, params };
    }
    return undefined;
  }

  async #control(request: MockRequest, op: ControlOperation, params: Record<string, string>): Promise<MockResponse> {
    try {
      guardControlRequest(request.method, request.headers, this.#adminToken);
      checkAdminToken(request.headers, this.#adminToken);
      // A body the transport could not read: its own status when it is the client's fault.
      if (request.bodyError) throw new ControlError(request.bodyError.message, request.bodyError.status < 500 ? request.bodyError.status : 400);
      const stream = op.operationId === 'streamEvents';
      if (stream && !String(header(request.headers, 'accept') ?? '').includes('text/event-stream')) {
        throw new ControlError('这是服务器推送事件流（SSE）：请用EventSource读取，或在请求头中带Accept: text/event-stream', 406);
      }
      const input: RawControlInput = {
        path: params,
        query: queryOf(request.url),
        body: op.method === 'POST' ? readJson(request.body) : {},
        origin: `${request.protocol ?? 'http'}://${header(request.headers, 'host') ?? ''}`,
        signal: request.signal,
      };
      const answer = await this.core.control(op.operationId, input);
      if (answer.status === 200 && stream) return { kind: 'events', open: (sink) => (answer.body as EventFeed).open(sink) };
      // A waiting client that went away gets nothing.
      if (request.signal?.aborted || answer.body === undefined) return { kind: 'drop' };
      return json(answer.status, answer.body);
    } catch (err) {
      const refused = controlErrorOf(err);
      if (refused) return json(refused.statusCode, refused.answer.body);
      // A bug in a control operation: told in the log, answered as a refusal without a stack.
      const error = err instanceof Error ? { type: err.name, message: err.message } : { type: typeof err };
      this.core.logError({ operationId: op.operationId, error }, 'unexpected error');
      return json(400, { error: err instanceof Error ? err.message : String(err) });
    }
  }
}
