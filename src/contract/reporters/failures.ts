import { cite, describeBasis } from '../basis.js';
import { RESPONSE_CHECKS } from '../checks.js';
import { toCurl } from '../curl.js';
import type { Secrets } from '../secrets.js';
import type { CaseResult, CheckResult, Exchange, Verdict } from '../types.js';

export interface FailureDetail {
  check: string;
  verdict: Verdict;
  /** The document passage (a fail) or the assumption (a note) the check is measured against. */
  basis: string;
  expected?: string;
  got?: string;
  operation?: string;
  step?: string;
  httpStatus?: number;
  ms?: number;
  response?: string;
  curl?: string;
}

export const VERDICTS_EXPLAINED =
  'fail = breaks what the vendor document states (exit 1); note = differs from one of umc-mock\'s assumptions (never exit 1; --strict makes it a fail); inconclusive = the case could not tell, with the reason (never a pass)';

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…（共${text.length}字符）` : text;
}

/** The answer as a person may read it: masked, and re-serialised if a secret hid behind JSON escapes. */
export function maskedResponse(ex: Exchange, secrets: Secrets, max = 600): string {
  if (ex.error) return secrets.mask(ex.error);
  const masked = secrets.mask(ex.text ?? '');
  if (ex.json !== undefined && JSON.stringify(ex.json) !== JSON.stringify(secrets.maskValue(ex.json))) {
    try {
      if (JSON.stringify(JSON.parse(masked)) !== JSON.stringify(secrets.maskValue(ex.json))) return clip(JSON.stringify(secrets.maskValue(ex.json)), max);
    } catch {
      return clip(JSON.stringify(secrets.maskValue(ex.json)), max);
    }
  }
  return clip(masked, max);
}

/**
 * What a person needs to act on each check that did not hold, fails or notes: the check, what it
 * is measured against, expected vs got, the answer, a curl. The case's own expectation comes
 * first, then what every response must satisfy. Masked.
 */
export function findings(result: CaseResult, secrets: Secrets, verdict: Verdict): FailureDetail[] {
  const found = result.checks.filter((c) => c.verdict === verdict);
  return [...found.filter((c) => !RESPONSE_CHECKS.has(c.name)), ...found.filter((c) => RESPONSE_CHECKS.has(c.name))].map((c: CheckResult) => {
    const ex: Exchange | undefined = c.exchange === undefined ? undefined : result.exchanges[c.exchange];
    return {
      check: c.name,
      verdict,
      basis: describeBasis(c.basis),
      expected: c.expected === undefined ? undefined : secrets.mask(c.expected),
      got: c.got === undefined ? undefined : secrets.mask(c.got),
      operation: ex?.operationId,
      step: ex?.label,
      httpStatus: ex?.status,
      ms: ex?.ms,
      response: ex ? maskedResponse(ex, secrets) : undefined,
      curl: ex && verdict === 'fail' ? toCurl(ex.request, secrets) : undefined,
    };
  });
}

/** The passage a case enforces, as reports print it. */
export function casePassage(result: CaseResult): string {
  return result.doc ? cite(result.doc) : 'none: the case checks assumptions only (notes)';
}

export const CURL_HINT = 'set UMC_APP_PASSWORD to the appPassword and UMC_TOKEN to a fresh token from /msg/getThirdAPIToken';

/** Keeps only characters XML 1.0 and terminals can carry. */
export function printable(text: string): string {
  return text.replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
