import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { dereference, type JsonSchema } from '../spec/load.js';
import { createAjv, describeSchemaError } from '../spec/validate.js';
import { ControlError } from './control-error.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { oncePerFile } from '../spec/once-per-file.js';
import { readYaml } from '../spec/read-yaml.js';

export const CONTROL_SPEC_PATH = join(PACKAGE_ROOT, 'control-plane.yaml');

export interface ControlOperation {
  operationId: string;
  method: string;
  /** Fastify form: /__umc/faults/:id */
  url: string;
  bodySchema?: JsonSchema;
  /** x-umc-persisted: changes the platform's state, kept by --data. */
  persisted: boolean;
}

/** The control plane's own contract: its operations and the JSON bodies they accept (read once per process). */
export function loadControlSpec(file = CONTROL_SPEC_PATH): ControlSpec {
  return readControlSpecOnce(file);
}

function readControlSpec(file: string) {
  const document = readYaml(file) as Record<string, unknown>;
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
  // Compiled on first use: start-up pays only for the spec, a body schema for the first call that sends one.
  let ajv: ReturnType<typeof createAjv> | undefined;
  const validators = new Map<string, ValidateFunction | null>();
  const validatorOf = (operationId: string): ValidateFunction | null => {
    let validate = validators.get(operationId);
    if (validate === undefined) {
      const schema = operations.find((op) => op.operationId === operationId)?.bodySchema;
      validate = schema ? (ajv ??= createAjv({ coerce: false })).compile(schema) : null;
      validators.set(operationId, validate);
    }
    return validate;
  };
  return {
    document,
    operations,
    /** Throws a 400 ControlError naming the field when the body breaks the operation's schema. */
    validateBody(operationId: string, body: unknown): void {
      const validate = validatorOf(operationId);
      if (!validate || validate(body)) return;
      throw new ControlError(describeSchemaError(validate.errors ?? [], validate.schema as JsonSchema));
    },
  };
}

export type ControlSpec = ReturnType<typeof readControlSpec>;
const readControlSpecOnce = oncePerFile(readControlSpec);
