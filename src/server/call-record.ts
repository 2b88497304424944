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
  /** What exactly was wrong with a refused call (rspMsg being the code's fixed text). */
  detail?: string;
  faultId?: string;
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
  return (req.umcCall ??= { params: {} });
}

export function peekCallRecord(req: FastifyRequest): CallRecord | undefined {
  return req.umcCall ?? undefined;
}
