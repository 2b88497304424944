// The client's answer and query types are hand-written: each names the control-plane.yaml schema it
// mirrors, and this reads both and checks every property, whether it is required, and its type.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { CONTROL_SPEC_PATH } from '../../src/spec/control-spec.js';
import { parseYaml } from '../../src/spec/read-yaml.js';

type Schema = Record<string, any>;
const FILE = fileURLToPath(new URL('../../src/client/control-types.ts', import.meta.url));
const document = parseYaml(readFileSync(CONTROL_SPEC_PATH, 'utf8')) as Schema;

function at(pointer: string): Schema {
  const found = pointer
    .replace(/^#\//, '')
    .split('/')
    .reduce<any>((node, key) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], document);
  if (found === undefined) throw new Error(`control-plane.yaml has nothing at ${pointer}`);
  return found.$ref ? at(found.$ref) : found;
}

interface Declared {
  name: string;
  tag: 'schema' | 'parameters';
  pointer: string;
  props: Map<string, { optional: boolean; type: string }>;
}

const parsed = new Map<string, ts.SourceFile>();
function sourceOf(file: string): ts.SourceFile {
  if (!parsed.has(file)) parsed.set(file, ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true));
  return parsed.get(file)!;
}

function propsOf(node: ts.InterfaceDeclaration, source: ts.SourceFile): Declared['props'] {
  const props: Declared['props'] = new Map();
  for (const member of node.members) {
    if (ts.isPropertySignature(member)) props.set(member.name.getText(source), { optional: Boolean(member.questionToken), type: member.type!.getText(source) });
  }
  return props;
}

/** The @schema or @parameters tag in the comment before a statement. */
function tagOf(statement: ts.Statement, source: ts.SourceFile): { tag: Declared['tag']; pointer: string } {
  const found = statement.getFullText(source).match(/@(schema|parameters)\s+(\S+)/);
  return { tag: found?.[1] as Declared['tag'], pointer: found?.[2] ?? '' };
}

/** Interfaces declared in control-types.ts, and those it re-exports (`export type { A as B } from`), read where they are declared. */
const types = sourceOf(FILE);
const declared: Declared[] = types.statements.flatMap((statement): Declared[] => {
  if (ts.isInterfaceDeclaration(statement)) return [{ name: statement.name.text, ...tagOf(statement, types), props: propsOf(statement, types) }];
  if (!ts.isExportDeclaration(statement) || !statement.exportClause || !ts.isNamedExports(statement.exportClause) || !statement.moduleSpecifier) return [];
  const from = join(dirname(FILE), (statement.moduleSpecifier as ts.StringLiteral).text.replace(/\.js$/, '.ts'));
  const origin = sourceOf(from);
  return statement.exportClause.elements.map((element) => {
    const original = (element.propertyName ?? element.name).text;
    const node = origin.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === original);
    if (!node) throw new Error(`${from} declares no interface ${original}`);
    return { name: element.name.text, ...tagOf(statement, types), props: propsOf(node, origin) };
  });
});
const interfaceAt = new Map(declared.filter((d) => d.tag === 'schema').map((d) => [d.pointer, d.name]));

/** The TypeScript type a schema asks for, as a set of union members. */
function expected(schema: Schema, pointer: string): Set<string> {
  const types: string[] = Array.isArray(schema.type) ? schema.type : [schema.type];
  const named = interfaceAt.get(schema.$ref ?? pointer);
  // A named interface, or null where the schema allows it too.
  if (named) return new Set([named, ...types.filter((type) => type === 'null')]);
  // A shared schema no interface mirrors (NextOffset): the type it asks for.
  if (schema.$ref) return expected(at(schema.$ref), schema.$ref);
  if ('const' in schema) return new Set([typeof schema.const === 'string' ? `'${schema.const}'` : String(schema.const)]);
  if (schema.enum) return new Set(schema.enum.map((v: unknown) => (typeof v === 'string' ? `'${v}'` : String(v))));
  return new Set(
    types.map((type) => {
      if (type === 'string' || type === 'boolean' || type === 'null') return type;
      if (type === 'integer' || type === 'number') return 'number';
      if (type === 'array') {
        const items = [...expected(schema.items, `${pointer}/items`)];
        return items.length > 1 ? `(${items.join(' | ')})[]` : `${items[0]}[]`;
      }
      if (type === 'object' && schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        return `Record<string, ${[...expected(schema.additionalProperties, `${pointer}/additionalProperties`)].join(' | ')}>`;
      }
      if (type === 'object') return 'Record<string, unknown>';
      throw new Error(`no TypeScript type for ${JSON.stringify(schema)} at ${pointer}`);
    }),
  );
}

/** The members of a union type, split at the top level only: ('a' | 'b')[] is one member. */
function members(type: string): Set<string> {
  const found: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < type.length; i++) {
    if ('(<{['.includes(type[i]!)) depth++;
    else if (')>}]'.includes(type[i]!)) depth--;
    else if (type[i] === '|' && depth === 0) {
      found.push(type.slice(start, i));
      start = i + 1;
    }
  }
  found.push(type.slice(start));
  return new Set(found.map((m) => m.trim().replace(/"/g, "'")));
}

/** name → whether required and the schema, from an object schema or an operation's parameters. */
function fieldsOf(d: Declared): Map<string, { required: boolean; schema: Schema; pointer: string }> {
  const fields = new Map<string, { required: boolean; schema: Schema; pointer: string }>();
  if (d.tag === 'parameters') {
    for (const p of at(d.pointer).parameters as Schema[]) {
      const param = p.$ref ? at(p.$ref) : p;
      if (param.in === 'query') fields.set(param.name, { required: param.required === true, schema: param.schema, pointer: '' });
    }
    return fields;
  }
  const schema = at(d.pointer);
  for (const [name, prop] of Object.entries(schema.properties as Record<string, Schema>)) {
    fields.set(name, { required: (schema.required ?? []).includes(name), schema: prop, pointer: `${d.pointer}/properties/${name}` });
  }
  return fields;
}

t.test('every interface names the schema it mirrors', async (t) => {
  t.ok(declared.length >= 15);
  for (const d of declared) t.ok(d.tag && d.pointer.startsWith('#/'), `${d.name} has @schema or @parameters`);
});

for (const d of declared) {
  t.test(`${d.name} matches ${d.pointer}`, async (t) => {
    const fields = fieldsOf(d);
    t.same([...d.props.keys()].sort(), [...fields.keys()].sort(), 'the same properties');
    for (const [name, field] of fields) {
      const prop = d.props.get(name);
      if (!prop) continue;
      t.equal(prop.optional, !field.required, `${name}: ${field.required ? 'required' : 'optional'}`);
      t.same([...members(prop.type)].sort(), [...expected(field.schema, field.pointer)].sort(), `${name}: ${prop.type}`);
    }
  });
}

t.test('the check notices a type that drifted from the YAML', async (t) => {
  const clock = declared.find((d) => d.name === 'Clock')!;
  t.notSame([...members('string')], [...expected(fieldsOf(clock).get('epochMs')!.schema, '')], 'epochMs: string would be caught');
});
