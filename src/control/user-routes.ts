import type { FastifyRequest } from 'fastify';
import type { ControlOptions, ControlRoute } from './routes.js';

function userIdOf(req: FastifyRequest): string {
  return (req.params as { userId: string }).userId;
}

/** The directory, and people acting on the messages they received. */
export function userRoutes({ platform }: ControlOptions): ControlRoute[] {
  return [
    {
      method: 'GET',
      url: '/__umc/users',
      operationId: 'listUsers',
      handler: () => {
        const users = platform.messaging.people();
        return { total: users.length, users };
      },
    },
    { method: 'POST', url: '/__umc/users/:userId/replies', operationId: 'replyAsUser', handler: (req, body) => platform.messaging.reply(userIdOf(req), body) },
    { method: 'POST', url: '/__umc/users/:userId/read', operationId: 'readAsUser', handler: (req, body) => platform.messaging.read(userIdOf(req), body) },
  ];
}
