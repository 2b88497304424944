import { cite, describeBasis } from '../basis.js';
import { isHtml, oneLine } from '../checks.js';
import { causeOf } from '../causes.js';
import { toCurl } from '../curl.js';
import type { Secrets } from '../secrets.js';
import type { CaseResult, CheckResult, Exchange, RunReport, Severity, SharedCause, Verdict } from '../types.js';

export const VERDICTS_EXPLAINED =
  "fail = breaks what the vendor document states, or changed since the baseline (exit 1); note = differs from one of umc-mock's assumptions, marked client-visible or wording (exit 0 unless --fail-on client-visible; --strict makes every note a fail); inconclusive = the case could not tell, with the reason (never a pass); error = a transport or gateway problem kept it from being judged (exit 1)";

export const CURL_HINT = 'set UMC_APP_PASSWORD to the appPassword and UMC_TOKEN to a fresh token from /msg/getThirdAPIToken';

/** Keeps only characters XML 1.0 and terminals can carry. */
export function printable(text: string): string {
  return text.replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…（共${text.length}字符）` : text;
}

/**
 * The answer as a person may read it, on one line: masked (re-serialised if a secret hid behind
 * JSON escapes), an HTML page as its title and text, cut.
 */
export function maskedResponse(ex: Exchange, secrets: Secrets, max = 600): string {
  if (ex.error) return secrets.mask(ex.error);
  if (ex.json === undefined) return secrets.mask(isHtml(ex) ? `(HTML) ${oneLine(ex.text ?? '', 200)}` : oneLine(ex.text ?? '', 200));
  return clip(secrets.mask(JSON.stringify(secrets.maskValue(ex.json))), max);
}

/** One request and its answer, printed once per case whatever number of findings point at it. */
export interface ExchangeView {
  index: number;
  operation: string;
  step: string;
  request: string;
  status?: number;
  contentType?: string | null;
  location?: string;
  attempts?: number;
  prerequisite?: boolean;
  ms: number;
  response: string;
  curl: string;
}

/** A check that did not hold, as the reports print it. */
export interface FindingView {
  check: string;
  verdict: Verdict;
  severity?: Severity;
  /** The document passage, assumption or baseline it is measured against. */
  basis: string;
  expected?: string;
  got?: string;
  exchange?: number;
  /** The shared cause it belongs to (stated once at the top). */
  cause?: SharedCause;
  /** One readable sentence: what was expected, what came, what it rests on. */
  sentence: string;
}

export interface CaseView {
  result: CaseResult;
  fails: FindingView[];
  errors: FindingView[];
  notes: FindingView[];
  /** The requests its fails and errors point at (an inconclusive case: its last one), each once. */
  exchanges: ExchangeView[];
  /** Every fail and error of the case is a shared cause's: the case is one line under it. */
  onlyShared: boolean;
}

export function exchangeView(ex: Exchange, index: number, secrets: Secrets): ExchangeView {
  const query = ex.request.query.length > 0 ? `?${new URLSearchParams(ex.request.query)}` : '';
  return {
    index,
    operation: ex.operationId,
    step: ex.label,
    request: secrets.mask(`${ex.request.method} ${ex.request.url}${query}`),
    status: ex.status,
    contentType: ex.contentType,
    location: ex.location === undefined ? undefined : secrets.mask(ex.location),
    attempts: ex.attempts && ex.attempts > 1 ? ex.attempts : undefined,
    prerequisite: ex.prerequisite,
    ms: ex.ms,
    response: maskedResponse(ex, secrets),
    curl: toCurl(ex.request, secrets),
  };
}

/** "HTTP 302 → /cas/login (text/html) in 3 ms: …", "connection reset (3 attempts)". */
export function answerLine(v: ExchangeView): string {
  if (v.status === undefined) return `${v.response}${v.attempts ? ` (${v.attempts} attempts)` : ''}`;
  const where = v.location ? ` → ${v.location}` : '';
  return `HTTP ${v.status}${where} (${v.contentType ?? 'no Content-Type'}) in ${v.ms} ms${v.attempts ? ` (${v.attempts} attempts)` : ''}: ${v.response}`;
}

function finding(c: CheckResult, result: CaseResult, report: RunReport, secrets: Secrets): FindingView {
  const basis = describeBasis(c.basis);
  const expected = c.expected === undefined ? undefined : secrets.mask(c.expected);
  const got = c.got === undefined ? undefined : secrets.mask(c.got);
  const said = [expected !== undefined ? `expected ${expected}` : '', got !== undefined ? `got ${got}` : ''].filter(Boolean).join('; ');
  return {
    check: c.name,
    verdict: c.verdict!,
    severity: c.severity,
    basis,
    expected,
    got,
    exchange: c.exchange,
    cause: causeOf(report.causes, result.id, c),
    sentence: printable(`${c.name}: ${said || 'did not hold'} (${basis})`),
  };
}

/** What the reports print of one case: its findings by verdict (the case's own first), and the requests they point at, once. */
export function caseView(result: CaseResult, report: RunReport, secrets: Secrets): CaseView {
  const byVerdict = (verdict: Verdict) => {
    const found = result.checks.filter((c) => c.verdict === verdict).map((c) => finding(c, result, report, secrets));
    // The case's own expectation first, then what every answer must satisfy.
    return [...found.filter((f) => !RESPONSE_ORDER.has(f.check)), ...found.filter((f) => RESPONSE_ORDER.has(f.check))];
  };
  const fails = byVerdict('fail');
  const errors = byVerdict('error');
  const notes = byVerdict('note');
  const indexes = new Set<number>();
  // Notes say what came in their own words; fails and errors show the request and the answer.
  for (const f of [...fails, ...errors]) if (f.exchange !== undefined && !f.cause) indexes.add(f.exchange);
  if (result.status === 'inconclusive' && result.exchanges.length > 0) indexes.add(result.exchanges.length - 1);
  const exchanges = [...indexes].sort((a, b) => a - b).map((i) => exchangeView(result.exchanges[i]!, i, secrets));
  const serious = [...fails, ...errors];
  return { result, fails, errors, notes, exchanges, onlyShared: serious.length > 0 && serious.every((f) => f.cause !== undefined) };
}

const RESPONSE_ORDER = new Set(['http_response', 'gateway_answer', 'http_no_server_error', 'http_status_200', 'json_body', 'json_content_type', 'envelope_shape', 'rsp_code_is_string', 'rsp_code_documented', 'rsp_code_expected', 'success_schema', 'success_schema_detail', 'error_envelope']);

/** The passage a case enforces, as reports print it. */
export function casePassage(result: CaseResult): string {
  return result.doc ? cite(result.doc) : 'none: the case checks assumptions only (notes)';
}

/** A shared cause in one line: "C1 fail rsp_code_is_string: rspCode a number (42 cases, 97 answers)". */
export function causeLine(c: SharedCause): string {
  return `${c.id} ${c.verdict} ${c.check}: ${c.cause} (${c.cases.length} cases, ${c.answers} answers)`;
}

/** The shared cause's first occurrence: its case's finding and the request behind it. */
export function causeExample(c: SharedCause, report: RunReport, secrets: Secrets): { finding?: FindingView; exchange?: ExchangeView } {
  const result = report.results.find((r) => r.id === c.example.case);
  if (!result) return {};
  const check = result.checks.find((k) => k.name === c.check && k.cause === c.cause && k.exchange === c.example.exchange);
  const ex = c.example.exchange === undefined ? undefined : result.exchanges[c.example.exchange];
  return { finding: check ? { ...finding(check, result, report, secrets), cause: undefined } : undefined, exchange: ex ? exchangeView(ex, c.example.exchange!, secrets) : undefined };
}

/** "a, b, c (+39 more)". */
export function caseList(ids: string[], max = 6): string {
  return `${ids.slice(0, max).join(', ')}${ids.length > max ? ` (+${ids.length - max} more)` : ''}`;
}

/** A security finding in one line. */
export function securityLine(f: RunReport['security'][number]): string {
  const what = f.secret === 'appPassword' ? 'the appPassword' : 'a live token';
  return `the answer to ${f.operation} (${f.step}) echoes ${what} in ${f.where} (first seen in ${f.case}); reports show it masked`;
}

