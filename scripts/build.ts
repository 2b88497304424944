/**
 * Writes UmcClient's types from openapi.yaml (src/client/api-types.ts, scripts/client-api-types.ts),
 * compiles the package (`tsc -p tsconfig.build.json` into dist/), stores openapi.yaml and
 * control-plane.yaml as JSON snapshots (src/spec/read-yaml.ts) and the scenario files' validators
 * and the operations' parameter validators as code (src/store/fixture-validators.ts,
 * src/spec/precompiled-params.ts), so nothing compiles TypeScript, parses YAML or
 * compiles those schemas at run time. Runs on `prepare` (npm install / npm ci) and before every tap run, where
 * it does nothing if dist/ is newer than every input; `--force` (prepack) always rebuilds. A build
 * starts from an empty dist/, so a deleted module never ships.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PACKAGE_ROOT } from '../src/package-root.js';
import { PRECOMPILED_FILE, precompiledSource } from '../src/store/fixture-validators.js';
import { loadSpec } from '../src/spec/load.js';
import { PRECOMPILED_PARAMS_FILE, precompiledParamsSource } from '../src/spec/precompiled-params.js';
import { SNAPSHOT_DIR, digestOf, parseYaml, snapshotFileOf, type YamlSnapshot } from '../src/spec/read-yaml.js';
import { API_TYPES_FILE, apiTypesSource } from './client-api-types.js';

const DIST = join(PACKAGE_ROOT, 'dist');
/** Written last: its time is the build's; dist/ without it is an unfinished build. */
const STAMP = join(DIST, '.build-stamp');
const YAML_FILES = ['openapi.yaml', 'control-plane.yaml'];
const INPUTS = ['src', 'contract-tests', 'fixtures/schemas', 'scripts/build.ts', 'scripts/client-api-types.ts', 'tsconfig.json', 'tsconfig.build.json', 'package.json', ...YAML_FILES];

/** The newest modification time under the inputs; folders count too, so a deleted file shows. */
function newestInput(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestInput(join(path, name))), stat.mtimeMs);
}

function isStale(): boolean {
  if (!existsSync(STAMP)) return true;
  const built = statSync(STAMP).mtimeMs;
  return INPUTS.some((input) => newestInput(join(PACKAGE_ROOT, input)) > built);
}

/** UmcClient's types from openapi.yaml, written only when they changed (the file is committed). */
function writeApiTypes(): void {
  const text = apiTypesSource(loadSpec());
  if (!existsSync(API_TYPES_FILE) || readFileSync(API_TYPES_FILE, 'utf8') !== text) writeFileSync(API_TYPES_FILE, text);
}

function build(): void {
  writeApiTypes();
  rmSync(DIST, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const compiled = spawnSync(process.execPath, [tsc, '-p', join(PACKAGE_ROOT, 'tsconfig.build.json')], { stdio: 'inherit', cwd: PACKAGE_ROOT });
  if (compiled.status !== 0) throw new Error(`tsc failed (exit ${compiled.status ?? compiled.signal})`);
  mkdirSync(SNAPSHOT_DIR, { recursive: true });
  for (const name of YAML_FILES) {
    const file = join(PACKAGE_ROOT, name);
    const text = readFileSync(file, 'utf8');
    const snapshot: YamlSnapshot = { source: digestOf(text), document: parseYaml(text) };
    writeFileSync(snapshotFileOf(file), JSON.stringify(snapshot));
  }
  mkdirSync(dirname(PRECOMPILED_FILE), { recursive: true });
  writeFileSync(PRECOMPILED_FILE, precompiledSource());
  writeFileSync(PRECOMPILED_PARAMS_FILE, precompiledParamsSource(loadSpec()));
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
}

if (process.argv.includes('--force') || isStale()) {
  const started = Date.now();
  build();
  console.error(`umc-kit: built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
