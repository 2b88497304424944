import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import type { Scenario } from '../domain/scenario.js';
import { describeSchemaError } from '../spec/validate.js';
import { fixtureValidators } from './fixture-validators.js';
import { generatePeople } from './generate-people.js';
import { PACKAGE_ROOT } from '../package-root.js';

export const FIXTURES_DIR = join(PACKAGE_ROOT, 'fixtures');

/** A scenario that cannot be loaded; the message names the file, the place in it and the fault. */
export class ScenarioError extends Error {}

/** Sections that are lists of records with an id: an extending scenario patches them by id. */
const KEYED_SECTIONS: Record<string, string> = { apps: 'appId', people: 'userId', officialAccounts: 'publicId' };

/** people.json → people, official-accounts.json → officialAccounts */
function sectionName(file: string): string {
  return basename(file, '.json').replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}

function display(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ScenarioError(`场景文件不是合法的JSON：${display(file)}：${(err as Error).message}`);
  }
}

function validateFile(file: string, data: unknown): void {
  const name = basename(file);
  const { validators, schemas } = fixtureValidators();
  const validate = validators.get(name);
  if (!validate) {
    const known = [...validators.keys()].sort().join('、');
    throw new ScenarioError(`场景目录中有未知文件：${display(file)}（可用的文件：${known}）`);
  }
  if (validate(data)) return;
  const err = (validate.errors ?? [])[0];
  const where = err ? err.instancePath || '/' : '/';
  const fault = describeSchemaError(validate.errors ?? [], schemas.get(name)!, '', '文件内容');
  throw new ScenarioError(`场景文件有误：${display(file)} 位置 ${where}：${fault}${recordNamed(file, data, where)}`);
}

/**
 * The record an error is in, by its id: what is validated is the file merged over its base, so the index
 * in the path counts the base's records too, and the id is what the person finds in their own file.
 */
function recordNamed(file: string, data: unknown, where: string): string {
  const key = KEYED_SECTIONS[sectionName(file)];
  const index = /^\/(\d+)/.exec(where)?.[1];
  if (!key || index === undefined || !Array.isArray(data)) return '';
  const id = (data[Number(index)] as Record<string, unknown> | undefined)?.[key];
  return typeof id === 'string' ? `（${key}为${id}的记录）` : '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function deepMerge(base: unknown, patch: unknown): unknown {
  if (!isRecord(base) || !isRecord(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) out[key] = key in base ? deepMerge(base[key], value) : structuredClone(value);
  return out;
}

/**
 * A section of an extending scenario over its base: records patched by id (a patched record's fields
 * replace the base's, objects inside it merged), a list of plain values (sensitive words, faults) joined
 * to the base's without repeats, objects merged (docs/scenarios.md).
 */
function overlay(section: string, base: unknown, patch: unknown): unknown {
  const key = KEYED_SECTIONS[section];
  if (key && Array.isArray(base) && Array.isArray(patch)) {
    const out = base.map((item) => structuredClone(item) as Record<string, unknown>);
    for (const item of patch as Record<string, unknown>[]) {
      const at = out.findIndex((existing) => existing[key] === item[key]);
      if (at >= 0) out[at] = deepMerge(out[at], item) as Record<string, unknown>;
      else out.push(structuredClone(item));
    }
    return out;
  }
  if (Array.isArray(base) && Array.isArray(patch)) {
    const seen = new Set(base.map((item) => JSON.stringify(item)));
    return [...structuredClone(base), ...structuredClone(patch).filter((item) => !seen.has(JSON.stringify(item)))];
  }
  return deepMerge(base, patch);
}

function scenarioDir(nameOrPath: string, from?: string): string {
  if (/[\\/]/.test(nameOrPath) || nameOrPath.startsWith('.')) return resolve(from ?? process.cwd(), nameOrPath);
  return join(FIXTURES_DIR, nameOrPath);
}

function loadFrom(dir: string, chain: string[]): Scenario {
  if (chain.includes(dir)) throw new ScenarioError(`场景的extends形成循环：${[...chain, dir].map(display).join(' → ')}`);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ScenarioError(`场景不存在：${display(dir)}`);
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const head = files.includes('scenario.json') ? (readJson(join(dir, 'scenario.json')) as Record<string, unknown>) : {};
  if (files.includes('scenario.json')) validateFile(join(dir, 'scenario.json'), head);
  const base: Record<string, unknown> = typeof head.extends === 'string' ? { ...(loadFrom(scenarioDir(head.extends, dir), [...chain, dir]) as unknown as Record<string, unknown>) } : {};
  const scenario: Record<string, unknown> = { ...base, name: basename(dir), description: undefined, ...head };
  delete scenario.extends;
  // A deployment profile (umc-contract --save-profile) is read by --profile's loader, not as data.
  if (files.includes('profile.json')) scenario.profileFile = join(dir, 'profile.json');
  for (const file of files.filter((f) => f !== 'scenario.json' && f !== 'profile.json')) {
    const section = sectionName(file);
    const data = readJson(join(dir, file));
    const merged = section in base ? overlay(section, base[section], data) : data;
    // Validate what the scenario ends up with, naming the file that shaped it.
    validateFile(join(dir, file), merged);
    scenario[section] = merged;
  }
  if (!Array.isArray(scenario.apps)) throw new ScenarioError(`场景缺少apps.json（应用列表）：${display(dir)}`);
  return scenario as unknown as Scenario;
}

/**
 * A scenario is a folder in fixtures/ (or any folder path): scenario.json holds its name,
 * description and what it extends, and every other NAME.json one section of its data, validated
 * against fixtures/schemas/NAME.schema.json at load.
 */
export function loadScenario(nameOrPath = 'default', options: { seed?: number } = {}): Scenario {
  const dir = scenarioDir(nameOrPath);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ScenarioError(`场景不存在：${nameOrPath}（可用：${listScenarios().map((s) => s.name).join('、')}，或一个场景目录的路径）`);
  }
  const scenario = loadFrom(dir, []);
  const generate = (scenario as { generate?: { people: number } }).generate;
  if (generate) {
    const existing = scenario.people ?? [];
    scenario.people = [...existing, ...generatePeople(generate.people, options.seed, new Set(existing.map((p) => p.userId)))];
  }
  return { ...scenario, source: /[\\/]/.test(nameOrPath) || nameOrPath.startsWith('.') ? dir : nameOrPath };
}

/** The scenarios shipped in fixtures/. */
export function listScenarios(): { name: string; description?: string; extends?: string }[] {
  return readdirSync(FIXTURES_DIR)
    .filter((d) => d !== 'schemas' && existsSync(join(FIXTURES_DIR, d, 'scenario.json')))
    .sort()
    .map((name) => {
      const head = readJson(join(FIXTURES_DIR, name, 'scenario.json')) as { description?: string; extends?: string };
      return { name, description: head.description, extends: head.extends };
    });
}
