import { compileParamValidator, createAjv, type Params, type ValidationResult } from './validate.js';
import type { OperationSpec } from './load.js';

export type ParamValidator = (input: Params) => ValidationResult;

let ajv: ReturnType<typeof createAjv> | undefined;
const compiled = new WeakMap<OperationSpec, ParamValidator>();

/**
 * An operation's parameter validator, compiled on its first call and kept for the process: a
 * mock starts without compiling all 13 operations, and a second mock in the same process (the
 * spec is loaded once per file, so its operations are the same objects) compiles nothing.
 */
export function paramValidator(op: OperationSpec): ParamValidator {
  let validate = compiled.get(op);
  if (!validate) {
    validate = compileParamValidator((ajv ??= createAjv()), op);
    compiled.set(op, validate);
  }
  return validate;
}
