// control-plane.yaml is the control plane's contract: valid OpenAPI 3.1, every route documented and served, and
// the admin token and the guard's refusals as the mock answers them.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { Validator } from '@seriousme/openapi-schema-validator';
import { CONTROL_SPEC_PATH, loadControlSpec } from '../../src/spec/control-spec.js';
import { dereference } from '../../src/spec/load.js';
import { createAjv } from '../../src/spec/validate.js';
import { startTestMock } from '../helpers/mock.js';

t.test('control-plane.yaml is a valid OpenAPI 3.1 document', async (t) => {
  const result = await new Validator().validate(parse(readFileSync(CONTROL_SPEC_PATH, 'utf8')));
  t.same(result.errors ?? [], []);
  t.equal(result.valid, true);
});

t.test('the core has one operation per operation of control-plane.yaml, and no other', async (t) => {
  const mock = await startTestMock(t);
  t.same(Object.keys(mock.core.operations).sort(), loadControlSpec().operations.map((op) => op.operationId).sort());
});

t.test('every documented control operation is served as JSON', async (t) => {
  const mock = await startTestMock(t);
  for (const op of loadControlSpec().operations) {
    const res = await fetch(mock.url + op.url.replace(/:(\w+)/g, 'x'), { method: op.method, headers: op.bodySchema ? { 'content-type': 'application/json' } : {}, body: op.bodySchema ? '{}' : undefined });
    t.match(res.headers.get('content-type'), /application\/json/, `${op.method} ${op.url}`);
    const body = (await res.json()) as Record<string, unknown>;
    t.notOk('timestamp' in body && body.status === 404 && !op.url.includes(':'), `${op.method} ${op.url} is routed`);
  }
});

// The admin token as control-plane.yaml states it: both headers src/mock/control-guard.ts reads, on every
// operation (each one is guarded), and the refusals of the guard (401, 403, 415) answered as declared.
t.test('the admin token is a security scheme of every operation, in both headers the mock reads', async (t) => {
  const document = parse(readFileSync(CONTROL_SPEC_PATH, 'utf8'));
  const schemes = document.components.securitySchemes as Record<string, { type: string; scheme?: string; in?: string; name?: string }>;
  const bearer = Object.entries(schemes).find(([, s]) => s.type === 'http' && s.scheme === 'bearer');
  const header = Object.entries(schemes).find(([, s]) => s.type === 'apiKey' && s.in === 'header' && s.name?.toLowerCase() === 'x-umc-admin-token');
  t.ok(bearer && header, 'Authorization: Bearer and X-UMC-Admin-Token');
  t.same(document.security, [{ [bearer![0]]: [] }, { [header![0]]: [] }, {}], 'either header, or none when the mock runs without --admin-token');
  for (const op of loadControlSpec().operations) {
    const raw = document.paths[op.url.replace(/:(\w+)/g, '{$1}')][op.method.toLowerCase()];
    t.equal(raw.security, undefined, `${op.operationId} keeps the document's security: no operation is public`);
  }
});

t.test('with --admin-token every operation refuses a call without it (401), takes either header, and the pages stay public', async (t) => {
  const adminToken = 'spec-admin-token-1';
  const mock = await startTestMock(t, { adminToken });
  const spec = loadControlSpec();
  const document = spec.document as Record<string, any>;
  const ajv = createAjv({ coerce: false });
  const declared = (op: (typeof spec.operations)[number], status: number) => {
    const raw = dereference(document.paths[op.url.replace(/:(\w+)/g, '{$1}')][op.method.toLowerCase()], document) as Record<string, any>;
    return raw.responses[String(status)]?.content?.['application/json']?.schema as Record<string, unknown> | undefined;
  };
  const call = (op: (typeof spec.operations)[number], headers: Record<string, string>) => {
    const post = op.method === 'POST';
    // timeoutMs=0: a wait that is let through answers at once.
    return fetch(`${mock.url}${op.url.replace(/:(\w+)/g, 'x')}?timeoutMs=0`, { method: op.method, headers: { ...(post ? { 'content-type': 'application/json' } : {}), ...headers }, body: post ? '{}' : undefined });
  };
  const answered = async (res: Response, op: (typeof spec.operations)[number], label: string) => {
    const schema = declared(op, res.status);
    t.ok(schema, `${op.operationId} declares its ${res.status} (${label})`);
    if (schema) t.ok(ajv.validate(schema, await res.json()), `${op.operationId}: the ${res.status} body is the declared one (${label})`);
  };
  for (const op of spec.operations) {
    const without = await call(op, {});
    t.equal(without.status, 401, `${op.operationId} without the token`);
    await answered(without, op, 'no token');
    for (const headers of [{ authorization: `Bearer ${adminToken}` }, { 'x-umc-admin-token': adminToken }] as Record<string, string>[]) {
      const res = await call(op, headers);
      t.not(res.status, 401, `${op.operationId} with ${Object.keys(headers)[0]}`);
      await res.arrayBuffer();
    }
    const foreign = await call(op, { authorization: `Bearer ${adminToken}`, origin: 'http://attacker.example' });
    t.equal(foreign.status, 403, `${op.operationId} from another page`);
    await answered(foreign, op, 'foreign Origin');
    if (op.method === 'POST') {
      const plain = await fetch(`${mock.url}${op.url.replace(/:(\w+)/g, 'x')}`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'text/plain' }, body: '{}' });
      t.equal(plain.status, 415, `${op.operationId} without a JSON Content-Type`);
      await answered(plain, op, 'text/plain');
    }
    if (op.persisted) t.ok(declared(op, 503), `${op.operationId} declares the 503 of a change --data could not write`);
  }
  const paths = Object.keys(document.paths);
  for (const page of ['/__umc/ui/', '/docs', '/docs/control-plane.json']) {
    const res = await fetch(mock.url + page);
    t.equal(res.status, 200, `${page} needs no token`);
    await res.arrayBuffer();
    t.notOk(paths.some((p) => page.startsWith(p)), `${page} is a page, not an operation of the YAML`);
  }
});
