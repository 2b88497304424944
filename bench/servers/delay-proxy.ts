/**
 * A reverse proxy that makes a fast local target look like a slow, far-away deployment: every
 * request (method, path and query, headers, body) is forwarded at once to `target`, and the answer
 * (status, headers, body) is held for `delayMs` before it is sent back. Used by
 * bench/contract-latency.bench.ts to put 3 s of latency on every call of a contract run.
 *
 * The request goes through at once and only the answer waits, so the target acts at the moment
 * the request was made (as a deployment whose gateway or backend is slow does) and the client sees
 * the answer `delayMs` later. Redirects are passed back, never followed (node:http does not follow
 * them): the client under test must see exactly what the target answered.
 */
import { Agent, createServer, request, type IncomingHttpHeaders } from 'node:http';

export interface DelayProxy {
  /** http://127.0.0.1:PORT */
  url: string;
  /** Requests received so far (answered or not). */
  readonly requests: number;
  close(): Promise<void>;
}

/**
 * Headers that describe one connection rather than the message (RFC 9110 §7.6.1). The body is read
 * whole and sent on with its own length, so the client's framing must not be copied.
 */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-authenticate', 'proxy-authorization']);

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

export async function startDelayProxy(target: string, delayMs: number): Promise<DelayProxy> {
  const base = new URL(target);
  // Kept-alive connections to the target, so the proxy adds no connection set-up of its own.
  const agent = new Agent({ keepAlive: true });
  /** Answers waiting out their delay, so close() does not leave timers behind. */
  const waiting = new Set<NodeJS.Timeout>();
  const later = (fn: () => void) => {
    const timer = setTimeout(() => (waiting.delete(timer), fn()), delayMs);
    waiting.add(timer);
  };
  let requests = 0;

  const server = createServer((req, res) => {
    requests++;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers = { ...endToEnd(req.headers), host: base.host, 'content-length': String(body.length) };
      const upstream = request(new URL(req.url ?? '/', base), { method: req.method, headers, agent }, (answer) => {
        const parts: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => parts.push(chunk));
        answer.on('end', () => {
          const payload = Buffer.concat(parts);
          const back = endToEnd(answer.headers);
          // A HEAD answer keeps the target's Content-Length (it describes a body not sent).
          if (req.method !== 'HEAD') back['content-length'] = String(payload.length);
          later(() => res.writeHead(answer.statusCode ?? 502, back).end(payload));
        });
        answer.on('error', () => later(() => res.destroy()));
      });
      // The target reset the connection or could not be reached: the client meets the same, late.
      upstream.on('error', () => later(() => res.destroy()));
      upstream.end(body);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('delay proxy: no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    get requests() {
      return requests;
    },
    async close() {
      for (const timer of waiting) clearTimeout(timer);
      waiting.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
