import { readFileSync } from 'node:fs';
import { PROFILE_FORMAT, PROFILE_VERSION, ProfileError, parseProfile, type AnswerShape, type BodyKind, type CaseProfile, type Observation, type Profile } from '../spec/deployment-profile.js';
import { loadSpec } from '../spec/load.js';
import { ConfigError } from './options.js';
import type { Secrets } from './secrets.js';
import type { CaseResult, Exchange, RunReport, Severity } from './types.js';

export { PROFILE_FORMAT, PROFILE_VERSION, type AnswerShape, type Observation, type Profile } from '../spec/deployment-profile.js';

/**
 * A deployment's profile (--save-profile): what it answered in every case, reduced to what a
 * client could depend on (status, Content-Type, codes, field types, the shape of ids) and
 * normalised so that two runs against an unchanged deployment give the same text. A later run is
 * compared with it (baseline.ts): the release check.
 */
// ---------------------------------------------------------------------------
// Scrubbing: nothing secret or run-specific enters a profile
// ---------------------------------------------------------------------------

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const HEX_RUN = /[0-9a-f]{16,}/gi;
const DATE_TIME = /\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g;
const DIGIT_RUN = /\d{7,}/g;
/** The suite's seeded filler values (long runs of lowercase letters), which vary with --seed. */
const FILLER = /[a-z]{30,}/g;

/** A literal as it appears in text, in a URL and inside a JSON string. */
function literalForms(value: string): string[] {
  return [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)];
}

/** The target's base URL, its origin and its host: a redirect or an error page may carry any of them. */
function targetLiterals(target: string): string[] {
  const base = target.replace(/\/+$/, '');
  try {
    const url = new URL(base);
    return [base, url.origin, url.host];
  } catch {
    return [base];
  }
}

/** [literal, placeholder] pairs, longest first within a group so that no longer value is cut by a shorter one. */
function replacements(values: string[], placeholder: string): [string, string][] {
  const forms = new Set(values.filter((v) => v.length >= 3).flatMap(literalForms));
  return [...forms].sort((a, b) => b.length - a.length).map((form) => [form, placeholder]);
}

/**
 * The text with its secrets masked, also through up to three rounds of percent-decoding: a
 * redirect to a login page carries the request URL, credentials included, encoded once more
 * (service=…), where a single mask would miss them.
 */
function maskedDecoding(text: string, secrets: Secrets): string {
  let out = secrets.mask(text);
  for (let round = 0; round < 3 && /%[0-9a-f]{2}/i.test(out); round++) {
    try {
      out = secrets.mask(decodeURIComponent(out));
    } catch {
      break; // a lone % ("完成率50%") is text, not an encoding
    }
  }
  return out;
}

/**
 * Normalises a text bound for a profile: secrets masked (***), then the run tag, the test
 * receivers (userIds, mobiles, publicId, templateId), the appId and the target replaced, then
 * what differs from run to run by nature (UUIDs, hex ids, times, long numbers, filler).
 */
export function makeScrubber({ secrets, runTag, target, values, appId }: { secrets: Secrets; runTag: string; target: string; values: string[]; appId?: string }): (text: string) => string {
  const literals = [
    ...replacements([runTag], '<run>'),
    ...replacements(values, '<receiver>'),
    ...replacements(appId ? [appId] : [], '<app>'),
    ...replacements(targetLiterals(target), '<target>'),
  ];
  return (text) => {
    let out = maskedDecoding(text, secrets);
    for (const [literal, placeholder] of literals) out = out.split(literal).join(placeholder);
    return out.replace(UUID, '<uuid>').replace(HEX_RUN, '<hex>').replace(DATE_TIME, '<time>').replace(DIGIT_RUN, '<n>').replace(FILLER, '<text>');
  };
}

// ---------------------------------------------------------------------------
// Observations
// ---------------------------------------------------------------------------

/** How deep a body's fields are recorded: deeper nesting is a payload, not an interface. */
const MAX_DEPTH = 8;
/** Keys whose string values are ids or tokens (msgId, messageId, template_id, publicId, userId, token…). */
const ID_KEY = /id$|token/i;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

