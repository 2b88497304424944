import { createServer } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { registerStaticPages } from '../control/static-pages.js';
import type { MockDoor, MockRequest } from '../mock/handle.js';
import { DoorRequest, write } from './door-request.js';
import { keepTickShape } from './kept-tick.js';
import { cutStalledWriters } from './stalled-writers.js';

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

function answer(door: MockDoor, req: FastifyRequest, reply: FastifyReply, request: MockRequest = new DoorRequest(req, reply)): void | Promise<FastifyReply | undefined> {
  const response = door.handle(request);
  // An answer given later that is still being sent (a large one, in pieces) is returned as the reply,
  // as Fastify asks of a handler that sends through reply itself: resolved with nothing, Fastify
  // would send again and cut it. One sent already resolves with nothing: adopting the reply (a
  // thenable) cost every send about 80,000 instructions more (bench/instructions.bench.ts).
  if (response instanceof Promise)
    return response.then((r) => {
      write(req, reply, r);
      return reply.sent ? undefined : reply;
    });
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
  keepTickShape();
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
