import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export interface RawServer {
  url: string;
  /** What it was asked for, path and query, in order. */
  requests: string[];
}

/**
 * An HTTP server on 127.0.0.1, port 0, that answers as `handler` does (or never, when it does not
 * end the answer): a target that is not the mock. At teardown its connections are cut and it closes.
 */
export async function startRawServer(t: { teardown(fn: () => unknown): void }, handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<RawServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, requests };
}
