import { UmcError } from '../../domain/errors.js';
import { ControlError } from '../control-error.js';
import type { InboxEvent } from '../events.js';
import type { ControlContext, ControlHandlers } from './types.js';

/** Where an event stream's events go; the transport frames them. */
export interface EventSink {
  write(event: InboxEvent): void;
  /** The stream ends (stalled: its client stopped reading, or the mock is closing). */
  end(stalled?: boolean): void;
}

/** An open event stream: `close` when the client goes away or stops reading. */
export interface EventStream {
  close(stalled?: boolean): void;
}

/** A stream the control plane has agreed to open: the transport opens it with its sink, in the same turn. */
export interface EventFeed {
  open(sink: EventSink): EventStream;
}

/**
 * Event streams open at once; past this the newest is refused (503). Every event is written to
 * every stream within the API call that caused it, so each stream adds to each call's answer time.
 */
export const EVENT_STREAM_LIMIT = 1000;

/**
 * The dev inbox's own operations: its live event stream, and completing a todo the way the
 * sending app's system would (5.4.1 with that app's identity, without the page holding a token).
 */
export function inboxOperations({ platform, events: bus }: ControlContext): ControlHandlers {
  return {
    streamEvents: (): EventFeed => {
      if (bus.streamCount >= EVENT_STREAM_LIMIT) {
        throw new ControlError(`已有${EVENT_STREAM_LIMIT}个事件流连接，达到上限：请关闭不用的收件箱页面后再连接`, 503);
      }
      return {
        open(sink) {
          const unsubscribe = bus.subscribe((event) => sink.write(event));
          const close = bus.trackStream((stalled?: boolean) => {
            unsubscribe();
            sink.end(stalled);
          });
          sink.write({ id: 0, type: 'hello', at: Date.now() });
          return { close };
        },
      };
    },
    setTodoStateAsApp: ({ path, body }) => {
      const msgId = path.msgId!;
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
  };
}
