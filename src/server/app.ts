import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { pino, type DestinationStream, type LoggerOptions } from 'pino';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { UmcError } from '../domain/errors.js';
import type { CallMeta, MockCore } from '../mock/core.js';
import type { Answer } from '../mock/envelope.js';
import { redactUrl } from '../mock/redact.js';
import type { OperationSpec } from '../spec/load.js';
import { ignoredBodyHint, readRequestParams, type RequestParams } from './request-params.js';
import { urlPath } from './servlet-params.js';

/** How long a client may take to send its whole request. */
export const REQUEST_TIMEOUT_MS = 20_000;
export const DEFAULT_BODY_LIMIT = 2 * 1024 * 1024;
/** How long an idle keep-alive connection stays open: Fastify's default. */
export const KEEP_ALIVE_TIMEOUT_MS = 72_000;
/** How long a connection's unsent answer may go without a byte of it being taken by the client. */
export const WRITE_TIMEOUT_MS = 20_000;

export interface ServerOptions {
  /** pino options, or false for silence (tests). */
  logger?: FastifyServerOptions['logger'];
  /** Largest accepted body, bytes (Tomcat's default maxPostSize is 2 MB). */
  bodyLimit?: number;
  /** How long a client may take to send its whole request (REQUEST_TIMEOUT_MS). */
  requestTimeoutMs?: number;
  /** How long an answer may go undrained before its connection is cut (WRITE_TIMEOUT_MS). */
  writeTimeoutMs?: number;
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

/** A pino logger from Fastify-style logger options (a `stream` among them, as tests pass one). */
function ownLogger(options: LoggerOptions & { stream?: DestinationStream }): FastifyBaseLogger {
  const { stream, ...rest } = options;
  return stream ? pino(rest, stream) : pino(rest);
}

function noFastifySchemas(): never {
  throw new Error('umc-mock routes carry no Fastify schemas: the core validates from openapi.yaml');
}

/**
 * Cuts every connection whose answer has stopped draining for `timeoutMs`: a client that stops
 * reading would otherwise keep the unsent rest of its answer in this process for as long as it
 * stays connected. The bytes a socket has finished writing are `bytesWritten` (which counts what is
 * queued too) less `writableLength` (what is queued); a connection that has had bytes queued and
 * finished none for `timeoutMs` is destroyed, which frees what it queued. The connections are
 * looked at a few times per timeout (at most once a second), and only while there are any.
 */
function cutStalledWriters(server: Server, timeoutMs: number): void {
  const seen = new Map<Socket, { finished: number; since: number }>();
  let timer: NodeJS.Timeout | undefined;
  const look = () => {
    const now = performance.now();
    for (const [socket, last] of seen) {
      const queued = socket.writableLength;
      const finished = socket.bytesWritten - queued;
      if (queued === 0 || finished !== last.finished) {
        last.finished = finished;
        last.since = now;
      } else if (now - last.since >= timeoutMs) {
        socket.destroy();
      }
    }
  };
  server.on('connection', (socket: Socket) => {
    seen.set(socket, { finished: 0, since: performance.now() });
    timer ??= setInterval(look, Math.min(1000, timeoutMs / 4)).unref();
    socket.once('close', () => {
      seen.delete(socket);
      if (seen.size === 0) {
        clearInterval(timer);
        timer = undefined;
      }
    });
  });
}

const ALL_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'];

function metaOf(req: FastifyRequest, reply: FastifyReply, path: string, hint?: string): CallMeta {
  // Fastify's own clock for the request: the journal's duration starts where Fastify's does.
  return { method: req.method, path, callerIp: req.ip, startedAt: performance.now() - reply.elapsedTime, hint };
}

/**
 * Writes the core's answer (with a refusal's detail in X-UMC-Detail, unless turned off), or drops the
 * connection as a `drop` fault asks. `now`: the platform clock, which the Date header follows as the
 * answer's own times do (a servlet container's Date is its host's clock, and the platform's clock is that host's).
 */
function send(reply: FastifyReply, answer: Answer, now: number, detailHeader = false): void {
  if ('dropped' in answer) {
    reply.hijack();
    reply.request.raw.socket.destroy();
    return;
  }
  reply.header('date', new Date(now).toUTCString());
  if (answer.allow) reply.header('allow', answer.allow);
  if (detailHeader && answer.detail !== undefined) reply.header(DETAIL_HEADER, detailHeaderValue(answer.detail));
  reply.code(answer.status).header('content-type', answer.contentType).send(answer.body);
}

/**
 * The HTTP transport of the platform's API: one Fastify route per path of openapi.yaml, each
 * request read the way the platform's servlet reads it and handed to the core; what the core
 * answers is written back. No business rule lives here.
 */
export async function buildServer(core: MockCore, options: ServerOptions = {}): Promise<FastifyInstance> {
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const requestTimeoutMs = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const writeTimeoutMs = options.writeTimeoutMs ?? WRITE_TIMEOUT_MS;
  const detailHeader = options.detailHeader ?? true;
  const now = () => core.platform.clock.now();
  // The bodies read as forms: what openapi.yaml's x-umc-servlet-parameters says.
  const formMedia = core.spec.servletParameters.form.slice(1);
  const logger =
    options.logger === undefined || options.logger === false
      ? undefined
      : {
          ...(typeof options.logger === 'object' ? options.logger : {}),
          // Query strings carry appPassword and token: never log them.
          serializers: { req: (req: FastifyRequest) => ({ method: req.method, url: redactUrl(req.url), remoteAddress: req.ip }) },
        };
  // Fastify with a logger pays on every request for a request id, a child logger and two log
  // calls, even at a level that drops them. It gets the logger only when per-request lines are
  // wanted (info and below); above that, the mock's own few lines (unexpected errors) go through
  // a logger of their own.
  const requestLogging = logger !== undefined && ['info', 'debug', 'trace'].includes(String(logger.level ?? 'info'));
  const errorLog: FastifyBaseLogger | undefined = logger ? (requestLogging ? undefined : ownLogger(logger)) : undefined;
  const app = Fastify({
    logger: requestLogging ? logger : false,
    bodyLimit,
    // A client that trickles its request (headers and body) is cut off after 20 s, as Tomcat's
    // default connectionTimeout would: slow bodies cannot hold connections open. Answers may
    // take longer (/__umc/wait, the event stream): this bounds receiving the request only.
    // Node looks at its connections every connectionsCheckingInterval (30 s by default): look often.
    serverFactory: (handler) => {
      const server = createServer({ requestTimeout: requestTimeoutMs, connectionsCheckingInterval: Math.min(1000, requestTimeoutMs) }, handler);
      // Fastify sets its 72 s keep-alive only on a server it makes itself; Node's own 5 s closed idle
      // connections under clients about to reuse them (ECONNRESET when the event loop lagged).
      server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
      // Tomcat's connectionTimeout bounds each write as well as the request: an answer the client
      // stops taking is cut here after 20 s, and a large one sooner (src/control/large-answer.ts).
      cutStalledWriters(server, writeTimeoutMs);
      return server;
    },
    routerOptions: { ignoreTrailingSlash: true },
    // No route has a Fastify schema (the core validates from openapi.yaml): without these, Fastify
    // loads its own ajv and serializer compilers at every start for nothing.
    schemaController: { compilersFactory: { buildValidator: noFastifySchemas, buildSerializer: noFastifySchemas } },
    exposeHeadRoutes: false,
    frameworkErrors: (_err, req, reply) => {
      // A request Fastify could not route at all (a malformed URL): the servlet's 400.
      send(reply as FastifyReply, core.unrouted({ method: req.method, path: urlPath(req.url ?? '/'), callerIp: req.ip, startedAt: performance.now() }, 400), now());
    },
  });
  core.logError = (fields, message) => (errorLog ?? app.log).error(fields, message);

  // Every body arrives raw; each operation reads it the way the platform's servlet would. The two
  // types clients send are named: Fastify caches its choice for a named type, while every request
  // for the catch-all alone parsed its Content-Type again.
  app.removeAllContentTypeParsers();
  const raw = (_req: FastifyRequest, body: Buffer, done: (err: null, body: Buffer) => void) => done(null, body);
  app.addContentTypeParser(['application/x-www-form-urlencoded', 'application/json'], { parseAs: 'buffer' }, raw);
  app.addContentTypeParser('*', { parseAs: 'buffer' }, raw);

  /** One API call: read as the servlet reads it, answered by the core (synchronously unless it waits, or a multipart body is read). */
  function handle(op: OperationSpec, req: FastifyRequest, reply: FastifyReply): void | Promise<void> {
    const refused = (err: unknown) => {
      if (err instanceof UmcError) return send(reply, core.refuse(op.operationId, err, metaOf(req, reply, op.path)), now(), detailHeader);
      throw err;
    };
    let read;
    try {
      read = readRequestParams(op, req.url, req.headers['content-type'], req.body as Buffer | undefined, formMedia);
    } catch (err) {
      return refused(err);
    }
    if (read instanceof Promise) return read.then((r) => answer(op, req, reply, r), refused);
    return answer(op, req, reply, read);
  }

  function answer(op: OperationSpec, req: FastifyRequest, reply: FastifyReply, read: RequestParams): void | Promise<void> {
    const answer = core.call(op.operationId, read.params, metaOf(req, reply, urlPath(req.url), read.ignoredBody ? ignoredBodyHint(read.ignoredBody) : undefined));
    if (answer instanceof Promise) return answer.then((a) => send(reply, a, now(), detailHeader));
    send(reply, answer, now(), detailHeader);
  }

  for (const [path, ops] of core.spec.paths) {
    app.route({
      method: ALL_METHODS,
      url: path,
      config: { ops },
      handler: (req, reply) => {
        const op = ops.find((o) => o.method === req.method);
        if (!op) return send(reply, core.unrouted(metaOf(req, reply, path), 405, ops.map((o) => o.method)), now());
        return handle(op, req, reply);
      },
    });
  }

  app.setNotFoundHandler((req, reply) => send(reply, core.unrouted(metaOf(req, reply, urlPath(req.url)), 404), now()));

  // What Fastify refuses before a handler runs (a body too large, a broken stream) is still the
  // operation's envelope: never HTTP 500, never a stack.
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const ops = (req.routeOptions.config as { ops?: OperationSpec[] } | undefined)?.ops;
    const op = ops?.find((o) => o.method === req.method) ?? ops?.[0];
    if (!op) {
      // A control-plane or framework failure outside the business API.
      const status = typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
      return reply.code(status).header('content-type', 'application/json;charset=UTF-8').send(JSON.stringify({ error: String(err.message) }));
    }
    const meta = metaOf(req, reply, urlPath(req.url));
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return send(reply, core.refuse(op.operationId, new UmcError('500001', `请求体过大：不能超过${Math.floor(bodyLimit / 1024)}KB`), meta), now(), detailHeader);
    if (typeof err.statusCode === 'number' && err.statusCode < 500) return send(reply, core.refuse(op.operationId, new UmcError('500001', '请求格式不正确，无法读取参数'), meta), now(), detailHeader);
    core.logError({ operationId: op.operationId, error: { type: err.name, message: err.message } }, 'unexpected error');
    send(reply, core.refuse(op.operationId, new UmcError('999999', '其他异常信息'), meta), now(), detailHeader);
  });

  return app;
}
