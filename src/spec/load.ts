import { join } from 'node:path';
import type { OpenAPIV3_1 } from 'openapi-types';
import { PACKAGE_ROOT } from '../package-root.js';
import { oncePerFile } from './once-per-file.js';
import { readYaml } from './read-yaml.js';

export const SPEC_PATH = join(PACKAGE_ROOT, 'openapi.yaml');

export type JsonSchema = Record<string, unknown>;

export interface RspCodeEntry {
  rspCode: string;
  rspMsg: string;
  success?: boolean;
  when?: string;
  /**
   * x-umc-assumed: the code is outside the operation's 适用范围 in table 4-1-2, and that it comes here is
   * our reading: a deployment that answers otherwise is noted, not failed.
   */
  assumed?: boolean;
}

export interface ParamSpec {
  name: string;
  /** Where the document says it travels; the server reads query and form as one set anyway. */
  in: 'query' | 'body';
  required: boolean;
  schema: JsonSchema;
  /** rspCode for a missing or invalid value (x-umc-error-code), 500001 unless the spec says otherwise. */
  errorCode: string;
}

export interface OperationSpec {
  operationId: string;
  method: 'GET' | 'POST';
  path: string;
  section: string;
  summary: string;
  tags: string[];
  /** How the body is read: form (servlet parameters) or a JSON object. */
  bodyKind: 'form' | 'json';
  params: ParamSpec[];
  /** Object schema over all parameters, with cross-field rules (allOf/if/then) kept. */
  paramsSchema: JsonSchema;
  rspCodes: RspCodeEntry[];
  success: RspCodeEntry;
  /** The envelope carries debuggerErrorMsg (5.2.1, 5.2.2, 5.3.3). */
  withDebugger: boolean;
  successSchema: JsonSchema;
  errorSchema: JsonSchema;
  assumptions: string[];
  /** Whether a token is needed: a token parameter whose error code is 500003. */
  needsToken: boolean;
  /** Whether the caller authenticates with appId + appPassword (5.1.1). */
  authenticates: boolean;
  /** x-umc-changes-state: the operation changes state (and --data persists it). */
  changesState: boolean;
}

/** One row of the vendor document's table 4-1-2: a code, the sections it applies to, its text. */
export interface DocumentCode {
  rspCode: string;
  /** Section numbers ("5.3.1"), or ["通用"] for every operation. */
  scope: string[];
  text: string;
}

/** x-umc-servlet-parameters: where the servlet reads a request's parameters, in order. */
export interface ServletParameters {
  /** A form operation's sources: 'query', then the body media types read as form fields. */
  form: string[];
  /** A JSON operation's sources: 'application/json' (the body's fields), then 'query'. */
  json: string[];
}

/** The body media types umc-mock can read as a form (src/mock/request-params.ts). */
export const FORM_MEDIA = ['application/x-www-form-urlencoded', 'multipart/form-data'];

function readServletParameters(raw: unknown): ServletParameters {
  const block = (raw ?? {}) as Record<string, unknown>;
  const list = (key: string) => (Array.isArray(block[key]) ? (block[key] as unknown[]).map(String) : []);
  const form = list('form');
  const json = list('json');
  if (form[0] !== 'query' || form.slice(1).some((m) => !FORM_MEDIA.includes(m))) {
    throw new Error(`openapi.yaml: x-umc-servlet-parameters.form must be query followed by form media umc-mock reads (${FORM_MEDIA.join(', ')}): ${JSON.stringify(form)}`);
  }
  if (json.join(',') !== 'application/json,query') throw new Error(`openapi.yaml: x-umc-servlet-parameters.json must be [application/json, query]: ${JSON.stringify(json)}`);
  return { form, json };
}

