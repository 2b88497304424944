import type { FastifyRequest } from 'fastify';
import { ControlError } from './control-error.js';
import { pageOf } from './query-params.js';
import type { ControlOptions, ControlRoute } from './routes.js';

function userIdOf(req: FastifyRequest): string {
  return (req.params as { userId: string }).userId;
}

/** The directory, and people acting on the messages they received. */
export function userRoutes({ platform }: ControlOptions): ControlRoute[] {
  /** A person (un)subscribes from an app's messages, or (un)follows an official account. */
  const subscription = (subscribed: boolean) => (req: FastifyRequest, body: Record<string, unknown>) => {
    const userId = userIdOf(req);
    if (typeof body.appId === 'string') {
      if (!platform.app(body.appId)) throw new ControlError(`没有这个应用：${body.appId}`, 404);
      if (!platform.messaging.setSubscribed(userId, body.appId, subscribed)) throw new ControlError(`组织架构中没有这个人：${userId}`, 404);
      return { userId, appId: body.appId, subscribed };
    }
    const publicId = String(body.publicId);
    if (!platform.wechat.setFollowing(publicId, userId, subscribed)) throw new ControlError(`${userId}在公众号${publicId}上没有openid（从未关注）`, 404);
    return { userId, publicId, subscribed };
  };
  return [
    { method: 'POST', url: '/__umc/users/:userId/unsubscribe', operationId: 'unsubscribeUser', handler: subscription(false) },
    { method: 'POST', url: '/__umc/users/:userId/subscribe', operationId: 'subscribeUser', handler: subscription(true) },
    {
      method: 'GET',
      url: '/__umc/users',
      operationId: 'listUsers',
      handler: (req) => {
        const users = platform.messaging.people();
        return { total: users.length, users: pageOf(users, req.query as Record<string, unknown>) };
      },
    },
    { method: 'POST', url: '/__umc/users/:userId/replies', operationId: 'replyAsUser', handler: (req, body) => platform.messaging.reply(userIdOf(req), body) },
    { method: 'POST', url: '/__umc/users/:userId/read', operationId: 'readAsUser', handler: (req, body) => platform.messaging.read(userIdOf(req), body) },
  ];
}
