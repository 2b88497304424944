import type { CaseContext, Exchange } from './types.js';

/** positive_data_acceptance: a valid request gets the operation's success code. */
export function expectSuccess(ctx: CaseContext, ex: Exchange): boolean {
  const op = ctx.op(ex.operationId);
  const code = ctx.rspCode(ex);
  return ctx.check('positive_data_acceptance', code === op.success.rspCode, {
    expected: `rspCode ${op.success.rspCode} (${op.success.rspMsg})`,
    got: `rspCode ${code} ${String((ex.json as { rspMsg?: unknown } | undefined)?.rspMsg ?? '')}`,
  });
}

/** rejects_missing_token / rejects_bad_token: the answer is 500003. */
export function expectTokenRefused(ctx: CaseContext, ex: Exchange, check: 'rejects_missing_token' | 'rejects_bad_token'): boolean {
  const code = ctx.rspCode(ex);
  return ctx.check(check, code === '500003', { expected: 'rspCode 500003 (无效的请求凭证)', got: `rspCode ${code}` });
}

/**
 * negative_data_rejection (never success, never 999999, a documented code), then
 * field_error_code (the code the spec gives this field) and, for 500001, rsp_msg_names_field.
 */
export function expectRejection(ctx: CaseContext, ex: Exchange, expected: { field: string; code: string }): boolean {
  const op = ctx.op(ex.operationId);
  const code = ctx.rspCode(ex);
  const documented = op.rspCodes.some((c) => c.rspCode === code);
  const rejected = ctx.check('negative_data_rejection', code !== undefined && code !== op.success.rspCode && code !== '999999' && documented, {
    expected: `a documented rejection of ${expected.field} (rspCode ${expected.code})`,
    got: code === op.success.rspCode ? `accepted: rspCode ${code}` : `rspCode ${code}${documented ? '' : ' (undocumented)'}`,
  });
  const sameCode = ctx.check('field_error_code', code === expected.code, { expected: `rspCode ${expected.code} for ${expected.field}`, got: `rspCode ${code}` });
  if (expected.code === '500001' && code === '500001') {
    const msg = String((ex.json as { rspMsg?: unknown }).rspMsg ?? '');
    ctx.check('rsp_msg_names_field', msg.includes(expected.field), { expected: `rspMsg naming ${expected.field}`, got: msg });
  }
  return rejected && sameCode;
}
