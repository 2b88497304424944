// Every command's --help lists exactly the flags it accepts, and both commands answer --version.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';
import { APP_CREATE_FLAGS, APP_CREATE_USAGE } from '../src/cli/app-create.js';
import { EXPORT_FLAGS, EXPORT_USAGE } from '../src/cli/export-postman.js';
import { MOCK_FLAGS, USAGE as MOCK_USAGE } from '../src/cli/mock-options.js';
import { CONTRACT_FLAGS, USAGE as CONTRACT_USAGE } from '../src/contract/options.js';

const run = promisify(execFile);
const bin = (name: string) => fileURLToPath(new URL(`../bin/${name}.js`, import.meta.url));
const VERSION = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version as string;

/** The flags a usage text documents: its option column (`  -h, --help`, `  --port N`). */
function documentedFlags(usage: string): string[] {
  return [...usage.matchAll(/^ {2}(?:-(\w), )?--([\w-]+)/gm)].map((m) => (m[1] ? `${m[2]} -${m[1]}` : m[2]!)).sort();
}

function acceptedFlags(flags: object): string[] {
  return Object.entries(flags as Record<string, { short?: string }>).map(([name, flag]) => (flag.short ? `${name} -${flag.short}` : name)).sort();
}

for (const [command, usage, flags] of [
  ['umc-mock', MOCK_USAGE, MOCK_FLAGS],
  ['umc-mock app create', APP_CREATE_USAGE, APP_CREATE_FLAGS],
  ['umc-mock export postman', EXPORT_USAGE, EXPORT_FLAGS],
  ['umc-contract', CONTRACT_USAGE, CONTRACT_FLAGS],
] as const) {
  t.test(`${command} --help lists every flag it accepts, and no other`, async (t) => {
    t.same(documentedFlags(usage), acceptedFlags(flags));
  });
}

t.test('umc-mock --help names its subcommands and what --scenario takes', async (t) => {
  t.match(MOCK_USAGE, /umc-mock app create/);
  t.match(MOCK_USAGE, /umc-mock export postman/);
  t.match(MOCK_USAGE, /--scenario NAME\|PATH\s+场景：fixtures\/ 中的文件夹名，或一个场景文件夹的路径/);
  t.notMatch(MOCK_USAGE, /NAME\.json|JSON文件/, 'a scenario is a folder, not a JSON file');
  t.match(MOCK_USAGE, /至少8个字符/, 'the admin token rule');
});

t.test('--version prints the package version', async (t) => {
  for (const name of ['umc-mock', 'umc-contract']) {
    for (const flag of ['--version', '-v']) {
      const { stdout } = await run(process.execPath, [bin(name), flag]);
      t.equal(stdout, `${VERSION}\n`, `${name} ${flag}`);
    }
  }
});
