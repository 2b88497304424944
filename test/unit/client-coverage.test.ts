// Each client covers its spec: every operationId of openapi.yaml is a UmcClient method, every
// operationId of control-plane.yaml is a ControlClient member (named by its @operation tag); both
// lists are read from the YAML, so an operation added there fails here until its method exists.
// And UmcClient's generated types (src/client/api-types.ts) are what openapi.yaml says now.
import t, { type Test } from 'tap';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { API_TYPES_FILE, CLIENT_FILLED, apiTypesSource, typePrefix } from '../../scripts/client-api-types.js';
import { ControlClient } from '../../src/client/control-client.js';
import { API_OPERATIONS } from '../../src/client/api-types.js';
import { UmcClient } from '../../src/client/umc-client.js';
import { CONTROL_SPEC_PATH } from '../../src/spec/control-spec.js';
import { SPEC_PATH, loadSpec, type JsonSchema } from '../../src/spec/load.js';
import { parseYaml } from '../../src/spec/read-yaml.js';

/** The operations of an OpenAPI file, read from its paths as written. */
function operationsOf(file: string): { operationId: string; method: string; path: string }[] {
  const document = parseYaml(readFileSync(file, 'utf8')) as { paths: Record<string, Record<string, { operationId?: string }>> };
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([, op]) => typeof op?.operationId === 'string')
      .map(([method, op]) => ({ operationId: op.operationId!, method: method.toUpperCase(), path })),
  );
}

/** The operationIds that have no UmcClient method. */
function missingUmcMethods(operationIds: string[]): string[] {
  return operationIds.filter((id) => typeof (UmcClient.prototype as unknown as Record<string, unknown>)[id] !== 'function');
}

interface Tagged {
  /** The member as called: 'reset', 'clock.get'. */
  member: string;
  operationId: string;
}

/** ControlClient's members with the @operation tags of their comments, nested objects' members too. */
function taggedControlMembers(): Tagged[] {
  const file = fileURLToPath(new URL('../../src/client/control-client.ts', import.meta.url));
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: Tagged[] = [];
  const visit = (node: ts.ClassElement | ts.ObjectLiteralElementLike, prefix: string) => {
    if (!node.name || !ts.isIdentifier(node.name)) return;
    const member = prefix ? `${prefix}.${node.name.text}` : node.name.text;
    const comment = node.getFullText(source).slice(0, node.getLeadingTriviaWidth(source));
    for (const tag of comment.matchAll(/@operation\s+(\w+)/g)) found.push({ member, operationId: tag[1]! });
    if (ts.isPropertyDeclaration(node) && node.initializer && ts.isObjectLiteralExpression(node.initializer)) {
      for (const property of node.initializer.properties) visit(property, member);
    }
  };
  const declaration = source.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === 'ControlClient');
  for (const member of declaration!.members) visit(member, '');
  return found;
}

/** The operationIds no tagged member calls. */
function missingControlMembers(operationIds: string[], tagged: Tagged[]): string[] {
  return operationIds.filter((id) => !tagged.some((m) => m.operationId === id));
}

const api = operationsOf(SPEC_PATH);
const control = operationsOf(CONTROL_SPEC_PATH);

t.test('every operationId of openapi.yaml is a UmcClient method', async (t) => {
  t.ok(api.length >= 13, `${api.length} operations`);
  t.same(missingUmcMethods(api.map((op) => op.operationId)), [], 'add the missing method to src/client/umc-client.ts');
  t.same(missingUmcMethods([...api.map((op) => op.operationId), 'newOperation']), ['newOperation'], 'an operation added to the YAML would be caught');
});

t.test('API_OPERATIONS routes each operation as openapi.yaml does', async (t) => {
  t.same(Object.keys(API_OPERATIONS).sort(), api.map((op) => op.operationId).sort());
  for (const op of api) t.match(API_OPERATIONS[op.operationId as keyof typeof API_OPERATIONS], { method: op.method, path: op.path }, op.operationId);
});

t.test('every operationId of control-plane.yaml is a ControlClient member', async (t) => {
  const tagged = taggedControlMembers();
  const ids = control.map((op) => op.operationId);
  t.ok(ids.length >= 28, `${ids.length} operations`);
  t.same(missingControlMembers(ids, tagged), [], 'add a method to src/client/control-client.ts and name the operation in its comment (@operation)');
  t.same(missingControlMembers([...ids, 'newOperation'], tagged), ['newOperation'], 'an operation added to the YAML would be caught');
  t.same(tagged.filter((m) => !ids.includes(m.operationId)), [], 'no tag names an operation the YAML does not have');
  const client = new ControlClient('http://127.0.0.1:1') as unknown as Record<string, unknown>;
  for (const { member, operationId } of tagged) {
    const target = member.split('.').reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], client);
    t.type(target, 'function', `${member} (${operationId}) is a function`);
  }
});

