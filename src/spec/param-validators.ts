import { compileParamValidator, createAjv, type Params, type ValidationResult } from './validate.js';
import type { OperationSpec } from './load.js';

export type ParamValidator = (input: Params) => ValidationResult;

let ajv: ReturnType<typeof createAjv> | undefined;
const compiled = new WeakMap<OperationSpec, ParamValidator>();

/**
 * An operation's parameter validator, compiled once and kept for the process: a second mock in
 * the same process (the spec is loaded once per file, so its operations are the same objects)
 * compiles nothing.
 */
export function paramValidator(op: OperationSpec): ParamValidator {
  let validate = compiled.get(op);
  if (!validate) {
    validate = compileParamValidator((ajv ??= createAjv()), op);
    compiled.set(op, validate);
  }
  return validate;
}
