// openapi.yaml is the contract: a valid OpenAPI 3.1 document, every path served, codes agreeing with the catalogue.
import t from 'tap';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Validator } from '@seriousme/openapi-schema-validator';
import { RSP_CODES, isRspCode } from '../../src/domain/codes.js';
import { API_OPERATIONS } from '../../src/mock/api-operations.js';
import { collectAssumptions, generalAssumptions } from '../../src/spec/assumptions.js';
import { SPEC_PATH, dereference, loadSpec } from '../../src/spec/load.js';
import { DEMO_APP, getToken, postForm, postJson, request, startTestMock } from '../helpers/mock.js';
import { templateBody } from '../helpers/wechat.js';

const spec = loadSpec();

t.test('openapi.yaml is a valid OpenAPI 3.1 document', async (t) => {
  const document = parse(readFileSync(SPEC_PATH, 'utf8'));
  t.equal(document.openapi, '3.1.0');
  const result = await new Validator().validate(document);
  t.same(result.errors ?? [], [], 'no validation errors');
  t.equal(result.valid, true);
});

t.test('it covers the 12 operations of the document at their exact paths', async (t) => {
  const expected: Record<string, string> = {
    '5.1.1': '/msg/getThirdAPIToken',
    '5.2.1': '/message/getPublicList',
    '5.2.2': '/message/getTemplateList',
    '5.2.3': '/message/replyMessage',
    '5.2.4': '/message/getProgress',
    '5.2.5': '/api/message/user/count',
    '5.2.6': '/api/message/user/list',
    '5.3.1': '/message/sendMessageApi',
    '5.3.2': '/message/sendMessageBySMSApi',
    '5.3.3': '/message/sendTemplateApi',
    '5.3.4': '/message/cardMessage',
    '5.4.1': '/message/checkMessageStatusApi',
  };
  const sections = new Map(spec.operations.map((op) => [op.section, op.path]));
  t.same(Object.fromEntries(sections), expected);
  t.same(spec.operations.filter((op) => op.bodyKind === 'json').map((op) => op.section).sort(), ['5.3.3', '5.3.4'], 'JSON bodies only for 5.3.3 and 5.3.4');
  t.same(spec.operations.filter((op) => op.withDebugger).map((op) => op.section).sort(), ['5.2.1', '5.2.2', '5.3.3'], 'debuggerErrorMsg where the document shows it');
});

t.test('x-rsp-codes and the code catalogue agree both ways', async (t) => {
  const used = new Set<string>();
  for (const op of spec.operations) {
    t.equal(op.rspCodes.filter((c) => c.success).length, 1, `${op.operationId} has one success code`);
    for (const entry of op.rspCodes) {
      used.add(entry.rspCode);
      t.ok(isRspCode(entry.rspCode), `${op.operationId}: ${entry.rspCode} is in the catalogue`);
      if (isRspCode(entry.rspCode)) t.equal(entry.rspMsg, RSP_CODES[entry.rspCode], `${op.operationId}: ${entry.rspCode} message`);
    }
    if (op.needsToken) for (const code of ['500001', '500003', '999999']) t.ok(op.rspCodes.some((c) => c.rspCode === code), `${op.operationId} lists ${code}`);
    for (const p of op.params) t.ok(op.rspCodes.some((c) => c.rspCode === p.errorCode), `${op.operationId}: ${p.name}'s error code ${p.errorCode} is listed`);
  }
  // 600020/600021 are in the document's table but no operation of the API can produce them.
  const unused = Object.keys(RSP_CODES).filter((code) => !used.has(code));
  t.same(unused.sort(), ['600020', '600021']);
});

