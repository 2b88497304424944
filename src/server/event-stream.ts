import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EventSink, EventStream, MockResponse } from '../mock/handle.js';

/** Comment lines that keep an idle stream open through proxies. */
const KEEPALIVE_MS = 15_000;
/** Bytes an event stream may hold unread before its client is dropped (EventSource reconnects). */
export const STREAM_BUFFER_LIMIT = 256 * 1024;

/**
 * An event stream the mock opened, as server-sent events: each event an `id`/`event`/`data`
 * block, a comment line every 15 s, and a client that stops reading dropped rather than buffered for.
 */
export function writeEventStream(req: FastifyRequest, reply: FastifyReply, events: Extract<MockResponse, { kind: 'events' }>): void {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  res.write('retry: 2000\n\n');
  let stream: EventStream | undefined;
  const send = (text: string) => {
    if (res.writableLength > STREAM_BUFFER_LIMIT) stream?.close(true);
    else res.write(text);
  };
  const keepalive = setInterval(() => send(': keepalive\n\n'), KEEPALIVE_MS);
  keepalive.unref();
  const sink: EventSink = {
    write: (event) => send(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`),
    end: (stalled) => {
      clearInterval(keepalive);
      if (stalled) res.destroy();
      else res.end();
    },
  };
  stream = events.open(sink);
  req.raw.on('close', () => stream!.close());
}
