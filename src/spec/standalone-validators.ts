import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import type { JsonSchema } from './load.js';
import { digestOf } from './read-yaml.js';
import type { createAjv } from './validate.js';

/**
 * Validators the build writes out as code (ajv standalone, one CommonJS module per set), so a
 * start compiles no schema. Each module carries the digest of the schemas it was made from and is
 * used only while that still matches, so an edited schema is compiled again, never served stale.
 */
type StandaloneCode = (ajv: ReturnType<typeof createAjv>, refs: Record<string, string>) => string;
const require = createRequire(import.meta.url);

const digestOfSchemas = (schemas: [string, JsonSchema][]) => digestOf(JSON.stringify(schemas));

/** The module's source: one export per schema key, and the digest. `ajv` is a standalone one (createAjv({ standalone: true })). */
export function standaloneSource(ajv: ReturnType<typeof createAjv>, schemas: [string, JsonSchema][]): string {
  for (const [key, schema] of schemas) ajv.addSchema(schema, key);
  // ajv's code writer is CommonJS (its function may sit on .default), and only the build needs it.
  const mod = require('ajv/dist/standalone/index.js') as { default?: StandaloneCode } & StandaloneCode;
  const code = (mod.default ?? mod)(ajv, Object.fromEntries(schemas.map(([key]) => [key, key])));
  return `${code}\nexports.digest = ${JSON.stringify(digestOfSchemas(schemas))};\n`;
}

/** The built validators for exactly these schemas; undefined when there is no build or it is stale. */
export function loadStandalone(file: string, schemas: [string, JsonSchema][]): Map<string, ValidateFunction> | undefined {
  if (!existsSync(file)) return undefined;
  const module = require(file) as Record<string, ValidateFunction | string>;
  if (module.digest !== digestOfSchemas(schemas)) return undefined;
  return new Map(schemas.map(([key]) => [key, module[key] as ValidateFunction]));
}
