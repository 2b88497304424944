import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { loadControlSpec } from '../spec/control-spec.js';
import { PACKAGE_ROOT } from '../package-root.js';
import type { JsonSchema } from '../spec/load.js';
import { digestOf } from '../spec/read-yaml.js';
import { createAjv } from '../spec/validate.js';

// ajv's standalone module is CommonJS; under ESM its function sits on .default.
const standaloneCode = ((standaloneModule as unknown as { default?: unknown }).default ?? standaloneModule) as (ajv: ReturnType<typeof createAjv>, refs: Record<string, string>) => string;

/** A compiled check of one scenario file (it fills in the schema's defaults as it checks). */
export interface FixtureValidator {
  (data: unknown): boolean;
  errors?: import('ajv').ErrorObject[] | null;
}

export interface FixtureValidators {
  /** File name (apps.json) → its schema, for the messages. */
  schemas: Map<string, JsonSchema>;
  validators: Map<string, FixtureValidator>;
  /** precompiled: written as code by the build (scripts/build.ts); compiled: by ajv now. */
  source: 'precompiled' | 'compiled';
}

const SCHEMAS_DIR = join(PACKAGE_ROOT, 'fixtures', 'schemas');
export const PRECOMPILED_FILE = join(PACKAGE_ROOT, 'dist', 'validators', 'fixtures.cjs');

/** One JSON Schema per file name: fixtures/schemas/NAME.schema.json; faults.json uses the control plane's FaultInput. */
export function fixtureSchemas(): Map<string, JsonSchema> {
  const schemas = new Map<string, JsonSchema>();
  for (const file of readdirSync(SCHEMAS_DIR).filter((f) => f.endsWith('.schema.json')).sort()) {
    schemas.set(file.replace('.schema.json', '.json'), JSON.parse(readFileSync(join(SCHEMAS_DIR, file), 'utf8')) as JsonSchema);
  }
  const faultInput = (loadControlSpec().document as any).components.schemas.FaultInput as JsonSchema;
  schemas.set('faults.json', { type: 'array', items: faultInput });
  return schemas;
}

/** What the precompiled code was made from: a change to any schema makes it stale. */
function digestOfSchemas(schemas: Map<string, JsonSchema>): string {
  return digestOf(JSON.stringify([...schemas]));
}

/** The validators as a CommonJS module of code, one export per file name, and the digest they came from. */
export function precompiledSource(schemas = fixtureSchemas()): string {
  const ajv = createAjv({ coerce: false, standalone: true });
  for (const [name, schema] of schemas) ajv.addSchema(schema, name);
  const code = standaloneCode(ajv, Object.fromEntries([...schemas.keys()].map((name) => [name, name])));
  return `${code}\nexports.digest = ${JSON.stringify(digestOfSchemas(schemas))};\n`;
}

function precompiled(schemas: Map<string, JsonSchema>): Map<string, FixtureValidator> | undefined {
  if (!existsSync(PRECOMPILED_FILE)) return undefined;
  const module = createRequire(import.meta.url)(PRECOMPILED_FILE) as Record<string, FixtureValidator | string>;
  if (module.digest !== digestOfSchemas(schemas)) return undefined;
  return new Map([...schemas.keys()].map((name) => [name, module[name] as FixtureValidator]));
}

export function compiledNow(schemas: Map<string, JsonSchema>): Map<string, FixtureValidator> {
  const ajv = createAjv({ coerce: false });
  return new Map([...schemas].map(([name, schema]) => [name, ajv.compile(schema)]));
}

let loaded: FixtureValidators | undefined;

/**
 * The scenario files' validators, once per process: the build's precompiled code while it matches
 * the schemas (compiling them was a sixth of every start), else compiled by ajv now.
 */
export function fixtureValidators(): FixtureValidators {
  if (loaded) return loaded;
  const schemas = fixtureSchemas();
  const ready = precompiled(schemas);
  loaded = { schemas, validators: ready ?? compiledNow(schemas), source: ready ? 'precompiled' : 'compiled' };
  return loaded;
}