t.test("a code outside its 适用范围 in table 4-1-2 is marked x-umc-assumed, with the reason, and no other code is", async (t) => {
  const outside: string[] = [];
  const raw = spec.document.paths as Record<string, Record<string, { 'x-rsp-codes': Record<string, unknown>[] }>>;
  for (const op of spec.operations) {
    for (const entry of op.rspCodes) {
      const row = spec.documentCodes.find((c) => c.rspCode === entry.rspCode)!;
      const inScope = row.scope.includes('通用') || row.scope.includes(op.section);
      if (!inScope) outside.push(`${op.section} ${entry.rspCode}`);
      t.equal(entry.assumed === true, !inScope, `${op.operationId} ${entry.rspCode}: ${inScope ? 'in' : 'outside'} the table's 适用范围 (${row.scope.join('、')})`);
      const why = raw[op.path]![op.method.toLowerCase()]!['x-rsp-codes'].find((c) => c.rspCode === entry.rspCode)!['x-umc-assumption'];
      if (!inScope) t.match(why, new RegExp(`表4-1-2中${entry.rspCode}的适用范围`), `${op.operationId} ${entry.rspCode}: the reason is an x-umc-assumption`);
    }
  }
  t.same(outside, ['5.2.4 500005', '5.3.1 500014', '5.4.1 600002', '5.4.1 600009', '5.4.1 600010', '5.4.1 600023'], 'the codes issue 26 names');
  const notes = collectAssumptions(spec).flatMap((a) => a.notes);
  t.ok(notes.some((n) => n.startsWith('表4-1-2中600010的适用范围')), 'listed with the assumptions (docs/known-differences.md)');
});

t.test('the operation table and the spec name the same operations', async (t) => {
  t.same(Object.keys(API_OPERATIONS).sort(), spec.operations.map((op) => op.operationId).sort());
});

t.test('every path in the spec is served with its envelope', async (t) => {
  const mock = await startTestMock(t);
  for (const op of spec.operations) {
    const url = `${mock.url}${op.path}`;
    const res = op.bodyKind === 'json' ? await postJson(url, {}) : op.method === 'GET' ? await request(url) : await postForm(url, {});
    t.equal(res.status, 200, `${op.method} ${op.path} is served`);
    t.equal(res.contentType, 'application/json;charset=UTF-8');
    t.type(res.json?.rspCode, 'string', `${op.operationId} answers an envelope`);
    t.ok(op.rspCodes.some((c) => c.rspCode === res.json.rspCode), `${op.operationId}: ${res.json.rspCode} is documented for it`);
    const keys = op.withDebugger ? ['rspCode', 'rspMsg', 'debuggerErrorMsg', 'resultData'] : ['rspCode', 'rspMsg', 'resultData'];
    t.same(Object.keys(res.json), keys, `${op.operationId}: envelope keys in the platform's order`);
  }
});

t.test("each success rspCode is a string const, and the error envelopes' rspCode is table 4-1-2 less its success codes", async (t) => {
  const schemas = (spec.document.components?.schemas ?? {}) as Record<string, Record<string, any>>;
  const successCodes = new Set(spec.operations.map((op) => op.success.rspCode));
  t.same([...successCodes].sort(), ['000000', '1']);
  const errorCodes = spec.documentCodes.map((c) => c.rspCode).filter((code) => !successCodes.has(code));
  t.same(schemas.ErrorRspCode, { ...schemas.ErrorRspCode, type: 'string', enum: errorCodes }, 'ErrorRspCode: every other code of the table, in its order');
  t.same([...errorCodes].sort(), Object.keys(RSP_CODES).filter((code) => !successCodes.has(code)).sort(), 'the same codes as the catalogue');
  for (const name of ['ErrorEnvelope', 'ErrorEnvelopeWithDebugger']) t.same(schemas[name]!.properties.rspCode, { $ref: '#/components/schemas/ErrorRspCode' }, name);
  for (const op of spec.operations) {
    t.same(op.successSchema.properties && (op.successSchema.properties as Record<string, unknown>).rspCode, { type: 'string', const: op.success.rspCode }, `${op.operationId}: rspCode "${op.success.rspCode}"`);
    for (const code of op.rspCodes.filter((c) => !c.success)) t.ok(errorCodes.includes(code.rspCode), `${op.operationId}: ${code.rspCode} is an ErrorRspCode`);
  }
});

