import type { LoadedSpec, OperationSpec } from '../spec/load.js';

/** safe: nothing that could reach a person; full: also sends to the named test receivers. */
export type Mode = 'safe' | 'full';

/** The family a case belongs to; usable with --only/--skip. */
export type Group = 'token' | 'auth' | 'negative' | 'positive' | 'flow';
export const GROUPS: readonly Group[] = ['token', 'auth', 'negative', 'positive', 'flow'];

/** One request as the suite sent it, and what came back. */
export interface Exchange {
  operationId: string;
  /** What this request was for inside its case ("send", "progress #2", …). */
  label: string;
  request: SentRequest;
  status?: number;
  contentType?: string | null;
  text?: string;
  /** Parsed body, when it was JSON. */
  json?: unknown;
  /** Response time in milliseconds (request start → full body read). */
  ms: number;
  /** Transport failure: refused, reset, timed out. */
  error?: string;
}

export interface SentRequest {
  method: 'GET' | 'POST';
  /** Base URL + path, no query. */
  url: string;
  query: [string, string][];
  body?: { kind: 'form'; fields: [string, string][] } | { kind: 'json'; value: Record<string, unknown> };
}

export interface CheckResult {
  /** A stable name stating what is asserted (http_status_200, rsp_code_documented, …). */
  name: string;
  ok: boolean;
  /** What the contract says, for a failure. */
  expected?: string;
  /** What the target did, for a failure. */
  got?: string;
  /** Index into the case's exchanges that this check judged. */
  exchange?: number;
}

export type CaseStatus = 'passed' | 'failed' | 'skipped';

export interface CaseResult {
  id: string;
  group: Group;
  operationIds: string[];
  title: string;
  field?: string;
  status: CaseStatus;
  skipReason?: string;
  checks: CheckResult[];
  exchanges: Exchange[];
  /** Wall time of the whole case in milliseconds. */
  ms: number;
}

/** The test people, mobiles, official account and template full mode may send to. */
export interface Receivers {
  users: { userId: string; name?: string }[];
  mobiles: { mobile: string; name?: string }[];
  publicId?: string;
  templateId?: string;
  /** The user who follows the official account (5.3.3); defaults to the first user. */
  templateUserId?: string;
  /**
   * Mock only: directory people to try in turn for 5.3.3 (best reachable first), since the
   * directory does not say who follows which official account.
   */
  templateCandidates?: string[];
  /** sendChannel for 5.3.1 flows; Portal (站内信) unless the file says otherwise. */
  sendChannel: string;
  /** Where they came from, for the report: "mock directory" or the file name. */
  source: string;
}

/** What a case can do; the runner implements it per case. */
export interface CaseContext {
  readonly spec: LoadedSpec;
  readonly mode: Mode;
  readonly isMock: boolean;
  readonly appId: string;
  readonly appPassword: string;
  /** A short unique tag for this run, put into titles so that sends are recognisable. */
  readonly runTag: string;
  op(operationId: string): OperationSpec;
  /** A valid token: one per run, fetched again once it is an hour old (platform time on the mock). */
  token(): Promise<string>;
  /**
   * Sends the operation with exactly these parameters (token included by the caller), runs the
   * checks every response gets, and returns the exchange. On the mock, an answer that says the
   * operation is not implemented yet ends the case as skipped.
   */
  call(operationId: string, params: Record<string, unknown>, options?: { label?: string }): Promise<Exchange>;
  /** Records a named check on the last exchange (or none). */
  check(name: string, ok: boolean, detail?: { expected?: string; got?: string }): boolean;
  /** The business code of an exchange, as a string, or undefined. */
  rspCode(ex: Exchange): string | undefined;
  resultData(ex: Exchange): any;
  /** Ends the case as skipped (only for reasons the report can state). */
  skip(reason: string): never;
  /** Ends the case as failed because a precondition could not be met. */
  fail(name: string, detail: { expected?: string; got?: string }): never;
  /** Test receivers for full mode: the mock's directory or the --receivers file. */
  receivers(): Promise<Receivers>;
  /**
   * Lets platform time pass: on the mock, moves its clock; elsewhere, sleeps (real delivery
   * takes real time). Returns false once the flow's time budget is used up.
   */
  wait(seconds: number): Promise<boolean>;
  /** The mock's control plane, undefined against any other target. */
  readonly control?: MockControl;
}

export interface MockControl {
  advanceClock(seconds: number): Promise<void>;
  users(): Promise<Record<string, unknown>[] | undefined>;
  postReply(userId: string, msgId: string, content: string): Promise<{ status: number; text: string }>;
}

export interface ContractCase {
  /** Stable id: group/operationId/slug. */
  id: string;
  group: Group;
  /** Every operation the case calls (for --only/--skip). */
  operationIds: string[];
  /** One line saying what is sent and what must come back. */
  title: string;
  /** The parameter a generated case mutates. */
  field?: string;
  /** The least mode the case runs in: 'safe' cases run in both modes. */
  mode: Mode;
  run(ctx: CaseContext): Promise<void>;
}

export interface RunReport {
  target: string;
  isMock: boolean;
  mode: Mode;
  seed: number;
  startedAt: string;
  ms: number;
  results: CaseResult[];
  counts: { passed: number; failed: number; skipped: number; total: number };
  receiversSource?: string;
}
