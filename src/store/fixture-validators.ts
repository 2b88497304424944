import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadControlSpec } from '../spec/control-spec.js';
import { PACKAGE_ROOT } from '../package-root.js';
import type { JsonSchema } from '../spec/load.js';
import { loadStandalone, standaloneSource } from '../spec/standalone-validators.js';
import { createAjv } from '../spec/validate.js';

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

/** The validators as a CommonJS module of code, one export per file name (written by the build). */
export function precompiledSource(schemas = fixtureSchemas()): string {
  return standaloneSource(createAjv({ coerce: false, standalone: true }), [...schemas]);
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
  const ready = loadStandalone(PRECOMPILED_FILE, [...schemas]) as Map<string, FixtureValidator> | undefined;
  loaded = { schemas, validators: ready ?? compiledNow(schemas), source: ready ? 'precompiled' : 'compiled' };
  return loaded;
}
