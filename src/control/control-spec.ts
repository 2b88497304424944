import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { dereference, type JsonSchema } from '../spec/load.js';
import { createAjv, describeSchemaError } from '../spec/validate.js';
import { ControlError } from './control-error.js';

export const CONTROL_SPEC_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'control-plane.yaml');

export interface ControlOperation {
  operationId: string;
  method: string;
  /** Fastify form: /__umc/faults/:id */
  url: string;
  bodySchema?: JsonSchema;
  /** x-umc-persisted: changes the platform's state, kept by --data. */
  persisted: boolean;
}

/** The control plane's own contract: its operations and the JSON bodies they accept. */
export function loadControlSpec(file = CONTROL_SPEC_PATH) {
  const document = parse(readFileSync(file, 'utf8'));
  const resolved = dereference(document, document) as { paths: Record<string, Record<string, any>> };
  const operations: ControlOperation[] = [];
  for (const [path, item] of Object.entries(resolved.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'delete'].includes(method)) continue;
      operations.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        url: path.replace(/\{(\w+)\}/g, ':$1'),
        bodySchema: op.requestBody?.content?.['application/json']?.schema,
        persisted: op['x-umc-persisted'] === true,
      });
    }
  }
  const ajv = createAjv({ coerce: false });
  const validators = new Map<string, ValidateFunction>();
  for (const op of operations) if (op.bodySchema) validators.set(op.operationId, ajv.compile(op.bodySchema));
  return {
    document,
    operations,
    /** Throws a 400 ControlError naming the field when the body breaks the operation's schema. */
    validateBody(operationId: string, body: unknown): void {
      const validate = validators.get(operationId);
      if (!validate || validate(body)) return;
      throw new ControlError(describeSchemaError(validate.errors ?? [], validate.schema as JsonSchema));
    },
  };
}

export type ControlSpec = ReturnType<typeof loadControlSpec>;
