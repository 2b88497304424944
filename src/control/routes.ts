import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FaultRegistry } from '../domain/faults.js';
import { SimulationRefused } from '../domain/messaging/refusal.js';
import type { Platform } from '../domain/platform.js';
import { JSON_CONTENT_TYPE } from '../server/envelope.js';
import type { Persistence } from '../server/persistence.js';
import { DataFileError } from '../store/data-files.js';
import type { Journal } from '../store/journal.js';
import { adminRoutes } from './admin-routes.js';
import { checkAdminToken } from './admin-token.js';
import { guardControlRequest } from './request-guard.js';
import { ControlError } from './control-error.js';
import { loadControlSpec } from './control-spec.js';
import { EventBus, controlActionHook, feedJournalToBus } from './events.js';
import { faultRoutes } from './fault-routes.js';
import { inboxRoutes } from './inbox-routes.js';
import { journalRoutes } from './journal-routes.js';
import { messageRoutes } from './message-routes.js';
import { sentRoutes } from './sent-routes.js';
import { registerStaticPages } from './static-pages.js';
import { userRoutes } from './user-routes.js';

export interface ControlOptions {
  platform: Platform;
  journal: Journal;
  faults: FaultRegistry;
  adminToken?: string;
  persistence?: Persistence;
  /** The dev inbox's live events (one is made when absent). */
  events?: EventBus;
}

/** One control-plane route: a thin handler over the domain. `operationId` ties it to control-plane.yaml. */
export interface ControlRoute {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  operationId?: string;
  /** A handler that answers by itself (an event stream) hijacks `reply`. */
  handler: (req: FastifyRequest, body: Record<string, unknown>, reply?: FastifyReply) => unknown;
  /**
   * What the route changes outside the platform's state (the journal, the faults): done once the
   * handler's change is durable, so a change --data could not write changes nothing; never replayed.
   */
  afterCommit?: () => void;
}

/** What the route builders get: the options, with the one event bus their routes share. */
export type RouteOptions = ControlOptions & { events: EventBus };

/** Every control route, in one table; they share one event bus (made here when none is given). */
export function controlRouteTable(controlOptions: ControlOptions): ControlRoute[] {
  const options: RouteOptions = { ...controlOptions, events: controlOptions.events ?? new EventBus(controlOptions.platform) };
  return [...adminRoutes(options), ...journalRoutes(options), ...faultRoutes(options), ...userRoutes(options), ...messageRoutes(options), ...sentRoutes(options), ...inboxRoutes(options)];
}

const REFUSAL_STATUS: Record<SimulationRefused['kind'], number> = { invalid: 400, 'not-found': 404, conflict: 409 };

function json(reply: FastifyReply, status: number, body: unknown) {
  return reply.code(status).header('content-type', JSON_CONTENT_TYPE).send(JSON.stringify(body));
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
 * The control plane under /__umc: one table of thin handlers over the domain, each documented in
 * control-plane.yaml (test/control-spec.test.ts checks the two agree) and its body validated from it.
 */
export async function registerControlPlane(app: FastifyInstance, controlOptions: ControlOptions) {
  const spec = loadControlSpec();
  const persisted = new Set(spec.operations.filter((op) => op.persisted).map((op) => op.operationId));
  const events = controlOptions.events ?? new EventBus(controlOptions.platform);
  const options = { ...controlOptions, events };
  feedJournalToBus(events, options.journal);
  const onAction = controlActionHook(events);
  app.addHook('preClose', async () => events.endStreams());
  registerStaticPages(app, () => options.platform.clock.now());
  for (const route of controlRouteTable(options)) {
    const durable = options.persistence && route.operationId && persisted.has(route.operationId) ? options.persistence : undefined;
    app.route({
      method: route.method,
      url: route.url,
      ...(route.method === 'GET' ? {} : { onResponse: onAction }),
      handler: async (req, reply) => {
        try {
          guardControlRequest(req, options.adminToken);
          checkAdminToken(req, options.adminToken);
          const body = route.method === 'GET' || route.method === 'DELETE' ? {} : readJson(req);
          if (route.operationId) spec.validateBody(route.operationId, body);
          const result = durable
            ? durable.run({ kind: 'control', operationId: route.operationId!, params: req.params, body }, () => route.handler(req, body, reply))
            : await route.handler(req, body, reply);
          route.afterCommit?.();
          if (reply.sent) return reply;
          return json(reply, 200, result);
        } catch (err) {
          if (err instanceof ControlError) return json(reply, err.statusCode, { error: err.message });
          if (err instanceof SimulationRefused) return json(reply, REFUSAL_STATUS[err.kind], { error: err.message });
          // --data could not make the change durable: it was undone.
          if (err instanceof DataFileError) return json(reply, 503, { error: err.message });
          throw err;
        }
      },
    });
  }
}
