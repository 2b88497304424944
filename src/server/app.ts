import { createServer } from 'node:http';
import { pino, type DestinationStream, type LoggerOptions } from 'pino';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { isRspCode, RSP_CODES } from '../domain/codes.js';
import { UmcError } from '../domain/errors.js';
import { FaultRegistry, type FaultRule } from '../domain/faults.js';
import type { App } from '../domain/apps.js';
import type { Platform } from '../domain/platform.js';
import type { EventBus } from '../control/events.js';
import { registerControlPlane } from '../control/routes.js';
import { loadSpec, type LoadedSpec, type OperationSpec } from '../spec/load.js';
import type { Params, ValidationResult } from '../spec/validate.js';
import { paramValidator } from '../spec/param-validators.js';
import { DataFileError } from '../store/data-files.js';
import { Journal } from '../store/journal.js';
import { applyFault } from './apply-fault.js';
import { callRecord, registerCallRecord } from './call-record.js';
import { JSON_CONTENT_TYPE, envelope, servletError } from './envelope.js';
import { journalCall } from './journal-call.js';
import { OPERATIONS } from './operations.js';
import type { Persistence } from './persistence.js';
import { redactUrl } from './redact.js';
import { ignoredBodyHint, readRequestParams } from './request-params.js';
import { urlPath } from './servlet-params.js';

/** How long a client may take to send its whole request. */
export const REQUEST_TIMEOUT_MS = 20_000;

export interface ServerOptions {
  platform: Platform;
  spec?: LoadedSpec;
  /** pino options, or false for silence (tests). */
  logger?: FastifyServerOptions['logger'];
  /** Largest accepted body, bytes (Tomcat's default maxPostSize is 2 MB). */
  bodyLimit?: number;
  journal?: Journal;
  faults?: FaultRegistry;
  /** Required on every control call when set. */
  adminToken?: string;
  /** --data: changes are made durable before they are acknowledged. */
  persistence?: Persistence;
  /** The control plane's event bus (the dev inbox's stream, /__umc/wait); one is made when absent. */
  events?: EventBus;
  /** How long a client may take to send its whole request (REQUEST_TIMEOUT_MS). */
  requestTimeoutMs?: number;
}

/** A pino logger from Fastify-style logger options (a `stream` among them, as tests pass one). */
function ownLogger(options: LoggerOptions & { stream?: DestinationStream }): FastifyBaseLogger {
  const { stream, ...rest } = options;
  return stream ? pino(rest, stream) : pino(rest);
}

const ALL_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'];
export const DEFAULT_BODY_LIMIT = 2 * 1024 * 1024;

