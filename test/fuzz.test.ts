// Bad input never breaks the mock: generated requests for every operation (wrong types, missing,
// blank and duplicated parameters, huge values, unicode, __proto__ keys, malformed form and JSON
// bodies, wrong content types, methods and paths) always get an answer, never HTTP 5xx, always
// the documented envelope (or the servlet 404/405 body), and never success for a request the
// document forbids. Seeded. `npm test` sends about a thousand; `npm run fuzz` sends 100,000
// (UMC_FUZZ_RUNS sets the total).
import t from 'tap';
import fc from 'fast-check';
import { loadSpec, type OperationSpec, type ParamSpec } from '../src/spec/load.js';
import { DEMO_APP, getToken, startTestMock } from './helpers/mock.js';
import { advance, sendParams, sent } from './helpers/messaging.js';
import { ACCOUNTS, templateBody } from './helpers/wechat.js';

const spec = loadSpec();
const TOTAL_RUNS = Number(process.env.UMC_FUZZ_RUNS ?? 1000);
const SEED = Number(process.env.UMC_FUZZ_SEED ?? 20261128);
/** One share per operation and one for wrong methods and paths. */
const RUNS_PER_PROPERTY = Math.max(10, Math.ceil(TOTAL_RUNS / (spec.operations.length + 1)));
const BODY_LIMIT = 2 * 1024 * 1024;
const HUGE = 'x'.repeat(BODY_LIMIT + 1024);
const MAX_HEADER_BYTES = 16 * 1024;

type Pairs = [string, string][];

/** A request every operation accepts in the default scenario (or refuses for business reasons only). */
function baseParams(op: OperationSpec, ctx: { token: string; msgId: string; todoId: string }): Record<string, unknown> {
  const { token } = ctx;
  switch (op.operationId) {
    case 'getThirdAPIToken':
    case 'getThirdAPITokenByGet':
      return { ...DEMO_APP };
    case 'getPublicList':
      return { token };
    case 'getTemplateList':
      return { token, publicId: ACCOUNTS.main };
    case 'replyMessage':
      return { token, count: '10' };
    case 'getProgress':
      return { token, msgId: ctx.msgId };
    case 'getUserMessageCount':
      return { token, account: '20230001', type: '1' };
    case 'getUserMessageList':
      return { token, account: '20230001', page: '1', size: '10' };
    case 'sendMessageApi':
      return sendParams(token, { sendChannel: 'Portal,Mail', summary: '摘要', isReply: '0' });
    case 'sendMessageBySMSApi':
      return { token, msgContent: '您的验证码是123456，5分钟内有效。', receivers: JSON.stringify([{ name: '张三', mobile: '13800000000' }]) };
    case 'sendTemplateApi':
      return templateBody(token);
    case 'cardMessage':
      return { token, userList: '20230001|20230002', title: '会议通知', description: '周五下午三点开会', url: 'https://oa.example.edu.cn/meeting/1', btnTxt: '查看' };
    case 'checkMessageStatusApi':
      return { token, msgId: ctx.todoId, messageType: '1', state: '2' };
    default:
      throw new Error(`no base request for ${op.operationId}`);
  }
}

// --- values --------------------------------------------------------------------------------------
const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '\t', '%', '%zz', '%E4%B8', '%00', '+', '&', '=', '[', '[{', '{"a":', 'null', 'true', '[]', '{}', '__proto__', 'constructor', '【研发部】', '\u0000', '\ud800', '\u202e', '😀'.repeat(30), '-1', '0', '1e400', 'NaN', '9'.repeat(40)),
  fc.integer().map(String),
  fc.double().map(String),
  fc.json({ maxDepth: 3 }),
  fc.nat({ max: 20000 }).map((n) => '字'.repeat(n)),
);
const nastyName = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'token[]', 'x'), fc.string({ maxLength: 12 }));
/** A JSON value of any type, for the JSON operations. */
const nastyJson = fc.oneof(nastyString, fc.jsonValue({ maxDepth: 3 }), fc.constant({ __proto__: { token: 'x' } }), fc.constant(JSON.parse('{"__proto__":{"polluted":1}}')));

