// Test groups: the files of a folder run together in one process (test/groups/<name>.test.ts) instead of
// one process each. The folder decides: group <name> runs every *.test.ts under test/<name>/, and the unit
// group also the unit tests beside the code (src/**/*.test.ts); package.json's tap.exclude names those
// folders, so tap does not run their files a second time on their own. Why groups exist, and what a file
// must satisfy to join one: test/README.md.
import { readdirSync } from 'node:fs';
import { sep } from 'node:path';

const ROOT = new URL('../../', import.meta.url);

/**
 * The test files under `dir` (a folder of the repository, such as `test/api`), sorted, as repository paths:
 * every *.test.ts below it, as tap's include finds them, none in a fixtures or dist folder (tap.exclude).
 */
export function testFilesUnder(dir: string): string[] {
  return readdirSync(new URL(`${dir}/`, ROOT), { recursive: true, encoding: 'utf8' })
    .map((file) => `${dir}/${file.split(sep).join('/')}`)
    .filter((file) => file.endsWith('.test.ts') && !/\/(?:fixtures*|dist)\//.test(file))
    .sort();
}

/** The files of group `name`, sorted: those under test/<name>/, and for unit those beside the code in src/. */
export function groupFiles(name: string): string[] {
  return [...(name === 'unit' ? testFilesUnder('src') : []), ...testFilesUnder(`test/${name}`)];
}

/** Runs a group's files in this process, in order: each file's tests are the process's own top-level tests. */
export async function runGroup(name: string): Promise<void> {
  const files = groupFiles(name);
  if (files.length === 0) throw new Error(`test group ${name}: no test file under test/${name}/`);
  for (const file of files) await import(new URL(file, ROOT).href);
}
