// openapi.yaml is the contract: a valid OpenAPI 3.1 document, every path served, codes agreeing with the catalogue.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { Validator } from '@seriousme/openapi-schema-validator';
import { RSP_CODES, isRspCode } from '../src/domain/codes.js';
import { API_OPERATIONS } from '../src/mock/api-operations.js';
import { SPEC_PATH, loadSpec } from '../src/spec/load.js';
import { postForm, postJson, request, startTestMock } from './helpers/mock.js';

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
