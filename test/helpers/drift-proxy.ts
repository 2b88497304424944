import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/** One answer on its way back from the mock, as the drift proxy may rewrite it. */
export interface ProxiedAnswer {
  method: string;
  /** Path without query. */
  path: string;
  status: number;
  contentType: string | null;
  text: string;
  /** The parsed body (mutate it to drift), or undefined when it is not JSON. */
  json: any;
  /** Set to answer with a Location header (a redirect). */
  location?: string;
}

export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  contentType: string | undefined;
  body: string;
}

export interface DriftProxyOptions {
  /** Rewrites an answer in place; return 'hang' to never answer. */
  drift?: (answer: ProxiedAnswer, request: SeenRequest) => void | 'hang';
  /** Answer 404 for /__umc/* so that the target looks like a real deployment. */
  foreign?: boolean;
}

export interface DriftProxy {
  url: string;
  /** Every request that reached the proxy. */
  requests: SeenRequest[];
  /** Every token the mock issued through the proxy. */
  tokens: string[];
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A small HTTP proxy on 127.0.0.1 (port 0) in front of the mock that rewrites answers: the
 * "deployment that drifted from the contract" the suite must catch.
 */
export async function startDriftProxy(t: { teardown(fn: () => unknown): void }, target: string, options: DriftProxyOptions = {}): Promise<DriftProxy> {
  const requests: SeenRequest[] = [];
  const tokens: string[] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const body = await readBody(req);
    const seen: SeenRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, contentType: req.headers['content-type'], body };
    requests.push(seen);
    if (options.foreign && url.pathname.startsWith('/__umc')) {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body>404 Not Found</body></html>');
      return;
    }
    const upstream = await fetch(`${target}${url.pathname}${url.search}`, {
      method: req.method,
      headers: req.headers['content-type'] ? { 'content-type': req.headers['content-type'] } : undefined,
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
    });
    const text = await upstream.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (typeof json?.resultData?.token === 'string') tokens.push(json.resultData.token);
    const answer: ProxiedAnswer = { method: seen.method, path: url.pathname, status: upstream.status, contentType: upstream.headers.get('content-type'), text, json };
    const before = JSON.stringify(json);
    if (options.drift?.(answer, seen) === 'hang') {
      hanging.push(res);
      return;
    }
    const out = answer.json !== undefined && JSON.stringify(answer.json) !== before ? JSON.stringify(answer.json) : answer.text;
    res.writeHead(answer.status, { ...(answer.contentType ? { 'content-type': answer.contentType } : {}), ...(answer.location ? { location: answer.location } : {}) }).end(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${port}`, requests, tokens };
}
