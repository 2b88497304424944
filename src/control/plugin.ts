import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ControlError, controlErrorOf } from '../mock/control-error.js';
import type { EventStream, StreamInput } from '../mock/control/inbox.js';
import type { MockCore, RawControlInput } from '../mock/core.js';
import { JSON_CONTENT_TYPE } from '../mock/envelope.js';
import type { InboxEvent } from '../mock/events.js';
import type { ControlOperation } from '../spec/control-spec.js';
import { checkAdminToken } from './admin-token.js';
import { sendAnswer } from './large-answer.js';
import { guardControlRequest } from './request-guard.js';
import { registerStaticPages } from './static-pages.js';

export interface ControlPlaneOptions {
  /** Required on every control call when set. */
  adminToken?: string;
}

/** Comment lines that keep an idle stream open through proxies. */
const KEEPALIVE_MS = 15_000;
/** Bytes an event stream may hold unread before its client is dropped (EventSource reconnects). */
export const STREAM_BUFFER_LIMIT = 256 * 1024;

function json(reply: FastifyReply, status: number, body: unknown) {
  return sendAnswer(reply.code(status).header('content-type', JSON_CONTENT_TYPE), JSON.stringify(body));
}

function readJson(req: FastifyRequest): Record<string, unknown> {
  const body = req.body as Buffer | undefined;
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

/**
 * The event stream as server-sent events; a client that stops reading is dropped, not buffered for.
 * The head goes out with the first event (the core's hello), so that a stream the core refuses
 * (too many open) is answered as JSON instead.
 */
async function streamEvents(core: MockCore, input: RawControlInput, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!String(req.headers.accept ?? '').includes('text/event-stream')) {
    throw new ControlError('这是服务器推送事件流（SSE）：请用EventSource读取，或在请求头中带Accept: text/event-stream', 406);
  }
  const res = reply.raw;
  let stream: EventStream | undefined;
  let keepalive: NodeJS.Timeout | undefined;
  const send = (text: string) => {
    if (!res.headersSent) {
      reply.hijack();
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      res.write('retry: 2000\n\n');
    }
    if (res.writableLength > STREAM_BUFFER_LIMIT) stream?.close(true);
    else res.write(text);
  };
  const sink = {
    write: (event: InboxEvent) => send(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`),
    end: (stalled?: boolean) => {
      clearInterval(keepalive);
      if (stalled) res.destroy();
      else res.end();
    },
  };
  const answer = await core.control('streamEvents', { ...input, sink } as StreamInput);
  if (answer.status !== 200) {
    json(reply, answer.status, answer.body);
    return;
  }
  stream = answer.body as EventStream;
  keepalive = setInterval(() => send(': keepalive\n\n'), KEEPALIVE_MS);
  keepalive.unref();
  req.raw.on('close', () => stream!.close());
}

/** The caller's view of one control call: path, query, JSON body, the URL it reached us on. */
function inputOf(op: ControlOperation, req: FastifyRequest, reply: FastifyReply): RawControlInput {
  const input: RawControlInput = {
    path: req.params as Record<string, string>,
    query: req.query as Record<string, unknown>,
    body: op.method === 'POST' ? readJson(req) : {},
    origin: `${req.protocol}://${req.headers.host ?? req.hostname}`,
  };
  // Any operation that waits (a long wait) ends at once when its client goes away.
  const gone = new AbortController();
  reply.raw.on('close', () => gone.abort());
  input.signal = gone.signal;
  return input;
}

/**
 * The control plane's HTTP transport under /__umc: one route per operation of control-plane.yaml
 * (its method and path), each refusing what a web page could send, checking the admin token, and
 * handing path, query and JSON body to the core. Plus the pages (dev inbox, Swagger UI).
 */
export async function registerControlPlane(app: FastifyInstance, core: MockCore, options: ControlPlaneOptions = {}): Promise<void> {
  app.addHook('preClose', async () => core.events.endStreams());
  registerStaticPages(app, () => core.platform.clock.now());
  for (const op of core.controlSpec.operations) {
    app.route({
      method: op.method,
      url: op.url,
      handler: async (req, reply) => {
        try {
          guardControlRequest(req, options.adminToken);
          checkAdminToken(req, options.adminToken);
          const input = inputOf(op, req, reply);
          if (op.operationId === 'streamEvents') return await streamEvents(core, input, req, reply);
          const answer = await core.control(op.operationId, input);
          // A waiting client that went away gets nothing.
          if (reply.sent || reply.raw.destroyed || answer.body === undefined) return reply;
          return json(reply, answer.status, answer.body);
        } catch (err) {
          const refused = controlErrorOf(err);
          if (refused) return json(reply, refused.statusCode, refused.answer.body);
          throw err;
        }
      },
    });
  }
}
