import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../domain/scenario.js';

export const FIXTURES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures');

/** A scenario by name (a file in fixtures/) or by path to a JSON file. */
export function loadScenario(nameOrPath = 'default'): Scenario {
  const file = /[\\/]|\.json$/.test(nameOrPath) ? resolve(nameOrPath) : join(FIXTURES_DIR, `${nameOrPath}.json`);
  if (!existsSync(file)) throw new Error(`场景不存在：${nameOrPath}（找不到文件 ${file}）`);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`场景文件不是合法的JSON：${file}：${(err as Error).message}`);
  }
  // Full JSON-Schema validation of fixtures arrives with the scenarios issue; until then a
  // scenario is trusted beyond being a JSON object with an apps list.
  if (typeof data !== 'object' || data === null || !Array.isArray((data as Scenario).apps)) {
    throw new Error(`场景文件缺少apps列表：${file}`);
  }
  return data as Scenario;
}
