import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { PACKAGE_ROOT } from '../package-root.js';
import { dereference, type JsonSchema } from './load.js';
import { oncePerFile } from './once-per-file.js';
import { readYaml } from './read-yaml.js';
import { createAjv, describeSchemaError } from './validate.js';

export const CONTROL_SPEC_PATH = join(PACKAGE_ROOT, 'control-plane.yaml');

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

/** Each operation's validator for one kind of input, compiled on its first use (null: no rules). */
function lazyValidators(schemaOf: (operationId: string) => JsonSchema | undefined, makeAjv: () => ReturnType<typeof createAjv>) {
  let ajv: ReturnType<typeof createAjv> | undefined;
  const made = new Map<string, Validator | null>();
  return (operationId: string): Validator | null => {
    let v = made.get(operationId);
    if (v === undefined) {
      const schema = schemaOf(operationId);
      v = schema ? validatorOf((ajv ??= makeAjv()).compile(schema), schema) : null;
      made.set(operationId, v);
    }
    return v;
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

/** The control plane's own contract, read once per process (and per file): its operations, query and body rules. */
export function loadControlSpec(file = CONTROL_SPEC_PATH): ControlSpec {
  return readControlSpecOnce(file);
}

function readControlSpec(file: string): ControlSpec {
  const document = readYaml(file) as Record<string, unknown>;
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
  // Compiled on first use: start-up pays only for the spec. Query values are text and take
  // defaults; JSON bodies are taken as typed.
  const queryValidator = lazyValidators((id) => byId.get(id)?.querySchema, () => createAjv());
  const bodyValidator = lazyValidators((id) => byId.get(id)?.bodySchema, () => createAjv({ coerce: false }));
  return {
    document,
    operations,
    operation: (operationId) => byId.get(operationId),
    readQuery(operationId, query) {
      const read: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') read[name] = value;
      queryValidator(operationId)?.(read);
      return read;
    },
    validateBody(operationId, body) {
      bodyValidator(operationId)?.(body);
    },
  };
}

const readControlSpecOnce = oncePerFile(readControlSpec);