// --- what the document forbids -------------------------------------------------------------------
/** A value the document forbids for this parameter, if it has a rule we can break. */
function forbiddenValues(p: ParamSpec): fc.Arbitrary<string>[] {
  const s = p.schema as Record<string, any>;
  const out: fc.Arbitrary<string>[] = [fc.constantFrom('', ' ', '  \t ')]; // blank = absent
  if (typeof s.maxLength === 'number') out.push(fc.integer({ min: 1, max: 300 }).map((k) => '长'.repeat(s.maxLength + k)));
  if (typeof s['x-umc-max-bytes'] === 'number') out.push(fc.integer({ min: 1, max: 300 }).map((k) => `https://example.edu.cn/${'b'.repeat(s['x-umc-max-bytes'] + k)}`));
  if (Array.isArray(s.enum)) {
    out.push(nastyString.filter((v) => v.trim() !== '' && !s.enum.includes(v)));
  }
  if (s.type === 'integer') {
    const bad = ['abc', '1.5', '一', '0x', 'true'];
    if (typeof s.minimum === 'number') bad.push(String(s.minimum - 1), String(s.minimum - 1000));
    if (typeof s.maximum === 'number') bad.push(String(s.maximum + 1), String(s.maximum + 1000));
    out.push(fc.constantFrom(...bad));
  }
  return out;
}

interface Generated {
  /** Parameters in the order they are sent (duplicates kept). */
  pairs: Pairs;
  /** Why the document forbids this request, when it does. */
  forbidden?: string;
  /** Raw body overriding the pairs' encoding, and its content type. */
  rawBody?: string;
  contentType?: string | null;
  /** Put the pairs in the query string rather than the body (servlet merge). */
  inQuery: boolean;
  /** Send pairs unencoded, as hand-built bodies do. */
  raw: boolean;
}

function toPairs(params: Record<string, unknown>): Pairs {
  return Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]);
}

