import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { DocumentCode, JsonSchema, LoadedSpec, OperationSpec } from '../spec/load.js';
import { ASSUME, DOC } from './basis.js';
import type { Basis, CheckResult, Exchange, Severity } from './types.js';

// ajv-formats is CommonJS; under ESM its function sits on .default.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => void;

/**
 * Every named check, with what it asserts. The name is the label in reports and what --skip
 * takes to turn a check off.
 */
export const CHECKS = {
  http_response: 'the target answered at all (no refused connection, no reset, no timeout): else an error, not a verdict',
  gateway_answer: 'no HTTP 502/503/504 page from a gateway in front of the platform: else an error, not a verdict',
  http_no_server_error: 'no HTTP 5xx: an unexpected error is the envelope with 999999',
  http_status_200: 'every business outcome, errors included, is HTTP 200 (assumption)',
  json_body: 'the body is JSON',
  json_content_type: 'the Content-Type is application/json (assumption)',
  envelope_shape: 'the body is an object with rspCode and a string rspMsg',
  rsp_code_is_string: 'rspCode is a string ("000000", never 0)',
  rsp_code_documented: "rspCode is in table 4-1-2 for the operation's section (or 通用), or in its x-rsp-codes",
  rsp_code_expected: "rspCode is one of the operation's x-rsp-codes (assumption)",
  success_schema: "a success body carries every documented resultData field, with the document's type (no coercion)",
  success_schema_detail: "a success body validates against the whole success schema of openapi.yaml (assumption)",
  error_envelope: 'an error body is {rspCode, rspMsg, resultData: null} (assumption)',
  positive_data_acceptance: 'a valid request is accepted (the success rspCode)',
  rejects_missing_token: 'a request without token is not accepted',
  rejects_bad_token: 'a request with a garbage or unknown token is not accepted',
  rejects_bad_credentials: 'a wrong appPassword or an unknown appId is not given a token',
  token_accepted: 'a freshly issued token is accepted by another operation (no 500003)',
  negative_data_rejection: 'an invalid request is rejected: never success, never 999999, a documented code',
  field_error_code: 'the rejection carries the code openapi.yaml gives the rule (assumption)',
  rsp_msg_names_field: 'a 500001 rspMsg names the field at fault (assumption)',
  result_consistent: 'a success result agrees with the request (no more entries than size or count asked for)',
  // The flows' steps (once one check, flow_step: --skip flow_step still turns them all off).
  flow_send_accepted: "a flow's send (5.3.1) is accepted",
  progress_answered: 'getProgress (5.2.4) answers success for a message 5.3.1 or 5.3.2 accepted',
  progress_finishes: 'an accepted message reaches state "1" (发送完毕) in getProgress within the flow\'s time',
  progress_counts_add_up: 'once finished, successCount + failCount = total (5.2.4)',
  progress_total_per_receiver: 'once finished, total counts one per receiver of a single-channel send (assumption)',
  receivers_reached: 'every test receiver is reached: failCount 0 (assumption: the test receivers can be reached)',
  receivers_subscribed: 'every test receiver is subscribed: noSubscribeStatus "0" (5.3.1), status "0" for a follower (5.3.3) (assumption)',
  user_count_answered: 'getUserMessageCount (5.2.5) answers success once the administrator opened it',
  todo_count_after_delivery: "a delivered todo adds one to its receiver's todo count (5.2.5)",
  todo_counts_after_confirm: 'a todo confirmed done moves from the todo count to the checked count (5.2.5)',
  replies_answered: 'replyMessage (5.2.3) answers success',
  reply_returned: 'a reply to a reply-enabled message (isReply=1) comes back from replyMessage (5.2.3)',
  replies_deleted: 'replies replyMessage returned are not returned again (5.2.3: 拉取的记录进行删除)',
  template_same_state_refused: 'confirming a template todo again in the same state answers 600010 (表4-1-2)',
  token_lifetime: 'a token is not refused (500003) sooner than 7200 s after it was issued, when no newer one was issued',
  rejects_expired_token: 'a token older than 7200 s is refused with 500003 (umc-mock only: its clock can be moved)',
  unchanged_since_baseline: 'the answer is what the deployment answered in the --baseline run (ids, times and tokens aside)',
  suite_error: 'the suite itself ran into an error (a bug of umc-contract): the case could not be judged',
} as const;

