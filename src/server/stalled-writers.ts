import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Cuts every connection whose answer has stopped draining for `timeoutMs`: a client that stops
 * reading would otherwise keep the unsent rest of its answer in this process for as long as it
 * stays connected. The bytes a socket has finished writing are `bytesWritten` (which counts what is
 * queued too) less `writableLength` (what is queued); a connection that has had bytes queued and
 * finished none for `timeoutMs` is destroyed, which frees what it queued. The connections are
 * looked at a few times per timeout (at most once a second), and only while there are any.
 */
export function cutStalledWriters(server: Server, timeoutMs: number): void {
  const seen = new Map<Socket, { finished: number; since: number }>();
  let timer: NodeJS.Timeout | undefined;
  const look = () => {
    const now = performance.now();
    for (const [socket, last] of seen) {
      const queued = socket.writableLength;
      const finished = socket.bytesWritten - queued;
      if (queued === 0 || finished !== last.finished) {
        last.finished = finished;
        last.since = now;
      } else if (now - last.since >= timeoutMs) {
        socket.destroy();
      }
    }
  };
  server.on('connection', (socket: Socket) => {
    seen.set(socket, { finished: 0, since: performance.now() });
    timer ??= setInterval(look, Math.min(1000, timeoutMs / 4)).unref();
    socket.once('close', () => {
      seen.delete(socket);
      if (seen.size === 0) {
        clearInterval(timer);
        timer = undefined;
      }
    });
  });
}
