/**
 * Writes src/client/api-types.ts from openapi.yaml: for each operation its parameters (…Params),
 * what its success carries in resultData (…Result), the rspCodes it may refuse with (…ErrorCode),
 * and API_OPERATIONS, how each call travels (method, path, which parameters go in the URL, the
 * body's kind, the success code). UmcClient is typed by it and sends by it. scripts/build.ts
 * regenerates it before compiling; test/unit/client-coverage.test.ts checks the file is what this
 * makes of openapi.yaml now, and that its interfaces have the spec's properties.
 */
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/package-root.js';
import { dereference, type JsonSchema, type LoadedSpec, type OperationSpec } from '../src/spec/load.js';

export const API_TYPES_FILE = join(PACKAGE_ROOT, 'src', 'client', 'api-types.ts');

/** Parameters the client fills itself: the token it holds, the credentials it was given. */
export const CLIENT_FILLED = ['token', 'appId', 'appPassword'];

/** sendMessageApi → SendMessageApi: the prefix of an operation's type names. */
export function typePrefix(operationId: string): string {
  return operationId[0]!.toUpperCase() + operationId.slice(1);
}

const literal = (value: unknown) => (typeof value === 'string' ? `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : JSON.stringify(value));
const isIdentifier = (name: string) => /^[A-Za-z_$][\w$]*$/.test(name);

/** A description as one comment line (the spec's own words, Chinese mostly). */
function docLine(text: unknown, indent: string, extra: string[] = []): string {
  const words = [typeof text === 'string' ? text.replace(/\s*\n\s*/g, ' ').trim() : '', ...extra].filter(Boolean).join(' ');
  return words ? `${indent}/** ${words.replace(/\*\//g, '*\\/')} */\n` : '';
}

function typeOf(schema: JsonSchema, indent: string): string {
  // A parameter sent as JSON text (receivers): the client takes the value and writes the text.
  if (schema.contentMediaType === 'application/json' && schema.contentSchema) return typeOf(schema.contentSchema as JsonSchema, indent);
  if ('const' in schema) return literal(schema.const);
  if (Array.isArray(schema.enum)) return schema.enum.map(literal).join(' | ');
  const types = (Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : schema.properties ? ['object'] : []) as string[];
  if (types.length === 0) return 'unknown';
  return types
    .map((type) => {
      if (type === 'string' || type === 'boolean' || type === 'null') return type;
      if (type === 'integer' || type === 'number') return 'number';
      if (type === 'array') {
        const item = typeOf((schema.items ?? {}) as JsonSchema, indent);
        return item.includes('|') && !item.startsWith('{') ? `(${item})[]` : `${item}[]`;
      }
      if (type === 'object') return objectType(schema, indent);
      throw new Error(`openapi.yaml: no TypeScript type for ${JSON.stringify(schema)}`);
    })
    .join(' | ');
}

function objectType(schema: JsonSchema, indent: string): string {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const extra = schema.additionalProperties;
  if (Object.keys(properties).length === 0) {
    return extra && typeof extra === 'object' ? `Record<string, ${typeOf(extra as JsonSchema, indent)}>` : 'Record<string, unknown>';
  }
  const required = new Set((schema.required ?? []) as string[]);
  const fields = Object.entries(properties).map(([name, prop]) => ({ name, required: required.has(name), schema: prop }));
  return `{\n${members(fields, `${indent}  `)}${indent}}`;
}

interface Field {
  name: string;
  required: boolean;
  schema: JsonSchema;
  description?: unknown;
}

function members(fields: Field[], indent: string): string {
  return fields
    .map((f) => {
      const notes = [f.schema.contentMediaType === 'application/json' ? '(Sent as JSON text.)' : '', f.schema.deprecated ? '@deprecated' : ''];
      const key = isIdentifier(f.name) ? f.name : literal(f.name);
      return `${docLine(f.description ?? f.schema.description, indent, notes)}${indent}${key}${f.required ? '' : '?'}: ${typeOf(f.schema, indent)};\n`;
    })
    .join('');
}

/** The operation's parameters as the caller gives them: all but those the client fills. */
function paramFields(op: OperationSpec, spec: LoadedSpec): Field[] {
  // A query parameter's description sits on the parameter, which ParamSpec does not keep.
  const raw = dereference((spec.document.paths as Record<string, any>)[op.path][op.method.toLowerCase()], spec.document) as Record<string, any>;
  const described = new Map<string, unknown>(((raw.parameters ?? []) as Record<string, unknown>[]).map((p) => [String(p.name), p.description]));
  return op.params
    .filter((p) => !CLIENT_FILLED.includes(p.name))
    .map((p) => ({ name: p.name, required: p.required, schema: p.schema, description: p.schema.description ?? described.get(p.name) }));
}

function resultTypes(op: OperationSpec, prefix: string): string {
  const resultData = ((op.successSchema.properties ?? {}) as Record<string, JsonSchema>).resultData ?? {};
  const items = resultData.items as JsonSchema | undefined;
  if (resultData.type === 'object' && resultData.properties) {
    return `export interface ${prefix}Result ${objectType(resultData, '')}\n`;
  }
  if (resultData.type === 'array' && items?.type === 'object') {
    return `${docLine(items.description, '')}export interface ${prefix}Item ${objectType(items, '')}\n\nexport type ${prefix}Result = ${prefix}Item[];\n`;
  }
  return `export type ${prefix}Result = ${typeOf(resultData, '')};\n`;
}

function operationTypes(op: OperationSpec, spec: LoadedSpec): string {
  const prefix = typePrefix(op.operationId);
  const fields = paramFields(op, spec);
  const params = fields.length
    ? `export interface ${prefix}Params {\n${members(fields, '  ')}}\n`
    : `export type ${prefix}Params = Record<string, never>;\n`;
  const codes = op.rspCodes.filter((c) => !c.success).map((c) => literal(c.rspCode));
  return [
    `// ${op.section} ${op.operationId}: ${op.method} ${op.path}, ${op.summary}`,
    '',
    params,
    resultTypes(op, prefix),
    `/** The rspCodes openapi.yaml lists for ${op.operationId} besides success. */`,
    `export type ${prefix}ErrorCode = ${codes.join(' | ') || 'never'};`,
    '',
  ].join('\n');
}

