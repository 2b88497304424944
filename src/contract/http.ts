import type { OperationSpec } from '../spec/load.js';
import type { Exchange, SentRequest } from './types.js';

/**
 * Puts each parameter where the spec says it travels: the query string, a form or a JSON body.
 * With a raw body, the token goes in the query and the body is sent as given.
 */
export function buildRequest(baseUrl: string, op: OperationSpec, params: Record<string, unknown>, rawBody?: { contentType: string; text: string }): SentRequest {
  if (rawBody) {
    const query = Object.entries(params).filter(([, v]) => v !== undefined).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)]);
    return { method: op.method, url: `${baseUrl}${op.path}`, query, body: { kind: 'raw', ...rawBody } };
  }
  const where = new Map(op.params.map((p) => [p.name, p.in]));
  const query: [string, string][] = [];
  const fields: [string, string][] = [];
  const json: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (op.method === 'GET' || where.get(name) === 'query') query.push([name, text]);
    else if (op.bodyKind === 'json') json[name] = value;
    else fields.push([name, text]);
  }
  const req: SentRequest = { method: op.method, url: `${baseUrl}${op.path}`, query };
  if (op.method === 'POST' && op.bodyKind === 'json') req.body = { kind: 'json', value: json };
  else if (op.method === 'POST' && fields.length > 0) req.body = { kind: 'form', fields };
  return req;
}

export interface HttpClientOptions {
  timeoutMs: number;
  /** Requests per second, or undefined for no limit. */
  rateLimit?: number;
  /** How many times to send again after a transport problem or a gateway's 502/503/504 page (--retries). */
  retries?: number;
}

const GATEWAY = new Set([502, 503, 504]);

/** A problem of the way to the platform, not an answer of it: what --retries sends again. */
export function isTransportProblem(ex: Exchange): boolean {
  return ex.error !== undefined || (GATEWAY.has(ex.status ?? 0) && ex.json === undefined);
}

/** Node's fetch with a per-request timeout, a minimum spacing between request starts and retries of transport problems. */
export class HttpClient {
  private nextSlot = 0;
  count = 0;

  constructor(private readonly options: HttpClientOptions) {}

  private async throttle(): Promise<void> {
    if (!this.options.rateLimit) return;
    const interval = 1000 / this.options.rateLimit;
    const now = performance.now();
    // The slot is taken before waiting, so concurrent cases share one spacing.
    const at = Math.max(now, this.nextSlot);
    this.nextSlot = at + interval;
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  }

  async send(operationId: string, label: string, req: SentRequest): Promise<Exchange> {
    const retries = this.options.retries ?? 0;
    for (let attempt = 1; ; attempt++) {
      const ex = await this.once(operationId, label, req);
      ex.attempts = attempt;
      if (attempt > retries || !isTransportProblem(ex)) return ex;
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }

  private async once(operationId: string, label: string, req: SentRequest): Promise<Exchange> {
    await this.throttle();
    this.count++;
    const url = req.query.length > 0 ? `${req.url}?${new URLSearchParams(req.query)}` : req.url;
    const init: RequestInit = { method: req.method, signal: AbortSignal.timeout(this.options.timeoutMs), redirect: 'manual' };
    if (req.body?.kind === 'form') {
      init.headers = { 'content-type': 'application/x-www-form-urlencoded' };
      init.body = new URLSearchParams(req.body.fields).toString();
    } else if (req.body?.kind === 'json') {
      init.headers = { 'content-type': 'application/json' };
      init.body = JSON.stringify(req.body.value);
    } else if (req.body?.kind === 'raw') {
      init.headers = { 'content-type': req.body.contentType };
      init.body = req.body.text;
    }
    const started = performance.now();
    const ex: Exchange = { operationId, label, request: req, ms: 0 };
    try {
      const res = await fetch(url, init);
      ex.status = res.status;
      ex.contentType = res.headers.get('content-type');
      const location = res.headers.get('location');
      if (location !== null) ex.location = location;
      ex.text = await res.text();
      try {
        ex.json = JSON.parse(ex.text);
      } catch {
        ex.json = undefined;
      }
    } catch (err) {
      ex.error = describeFetchError(err, this.options.timeoutMs);
    }
    ex.ms = Math.round((performance.now() - started) * 10) / 10;
    return ex;
  }
}

const TLS_MISMATCH = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'EPROTO', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST']);
const CERTIFICATE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|HOSTNAME|ERR_TLS_CERT/;

/** A transport failure in words: refused, unknown host, timed out, TLS spoken to a plain port, a certificate… */
export function describeFetchError(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${timeoutMs / 1000} s (--timeout)`;
  const code = e?.cause?.code ?? '';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection reset';
  if (TLS_MISMATCH.has(code) || /wrong version number|packet length too long|http request/i.test(e?.cause?.message ?? '')) {
    return `TLS handshake failed (${code || 'SSL'}): the base URL says https, but the server speaks plain http there (or another protocol)`;
  }
  if (CERTIFICATE.test(code)) return `TLS certificate not accepted (${code}): ${e?.cause?.message ?? ''}`.trim();
  if (code === 'HPE_INVALID_CONSTANT' || code === 'HPE_INVALID_HEADER_TOKEN') return `the answer is not HTTP (${code}): an https port spoken to with http?`;
  return e?.cause?.message ?? e?.message ?? String(err);
}
