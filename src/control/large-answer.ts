import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/** An answer larger than this is handed to the socket a piece at a time (the whole directory of large-org is 8.5 MB). */
export const LARGE_ANSWER_BYTES = 1024 * 1024;
const PIECE_BYTES = 64 * 1024;
/** How long a large answer's client may take no piece before its connection is cut. */
export const LARGE_ANSWER_STALL_MS = 2000;

/**
 * `body` a piece at a time, the next one only once the socket has taken the last. A client that
 * stops reading stops taking pieces: after LARGE_ANSWER_STALL_MS `onStall` runs (and cuts the
 * connection), so a large answer nobody reads is released within seconds instead of staying
 * queued in this process until the write timeout. The pieces are views of `body`, not copies.
 */
function inPieces(body: Buffer, onStall: () => void): Readable {
  let offset = 0;
  let stall: NodeJS.Timeout | undefined;
  return new Readable({
    read() {
      clearTimeout(stall);
      if (offset >= body.length) {
        this.push(null);
        return;
      }
      this.push(body.subarray(offset, (offset += PIECE_BYTES)));
      if (offset < body.length) stall = setTimeout(onStall, LARGE_ANSWER_STALL_MS);
    },
    destroy(err, callback) {
      clearTimeout(stall);
      callback(err);
    },
  });
}

/**
 * Sends `body` (its status and content type already set on `reply`); one over LARGE_ANSWER_BYTES
 * in pieces, its connection cut if the client stops taking them.
 */
export function sendAnswer(reply: FastifyReply, body: string | Buffer): FastifyReply {
  // UTF-8 takes at most 3 bytes a UTF-16 unit: a short string goes as it is, unmeasured (Fastify measures it for Content-Length).
  if (typeof body === 'string' && body.length * 3 <= LARGE_ANSWER_BYTES) return reply.send(body);
  const size = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  if (size <= LARGE_ANSWER_BYTES) return reply.send(body);
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return reply.header('content-length', size).send(inPieces(bytes, () => reply.raw.destroy()));
}