/** Generated requests for one operation: mostly its base request with one or more mutations. */
function requests(op: OperationSpec, base: Record<string, unknown>): fc.Arbitrary<Generated> {
  const basePairs = toPairs(base);
  const required = op.params.filter((p) => p.required);
  const jsonOp = op.bodyKind === 'json';
  const inQuery = op.method === 'GET' ? fc.constant(true) : jsonOp ? fc.constant(false) : fc.boolean();

  const drop = fc.record({ p: fc.constantFrom(...required), inQuery, raw: fc.boolean() }).map(({ p, inQuery, raw }) => ({
    pairs: basePairs.filter(([k]) => k !== p.name),
    forbidden: `${p.name} missing`,
    inQuery,
    raw,
  }));
  const breakable = op.params.filter((p) => p.required || forbiddenValues(p).length > 1);
  const breakOne = fc
    .constantFrom(...breakable)
    .chain((p) => fc.record({ p: fc.constant(p), value: fc.oneof(...forbiddenValues(p)), dup: fc.boolean(), inQuery }))
    .filter(({ p, value }) => p.required || value.trim() !== '') // a blank optional parameter is just absent
    // Encoded: unencoded, a forbidden value such as '%31' would decode to an allowed one.
    .map(({ p, value, dup, inQuery }) => {
      const good = basePairs.find(([k]) => k === p.name);
      const others = basePairs.filter(([k]) => k !== p.name);
      // Duplicates: the servlet keeps the first value; JSON.parse keeps the last one.
      const bad: [string, string] = [p.name, value];
      const pairs: Pairs = dup && good ? (jsonOp ? [...others, good, bad] : [bad, ...others, good]) : [...others, bad];
      return { pairs, forbidden: `${p.name}=${JSON.stringify(value.slice(0, 40))}${value.length > 40 ? '…' : ''}${dup ? ' (duplicated)' : ''}`, inQuery, raw: false };
    });
  const garble = fc
    .record({
      replace: fc.array(fc.tuple(fc.constantFrom(...op.params.map((p) => p.name)), jsonOp ? nastyJson.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))) : nastyString), { maxLength: 4 }),
      extra: fc.array(fc.tuple(nastyName, nastyString), { maxLength: 4 }),
      dropSome: fc.array(fc.boolean(), { minLength: basePairs.length, maxLength: basePairs.length }),
      inQuery,
      raw: fc.boolean(),
    })
    .map(({ replace, extra, dropSome, inQuery, raw }) => ({
      pairs: [...replace, ...basePairs.filter((_, i) => !dropSome[i]), ...extra],
      inQuery,
      raw,
    }));
  const body = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.constantFrom('{', '{"token":', '[]', 'null', '1', '"x"', '{"__proto__":{"token":"x"}}', '{"constructor":{"prototype":{"x":1}}}', 'a=%&b=%zz', '&&&===', '%', HUGE),
    fc.json({ maxDepth: 4 }),
  );
  const contentType = fc.constantFrom(null, 'application/json', 'application/x-www-form-urlencoded', 'text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/json; charset=gbk', 'application/vnd.api+json', '*/*', ';;;', 'application/x-www-form-urlencoded; charset=utf-8');
  const malformed = fc.record({ rawBody: body, contentType, withToken: fc.boolean() }).map(({ rawBody, contentType, withToken }) => ({
    pairs: withToken ? basePairs.filter(([k]) => k === 'token') : [],
    rawBody,
    contentType,
    inQuery: true,
    raw: false,
  }));
  const asIs = fc.record({ inQuery, raw: fc.boolean() }).map(({ inQuery, raw }) => ({ pairs: basePairs, inQuery, raw }));
  const arms: fc.Arbitrary<Generated>[] = [asIs, breakOne, garble, malformed];
  if (required.length > 0) arms.push(drop);
  return fc.oneof(...arms);
}

function formEncode(pairs: Pairs, raw: boolean): string {
  return pairs.map(([k, v]) => (raw ? `${k}=${v}` : `${encodeURIComponent(k.toWellFormed())}=${encodeURIComponent(v.toWellFormed())}`)).join('&');
}

/** The JSON operations' body: a JSON object written by hand, so duplicated keys survive. */
function jsonEncode(pairs: Pairs): string {
  const value = (v: string) => {
    try {
      const parsed = JSON.parse(v);
      if (parsed !== null && typeof parsed === 'object') return v; // nested objects (data) stay objects
    } catch {
      // a plain string
    }
    return JSON.stringify(v.toWellFormed());
  };
  return `{${pairs.map(([k, v]) => `${JSON.stringify(k.toWellFormed())}:${value(v)}`).join(',')}}`;
}