/** A map of sets as a record: keys sorted, each set's values sorted and joined by "|". */
function flatten(map: Map<string, Set<string>>): Record<string, string> {
  return Object.fromEntries([...map.keys()].sort().map((key) => [key, [...map.get(key)!].sort().join('|')]));
}

function childPath(path: string, key: string): string {
  return path === '$' ? key : `${path}.${key}`;
}

/** Every path of the body and its JSON type; an array's items are merged under "path[]". */
function fieldTypes(body: unknown, scrub: (text: string) => string): Record<string, string> {
  const types = new Map<string, Set<string>>();
  const visit = (node: unknown, path: string, depth: number): void => {
    addTo(types, path, jsonType(node));
    if (depth >= MAX_DEPTH) return;
    if (Array.isArray(node)) for (const item of node) visit(item, `${path}[]`, depth + 1);
    else if (isObject(node)) for (const [key, value] of Object.entries(node)) visit(value, childPath(path, scrub(key)), depth + 1);
  };
  visit(body, '$', 0);
  return flatten(types);
}

/**
 * The shape of an id: its alphabet and length. Hex needs 16 characters and "alnum" takes the
 * base64url alphabet (- and _) too, so that a random id does not change shape from run to run
 * by chance (a short random id that happens to be all hex, a base64url one without - or _).
 */
function idShape(value: string): string {
  const n = value.length;
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) return 'uuid';
  if (/^\d+$/.test(value)) return `digits${n}`;
  if (n >= 16 && /^[0-9a-f]+$/i.test(value)) return `hex${n}`;
  if (/^[\w-]+$/.test(value)) return `alnum${n}`;
  return `other${n}`;
}

const ROLES: Record<string, string> = { '<app>': 'the-app', '<receiver>': 'a-test-receiver' };

/** The shapes of the ids and tokens under resultData, by path. */
function idShapes(resultData: unknown, scrub: (text: string) => string): Record<string, string> {
  const shapes = new Map<string, Set<string>>();
  const visit = (node: unknown, path: string, key: string, depth: number): void => {
    // The caller's own appId, or a test person's id, comes back as it was sent: not an id the deployment chose.
    if (typeof node === 'string' && ID_KEY.test(key)) addTo(shapes, path, ROLES[scrub(node)] ?? idShape(node));
    if (depth >= MAX_DEPTH) return;
    if (Array.isArray(node)) for (const item of node) visit(item, `${path}[]`, key, depth + 1);
    else if (isObject(node)) for (const [k, value] of Object.entries(node)) visit(value, `${path}.${scrub(k)}`, k, depth + 1);
  };
  visit(resultData, 'resultData', 'resultData', 1);
  return flatten(shapes);
}

function bodyKind(ex: Exchange): BodyKind {
  if (ex.json !== undefined) return 'json';
  const text = ex.text ?? '';
  if (text.trim() === '') return 'empty';
  return /html/i.test(ex.contentType ?? '') || /^\s*<(!doctype|html)/i.test(text) ? 'html' : 'text';
}

/** The transport problem as a kind; a timeout without its configured length (--timeout differs between runs). */
function transportKind(error: string, scrub: (text: string) => string): string {
  return /^no answer within/.test(error) ? 'timeout' : scrub(error);
}

function observe(ex: Exchange, scrub: (text: string) => string): Observation {
  if (ex.error !== undefined) return { transport: transportKind(ex.error, scrub) };
  const status = ex.status ?? 0;
  const shape: AnswerShape = { operation: ex.operationId, status, contentType: ex.contentType ? ex.contentType.toLowerCase().replace(/\s+/g, '') : null, body: bodyKind(ex) };
  if (status >= 300 && status < 400 && ex.location !== undefined) shape.location = scrub(ex.location);
  if (shape.body !== 'json') return shape;
  const json = ex.json;
  if (isObject(json) && 'rspCode' in json) shape.rspCode = { type: json.rspCode === null ? 'null' : typeof json.rspCode, value: String(json.rspCode) };
  if (isObject(json) && typeof json.rspMsg === 'string') shape.rspMsg = scrub(json.rspMsg);
  shape.fields = fieldTypes(json, scrub);
  if (isObject(json) && json.resultData !== undefined) {
    const ids = idShapes(json.resultData, scrub);
    if (Object.keys(ids).length > 0) shape.ids = ids;
  }
  return shape;
}

