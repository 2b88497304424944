import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SimulationRefused } from '../domain/messaging/refusal.js';
import type { Platform } from '../domain/platform.js';
import { formatDateTime } from '../domain/wall-time.js';
import { JSON_CONTENT_TYPE } from '../server/envelope.js';
import { VERSION } from '../version.js';

export interface ControlOptions {
  platform: Platform;
}

/** A control-plane request the caller got wrong: HTTP 400 with a plain JSON error. */
class ControlError extends Error {
  statusCode = 400;
}

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

const REFUSAL_STATUS: Record<SimulationRefused['kind'], number> = { invalid: 400, 'not-found': 404, conflict: 409 };

function userIdOf(req: FastifyRequest): string {
  return (req.params as { userId: string }).userId;
}

function clockView(platform: Platform) {
  const now = platform.clock.now();
  return { now: new Date(now).toISOString(), epochMs: now, chinaTime: formatDateTime(now), offsetSeconds: platform.clock.offsetSeconds() };
}

/**
 * The control plane under /__umc: one table of thin handlers over the domain. This is the
 * foundation's set (health, reset, clock) plus the directory and simulated user actions;
 * the scenarios issue grows it.
 */
export async function registerControlPlane(app: FastifyInstance, { platform }: ControlOptions) {
  const routes: { method: 'GET' | 'POST'; url: string; handler: (req: FastifyRequest) => unknown }[] = [
    {
      method: 'GET',
      url: '/__umc/health',
      handler: () => ({ status: 'UP', service: 'umc-mock', version: VERSION, scenario: platform.scenarioName, time: clockView(platform).now }),
    },
    {
      method: 'POST',
      url: '/__umc/reset',
      handler: () => {
        platform.reset();
        return { reset: true, scenario: platform.scenarioName };
      },
    },
    { method: 'GET', url: '/__umc/clock', handler: () => clockView(platform) },
    {
      method: 'POST',
      url: '/__umc/clock',
      handler: (req) => {
        const { advanceSeconds } = readJson(req);
        if (typeof advanceSeconds !== 'number' || !Number.isFinite(advanceSeconds) || advanceSeconds < 0) {
          throw new ControlError('advanceSeconds必须是非负数（秒）');
        }
        platform.clock.advance(advanceSeconds);
        return clockView(platform);
      },
    },
    // The directory, and people acting on the messages they received.
    { method: 'GET', url: '/__umc/users', handler: () => platform.messaging.people() },
    { method: 'POST', url: '/__umc/users/:userId/replies', handler: (req) => platform.messaging.reply(userIdOf(req), readJson(req)) },
    { method: 'POST', url: '/__umc/users/:userId/read', handler: (req) => platform.messaging.read(userIdOf(req), readJson(req)) },
  ];
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.url,
      handler: async (req, reply) => {
        try {
          return json(reply, 200, await route.handler(req));
        } catch (err) {
          if (err instanceof ControlError) return json(reply, err.statusCode, { error: err.message });
          if (err instanceof SimulationRefused) return json(reply, REFUSAL_STATUS[err.kind], { error: err.message });
          throw err;
        }
      },
    });
  }
}
