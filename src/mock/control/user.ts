import { personView } from '../../domain/messaging/index.js';
import { ControlError } from '../control-error.js';
import { idList } from './id-list.js';
import { pageOf } from './paging.js';
import type { ControlContext, ControlHandlers, ControlInput } from './types.js';

/** The directory, and people acting on the messages they received. */
export function userOperations({ platform }: ControlContext): ControlHandlers {
  /** A person (un)subscribes from an app's messages, or (un)follows an official account. */
  const subscription =
    (subscribed: boolean) =>
    ({ path, body }: ControlInput) => {
      const userId = path.userId!;
      if (typeof body.appId === 'string') {
        if (!platform.app(body.appId)) throw new ControlError(`没有这个应用：${body.appId}`, 404);
        if (!platform.messaging.setSubscribed(userId, body.appId, subscribed)) throw new ControlError(`组织架构中没有这个人：${userId}`, 404);
        return { userId, appId: body.appId, subscribed };
      }
      const publicId = String(body.publicId);
      if (!platform.wechat.setFollowing(publicId, userId, subscribed)) throw new ControlError(`${userId}在公众号${publicId}上没有openid（从未关注）`, 404);
      return { userId, publicId, subscribed };
    };
  return {
    unsubscribeUser: subscription(false),
    subscribeUser: subscription(true),
    listUsers: ({ query }) => {
      const ids = idList(query.ids);
      const search = query.search as string | undefined;
      const users = ids || search ? platform.messaging.findPeople({ ids, search }) : platform.messaging.people();
      const { items, nextOffset } = pageOf(users, query, personView);
      return { total: users.length, users: items, nextOffset };
    },
    replyAsUser: ({ path, body }) => platform.messaging.reply(path.userId!, body),
    readAsUser: ({ path, body }) => platform.messaging.read(path.userId!, body),
  };
}
