import type { OperationSpec } from '../spec/load.js';
import type { Params } from '../spec/validate.js';

/** What the journal keeps of one API call, gathered as the core handles it. */
export interface CallRecord {
  method: string;
  /** The path as called, without the query. */
  path: string;
  op?: OperationSpec;
  params: Params;
  appId?: string;
  rspCode?: string;
  rspMsg?: string;
  /** What exactly was wrong with a refused call (rspMsg being the code's fixed text). */
  detail?: string;
  faultId?: string;
  /** The message the call created or changed (set on success of an operation that changes state). */
  msgId?: string;
  /** What the operation created when its answer names no id (5.3.4's cardId): msgId on success. */
  created?: string;
}

/** The record of a call routed to an operation of openapi.yaml. */
export type ApiCall = CallRecord & { op: OperationSpec };