t.test('a form field written as text (x-umc-parsed): its pattern admits exactly the decimal texts its parsed rules accept', async (t) => {
  const parsedFields = spec.operations.flatMap((op) => {
    const raw = (spec.document.paths as Record<string, any>)[op.path][op.method.toLowerCase()];
    const form = raw.requestBody?.content?.['application/x-www-form-urlencoded']?.schema?.properties ?? {};
    return Object.entries(form as Record<string, Record<string, any>>).filter(([, s]) => s['x-umc-parsed']).map(([name, written]) => ({ op, name, written }));
  });
  t.same(parsedFields.map((f) => `${f.op.operationId}.${f.name}`).sort(), ['getUserMessageList.page', 'getUserMessageList.size', 'replyMessage.count']);
  for (const { op, name, written } of parsedFields) {
    const parsed = op.params.find((p) => p.name === name)!.schema;
    t.equal(written.type, 'string', `${op.operationId}.${name} is text on the wire`);
    t.equal(parsed.type, 'integer', `${op.operationId}.${name} is read as an integer`);
    t.equal(parsed.pattern, undefined, 'the pattern is for clients, not a second rule');
    const pattern = new RegExp(written.pattern as string);
    const accepts = (n: number) => (parsed.minimum === undefined || n >= (parsed.minimum as number)) && (parsed.maximum === undefined || n <= (parsed.maximum as number));
    const wrong = [...Array(1002).keys()].map((n) => n - 1).filter((n) => pattern.test(String(n)) !== accepts(n));
    t.same(wrong, [], `${op.operationId}.${name}: ${written.pattern} and ${JSON.stringify({ minimum: parsed.minimum, maximum: parsed.maximum })} agree from -1 to 1000`);
    if (written.default !== undefined) t.equal(String(parsed.default), written.default, 'the same default');
    for (const text of ['abc', '', '1.5', '-5']) t.notOk(pattern.test(text), `${written.pattern} refuses ${JSON.stringify(text)}`);
  }
});

t.test('openapi.yaml declares what the servlet reads: x-umc-servlet-parameters, and the places the document does not name', async (t) => {
  const document = spec.document as Record<string, any>;
  t.match(document['x-umc-servlet-parameters'], { form: ['query', 'application/x-www-form-urlencoded'], json: ['application/json', 'query'], firstValueWins: true, blankIsAbsent: true });
  t.match(generalAssumptions(spec).join('\n'), /参数按Java servlet的方式读取.*不是文档所写/, 'the merge is listed among the assumptions, as servlet behaviour');
  const resolved = dereference(document, document);
  const token = resolved.paths['/msg/getThirdAPIToken'].post;
  t.same(Object.keys(token.requestBody.content), ['application/x-www-form-urlencoded', 'multipart/form-data'], '5.1.1 POST: a form body beside the query');
  t.match(document['x-umc-servlet-parameters'].form, ['query', 'application/x-www-form-urlencoded', 'multipart/form-data']);
  t.same(spec.servletParameters, { form: ['query', 'application/x-www-form-urlencoded', 'multipart/form-data'], json: ['application/json', 'query'] }, 'the loader reads it (the server reads the bodies it names)');
  // Every form operation's multipart/form-data is its urlencoded form (the same fields, read the same way).
  for (const op of spec.operations.filter((o) => o.bodyKind === 'form')) {
    const content = resolved.paths[op.path][op.method.toLowerCase()].requestBody?.content;
    if (content) t.same(content['multipart/form-data'], content['application/x-www-form-urlencoded'], `${op.operationId}: multipart as its form`);
  }
  t.same(token.parameters.map((p: any) => [p.name, p.in, p.required]), [['appId', 'query', false], ['appPassword', 'query', false]], 'so neither place alone requires the credentials');
  for (const id of ['getThirdAPIToken', 'getThirdAPITokenByGet']) {
    t.same(spec.byId.get(id)!.params.map((p) => [p.name, p.in, p.required]), [['appId', 'query', true], ['appPassword', 'query', true]], `${id}: one required parameter each, in the query as the document says`);
  }
  for (const path of ['/message/sendTemplateApi', '/message/cardMessage']) {
    const op = resolved.paths[path].post;
    t.same(op.parameters.map((p: any) => [p.name, p.in, p.required]), [['token', 'query', false]], `${path}: the token in the query`);
    t.notOk(op.requestBody.content['application/json'].schema.required.includes('token'), `${path}: or in the body`);
    const params = spec.byId.get(op.operationId)!.params;
    t.same(params.filter((p) => p.name === 'token').map((p) => [p.in, p.required, p.errorCode]), [['body', true, '500003']], `${path}: one token, required, where the document puts it`);
  }
  // Every alternate has the schema of the parameter it stands for.
  for (const op of spec.operations) {
    const raw = resolved.paths[op.path][op.method.toLowerCase()];
    const bodySchema = (raw.requestBody?.content?.['application/json'] ?? raw.requestBody?.content?.['application/x-www-form-urlencoded'])?.schema;
    const alternates = [
      ...(raw.parameters ?? []).filter((p: any) => p['x-umc-alternate']).map((p: any) => [p.name, p.schema]),
      ...Object.entries(bodySchema?.properties ?? {}).filter(([, s]: [string, any]) => s['x-umc-alternate']),
    ] as [string, Record<string, unknown>][];
    for (const [name, schema] of alternates) {
      const { 'x-umc-alternate': _a, 'x-umc-required': _r, ...rules } = schema;
      const main = op.params.find((p) => p.name === name)!;
      const { 'x-umc-alternate': _b, 'x-umc-required': _s, ...mainRules } = main.schema;
      t.same(rules, mainRules, `${op.operationId}: ${name}'s other place has its rules`);
    }
  }
});

