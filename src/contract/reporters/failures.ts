import { RESPONSE_CHECKS } from '../checks.js';
import { toCurl } from '../curl.js';
import type { Secrets } from '../secrets.js';
import type { CaseResult, CheckResult, Exchange } from '../types.js';

export interface FailureDetail {
  check: string;
  expected?: string;
  got?: string;
  operation?: string;
  step?: string;
  httpStatus?: number;
  ms?: number;
  response?: string;
  curl?: string;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…（共${text.length}字符）` : text;
}

/**
 * What a person needs to act on each failed check: the check, expected vs got, the answer, a
 * curl. The case's own expectation comes first, then what every response must satisfy. Masked.
 */
export function failureDetails(result: CaseResult, secrets: Secrets): FailureDetail[] {
  const failed = result.checks.filter((c) => !c.ok);
  return [...failed.filter((c) => !RESPONSE_CHECKS.has(c.name)), ...failed.filter((c) => RESPONSE_CHECKS.has(c.name))]
    .map((c: CheckResult) => {
      const ex: Exchange | undefined = c.exchange === undefined ? undefined : result.exchanges[c.exchange];
      return {
        check: c.name,
        expected: c.expected === undefined ? undefined : secrets.mask(c.expected),
        got: c.got === undefined ? undefined : secrets.mask(c.got),
        operation: ex?.operationId,
        step: ex?.label,
        httpStatus: ex?.status,
        ms: ex?.ms,
        response: ex ? secrets.mask(clip(ex.error ?? ex.text ?? '', 600)) : undefined,
        curl: ex ? toCurl(ex.request, secrets) : undefined,
      };
    });
}

export const CURL_HINT = 'set UMC_APP_PASSWORD to the appPassword and UMC_TOKEN to a fresh token from /msg/getThirdAPIToken';

/** Keeps only characters XML 1.0 and terminals can carry. */
export function printable(text: string): string {
  return text.replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
