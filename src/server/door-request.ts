import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendAnswer } from '../control/large-answer.js';
import type { MockRequest, MockResponse } from '../mock/handle.js';
import { writeEventStream } from './event-stream.js';

/**
 * A Fastify request as the door takes it. What only some requests need is read when asked for, not
 * on every API call: the protocol (the control plane's base URL), the abort signal (a long wait).
 */
export class DoorRequest implements MockRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: MockRequest['headers'];
  readonly body: Buffer | undefined;
  readonly callerIp: string;
  readonly startedAt: number;
  bodyError?: MockRequest['bodyError'];
  readonly #req: FastifyRequest;
  readonly #reply: FastifyReply;
  #signal: AbortSignal | undefined;

  constructor(req: FastifyRequest, reply: FastifyReply) {
    this.method = req.method;
    this.url = req.url;
    this.headers = req.headers;
    this.body = req.body as Buffer | undefined;
    this.callerIp = req.ip;
    // Fastify's own clock for the request: the journal's duration starts where Fastify's does.
    this.startedAt = performance.now() - reply.elapsedTime;
    this.#req = req;
    this.#reply = reply;
  }

  /** Read by the control plane only (a base URL), so not on every API call. */
  get protocol(): string {
    return this.#req.protocol;
  }

  get signal(): AbortSignal {
    if (!this.#signal) {
      const gone = new AbortController();
      this.#reply.raw.on('close', () => gone.abort());
      this.#signal = gone.signal;
    }
    return this.#signal;
  }
}

/**
 * Writes what the door answered: an answer (a large one in pieces), a dropped connection, or an event
 * stream. Returns nothing: a route handler that returns its reply has Fastify send it a second time.
 */
export function write(req: FastifyRequest, reply: FastifyReply, response: MockResponse): void {
  switch (response.kind) {
    case 'answer':
      // The two headers every API answer has are set by name, as before the door: an object of them
      // for reply.headers() to walk, made on every answer, took 1.023× the CPU of a 5.1.1
      // (docs/performance.md, "The slow state"). `headers`: only the rare others.
      reply.code(response.status).header('content-type', response.contentType);
      if (response.date !== undefined) reply.header('date', response.date);
      if (response.headers) reply.headers(response.headers);
      sendAnswer(reply, response.body);
      return;
    case 'drop':
      reply.hijack();
      reply.request.raw.socket.destroy();
      return;
    case 'events':
      return writeEventStream(req, reply, response);
  }
}