export interface LoadedSpec {
  document: OpenAPIV3_1.Document;
  /** How the servlet reads parameters (x-umc-servlet-parameters). */
  servletParameters: ServletParameters;
  /** Table 4-1-2 as printed (x-umc-document-codes). */
  documentCodes: DocumentCode[];
  operations: OperationSpec[];
  byId: Map<string, OperationSpec>;
  paths: Map<string, OperationSpec[]>;
}

/** Inlines every local $ref ('#/components/...'), keeping sibling keywords of the ref. */
export function dereference<T>(node: T, root: unknown, seen: string[] = []): T {
  if (Array.isArray(node)) return node.map((item) => dereference(item, root, seen)) as T;
  if (node === null || typeof node !== 'object') return node;
  const obj = node as Record<string, unknown>;
  if (typeof obj.$ref === 'string') {
    const ref = obj.$ref;
    if (!ref.startsWith('#/')) throw new Error(`openapi.yaml: only local $refs are supported: ${ref}`);
    if (seen.includes(ref)) throw new Error(`openapi.yaml: circular $ref ${ref}`);
    const target = ref
      .slice(2)
      .split('/')
      .reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], root);
    if (target === undefined) throw new Error(`openapi.yaml: unresolved $ref ${ref}`);
    const { $ref: _ignored, ...siblings } = obj;
    return { ...(dereference(target, root, [...seen, ref]) as object), ...dereference(siblings, root, seen) } as T;
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) out[key] = dereference(value, root, seen);
  return out as T;
}

const METHODS = ['get', 'post'] as const;

function asStrings(value: unknown): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

/**
 * A parameter's schema as the servlet reads it. A form field written as text (`type: string`, a
 * `pattern` for clients) with `x-umc-parsed` is the value parsed from that text: its type, limits and
 * default replace the text's, and the pattern goes (the parsed rules are the exact ones). Its
 * description and x-umc-* marks stay.
 */
export function servletSchema(schema: JsonSchema): JsonSchema {
  const parsed = schema['x-umc-parsed'] as JsonSchema | undefined;
  if (!parsed) return schema;
  const { type: _type, pattern: _pattern, default: _default, examples, 'x-umc-parsed': _parsed, ...rest } = schema;
  return { ...rest, ...parsed, ...(Array.isArray(examples) ? { examples: examples.map((e) => (typeof e === 'string' && /^\d+$/.test(e) ? Number(e) : e)) } : {}) };
}

/**
 * The operation's parameters as the servlet sees them: one per name, wherever it travels. A declaration
 * marked x-umc-alternate is another place the servlet reads a parameter declared elsewhere (the token in
 * the query of a JSON operation): it adds no parameter, and must have one to stand for. A parameter is
 * required when its declaration is, or says x-umc-required (required in the query or in the body).
 */
function readParams(operationId: string, raw: Record<string, any>, bodySchema: JsonSchema | undefined): ParamSpec[] {
  const params: ParamSpec[] = [];
  const alternates: string[] = [];
  const declare = (name: string, where: ParamSpec['in'], decl: Record<string, any>, schema: JsonSchema, required: boolean) => {
    if (decl['x-umc-alternate'] === true) return void alternates.push(name);
    if (params.some((p) => p.name === name)) throw new Error(`openapi.yaml: ${operationId} declares ${name} twice (mark one x-umc-alternate)`);
    params.push({
      name,
      in: where,
      required: required || decl['x-umc-required'] === true || schema['x-umc-required'] === true,
      schema,
      errorCode: String(decl['x-umc-error-code'] ?? schema['x-umc-error-code'] ?? '500001'),
    });
  };
  for (const p of (raw.parameters ?? []) as Record<string, any>[]) declare(p.name, 'query', p, servletSchema(p.schema ?? {}), Boolean(p.required));
  const bodyRequired = new Set<string>(asStrings(bodySchema?.required));
  for (const [name, written] of Object.entries((bodySchema?.properties ?? {}) as Record<string, JsonSchema>)) declare(name, 'body', written, servletSchema(written), bodyRequired.has(name));
  const orphan = alternates.find((name) => !params.some((p) => p.name === name));
  if (orphan) throw new Error(`openapi.yaml: ${operationId}: ${orphan} is marked x-umc-alternate, but has no main declaration`);
  return params;
}