t.test('src/client/api-types.ts is what openapi.yaml generates', async (t) => {
  t.equal(readFileSync(API_TYPES_FILE, 'utf8'), apiTypesSource(loadSpec()), 'run `npm run build` after editing openapi.yaml');
});

// Read apart from the generator: the interfaces as TypeScript declares them, against the YAML.
const declared = new Map<string, Map<string, { optional: boolean; type: string }>>();
const aliases = new Map<string, string>();
{
  const source = ts.createSourceFile(API_TYPES_FILE, readFileSync(API_TYPES_FILE, 'utf8'), ts.ScriptTarget.ES2022, true);
  for (const statement of source.statements) {
    if (ts.isTypeAliasDeclaration(statement)) aliases.set(statement.name.text, statement.type.getText(source));
    if (!ts.isInterfaceDeclaration(statement)) continue;
    const props = new Map<string, { optional: boolean; type: string }>();
    for (const member of statement.members) {
      if (ts.isPropertySignature(member)) props.set(member.name.getText(source), { optional: Boolean(member.questionToken), type: member.type!.getText(source) });
    }
    declared.set(statement.name.text, props);
  }
}

/** What a flat schema asks for in TypeScript, or undefined for nested ones (objects, arrays). */
function flatType(schema: JsonSchema): string | undefined {
  const literal = (v: unknown) => (typeof v === 'string' ? `'${v}'` : String(v));
  if (schema.contentMediaType) return undefined;
  if ('const' in schema) return literal(schema.const);
  if (Array.isArray(schema.enum)) return schema.enum.map(literal).join(' | ');
  if (schema.type === 'string') return 'string';
  if (schema.type === 'integer' || schema.type === 'number') return 'number';
  return undefined;
}

function checkFields(t: Test, name: string, fields: { name: string; required: boolean; schema: JsonSchema }[]) {
  const props = declared.get(name);
  if (!props) return t.fail(`${name} is not declared`);
  t.same([...props.keys()].sort(), fields.map((f) => f.name).sort(), `${name}: the same properties`);
  for (const field of fields) {
    const prop = props.get(field.name);
    if (!prop) continue;
    t.equal(prop.optional, !field.required, `${name}.${field.name}: ${field.required ? 'required' : 'optional'}`);
    const flat = flatType(field.schema);
    if (flat) t.equal(prop.type, flat, `${name}.${field.name}: ${flat}`);
  }
}

for (const op of loadSpec().operations) {
  t.test(`${op.operationId}: its Params and Result have the YAML's properties`, async (t) => {
    const prefix = typePrefix(op.operationId);
    const params = op.params.filter((p) => !CLIENT_FILLED.includes(p.name));
    if (params.length === 0) t.equal(aliases.get(`${prefix}Params`), 'Record<string, never>', 'no parameters to give');
    else checkFields(t, `${prefix}Params`, params);
    for (const p of params.filter((p) => p.schema.contentMediaType === 'application/json')) {
      t.match(declared.get(`${prefix}Params`)!.get(p.name)!.type, /\[\]$/, `${p.name}: given as the array, sent as JSON text`);
    }
    const resultData = ((op.successSchema.properties ?? {}) as Record<string, JsonSchema>).resultData!;
    const object = resultData.type === 'array' ? (resultData.items as JsonSchema) : resultData;
    if (object.type !== 'object') return t.equal(aliases.get(`${prefix}Result`), 'null', 'resultData is null');
    const required = new Set((object.required ?? []) as string[]);
    const fields = Object.entries((object.properties ?? {}) as Record<string, JsonSchema>).map(([name, schema]) => ({ name, required: required.has(name), schema }));
    checkFields(t, resultData.type === 'array' ? `${prefix}Item` : `${prefix}Result`, fields);
    const codes = op.rspCodes.filter((c) => !c.success).map((c) => `'${c.rspCode}'`);
    t.same(aliases.get(`${prefix}ErrorCode`)!.split(' | ').sort(), codes.sort(), 'its error codes');
  });
}