/**
 * Whether a client would notice when the check does not hold as a note (a fail is a fail):
 * client-visible when a client reading the answer as the document describes could behave
 * differently; wording for rspMsg texts and our own limits. responseChecks refines
 * success_schema_detail and error_envelope by what exactly differs.
 */
export const NOTE_SEVERITY: Record<CheckName, Severity> = {
  http_response: 'client-visible',
  gateway_answer: 'client-visible',
  http_no_server_error: 'client-visible',
  http_status_200: 'client-visible',
  json_body: 'client-visible',
  json_content_type: 'client-visible',
  envelope_shape: 'client-visible',
  rsp_code_is_string: 'client-visible',
  rsp_code_documented: 'client-visible',
  rsp_code_expected: 'client-visible',
  success_schema: 'client-visible',
  success_schema_detail: 'wording',
  error_envelope: 'client-visible',
  positive_data_acceptance: 'client-visible',
  rejects_missing_token: 'client-visible',
  rejects_bad_token: 'client-visible',
  rejects_bad_credentials: 'client-visible',
  token_accepted: 'client-visible',
  // A rule of ours that a deployment does not apply (sendTime checked when sendStatus=1, appId ≤ 64).
  negative_data_rejection: 'wording',
  field_error_code: 'client-visible',
  rsp_msg_names_field: 'wording',
  result_consistent: 'client-visible',
  flow_send_accepted: 'client-visible',
  progress_answered: 'client-visible',
  progress_finishes: 'client-visible',
  progress_counts_add_up: 'client-visible',
  progress_total_per_receiver: 'client-visible',
  receivers_reached: 'client-visible',
  receivers_subscribed: 'client-visible',
  user_count_answered: 'client-visible',
  todo_count_after_delivery: 'client-visible',
  todo_counts_after_confirm: 'client-visible',
  replies_answered: 'client-visible',
  reply_returned: 'client-visible',
  replies_deleted: 'client-visible',
  template_same_state_refused: 'client-visible',
  token_lifetime: 'client-visible',
  rejects_expired_token: 'client-visible',
  unchanged_since_baseline: 'client-visible',
  suite_error: 'client-visible',
};

/** A check's name: the key of its entry in CHECKS, the label in reports, what --skip takes. */
export type CheckName = keyof typeof CHECKS;

/**
 * Names --skip still takes for checks since split: flow_step named every step of the flows (issue
 * 27). Skipping one skips all its checks; reports and profiles name the new checks.
 */
export const CHECK_ALIASES: Readonly<Record<string, readonly CheckName[]>> = {
  flow_step: [
    'flow_send_accepted',
    'progress_answered',
    'progress_finishes',
    'progress_counts_add_up',
    'progress_total_per_receiver',
    'receivers_reached',
    'receivers_subscribed',
    'user_count_answered',
    'todo_count_after_delivery',
    'todo_counts_after_confirm',
    'replies_answered',
    'reply_returned',
    'replies_deleted',
    'template_same_state_refused',
  ],
};

/** The checks a --skip name turns off: the check itself, an old name's checks, or none (not a check name). */
export function checksNamed(name: string): CheckName[] {
  if (name in CHECKS) return [name as CheckName];
  return [...(CHECK_ALIASES[name] ?? [])];
}

/** The checks whose failure means nothing could be judged: verdict error, never fail or note. */
export const ERROR_CHECKS: ReadonlySet<CheckName> = new Set<CheckName>(['http_response', 'gateway_answer', 'suite_error']);

/** The checks every response gets; the others state what a particular case expects. */
export const RESPONSE_CHECKS: ReadonlySet<CheckName> = new Set<CheckName>([
  'http_response',
  'gateway_answer',
  'http_no_server_error',
  'http_status_200',
  'json_body',
  'json_content_type',
  'envelope_shape',
  'rsp_code_is_string',
  'rsp_code_documented',
  'rsp_code_expected',
  'success_schema',
  'success_schema_detail',
  'error_envelope',
]);

/**
 * The suite's own validator: no type coercion and no defaults, so a number where the document
 * says String fails, and the body the flows read is exactly the one that came back.
 */
export function createContractAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, coerceTypes: false, useDefaults: false, strict: false });
  addFormats(ajv);
  return ajv;
}

