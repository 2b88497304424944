import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { PACKAGE_ROOT } from '../package-root.js';
import type { LoadedSpec } from './load.js';
import { loadStandalone, standaloneSource } from './standalone-validators.js';
import { createAjv, paramSchemas } from './validate.js';

/** The operations' parameter validators as code, written by the build (scripts/build.ts). */
export const PRECOMPILED_PARAMS_FILE = join(PACKAGE_ROOT, 'dist', 'validators', 'params.cjs');

const schemasOf = (spec: LoadedSpec) => spec.operations.flatMap(paramSchemas);

export function precompiledParamsSource(spec: LoadedSpec): string {
  return standaloneSource(createAjv({ standalone: true }), schemasOf(spec));
}

/**
 * The build's validators for this spec, while they match its parameter rules (compiling them with
 * ajv was the largest part of a start); undefined when there is no build or it is stale.
 */
export function precompiledParams(spec: LoadedSpec): Map<string, ValidateFunction> | undefined {
  return loadStandalone(PRECOMPILED_PARAMS_FILE, schemasOf(spec));
}