t.test('x-umc-servlet-parameters drives the server: a form medium it leaves out is not read; one umc-mock cannot read is an error', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'umc-spec-'));
  const text = readFileSync(SPEC_PATH, 'utf8');
  const unknown = join(dir, 'unknown.yaml');
  writeFileSync(unknown, text.replace('form: [query, application/x-www-form-urlencoded, multipart/form-data]', 'form: [query, text/plain]'));
  t.throws(() => loadSpec(unknown), /x-umc-servlet-parameters\.form must be query followed by/);
  const { readRequestParams } = await import('../../src/mock/request-params.js');
  const op = spec.byId.get('getProgress')!;
  const data = new FormData();
  data.append('msgId', 'm1');
  const multipart = new Response(data);
  const body = Buffer.from(await multipart.arrayBuffer());
  const type = multipart.headers.get('content-type')!;
  t.same((await readRequestParams(op, '/message/getProgress?token=t', type, body, spec.servletParameters.form.slice(1))).params, { token: 't', msgId: 'm1' }, 'multipart read where the spec lists it');
  t.match(await readRequestParams(op, '/message/getProgress?token=t', type, body, ['application/x-www-form-urlencoded']), { params: { token: 't' }, ignoredBody: 'multipart/form-data' }, 'and ignored where it does not');
});

t.test('a parameter declared twice without x-umc-alternate, or an alternate of nothing, is an error of openapi.yaml', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'umc-spec-'));
  const text = readFileSync(SPEC_PATH, 'utf8');
  const twice = join(dir, 'twice.yaml');
  writeFileSync(twice, text.replace('      required: false\n      x-umc-alternate: true\n', '      required: false\n'));
  t.throws(() => loadSpec(twice), /sendTemplateApi declares token twice/);
  const orphan = join(dir, 'orphan.yaml');
  writeFileSync(orphan, text.replace("token: { $ref: '#/components/schemas/Token', x-umc-required: true }\n                userList", 'userList'));
  t.throws(() => loadSpec(orphan), /cardMessage: token is marked x-umc-alternate, but has no main declaration/);
});

t.test('the mock reads those places: 5.1.1 credentials in a POST form body, the JSON operations\' token in the URL', async (t) => {
  const mock = await startTestMock(t);
  const byForm = await postForm(`${mock.url}/msg/getThirdAPIToken`, DEMO_APP);
  t.equal(byForm.json.rspCode, '000000', '5.1.1 with a form body only');
  t.equal((await postForm(`${mock.url}/msg/getThirdAPIToken?appId=${DEMO_APP.appId}`, { appPassword: DEMO_APP.appPassword })).json.rspCode, '000000', 'one in the query, one in the body');
  const token = await getToken(mock.url);
  const { token: _t, ...body } = templateBody(token);
  t.equal((await postJson(`${mock.url}/message/sendTemplateApi?token=${token}`, body)).json.rspCode, '000000', '5.3.3 with the token in the URL');
  const card = { userList: '20230001', title: '通知', description: '内容', url: 'https://jw.example.edu.cn' };
  t.equal((await postJson(`${mock.url}/message/cardMessage?token=${token}`, card)).json.rspCode, '000000', '5.3.4 with the token in the URL');
  t.equal((await postJson(`${mock.url}/message/cardMessage?token=garbage`, { ...card, token })).json.rspCode, '000000', "the body's token wins over the URL's");
  t.equal((await postJson(`${mock.url}/message/cardMessage`, card)).json.rspCode, '500003', 'no token anywhere: 500003');
});
