import type { LoadedSpec, OperationSpec } from '../spec/load.js';
import type { CheckName } from './checks.js';

/** safe: nothing that could reach a person or consume state; full: also sends to the named test receivers. */
export type Mode = 'safe' | 'full';

/** The family a case belongs to; usable with --only/--skip. */
export type Group = 'token' | 'auth' | 'negative' | 'positive' | 'flow';
export const GROUPS: readonly Group[] = ['token', 'auth', 'negative', 'positive', 'flow'];

/** A sentence of the vendor document: its section (or table) and the Chinese phrase. */
export interface Passage {
  section: string;
  phrase: string;
}

/** One of umc-mock's own readings where the document is silent (what a note is measured against). */
export interface Assumption {
  /** Stable id: "getThirdAPITokenByGet#0" for an openapi.yaml x-umc-assumption, "rspMsg.names-field" for the suite's own. */
  id: string;
  text: string;
}

/** The profile a run is compared with (--baseline FILE): what the deployment did in an earlier run. */
export interface BaselineRef {
  file: string;
  savedAt: string;
}

/**
 * What a check is measured against: a document passage (a breach fails), an assumption (a
 * difference is a note) or a saved profile (a change since the baseline run).
 */
export type Basis = { doc: Passage } | { assumption: Assumption } | { baseline: BaselineRef };

/**
 * fail: breaks what the document states (or changed since the baseline); note: differs from an
 * assumption of ours; error: a transport or gateway problem, or the suite's own, so nothing could be judged.
 */
export type Verdict = 'fail' | 'note' | 'error';

/**
 * Whether a client would notice a difference: client-visible (HTTP status, Content-Type, which code
 * comes, a field's type or presence) or wording (rspMsg text, the shape of an id, our own limits).
 */
export type Severity = 'client-visible' | 'wording';
export const SEVERITIES: readonly Severity[] = ['client-visible', 'wording'];

/** One request as the suite sent it, and what came back. */
export interface Exchange {
  operationId: string;
  /** What this request was for inside its case ("send", "progress #2", …). */
  label: string;
  request: SentRequest;
  status?: number;
  contentType?: string | null;
  text?: string;
  /** Parsed body, when it was JSON: exactly as it came back, never coerced. */
  json?: unknown;
  /** The Location header of a 3xx answer. */
  location?: string;
  /** Response time in milliseconds (request start → full body read), of the last attempt. */
  ms: number;
  /** Transport failure: refused, reset, timed out. */
  error?: string;
  /** How many times the request was sent: more than 1 when --retries retried a transport or gateway problem. */
  attempts?: number;
  /**
   * A request the case needed but does not test (the official account to send from, a todo to
   * confirm): its answer is judged by the case that tests it, and a profile does not compare it.
   */
  prerequisite?: boolean;
}

export interface SentRequest {
  method: 'GET' | 'POST';
  /** Base URL + path, no query. */
  url: string;
  query: [string, string][];
  body?: { kind: 'form'; fields: [string, string][] } | { kind: 'json'; value: Record<string, unknown> } | { kind: 'raw'; contentType: string; text: string };
}

export interface CheckResult {
  /** A stable name stating what is asserted (rsp_code_is_string, negative_data_rejection, …). */
  name: CheckName;
  ok: boolean;
  /** What the contract says, for a failure. */
  expected?: string;
  /** What the target did, for a failure. */
  got?: string;
  /** Index into the case's exchanges that this check judged. */
  exchange?: number;
  basis: Basis;
  /** Set when the check did not hold. */
  verdict?: Verdict;
  /** For a check that did not hold: whether a client would notice. */
  severity?: Severity;
  /**
   * What went wrong, in a form shared by every answer with the same cause ("rspCode a number",
   * "HTTP 302 to /cas/login", "Content-Type text/html"): how a shared cause is found and stated once.
   */
  cause?: string;
}

