import type { ValidateFunction } from 'ajv';
import type { LoadedSpec, OperationSpec } from './load.js';
import { precompiledParams } from './precompiled-params.js';
import { compileParamValidator, createAjv, type ParamCheck } from './validate.js';

export type ParamValidator = ParamCheck;

let ajv: ReturnType<typeof createAjv> | undefined;
const compiled = new WeakMap<OperationSpec, ParamValidator>();
const precompiledBySpec = new WeakMap<LoadedSpec, Map<string, ValidateFunction> | null>();

/**
 * The parameter validators of a spec's operations, each made once and kept for the process (a
 * second mock in the same process makes none): from the build's code while it matches the spec's
 * rules, else compiled by ajv.
 */
export function paramValidators(spec: LoadedSpec): (op: OperationSpec) => ParamValidator {
  let precompiled = precompiledBySpec.get(spec);
  if (precompiled === undefined) {
    precompiled = precompiledParams(spec) ?? null;
    precompiledBySpec.set(spec, precompiled);
  }
  const code = precompiled;
  return (op) => {
    let validate = compiled.get(op);
    if (!validate) {
      validate = compileParamValidator((schema, key) => code?.get(key) ?? (ajv ??= createAjv()).compile(schema), op);
      compiled.set(op, validate);
    }
    return validate;
  };
}