function readOperation(path: string, method: (typeof METHODS)[number], raw: Record<string, any>): OperationSpec {
  const content = raw.requestBody?.content ?? {};
  const bodyKind: OperationSpec['bodyKind'] = content['application/json'] ? 'json' : 'form';
  const bodySchema: JsonSchema | undefined = (content['application/json'] ?? content['application/x-www-form-urlencoded'])?.schema;
  const params = readParams(raw.operationId, raw, bodySchema);
  const paramsSchema: JsonSchema = {
    type: 'object',
    properties: Object.fromEntries(params.map((p) => [p.name, p.schema])),
    required: params.filter((p) => p.required).map((p) => p.name),
  };
  if (bodySchema?.allOf) paramsSchema.allOf = bodySchema.allOf;

  const rspCodes = ((raw['x-rsp-codes'] ?? []) as Record<string, any>[]).map(({ 'x-umc-assumed': assumed, 'x-umc-assumption': _why, ...entry }): RspCodeEntry => ({
    ...(entry as RspCodeEntry),
    ...(assumed === true ? { assumed: true } : {}),
  }));
  const success = rspCodes.find((c) => c.success);
  if (!success) throw new Error(`openapi.yaml: ${raw.operationId} has no success entry in x-rsp-codes`);
  const variants = (raw.responses?.['200']?.content?.['application/json']?.schema?.oneOf ?? []) as JsonSchema[];
  const [successSchema, errorSchema] = variants;
  if (!successSchema || !errorSchema) throw new Error(`openapi.yaml: ${raw.operationId} needs oneOf [success, error] for its 200 response`);
  return {
    operationId: raw.operationId,
    method: method.toUpperCase() as OperationSpec['method'],
    path,
    section: String(raw['x-umc-section'] ?? ''),
    summary: String(raw.summary ?? ''),
    tags: raw.tags ?? [],
    bodyKind,
    params,
    paramsSchema,
    rspCodes,
    success,
    withDebugger: asStrings(successSchema.required).includes('debuggerErrorMsg'),
    successSchema,
    errorSchema,
    assumptions: asStrings(raw['x-umc-assumption']),
    needsToken: params.some((p) => p.name === 'token' && p.errorCode === '500003'),
    authenticates: params.some((p) => p.name === 'appPassword'),
    changesState: raw['x-umc-changes-state'] === true,
  };
}

const readSpecOnce = oncePerFile(readSpec);

/** openapi.yaml read and resolved once per process (and per file). */
export function loadSpec(file = SPEC_PATH): LoadedSpec {
  return readSpecOnce(file);
}

function readSpec(file: string): LoadedSpec {
  const document = readYaml(file) as OpenAPIV3_1.Document;
  const resolved = dereference(document, document) as Record<string, any>;
  const operations: OperationSpec[] = [];
  for (const [path, item] of Object.entries((resolved.paths ?? {}) as Record<string, any>)) {
    for (const method of METHODS) if (item[method]) operations.push(readOperation(path, method, item[method]));
  }
  const byId = new Map(operations.map((op) => [op.operationId, op]));
  if (byId.size !== operations.length) throw new Error('openapi.yaml: duplicate operationId');
  const paths = new Map<string, OperationSpec[]>();
  for (const op of operations) paths.set(op.path, [...(paths.get(op.path) ?? []), op]);
  const documentCodes = ((document as Record<string, unknown>)['x-umc-document-codes'] ?? []) as DocumentCode[];
  const servletParameters = readServletParameters((document as Record<string, unknown>)['x-umc-servlet-parameters']);
  return { document, servletParameters, documentCodes, operations, byId, paths };
}