/**
 * passed; failed (a fail, exit 1); noted (only notes); inconclusive (could not tell: never a pass);
 * error (a transport or gateway problem, or a suite error, kept it from being judged: exit 1).
 */
export type CaseStatus = 'passed' | 'failed' | 'noted' | 'inconclusive' | 'error';
export const STATUSES: readonly CaseStatus[] = ['passed', 'failed', 'noted', 'inconclusive', 'error'];

export interface CaseResult {
  id: string;
  group: Group;
  operationIds: string[];
  title: string;
  field?: string;
  mode: Mode;
  /** The document passage the case enforces; none: the case can only give notes. */
  doc?: Passage;
  status: CaseStatus;
  /** Why the case could not tell (inconclusive only). */
  reason?: string;
  /**
   * Set when the case's request went to a placeholder (umc-contract-nobody, 00000000000) because no
   * test receiver was given for it: a platform may refuse it for the receiver before the rule.
   */
  placeholder?: string;
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

export interface CallOptions {
  label?: string;
  /** Send this body as it is instead of building one from the parameters (malformed bodies). */
  rawBody?: { contentType: string; text: string };
}

export interface NeedOptions {
  label: string;
  /** What the case needs it for, for the inconclusive reason ("the official account to send from"). */
  purpose: string;
  /** Documented codes the case handles itself (600003 "not a follower": try the next person). */
  accept?: string[];
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
  /** A valid token, fetched by POST as 5.1.1 documents; without one the case ends inconclusive. */
  token(): Promise<string>;
  /**
   * Sends the operation with exactly these parameters, runs the checks every response gets, returns
   * the exchange. A case stops at its next call once one of its answers broke a documented check.
   */
  call(operationId: string, params: Record<string, unknown>, options?: CallOptions): Promise<Exchange>;
  /**
   * A prerequisite: a request the case needs but does not test (the official account, a template).
   * Its answer is judged by the cases that test that operation; here anything but a documented
   * success makes the case inconclusive, never a second fail.
   */
  need(operationId: string, params: Record<string, unknown>, options: NeedOptions): Promise<Exchange>;
  /**
   * A value every case of the run can share (a lookup done once): the first case to ask computes it,
   * as its prerequisite; the others wait for it. An inconclusive outcome is shared too.
   */
  shared<T>(key: string, compute: (ctx: CaseContext) => Promise<T>): Promise<T>;
  /** Records that the case's request goes to a placeholder because no test receiver was given for it. */
  placeholder(note: string): void;
  /**
   * Records a named check on the last exchange. Its basis is the case's document passage unless
   * one is given; a case without a passage can only give notes.
   */
  check(name: CheckName, ok: boolean, detail?: { expected?: string; got?: string }, basis?: Basis): boolean;
  /** The business code of an exchange, as a string, or undefined. */
  rspCode(ex: Exchange): string | undefined;
  resultData(ex: Exchange): any;
  /** Ends the case as inconclusive, with the reason the report states. */
  inconclusive(reason: string): never;
  /** Ends the case because a step it needed did not hold (the check is recorded first). */
  fail(name: CheckName, detail: { expected?: string; got?: string }, basis?: Basis): never;
  /** Test receivers for full mode: the mock's directory or the --receivers file. */
  receivers(): Promise<Receivers>;
  /**
   * Lets platform time pass: on the mock, moves its clock; elsewhere, sleeps (real delivery
   * takes real time). Returns false once the flow's time budget is used up.
   */
  wait(seconds: number): Promise<boolean>;
  /** Moves the mock's platform clock, outside any flow budget; false against any other target. */
  moveClock(seconds: number): Promise<boolean>;
  /** Seconds a flow waits between polls: a jump of the mock's clock, or --poll elsewhere. */
  readonly pollSeconds: number;
  /** The target's current time in epoch ms (the mock's platform clock; this machine's elsewhere). */
  targetNow(): Promise<number>;
  /** How long a token of the run stays in use before the lifetime case checks it (--token-age), seconds. */
  readonly tokenAgeSeconds: number;
  /** The token the run has used since its token cases ended, and how old it is in seconds. */
  runToken(): { token: string; ageSeconds: number } | undefined;
  /** The mock's control plane, undefined against any other target. */
  readonly control?: MockControl;
}

/** The mock's control plane as the suite uses it (src/contract/target.ts, over ControlClient). */
export interface MockControl {
  advanceClock(seconds: number): Promise<void>;
  /** The mock's platform time, epoch ms (undefined when the mock refuses to say). */
  now(): Promise<number | undefined>;
  /** The whole directory, every page of it (undefined when the mock refuses it). */
  users(): Promise<Record<string, unknown>[] | undefined>;
  /** A person of the directory replies to a message: undefined when the mock took it, else why not ("HTTP 409 …"). */
  postReply(userId: string, msgId: string, content: string): Promise<string | undefined>;
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
  /** The document passage the case enforces. Without one, whatever it finds is a note. */
  doc?: Passage;
  /** The assumptions its checks can observe (for the assumption report). */
  assumptions?: Assumption[];
  /** What the case could change on a target that wrongly accepted its requests (docs/contract.md's safety table). */
  risk?: string;
  /** Runs alone, after every other case (it moves the mock's clock by hours). */
  exclusive?: boolean;
  /** Runs against umc-mock only (it needs the mock's clock); elsewhere it is not part of the run. */
  mockOnly?: boolean;
  /** Cases with the same lock never run at the same time ("replies": 5.2.3 deletes what it returns). */
  lock?: string;
  run(ctx: CaseContext): Promise<void>;
}

export interface AssumptionObservation {
  assumption: Assumption;
  status: 'confirmed' | 'contradicted' | 'not observed';
  /** Checks that judged it. */
  observed: number;
  /** What the deployment answered where it differed. */
  contradictions: { case: string; check: string; expected?: string; got?: string }[];
}

/** One cause behind the same deviation in several cases: stated once, with the cases it touched. */
export interface SharedCause {
  /** "C1", "C2", …: how a case's finding refers to it. */
  id: string;
  /** The check that saw it, and its CheckResult.cause. */
  check: string;
  cause: string;
  verdict: Verdict;
  severity?: Severity;
  /** The cases it touched, in run order. */
  cases: string[];
  /** How many answers showed it. */
  answers: number;
  /** The first case and exchange that showed it: its request, answer and curl are printed once. */
  example: { case: string; exchange?: number };
}

/** An answer that carried a secret back (the appPassword, or a live token outside 5.1.1's token field). */
export interface SecurityFinding {
  case: string;
  operation: string;
  step: string;
  secret: 'appPassword' | 'token';
  /** Where in the answer: a JSON path (resultData.app.appPassword, rspMsg) or "body". */
  where: string;
}

/** What a --baseline comparison found, run-wide. */
export interface BaselineSummary {
  file: string;
  savedAt: string;
  strict: boolean;
  /** Cases present in both runs. */
  compared: number;
  /** Cases whose client-visible behaviour changed. */
  changed: number;
  /** Cases where only the wording changed (rspMsg). */
  reworded: number;
  /** Cases of this run the baseline does not have (new cases, or the other mode). */
  notInBaseline: string[];
}

export interface RunReport {
  target: string;
  isMock: boolean;
  mode: Mode;
  strict: boolean;
  seed: number;
  startedAt: string;
  ms: number;
  results: CaseResult[];
  counts: Record<CaseStatus, number> & { total: number };
  /** Each note once, by whether a client would notice it. */
  notesBySeverity: Record<Severity, number>;
  /** --fail-on client-visible: such notes were made fails. */
  failOn?: Severity;
  /** Causes behind many cases' findings, each stated once. */
  causes: SharedCause[];
  /** Answers that echoed a secret: reported before anything else; they make the exit code 1. */
  security: SecurityFinding[];
  baseline?: BaselineSummary;
  receiversSource?: string;
  assumptions: AssumptionObservation[];
}
