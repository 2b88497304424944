import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../domain/scenario.js';

export const FIXTURES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures');

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`场景文件不是合法的JSON：${file}：${(err as Error).message}`);
  }
}

/** people.json → people, official-accounts.json → officialAccounts */
function sectionName(file: string): string {
  return basename(file, '.json').replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/**
 * A scenario is a folder in fixtures/ (or any folder path): scenario.json holds its name and
 * description, and every other NAME.json one section of its data (apps.json → apps,
 * people.json → people, …), so each part of the platform keeps its data in its own file.
 */
export function loadScenario(nameOrPath = 'default'): Scenario {
  const dir = /[\\/]/.test(nameOrPath) ? resolve(nameOrPath) : join(FIXTURES_DIR, nameOrPath);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`场景不存在：${nameOrPath}（找不到目录 ${dir}）`);
  const scenario: Record<string, unknown> = { name: basename(dir) };
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const data = readJson(join(dir, file));
    if (file === 'scenario.json') Object.assign(scenario, data);
    else scenario[sectionName(file)] = data;
  }
  // Full JSON-Schema validation of fixtures arrives with the scenarios issue; until then a
  // scenario is trusted beyond having an apps list.
  if (!Array.isArray(scenario.apps)) throw new Error(`场景缺少apps.json（应用列表）：${dir}`);
  return scenario as unknown as Scenario;
}