/** A step is what a request was for: "progress #3" and "send template (qa001)" are "progress" and "send template". */
export function stepOf(label: string): string {
  return label.replace(/\s*\([^()]*\)$/, '').replace(/\s*#\d+$/, '');
}

// ---------------------------------------------------------------------------
// The profile
// ---------------------------------------------------------------------------

function caseProfile(result: CaseResult, scrub: (text: string) => string): CaseProfile {
  const steps: Record<string, Observation[]> = {};
  const seen = new Map<string, Set<string>>();
  // Prerequisites are judged (and profiled) by the cases that test them.
  for (const ex of result.exchanges.filter((e) => !e.prerequisite)) {
    const step = scrub(stepOf(ex.label));
    const observation = observe(ex, scrub);
    const text = JSON.stringify(observation);
    let known = seen.get(step);
    if (!known) {
      seen.set(step, (known = new Set()));
      steps[step] = [];
    }
    if (!known.has(text)) {
      known.add(text);
      steps[step]!.push(observation);
    }
  }
  const notes = new Map<string, { check: string; severity?: Severity }>();
  for (const check of result.checks.filter((c) => c.verdict === 'note')) {
    notes.set(`${check.name} ${check.severity}`, check.severity ? { check: check.name, severity: check.severity } : { check: check.name });
  }
  return {
    status: result.status,
    operation: result.id.split('/')[1] ?? '',
    ...(result.field !== undefined ? { field: result.field } : {}),
    notes: [...notes.values()],
    steps,
  };
}

/** The cases that fetch a token by each method. */
const TOKEN_CASES = { POST: 'token/getThirdAPIToken/issues-token', GET: 'token/getThirdAPITokenByGet/issues-token' } as const;

/** The answer carried the operation's success rspCode and a token. */
function issuedToken(ex: Exchange): boolean {
  const body = ex.json as { rspCode?: unknown; resultData?: { token?: unknown } } | undefined;
  const success = loadSpec().byId.get(ex.operationId)?.success.rspCode;
  return success !== undefined && body?.rspCode === success && typeof body.resultData?.token === 'string' && body.resultData.token !== '';
}

function tokenMethods(results: CaseResult[]): Profile['tokenMethods'] {
  const methods: Profile['tokenMethods'] = {};
  for (const [method, id] of Object.entries(TOKEN_CASES) as [keyof typeof TOKEN_CASES, string][]) {
    const result = results.find((r) => r.id === id);
    if (result) methods[method] = result.exchanges.some(issuedToken);
  }
  return methods;
}

/** The run's profile; every text in it has passed through scrub (makeScrubber). */
export function buildProfile(report: RunReport, scrub: (text: string) => string, tool: string): Profile {
  return {
    format: PROFILE_FORMAT,
    version: PROFILE_VERSION,
    tool,
    savedAt: new Date().toISOString(),
    mode: report.mode,
    isMock: report.isMock,
    seed: report.seed,
    cases: Object.fromEntries(report.results.map((r) => [r.id, caseProfile(r, scrub)])),
    tokenMethods: tokenMethods(report.results),
  };
}

export function profileText(profile: Profile): string {
  return `${JSON.stringify(profile, null, 2)}\n`;
}

// ---------------------------------------------------------------------------
// Reading a saved profile (--baseline FILE)
// ---------------------------------------------------------------------------

/** A saved profile, or a ConfigError (exit 2) that names the file and what is wrong with it. */
export function readProfile(file: string): Profile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? '文件不存在' : code === 'EACCES' ? '没有读取权限' : code === 'EISDIR' ? '这是一个目录' : (err as Error).message;
    throw new ConfigError(`读不了档案 ${file}：${why}`);
  }
  try {
    return parseProfile(text, file);
  } catch (err) {
    if (err instanceof ProfileError) throw new ConfigError(err.message);
    throw err;
  }
}
