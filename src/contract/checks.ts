import type { Ajv2020, ValidateFunction } from 'ajv/dist/2020.js';
import type { LoadedSpec, OperationSpec } from '../spec/load.js';
import type { CheckResult, Exchange } from './types.js';

/**
 * Every named check, with what it asserts. The name is the label in reports and what --skip
 * takes to turn a check off.
 */
export const CHECKS = {
  http_response: 'the target answered at all (no refused connection, no timeout)',
  http_status_200: 'every business outcome, errors included, is HTTP 200',
  json_body: 'the body is JSON (Content-Type application/json) as the platform sends it',
  envelope_shape: 'the body is the envelope {rspCode, rspMsg, resultData} (plus debuggerErrorMsg where documented)',
  rsp_code_is_string: 'rspCode is a string ("000000", never 0)',
  rsp_code_documented: "rspCode is one of the operation's x-rsp-codes",
  success_schema: "a success body validates against the operation's success schema",
  error_envelope: 'an error body validates against the error envelope (resultData null)',
  positive_data_acceptance: 'a valid request is accepted (the success rspCode)',
  rejects_missing_token: 'a request without token answers 500003',
  rejects_bad_token: 'a request with a garbage or unknown token answers 500003',
  rejects_bad_credentials: 'a wrong appPassword or an unknown appId answers 500002',
  token_accepted: 'a freshly issued token is accepted by another operation',
  negative_data_rejection: 'an invalid request is rejected with a documented error code, never success or 999999',
  field_error_code: 'the rejection carries the code the spec gives that field (x-umc-error-code, else 500001)',
  rsp_msg_names_field: 'a 500001 rspMsg names the field at fault',
  result_consistent: 'a success result agrees with the request (no more entries than size or count asked for)',
  flow_step: 'a stateful flow step behaves as the document says',
} as const;

export type CheckName = keyof typeof CHECKS;

/** The checks every response gets; the others state what a particular case expects. */
export const RESPONSE_CHECKS: ReadonlySet<string> = new Set([
  'http_response',
  'http_status_200',
  'json_body',
  'envelope_shape',
  'rsp_code_is_string',
  'rsp_code_documented',
  'success_schema',
  'error_envelope',
]);

/** Compiles the success and error schemas of every operation once (OpenAPI 3.1 = JSON Schema 2020-12). */
export function compileResponseValidators(ajv: Ajv2020, spec: LoadedSpec): Map<string, { success: ValidateFunction; error: ValidateFunction }> {
  const out = new Map<string, { success: ValidateFunction; error: ValidateFunction }>();
  for (const op of spec.operations) out.set(op.operationId, { success: ajv.compile(op.successSchema), error: ajv.compile(op.errorSchema) });
  return out;
}

function short(value: unknown, max = 300): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? String(value) : text.length > max ? `${text.slice(0, max)}…` : text;
}

function ajvErrors(validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .filter((e) => !['oneOf', 'anyOf', 'if'].includes(e.keyword))
    .slice(0, 4)
    .map((e) => `${e.instancePath || '/'} ${e.message}${e.keyword === 'required' ? '' : ` (got ${short(e.data, 80)})`}`)
    .join('; ');
}

const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * The checks every response gets, whatever the case: status, JSON, envelope, rspCode string and
 * documented, success or error schema. A check whose precondition fails is not reported.
 */
export function responseChecks(op: OperationSpec, ex: Exchange, validators: { success: ValidateFunction; error: ValidateFunction }): CheckResult[] {
  const checks: CheckResult[] = [];
  if (ex.error !== undefined) {
    checks.push({ name: 'http_response', ok: false, expected: 'an HTTP answer', got: ex.error });
    return checks;
  }
  checks.push({ name: 'http_status_200', ok: ex.status === 200, expected: 'HTTP 200', got: `HTTP ${ex.status}` });
  const isJsonMedia = JSON_MEDIA.test(ex.contentType ?? '');
  const parsed = ex.json !== undefined;
  checks.push({
    name: 'json_body',
    ok: isJsonMedia && parsed,
    expected: 'a JSON body with Content-Type application/json',
    got: `Content-Type ${ex.contentType ?? '(none)'}; ${parsed ? 'JSON' : `not JSON: ${short(ex.text ?? '', 120)}`}`,
  });
  if (!parsed) return checks;

  const body = ex.json as Record<string, unknown>;
  const keys = ['rspCode', 'rspMsg', 'resultData', ...(op.withDebugger ? ['debuggerErrorMsg'] : [])];
  const isObject = body !== null && typeof body === 'object' && !Array.isArray(body);
  const missing = isObject ? keys.filter((k) => !(k in body)) : keys;
  const msgOk = isObject && typeof body.rspMsg === 'string';
  checks.push({
    name: 'envelope_shape',
    ok: isObject && missing.length === 0 && msgOk,
    expected: `an object with ${keys.join(', ')} (rspMsg a string)`,
    got: !isObject ? short(body) : missing.length > 0 ? `missing ${missing.join(', ')}` : `rspMsg ${short(body.rspMsg)}`,
  });
  if (!isObject || !('rspCode' in body)) return checks;

  const code = body.rspCode;
  checks.push({ name: 'rsp_code_is_string', ok: typeof code === 'string', expected: 'rspCode a string', got: `${typeof code} ${short(code)}` });
  const documented = op.rspCodes.map((c) => c.rspCode);
  checks.push({
    name: 'rsp_code_documented',
    ok: typeof code === 'string' && documented.includes(code),
    expected: `one of ${documented.join(', ')}`,
    got: short(code),
  });
  if (code === op.success.rspCode) {
    const ok = validators.success(body);
    checks.push({ name: 'success_schema', ok, expected: `the ${op.operationId} success schema`, got: ok ? 'valid' : ajvErrors(validators.success) });
  } else {
    const ok = validators.error(body);
    checks.push({ name: 'error_envelope', ok, expected: 'the error envelope (rspCode string, rspMsg string, resultData null)', got: ok ? 'valid' : ajvErrors(validators.error) });
  }
  return checks;
}