function httpRequest(op: OperationSpec, g: Generated): { url: string; init: RequestInit } {
  const headers: Record<string, string> = {};
  let path = op.path;
  let body: string | undefined;
  if (g.rawBody !== undefined) {
    if (g.pairs.length) path += `?${formEncode(g.pairs, false)}`;
    body = op.method === 'GET' ? undefined : g.rawBody;
    if (g.contentType) headers['content-type'] = g.contentType;
  } else if (op.bodyKind === 'json') {
    body = jsonEncode(g.pairs);
    headers['content-type'] = 'application/json';
  } else if (g.inQuery) {
    // Always encoded in the URL: a raw '#' or space would change the request line itself.
    path += `?${formEncode(g.pairs, false)}`;
    if (op.method === 'POST') headers['content-type'] = 'application/x-www-form-urlencoded';
  } else {
    body = formEncode(g.pairs, g.raw);
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  return { url: path, init: { method: op.method, headers, body } };
}

interface Failure {
  request: string;
  problem: string;
}

function describe(url: string, init: RequestInit): string {
  const body = typeof init.body === 'string' ? init.body : '';
  return `${init.method} ${url.slice(0, 300)} ${JSON.stringify(init.headers)} ${body.slice(0, 300)}${body.length > 300 ? `…(${body.length} chars)` : ''}`;
}

async function exchange(base: string, url: string, init: RequestInit): Promise<{ status: number; text: string; headers: Headers } | { dropped: string }> {
  try {
    const res = await fetch(`${base}${url}`, init);
    return { status: res.status, text: await res.text(), headers: res.headers };
  } catch (err) {
    return { dropped: String((err as Error & { cause?: Error }).cause?.message ?? (err as Error).message) };
  }
}

/** What is wrong with an API answer, if anything. */
function checkEnvelope(op: OperationSpec, g: Generated, status: number, text: string, urlLength: number): string | undefined {
  if (status >= 500) return `HTTP ${status}`;
  // A request line past Node's 16 KB header limit is refused before any route runs, as Tomcat
  // refuses one past its 8 KB maxHttpHeaderSize (with a 400): no envelope, but an answer.
  if (status === 431 && urlLength > MAX_HEADER_BYTES - 1024) return undefined;
  if (status !== 200) return `HTTP ${status} for a request on a served path and method`;
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    return `not JSON: ${text.slice(0, 100)}`;
  }
  if (typeof body?.rspCode !== 'string' || typeof body.rspMsg !== 'string' || !('resultData' in body)) return `not the envelope: ${text.slice(0, 150)}`;
  if (!op.rspCodes.some((c) => c.rspCode === body.rspCode)) return `rspCode ${body.rspCode} not in x-rsp-codes of ${op.operationId}: ${body.rspMsg}`;
  if (body.rspCode === '999999') return `999999: ${body.rspMsg}`;
  if (body.rspMsg.trim() === '') return `empty rspMsg for ${body.rspCode}`;
  if (g.forbidden && body.rspCode === op.success.rspCode) return `success for a forbidden request (${g.forbidden})`;
  return undefined;
}

function checkServlet(status: number, text: string, expected: 404 | 405, method: string): string | undefined {
  if (status !== expected) return `HTTP ${status}, expected ${expected}`;
  if (method === 'HEAD') return undefined; // no body on HEAD
  try {
    const body = JSON.parse(text);
    if (body.status !== expected || typeof body.error !== 'string' || typeof body.path !== 'string' || typeof body.timestamp !== 'string') return `not the servlet error body: ${text.slice(0, 150)}`;
    if ('rspCode' in body) return 'a business envelope on a wrong path or method';
  } catch {
    return `not JSON: ${text.slice(0, 100)}`;
  }
  return undefined;
}

async function runProperty<T>(name: string, arbitrary: fc.Arbitrary<T>, check: (value: T) => Promise<Failure | undefined>): Promise<{ runs: number; failures: Failure[] }> {
  const failures: Failure[] = [];
  let runs = 0;
  const result = await fc.check(
    fc.asyncProperty(arbitrary, async (value) => {
      runs++;
      const failure = await check(value);
      if (failure) failures.push(failure);
      return failure === undefined;
    }),
    { numRuns: RUNS_PER_PROPERTY, seed: SEED, endOnFailure: true },
  );
  if (result.failed && failures.length === 0) failures.push({ request: name, problem: String(result.errorInstance ?? 'property failed') });
  return { runs, failures };
}

// About 2 ms a request on a busy two-core machine; tap's default timeout is for the small run.
const TIMEOUT_MS = Math.max(60_000, TOTAL_RUNS * 20);
t.setTimeout(TIMEOUT_MS + 10_000);

