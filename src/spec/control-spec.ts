import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { dereference, type JsonSchema } from './load.js';
import { createAjv, describeSchemaError } from './validate.js';

export const CONTROL_SPEC_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'control-plane.yaml');

export interface ControlOperation {
  operationId: string;
  method: 'GET' | 'POST' | 'DELETE';
  /** Fastify form: /__umc/faults/:id */
  url: string;
  /** The query parameters' rules, as one object schema (types, ranges, enums, defaults). */
  querySchema?: JsonSchema;
  bodySchema?: JsonSchema;
  /** x-umc-persisted: changes the platform's state, kept by --data. */
  persisted: boolean;
}

/** A control-plane input that breaks control-plane.yaml: the message names the field. */
export class ControlInputError extends Error {}

type Validator = (input: unknown) => void;

function validatorOf(validate: ValidateFunction, root: JsonSchema): Validator {
  return (input) => {
    if (!validate(input)) throw new ControlInputError(describeSchemaError(validate.errors ?? [], root));
  };
}

interface YamlParameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: JsonSchema;
  'x-umc-message'?: string;
}

/** The query parameters of one operation as one object schema; a message on a parameter names it. */
function querySchemaOf(parameters: YamlParameter[] | undefined): JsonSchema | undefined {
  const query = (parameters ?? []).filter((p) => p.in === 'query');
  if (query.length === 0) return undefined;
  const properties: Record<string, JsonSchema> = {};
  for (const p of query) properties[p.name] = { ...(p.schema ?? {}), ...(p['x-umc-message'] ? { 'x-umc-message': p['x-umc-message'] } : {}) };
  return { type: 'object', properties, required: query.filter((p) => p.required).map((p) => p.name) };
}

export interface ControlSpec {
  document: unknown;
  operations: ControlOperation[];
  operation(operationId: string): ControlOperation | undefined;
  /**
   * The query as the operation reads it: blank values dropped (absent), numbers coerced, defaults
   * filled in; throws a ControlInputError naming the field when a rule of the YAML is broken.
   */
  readQuery(operationId: string, query: Record<string, unknown>): Record<string, unknown>;
  /** Throws a ControlInputError naming the field when the body breaks the operation's schema. */
  validateBody(operationId: string, body: unknown): void;
}

const cache = new Map<string, ControlSpec>();

/** The control plane's own contract, compiled once per file: its operations, query and body rules. */
export function loadControlSpec(file = CONTROL_SPEC_PATH): ControlSpec {
  const known = cache.get(file);
  if (known) return known;
  const document = parse(readFileSync(file, 'utf8'));
  const resolved = dereference(document, document) as { paths: Record<string, Record<string, any>> };
  const operations: ControlOperation[] = [];
  for (const [path, item] of Object.entries(resolved.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'delete'].includes(method)) continue;
      operations.push({
        operationId: op.operationId,
        method: method.toUpperCase() as ControlOperation['method'],
        url: path.replace(/\{(\w+)\}/g, ':$1'),
        querySchema: querySchemaOf(op.parameters),
        bodySchema: op.requestBody?.content?.['application/json']?.schema,
        persisted: op['x-umc-persisted'] === true,
      });
    }
  }
  const byId = new Map(operations.map((op) => [op.operationId, op]));
  // Query values are text and take defaults; JSON bodies are taken as typed.
  const queryAjv = createAjv();
  const bodyAjv = createAjv({ coerce: false });
  const queryValidators = new Map<string, Validator>();
  const bodyValidators = new Map<string, Validator>();
  for (const op of operations) {
    if (op.querySchema) queryValidators.set(op.operationId, validatorOf(queryAjv.compile(op.querySchema), op.querySchema));
    if (op.bodySchema) bodyValidators.set(op.operationId, validatorOf(bodyAjv.compile(op.bodySchema), op.bodySchema));
  }
  const spec: ControlSpec = {
    document,
    operations,
    operation: (operationId) => byId.get(operationId),
    readQuery(operationId, query) {
      const read: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') read[name] = value;
      queryValidators.get(operationId)?.(read);
      return read;
    },
    validateBody(operationId, body) {
      bodyValidators.get(operationId)?.(body);
    },
  };
  cache.set(file, spec);
  return spec;
}
