import { ASSUME } from './basis.js';
import type { CheckName } from './checks.js';
import type { Assumption, Basis, CaseContext, Exchange, Passage } from './types.js';

/** positive_data_acceptance: a valid request gets the operation's success code. */
export function expectSuccess(ctx: CaseContext, ex: Exchange, basis?: Basis): boolean {
  const op = ctx.op(ex.operationId);
  const code = ctx.rspCode(ex);
  return ctx.check(
    'positive_data_acceptance',
    code === op.success.rspCode,
    { expected: `rspCode ${op.success.rspCode} (${op.success.rspMsg})`, got: `rspCode ${code} ${String((ex.json as { rspMsg?: unknown } | undefined)?.rspMsg ?? '')}` },
    basis,
  );
}

/** What a rejection case expects: the rule it breaks and the code openapi.yaml gives it. */
export interface ExpectedRejection {
  field: string;
  /** The rspCode openapi.yaml gives this rejection. */
  code: string;
  /** The document's passage for the rule; without it, even an acceptance is only a note. */
  doc?: Passage;
  /** The rule as our assumption, when the document does not state it. */
  assumption?: Assumption;
  /** That this code, rather than another documented rejection, comes. */
  codeAssumption: Assumption;
  /**
   * Set when the document ties this code to the situation and clients branch on it (500003 for a
   * token it did not issue): another code is then a fail citing this passage, not a note.
   */
  requiredCode?: Passage;
  /** The check that judges acceptance (negative_data_rejection, rejects_missing_token, …). */
  check?: CheckName;
  /** false when the rule is not about one parameter (a malformed body): no rspMsg check. */
  namesField?: boolean;
}

/** Codes that say "this request's parameters are wrong": the rule under test was reached. */
function isRejectionCode(ctx: CaseContext, code: string, expected: ExpectedRejection): boolean {
  if (code === '500001' || code === expected.code) return true;
  if (expected.field === 'token' && code === '500003') return true;
  // 600007 缺少对应的keyword的参数 is the table's code for a template data that does not fit.
  if (expected.field === 'data' && code === '600007') return true;
  // 5.1.1's credentials: "无效的应用ID或密钥" is a rejection of exactly these fields.
  if ((expected.field === 'appId' || expected.field === 'appPassword') && code === '500002') return true;
  // 600004–600006 are the table's own "…不能为空" codes; 500012 is "不合法的请求内容".
  const text = ctx.spec.documentCodes.find((c) => c.rspCode === code)?.text ?? '';
  return /不能为空$/.test(text) || code === '500012';
}

/**
 * A request the document forbids:
 * - accepted, 999999 or a code outside table 4-1-2 → the acceptance check fails (a fail when the
 *   document states the rule, a note when the rule is ours);
 * - another documented code that is no parameter rejection (500007, 400002, 600000, …) → the
 *   request stopped at a different check before this rule: inconclusive, with that reason;
 * - a rejection with another code than openapi.yaml's → field_error_code: a note, or a fail where
 *   the code is one clients act on (requiredCode); a 500001 whose rspMsg does not name the field →
 *   rsp_msg_names_field note.
 */
export function expectRejection(ctx: CaseContext, ex: Exchange, expected: ExpectedRejection): boolean {
  const op = ctx.op(ex.operationId);
  const code = ctx.rspCode(ex);
  const documented = code !== undefined && (ctx.spec.documentCodes.some((c) => c.rspCode === code) || op.rspCodes.some((c) => c.rspCode === code));
  const basis: Basis = expected.doc ? { doc: expected.doc } : { assumption: expected.assumption! };
  const refused = code !== undefined && code !== op.success.rspCode && code !== '999999' && documented;
  const rejected = ctx.check(
    expected.check ?? 'negative_data_rejection',
    refused,
    {
      expected: `a rejection of ${expected.field} (rspCode ${expected.code} or another documented rejection; never success or 999999)`,
      got: code === op.success.rspCode ? `accepted: rspCode ${code}` : `rspCode ${code}${documented ? '' : ' (not in table 4-1-2)'}`,
    },
    basis,
  );
  if (!refused) return false;
  if (!isRejectionCode(ctx, code!, expected)) {
    const text = ctx.spec.documentCodes.find((c) => c.rspCode === code)?.text ?? '';
    ctx.inconclusive(`answered ${code} (${text}) before reaching the ${expected.field} rule`);
  }
  ctx.check(
    'field_error_code',
    code === expected.code,
    { expected: `rspCode ${expected.code} for ${expected.field}${expected.requiredCode ? ' (clients act on this code)' : ''}`, got: `rspCode ${code}` },
    expected.requiredCode ? { doc: expected.requiredCode } : { assumption: expected.codeAssumption },
  );
  if (code === '500001' && expected.namesField !== false) {
    const msg = String((ex.json as { rspMsg?: unknown }).rspMsg ?? '');
    ctx.check('rsp_msg_names_field', msg.includes(expected.field), { expected: `rspMsg naming ${expected.field}`, got: msg }, { assumption: ASSUME.namesField });
  }
  return rejected;
}
