import type { FastifyReply, FastifyRequest } from 'fastify';
import { UmcError } from '../domain/errors.js';
import { ControlError } from './control-error.js';
import type { EventBus, InboxEvent } from './events.js';
import type { ControlRoute, RouteOptions } from './routes.js';

/** Comment lines that keep an idle stream open through proxies. */
const KEEPALIVE_MS = 15_000;
/** Bytes an event stream may hold unread before its client is dropped (EventSource reconnects). */
export const STREAM_BUFFER_LIMIT = 256 * 1024;

function streamEvents(bus: EventBus, req: FastifyRequest, reply: FastifyReply): void {
  const accept = String(req.headers.accept ?? '');
  if (!accept.includes('text/event-stream')) {
    throw new ControlError('这是服务器推送事件流（SSE）：请用EventSource读取，或在请求头中带Accept: text/event-stream', 406);
  }
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  // A client that stops reading must not make the server hold every event for it.
  const send = (text: string) => {
    if (res.writableLength > STREAM_BUFFER_LIMIT) end(true);
    else res.write(text);
  };
  const write = (event: InboxEvent) => send(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  const unsubscribe = bus.subscribe(write);
  const keepalive = setInterval(() => send(': keepalive\n\n'), KEEPALIVE_MS);
  keepalive.unref();
  const end = bus.trackStream((stalled?: boolean) => {
    unsubscribe();
    clearInterval(keepalive);
    if (stalled) res.destroy();
    else res.end();
  });
  req.raw.on('close', () => end());
  res.write('retry: 2000\n\n');
  write({ id: 0, type: 'hello', at: Date.now() });
}

/**
 * The dev inbox's own routes: its live event stream, and completing a todo the way the sending
 * app's system would (5.4.1 with that app's identity, without the page holding a token).
 */
export function inboxRoutes({ platform, events: bus }: RouteOptions): ControlRoute[] {
  return [
    { method: 'GET', url: '/__umc/events', operationId: 'streamEvents', handler: (req, _body, reply) => streamEvents(bus, req, reply!) },
    {
      method: 'POST',
      url: '/__umc/messages/:msgId/todo-state',
      operationId: 'setTodoStateAsApp',
      handler: (req, body) => {
        const { msgId } = req.params as { msgId: string };
        const state = body.state as '1' | '2';
        const message = platform.messaging.message(msgId);
        const template = message ? undefined : platform.wechat.templateMessage(msgId);
        const appId = message?.appId ?? template?.appId;
        if (!appId) throw new ControlError(`没有这条消息（5.3.1的msgId或5.3.3的messageId）：${msgId}`, 404);
        const app = platform.app(appId);
        if (!app) throw new ControlError(`发送此消息的应用已不存在：${appId}`, 409);
        try {
          if (message) platform.messaging.setTodoState(app, msgId, state);
          else platform.wechat.changeTodoState(app, msgId, state);
        } catch (err) {
          // What 5.4.1 would have answered the app, as a refusal of this simulated call.
          if (err instanceof UmcError) throw new ControlError(`5.4.1返回${err.rspCode}：${err.rspMsg}${err.detail ? `（${err.detail}）` : ''}`, 409);
          throw err;
        }
        return { msgId, appId, messageType: message ? '1' : '2', state };
      },
    },
  ];
}
