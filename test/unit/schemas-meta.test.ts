// The validators skip ajv's meta-schema check at run time (it cost every start); this is where every
// schema we compile is checked against the JSON Schema 2020-12 meta-schema instead.
import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadControlSpec } from '../../src/spec/control-spec.js';
import { loadSpec, type JsonSchema } from '../../src/spec/load.js';
import { createAjv } from '../../src/spec/validate.js';
import { FIXTURES_DIR } from '../../src/store/scenarios.js';

const ajv = createAjv({ coerce: false });
const valid = (schema: JsonSchema) => ajv.validateSchema(schema) === true || JSON.stringify(ajv.errors);

t.test('the meta-schema check still catches a broken schema', async (t) => {
  t.not(valid({ type: 'object', properties: { a: { type: 'strin' } } }), true);
  t.not(valid({ type: 'string', maxLength: -1 }), true);
});

t.test("every operation's parameter schema of openapi.yaml", async (t) => {
  for (const op of loadSpec().operations) t.equal(valid(op.paramsSchema), true, op.operationId);
});

t.test("every control-plane body schema", async (t) => {
  const withBody = loadControlSpec().operations.filter((op) => op.bodySchema);
  t.ok(withBody.length > 5);
  for (const op of withBody) t.equal(valid(op.bodySchema!), true, op.operationId);
});

t.test('every fixtures/schemas file', async (t) => {
  const dir = join(FIXTURES_DIR, 'schemas');
  for (const file of readdirSync(dir)) t.equal(valid(JSON.parse(readFileSync(join(dir, file), 'utf8'))), true, file);
});
