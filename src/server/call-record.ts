import type { FastifyRequest } from 'fastify';
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
}

const records = new WeakMap<FastifyRequest, CallRecord>();

export function callRecord(req: FastifyRequest): CallRecord {
  let record = records.get(req);
  if (!record) {
    record = { params: {} };
    records.set(req, record);
  }
  return record;
}

export function peekCallRecord(req: FastifyRequest): CallRecord | undefined {
  return records.get(req);
}
