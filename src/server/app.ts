import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { sendAnswer } from '../control/large-answer.js';
import { registerStaticPages } from '../control/static-pages.js';
import type { MockDoor, MockRequest, MockResponse } from '../mock/handle.js';
import { writeEventStream } from './event-stream.js';

/** How long a client may take to send its whole request. */
export const REQUEST_TIMEOUT_MS = 20_000;
export const DEFAULT_BODY_LIMIT = 2 * 1024 * 1024;
/** How long an idle keep-alive connection stays open: Fastify's default. */
export const KEEP_ALIVE_TIMEOUT_MS = 72_000;
/** How long a connection's unsent answer may go without a byte of it being taken by the client. */
export const WRITE_TIMEOUT_MS = 20_000;

export interface ServerOptions {
  /** The mock's logger: Fastify logs a line per request through it when `requestLogging`. */
  logger?: FastifyBaseLogger;
  /** A line per request (log levels info and below). */
  requestLogging?: boolean;
  /** Largest accepted body, bytes (Tomcat's default maxPostSize is 2 MB). */
  bodyLimit?: number;
  /** How long a client may take to send its whole request (REQUEST_TIMEOUT_MS). */
  requestTimeoutMs?: number;
  /** How long an answer may go undrained before its connection is cut (WRITE_TIMEOUT_MS). */
  writeTimeoutMs?: number;
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

/** A Fastify request as the door takes it; the abort signal is made only for a request that asks for it (a long wait). */
class DoorRequest implements MockRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: MockRequest['headers'];
  readonly body: Buffer | undefined;
  readonly callerIp: string;
  readonly startedAt: number;
  readonly protocol: string;
  bodyError?: MockRequest['bodyError'];
  readonly #reply: FastifyReply;
  #signal: AbortSignal | undefined;

  constructor(req: FastifyRequest, reply: FastifyReply) {
    this.method = req.method;
    this.url = req.url;
    this.headers = req.headers;
    this.body = req.body as Buffer | undefined;
    this.callerIp = req.ip;
    // Fastify's own clock for the request: the journal's duration starts where Fastify's does.
    this.startedAt = performance.now() - reply.elapsedTime;
    this.protocol = req.protocol;
    this.#reply = reply;
  }

  get signal(): AbortSignal {
    if (!this.#signal) {
      const gone = new AbortController();
      this.#reply.raw.on('close', () => gone.abort());
      this.#signal = gone.signal;
    }
    return this.#signal;
  }
}

/** Writes what the door answered: an answer (a large one in pieces), a dropped connection, or an event stream. */
function write(req: FastifyRequest, reply: FastifyReply, response: MockResponse): FastifyReply | void {
  switch (response.kind) {
    case 'answer':
      return sendAnswer(reply.code(response.status).headers(response.headers), response.body);
    case 'drop':
      reply.hijack();
      reply.request.raw.socket.destroy();
      return;
    case 'events':
      return writeEventStream(req, reply, response);
  }
}

function answer(door: MockDoor, req: FastifyRequest, reply: FastifyReply, request: MockRequest = new DoorRequest(req, reply)): FastifyReply | void | Promise<FastifyReply | void> {
  const response = door.handle(request);
  if (response instanceof Promise) return response.then((r) => write(req, reply, r));
  return write(req, reply, response);
}

/**
 * The mock over HTTP: every request goes through the one door (src/mock/handle.ts), whatever its
 * path, and what the door answers is written back; besides, the pages (dev inbox, Swagger UI) are
 * served as files, and event streams framed as server-sent events. Bodies arrive raw: the door
 * reads them the way the platform's servlet would. No business rule lives here.
 */
export async function buildServer(door: MockDoor, options: ServerOptions = {}): Promise<FastifyInstance> {
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const requestTimeoutMs = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const writeTimeoutMs = options.writeTimeoutMs ?? WRITE_TIMEOUT_MS;
  // Fastify with a logger pays on every request for a request id, a child logger and two log
  // calls, even at a level that drops them: it gets the logger only when per-request lines are wanted.
  const app = Fastify({
    loggerInstance: options.requestLogging ? options.logger : undefined,
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
    // No route has a Fastify schema: without these, Fastify loads its own ajv and serializer
    // compilers at every start for nothing.
    schemaController: { compilersFactory: { buildValidator: noFastifySchemas, buildSerializer: noFastifySchemas } },
    exposeHeadRoutes: false,
    // A request the router could not read at all (a malformed URL): the door answers the servlet's 400.
    frameworkErrors: (_err, req, reply) => void answer(door, req as FastifyRequest, reply as FastifyReply),
  });

  // Every body arrives raw. The two types clients send are named: Fastify caches its choice for a
  // named type, while every request for the catch-all alone parsed its Content-Type again.
  app.removeAllContentTypeParsers();
  const raw = (_req: FastifyRequest, body: Buffer, done: (err: null, body: Buffer) => void) => done(null, body);
  app.addContentTypeParser(['application/x-www-form-urlencoded', 'application/json'], { parseAs: 'buffer' }, raw);
  app.addContentTypeParser('*', { parseAs: 'buffer' }, raw);

  app.addHook('preClose', async () => door.endStreams());
  registerStaticPages(app, () => door.now());
  app.all('/*', (req, reply) => answer(door, req, reply));

  // What Fastify refuses before the door sees the request (a body too large, a broken stream) goes
  // through the door too, which answers it as the operation's envelope: never HTTP 500, never a stack.
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
    const request = new DoorRequest(req, reply);
    request.bodyError = { status, message: String(err.message), name: err.name, limitBytes: err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? bodyLimit : undefined };
    return answer(door, req, reply, request);
  });

  return app;
}