t.test(`generated requests (${TOTAL_RUNS} in all, seed ${SEED}) never break the mock`, { timeout: TIMEOUT_MS }, async (t) => {
  const mock = await startTestMock(t, { seed: 8 });
  const token = await getToken(mock.url);
  const msgId = await sent(mock.url, token);
  const todoId = await sent(mock.url, token, { sendMsgType: '4', waitLink: 'https://oa.example.edu.cn/todo/fuzz' });
  await advance(mock.url, 60); // delivered: 5.4.1 may change the todo
  let total = 0;
  let forbidden = 0;

  for (const op of spec.operations) {
    const base = baseParams(op, { token, msgId, todoId });
    // The base request itself must be accepted, or the "forbidden" checks prove nothing.
    const { url, init } = httpRequest(op, { pairs: toPairs(base), inQuery: op.method === 'GET', raw: false });
    const first = await exchange(mock.url, url, init);
    t.ok('status' in first && JSON.parse(first.text).rspCode === op.success.rspCode, `${op.operationId}: the base request succeeds`, { answer: 'text' in first ? first.text.slice(0, 300) : first });

    const { runs, failures } = await runProperty(op.operationId, requests(op, base), async (g) => {
      const { url, init } = httpRequest(op, g);
      if (g.forbidden) forbidden++;
      const answer = await exchange(mock.url, url, init);
      if ('dropped' in answer) return { request: describe(url, init), problem: `connection dropped: ${answer.dropped}` };
      const problem = checkEnvelope(op, g, answer.status, answer.text, url.length);
      return problem ? { request: describe(url, init), problem } : undefined;
    });
    total += runs;
    t.same(failures, [], `${op.operationId}: ${runs} generated requests answered with a documented envelope`);
  }

  // Wrong methods on served paths (405) and paths nobody serves (404).
  const paths = [...spec.paths.keys()];
  const wrong = fc.oneof(
    fc.record({
      kind: fc.constant<'method'>('method'),
      path: fc.constantFrom(...paths),
      method: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
      body: nastyString,
    }).filter(({ path, method }) => !spec.paths.get(path)!.some((o) => o.method === method)),
    fc.record({
      kind: fc.constant<'path'>('path'),
      path: fc.oneof(
        fc.constantFrom(...paths).chain((p) => fc.string({ unit: fc.constantFrom(...'abcXYZ-_.~0159'), minLength: 1, maxLength: 12 }).map((s) => `${p}/${s}`)),
        fc.constantFrom(...paths).map((p) => p.toUpperCase()),
        fc.constantFrom('/', '/msg', '/message', '/api/message/user', '/message/sendMessageApi.do', '/message/../msg/getThirdAPIToken', '/%E6%B6%88%E6%81%AF', '/index.html', '/__proto__', '/constructor'),
      ),
      method: fc.constantFrom('GET', 'POST'),
      body: nastyString,
    }),
  );
  const { runs, failures } = await runProperty('wrong method or path', wrong, async ({ kind, path, method, body }) => {
    const init: RequestInit = { method, ...(method === 'GET' || method === 'HEAD' ? {} : { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${encodeURIComponent(token)}&x=${encodeURIComponent(body.toWellFormed())}` }) };
    // A path that normalises to a served one ('..') is not a wrong path.
    const served = spec.paths.has(new URL(path, 'http://h').pathname.replace(/(.)\/$/, '$1'));
    const answer = await exchange(mock.url, path, init);
    if ('dropped' in answer) return { request: describe(path, init), problem: `connection dropped: ${answer.dropped}` };
    if (answer.status >= 500) return { request: describe(path, init), problem: `HTTP ${answer.status}` };
    if (served) return undefined;
    const problem = checkServlet(answer.status, answer.text, kind === 'method' ? 405 : 404, method);
    return problem ? { request: describe(path, init), problem } : undefined;
  });
  total += runs;
  t.same(failures, [], `${runs} requests with a wrong method or path answered 404/405 with the servlet body`);

  // Still alive and answering after all of it.
  const health = await exchange(mock.url, '/__umc/health', {});
  t.equal('status' in health && health.status, 200, 'the mock still answers');
  t.comment(`${total} generated requests in all, ${forbidden} of them forbidden by the document`);
});
