import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { PACKAGE_ROOT } from '../package-root.js';
import type { LoadedSpec } from './load.js';
import { digestOf } from './read-yaml.js';
import { createAjv, paramSchemas } from './validate.js';

type StandaloneCode = (ajv: ReturnType<typeof createAjv>, refs: Record<string, string>) => string;
const require = createRequire(import.meta.url);

/** The operations' parameter validators as code, written by the build (scripts/build.ts). */
export const PRECOMPILED_PARAMS_FILE = join(PACKAGE_ROOT, 'dist', 'validators', 'params.cjs');

function schemasOf(spec: LoadedSpec) {
  return spec.operations.flatMap(paramSchemas);
}

/** What the code was made from: any change to a parameter rule of openapi.yaml makes it stale. */
function digestOfSchemas(spec: LoadedSpec): string {
  return digestOf(JSON.stringify(schemasOf(spec)));
}

/** The validators as a CommonJS module of code, one export per schema key, and the digest they came from. */
export function precompiledParamsSource(spec: LoadedSpec): string {
  const ajv = createAjv({ standalone: true });
  const schemas = schemasOf(spec);
  for (const [key, schema] of schemas) ajv.addSchema(schema, key);
  // The build's only use of ajv's code writer: loaded here, not at start.
  const mod = require('ajv/dist/standalone/index.js') as { default?: StandaloneCode } & StandaloneCode;
  const code = (mod.default ?? mod)(ajv, Object.fromEntries(schemas.map(([key]) => [key, key])));
  return `${code}\nexports.digest = ${JSON.stringify(digestOfSchemas(spec))};\n`;
}

/**
 * The build's validators for this spec, while they match its parameter rules (compiling them with
 * ajv was the largest part of a start); undefined when there is no build or it is stale.
 */
export function precompiledParams(spec: LoadedSpec): Map<string, ValidateFunction> | undefined {
  if (!existsSync(PRECOMPILED_PARAMS_FILE)) return undefined;
  const module = require(PRECOMPILED_PARAMS_FILE) as Record<string, ValidateFunction | string>;
  if (module.digest !== digestOfSchemas(spec)) return undefined;
  return new Map(schemasOf(spec).map(([key]) => [key, module[key] as ValidateFunction]));
}