/**
 * The part of a success schema the document itself states: every keyword named in
 * x-umc-assumed is dropped, and so is debuggerErrorMsg, which table 4-1-1 does not define
 * (it appears only in some examples).
 */
export function documentedSchema(schema: JsonSchema): JsonSchema {
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (!node || typeof node !== 'object') return node;
    const obj = node as Record<string, unknown>;
    const assumed = new Set(Array.isArray(obj['x-umc-assumed']) ? (obj['x-umc-assumed'] as string[]) : []);
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(obj)) if (!assumed.has(key)) out[key] = strip(value);
    return out;
  };
  const out = strip(schema) as JsonSchema;
  const props = { ...(out.properties as Record<string, unknown>) };
  delete props.debuggerErrorMsg;
  out.properties = props;
  out.required = ((out.required ?? []) as string[]).filter((k) => k !== 'debuggerErrorMsg');
  return out;
}

export interface OperationValidators {
  documented: ValidateFunction;
  full: ValidateFunction;
  error: ValidateFunction;
  /** What the operation may answer: table 4-1-2's codes for it and its x-rsp-codes. */
  allowedCodes: Set<string>;
}

/**
 * The error envelope as error_envelope judges it: its shape, and an rspCode that is no success code.
 * Which codes an operation may refuse with is rsp_code_documented's to judge (table 4-1-2 by section);
 * the schema's enum of the table's codes would only say a second time what that check says.
 */
export function errorEnvelopeShape(errorSchema: JsonSchema, successCodes: string[]): JsonSchema {
  const properties = (errorSchema.properties ?? {}) as Record<string, JsonSchema>;
  return { ...errorSchema, properties: { ...properties, rspCode: { type: 'string', not: { enum: successCodes } } } };
}

/** Compiles every operation's validators once (OpenAPI 3.1 = JSON Schema 2020-12). */
export function compileResponseValidators(ajv: Ajv2020, spec: LoadedSpec): Map<string, OperationValidators> {
  const out = new Map<string, OperationValidators>();
  const successCodes = [...new Set(spec.operations.map((op) => op.success.rspCode))];
  for (const op of spec.operations) {
    out.set(op.operationId, {
      documented: ajv.compile(documentedSchema(op.successSchema)),
      full: ajv.compile(op.successSchema),
      error: ajv.compile(errorEnvelopeShape(op.errorSchema, successCodes)),
      allowedCodes: new Set([...tableCodesFor(spec.documentCodes, op.section), ...op.rspCodes.map((c) => c.rspCode)]),
    });
  }
  return out;
}

export function tableCodesFor(codes: DocumentCode[], section: string): Set<string> {
  return new Set(codes.filter((c) => c.scope.includes('通用') || c.scope.includes(section)).map((c) => c.rspCode));
}

export function short(value: unknown, max = 300): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? String(value) : text.length > max ? `${text.slice(0, max)}…` : text;
}

