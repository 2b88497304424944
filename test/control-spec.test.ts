// control-plane.yaml is the control plane's contract: valid OpenAPI 3.1, and every route documented and served.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { Validator } from '@seriousme/openapi-schema-validator';
import { CONTROL_SPEC_PATH, loadControlSpec } from '../src/spec/control-spec.js';
import { startTestMock } from './helpers/mock.js';

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
