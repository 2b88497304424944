import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { DocumentCode, JsonSchema, LoadedSpec, OperationSpec } from '../spec/load.js';
import { ASSUME, DOC } from './basis.js';
import type { Basis, CheckResult, Exchange } from './types.js';

// ajv-formats is CommonJS; under ESM its function sits on .default.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => void;

/**
 * Every named check, with what it asserts. The name is the label in reports and what --skip
 * takes to turn a check off.
 */
export const CHECKS = {
  http_response: 'the target answered at all (no refused connection, no timeout)',
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
  flow_step: 'a stateful flow step behaves as the document says',
} as const;

export type CheckName = keyof typeof CHECKS;

/** The checks every response gets; the others state what a particular case expects. */
export const RESPONSE_CHECKS: ReadonlySet<string> = new Set([
  'http_response',
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
  /** Codes table 4-1-2 allows for this operation's section (with 通用). */
  tableCodes: Set<string>;
}

/** Compiles every operation's validators once (OpenAPI 3.1 = JSON Schema 2020-12). */
export function compileResponseValidators(ajv: Ajv2020, spec: LoadedSpec): Map<string, OperationValidators> {
  const out = new Map<string, OperationValidators>();
  for (const op of spec.operations) {
    out.set(op.operationId, {
      documented: ajv.compile(documentedSchema(op.successSchema)),
      full: ajv.compile(op.successSchema),
      error: ajv.compile(op.errorSchema),
      tableCodes: tableCodesFor(spec.documentCodes, op.section),
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

function ajvErrors(validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .filter((e) => !['oneOf', 'anyOf', 'if'].includes(e.keyword))
    .slice(0, 4)
    .map((e) => `${e.instancePath || '/'} ${e.message}`)
    .join('; ');
}

const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

function resultDataPassage(op: OperationSpec) {
  return { section: op.section, phrase: '返回参数中的返回结果数据对象(resultData)的属性 …… 数据类型' };
}

/**
 * The checks every response gets, whatever the case. A check whose precondition fails is not
 * reported. Each carries the basis it is judged by: the document, or one of our assumptions.
 */
export function responseChecks(op: OperationSpec, ex: Exchange, validators: OperationValidators): CheckResult[] {
  const checks: CheckResult[] = [];
  const add = (name: string, ok: boolean, basis: Basis, expected?: string, got?: string) => checks.push({ name, ok, basis, expected, got });
  if (ex.error !== undefined) {
    add('http_response', false, { doc: DOC.json }, 'an HTTP answer', ex.error);
    return checks;
  }
  const status = ex.status ?? 0;
  add('http_no_server_error', status < 500, { doc: DOC.unexpected }, 'no HTTP 5xx (an unexpected error answers 999999 in the envelope)', `HTTP ${status}`);
  add('http_status_200', status === 200, { assumption: ASSUME.http200 }, 'HTTP 200', `HTTP ${status}`);
  const parsed = ex.json !== undefined;
  add('json_body', parsed, { doc: DOC.json }, 'a JSON body', parsed ? 'JSON' : `not JSON: ${short(ex.text ?? '', 120)}`);
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
    !isObject ? short(body) : missing.length > 0 ? `missing ${missing.join(', ')}` : `rspMsg ${short(body.rspMsg)}`,
  );
  if (!isObject || !('rspCode' in body)) return checks;

  const code = body.rspCode;
  add('rsp_code_is_string', typeof code === 'string', { doc: DOC.rspCodeString }, 'rspCode a string', `${typeof code} ${short(code)}`);
  const text = String(code);
  const expected = op.rspCodes.map((c) => c.rspCode);
  const allowed = new Set([...validators.tableCodes, ...expected]);
  add('rsp_code_documented', allowed.has(text), { doc: DOC.codes }, `a code table 4-1-2 gives section ${op.section} (or 通用): ${[...allowed].join(', ')}`, short(code));
  if (allowed.has(text)) {
    add('rsp_code_expected', expected.includes(text), { assumption: ASSUME.expectedCodes }, `one of x-rsp-codes: ${expected.join(', ')}`, short(code));
  }
  if (text === op.success.rspCode) {
    const ok = validators.documented(body);
    add('success_schema', ok, { doc: resultDataPassage(op) }, `resultData as section ${op.section} documents it`, ok ? 'valid' : ajvErrors(validators.documented));
    if (ok) {
      const full = validators.full(body);
      add('success_schema_detail', full, { assumption: ASSUME.schemaDetail }, `the ${op.operationId} success schema of openapi.yaml`, full ? 'valid' : ajvErrors(validators.full));
    }
  } else {
    const ok = validators.error(body);
    add('error_envelope', ok, { assumption: ASSUME.errorEnvelope }, `the error envelope${op.withDebugger ? ' with debuggerErrorMsg' : ''}`, ok ? 'valid' : ajvErrors(validators.error));
  }
  return checks;
}