/** Builds the mock: the API routes bound from openapi.yaml, the journal and faults, the /__umc control plane. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { platform } = options;
  const spec = options.spec ?? loadSpec();
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const requestTimeoutMs = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const journal = options.journal ?? new Journal();
  const faults = options.faults ?? new FaultRegistry();
  faults.reset(platform.scenarioFaults);
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
  const errorLog: FastifyBaseLogger | undefined = logger && !requestLogging ? ownLogger(logger) : undefined;
  const app = Fastify({
    logger: requestLogging ? logger : false,
    bodyLimit,
    // A client that trickles its request (headers and body) is cut off after 20 s, as Tomcat's
    // default connectionTimeout would: slow bodies cannot hold connections open. Answers may
    // take longer (/__umc/wait, the event stream): this bounds receiving the request only.
    // Node looks at its connections every connectionsCheckingInterval (30 s by default): look often.
    serverFactory: (handler) => createServer({ requestTimeout: requestTimeoutMs, connectionsCheckingInterval: Math.min(1000, requestTimeoutMs) }, handler),
    routerOptions: { ignoreTrailingSlash: true },
    exposeHeadRoutes: false,
    frameworkErrors: (_err, req, reply) => {
      answerWith(reply as FastifyReply, 400, servletError(400, 'Bad Request', urlPath(req.url ?? '/'), platform.clock.now()));
    },
  });

  // Every body arrives raw; each operation reads it the way the platform's servlet would.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  registerCallRecord(app);

  /** Sends a body and journals the call: every answered API call goes to the journal. */
  function answerWith(reply: FastifyReply, status: number, body: string, contentType = JSON_CONTENT_TYPE): void {
    reply.code(status).header('content-type', contentType).send(body);
    journalCall(journal, platform.clock, reply.request, status, reply.elapsedTime);
  }

  function sendEnvelope(reply: FastifyReply, op: OperationSpec, rspCode: string, rspMsg: string, resultData: unknown = null): void {
    const record = callRecord(reply.request);
    record.rspCode = rspCode;
    record.rspMsg = rspMsg;
    answerWith(reply, 200, envelope(op, rspCode, rspMsg, resultData));
  }

  for (const op of spec.operations) {
    if (!OPERATIONS[op.operationId]) throw new Error(`openapi.yaml operation ${op.operationId} has no handler`);
    // Compiled before the first call (a first send must not wait for it); once per process.
    paramValidator(op);
  }

  /**
   * One API call, answered synchronously unless a fault delays it or the operation is async:
   * an async handler would cost a promise and a microtask on every call.
   */
  function handle(op: OperationSpec, req: FastifyRequest, reply: FastifyReply): void | Promise<void> {
    const record = callRecord(req);
    record.op = op;
    const { params: raw, ignoredBody } = readRequestParams(op, req.url, req.headers['content-type'], req.body as Buffer | undefined);
    record.params = raw;
    // The calling app, looked up once: the journal and app-scoped faults need it before validation.
    const caller = op.needsToken && typeof raw.token === 'string' ? platform.findAppForToken(raw.token) : undefined;
    record.appId = op.needsToken ? caller?.appId : typeof raw.appId === 'string' ? raw.appId : undefined;

    const fault = faults.pick(op.operationId, record.appId, platform.ids.random);
    if (fault) return handleFault(fault, op, req, reply, raw, caller, ignoredBody);
    return answer(op, req, reply, raw, caller, ignoredBody);
  }

  async function handleFault(fault: FaultRule, op: OperationSpec, req: FastifyRequest, reply: FastifyReply, raw: Params, caller: App | undefined, ignoredBody: string | undefined): Promise<void> {
    const outcome = await applyFault(fault, req, reply);
    if (outcome === 'continue') return answer(op, req, reply, raw, caller, ignoredBody);
    // A dropped call never answers; the journal still shows it, with HTTP status 0.
    if (outcome === 'dropped') return journalCall(journal, platform.clock, req, 0, reply.elapsedTime);
    if (outcome === 'rspCode' && fault.action.type === 'rspCode') {
      const code = fault.action.rspCode;
      return sendEnvelope(reply, op, code, fault.action.rspMsg ?? (isRspCode(code) ? RSP_CODES[code] : '其他异常信息'));
    }
    if (typeof outcome === 'object') answerWith(reply, outcome.status, outcome.body, outcome.contentType);
  }

  /** Validates, runs the operation and sends its envelope. */
  function answer(op: OperationSpec, req: FastifyRequest, reply: FastifyReply, raw: Params, caller: App | undefined, ignoredBody: string | undefined): void | Promise<void> {
    const result: ValidationResult = paramValidator(op)(raw);
    const hint = ignoredBody ? ignoredBodyHint(ignoredBody) : '';
    if (op.needsToken) {
      const tokenIssue = result.ok ? undefined : result.issues.find((i) => i.param === 'token');
      if (tokenIssue) return sendEnvelope(reply, op, tokenIssue.rspCode, tokenIssue.rspMsg + hint);
    }
    if (op.needsToken && !caller) throw new UmcError('500003');
    if (!result.ok) return sendEnvelope(reply, op, result.issues[0]!.rspCode, result.issues[0]!.rspMsg + hint);
    const operation = OPERATIONS[op.operationId]!;
    const context = { platform, params: result.params, app: caller!, callerIp: req.ip };
    const { persistence } = options;
    let data: unknown;
    if (!persistence || !op.changesState) data = operation(context);
    else if (caller) data = persistence.run({ kind: 'api', operationId: op.operationId, appId: caller.appId, params: result.params, callerIp: req.ip }, () => operation(context));
    // A token is logged without the appPassword, and only once the app authenticated.
    else data = persistence.run({ kind: 'api', operationId: op.operationId, appId: String(result.params.appId), callerIp: req.ip }, () => operation(context), false);
    if (data instanceof Promise) return data.then((value) => void sendEnvelope(reply, op, op.success.rspCode, op.success.rspMsg, value));
    sendEnvelope(reply, op, op.success.rspCode, op.success.rspMsg, data);
  }

  for (const [path, ops] of spec.paths) {
    app.route({
      method: ALL_METHODS,
      url: path,
      config: { ops },
      handler: (req, reply) => {
        const op = ops.find((o) => o.method === req.method);
        if (!op) {
          reply.header('allow', ops.map((o) => o.method).join(', '));
          return answerWith(reply, 405, servletError(405, 'Method Not Allowed', path, platform.clock.now()));
        }
        return handle(op, req, reply);
      },
    });
  }

  app.setNotFoundHandler((req, reply) => {
    answerWith(reply, 404, servletError(404, 'Not Found', urlPath(req.url), platform.clock.now()));
  });

  // Anything that escapes an operation is still an envelope: never HTTP 500, never a stack.
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const ops = (req.routeOptions.config as { ops?: OperationSpec[] } | undefined)?.ops;
    const op = ops?.find((o) => o.method === req.method) ?? ops?.[0];
    if (!op) {
      // A control-plane or framework failure outside the business API.
      const status = typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
      return reply.code(status).header('content-type', JSON_CONTENT_TYPE).send(JSON.stringify({ error: err instanceof UmcError ? err.rspMsg : String(err.message) }));
    }
    if (err instanceof UmcError) return sendEnvelope(reply, op, err.rspCode, err.rspMsg);
    // --data could not make the change durable: it was undone, and the answer (and so the journal) says why.
    if (err instanceof DataFileError) return sendEnvelope(reply, op, '999999', err.message);
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendEnvelope(reply, op, '500001', `请求体过大：不能超过${Math.floor(bodyLimit / 1024)}KB`);
    }
    if (typeof err.statusCode === 'number' && err.statusCode < 500) {
      return sendEnvelope(reply, op, '500001', '请求格式不正确，无法读取参数');
    }
    (errorLog ?? req.log).error({ operationId: op.operationId, error: { type: err.name, message: err.message } }, 'unexpected error');
    sendEnvelope(reply, op, '999999', '其他异常信息');
  });

  await registerControlPlane(app, { platform, journal, faults, adminToken: options.adminToken, persistence: options.persistence, events: options.events });
  return app;
}
