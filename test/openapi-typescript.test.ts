// What an integrator gets from `npx openapi-typescript openapi.yaml`: types in which `if (r.rspCode === '000000')`
// (5.3.2: '1') narrows every operation's answer to its success shape and leaves the error envelope, whose
// rspCode is one of table 4-1-2's codes; and form bodies whose fields are strings, so that
// `new URLSearchParams(body)` takes them as they are. A small client relying on both is type-checked here,
// then run against the mock; a spec without the narrowing (or with a number field) is shown to fail the check.
import t from 'tap';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { SPEC_PATH, loadSpec } from '../src/spec/load.js';
import { parseYaml } from '../src/spec/read-yaml.js';
import { DEMO_APP, startTestMock } from './helpers/mock.js';

type Doc = Record<string, any>;
const spec = loadSpec();
const document = parseYaml(readFileSync(SPEC_PATH, 'utf8')) as Doc;

/** The name of the component schema an operation's success is (the first member of its 200 oneOf). */
function successSchemaName(doc: Doc, path: string, method: string): string {
  let response = doc.paths[path][method].responses['200'];
  if (response.$ref) response = doc.components.responses[String(response.$ref).split('/').pop()!];
  return String(response.content['application/json'].schema.oneOf[0].$ref).split('/').pop()!;
}

/** Per operation: a function that only compiles if the success code narrows the answer to exactly the success schema. */
function judgeFunctions(doc: Doc): string {
  return spec.operations
    .map((op) => {
      const method = op.method.toLowerCase();
      const success = successSchemaName(doc, op.path, method);
      const error = op.withDebugger ? 'ErrorEnvelopeWithDebugger' : 'ErrorEnvelope';
      return `export function judge_${op.operationId}(r: Answer<'${op.path}', '${method}'>) {
  if (r.rspCode === '${op.success.rspCode}') {
    const ok: Schemas['${success}'] = r;
    const back: typeof r = ok;
    return back;
  }
  const refused: Schemas['${error}'] = r;
  const back: typeof r = refused;
  const code: Schemas['ErrorRspCode'] = back.rspCode;
  const nothing: null = back.resultData;
  return { code, nothing };
}`;
    })
    .join('\n\n');
}

/** Per operation with form or query parameters: they go into URLSearchParams as the generated type has them. */
function formFunctions(): string {
  return spec.operations
    .filter((op) => op.bodyKind === 'form')
    .map((op) => {
      const method = op.method.toLowerCase();
      const hasBody = op.params.some((p) => p.in === 'body');
      return hasBody
        ? `export const form_${op.operationId} = (body: FormBody<'${op.path}', '${method}'>) => new URLSearchParams(body);`
        : `export const query_${op.operationId} = (query: Query<'${op.path}', '${method}'>) => new URLSearchParams(query);`;
    })
    .join('\n');
}

const CLIENT = (doc: Doc) => `import type { components, paths } from './api';

type Schemas = components['schemas'];
type Answer<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: { 200: { content: { 'application/json': infer A } } } } ? A : never;
type FormBody<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { requestBody: { content: { 'application/x-www-form-urlencoded': infer B } } } ? B : never;
type Query<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { parameters: { query: infer Q } } ? Q : never;

${judgeFunctions(doc)}

${formFunctions()}

/** A client as an integrator writes it: form bodies through URLSearchParams, answers judged by rspCode. */
async function call<P extends keyof paths, M extends keyof paths[P]>(base: string, path: P, method: string, params: URLSearchParams): Promise<Answer<P, M>> {
  const res = method === 'GET' ? await fetch(base + path + '?' + params) : await fetch(base + path, { method, body: params });
  return (await res.json()) as Answer<P, M>;
}

export async function token(base: string, appId: string, appPassword: string): Promise<string> {
  const query: Query<'/msg/getThirdAPIToken', 'get'> = { appId, appPassword };
  const r = await call<'/msg/getThirdAPIToken', 'get'>(base, '/msg/getThirdAPIToken', 'GET', new URLSearchParams(query));
  if (r.rspCode === '000000') return r.resultData.token;
  throw new Error(r.rspCode + ' ' + r.rspMsg);
}

export async function send(base: string, token: string, userId: string): Promise<string> {
  const body: FormBody<'/message/sendMessageApi', 'post'> = { token, msgtitle: '选课提醒', msgType: '1', msgContent: '请于周五前完成选课', sendStatus: '1', sendChannel: 'Portal', sendMode: 'normal', isReply: '1', receivers: JSON.stringify([{ type: 'User', userId }]) };
  const r = await call<'/message/sendMessageApi', 'post'>(base, '/message/sendMessageApi', 'POST', new URLSearchParams(body));
  if (r.rspCode === '000000') return r.resultData.msgId;
  throw new Error(r.rspCode + ' ' + r.rspMsg);
}

export async function sms(base: string, token: string, mobile: string): Promise<string> {
  const body: FormBody<'/message/sendMessageBySMSApi', 'post'> = { token, msgContent: '〖教务处〗报名已受理', receivers: JSON.stringify([{ mobile }]) };
  const r = await call<'/message/sendMessageBySMSApi', 'post'>(base, '/message/sendMessageBySMSApi', 'POST', new URLSearchParams(body));
  if (r.rspCode === '1') return r.resultData.msgId;
  throw new Error(r.rspCode + ' ' + r.rspMsg);
}

export async function replies(base: string, token: string, count: number): Promise<string[]> {
  const body: FormBody<'/message/replyMessage', 'post'> = { token, count: String(count) };
  const r = await call<'/message/replyMessage', 'post'>(base, '/message/replyMessage', 'POST', new URLSearchParams(body));
  if (r.rspCode === '000000') return r.resultData.map((reply) => reply.content);
  return [r.rspCode];
}

export async function mailbox(base: string, token: string, account: string, page: number, size: number): Promise<{ total: number; titles: string[] } | Schemas['ErrorRspCode']> {
  const body: FormBody<'/api/message/user/list', 'post'> = { token, account, page: String(page), size: String(size) };
  const r = await call<'/api/message/user/list', 'post'>(base, '/api/message/user/list', 'POST', new URLSearchParams(body));
  if (r.rspCode === '000000') return { total: r.resultData.total, titles: r.resultData.msglist.map((m) => m.title) };
  return r.rspCode;
}
`;