/** A value with its JSON type, so that `1` and `"1"` never read alike: `number 1`, `string "1"`, `null`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'absent';
  if (typeof value === 'string') return `string ${short(JSON.stringify(value), 80)}`;
  if (Array.isArray(value)) return `array of ${value.length}`;
  if (typeof value === 'object') return 'object';
  return `${typeof value} ${String(value)}`;
}

function at(body: unknown, pointer: string): unknown {
  let node = body;
  for (const part of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

const SHOWN_KEYWORDS = (e: { keyword: string }) => !['oneOf', 'anyOf', 'if'].includes(e.keyword);

/** The schema's findings, one per place (a wrong type is said once, not again as a wrong value). */
function firstPerPath(validate: ValidateFunction): NonNullable<ValidateFunction['errors']> {
  const seen = new Set<string>();
  return (validate.errors ?? []).filter(SHOWN_KEYWORDS).filter((e) => {
    const key = `${e.instancePath}/${(e.params as { missingProperty?: string }).missingProperty ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** What the schema found, with the value that came (`/resultData/state: number 1, expected string`). */
function ajvErrors(validate: ValidateFunction, body: unknown): string {
  return firstPerPath(validate)
    .slice(0, 4)
    .map((e) => {
      const path = e.instancePath || '/';
      if (e.keyword === 'type') return `${path}: ${describeValue(at(body, e.instancePath))}, expected ${(e.params as { type: string }).type}`;
      if (e.keyword === 'required') return `${path}: ${(e.params as { missingProperty: string }).missingProperty} absent`;
      return `${path}: ${describeValue(at(body, e.instancePath))}, ${e.message}`;
    })
    .join('; ');
}

/** The first schema finding as a cause every answer with it shares: `/resultData/state a number, expected string`. */
function ajvCause(validate: ValidateFunction, body: unknown): string {
  const first = firstPerPath(validate)[0];
  if (!first) return 'schema';
  const path = first.instancePath || '/';
  if (first.keyword === 'type') {
    const value = at(body, first.instancePath);
    return `${path} a ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}, expected ${(first.params as { type: string }).type}`;
  }
  if (first.keyword === 'required') return `${path === '/' ? '' : path}/${(first.params as { missingProperty: string }).missingProperty} absent`;
  return `${path} ${first.message ?? first.keyword}`;
}

/** Keywords whose failure changes what a client reads (a type, a field's presence, an allowed value). */
const CLIENT_VISIBLE_KEYWORDS = new Set(['type', 'required', 'enum', 'const', 'additionalProperties']);

function schemaSeverity(validate: ValidateFunction): Severity {
  return (validate.errors ?? []).some((e) => CLIENT_VISIBLE_KEYWORDS.has(e.keyword)) ? 'client-visible' : 'wording';
}

/**
 * The business code as text. A number is read as the documented code it stands for (0 → "000000"),
 * so that a deployment whose every rspCode is a number is still understood: rsp_code_is_string
 * fails once per answer, and the rest of the run can judge the rest.
 */
export function rspCodeText(raw: unknown, allowed: ReadonlySet<string>): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  const text = String(raw);
  if (typeof raw !== 'number' || allowed.has(text)) return text;
  const padded = text.padStart(6, '0');
  return allowed.has(padded) ? padded : text;
}

const GATEWAY_STATUSES = new Set([502, 503, 504]);

/** An HTML or text body on one line, cut: enough to recognise a login or gateway page. */
export function oneLine(text: string, max = 160): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
  const flat = text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
  const shown = title && !flat.startsWith(title) ? `${title}: ${flat}` : flat;
  return short(shown || '(empty body)', max);
}

/** Whether a body is an HTML page rather than data. */
export function isHtml(ex: Exchange): boolean {
  return /html/i.test(ex.contentType ?? '') || /^\s*<(!doctype|html|head|body|center)/i.test(ex.text ?? '');
}

const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

function resultDataPassage(op: OperationSpec) {
  return { section: op.section, phrase: '返回参数中的返回结果数据对象(resultData)的属性 …… 数据类型' };
}

/**
 * The checks every response gets, whatever the case. A check whose precondition fails is not
 * reported. Each carries the basis it is judged by (the document, or one of our assumptions),
 * whether a client would notice, and the cause it shares with other answers.
 */
export function responseChecks(op: OperationSpec, ex: Exchange, validators: OperationValidators): CheckResult[] {
  const checks: CheckResult[] = [];
  const add = (name: CheckName, ok: boolean, basis: Basis, expected?: string, got?: string, cause?: string, severity: Severity = NOTE_SEVERITY[name]) =>
    checks.push({ name, ok, basis, expected, got, ...(ok ? {} : { cause: cause ?? got, severity }) });
  if (ex.error !== undefined) {
    add('http_response', false, { doc: DOC.json }, 'an HTTP answer', ex.error, `no answer: ${ex.error}`);
    return checks;
  }
  const status = ex.status ?? 0;
  if (GATEWAY_STATUSES.has(status) && ex.json === undefined) {
    // A proxy's page, not the platform's answer: a transport problem to report, not the contract's.
    add('gateway_answer', false, { doc: DOC.json }, 'an answer of the platform', `HTTP ${status} page: ${oneLine(ex.text ?? '')}`, `HTTP ${status} gateway page on ${op.operationId}`);
    return checks;
  }
  const redirect = status >= 300 && status < 400 ? ` → ${ex.location ?? '(no Location)'}` : '';
  // Shared by every redirected answer: where to, without the query (which names the page asked for).
  const redirectCause = redirect ? `HTTP ${status} → ${ex.location?.split('?')[0] ?? '(no Location)'}` : '';
  add('http_no_server_error', status < 500, { doc: DOC.unexpected }, 'no HTTP 5xx (an unexpected error answers 999999 in the envelope)', `HTTP ${status}`);
  add('http_status_200', status === 200, { assumption: ASSUME.http200 }, 'HTTP 200', `HTTP ${status}${redirect}`, redirectCause || `HTTP ${status}`);
  const parsed = ex.json !== undefined;
  const notJson = isHtml(ex) ? `an HTML page: ${oneLine(ex.text ?? '')}` : `not JSON: ${oneLine(ex.text ?? '', 120)}`;
  add('json_body', parsed, { doc: DOC.json }, 'a JSON body', parsed ? 'JSON' : `HTTP ${status}${redirect}, ${notJson}`, redirect ? redirectCause : isHtml(ex) ? 'an HTML page instead of JSON' : 'a body that is not JSON');
  if (!parsed) return checks;
  add('json_content_type', JSON_MEDIA.test(ex.contentType ?? ''), { assumption: ASSUME.contentType }, 'Content-Type application/json', `Content-Type ${ex.contentType ?? '(none)'}`);

  const body = ex.json as Record<string, unknown>;
  const isObject = body !== null && typeof body === 'object' && !Array.isArray(body);
  const missing = isObject ? ['rspCode', 'rspMsg'].filter((k) => !(k in body)) : ['rspCode', 'rspMsg'];
  const msgOk = isObject && typeof body.rspMsg === 'string';
  add(
    'envelope_shape',
    isObject && missing.length === 0 && msgOk,
    { doc: DOC.envelope },
    'an object with rspCode and rspMsg (a string)',
    !isObject ? short(body) : missing.length > 0 ? `missing ${missing.join(', ')}` : `rspMsg ${describeValue(body.rspMsg)}`,
    !isObject ? 'a body that is not an object' : missing.length > 0 ? `missing ${missing.join(', ')}` : `rspMsg a ${typeof body.rspMsg}`,
  );
  if (!isObject || !('rspCode' in body)) return checks;

  const code = body.rspCode;
  add('rsp_code_is_string', typeof code === 'string', { doc: DOC.rspCodeString }, 'rspCode a string', describeValue(code), `rspCode a ${code === null ? 'null' : typeof code}`);
  const expected = op.rspCodes.map((c) => c.rspCode);
  const allowed = validators.allowedCodes;
  const text = rspCodeText(code, allowed) ?? String(code);
  add('rsp_code_documented', allowed.has(text), { doc: DOC.codes }, `a code table 4-1-2 gives section ${op.section} (or 通用): ${[...allowed].join(', ')}`, describeValue(code), `rspCode ${text} on ${op.operationId}`);
  if (allowed.has(text)) {
    add('rsp_code_expected', expected.includes(text), { assumption: ASSUME.expectedCodes }, `one of x-rsp-codes: ${expected.join(', ')}`, describeValue(code), `rspCode ${text} on ${op.operationId}`);
  }
  // Judged as the code it stands for: a numeric rspCode is rsp_code_is_string's finding, not the schema's.
  const judged = typeof code === 'number' ? { ...body, rspCode: text } : body;
  if (text === op.success.rspCode) {
    const ok = validators.documented(judged);
    add('success_schema', ok, { doc: resultDataPassage(op) }, `resultData as section ${op.section} documents it`, ok ? 'valid' : ajvErrors(validators.documented, judged), ok ? undefined : `${op.operationId} ${ajvCause(validators.documented, judged)}`);
    if (ok) {
      const full = validators.full(judged);
      add(
        'success_schema_detail',
        full,
        { assumption: ASSUME.schemaDetail },
        `the ${op.operationId} success schema of openapi.yaml`,
        full ? 'valid' : ajvErrors(validators.full, judged),
        full ? undefined : `${op.operationId} ${ajvCause(validators.full, judged)}`,
        full ? undefined : schemaSeverity(validators.full),
      );
    }
  } else {
    const ok = validators.error(judged);
    add(
      'error_envelope',
      ok,
      { assumption: ASSUME.errorEnvelope },
      `the error envelope${op.withDebugger ? ' with debuggerErrorMsg' : ''}`,
      ok ? 'valid' : ajvErrors(validators.error, judged),
      ok ? undefined : `error envelope ${ajvCause(validators.error, judged)}`,
      ok ? undefined : schemaSeverity(validators.error),
    );
  }
  return checks;
}