function route(op: OperationSpec): string {
  const query = op.params.filter((p) => p.in === 'query').map((p) => literal(p.name));
  const bodyParams = op.params.filter((p) => p.in === 'body');
  const jsonText = bodyParams.filter((p) => p.schema.contentMediaType === 'application/json').map((p) => literal(p.name));
  const body = bodyParams.length === 0 ? 'none' : op.bodyKind;
  const codes = op.rspCodes.map((c) => literal(c.rspCode));
  return [
    `  ${op.operationId}: {`,
    `    section: ${literal(op.section)},`,
    `    method: ${literal(op.method)},`,
    `    path: ${literal(op.path)},`,
    `    query: [${query.join(', ')}],`,
    `    body: ${literal(body)},`,
    `    jsonText: [${jsonText.join(', ')}],`,
    `    success: ${literal(op.success.rspCode)},`,
    `    codes: [${codes.join(', ')}],`,
    '  },',
  ].join('\n');
}

/** The text of src/client/api-types.ts for this spec. */
export function apiTypesSource(spec: LoadedSpec): string {
  const ops = spec.operations;
  return [
    '// Generated from openapi.yaml by scripts/client-api-types.ts (npm run build writes it); do not edit.',
    '// test/unit/client-coverage.test.ts fails when this file and openapi.yaml disagree.',
    '',
    ...ops.map((op) => operationTypes(op, spec)),
    '/** Per operationId: what the caller gives, what a success returns (resultData), the codes it may refuse with. */',
    'export interface ApiOperations {',
    ...ops.map((op) => {
      const p = typePrefix(op.operationId);
      return `  ${op.operationId}: { params: ${p}Params; result: ${p}Result; errorCode: ${p}ErrorCode };`;
    }),
    '}',
    '',
    'export type OperationId = keyof ApiOperations;',
    '',
    '/** How one operation travels: the parameters named in `query` go in the URL, the others in the body. */',
    'export interface ApiRoute {',
    '  /** The document\'s section (5.3.1). */',
    '  section: string;',
    "  method: 'GET' | 'POST';",
    '  path: string;',
    '  query: readonly string[];',
    "  body: 'form' | 'json' | 'none';",
    '  /** Form parameters sent as JSON text (receivers). */',
    '  jsonText: readonly string[];',
    '  /** The success rspCode ("1" for 5.3.2). */',
    '  success: string;',
    '  /** Every rspCode openapi.yaml lists for it, success included. */',
    '  codes: readonly string[];',
    '}',
    '',
    'export const API_OPERATIONS: { readonly [K in OperationId]: ApiRoute } = {',
    ...ops.map(route),
    '};',
    '',
  ].join('\n');
}