/** openapi-typescript's output for a document, and the client beside it, type-checked: the diagnostics. */
async function typeCheck(doc: Doc, dir: string): Promise<string[]> {
  writeFileSync(join(dir, 'api.ts'), astToString(await openapiTS(structuredClone(doc) as never, { silent: true })));
  writeFileSync(join(dir, 'client.ts'), CLIENT(doc));
  const program = ts.createProgram([join(dir, 'client.ts')], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
    skipLibCheck: true,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? `${d.file.fileName.split('/').pop()}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1} ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
}

const dir = mkdtempSync(join(tmpdir(), 'umc-openapi-ts-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

t.test('openapi-typescript types of openapi.yaml: rspCode narrows on every operation, form bodies take URLSearchParams', async (t) => {
  const problems = await typeCheck(document, dir);
  t.same(problems, [], 'the client type-checks');
  const api = readFileSync(join(dir, 'api.ts'), 'utf8');
  t.match(api, /count\?: string;/, 'count is text');
  t.match(api, /page: string;/, 'page is text');
  t.match(api, /size: string;/, 'size is text');

  // The same client, run: what the types promise is what the mock answers.
  const mock = await startTestMock(t);
  const client = (await import(pathToFileURL(join(dir, 'client.ts')).href)) as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const token = (await client.token!(mock.url, DEMO_APP.appId, DEMO_APP.appPassword)) as string;
  t.match(await client.send!(mock.url, token, '20230001'), /\S/, '5.3.1 accepted a URLSearchParams body');
  t.match(await client.sms!(mock.url, token, '13912345678'), /\S/, "5.3.2's success '1' narrowed");
  t.same(await client.replies!(mock.url, token, 5), [], 'count as text');
  t.same(await client.replies!(mock.url, token, 101), ['500001'], 'count 101 is still refused: the mock reads the text as before');
  t.match(await client.mailbox!(mock.url, token, '20230001', 1, 10), { total: Number, titles: Array });
});

t.test('the check catches a spec that does not narrow, or a form field typed as a number', async (t) => {
  const broken = structuredClone(document);
  broken.components.schemas.ErrorRspCode = { type: 'string', not: { enum: ['000000', '1'] } };
  const count = broken.paths['/message/replyMessage'].post.requestBody.content['application/x-www-form-urlencoded'].schema.properties.count;
  count.type = 'integer';
  delete count.pattern;
  const problems = await typeCheck(broken, mkdtempSync(join(dir, 'broken-')));
  const notNarrowed = problems.filter((p) => /Type 'string' is not assignable to type '"(000000|1)"'/.test(p));
  t.equal(notNarrowed.length, spec.operations.length, "every operation's success branch keeps the error envelope");
  t.ok(problems.some((p) => /Type 'number' is not assignable to type 'string'/.test(p)), 'URLSearchParams refuses a number field');
});
