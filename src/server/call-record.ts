import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { OperationSpec } from '../spec/load.js';
import type { Params } from '../spec/validate.js';

/** What the journal needs to know of one API call, gathered as the call is handled. */
export interface CallRecord {
  op?: OperationSpec;
  params: Params;
  appId?: string;
  rspCode?: string;
  rspMsg?: string;
  faultId?: string;
  /** performance.now() when the call reached its handler: Fastify's elapsedTime is 0 unless it logs requests. */
  startedAt: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    umcCall: CallRecord | null;
  }
}

/** Every request gets a slot for its call record: a plain property is far cheaper than a WeakMap entry. */
export function registerCallRecord(app: FastifyInstance): void {
  app.decorateRequest('umcCall', null);
}

export function callRecord(req: FastifyRequest): CallRecord {
  return (req.umcCall ??= { params: {}, startedAt: performance.now() });
}

export function peekCallRecord(req: FastifyRequest): CallRecord | undefined {
  return req.umcCall ?? undefined;
}
